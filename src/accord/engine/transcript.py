"""A run's transcript, rendered with Rich: by day and format, then the end state.

The transcript is the analyst's record: it shows confidential reports only as a count and
the per-party utilities of every text, which no seat at the table could see.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from accord.engine.events import ActionKind, Event, EventKind
from accord.engine.progress import Progress
from accord.engine.protocols.base import Layout, get_protocol
from accord.engine.protocols.phased_state import Phase
from accord.model.scenario import Scenario

if TYPE_CHECKING:
    from accord.engine.metrics import RunMetrics
    from accord.engine.runner import Run

__all__ = ["render_transcript"]

_ANSWER_STYLE: dict[str, str] = {EventKind.ACCEPT: "green", EventKind.VETO: "red", EventKind.CRITIQUE: "yellow"}
_SAOP_HEAD, _SAOP_TAIL = 12, 24


def _labels(scenario: Scenario, outcome: int, issues: Iterable[int] | None = None) -> str:
    space = scenario.space
    o = space.outcome(outcome)
    which = range(space.n_issues) if issues is None else issues
    return "; ".join(f"{space.issues[j].label}: {space.issues[j].label_of(o[j])}" for j in which)


def _changes(scenario: Scenario, outcome: int, before: int | None) -> str:
    if before is None:
        return _labels(scenario, outcome)
    a, b = scenario.space.outcome(outcome), scenario.space.outcome(before)
    changed = [j for j in range(len(a)) if a[j] != b[j]]
    return "(unchanged)" if not changed else "changed — " + _labels(scenario, outcome, changed)


def _utilities(scenario: Scenario, outcome: int) -> str:
    parts = []
    for p in scenario.negotiators:
        prefs = scenario.preferences(p.id)
        u = prefs(scenario.space.outcome(outcome))
        parts.append(f"{p.id} {u:.2f}")
    return ", ".join(parts)


def _answer(scenario: Scenario, e: Event) -> Text:
    kind = str(e.kind)
    text = Text(kind, style=_ANSWER_STYLE.get(kind, ""))
    issues = e.issues
    if issues:
        text.append(" (" + ", ".join(scenario.space.issues[j].label for j in issues) + ")")
    return text


def _reopened(scenario: Scenario, outcome: int, agreed: Mapping[int, tuple[str, int]], answers: Sequence[Event]) -> str:
    """Which group results ``outcome`` reopens, and who asked for it (a critique naming it)."""
    o = scenario.space.outcome(outcome)
    lines = []
    for j, (group, k) in sorted(agreed.items()):
        if o[j] != k:
            who = [a.party for a in answers if a.kind == EventKind.CRITIQUE and j in a.issues]
            why = f" after {', '.join(who)} critiqued it" if who else " to balance the package"
            lines.append(f"{scenario.space.issues[j].label} (agreed in group {group}){why}")
    if not lines:
        return ""
    return "\nreopens " + "; ".join(lines) + ": group results are provisional, nothing is agreed until everything is"


def _answers_table(
    scenario: Scenario,
    texts: Sequence[tuple[Event, list[Event]]],
    title: str,
    agreed: Mapping[int, tuple[str, int]] | None = None,
) -> Table:
    table = Table(title=title, title_justify="left", show_lines=True, expand=False)
    table.add_column("round", justify="right")
    table.add_column("text")
    table.add_column("utilities (analyst)")
    table.add_column("answers")
    before: int | None = None
    previous: Sequence[Event] = ()
    for text, answers in texts:
        outcome = text.outcome if text.outcome is not None else 0
        ans = Text("\n").join(Text(f"{a.party}: ").append_text(_answer(scenario, a)) for a in answers)
        cell = Text(_changes(scenario, outcome, before))
        if answers and all(a.kind == ActionKind.ACCEPT for a in answers):
            cell.append(" all accept", style="bold green")
        if agreed:
            cell.append(_reopened(scenario, outcome, agreed, previous), style="yellow")
        if text.note:
            cell.append(f"\nmediator: {text.note}", style="italic")
        table.add_row(str(text.round + 1), cell, _utilities(scenario, outcome), ans)
        before = outcome
        previous = answers
    return table


def _pair_texts(events: Sequence[Event], group: str) -> list[tuple[Event, list[Event]]]:
    out: list[tuple[Event, list[Event]]] = []
    for e in events:
        if e.kind == EventKind.TEXT and e.group == group and e.phase != Phase.CONSULTATION:
            out.append((e, []))
        elif e.kind in (EventKind.ACCEPT, EventKind.VETO, EventKind.CRITIQUE) and out and e.group == group:
            out[-1][1].append(e)
    return out


def _saop(run: Run) -> RenderableType:
    scenario = run.scenario
    rows = [e for e in run.events if e.kind in (EventKind.OFFER, EventKind.ACCEPT, EventKind.END, EventKind.MISSED)]
    table = Table(title="Offers", title_justify="left")
    table.add_column("round", justify="right")
    table.add_column("party")
    table.add_column("action")
    table.add_column("package")
    table.add_column("utilities (analyst)")
    shown = rows
    if len(rows) > _SAOP_HEAD + _SAOP_TAIL:
        shown = rows[:_SAOP_HEAD] + rows[-_SAOP_TAIL:]
    for i, e in enumerate(shown):
        if len(shown) != len(rows) and i == _SAOP_HEAD:
            table.add_row("…", "", f"{len(rows) - len(shown)} more actions", "", "")
        table.add_row(
            str(e.round + 1),
            e.party,
            str(e.kind),
            Text(_labels(scenario, e.outcome)) if e.outcome is not None else "",
            _utilities(scenario, e.outcome) if e.outcome is not None else "",
        )
    return table


def _single_text(run: Run) -> RenderableType:
    reports = sum(1 for e in run.events if e.kind == EventKind.REPORT)
    parts: list[RenderableType] = []
    if reports:
        parts.append(Text(f"{reports} confidential priority reports given to the mediator", style="dim"))
    parts.append(_answers_table(run.scenario, _pair_texts(run.events, ""), "Texts and answers"))
    return Group(*parts)


def _day_sections(run: Run) -> list[RenderableType]:
    scenario = run.scenario
    days: dict[int, list[Event]] = {}
    day = 0
    for e in run.events:
        if e.kind == EventKind.PHASE:
            day = e.day if e.day is not None else day
        days.setdefault(day, []).append(e)
    out: list[RenderableType] = []
    for d, events in days.items():
        parts: list[RenderableType] = []
        openings = [e for e in events if e.kind == EventKind.OPENING]
        if openings:
            t = Table(title="Consultations: opening positions (plenary)", title_justify="left", show_lines=True)
            t.add_column("party")
            t.add_column("position")
            t.add_column("utilities (analyst)")
            for e in openings:
                o = e.outcome if e.outcome is not None else 0
                t.add_row(e.party, Text(_labels(scenario, o)), _utilities(scenario, o))
            parts.append(t)
        reports = sum(1 for e in events if e.kind == EventKind.REPORT)
        if reports:
            parts.append(Text(f"{reports} confidential priority reports given to the mediator", style="dim"))
        for e in events:
            if e.kind == EventKind.TEXT and e.phase == Phase.CONSULTATION and e.outcome is not None:
                parts.append(Text.assemble(("Working draft (frame): ", "bold"), _labels(scenario, e.outcome)))
                if e.note:
                    parts.append(Text(f"mediator: {e.note}", style="italic"))
        results = [e for e in events if e.kind == EventKind.GROUP_RESULT]
        agreed: dict[int, tuple[str, int]] = {}
        if results:
            t = Table(
                title="Group work: results (provisional until the whole package is agreed)",
                title_justify="left",
                show_lines=True,
            )
            t.add_column("group")
            t.add_column("result")
            t.add_column("text on the group's issues")
            groups = {g.id: g for g in scenario.working_groups}
            for e in results:
                gid = e.group
                g = groups.get(gid)
                issues = [scenario.space.issue_index(n) for n in g.issues] if g is not None else None
                text = e.outcome if e.outcome is not None else e.group_text
                ok = e.agreed
                if ok and issues is not None and e.outcome is not None:
                    digits = scenario.space.outcome(e.outcome)
                    agreed.update({j: (gid, digits[j]) for j in issues})
                t.add_row(
                    gid,
                    Text("agreed", style="green") if ok else Text("not agreed", style="yellow"),
                    Text(_labels(scenario, int(text), issues)) if text is not None else "(no text)",
                )
            parts.append(t)
        texts = _pair_texts(events, "")
        if texts:
            parts.append(_answers_table(scenario, texts, "Alignment of positions: texts and answers", agreed))
        for e in events:
            if e.kind == EventKind.DAY_END:
                parts.append(_progress_line(Progress.from_info(e.info)))
        title = scenario.calendar.label(d) if d < scenario.calendar.days else f"Day {d + 1}"
        out.append(Panel(Group(*parts), title=Text(title), title_align="left"))
    return out


def _progress_line(p: Progress) -> Text:
    text = Text("Progress at the end of the day: ", style="bold")
    text.append(f"{len(p.settled)} issue(s) settled")
    if p.settled:
        text.append(" (" + ", ".join(p.settled) + ")")
    text.append(f"; {p.accepting} of {len(p.distance)} parties accept the text")
    if p.distance:
        text.append("; distance from acceptance: " + ", ".join(f"{party} {x:.3f}" for party, x in p.distance))
    text.append(f"; acceptable-to-all gap {p.gap:.3f}")
    below = [f"{party} {x:.3f}" for party, x in p.shortfall if x > 0]
    if below:
        text.append(" (below reservation: " + ", ".join(below) + ")")
    crossed = [f"{party} {n}" for party, n in p.red_lines if n]
    if crossed:
        text.append("; red lines crossed: " + ", ".join(crossed))
    if p.closest is not None:
        text.append(
            "; some package is acceptable to all"
            if p.closest <= 1e-9
            else f"; no package is acceptable to all (closest falls {p.closest:.3f} short)"
        )
    return text


def _end_state(run: Run, m: RunMetrics) -> RenderableType:
    scenario = run.scenario
    parts: list[RenderableType] = []
    head = Text("Result: ", style="bold")
    head.append(m.verdict, style="green" if m.agreement else "yellow")
    parts.append(head)
    if m.outcome is not None:
        parts.append(Text("Agreement: " + _labels(scenario, m.outcome)))
    t = Table(title="Each party against its reservation value", title_justify="left")
    t.add_column("party")
    t.add_column("utility", justify="right")
    t.add_column("reservation", justify="right")
    t.add_column("advantage", justify="right")
    for r in m.parties:
        t.add_row(
            r.party,
            f"{r.utility:.3f}",
            f"{r.reservation:.3f}",
            Text(f"{r.advantage:+.3f}", style="green" if r.advantage >= 0 else "red"),
        )
    parts.append(t)
    if m.progress:
        pt = Table(title="Progress by day", title_justify="left")
        for col in ("day", "issues settled", "accepting", "gap", "distance from acceptance"):
            pt.add_column(col, justify="right" if col in ("accepting", "gap") else "left")
        for p in m.progress:
            pt.add_row(
                scenario.calendar.label(p.day) if p.day < scenario.calendar.days else f"Day {p.day + 1}",
                f"{len(p.settled)}/{scenario.space.n_issues}",
                str(p.accepting),
                f"{p.gap:.3f}",
                ", ".join(f"{party} {x:.3f}" for party, x in p.distance),
            )
        parts.append(pt)
    ref = Text("Against the analysis: ", style="bold")
    if m.frontier_distance is None:
        ref.append("the space is too large for an exact frontier")
    else:
        ref.append(f"distance to the Pareto frontier {m.frontier_distance:.3f}")
        ref.append(" (on the frontier)" if m.on_frontier else "")
        if m.nash_distance is not None:
            ref.append(f"; distance to the Nash package {m.nash_distance:.3f}")
        if m.nash_outcome is not None:
            ref.append("\nNash package: " + _labels(scenario, m.nash_outcome))
    parts.append(ref)
    parts.append(
        Text(
            f"welfare {m.welfare:.3f}; Nash product {m.nash_product:.4f}; {m.rounds} of {m.n_rounds} rounds used",
            style="dim",
        )
    )
    return Group(*parts)


def _missed(run: Run) -> Text | None:
    """The moves seats missed (past their deadline), each followed by the protocol's rule."""
    missed = [e for e in run.events if e.kind == EventKind.MISSED]
    if not missed:
        return None
    text = Text(f"{len(missed)} missed move{'s' if len(missed) != 1 else ''} (the protocol's rule applied): ")
    text.append("; ".join(f"round {e.round + 1} {e.party}" for e in missed), style="yellow")
    return text


def render_transcript(run: Run, metrics: RunMetrics | None = None) -> RenderableType:
    """The whole transcript of a run: header, the talks by day and format, the end state."""
    scenario = run.scenario
    m = metrics if metrics is not None else run.metrics()
    title = f"{scenario.name} — {run.protocol} — seed {run.seed}"
    seats = ", ".join(f"{seat}: {spec}" for seat, spec in run.strategies.items())
    parts: list[RenderableType] = [Rule(Text(title)), Text(f"Strategies — {seats}", style="dim")]
    layout = get_protocol(run.protocol).capabilities.layout
    if layout is Layout.DAYS:
        parts.extend(_day_sections(run))
    elif layout is Layout.TEXTS:
        parts.append(_single_text(run))
    else:
        parts.append(_saop(run))
    missed = _missed(run)
    if missed is not None:
        parts.append(missed)
    parts.append(Rule("End state"))
    parts.append(_end_state(run, m))
    return Group(*parts)
