"""``accord analyze``: the frontier, the zone of agreement, the solutions, the sticking points."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from accord.cli.common import SCENARIO_HELP, console, fail, json_mode, load, print_json
from accord.cli.reports import PlotlyOpt, ReportOpt, ViewOpt, viewer, wanted, write

if TYPE_CHECKING:
    from rich.console import RenderableType

    from accord.analysis import Analysis, Solution
    from accord.analysis.budget import Bounded

WORK_BUDGET = 2_000_000  # accord.analysis.budget.DEFAULT_WORK, without importing the analysis at start-up


def analyze(
    scenario: Annotated[str, typer.Argument(help=SCENARIO_HELP)] = "abu-dhabi-2026",
    as_json: Annotated[
        bool, typer.Option("--json", help="Print JSON (for scripts) instead of tables; errors too.")
    ] = False,
    party: Annotated[
        list[str] | None,
        typer.Option("--parties", help="Analyse for these parties (repeat; default: the negotiators)."),
    ] = None,
    mediator: Annotated[
        bool, typer.Option("--mediator", help="Count the mediator's own preferences as a party's.")
    ] = False,
    seed: Annotated[int, typer.Option("--seed", help="Seed for sampling when a space is too large to enumerate.")] = 0,
    report: ReportOpt = None,
    view: ViewOpt = None,
    uncertainty: Annotated[
        bool,
        typer.Option(
            "--uncertainty",
            help="Analyse the scenario's uncertain parameters instead: the probability that a zone exists, "
            "each package's chance that all accept, the most robust packages, how the Nash package moves "
            "(with --party: that delegation's view and beliefs).",
        ),
    ] = False,
    samples: Annotated[
        int, typer.Option("--samples", min=1, help="Monte Carlo draws when the distributions cannot be enumerated.")
    ] = 10_000,
    plotly_js: PlotlyOpt = "inline",
    exact: Annotated[
        bool,
        typer.Option(
            "--exact",
            help="Always compute the exact frontier (with 3+ parties a very large one is otherwise an "
            "ε-frontier, with ε stated).",
        ),
    ] = False,
    work_budget: Annotated[
        int,
        typer.Option(
            "--work-budget",
            min=0,
            help="Work units (frontier merge candidates; 64 package evaluations each) the steps after the "
            "frontier may spend; a result they cannot finish is given as bounds and listed as bounded. "
            "0: no limit (exact, however long it takes).",
        ),
    ] = WORK_BUDGET,
) -> None:
    """Analyse a scenario: Pareto frontier, zone of possible agreement, bargaining solutions
    (Nash, Kalai–Smorodinsky, egalitarian, utilitarian) and the sticking points, ranked."""
    json_mode(as_json)
    import numpy as np

    from accord.analysis import analyze as run_analysis
    from accord.errors import AccordError

    if uncertainty:
        from accord.cli.uncertainty import show_uncertainty

        show_uncertainty(scenario, party or None, view, samples, seed, as_json, report)
        return
    s = load(scenario)
    seat = viewer(s, view)
    if seat is not None:
        from accord.cli.party_view import print_party_analysis

        if wanted(report, view):
            from accord.report import write_analysis_report

            write(report, lambda: write_analysis_report(s, report, None, party=seat, seed=seed), plotly_js)
        print_party_analysis(s, seat, as_json=as_json)
        return
    try:
        result = run_analysis(
            s,
            party or None,
            include_mediator=mediator,
            rng=np.random.default_rng(seed),
            exact=exact,
            work=work_budget or None,
        )
    except AccordError as e:
        fail(e)
    if wanted(report, view):
        from accord.report import write_analysis_report

        write(report, lambda: write_analysis_report(s, report, result, party=view, seed=seed), plotly_js)
    if as_json:
        doc = result.to_dict()
        doc["bounded"] = [{**b.to_dict(), "full_result": _how_to_lift(b)} for b in result.bounded]
        print_json(doc)
        return
    out = console()
    for part in _views(result):
        out.print(part)


def _views(a: Analysis) -> list[RenderableType]:
    from rich.markup import escape
    from rich.table import Table
    from rich.text import Text

    parts: list[RenderableType] = []
    head = Text()
    head.append(a.name, style="bold")
    head.append(f"  ({a.scenario})\n", style="dim")
    head.append(f"parties: {', '.join(a.parties)} · {a.space_size:,} possible packages\n")
    f, acc = a.frontier, a.acceptable
    approx = (
        ""
        if f.exact
        else f" (approximate: ε-frontier, ε = {f.epsilon:.3g})"
        if f.epsilon
        else " (approximate: sampled)"
    )
    head.append(
        f"Pareto frontier: {f.n_outcomes:,} packages ({f.n_points:,} distinct utility vectors){approx}; "
        f"acceptable to all: {acc.n_outcomes:,}\n"
    )
    z = a.zopa
    if z.exact:
        frac = z.fraction or 0.0
        head.append(f"zone of possible agreement: {z.low:,} packages ({frac:.2%} of the space), {z.method}")
    else:
        lo, hi = z.fraction_bounds
        est = f"; sampled estimate {z.estimate:.2%}" if z.estimate is not None else ""
        head.append(f"zone of possible agreement: between {z.low:,} and {z.high:,} packages ({lo:.2%}–{hi:.2%}){est}")
    parts.append(head)
    for b in a.bounded:
        parts.append(Text(f"bounded: {b.step}: {b.detail}. {_how_to_lift(b)}", style="yellow"))

    issues = [iss.name for iss in a.frontier.space.issues]
    packages = [(name, sol) for name, sol in a.solutions.items()]
    parts.append(_packages("Bargaining solutions (acceptable frontier)", packages, issues, a.parties))
    for name, reason in a.undefined.items():
        parts.append(Text(f"{name}: {reason}", style="dim"))
    if z.representatives:
        reps = [(r.name, r) for r in z.representatives]
        parts.append(_packages("Packages in the zone of possible agreement", reps, issues, a.parties))

    if a.sticking_points:
        st = Table(title="Sticking points (biggest obstacle first)", title_justify="left")
        for col in ("rank", "issue", "relief", "opposition"):
            st.add_column(col, justify="right" if col != "issue" else "left")
        for pid in a.parties:
            st.add_column(f"{pid} wants")
        for sp in a.sticking_points:
            opp = "—" if sp.opposition is None else f"{sp.opposition:.3f}"
            issue = escape(sp.issue) + (" [red](blocked by red lines)[/]" if sp.blocked else "")
            relief = f"{sp.relief:.3f}" if sp.relief_high is None else f"{sp.relief:.3f}–{sp.relief_high:.3f}"
            st.add_row(str(sp.rank), issue, relief, opp, *(escape(sp.favourite.get(p, "—")) for p in a.parties))
        parts.append(st)
        parts.append(
            Text(
                "relief: rise in the best package's smallest surplus over no-deal if the issue were set aside; "
                "opposition: smallest concession the most-conceding party must make on the issue.",
                style="dim",
            )
        )
    return parts


def _how_to_lift(b: Bounded) -> str:
    """How to get the exact result of a bounded step, naming only options ``accord analyze`` has."""
    if b.option is not None:
        return f"For the exact result, run again with {b.option} (it may take long)."
    if b.liftable:
        return "For the exact result, run again with --work-budget 0 (no limit; it may take long)."
    return "No option of accord analyze gives the exact result at this size."


def _packages(
    title: str, packages: list[tuple[str, Solution]], issues: list[str], parties: tuple[str, ...]
) -> RenderableType:
    """One column per package, on the issues where the packages differ; what they share said once above."""
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    merged: dict[tuple[int, ...], tuple[list[str], Solution]] = {}
    for name, sol in packages:  # the same package under several names: one column
        merged.setdefault(tuple(sol.outcome), ([], sol))[0].append(name.replace("_", " "))
    packages = [(" = ".join(names), sol) for names, sol in merged.values()]
    shared = [issue for issue in issues if len({str(sol.package[issue]) for _, sol in packages}) == 1]
    table = Table(title=title, title_justify="left", show_lines=False)
    from rich.markup import escape

    table.add_column("", no_wrap=True)
    for name, _ in packages:
        table.add_column(name)
    for issue in issues:
        if issue not in shared:
            table.add_row(escape(issue), *(escape(str(sol.package[issue])) for _, sol in packages))
    for i, pid in enumerate(parties):
        table.add_row(
            f"[bold]{pid}[/]", *(f"{sol.utilities[pid]:.3f}" for _, sol in packages), end_section=i == len(parties) - 1
        )
    parts: list[RenderableType] = [table]
    if shared and packages:
        first = packages[0][1].package
        parts.append(Text("all of them: " + "; ".join(f"{issue} {first[issue]}" for issue in shared), style="dim"))
    return Group(*parts)
