"""Actions, events and the append-only event log.

An :class:`Action` is what a seat at the table asks to do; the protocol either rejects it
(:class:`~accord.errors.ActionRejected`, state unchanged) or turns it into one or more
:class:`Event` values. The events of a run are its complete record: folding them over the
protocol's start state rebuilds the final state exactly.

Both are small named tuples (cheap to build, immutable, picklable, comparable). Outcomes
travel as their mixed-radix index (``OutcomeSpace.index`` / ``OutcomeSpace.outcome``).

An event's ``to`` says who may see it: ``None`` is public (every seat), a tuple names the
seats that may (the confidential report a party gives the mediator goes ``to`` the party and
the mediator), and ``()`` is kept for the record only (the analyst's progress measure).
"""

from __future__ import annotations

import json
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Sequence
from enum import Enum, StrEnum
from itertools import islice
from pathlib import Path
from typing import Any, NamedTuple, overload

from accord.atomic import write_text
from accord.errors import ProtocolError

__all__ = [
    "Action",
    "ActionKind",
    "Event",
    "EventKind",
    "Log",
    "PriorityReport",
    "SeatRecord",
    "event_from_dict",
    "event_to_dict",
    "payload",
    "read_events",
    "started_info",
    "write_events",
]


class ActionKind(StrEnum):
    """What a seat may ask to do."""

    OFFER = "offer"  # alternating offers: put a package on the table
    ACCEPT = "accept"  # accept the standing offer / the text in front of the party
    END = "end"  # walk away (alternating offers)
    PROPOSE = "propose"  # mediator: put a text on the table
    CONCLUDE = "conclude"  # mediator: close on the last unanimously accepted text
    VETO = "veto"  # a text the party cannot accept
    CRITIQUE = "critique"  # not yet: names the issues the party wants changed
    OPEN = "open"  # plenary: state an opening position
    REPORT = "report"  # plenary: give the mediator confidential priorities


class EventKind(StrEnum):
    """What the record holds."""

    STARTED = "started"
    OFFER = "offer"
    ACCEPT = "accept"
    END = "end"
    TEXT = "text"  # a mediator's text (group or package)
    CONCLUDE = "conclude"  # the mediator closes on the last unanimously accepted text
    VETO = "veto"
    CRITIQUE = "critique"
    OPENING = "opening"
    REPORT = "report"
    SETTLED = "settled"  # a text was accepted by every party it was put to
    PHASE = "phase"  # a phase (consultation, groups, alignment) begins
    GROUP_RESULT = "group-result"
    DAY_END = "day-end"
    AGREEMENT = "agreement"
    TIMEOUT = "timeout"
    BROKEN = "broken"  # a party walked away
    MISSED = "missed"  # a seat did not act before its deadline; the protocol's rule follows (Protocol.missed)


class PriorityReport(NamedTuple):
    """A party's statement of its priorities, as an additive utility (truthful or not).

    ``weights`` has one entry per issue (summing to 1), ``values[j]`` one number in [0, 1]
    per option of issue ``j``; ``reservation`` is the claimed utility of no deal;
    ``red_lines`` lists (issue index, option index) pairs the party says it will never accept.
    """

    weights: tuple[float, ...]
    values: tuple[tuple[float, ...], ...]
    reservation: float = 0.0
    red_lines: tuple[tuple[int, int], ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {
            "weights": list(self.weights),
            "values": [list(v) for v in self.values],
            "reservation": self.reservation,
            "red_lines": [list(p) for p in self.red_lines],
        }

    @classmethod
    def from_dict(cls, data: Any) -> PriorityReport:
        try:
            return cls(
                weights=tuple(float(x) for x in data["weights"]),
                values=tuple(tuple(float(x) for x in row) for row in data["values"]),
                reservation=float(data.get("reservation", 0.0)),
                red_lines=tuple((int(p[0]), int(p[1])) for p in data.get("red_lines", ())),
            )
        except (KeyError, TypeError, ValueError, IndexError) as e:
            raise ProtocolError(f"a priority report needs weights, values and reservation: {e}") from None


class Action(NamedTuple):
    """A request by ``party`` to do ``kind`` (see :class:`ActionKind`).

    ``outcome`` is an outcome index (offers, texts, openings); ``issues`` the issue indices a
    critique names; ``group`` the working group a text or answer belongs to ("" = the whole
    package); ``report`` the confidential priorities of a ``report`` action; ``note`` what a
    mediator says with its text (why it tables it), recorded with the text.
    """

    party: str
    kind: str
    outcome: int | None = None
    issues: tuple[int, ...] = ()
    group: str = ""
    report: PriorityReport | None = None
    note: str = ""

    @classmethod
    def offer(cls, party: str, outcome: int) -> Action:
        return cls(party, ActionKind.OFFER, outcome)

    @classmethod
    def accept(cls, party: str, *, group: str = "") -> Action:
        return cls(party, ActionKind.ACCEPT, group=group)

    @classmethod
    def end(cls, party: str) -> Action:
        return cls(party, ActionKind.END)

    @classmethod
    def propose(cls, party: str, outcome: int, *, group: str = "", note: str = "") -> Action:
        return cls(party, ActionKind.PROPOSE, outcome, group=group, note=note)

    @classmethod
    def conclude(cls, party: str) -> Action:
        return cls(party, ActionKind.CONCLUDE)

    @classmethod
    def veto(cls, party: str, *, group: str = "") -> Action:
        return cls(party, ActionKind.VETO, group=group)

    @classmethod
    def critique(cls, party: str, issues: Iterable[int], *, group: str = "") -> Action:
        return cls(party, ActionKind.CRITIQUE, issues=tuple(issues), group=group)

    @classmethod
    def open(cls, party: str, outcome: int) -> Action:
        return cls(party, ActionKind.OPEN, outcome)

    @classmethod
    def report_priorities(cls, party: str, report: PriorityReport) -> Action:
        return cls(party, ActionKind.REPORT, report=report)


Info = tuple[tuple[str, Any], ...]

# The keys of ``Event.info`` (read through the typed accessors of :class:`Event`).
_GROUP, _PHASE, _DAY, _ISSUES, _AGREED, _TEXT = "group", "phase", "day", "issues", "agreed", "text"
_NOTE = "note"
_REPORT, _PROTOCOL, _SCENARIO, _SEED, _CONFIG, _SEATS = "report", "protocol", "scenario", "seed", "config", "seats"


class _Unset(Enum):
    UNSET = 0


_UNSET = _Unset.UNSET


def payload(
    *,
    group: str = "",
    phase: str = "",
    day: int | None = None,
    issues: tuple[int, ...] = (),
    agreed: bool | None = None,
    text: int | _Unset | None = _UNSET,
    report: PriorityReport | None = None,
    note: str = "",
) -> Info:
    """An event's ``info`` from its typed parts, in the order the log records them (empty parts left out).

    ``text`` is recorded when given (``None`` included: a group result without a text); ``agreed``
    when not None.
    """
    out: list[tuple[str, Any]] = []
    if group:
        out.append((_GROUP, group))
    if agreed is not None:
        out.append((_AGREED, agreed))
    if not isinstance(text, _Unset):
        out.append((_TEXT, text))
    if issues:
        out.append((_ISSUES, issues))
    if phase:
        out.append((_PHASE, phase))
    if day is not None:
        out.append((_DAY, day))
    if report is not None:
        out.append((_REPORT, tuple(report)))
    if note:
        out.append((_NOTE, note))
    return tuple(out)


def started_info(protocol: str, scenario: str, config: Info, seed: int, seats: tuple[str, ...]) -> Info:
    """The ``info`` of the ``started`` event that opens every log."""
    return ((_PROTOCOL, protocol), (_SCENARIO, scenario), (_CONFIG, config), (_SEED, seed), (_SEATS, seats))


class Event(NamedTuple):
    """One entry of the record: ``kind`` at ``round``, by ``party`` ("" = the protocol).

    ``info`` holds extra payload as (key, value) pairs of JSON-friendly immutable values;
    ``to`` is the audience (``None`` public, ``()`` record only, else the seats that may see it).
    """

    kind: str
    round: int
    party: str = ""
    outcome: int | None = None
    info: Info = ()
    to: tuple[str, ...] | None = None

    def get(self, key: str, default: Any = None) -> Any:
        for k, v in self.info:
            if k == key:
                return v
        return default

    # -- typed payload: what the protocols put in ``info`` ---------------------------------------
    @property
    def group(self) -> str:
        """The working group a text, answer or result belongs to ("" = the whole package)."""
        return str(self.get(_GROUP, ""))

    @property
    def phase(self) -> str:
        """The phase a ``phase`` event opens, or the phase a text was tabled in ("" = none)."""
        return str(self.get(_PHASE, ""))

    @property
    def day(self) -> int | None:
        """The day (from 0) a ``phase``, ``opening`` or ``day-end`` event belongs to, if it says."""
        d = self.get(_DAY)
        return None if d is None else int(d)

    @property
    def issues(self) -> tuple[int, ...]:
        """The issue indices a critique names."""
        return tuple(int(j) for j in self.get(_ISSUES, ()))

    @property
    def note(self) -> str:
        """What the mediator said with a text ("" = nothing)."""
        return str(self.get(_NOTE, ""))

    @property
    def agreed(self) -> bool:
        """Whether a ``group-result`` records an agreed text."""
        return bool(self.get(_AGREED, False))

    @property
    def group_text(self) -> int | None:
        """The last text of a working group (``group-result``), agreed or not."""
        t = self.get(_TEXT)
        return None if t is None else int(t)

    @property
    def report(self) -> PriorityReport | None:
        """The confidential priorities of a ``report`` event (None where the viewer may not see them)."""
        r = self.get(_REPORT)
        return None if r is None else PriorityReport(*r)

    @property
    def protocol(self) -> str:
        """The protocol a ``started`` event names."""
        return str(self.get(_PROTOCOL, ""))

    @property
    def scenario_id(self) -> str:
        """The scenario a ``started`` event names."""
        return str(self.get(_SCENARIO, ""))

    @property
    def seed(self) -> int:
        """The seed a ``started`` event records."""
        return int(self.get(_SEED, 0))

    @property
    def config(self) -> dict[str, Any]:
        """The protocol configuration a ``started`` event records."""
        return dict(self.get(_CONFIG, ()))

    @property
    def seats(self) -> tuple[str, ...]:
        """The seats a ``started`` event lists."""
        return tuple(str(s) for s in self.get(_SEATS, ()))

    def visible_to(self, seat: str) -> bool:
        to = self.to
        return to is None or seat in to


def _freeze(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return tuple(_freeze(v) for v in value)
    if isinstance(value, dict):
        return tuple((str(k), _freeze(v)) for k, v in value.items())
    return value


def _thaw(value: Any) -> Any:
    if isinstance(value, tuple):
        return [_thaw(v) for v in value]
    return value


def event_to_dict(event: Event) -> dict[str, Any]:
    """A JSON-ready dict of an event (``info`` as a list of [key, value] pairs, order kept)."""
    out: dict[str, Any] = {"kind": event.kind, "round": event.round}
    if event.party:
        out["party"] = event.party
    if event.outcome is not None:
        out["outcome"] = event.outcome
    if event.info:
        out["info"] = [[k, _thaw(v)] for k, v in event.info]
    if event.to is not None:
        out["to"] = list(event.to)
    return out


def event_from_dict(data: Any, *, where: str = "event") -> Event:
    """The event a :func:`event_to_dict` dict describes (validated)."""
    if not isinstance(data, dict):
        raise ProtocolError(f"{where}: expected a JSON object, found {type(data).__name__}")
    try:
        kind = str(EventKind(data["kind"]))
        rnd = data["round"]
        if isinstance(rnd, bool) or not isinstance(rnd, int):
            raise ValueError(f"round must be a whole number, found {rnd!r}")
        party = data.get("party", "")
        if not isinstance(party, str):
            raise ValueError(f"party must be a string, found {party!r}")
        outcome = data.get("outcome")
        raw_info = data.get("info", [])
        if not isinstance(raw_info, list) or not all(isinstance(p, list) and len(p) == 2 for p in raw_info):
            raise ValueError("info must be a list of [key, value] pairs")
        info = tuple((str(k), _freeze(v)) for k, v in raw_info)
        to = data.get("to")
        if to is not None and (not isinstance(to, list) or not all(isinstance(x, str) for x in to)):
            raise ValueError(f"to must be a list of seat names, found {to!r}")
    except KeyError as e:
        raise ProtocolError(f"{where}: not a valid event (no {e})") from None
    except (ValueError, TypeError, RecursionError) as e:
        raise ProtocolError(f"{where}: not a valid event ({e})") from None
    if outcome is not None and (isinstance(outcome, bool) or not isinstance(outcome, int)):
        raise ProtocolError(f"{where}: outcome must be an integer index (found {outcome!r})")
    return Event(kind, rnd, party, outcome, info, None if to is None else tuple(to))


def write_events(path: str | Path, events: Iterable[Event]) -> None:
    """Write events as JSON lines (one event per line), replacing the file."""
    write_text(path, "".join(json.dumps(event_to_dict(e), separators=(",", ":")) + "\n" for e in events))


def read_events(path: str | Path) -> list[Event]:
    """Read a JSON-lines event log written by :func:`write_events`."""
    p = Path(path)
    out: list[Event] = []
    with p.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
            except json.JSONDecodeError as e:
                raise ProtocolError(f"{p}:{n}: not JSON ({e.msg})") from None
            if isinstance(data, dict) and "seal" in data:
                continue  # the seal line of a log written by accord.engine.record.write_log
            out.append(event_from_dict(data, where=f"{p}:{n}"))
    return out


_new_log = object.__new__


class SeatRecord:
    """The events of one record that one seat may see, with their positions in the record.

    Built up as the record grows (each event is looked at once per seat), so a seat's view
    carries only what that seat may see and never the record itself: a strategy cannot
    read another seat's confidential events or change the record through its view.
    """

    __slots__ = ("_events", "_positions", "_scanned", "_seat")

    def __init__(self, seat: str) -> None:
        self._seat = seat
        self._events: list[Event] = []
        self._positions: list[int] = []
        self._scanned = 0

    def _scan(self, items: list[Event], n: int) -> None:
        seat = self._seat
        events, positions = self._events, self._positions
        for i in range(self._scanned, n):
            e = items[i]
            to = e.to
            if to is None or seat in to:
                events.append(e)
                positions.append(i)
        self._scanned = n

    def upto(self, n: int) -> tuple[Event, ...]:
        """The visible events among the first ``n`` of the record."""
        return tuple(self._events[: bisect_left(self._positions, n)])

    def between(self, start: int, n: int) -> list[Event]:
        """The visible events at record positions ``start`` to ``n - 1``."""
        pos = self._positions
        return self._events[bisect_left(pos, start) : bisect_left(pos, n)]

    def span(self, start: int, n: int) -> tuple[tuple[Event, ...], tuple[int, ...]]:
        """:meth:`between` with the record position of each event."""
        pos = self._positions
        lo, hi = bisect_left(pos, start), bisect_left(pos, n)
        return tuple(self._events[lo:hi]), tuple(pos[lo:hi])


class Log(Sequence[Event]):
    """An immutable, append-only sequence of events with O(1) append.

    ``log.append(e)`` returns a new log; the old one still holds exactly what it held. Logs
    built from one another share storage while they extend the same line of play, and copy
    only when an older log is extended a second time (a branch).
    """

    __slots__ = ("_items", "_n", "_seen")

    _items: list[Event]
    _n: int
    _seen: dict[str, SeatRecord]  # per seat, shared by the logs that share ``_items``

    def __init__(self, events: Iterable[Event] = ()) -> None:
        self._items = list(events)
        self._n = len(self._items)
        self._seen = {}

    @classmethod
    def _wrap(cls, items: list[Event], n: int) -> Log:
        log = cls.__new__(cls)
        log._items = items
        log._n = n
        log._seen = {}
        return log

    def append(self, event: Event) -> Log:
        items = self._items
        n = self._n
        seen = self._seen
        if len(items) != n:
            items = items[:n]
            seen = {}
        items.append(event)
        log = _new_log(Log)
        log._items = items
        log._n = n + 1
        log._seen = seen
        return log

    def seat_record(self, seat: str) -> SeatRecord:
        """What ``seat`` may see of this record (brought up to date; see :class:`SeatRecord`)."""
        rec = self._seen.get(seat)
        if rec is None:
            rec = self._seen[seat] = SeatRecord(seat)
        if rec._scanned < len(self._items):
            rec._scan(self._items, len(self._items))
        return rec

    def extend(self, events: Iterable[Event]) -> Log:
        """The log with ``events`` appended (one new log, however many events; see :meth:`append`)."""
        batch = list(events)
        if not batch:
            return self
        log = self.append(batch[0])  # the last log of its line of play: the rest go on in place
        log._items.extend(batch[1:])
        log._n = len(log._items)
        return log

    def __len__(self) -> int:
        return self._n

    @overload
    def __getitem__(self, index: int) -> Event: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[Event, ...]: ...
    def __getitem__(self, index: int | slice) -> Event | tuple[Event, ...]:
        if isinstance(index, slice):
            return tuple(self._items[: self._n][index])
        if index < 0:
            index += self._n
        if not 0 <= index < self._n:
            raise IndexError("log index out of range")
        return self._items[index]

    def __iter__(self) -> Iterator[Event]:
        return islice(self._items, self._n)  # bounded: a log extending this one may share the list

    def since(self, start: int) -> list[Event]:
        """Events from position ``start`` on (a list copy)."""
        return self._items[start : self._n]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Log):
            return NotImplemented
        return self._n == other._n and (
            self._items is other._items or self._items[: self._n] == other._items[: other._n]
        )

    def __hash__(self) -> int:
        return hash(tuple(self._items[: self._n]))

    def __repr__(self) -> str:
        return f"Log({self._n} events)"

    def __reduce__(self) -> tuple[Any, ...]:
        return (Log, (self._items[: self._n],))
