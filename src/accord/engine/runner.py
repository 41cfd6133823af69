"""The simulation driver: seats strategies at a protocol and plays it to the end.

``simulate(scenario, protocol="phased", strategies={"ukraine": "boulware"}, seed=7)``
returns a :class:`Run`: the event record (the run's complete record), the agreement, the
strategies that played, and — computed on demand — its :class:`~accord.engine.metrics.RunMetrics`.
Each seat's strategy is seeded from ``(seed, seat number)``, so a run is reproducible.
"""

from __future__ import annotations

import math
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from accord.defaults import DEFAULT_MEDIATOR, DEFAULT_PARTY, DEFAULT_PROTOCOL
from accord.engine.events import Event
from accord.engine.plan import TimePlan
from accord.engine.protocols.base import Protocol, ProtocolConfig, get_protocol
from accord.engine.strategies.base import Strategy
from accord.engine.strategies.registry import create
from accord.errors import ActionRejected, StrategyError
from accord.model.scenario import Scenario

if TYPE_CHECKING:
    from accord.engine.metrics import RunMetrics

__all__ = ["DEFAULT_MEDIATOR", "DEFAULT_PARTY", "Run", "Table", "simulate"]


@dataclass(frozen=True, eq=False)
class Run:
    """One finished negotiation."""

    scenario: Scenario
    protocol: str
    seed: int
    strategies: Mapping[str, str]
    events: tuple[Event, ...]
    agreement: int | None
    state: Any = field(repr=False)
    wall_s: float = 0.0

    def metrics(self) -> RunMetrics:
        from accord.engine.metrics import run_metrics

        return run_metrics(self)


def _no_clock() -> float:
    return 0.0


class Table:
    """A negotiation being played: the protocol, its state, and a strategy in every seat.

    :meth:`play` runs it to the end, one action at a time. A strategy that raises, or whose
    action the protocol rejects, or that uses more than ``time_limit`` seconds of thinking in
    the negotiation, stops the play: ``failed`` names its seat and ``failure`` holds the
    exception. ``current`` is the seat acting now, so a caller that interrupts a strategy
    from outside (a timer) knows whose time ran out. Errors of the protocol itself propagate.
    """

    def __init__(self, protocol: Protocol[Any], state: Any, agents: Mapping[str, Strategy], seed: int) -> None:
        self.protocol = protocol
        self.state = state
        self.agents = dict(agents)
        self.seed = seed
        self.current = next(iter(self.agents), "")
        self.failed: str | None = None
        self.failure: Exception | None = None
        self.spent = dict.fromkeys(self.agents, 0.0)

    def _fail(self, seat: str, error: Exception) -> None:
        self.failed, self.failure = seat, error

    def play(self, *, time_limit: float = math.inf, planned: bool = True) -> None:
        """Play to the end. Where every seat's strategy has a time plan (and thinking time is
        not limited), the protocol may play the plans instead of asking move by move
        (:meth:`Protocol.play_planned`): the same record, computed in blocks of rounds.
        ``planned=False`` always asks move by move."""
        proto = self.protocol
        clock = time.perf_counter if math.isfinite(time_limit) else _no_clock
        for i, (seat, agent) in enumerate(self.agents.items()):
            self.current = seat
            t = clock()
            try:
                agent.start(proto.view(self.state, seat), (self.seed, i))
            except Exception as e:
                return self._fail(seat, e)
            self.spent[seat] += clock() - t
        plannable = type(proto).play_planned is not Protocol.play_planned  # the default plans nothing
        plans = self._plans() if planned and plannable and not math.isfinite(time_limit) else None
        turn, apply, view = proto.turn, proto.apply, proto.view
        act = {seat: agent.act for seat, agent in self.agents.items()}
        spent = self.spent
        while True:
            if plans is not None:
                ahead = proto.play_planned(self.state, plans)
                if ahead is not None:
                    self.state, plans = ahead, None
            who = turn(self.state)
            if who is None:
                return None
            self.current = who
            v = view(self.state, who)
            t = clock()
            try:
                action = act[who](v)
            except Exception as e:
                return self._fail(who, e)
            used = spent[who] = spent[who] + clock() - t
            if used > time_limit:
                return self._fail(who, TimeoutError(f"thought for more than {time_limit:g} s"))
            try:
                self.state, _ = apply(self.state, action)
            except ActionRejected as e:
                return self._fail(who, e)

    def _plans(self) -> dict[str, TimePlan] | None:
        """Every seat's time plan, or None when some seat has none."""
        plans = {}
        for seat, agent in self.agents.items():
            plan = agent.time_plan()
            if plan is None:
                return None
            plans[seat] = plan
        return plans


def _seat_strategies(
    protocol: Protocol[Any],
    state: Any,
    strategies: Mapping[str, str | Strategy],
    *,
    default_party: str,
    default_mediator: str,
) -> dict[str, Strategy]:
    seats = protocol.seats(state)
    unknown = set(strategies) - set(seats)
    if unknown:
        raise StrategyError(
            f"no seat {', '.join(sorted(unknown))} in this {protocol.name} negotiation; seats are {', '.join(seats)}"
        )
    agents: dict[str, Strategy] = {}
    for seat in seats:
        role = protocol.view(state, seat).seat.role
        spec = strategies.get(seat, default_mediator if role == "mediator" else default_party)
        agent = create(spec)
        meta = agent.info
        if role not in meta.roles:
            raise StrategyError(
                f"{meta.name!r} cannot take the {role} seat of {seat!r} (it plays: {', '.join(sorted(meta.roles))})"
            )
        if not meta.plays(protocol.name):
            raise StrategyError(
                f"{meta.name!r} does not play the {protocol.name} protocol "
                f"(it plays: {', '.join(sorted(meta.protocols))})"
            )
        agents[seat] = agent
    return agents


def simulate(
    scenario: Scenario,
    *,
    protocol: str = DEFAULT_PROTOCOL,
    strategies: Mapping[str, str | Strategy] | None = None,
    config: ProtocolConfig | Mapping[str, Any] | None = None,
    seed: int = 0,
    default_party: str = DEFAULT_PARTY,
    default_mediator: str = DEFAULT_MEDIATOR,
    isolate: bool = False,
    planned: bool = True,
) -> Run:
    """Play ``scenario`` under ``protocol`` with the given strategies (seat -> spec or instance).

    With no options these are the talks ``accord run`` plays (:mod:`accord.defaults`): the
    phased protocol, ``linear(report=strategic)`` parties and a ``nash-seeking`` mediator.
    ``isolate=True`` plays every strategy in a process of its own (see
    :mod:`accord.engine.isolation` for what that protects against, and what sharing the
    engine's process does not). ``planned=False`` asks every strategy for every move, even
    where the protocol could play their time plans (:meth:`Table.play`; the record is the same).
    """
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise StrategyError(f"seed must be a whole number >= 0 (found {seed!r})")
    t0 = time.perf_counter()
    proto = get_protocol(protocol)
    state = proto.start(scenario, proto.config_of(config), seed)
    agents = _seat_strategies(
        proto, state, strategies or {}, default_party=default_party, default_mediator=default_mediator
    )
    if isolate:
        from accord.engine.isolation import Isolated

        isolated = {seat: Isolated(agent) for seat, agent in agents.items()}
        agents = dict(isolated)
    table = Table(proto, state, agents, seed)
    try:
        table.play(planned=planned)
    finally:
        if isolate:
            for agent in isolated.values():
                agent.close()
    if table.failure is not None:
        if isinstance(table.failure, ActionRejected):
            seat = table.failed or ""
            raise StrategyError(
                f"strategy {agents[seat].spec!r} in seat {seat!r} chose an action "
                f"the protocol rejected: {table.failure}"
            ) from table.failure
        raise table.failure
    state = table.state
    return Run(
        scenario=scenario,
        protocol=proto.name,
        seed=seed,
        strategies={s: a.spec for s, a in agents.items()},
        events=tuple(proto.log(state)),
        agreement=proto.agreement(state),
        state=state,
        wall_s=time.perf_counter() - t0,
    )
