"""``accord run``: play a negotiation between strategies and show its transcript."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from accord.cli.common import SCENARIO_HELP, console, fail, json_mode, load, print_json
from accord.cli.reports import PlotlyOpt, ReportOpt, ViewOpt, viewer, wanted, write
from accord.defaults import DEFAULT_MEDIATOR, DEFAULT_PARTY, DEFAULT_PROTOCOL

if TYPE_CHECKING:
    from accord.engine.metrics import RunMetrics
    from accord.engine.runner import Run

STRATEGY_HELP = (
    "PARTY=NAME(k=v,...) for one seat (a negotiating party or the mediator), or NAME(k=v,...) for "
    "every negotiating party; repeatable. Unset parties play "
    f"{DEFAULT_PARTY} (linear concession at a seeded rate, priorities overstated to the mediator); the mediator "
    f"plays {DEFAULT_MEDIATOR}. See the registered names with --list-strategies."
)


def _parse_options(options: list[str]) -> dict[str, Any]:
    import ast

    out: dict[str, Any] = {}
    for item in options:
        key, sep, raw = item.partition("=")
        if not sep or not key.strip():
            fail(f"--option expects KEY=VALUE (found {item!r})")
        value: Any
        low = raw.strip().lower()
        if low in ("true", "false"):
            value = low == "true"
        elif low in ("none", "null", ""):
            value = None
        else:
            try:
                value = ast.literal_eval(raw.strip())
            except (ValueError, SyntaxError):
                value = raw.strip()
        out[key.strip()] = value
    return out


def _list_strategies() -> None:
    from rich.table import Table

    from accord.engine.strategies import infos

    table = Table(title="Registered strategies", title_justify="left", show_lines=True)
    table.add_column("name", no_wrap=True)  # what is typed after --strategy: never cut
    table.add_column("kind / roles / protocols", overflow="fold")
    table.add_column("parameters and description", overflow="fold", ratio=1)
    for meta in infos():
        params = "\n".join(f"{p.name}={p.default!r}: {p.doc}" for p in meta.params)
        aliases = "".join(
            f"\nalias {a} = {meta.name}({', '.join(f'{k}={v}' for k, v in fixed.items())})"
            for a, fixed in meta.aliases.items()
        )
        table.add_row(
            meta.name + "".join(f"\n[dim]{a}[/]" for a in meta.aliases),
            f"{meta.kind}\n{', '.join(sorted(meta.roles))}\n{', '.join(sorted(meta.protocols))}",
            meta.description + aliases + ("\n" + params if params else ""),
        )
    console().print(table)


def show(result: Run, metrics: RunMetrics, seat: str | None, *, transcript: bool) -> None:
    """Print a run: concise by default, the full transcript with ``transcript``; ``seat``'s view if given."""
    if transcript:
        from accord.engine.transcript import render_transcript

        console().print(render_transcript(result, metrics))
        return
    from accord.cli.run_view import concise_run

    console().print(concise_run(result, metrics, seat))


def run(
    scenario: Annotated[str, typer.Argument(help=SCENARIO_HELP)] = "abu-dhabi-2026",
    protocol: Annotated[
        str, typer.Option("--protocol", "-p", help="saop, single-text, phased, or an installed one.")
    ] = DEFAULT_PROTOCOL,
    strategy: Annotated[list[str] | None, typer.Option("--strategy", "-s", help=STRATEGY_HELP)] = None,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the strategies' randomness.")] = 0,
    rounds: Annotated[
        int | None,
        typer.Option("--rounds", help="Deadline in rounds, or rounds a day for talks held by day (phased)."),
    ] = None,
    option: Annotated[
        list[str] | None,
        typer.Option("--option", "-o", help="A protocol setting KEY=VALUE, e.g. stop_on_unanimity=false."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON (errors too).")] = False,
    transcript: Annotated[
        bool, typer.Option("--transcript", help="Print every text and answer (the analyst's full transcript).")
    ] = False,
    log: Annotated[Path | None, typer.Option("--log", help="Write the event log (JSON lines) to this file.")] = None,
    list_strategies: Annotated[
        bool, typer.Option("--list-strategies", help="List the registered strategies and exit.")
    ] = False,
    runs: Annotated[
        int,
        typer.Option("--runs", min=1, help="Play this many seeded runs (seeds SEED, SEED+1, ...) and summarise them."),
    ] = 1,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs",
            "-j",
            min=1,
            help="Processes for --runs (default: every available core from --runs 100 on, else 1).",
        ),
    ] = None,
    days: Annotated[
        int | None,
        typer.Option("--days", min=1, help="Days of talks (default: the scenario's calendar); more days, more rounds."),
    ] = None,
    report: ReportOpt = None,
    view: ViewOpt = None,
    plotly_js: PlotlyOpt = "inline",
) -> None:
    """Run a negotiation and print, per day, what changed, who accepts and the gap; then how it ended.

    With no arguments: the phased, US-mediated talks of the abu-dhabi-2026 scenario, the
    same talks as accord.simulate(scenario) in Python. With --runs N: N seeded runs and
    the distribution of their outcomes (agreement by day, frequent deals, utilities), drawn
    in HTML with --report.
    """
    json_mode(as_json)
    if list_strategies:
        _list_strategies()
        return
    from accord.engine.record import write_log
    from accord.engine.runner import simulate
    from accord.errors import AccordError

    s = load(scenario)
    viewer_id = viewer(s, view)
    if viewer_id is not None and transcript:
        fail("--transcript is the analyst's record (every party's utilities); with --party the party's view is shown")
    if viewer_id is not None and log is not None:
        fail("--log writes the run's whole record (confidential reports included); it cannot go with --party")
    config = _parse_options(option or [])
    if rounds is not None or days is not None:
        from accord.engine.protocols.base import get_protocol

        try:
            by_day = get_protocol(protocol).capabilities.days
        except AccordError as e:
            fail(e)
        if rounds is not None:
            config["rounds_per_day" if by_day else "n_rounds"] = rounds
        if days is not None and by_day:
            config["days"] = days
        elif days is not None:
            config["n_rounds"] = days * int(config.get("rounds_per_day") or rounds or s.calendar.rounds_per_day)
    strategies: dict[str, str] = {}
    default_party = DEFAULT_PARTY
    for item in strategy or []:
        seat, sep, spec = item.partition("=")
        if sep and "(" not in seat:
            strategies[seat.strip()] = spec.strip()
        else:
            default_party = item.strip()
    if runs > 1:
        if log is not None or transcript:
            fail("--log and --transcript describe one run; leave them out with --runs")
        _many(s, protocol, strategies, config, default_party, seed, runs, jobs, as_json, report, viewer_id, plotly_js)
        return
    try:
        result = simulate(
            s,
            protocol=protocol,
            strategies=strategies,
            config=config,
            seed=seed,
            default_party=default_party,
            default_mediator=DEFAULT_MEDIATOR,
        )
        metrics = result.metrics()
        if log is not None:
            write_log(log, s, result.events)
    except AccordError as e:
        fail(e)
    except OSError as e:
        fail(f"cannot write the event log {log}: {e.strerror or e}")
    if wanted(report, view):
        from accord.report import write_run_report

        write(report, lambda: write_run_report(result, report, party=viewer_id, seed=seed), plotly_js)
    if as_json and viewer_id is not None:
        from accord.cli.run_view import party_metrics

        print_json({**party_metrics(result, metrics, viewer_id), "seed": seed})
        return
    if as_json:
        doc = {
            "scenario": s.id,
            "protocol": result.protocol,
            "seed": seed,
            "strategies": dict(result.strategies),
            "config": config,
            "events": len(result.events),
            "wall_s": round(result.wall_s, 6),
            **metrics.to_dict(s),
        }
        print_json(doc)
        return
    show(result, metrics, viewer_id, transcript=transcript)
    if log is not None:
        console(stderr=True).print(f"event log written to {log}", markup=False)


def _many(
    s: Any,
    protocol: str,
    strategies: dict[str, str],
    config: dict[str, Any],
    default_party: str,
    seed: int,
    runs: int,
    jobs: int | None,
    as_json: bool,
    report: Path | None = None,
    viewer_id: str | None = None,
    plotly_js: str = "inline",
) -> None:
    """Play ``runs`` seeded runs and print the distribution of their outcomes (``viewer_id``: its view)."""
    import sys

    from accord.engine.batch import default_jobs, play_runs
    from accord.errors import AccordError

    bar: Any = None
    task: Any = None
    if not as_json and sys.stderr.isatty():
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        bar = Progress(
            TextColumn("runs"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=console(stderr=True)
        )

    def done(n: int, total: int) -> None:
        nonlocal task
        if bar is None:
            return
        if task is None:
            bar.start()
            task = bar.add_task("runs", total=total)
        bar.update(task, completed=n)

    try:
        dist = play_runs(
            s,
            seeds=range(seed, seed + runs),
            protocol=protocol,
            strategies=strategies,
            config=config,
            default_party=default_party,
            default_mediator=DEFAULT_MEDIATOR,
            jobs=default_jobs(runs) if jobs is None else jobs,
            on_done=done,
        )
    except AccordError as e:
        fail(e)
    finally:
        if bar is not None:
            bar.stop()
    if report is not None:
        from accord.report import write_runs_report

        write(report, lambda: write_runs_report(s, dist, report, party=viewer_id), plotly_js)
    shown = dist if viewer_id is None else dist.seen_by(viewer_id)
    if as_json:
        doc = {**shown.to_dict(s), "seed": seed, "strategies": {"default": default_party, **strategies}}
        print_json(doc if viewer_id is None else {**doc, "party": viewer_id})
        return
    from accord.engine.runs_view import render_distribution

    if viewer_id is not None:
        console().print(f"{s.party(viewer_id).name}'s view: the runs' results and its own utilities only", markup=False)
    console().print(render_distribution(s, shown))
