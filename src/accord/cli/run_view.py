"""The concise view of a run that ``accord run`` and ``accord replay`` print by default.

Per day (or per protocol's session, for protocols without a calendar): what changed in the
text on the table, who accepts it and who does not, and how far it is from being acceptable
to all (the gap); then the result. It is built from the run's events alone, so it follows
whatever the protocol recorded. When a text that beats no deal for every party is refused,
a note says so and why that can happen.

The analyst's view (``viewer=None``) uses every party's preferences. A party's view
(``viewer="ukraine"``) is built from the events that party saw and its own preferences only:
no other party's utility, reservation value or confidential report appears in it.
``--transcript`` prints the full transcript instead (the analyst's record).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.text import Text

from accord.engine.events import Event, EventKind
from accord.engine.protocols.phased_state import Phase

if TYPE_CHECKING:
    from accord.engine.metrics import RunMetrics
    from accord.engine.runner import Run
    from accord.model.scenario import Scenario

__all__ = ["concise_run", "party_metrics"]

_ANSWERS = (EventKind.ACCEPT, EventKind.VETO, EventKind.CRITIQUE)
_PUT = (EventKind.TEXT, EventKind.OFFER)


@dataclass
class _Day:
    index: int
    events: list[Event] = field(default_factory=list)


def _days(events: Sequence[Event]) -> list[_Day]:
    days: dict[int, _Day] = {}
    day = 0
    for e in events:
        if e.kind == EventKind.PHASE:
            day = int(e.get("day", day))
        days.setdefault(day, _Day(day)).events.append(e)
    return list(days.values())


def _package_events(events: Sequence[Event]) -> list[Event]:
    """Whole-package texts and offers (not a working group's, not the consultation frame)."""
    return [
        e
        for e in events
        if e.kind in _PUT and e.outcome is not None and not e.get("group", "") and e.phase != Phase.CONSULTATION
    ]


def _answers_to(events: Sequence[Event], put: Event) -> list[Event]:
    """The answers given to ``put`` (those after it, before the next package)."""
    out: list[Event] = []
    seen = False
    for e in events:
        if e is put:
            seen = True
            continue
        if not seen:
            continue
        if e.kind in _PUT and not e.get("group", ""):
            break
        if e.kind in _ANSWERS and not e.get("group", ""):
            out.append(e)
    return out


def _issue_words(scenario: Scenario, outcome: int, issues: Sequence[int]) -> str:
    space = scenario.space
    o = space.outcome(outcome)
    return "; ".join(f"{space.issues[j].label}: {space.issues[j].label_of(o[j])}" for j in issues)


def _changed(scenario: Scenario, last: Event, before: int | None, n: int) -> Text:
    """What the day's last package is, or how it differs from the day before's."""
    assert last.outcome is not None
    space = scenario.space
    what = "offers" if last.kind == EventKind.OFFER else "texts"
    head = Text(f"{n} {what}; ", style="bold")
    which = f"the last, by {last.party}" if last.kind == EventKind.OFFER else "the last"
    if before is None:
        return head.append(f"{which}: " + _issue_words(scenario, last.outcome, range(space.n_issues)))
    a, b = space.outcome(last.outcome), space.outcome(before)
    diff = [j for j in range(space.n_issues) if a[j] != b[j]]
    if not diff:
        return head.append(f"{which} is unchanged from the day before")
    return head.append(f"{which} changed — " + _issue_words(scenario, last.outcome, diff))


def _utility(scenario: Scenario, party: str, outcome: int) -> float:
    return float(scenario.preferences(party)(scenario.space.outcome(outcome)))


def _who(answers: Sequence[Event], scenario: Scenario) -> Text:
    line = Text()
    accepted = [a.party for a in answers if a.kind == EventKind.ACCEPT]
    line.append("accept: ", style="bold")
    line.append(", ".join(accepted) or "nobody", style="green" if accepted else "")
    for a in answers:
        if a.kind == EventKind.ACCEPT:
            continue
        issues = a.get("issues", ())
        what = " (" + ", ".join(scenario.space.issues[j].label for j in issues) + ")" if issues else ""
        line.append(f"; {a.party} {a.kind}s{what}", style="red" if a.kind == EventKind.VETO else "yellow")
    return line


def _gap(scenario: Scenario, outcome: int, viewer: str | None, day_end: Event | None) -> Text:
    line = Text("gap: ", style="bold")
    if viewer is not None:
        prefs = scenario.party(viewer).preferences
        if prefs is None:
            return line.append("not measured (this seat holds no preferences)")
        u = _utility(scenario, viewer, outcome)
        line.append(f"the text is worth {u:.3f} to you; no deal {prefs.reservation:.3f}")
        return line
    if day_end is not None:
        from accord.engine.progress import Progress

        p = Progress.from_info(day_end.info)
        line.append(f"{p.gap:.3f} from acceptable to all")
        below = [f"{party} {x:.3f}" for party, x in p.shortfall if x > 0]
        line.append(f" (below no deal: {', '.join(below)})" if below else " (every party prefers it to no deal)")
        line.append(f"; {len(p.settled)}/{scenario.space.n_issues} issues settled")
        return line
    parts = []
    total = 0.0
    for party in scenario.negotiators:
        prefs = scenario.preferences(party.id)
        short = max(0.0, prefs.reservation - _utility(scenario, party.id, outcome))
        total += short
        parts.append(f"{party.id} {_utility(scenario, party.id, outcome):.3f}")
    line.append(f"{total:.3f} from acceptable to all; utilities {', '.join(parts)}")
    return line


def _refused_note(run: Run, puts: Sequence[Event]) -> Text | None:
    """The first package that beat no deal for every party and was still refused, explained."""
    scenario = run.scenario
    negotiators = [p.id for p in scenario.negotiators]
    for put in puts:
        assert put.outcome is not None
        answers = _answers_to(run.events, put)
        refused = [a for a in answers if a.kind != EventKind.ACCEPT]
        if not answers or not refused:
            continue
        o = scenario.space.outcome(put.outcome)
        if not all(scenario.preferences(p).accepts(o) for p in negotiators):
            continue
        day = scenario.calendar.label(_day_of(run.events, put)) if run.protocol == "phased" else "the talks"
        values = ", ".join(
            f"{p} {_utility(scenario, p, put.outcome):.3f} ≥ {scenario.preferences(p).reservation:.3f}"
            for p in negotiators
        )
        who = ", ".join(f"{a.party} ({a.kind})" for a in refused)
        return Text(
            f"{'Why not sooner' if run.agreement is not None else 'Why no deal'}: in round {put.round + 1} of "
            f"{day} the text was at least as good as no deal "
            f"for every party ({values}), "
            f"yet {who} refused it. A strategy answers by its own current aim, not by its reservation value: "
            "while time remains it holds out for more than no deal, and a mediator's text that moves toward one "
            "side can fall below the other side's aim.",
            style="italic",
        )
    return None


def _day_of(events: Sequence[Event], target: Event) -> int:
    day = 0
    for e in events:
        if e.kind == EventKind.PHASE:
            day = int(e.get("day", day))
        if e is target:
            return day
    return day


def concise_run(run: Run, metrics: RunMetrics, viewer: str | None = None) -> RenderableType:
    """The run in a few lines a day: what changed, who accepts, the gap; then the result."""
    from accord.report.privacy import public_verdict, visible_events

    scenario = run.scenario
    events = visible_events(run.events, viewer)
    cal = scenario.calendar
    who = "the analyst's view, every party's preferences" if viewer is None else f"{viewer}'s view"
    lines: list[RenderableType] = [
        Text.assemble((f"{scenario.name}", "bold"), (f" — {run.protocol}, seed {run.seed} ({who})", "dim"))
    ]
    if viewer is None:
        seats = "; ".join(f"{seat}: {spec}" for seat, spec in run.strategies.items())
        lines.append(Text(f"strategies — {seats}", style="dim"))
    before: int | None = None
    all_puts: list[Event] = []
    for day in _days(events):
        puts = _package_events(day.events)
        all_puts.extend(puts)
        label = cal.label(day.index) if day.index < cal.days and run.protocol == "phased" else "The talks"
        lines.append(Text(f"\n{label}", style="bold cyan"))
        groups = [e for e in day.events if e.kind == EventKind.GROUP_RESULT]
        if groups:
            g = Text("groups: ", style="bold")
            g.append(", ".join(f"{e.get('group')} {'agreed' if e.get('agreed') else 'not agreed'}" for e in groups))
            lines.append(g)
        if not puts:
            lines.append(Text("no package text on the table", style="dim"))
            continue
        last = puts[-1]
        assert last.outcome is not None
        lines.append(_changed(scenario, last, before, len(puts)))
        answers = _answers_to(events, last)
        if answers:
            lines.append(_who(answers, scenario))
        day_end = next((e for e in day.events if e.kind == EventKind.DAY_END), None)
        lines.append(_gap(scenario, last.outcome, viewer, day_end))
        before = last.outcome
    lines.append(Text())
    result = Text("Result: ", style="bold")
    verdict = metrics.verdict if viewer is None else public_verdict(metrics.agreement, events)
    result.append(verdict, style="green" if metrics.agreement else "yellow")
    lines.append(result)
    if metrics.outcome is not None:
        lines.append(Text("Agreement: " + _issue_words(scenario, metrics.outcome, range(scenario.space.n_issues))))
    for r in metrics.parties:
        if viewer is not None and r.party != viewer:
            continue
        lines.append(
            Text(f"{r.party}: utility {r.utility:.3f}, no deal {r.reservation:.3f}, advantage {r.advantage:+.3f}")
        )
    if viewer is None:
        note = _refused_note(run, _package_events(run.events))
        if note is not None:
            lines.append(note)
    lines.append(
        Text(
            f"{metrics.rounds} of {metrics.n_rounds} rounds used."
            + ("" if viewer is not None else " Every text and answer: --transcript; plots: --report FILE.html"),
            style="dim",
        )
    )
    return Group(*lines)


def party_metrics(run: Run, metrics: RunMetrics, viewer: str) -> dict[str, object]:
    """The metrics one party may see: the result and its own utility, nothing about the others' preferences."""
    from accord.report.privacy import public_verdict, visible_events

    own = next((r for r in metrics.parties if r.party == viewer), None)
    scenario = run.scenario
    return {
        "scenario": scenario.id,
        "protocol": run.protocol,
        "party": viewer,
        "agreement": metrics.agreement,
        "verdict": public_verdict(metrics.agreement, visible_events(run.events, viewer)),
        "outcome_values": None
        if metrics.outcome is None
        else scenario.space.values_of(scenario.space.outcome(metrics.outcome)),
        "rounds": metrics.rounds,
        "n_rounds": metrics.n_rounds,
        "own": None
        if own is None
        else {"utility": own.utility, "reservation": own.reservation, "advantage": own.advantage},
    }
