"""Rules shared by the mediated protocols: texts, answers and confidential reports."""

from __future__ import annotations

from collections.abc import Sequence

from accord.engine.events import Action, ActionKind, Event, EventKind, PriorityReport, payload
from accord.engine.protocols.base import Expected, check_outcome, check_report
from accord.engine.view import Answer, Seat
from accord.errors import ActionRejected, ProtocolError
from accord.model.space import OutcomeSpace

__all__ = [
    "ANSWER_KINDS",
    "RETABLED",
    "answer_event",
    "awaiting_answers",
    "report_event",
    "seat_clock",
    "settled_event",
    "text_event",
    "unanimous",
]

RETABLED = "re-tabled: the mediator's text was not made in time"  # the note of a text a missed move re-tables
ANSWER_KINDS = frozenset({str(ActionKind.ACCEPT), str(ActionKind.VETO), str(ActionKind.CRITIQUE)})
_ANSWER_EVENT = {
    ActionKind.ACCEPT: EventKind.ACCEPT,
    ActionKind.VETO: EventKind.VETO,
    ActionKind.CRITIQUE: EventKind.CRITIQUE,
}


def answer_event(
    action: Action, text: int, round: int, n_issues: int, group: str, to: tuple[str, ...] | None
) -> tuple[Event, Answer]:
    """The event and the :class:`Answer` recording a party's answer to ``text``."""
    kind = action.kind
    if kind not in ANSWER_KINDS:
        raise ActionRejected(f"cannot '{kind}' now: answer the text (accept, veto or critique)", party=action.party)
    if action.group != group:
        raise ActionRejected(
            f"answered for group {action.group or 'package'!r}, but the text on the table is "
            f"{'group ' + repr(group) if group else 'the package'}",
            party=action.party,
        )
    issues: tuple[int, ...] = ()
    if kind == ActionKind.CRITIQUE:
        issues = tuple(action.issues)
        if not issues:
            raise ActionRejected("a critique must name at least one issue", party=action.party)
        for j in issues:
            if isinstance(j, bool) or not isinstance(j, int) or not 0 <= j < n_issues:
                raise ActionRejected(f"critique names issue {j!r}; issues are 0..{n_issues - 1}", party=action.party)
        issues = tuple(sorted(set(issues)))
    ev = Event(_ANSWER_EVENT[ActionKind(kind)], round, action.party, text, payload(group=group, issues=issues), to)
    return ev, Answer(action.party, str(kind), issues)


def text_event(
    action: Action,
    size: int,
    round: int,
    group: str,
    phase: str,
    to: tuple[str, ...] | None,
    space: OutcomeSpace | None = None,
) -> Event:
    """The event recording a mediator's text (a package that can exist, when ``space`` is given)."""
    o = check_outcome(size, action.party, action.outcome, space)
    if action.group != group:
        raise ActionRejected(
            f"proposed a text for {action.group or 'the package'!r}; expected one for "
            f"{'group ' + repr(group) if group else 'the package'}",
            party=action.party,
        )
    return Event(EventKind.TEXT, round, action.party, o, payload(group=group, phase=phase, note=action.note), to)


def report_event(action: Action, radices: Sequence[int], round: int, mediator: str) -> tuple[Event, PriorityReport]:
    """The event recording a confidential report (seen by its author and the mediator)."""
    report = check_report(radices, action.party, action.report)
    ev = Event(EventKind.REPORT, round, action.party, None, payload(report=report), (action.party, mediator))
    return ev, report


def unanimous(answers: Sequence[Answer]) -> bool:
    return bool(answers) and all(a.kind == ActionKind.ACCEPT for a in answers)


def settled_event(
    answers: Sequence[Answer], text: int, round: int, group: str = "", to: tuple[str, ...] | None = None
) -> Event | None:
    """The ``settled`` event when every answer to ``text`` accepts it, else None."""
    if not unanimous(answers):
        return None
    return Event(EventKind.SETTLED, round, "", text, payload(group=group), to)


def awaiting_answers(parties: Sequence[str], answers: Sequence[Answer], group: str = "") -> Expected:
    """Who has still to answer the text on the table (of ``parties``, in order)."""
    done = {a.party for a in answers}
    return Expected(tuple(p for p in parties if p not in done), ANSWER_KINDS, group)


def seat_clock(seats: dict[str, Seat], seat: str, round: int, n_rounds: int) -> tuple[Seat, int, float]:
    """The seat, the round it sees (the last one once over) and the relative time of a view."""
    s = seats.get(seat)
    if s is None:
        raise ProtocolError(f"no seat {seat!r} in this negotiation")
    rnd = min(round, n_rounds - 1)
    return s, rnd, (rnd + 1) / (n_rounds + 1)
