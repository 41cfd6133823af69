"""The protocol interface: a pure state machine with no clock and no I/O.

``start(scenario, config, seed) -> state``; ``expected(state) -> Expected`` (who must act
and what they may do); ``apply(state, action) -> (state, events)``, which raises
:class:`~accord.errors.ActionRejected` and leaves the state untouched when the action
breaks a rule; ``view(state, seat) -> View`` (what that seat may see).

The record of a run is ``state.log``. It opens with a ``started`` event naming the
protocol, its configuration and the seed; every later event that names a party is that
party's action, and the events without a party that follow it are its consequences.
:func:`replay` re-applies every action to a fresh start and checks that the protocol
produces exactly the recorded consequences, so a log rebuilds the same state or is refused.

A seat that does not act in time gets the protocol's rule for a missed move,
:meth:`Protocol.missed`: a ``missed`` event naming the seat, then its consequences. The
protocol has no clock: whoever runs it (the service) decides that the deadline passed.
"""

from __future__ import annotations

import dataclasses
import math
from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from enum import StrEnum
from typing import Any, ClassVar, Generic, NamedTuple, TypeVar
from typing import Protocol as TypingProtocol

from accord.discovery import Discovery
from accord.engine.events import Action, ActionKind, Event, EventKind, Log, PriorityReport, started_info
from accord.engine.plan import TimePlan
from accord.engine.view import GroupInfo, Seat, View
from accord.errors import ActionRejected, ProtocolError
from accord.model.scenario import MAX_ROUNDS, Role, Scenario
from accord.model.space import OutcomeSpace

__all__ = [
    "ENTRY_POINTS",
    "Capabilities",
    "Expected",
    "Feature",
    "Layout",
    "Protocol",
    "ProtocolConfig",
    "action_of",
    "check_feasible",
    "check_outcome",
    "discover_protocols",
    "get_protocol",
    "protocol_names",
    "register_protocol",
    "replay",
    "started_event",
    "step",
]


class StateLike(TypingProtocol):
    """What every protocol state holds: its record so far and the agreement (once reached)."""

    @property
    def log(self) -> Log: ...

    @property
    def agreement(self) -> int | None: ...


S = TypeVar("S", bound=StateLike)


class Expected(NamedTuple):
    """Who must act now (in any order) and which action kinds they may use."""

    parties: tuple[str, ...]
    kinds: frozenset[str]
    group: str = ""


NOBODY = Expected((), frozenset())


@dataclasses.dataclass(frozen=True)
class ProtocolConfig:
    """Base of the protocols' configuration records (plain, JSON-friendly fields)."""

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ProtocolConfig:
        names = {f.name for f in dataclasses.fields(cls)}
        unknown = set(data) - names
        if unknown:
            raise ProtocolError(
                f"unknown {cls.__name__} option(s): {', '.join(sorted(unknown))}; "
                f"options are {', '.join(sorted(names))}"
            )
        for f in dataclasses.fields(cls):
            value = data.get(f.name)
            if f.type in ("bool", bool) and f.name in data and not isinstance(value, bool):
                raise ProtocolError(f"{cls.__name__}: {f.name} must be true or false (found {value!r})")
        try:
            return cls(**dict(data))
        except TypeError as e:
            raise ProtocolError(f"{cls.__name__}: {e}") from None


def check_positive(name: str, value: object, *, allow_none: bool = True) -> None:
    if value is None and allow_none:
        return
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ProtocolError(f"{name} must be a positive integer (found {value!r})")
    if value > MAX_ROUNDS:
        raise ProtocolError(f"{name} must be at most {MAX_ROUNDS:,} (found {value:,})")


def check_outcome(size: int, party: str, outcome: object, space: OutcomeSpace | None = None) -> int:
    """Validate an outcome index named by an action (raises ActionRejected).

    With ``space``, a package combining options that cannot go together is refused too.
    """
    if isinstance(outcome, bool) or not isinstance(outcome, int):
        raise ActionRejected(f"an outcome index (an integer) is required, found {outcome!r}", party=party)
    if not 0 <= outcome < size:
        raise ActionRejected(f"outcome index {outcome} is outside 0..{size - 1}", party=party)
    if space is not None and space.exclusions:
        check_feasible(space, party, outcome)
    return outcome


def check_feasible(space: OutcomeSpace, party: str, outcome: int) -> None:
    """Refuse a package that holds a combination of options the scenario excludes."""
    digits = space.outcome(outcome)
    for ex in space.exclusions:
        if all(digits[j] == k for j, k in ex):
            combo = " with ".join(f"{space.issues[j].name}={space.issues[j].value(k)}" for j, k in ex)
            raise ActionRejected(f"package {outcome} combines {combo}, which cannot go together", party=party)


def check_report(space_radices: Sequence[int], party: str, report: object) -> PriorityReport:
    """Validate a confidential priority report (raises ActionRejected)."""
    if not isinstance(report, PriorityReport):
        raise ActionRejected("a report action needs a PriorityReport", party=party)
    n = len(space_radices)
    if len(report.weights) != n or len(report.values) != n:
        raise ActionRejected(f"a report needs one weight and one value list per issue ({n})", party=party)
    for w in report.weights:
        if not (isinstance(w, int | float) and math.isfinite(w) and w >= 0):
            raise ActionRejected(f"report weights must be numbers >= 0 (found {w!r})", party=party)
    if abs(sum(report.weights) - 1.0) > 1e-6:
        raise ActionRejected("report weights must sum to 1", party=party)
    for j, (row, r) in enumerate(zip(report.values, space_radices, strict=True)):
        if len(row) != r:
            raise ActionRejected(f"report values for issue {j} need {r} entries", party=party)
        for v in row:
            if not (isinstance(v, int | float) and -1e-9 <= v <= 1 + 1e-9):
                raise ActionRejected(f"report values must lie in [0, 1] (found {v!r})", party=party)
    if not (isinstance(report.reservation, int | float) and 0 <= report.reservation <= 1):
        raise ActionRejected("report reservation must lie in [0, 1]", party=party)
    for pair in report.red_lines:
        if len(pair) != 2 or not (0 <= pair[0] < n) or not (0 <= pair[1] < space_radices[pair[0]]):
            raise ActionRejected(f"report red line {pair!r} names no issue option", party=party)
    return report


class Layout(StrEnum):
    """How the transcript and the story lay a run of a protocol out."""

    OFFERS = "offers"  # one table of offers, accepts and walk-aways
    TEXTS = "texts"  # the mediator's texts, each with the parties' answers
    DAYS = "days"  # day by day, phase by phase


class Feature(StrEnum):
    """Capabilities a strategy may need beyond action kinds (see :meth:`Capabilities.provides`)."""

    MEDIATED = "mediated"
    DAYS = "days"
    PHASES = "phases"


@dataclasses.dataclass(frozen=True)
class Capabilities:
    """What a protocol offers, declared next to its rules; strategies and renderers go by it.

    ``mediated``: a mediator seat tables texts; ``days``: the talks run over the scenario's
    calendar, day by day, in ``phases`` (phase -> the heading the story gives it);
    ``action_kinds``: every action a seat may take; ``layout``: how a run is told.
    """

    action_kinds: frozenset[str]
    layout: Layout
    mediated: bool = False
    days: bool = False
    phases: Mapping[str, str] = dataclasses.field(default_factory=dict)

    def provides(self) -> frozenset[str]:
        """The capability names a strategy may need: the action kinds, and the :class:`Feature` flags."""
        flags = {Feature.MEDIATED: self.mediated, Feature.DAYS: self.days, Feature.PHASES: bool(self.phases)}
        return self.action_kinds | {str(k) for k, on in flags.items() if on}


class Protocol(ABC, Generic[S]):
    """A negotiation protocol: rules only, no clock, no I/O, deterministic."""

    name: ClassVar[str]
    description: ClassVar[str]
    config_type: ClassVar[type[ProtocolConfig]]
    capabilities: ClassVar[Capabilities]

    @abstractmethod
    def start(self, scenario: Scenario, config: ProtocolConfig | None = None, seed: int = 0) -> S:
        """The state before anyone acts (its log holds the ``started`` event)."""

    @abstractmethod
    def expected(self, state: S) -> Expected:
        """Who must act now and what they may do (no one, once the negotiation is over)."""

    def turn(self, state: S) -> str | None:
        """The seat to act next (the first of ``expected``), or None once it is over."""
        parties = self.expected(state).parties
        return parties[0] if parties else None

    @abstractmethod
    def apply(self, state: S, action: Action) -> tuple[S, tuple[Event, ...]]:
        """The state after ``action`` and the events it produced; raises ActionRejected."""

    @abstractmethod
    def view(self, state: S, seat: str) -> View:
        """What ``seat`` may see now."""

    def log(self, state: S) -> Log:
        """The record so far."""
        return state.log

    def admit(self, state: S, action: Action) -> Expected:
        """The turn check every ``apply`` starts with: the seat exists, the talks go on, it is
        the seat's turn and the action's kind is allowed now. Returns what was expected;
        raises :class:`~accord.errors.ActionRejected` otherwise."""
        exp = self._due(state, action.party, "acted out of turn")
        if action.kind not in exp.kinds:
            raise ActionRejected(
                f"cannot '{action.kind}' now; allowed: {', '.join(sorted(exp.kinds))}", party=action.party
            )
        return exp

    def _due(self, state: S, party: str, refusal: str) -> Expected:
        """What is expected, once ``party`` is known to hold a seat that is due to act now."""
        seats = self.seats(state)
        if party not in seats:
            raise ActionRejected(f"has no seat here (seats: {', '.join(seats)})", party=party)
        if self.is_over(state):
            raise ActionRejected("the negotiation is over", party=party)
        exp = self.expected(state)
        if party not in exp.parties:
            raise ActionRejected(
                f"{refusal}: waiting for {', '.join(exp.parties)} to {'/'.join(sorted(exp.kinds))}", party=party
            )
        return exp

    def missed(self, state: S, seat: str) -> tuple[S, tuple[Event, ...]]:
        """The state after ``seat`` missed the move it was due to make, and the events recorded:
        a ``missed`` event naming the seat, then the protocol's consequence (see each
        protocol's :meth:`on_missed`). Raises :class:`~accord.errors.ActionRejected`, state
        untouched, when the seat is not due to act (so it cannot be late). Clock-free: the
        caller applies it only once the seat's deadline has passed."""
        exp = self._due(state, seat, "is not due to act, so it cannot miss a move")
        return self.on_missed(state, seat, exp)

    def on_missed(self, state: S, seat: str, expected: Expected) -> tuple[S, tuple[Event, ...]]:
        """The protocol's consequence of a missed move by ``seat`` (which ``expected`` names).

        A protocol without a rule refuses; the built-in protocols each define theirs."""
        raise ActionRejected(f"protocol {self.name!r} has no rule for a missed move", party=seat)

    def play_planned(self, state: S, plans: Mapping[str, TimePlan]) -> S | None:
        """The state at the end, played from every seat's time plan (:mod:`accord.engine.plan`)
        without asking the seats move by move; None where this protocol cannot plan ``state``
        (the caller then plays it move by move). The record must be exactly the one move by
        move play produces. The default plans nothing."""
        return None

    @abstractmethod
    def is_over(self, state: S) -> bool: ...

    def agreement(self, state: S) -> int | None:
        """The agreed outcome index, or None (no agreement, or not over yet)."""
        return state.agreement

    @abstractmethod
    def seats(self, state: S) -> tuple[str, ...]:
        """Every seat that acts in this negotiation (negotiators, then the mediator if any)."""

    def config_of(self, config: ProtocolConfig | Mapping[str, Any] | None) -> ProtocolConfig:
        if config is None:
            return self.config_type()
        if isinstance(config, Mapping):
            return self.config_type.from_dict(config)
        if not isinstance(config, self.config_type):
            raise ProtocolError(
                f"protocol {self.name!r} takes a {self.config_type.__name__}, not {type(config).__name__}"
            )
        return config


def started_event(protocol: str, scenario: Scenario, config: ProtocolConfig, seed: int, seats: Sequence[str]) -> Event:
    frozen = tuple((k, _freeze(v)) for k, v in config.to_dict().items())
    return Event(EventKind.STARTED, 0, "", None, started_info(protocol, scenario.id, frozen, seed, tuple(seats)), None)


def _freeze(v: Any) -> Any:
    if isinstance(v, list | tuple):
        return tuple(_freeze(x) for x in v)
    return v


def make_seats(
    scenario: Scenario,
    protocol: str,
    n_rounds: int,
    rounds_per_day: int,
    *,
    mediator: str | None,
    with_groups: bool = False,
) -> dict[str, Seat]:
    """Seats for the negotiators (and the mediator seat, if ``mediator`` is given)."""
    parties = tuple(p.id for p in scenario.negotiators)
    groups: tuple[GroupInfo, ...] = ()
    if with_groups:
        groups = tuple(
            GroupInfo(
                g.id,
                tuple(scenario.space.issue_index(n) for n in g.issues),
                tuple(m for m in g.members if m in parties) or parties,
            )
            for g in scenario.working_groups
        )
    seats = {
        p.id: Seat(
            p.id, "party", p.preferences, scenario.space, protocol, parties, mediator, n_rounds, rounds_per_day, groups
        )
        for p in scenario.negotiators
    }
    if mediator is not None:
        prefs = None
        for p in scenario.parties:
            if p.id == mediator and p.role is Role.MEDIATOR:
                prefs = p.preferences
        seats[mediator] = Seat(
            mediator, "mediator", prefs, scenario.space, protocol, parties, mediator, n_rounds, rounds_per_day, groups
        )
    return seats


def mediator_seat(scenario: Scenario, requested: str | None) -> str:
    """The mediator's seat id: the requested one, the scenario's mediator, or ``mediator``."""
    negotiators = {p.id for p in scenario.negotiators}
    if requested:
        if requested in negotiators:
            raise ProtocolError(f"{requested!r} negotiates in this scenario and cannot also mediate")
        return requested
    m = scenario.mediator
    return m.id if m is not None else "mediator"


_PROTOCOLS: dict[str, Protocol[Any]] = {}

ENTRY_POINTS = "accord.protocols"
"""The entry-point group an installed package names its protocols in (``name = module:Class``)."""


def register_protocol(protocol: Protocol[Any]) -> Protocol[Any]:
    """Make ``protocol`` available under its name (the module that defines it calls this)."""
    for attr in ("name", "description", "config_type", "capabilities"):
        if not hasattr(protocol, attr):
            raise ProtocolError(f"protocol {type(protocol).__name__} does not declare its {attr}")
    _PROTOCOLS[protocol.name] = protocol
    return protocol


_DISCOVERY: Discovery[Protocol[Any]] = Discovery(
    "accord.engine.protocols", ENTRY_POINTS, Protocol, _PROTOCOLS, register_protocol, ProtocolError
)


def discover_protocols() -> None:
    """Find the protocols: the modules of this package, then the ``accord.protocols`` entry
    points (a module, a :class:`Protocol` subclass or instance). Safe to call again."""
    _DISCOVERY.refresh()


def _load_builtins() -> None:
    _DISCOVERY.ensure()


def protocol_names() -> list[str]:
    _load_builtins()
    return sorted(_PROTOCOLS)


def get_protocol(name: str) -> Protocol[Any]:
    """The protocol registered under ``name`` (saop, single-text, phased, or one discovered)."""
    _load_builtins()
    if name not in _PROTOCOLS:
        discover_protocols()  # installed since the first look?
    try:
        return _PROTOCOLS[name]
    except KeyError:
        raise ProtocolError(f"no protocol {name!r}; protocols are {', '.join(sorted(_PROTOCOLS))}") from None


_EVENT_ACTION = {
    EventKind.OFFER: ActionKind.OFFER,
    EventKind.ACCEPT: ActionKind.ACCEPT,
    EventKind.END: ActionKind.END,
    EventKind.TEXT: ActionKind.PROPOSE,
    EventKind.CONCLUDE: ActionKind.CONCLUDE,
    EventKind.VETO: ActionKind.VETO,
    EventKind.CRITIQUE: ActionKind.CRITIQUE,
    EventKind.OPENING: ActionKind.OPEN,
    EventKind.REPORT: ActionKind.REPORT,
}


def action_of(event: Event) -> Action:
    """The action a party's event records."""
    try:
        kind = _EVENT_ACTION[EventKind(event.kind)]
    except (KeyError, ValueError):
        raise ProtocolError(f"event {event.kind!r} by {event.party!r} is not a party's action") from None
    return Action(
        party=event.party,
        kind=str(kind),
        outcome=event.outcome if kind in (ActionKind.OFFER, ActionKind.PROPOSE, ActionKind.OPEN) else None,
        issues=event.issues,
        group=event.group,
        report=event.report,
        note=event.note if kind == ActionKind.PROPOSE else "",
    )


def step(proto: Protocol[S], state: S, event: Event) -> tuple[S, tuple[Event, ...]]:
    """Re-apply the seat's move ``event`` records (an action, or a missed move) to ``state``."""
    if event.kind == EventKind.MISSED:
        return proto.missed(state, event.party)
    return proto.apply(state, action_of(event))


def replay(scenario: Scenario, events: Sequence[Event], *, complete: bool = True) -> tuple[Protocol[Any], Any]:
    """Rebuild a run's state from its record (checked event by event).

    Returns the protocol and the final state. Raises :class:`ProtocolError` if the record
    was not produced by this scenario, an event is not what the rules produce, or (with
    ``complete``) the record stops before the negotiation ended.
    """
    if not events or events[0].kind != EventKind.STARTED:
        raise ProtocolError("an event log must open with a 'started' event")
    head = events[0]
    proto = get_protocol(head.protocol)
    if head.scenario_id != scenario.id:
        raise ProtocolError(f"the log is of scenario {head.scenario_id!r}, not {scenario.id!r}")
    seed = head.get("seed", 0)
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise ProtocolError(f"the 'started' event's seed must be a whole number >= 0 (found {seed!r})")
    try:
        config = proto.config_type.from_dict(head.config)
        state = proto.start(scenario, config, seed)
    except (TypeError, ValueError, OverflowError) as err:
        raise ProtocolError(f"the 'started' event's configuration is not valid ({err})") from None
    opening = tuple(proto.log(state))
    if tuple(events[: len(opening)]) != opening:
        raise ProtocolError("the log's opening events do not match this scenario and configuration")
    i = len(opening)
    while i < len(events):
        e = events[i]
        if not e.party:
            raise ProtocolError(f"event {i} ({e.kind}) has no party and follows no action")
        try:
            state, produced = step(proto, state, e)
        except ActionRejected as err:
            raise ProtocolError(f"event {i} ({e.kind} by {e.party}) breaks the rules: {err}") from None
        except (TypeError, ValueError, IndexError, OverflowError) as err:
            raise ProtocolError(f"event {i} ({e.kind} by {e.party}) is not a valid action ({err})") from None
        recorded = tuple(events[i : i + len(produced)])
        if recorded != produced:
            raise ProtocolError(f"events {i}..{i + len(produced) - 1} differ from what the protocol produces")
        i += len(produced)
    if complete and not proto.is_over(state):
        raise ProtocolError(f"the log stops after {len(events)} events, before the negotiation ended")
    return proto, state
