"""What one seat at the table may see: the :class:`View` a protocol builds for it.

A view holds the seat's own preferences (a mediator's own, if it has any), the public
facts of the negotiation (issues, parties, deadline, working groups), the present situation
(what the seat must do now and on what text or offer), and the events the seat may see.
It never holds the scenario or another party's preferences; the mediator's view adds only
what the protocol hands the mediator (the confidential priority reports).
"""

from __future__ import annotations

from enum import StrEnum
from typing import NamedTuple

from accord.engine.events import Event, Log, PriorityReport, SeatRecord
from accord.model.preferences import Preferences
from accord.model.space import OutcomeSpace

__all__ = ["Answer", "GroupInfo", "Mediated", "Seat", "Situation", "View"]


class Situation(StrEnum):
    """What a seat is asked to do (``View.situation``; "" when it is not its turn)."""

    OFFER = "offer"  # alternating offers, nothing on the table: make an offer
    RESPOND = "respond"  # alternating offers: accept the standing offer, or counter
    ANSWER = "answer"  # a text is on the table: accept, veto or critique it
    OPEN = "open"  # plenary: state an opening position
    REPORT = "report"  # plenary: give the mediator confidential priorities
    PROPOSE = "propose"  # mediator: put a text on the table (or conclude)


class GroupInfo(NamedTuple):
    """A working group as every seat sees it: id, issue indices, member ids."""

    id: str
    issues: tuple[int, ...]
    members: tuple[str, ...]


class Answer(NamedTuple):
    """One party's answer to a text: ``kind`` is accept / veto / critique."""

    party: str
    kind: str
    issues: tuple[int, ...] = ()


class Seat(NamedTuple):
    """The fixed part of a view: who the seat is and the public facts of the negotiation."""

    id: str
    role: str  # "party" or "mediator"
    preferences: Preferences | None
    space: OutcomeSpace
    protocol: str
    parties: tuple[str, ...]  # the negotiating parties, in order
    mediator: str | None
    n_rounds: int
    rounds_per_day: int
    groups: tuple[GroupInfo, ...] = ()


class Mediated(NamedTuple):
    """The parts of a view only the mediated protocols fill in."""

    text: int | None = None  # the text on the table (or the last one) for this seat's track
    group: str = ""  # the working group of that text ("" = the whole package)
    frame: int | None = None  # the package a group text must equal outside the group's issues
    issues: tuple[int, ...] = ()  # the issues the text may change
    answers: tuple[Answer, ...] = ()  # the answers to the text (so far, or to the last one)
    reports: tuple[tuple[str, PriorityReport], ...] = ()  # confidential reports (mediator only)
    phase: str = ""  # consultation | groups | alignment
    assembled: int | None = None  # the frame with the groups' agreed results (mediator only)


NOT_MEDIATED = Mediated()


class View:
    """A seat's view of the negotiation at one moment (built by the protocol)."""

    __slots__ = ("_m", "_n", "_seen", "day", "kinds", "round", "seat", "situation", "standing", "standing_by", "time")

    seat: Seat
    round: int
    time: float
    situation: str
    kinds: frozenset[str]
    standing: int | None
    standing_by: str
    day: int
    _m: Mediated
    _n: int

    def __init__(
        self,
        seat: Seat,
        log: Log,
        round: int,
        time: float,
        situation: str,
        kinds: frozenset[str],
        standing: int | None = None,
        standing_by: str = "",
        day: int = 0,
        mediated: Mediated = NOT_MEDIATED,
    ) -> None:
        self.seat = seat
        # Only what this seat may see, never the record itself: see SeatRecord.
        self._seen: SeatRecord = log.seat_record(seat.id)
        self._n = len(log)
        self.round = round
        self.time = time
        self.situation = situation
        self.kinds = kinds
        self.standing = standing
        self.standing_by = standing_by
        self.day = day
        self._m = mediated

    # -- what the mediated protocols add -------------------------------------------------------
    @property
    def text(self) -> int | None:
        return self._m.text

    @property
    def group(self) -> str:
        return self._m.group

    @property
    def frame(self) -> int | None:
        return self._m.frame

    @property
    def issues(self) -> tuple[int, ...]:
        return self._m.issues

    @property
    def answers(self) -> tuple[Answer, ...]:
        return self._m.answers

    @property
    def reports(self) -> tuple[tuple[str, PriorityReport], ...]:
        return self._m.reports

    @property
    def phase(self) -> str:
        return self._m.phase

    @property
    def assembled(self) -> int | None:
        return self._m.assembled

    # -- who I am --------------------------------------------------------------------------
    @property
    def party(self) -> str:
        return self.seat.id

    @property
    def preferences(self) -> Preferences | None:
        return self.seat.preferences

    @property
    def space(self) -> OutcomeSpace:
        return self.seat.space

    @property
    def n_rounds(self) -> int:
        return self.seat.n_rounds

    @property
    def discount(self) -> float:
        """This seat's cost-of-delay multiplier now (1.0 without a cost of delay)."""
        prefs = self.seat.preferences
        if prefs is None or prefs.cost_of_delay is None:
            return 1.0
        return prefs.discount(round=self.round, day=self.day, elapsed=self.time)

    # -- what I may see ----------------------------------------------------------------------
    def history(self) -> tuple[Event, ...]:
        """Every event this seat may see, in order."""
        return self._seen.upto(self._n)

    def events_since(self, position: int) -> tuple[list[Event], int]:
        """Visible events recorded at or after ``position`` of the record, and the next position.

        Strategies keep the returned position to read only what is new at their next turn.
        """
        return self._seen.between(position, self._n), self._n

    def __repr__(self) -> str:
        return (
            f"View({self.seat.id!r}, round={self.round}, situation={self.situation!r}, "
            f"standing={self.standing}, text={self.text}, group={self.group!r})"
        )
