"""What a worker does: play a batch of negotiations and turn each into a :class:`Record`.

A :class:`Context` (the scenarios, strategies and protocol settings) is built once in each
worker; batches of :class:`~accord.tournament.plan.Task` refer to it by index. Each
negotiation is played by the engine's :class:`~accord.engine.runner.Table`, as
:func:`accord.engine.runner.simulate` plays it (same seats, same seeds), but a strategy
that raises, breaks a rule or runs out of time loses that negotiation instead of stopping
the tournament: the record says which seat failed and why. Utilities, welfare, the Nash
product and the distances to the Pareto frontier and the Nash point are the engine's
:func:`accord.engine.metrics.run_metrics`, so a tournament scores a negotiation exactly as
``accord run`` does.

The time limit is the thinking time a strategy may use in one negotiation. It is checked
after every action; in addition, where the worker runs negotiations in the main thread of
its process (the serial and process back-ends, on POSIX), a timer interrupts a strategy
that never returns. The timer is armed only while a strategy thinks, for the time that
strategy has left, and its signal interrupts nothing else: never the protocol, the engine's
shared caches or the worker's own bookkeeping, however short the limit. A strategy it
interrupts has run out of time and loses the negotiation like any other.
"""

from __future__ import annotations

import json
import math
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from time import perf_counter
from types import FrameType
from typing import Any, TypeVar

from accord.engine.events import Action, EventKind, event_to_dict
from accord.engine.metrics import run_metrics
from accord.engine.protocols.base import Protocol, get_protocol
from accord.engine.runner import DEFAULT_MEDIATOR, Run, Table
from accord.engine.strategies.base import SeedLike, StandIn, Strategy
from accord.engine.strategies.registry import create
from accord.engine.view import View
from accord.errors import ActionRejected
from accord.model.scenario import Scenario
from accord.tournament.plan import Task
from accord.tournament.records import AGREEMENT, BROKEN, ERROR, TIMEOUT, Record

__all__ = ["Context", "play", "run_batch"]


class Context:
    """Everything the negotiations of one tournament share (built once in each worker).

    It travels to each worker by pickle (the scenarios with it, exactly); there the engine's
    per-scenario caches (utility tables, Pareto frontier, Nash point) then serve every batch.
    """

    def __init__(
        self,
        *,
        protocol: str,
        protocol_config: Mapping[str, Any],
        strategies: Sequence[str],
        labels: Sequence[str],
        scenarios: Sequence[Scenario],
        mediator: str | None = None,
        time_limit: float | None = None,
        traces: bool = False,
    ) -> None:
        self.protocol = protocol
        self.protocol_config = dict(protocol_config)
        self.strategies = tuple(strategies)  # specs
        self.labels = tuple(labels)  # their names in the results
        self.mediator = mediator
        self.time_limit = time_limit
        self.traces = traces  # keep each negotiation's event log with its record
        self.scenarios = tuple(scenarios)
        self._texts_of: dict[tuple[int, int], str] = {}

    def outcome_text(self, scenario: int, outcome: int) -> str:
        """An outcome in words: ``issue=option; ...`` (cached)."""
        key = (scenario, outcome)
        text = self._texts_of.get(key)
        if text is None:
            space = self.scenarios[scenario].space
            labels = space.labels_of(space.outcome(outcome))
            text = self._texts_of[key] = "; ".join(f"{k}={v}" for k, v in labels.items())
        return text

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state["_texts_of"] = {}  # a cache: rebuilt where it is needed
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)


# -- time limits -----------------------------------------------------------------------------
class _OutOfTime(BaseException):
    """Raised inside a strategy that has used up its time (a BaseException, so a strategy's
    own ``except Exception`` cannot swallow it)."""


_thinking = False
"""Whether a strategy is thinking now (the alarm interrupts nothing else)."""

_SHORTEST_ALARM = 1e-6  # seconds: an interval of 0 would disarm the timer instead
_AGAIN = 1e-3  # seconds until an alarm that was swallowed fires again

_T = TypeVar("_T")


def _on_alarm(signum: int, frame: FrameType | None) -> None:
    if _thinking:
        # again soon, in case this one lands where Python ignores exceptions (a gc callback,
        # a __del__) or the strategy swallows it; disarmed when the strategy's turn ends
        signal.setitimer(signal.ITIMER_REAL, _AGAIN)
        raise _OutOfTime


def _disarm() -> None:
    global _thinking
    _thinking = False
    signal.setitimer(signal.ITIMER_REAL, 0)


class _Timed(StandIn):
    """A seat's strategy with the alarm armed while it thinks, for the time it has left.

    The alarm can fire only inside :meth:`_think`, so the :class:`_OutOfTime` it raises
    always comes out of ``Table.play``, where :func:`play` catches it.
    """

    def __init__(self, inner: Strategy, limit: float) -> None:
        super().__init__(inner)
        self.left = limit

    def start(self, view: View, seed: SeedLike = 0) -> None:
        self._think(self.inner.start, view, seed)

    def act(self, view: View) -> Action:
        return self._think(self.inner.act, view)

    def _think(self, step: Callable[..., _T], *args: Any) -> _T:
        global _thinking
        _thinking = True
        signal.setitimer(signal.ITIMER_REAL, max(self.left, _SHORTEST_ALARM))
        t = perf_counter()
        try:
            return step(*args)
        finally:
            _disarm()
            self.left -= perf_counter() - t


@contextmanager
def _timer_allowed(limit: float | None) -> Iterator[bool]:
    """Install the alarm handler for a batch, where a timer can interrupt a strategy."""
    usable = (
        limit is not None and hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    )
    if not usable:
        yield False
        return
    previous = signal.signal(signal.SIGALRM, _on_alarm)
    hook = sys.unraisablehook

    def quiet(unraisable: Any) -> None:
        # an alarm that landed in a gc callback or a __del__ is ignored there, and fires
        # again: nothing to report (and no other hook running when it does)
        if not isinstance(unraisable.exc_value, _OutOfTime):
            hook(unraisable)

    sys.unraisablehook = quiet
    try:
        yield True
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        sys.unraisablehook = hook


# -- playing -----------------------------------------------------------------------------------
def run_batch(ctx: Context, tasks: Sequence[Task]) -> list[Record]:
    """Play a batch of negotiations (in order) and return their records."""
    with _timer_allowed(ctx.time_limit) as timer:
        return [play(ctx, task, timer=timer) for task in tasks]


def _seat_specs(ctx: Context, proto: Protocol[Any], state: Any, scenario: Scenario, task: Task) -> dict[str, str]:
    negotiators = (p.id for p in scenario.negotiators)
    specs = {p: ctx.strategies[i] for p, i in zip(negotiators, task.strategies, strict=True)}
    for seat in proto.seats(state):
        if seat not in specs:
            specs[seat] = ctx.mediator or DEFAULT_MEDIATOR
    return specs


def play(ctx: Context, task: Task, *, timer: bool = False) -> Record:
    """Play one negotiation; a failing strategy loses it (see :mod:`accord.tournament.records`).

    Only what a strategy does is held against it (constructing and starting it, choosing
    an action, and an action the protocol rejects); an error in the protocol propagates.
    """
    t0 = perf_counter()
    scenario = ctx.scenarios[task.scenario]
    proto = get_protocol(ctx.protocol)
    seed = task.seed
    state = proto.start(scenario, proto.config_of(ctx.protocol_config), seed)
    specs = _seat_specs(ctx, proto, state, scenario, task)
    limit = ctx.time_limit if ctx.time_limit is not None else math.inf
    failed: str | None = None
    error = ""
    agents: dict[str, Strategy] = {}
    for seat in proto.seats(state):
        try:
            agents[seat] = create(specs[seat])
        except Exception as e:
            failed, error = seat, f"{type(e).__name__}: {e}"
            break
    timed = timer and math.isfinite(limit)
    table = Table(proto, state, {seat: _Timed(a, limit) for seat, a in agents.items()} if timed else agents, seed)
    if failed is None:
        try:
            table.play(time_limit=limit)
        except _OutOfTime:  # raised only while a strategy thinks (see _Timed)
            table.failed, table.failure = table.current, TimeoutError()
        finally:
            if timed:
                _disarm()
        failed = table.failed
        if isinstance(table.failure, TimeoutError):
            error = f"ran out of time: thought for more than {limit:g} s (time_limit)"
        elif isinstance(table.failure, ActionRejected):
            error = f"the protocol rejected its action: {table.failure}"
        elif table.failure is not None:
            error = f"{type(table.failure).__name__}: {table.failure}"
    if failed is not None:
        error = f"{specs[failed]} in seat {failed!r}: {error}"
    state = table.state
    agreement = None if failed else proto.agreement(state)
    run = Run(scenario, proto.name, seed, specs, tuple(proto.log(state)), agreement, state)
    return _record(ctx, task, run, failed, error, perf_counter() - t0)


def _trace(run: Run) -> str:
    """The event log as JSON lines (what ``accord run --log`` writes)."""
    return "".join(json.dumps(event_to_dict(e), separators=(",", ":")) + "\n" for e in run.events)


def _record(ctx: Context, task: Task, run: Run, failed: str | None, error: str, wall: float) -> Record:
    m = run_metrics(run)
    parties = tuple(r.party for r in m.parties)
    utilities = [r.utility for r in m.parties]
    advantages = [r.advantage for r in m.parties]
    reservations = tuple(r.reservation for r in m.parties)
    lost = parties.index(failed) if failed in parties else None
    if lost is not None:  # the failing strategy loses: nothing for it, no deal for the others
        utilities[lost] = 0.0
        advantages[lost] = -reservations[lost]
    if failed is not None:
        end = ERROR
    elif m.agreement:
        end = AGREEMENT
    else:
        end = BROKEN if any(e.kind == EventKind.BROKEN for e in run.events) else TIMEOUT
    return Record(
        number=task.number,
        key=task.key,
        scenario=m.scenario,
        repetition=task.repetition,
        seed=task.seed,
        strategies=tuple(ctx.labels[i] for i in task.strategies),
        parties=parties,
        end=end,
        agreement=m.outcome,
        outcome=None if m.outcome is None else ctx.outcome_text(task.scenario, m.outcome),
        rounds=m.rounds,
        utilities=tuple(utilities),
        reservations=reservations,
        advantages=tuple(advantages),
        welfare=m.welfare if lost is None else math.fsum(utilities),
        nash_product=m.nash_product,
        pareto_distance=m.frontier_distance,
        nash_distance=m.nash_distance,
        failed=lost,
        error=error,
        wall_s=wall,
        trace=_trace(run) if ctx.traces else "",
    )
