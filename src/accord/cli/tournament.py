"""``accord tournament run | report | equilibria | export``: compare strategies at scale.

``run CONFIG`` plays a tournament (serially, in local processes, or on a Dask cluster),
storing each batch as it completes in a SQLite file next to the configuration; running
it again resumes where it stopped. ``report`` prints the leaderboard and the
strategy-vs-strategy table (and writes an HTML report with ``--html``); ``equilibria``
the meta-game between the strategies; ``export`` writes one row per negotiation to CSV
or Parquet.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from accord.cli.common import JsonOpt, cannot_write, console, fail, json_mode, print_json
from accord.cli.reports import PlotlyOpt

if TYPE_CHECKING:
    from rich.table import Table

    from accord.tournament.records import Record
    from accord.tournament.scores import Breakdown, Leaderboard, PairMatrix

app = typer.Typer(
    name="tournament",
    help="Tournaments: every strategy against every other, on many scenarios, in every role.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
)

_RESULTS_HELP = "The results file (.sqlite), or the tournament's configuration file (its results file is used)."
_METRIC_HELP = "Score to rank by: utility, advantage, welfare, nash_product, agreement, pareto_distance."


def results_path(config_path: Path) -> Path:
    """Where the results of a configuration file go by default: beside it, as ``.sqlite``."""
    return config_path.with_suffix(".sqlite")


def _results_of(path: Path) -> Path:
    if path.suffix.lower() in (".toml", ".json"):
        return results_path(path)
    return path


def _stored_records(results: Path) -> list[Record]:
    """Every negotiation stored in a results file (or the results file of a configuration)."""
    from accord.tournament.store import ResultStore

    with ResultStore(_results_of(results), readonly=True) as store:
        return store.records()


@app.command("run")
def run(
    config: Annotated[Path, typer.Argument(help="The tournament's configuration (.toml or .json).")],
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Results file (default: CONFIG with suffix .sqlite).")
    ] = None,
    dask: Annotated[
        str | None,
        typer.Option("--dask", help="Play on a Dask cluster: a scheduler address (tcp://host:8786) or 'local'."),
    ] = None,
    processes: Annotated[
        int | None,
        typer.Option(
            "--processes", "-j", min=1, help="Worker processes (default: one per CPU; with --dask local, workers)."
        ),
    ] = None,
    serial: Annotated[bool, typer.Option("--serial", help="Play in this process, one negotiation at a time.")] = False,
    restart: Annotated[bool, typer.Option("--restart", help="Discard stored results and start afresh.")] = False,
    batch_size: Annotated[
        int | None, typer.Option("--batch-size", min=1, help="Negotiations per batch (default: from the size).")
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar and no leaderboard.")] = False,
    by: Annotated[str, typer.Option("--by", help=_METRIC_HELP)] = "advantage",
    traces: Annotated[
        bool,
        typer.Option("--traces", help="Keep every negotiation's event log (accord replay RESULTS --negotiation N)."),
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """Play a tournament; an interrupted one resumes when run again (Ctrl-C keeps what finished)."""
    json_mode(as_json)
    quiet = quiet or as_json
    from accord.errors import AccordError
    from accord.tournament.backends import make_backend
    from accord.tournament.config import load_config
    from accord.tournament.runner import prepare, run_tournament
    from accord.tournament.scores import METRICS, report
    from accord.tournament.store import ResultStore

    err = console(stderr=True)
    if by not in METRICS:
        fail(f"unknown score {by!r} for --by; scores are {', '.join(METRICS)}")
    try:
        cfg = load_config(config)
        if batch_size is not None:
            cfg = cfg.replace(batch_size=batch_size)
        ready = prepare(cfg, traces=traces)
        target = out if out is not None else results_path(config)
        with make_backend(dask=dask, processes=processes, serial=serial) as backend:
            if not quiet:
                err.print(
                    f"[bold]{cfg.name}[/]: {len(ready.plan):,} negotiations "
                    f"({len(cfg.strategies)} strategies, {len(cfg.scenarios)} scenarios, "
                    f"{cfg.repetitions} repetition{'s' if cfg.repetitions != 1 else ''}) on {backend.describe()}"
                )
            with _ProgressBar(disabled=quiet) as hook:
                summary = run_tournament(cfg, target, backend=backend, restart=restart, progress=hook, prepared=ready)
    except AccordError as e:
        fail(e)
    except OSError as e:
        cannot_write("the results", out if out is not None else results_path(config), e)
    except KeyboardInterrupt:
        err.print("[yellow]stopped[/]: run the same command again to resume.")
        raise typer.Exit(130) from None
    done = summary.already_done + summary.played
    if summary.interrupted:
        err.print(
            f"[yellow]stopped[/]: {done:,} of {summary.planned:,} negotiations are stored in {target}; "
            "run the same command again to resume."
        )
        raise typer.Exit(130)
    if as_json:
        with ResultStore(target, readonly=True) as store:
            records = store.records()
        print_json(
            {
                "name": cfg.name,
                "results": str(target),
                "planned": summary.planned,
                "played": summary.played,
                "already_done": summary.already_done,
                "wall_s": round(summary.wall_s, 3),
                "leaderboard": report(records, name=cfg.name, by=by).leaderboard.as_dicts(),
            }
        )
        return
    if quiet:
        return
    if summary.played == 0:
        err.print(f"nothing to play: all {summary.planned:,} negotiations are stored in {target}")
    else:
        err.print(f"{summary.played:,} played in {summary.wall_s:.1f} s ({summary.rate:,.0f}/s); stored in {target}")
    try:
        with ResultStore(target, readonly=True) as store:
            records = store.records()
    except AccordError as e:
        fail(e)
    console().print(leaderboard_table(report(records, name=cfg.name, by=by).leaderboard))


class _ProgressBar:
    """A Rich progress bar on stderr (count, rate, elapsed, time remaining), or nothing.

    Used as a context manager; the object itself is the runner's progress hook.
    """

    def __init__(self, *, disabled: bool) -> None:
        self._disabled = disabled
        self._bar: Any = None
        self._task: Any = None

    def __enter__(self) -> _ProgressBar:
        if self._disabled:
            return self
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        self._bar = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[rate]:>9}"),
            TimeElapsedColumn(),
            TextColumn("eta"),
            TimeRemainingColumn(),
            console=console(stderr=True),
        )
        self._bar.start()
        return self

    def __call__(self, completed: int, total: int) -> None:
        bar = self._bar
        if bar is None:
            return
        if self._task is None:
            self._task = bar.add_task("negotiations", total=total, completed=completed, rate="")
            return
        bar.advance(self._task, completed)
        speed = bar.tasks[0].speed
        if speed:
            bar.update(self._task, rate=f"{speed:,.0f}/s")

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.stop()


_COLUMNS = (
    ("utility", "utility"),
    ("advantage", "advantage"),
    ("welfare", "welfare"),
    ("nash_product", "Nash"),
    ("agreement", "agreed"),
    ("pareto_distance", "off Pareto"),
)


def leaderboard_table(board: Leaderboard) -> Table:
    """The leaderboard as a Rich table: each score's mean ± the half-width of its interval."""
    from rich.table import Table

    same_n = len({row.n for row in board.rows}) <= 1
    any_errors = any(row.errors for row in board.rows)
    n_note = f"; {board.rows[0].n} results each" if same_n and board.rows else ""
    table = Table(
        title=f"Leaderboard by {board.by} (mean ± {board.confidence:.0%} {board.method}{n_note})",
        title_justify="left",
        show_edge=False,
        caption="Nash: Nash product; off Pareto: distance of the result to the Pareto frontier",
        caption_justify="left",
    )
    table.add_column("#", justify="right")
    table.add_column("strategy", no_wrap=True)
    if not same_n:
        table.add_column("n", justify="right")
    for _, header in _COLUMNS:
        table.add_column(header, justify="right", overflow="fold", min_width=6)
    if any_errors:
        table.add_column("errors", justify="right")
    for row in board.rows:
        cells = []
        for metric, _ in _COLUMNS:
            e = row.scores.get(metric)
            cells.append("—" if e is None else f"{e.mean:.3f}\n[dim]±{(e.high - e.low) / 2:.3f}[/]")
        table.add_row(
            str(row.rank),
            row.strategy,
            *([] if same_n else [str(row.n)]),
            *cells,
            *([str(row.errors)] if any_errors else []),
        )
    return table


def matrix_table(matrix: PairMatrix) -> Table:
    from rich.table import Table

    table = Table(title=f"Mean {matrix.metric} of the row strategy against the column strategy", title_justify="left")
    table.add_column("", no_wrap=True)
    for s in matrix.strategies:
        table.add_column(s, justify="right", overflow="fold")
    for s, row in zip(matrix.strategies, matrix.values, strict=True):
        table.add_row(s, *("—" if v is None else f"{v:.3f}" for v in row))
    return table


def breakdown_table(b: Breakdown) -> Table:
    from rich.table import Table

    table = Table(title=f"Mean {b.metric} per {b.key}", title_justify="left", show_edge=False)
    table.add_column("strategy", overflow="fold")
    for g in b.groups:
        table.add_column(g, justify="right", overflow="fold")
    for s, row in zip(b.strategies, b.values, strict=True):
        table.add_row(s, *("—" if v is None else f"{v:.3f}" for v in row))
    return table


@app.command("report")
def report_cmd(
    results: Annotated[Path, typer.Argument(help=_RESULTS_HELP)],
    by: Annotated[str, typer.Option("--by", help=_METRIC_HELP)] = "advantage",
    matrix: Annotated[str | None, typer.Option("--matrix", help="Score in the pair table (default: --by).")] = None,
    confidence: Annotated[float, typer.Option("--confidence", min=0.5, max=0.999, help="Interval level.")] = 0.95,
    html: Annotated[
        Path | None, typer.Option("--html", help="Also write an HTML report (Plotly) to this file.")
    ] = None,
    breakdown: Annotated[
        list[str] | None,
        typer.Option("--breakdown", help="Also print the score per 'scenario' or per 'role' (repeatable)."),
    ] = None,
    as_json: JsonOpt = False,
    plotly_js: PlotlyOpt = "inline",
) -> None:
    """Print the leaderboard (means with confidence intervals) and the strategy-vs-strategy table."""
    json_mode(as_json)
    from accord.errors import AccordError
    from accord.tournament.scores import report
    from accord.tournament.store import ResultStore

    path = _results_of(results)
    try:
        with ResultStore(path, readonly=True) as store:
            records = store.records()
            stored = store.stored_config() or {}
            planned = store.planned()
        if not records:
            fail(f"{path} holds no results yet")
        data = report(
            records,
            name=str(stored.get("name", path.stem)),
            by=by,
            matrix_metric=matrix,
            confidence=confidence,
            config=stored,
        )
    except AccordError as e:
        fail(e)
    if as_json:
        print_json(
            {
                "name": data.name,
                "summary": data.summary,
                "planned": planned,
                "interval": {"confidence": confidence, "method": data.leaderboard.method},
                "leaderboard": data.leaderboard.as_dicts(),
                "matrix": {
                    "metric": data.matrix.metric,
                    "strategies": list(data.matrix.strategies),
                    "values": [list(r) for r in data.matrix.values],
                },
                "breakdowns": {b.key: b.as_dict() for b in data.breakdowns},
                "metagame": data.metagame.to_dict() if data.metagame is not None else {"note": data.metagame_note},
            }
        )
    else:
        out = console()
        s = data.summary
        ends = ", ".join(f"{k} {v:,}" for k, v in s["ends"].items() if v)
        done = f"{s['negotiations']:,}" + (f" of {planned:,}" if planned else "")
        out.print(f"[bold]{data.name}[/]: {done} negotiations; {ends}; mean rounds {s['mean_rounds']:.1f}")
        out.print(leaderboard_table(data.leaderboard))
        out.print(matrix_table(data.matrix))
        for key in breakdown or []:
            chosen = [b for b in data.breakdowns if b.key == key]
            if not chosen:
                fail(f"--breakdown is 'scenario' or 'role' (found {key!r})")
            out.print(breakdown_table(chosen[0]))
    if html is not None:
        from accord.cli.reports import write
        from accord.report.tournament import write_tournament_report

        write(html, lambda: write_tournament_report(data, html), plotly_js)


@app.command("equilibria")
def equilibria_cmd(
    results: Annotated[Path, typer.Argument(help=_RESULTS_HELP)],
    metric: Annotated[str, typer.Option("--metric", help="Payoff: utility, advantage, welfare, ...")] = "utility",
    horizon: Annotated[float, typer.Option("--horizon", min=0.0, help="Replicator dynamics: how long to run.")] = 100.0,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON (for scripts) instead of tables.")] = False,
) -> None:
    """The meta-game between the strategies: Nash equilibria, replicator dynamics, regret (needs Nashpy)."""
    from accord.errors import AccordError
    from accord.tournament.metagame import metagame

    try:
        game = metagame(_stored_records(results), metric=metric, horizon=horizon)
    except AccordError as e:
        fail(e)
    if as_json:
        print_json(game.to_dict())
        return
    from accord.cli.metagame_view import print_metagame

    print_metagame(game)


@app.command("export")
def export_cmd(
    results: Annotated[Path, typer.Argument(help=_RESULTS_HELP)],
    out: Annotated[Path, typer.Argument(help="The file to write: .csv or .parquet.")],
    fmt: Annotated[str | None, typer.Option("--format", help="csv or parquet (default: from OUT's suffix).")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Write one row per negotiation (per-seat fields numbered) to CSV or Parquet."""
    json_mode(as_json)
    from accord.errors import AccordError
    from accord.tournament.store import export

    try:
        records = _stored_records(results)
        written = export(records, out, fmt=fmt)
    except AccordError as e:
        fail(e)
    except OSError as e:
        cannot_write("the export", out, e)
    if as_json:
        print_json({"wrote": str(written), "rows": len(records)})
        return
    console(stderr=True).print(f"wrote {len(records):,} negotiations to {written}")
