"""``accord levers``, ``accord whatif``, ``accord evaluate``: what would open a deal, and a draft's chances.

Each takes ``--party NAME`` to work from that delegation's view (its own preferences and its
beliefs about the others, never their true ones), ``--json`` and ``--report FILE.html``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from accord.cli.common import SCENARIO_HELP, JsonOpt, console, fail, json_mode, load, print_json
from accord.cli.reports import ReportOpt, write

if TYPE_CHECKING:
    from accord.model.scenario import Scenario


PartyOpt = Annotated[
    str | None,
    typer.Option(
        "--party",
        help="Work from this delegation's view: its own preferences and its beliefs about the others "
        "(\\[beliefs.PARTY.OTHER] in the scenario), never their true preferences.",
    ),
]
PackageOpt = Annotated[
    str | None,
    typer.Option("--package", help="A package as ISSUE=OPTION,ISSUE=OPTION,... (one option per issue)."),
]


def viewed(spec: str, party: str | None) -> Scenario:
    """The scenario, or the view of ``party`` when given (errors end the command cleanly)."""
    from accord.errors import AccordError

    s = load(spec)
    if party is None:
        return s
    from accord.analysis.viewpoint import party_view

    try:
        return party_view(s, party)
    except AccordError as e:
        fail(e)


def emit(
    report: Path | None, draw: str, args: tuple[object, ...], party: str | None, as_json: bool, data: Callable[[], Any]
) -> bool:
    """Write the report (``accord.report.levers.<draw>(scenario, path, *args)``) when asked, print
    the JSON when asked; True when the command's output is done."""
    if report is not None:
        import accord.report.levers as reports

        path: Path = report
        scenario, *rest = args
        write(path, lambda: getattr(reports, draw)(scenario, path, *rest, party=party))
    if as_json:
        print_json(data())
        return True
    return False


def parse_package(scenario: Scenario, text: str) -> tuple[int, ...]:
    """``territory=freeze_current_line,recognition=...`` -> option indices (clean exit on a mistake)."""
    from accord.errors import ModelError

    values: dict[str, str] = {}
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        if "=" not in part:
            fail(f"--package: {part!r} is not ISSUE=OPTION (expected e.g. territory=demilitarised_zone)")
        key, value = (x.strip() for x in part.split("=", 1))
        values[key] = value
    try:
        return scenario.space.from_values(values)
    except ModelError as e:
        fail(f"--package: {e}")


def levers(
    scenario: Annotated[str, typer.Argument(help=SCENARIO_HELP)] = "abu-dhabi-2026",
    runs: Annotated[
        int, typer.Option("--runs", min=0, help="Also simulate N runs per lever (seeds 0..N-1) for the agreement rate.")
    ] = 0,
    protocol: Annotated[str, typer.Option("--protocol", "-p", help="Protocol of the simulated runs.")] = "phased",
    pairs: Annotated[bool, typer.Option("--pairs/--no-pairs", help="Also rank every pair of levers.")] = True,
    as_json: JsonOpt = False,
    party: PartyOpt = None,
    report: ReportOpt = None,
) -> None:
    """Rank the scenario's levers (actions outside the table) and pairs of levers by their effect on
    the zone of agreement (its exact size, whether it opens), the Nash package and, with --runs,
    the simulated agreement rate."""
    json_mode(as_json)
    from accord.analysis.levers import rank_levers
    from accord.errors import AccordError

    s = viewed(scenario, party)
    try:
        ranked, base = rank_levers(s, pairs=pairs, runs=runs, protocol=protocol)
    except AccordError as e:
        fail(e)
    data = {"scenario": s.id, "view": party, "baseline": base.to_dict(), "levers": [e.to_dict() for e in ranked]}
    if emit(report, "write_levers_report", (s, ranked, base), party, as_json, lambda: data):
        return
    from rich.table import Table

    out = console()
    zone = "unknown" if base.zone is None else f"{base.zone:,}"
    out.print(f"[bold]{s.name}[/]: the zone of agreement holds {zone} packages as it is.", highlight=False)
    table = Table(title="Levers and pairs of levers, most helpful first", title_justify="left")
    for col in ("lever(s)", "zone", "change", "Nash moves", "cost"):
        table.add_column(col, justify="left" if col == "lever(s)" else "right")
    if runs:
        table.add_column("agreement", justify="right")
    for effect in ranked:
        change = "opens" if effect.opens else "closes" if effect.closes else f"{effect.growth:+,}"
        row = [
            " + ".join(effect.levers),
            "?" if effect.zone is None else f"{effect.zone:,}",
            change,
            "yes" if effect.nash_moves else "no",
            f"{effect.cost:.2f}",
        ]
        if runs:
            row.append("—" if effect.agreement_rate is None else f"{effect.agreement_rate:.0%}")
        table.add_row(*row)
    out.print(table)
    if base.agreement_rate is not None:
        out.print(f"[dim]agreement rate as it is: {base.agreement_rate:.0%}[/]")
    for effect in ranked[:3]:
        out.print(effect.sentence(), highlight=False, markup=False)


def whatif(
    scenario: Annotated[str, typer.Argument(help=SCENARIO_HELP)] = "abu-dhabi-2026",
    of: Annotated[
        list[str] | None,
        typer.Option("--of", help="Only these parties' parameters (repeat; default: every negotiator)."),
    ] = None,
    parameter: Annotated[
        list[str] | None,
        typer.Option(
            "--parameter",
            help="Only these parameters (repeat): reservation, weights.ISSUE, values.ISSUE.OPTION, "
            "red_lines.ISSUE.OPTION. Default: all.",
        ),
    ] = None,
    widen: Annotated[
        float | None, typer.Option("--widen", help="Goal: widen the zone by this share (0.5 = half as many more).")
    ] = None,
    package: PackageOpt = None,
    top: Annotated[int, typer.Option("--top", min=1, help="Findings printed (all with --json).")] = 12,
    as_json: JsonOpt = False,
    party: PartyOpt = None,
    report: ReportOpt = None,
) -> None:
    """What would it take: for each party and parameter, the smallest change that opens a zone of
    agreement (default; when it is open already, that widens it by half), widens it (--widen), or
    makes a package acceptable to all (--package). Exact, not sampled."""
    json_mode(as_json)
    from accord.analysis.whatif import Goal
    from accord.analysis.whatif import whatif as find
    from accord.errors import AccordError

    s = viewed(scenario, party)
    if widen is not None and package is not None:
        fail("give either --widen or --package, not both")
    try:
        if package is not None:
            goal = Goal("accept", package=parse_package(s, package))
        elif widen is not None:
            goal = Goal("widen", share=widen)
        else:
            goal = Goal("open")
        findings = find(s, goal, changing=of or None, parameters=parameter or None)
        if not findings and goal.kind == "open":
            goal = Goal("widen", share=0.5)
            findings = find(s, goal, changing=of or None, parameters=parameter or None)
    except AccordError as e:
        fail(e)
    data = {"scenario": s.id, "view": party, "goal": goal.describe(), "findings": [f.to_dict() for f in findings]}
    if emit(report, "write_whatif_report", (s, goal, findings), party, as_json, lambda: data):
        return
    out = console()
    reached = [f for f in findings if f.direction != "none"]
    out.print(f"[bold]What would it take to {goal.describe()}[/] ({s.name})", highlight=False)
    if not findings:
        out.print("The goal is reached already: nothing needs to change.")
    for f in reached[:top]:
        out.print(f"- {f.sentence}", highlight=False, markup=False)
    missing = len(findings) - len(reached)
    if missing:
        out.print(f"[dim]{missing} parameter(s) cannot reach the goal alone (all of them with --json).[/]")


def evaluate(
    scenario: Annotated[str, typer.Argument(help=SCENARIO_HELP)] = "abu-dhabi-2026",
    package: PackageOpt = None,
    samples: Annotated[int, typer.Option("--samples", min=1, help="Monte Carlo draws when not exact.")] = 10_000,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the Monte Carlo draws.")] = 0,
    as_json: JsonOpt = False,
    party: PartyOpt = None,
    report: ReportOpt = None,
) -> None:
    """A draft's chances: who accepts the package, each party's margin over no deal, red lines
    crossed, the packages that would improve it for everyone (Raiffa) and, with uncertainty in
    the scenario, the probability that each party accepts."""
    json_mode(as_json)
    from accord.analysis.evaluate import evaluate as run_evaluate
    from accord.errors import AccordError

    s = viewed(scenario, party)
    if package is None:
        fail("give the draft with --package ISSUE=OPTION,... (one option per issue)")
    outcome = parse_package(s, package)
    try:
        result = run_evaluate(s, outcome, samples=samples, seed=seed)
    except AccordError as e:
        fail(e)
    if emit(report, "write_draft_report", (s, result), party, as_json, lambda: {"view": party, **result.to_dict()}):
        return
    out = console()
    verdict = "acceptable to every party" if result.accepted else "not acceptable to every party"
    out.print(f"[bold]The draft is {verdict}[/]", highlight=False)
    for line in result.sentences():
        out.print(f"- {line}", highlight=False, markup=False)
    if result.p_all is not None:
        err = "exact" if result.method == "exact" else f"Monte Carlo, ±{result.error:.3f} at 95%"
        out.print(f"Probability that every party accepts: {result.p_all:.1%} ({err}).", highlight=False)
    for k, imp in enumerate(result.improvements[:3], start=1):
        words = ", ".join(f"{i}={v}" for i, v in imp.package.items())
        out.print(f"  better for all #{k}: {words}", highlight=False, markup=False)
