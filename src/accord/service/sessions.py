"""Negotiation sessions over the event store: create, rebuild by replay, act, read per seat.

Everything here goes through the protocol interface (start / expected / turn / apply / view
and :func:`~accord.engine.protocols.base.replay`). A session's state is rebuilt from its
stored log by the checked replay that ``accord replay`` uses, and cached; before each action
the cache is brought up to date with the store, so several processes can serve one database.

Seats held by a built-in strategy are played here, in the order the protocol's ``turn``
gives (the order ``accord run`` plays in), each seeded as ``accord run`` seeds it. After a
restart the strategies are rebuilt by letting them act again along the stored log; a
strategy that would act differently from the record is an error, never silently accepted.

A session with ``move_seconds`` gives each seat held by a person or agent that long for
each move, counted from the last move at the table. The first request that touches the
session after a deadline passed (any read, a waiter's poll, an action) applies the
protocol's rule for a missed move (:meth:`~accord.engine.protocols.base.Protocol.missed`)
to every seat then late, and stores it in one transaction; that seat's late action is then
refused (:class:`Late`, 409).
"""

from __future__ import annotations

import dataclasses
import logging
import threading
import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from accord.engine.events import Action, Event, EventKind
from accord.engine.protocols.base import Protocol, action_of, get_protocol, replay, step
from accord.engine.runner import DEFAULT_MEDIATOR, DEFAULT_PARTY, _seat_strategies
from accord.engine.strategies.base import Strategy
from accord.engine.strategies.registry import create
from accord.engine.view import View
from accord.errors import AccordError, ActionRejected, ProtocolError
from accord.model.scenario import Scenario
from accord.service.store import SessionRow, StaleLog, Store
from accord.service.tokens import digest, new_token

__all__ = ["Created", "Late", "Live", "NotFound", "SessionClosed", "Sessions", "TooMany", "scenario_of"]

log = logging.getLogger("accord.service")

PERSON = "person"
STRATEGY_PREFIX = "strategy:"


class NotFound(AccordError):
    """No such session."""


class SessionClosed(AccordError):
    """The session was closed by its organiser."""


class TooMany(AccordError):
    """The server holds as many open sessions as it is allowed (in all, or for one organiser)."""


class Late(AccordError):
    """The seat's deadline passed: its move was recorded as missed, and the turn has moved on."""


@dataclass
class Live:
    """A session in memory: its scenario, protocol, state, and its server-side strategies."""

    row: SessionRow
    scenario: Scenario
    proto: Protocol[Any]
    state: Any
    agents: dict[str, Strategy]
    lock: threading.Lock = field(default_factory=threading.Lock)
    moved_at: float = 0.0  # when the last event was stored: the current move's clock starts there

    @property
    def length(self) -> int:
        return len(self.proto.log(self.state))

    def snapshot(self) -> Live:
        """This session as it is now, unaffected by actions applied later (states are immutable)."""
        return Live(self.row, self.scenario, self.proto, self.state, self.agents, self.lock, self.moved_at)

    def view(self, seat: str) -> View:
        return self.proto.view(self.state, seat)

    def public(self, since: int = 0) -> list[tuple[int, Event]]:
        """The public events from position ``since`` on (what an observer may see)."""
        return [(since + i, e) for i, e in enumerate(self.proto.log(self.state).since(since)) if e.to is None]

    def visible(self, seat: str, since: int = 0) -> list[tuple[int, Event]]:
        """The events ``seat`` may see from position ``since`` on, through the protocol's view."""
        events, _ = self.view(seat).events_since(since)
        # events_since keeps the record's order; pair each with its position in the record
        positions = [i for i, e in enumerate(self.proto.log(self.state).since(since)) if e.visible_to(seat)]
        return [(since + p, e) for p, e in zip(positions, events, strict=True)]


@dataclass(frozen=True)
class Created:
    id: str
    organiser: str
    observer: str
    seats: dict[str, str]  # seat -> token, for the seats people or agents take


def scenario_of(row: SessionRow) -> Scenario:
    """The scenario a session was created with (an uploaded document or an embedded name)."""
    if row.scenario_json is not None:
        from accord.formats.accord_file import loads_scenario

        return loads_scenario(row.scenario_json, kind="json", source=f"session {row.id}").scenario
    from accord import scenarios

    return scenarios.get(str(row.scenario_name))


class Sessions:
    """The sessions of one store, cached in this process."""

    def __init__(self, store: Store, *, max_open: int = 1000, max_per_organiser: int | None = None) -> None:
        self.store = store
        self.max_open = max_open
        self.max_per_organiser = max_per_organiser
        self._live: dict[str, Live] = {}
        self._guard = threading.Lock()
        self._locks: dict[str, threading.Lock] = {}
        self.version: dict[str, int] = {}  # session -> log length last seen here (for waiters)

    # -- creation ------------------------------------------------------------------------------
    def create(
        self,
        scenario: Scenario,
        *,
        scenario_name: str | None,
        scenario_json: str | None,
        protocol: str,
        config: Mapping[str, Any],
        seed: int,
        seats: Mapping[str, str],
        move_seconds: float | None = None,
        organiser_key: str | None = None,
    ) -> Created:
        """Start a session; ``seats`` maps seat -> "person" or a strategy spec (unset: person).

        ``move_seconds``: each person's or agent's time for a move (None: no deadline);
        ``organiser_key``: who creates it, counted against ``max_per_organiser``."""
        if self.store.count_open() >= self.max_open:
            raise TooMany(f"this server holds {self.max_open} open sessions, its limit; close some first")
        limit = self.max_per_organiser
        if limit is not None and organiser_key is not None and self.store.count_open(organiser_key) >= limit:
            raise TooMany(
                f"{organiser_key} already organises {limit} open sessions, the limit per organiser on this "
                "server; close one first"
            )
        proto = get_protocol(protocol)
        state = proto.start(scenario, proto.config_of(config), seed)
        held = {seat: spec for seat, spec in seats.items() if spec != PERSON}
        # checked as `accord run` checks them: known seats, strategies fit for the role and protocol
        agents = _seat_strategies(proto, state, held, default_party=DEFAULT_PARTY, default_mediator=DEFAULT_MEDIATOR)
        kinds = {seat: STRATEGY_PREFIX + agents[seat].spec if seat in held else PERSON for seat in proto.seats(state)}
        sid = uuid.uuid4().hex
        organiser, observer = new_token(), new_token()
        seat_tokens = {s: new_token() for s, k in kinds.items() if k == PERSON}
        toks = [(digest(organiser), "organiser", ""), (digest(observer), "observer", "")]
        toks += [(digest(t), "seat", s) for s, t in seat_tokens.items()]
        row = SessionRow(sid, time.time(), scenario_name, scenario_json, scenario.id, proto.name, kinds, "open")
        row = dataclasses.replace(row, move_seconds=move_seconds, organiser_key=organiser_key)
        self.store.create_session(row, tuple(proto.log(state)), toks)
        log.info("session %s created: %s, %s, seats %s", sid, scenario.id, proto.name, kinds)
        live = self.load(sid)
        with live.lock:
            self._play_strategies(live)
        return Created(sid, organiser, observer, seat_tokens)

    # -- loading -------------------------------------------------------------------------------
    def _lock(self, sid: str) -> threading.Lock:
        with self._guard:
            return self._locks.setdefault(sid, threading.Lock())

    def load(self, sid: str) -> Live:
        """The session, its state brought up to date with the store."""
        with self._lock(sid):
            live = self._live.get(sid)
            row = self.store.session(sid)
            if row is None:
                raise NotFound(f"no session {sid!r}")
            if live is None or self.store.length(sid) != live.length:
                live = self._rebuild(row)
                live.moved_at = self.store.last_at(sid)
                self._live[sid] = live
                self.version[sid] = live.length
            live.row = row
        if row.move_seconds is not None:
            with live.lock:
                self._enforce_deadline(live)
        return live

    def _enforce_deadline(self, live: Live) -> None:
        """Record a missed move for every seat whose deadline has passed (the caller holds live.lock)."""
        proto, secs = live.proto, live.row.move_seconds
        if secs is None or live.row.status != "open" or proto.is_over(live.state):
            return
        now = time.time()
        late = [p for p in proto.expected(live.state).parties if p not in live.agents]
        if not late or now - live.moved_at < secs:
            return
        state, produced = live.state, list[Event]()
        for seat in late:
            if not proto.is_over(state) and seat in proto.expected(state).parties:
                state, events = proto.missed(state, seat)
                produced += events
        try:
            self.store.append(live.row.id, live.length, produced)
        except StaleLog:  # another request or process moved on: it is rebuilt on the next read
            self._live.pop(live.row.id, None)
            return
        log.info("session %s: %s missed the move (%.3g s a move)", live.row.id, ", ".join(late), secs)
        live.state, live.moved_at = state, time.time()
        self.version[live.row.id] = live.length
        self._play_strategies(live)

    def _rebuild(self, row: SessionRow) -> Live:
        scenario = scenario_of(row)
        events = self.store.events(row.id)
        proto, final = replay(scenario, events, complete=False)  # checked, event by event; may be under way
        agents = {s: create(k[len(STRATEGY_PREFIX) :]) for s, k in row.seats.items() if k.startswith(STRATEGY_PREFIX)}
        if not agents:
            return Live(row, scenario, proto, final, {})
        # Walk the record again, letting each strategy act where its seat acted.
        head = events[0]
        state = proto.start(scenario, proto.config_type.from_dict(dict(head.get("config", ()))), int(head.get("seed")))
        seed = int(head.get("seed", 0))
        for i, seat in enumerate(proto.seats(state)):
            if seat in agents:
                agents[seat].start(proto.view(state, seat), (seed, i))
        i = len(proto.log(state))
        while i < len(events):
            if events[i].kind == EventKind.MISSED:
                state, produced = step(proto, state, events[i])
                i += len(produced)
                continue
            action = action_of(events[i])
            if action.party in agents:
                again = agents[action.party].act(proto.view(state, action.party))
                if again != action:
                    raise ProtocolError(
                        f"session {row.id}: the strategy in seat {action.party!r} no longer plays as recorded"
                    )
            state, produced = proto.apply(state, action)
            i += len(produced)
        return Live(row, scenario, proto, state, agents)

    # -- acting --------------------------------------------------------------------------------
    def act(self, sid: str, action: Action, expected_seq: int | None = None) -> tuple[int, tuple[Event, ...]]:
        """Apply a seat's action and store it; returns the log length after it and its events.

        ``expected_seq`` is the log length the caller's decision was based on: if the log has
        moved since, :class:`StaleLog` is raised and nothing is stored.
        """
        live = self.load(sid)
        with live.lock:
            if live.row.status != "open":
                raise SessionClosed(f"session {sid} is closed")
            at = live.length
            if expected_seq is not None and expected_seq != at:
                raise StaleLog(f"the action was based on the log at position {expected_seq}; it is now at {at}")
            if action.party in live.agents:
                raise ActionRejected(f"seat {action.party!r} is played by a built-in strategy", party=action.party)
            self._refuse_late(live, action.party)
            state, produced = live.proto.apply(live.state, action)
            try:
                self.store.append(sid, at, produced)
            except StaleLog:
                self._live.pop(sid, None)
                raise
            live.state, live.moved_at = state, time.time()
            self.version[sid] = live.length
            self._play_strategies(live)
            return at + len(produced), produced

    @staticmethod
    def _refuse_late(live: Live, seat: str) -> None:
        """Refuse the action of a seat whose last move at the table was recorded as missed."""
        if seat in live.proto.expected(live.state).parties:
            return
        events = tuple(live.proto.log(live.state))
        for pos in range(len(events) - 1, -1, -1):
            e = events[pos]
            if e.party == seat:
                if e.kind == EventKind.MISSED:
                    raise Late(
                        f"seat {seat!r} is late: it had {live.row.move_seconds:g} s for its move, which was recorded "
                        f"as missed at position {pos}; the turn has moved on"
                    )
                return

    def _play_strategies(self, live: Live) -> None:
        """Let built-in strategies act while the turn is theirs (the caller holds live.lock)."""
        proto = live.proto
        while True:
            who = proto.turn(live.state)
            if who is None or who not in live.agents:
                return
            action = live.agents[who].act(proto.view(live.state, who))
            state, produced = proto.apply(live.state, action)  # a rejected action is the strategy's bug
            try:
                self.store.append(live.row.id, live.length, produced)
            except StaleLog:
                self._live.pop(live.row.id, None)  # another process moved on: rebuild on next read
                return
            live.state, live.moved_at = state, time.time()
            self.version[live.row.id] = live.length

    def close(self, sid: str) -> None:
        if not self.store.set_status(sid, "closed"):
            raise NotFound(f"no session {sid!r}")
        self._live.pop(sid, None)

    @staticmethod
    def seats_info(live: Live) -> dict[str, dict[str, str]]:
        """Each seat's role and who holds it (a person/agent, or a named strategy)."""
        out = {}
        for seat in live.proto.seats(live.state):
            kind = live.row.seats.get(seat, PERSON)
            out[seat] = {
                "role": live.view(seat).seat.role,
                "held_by": "person" if kind == PERSON else kind,
            }
        return out
