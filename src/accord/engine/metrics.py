"""Per-run metrics, in one place: agreement, time, utilities, welfare, and the analysis yardsticks.

Each party's utility is the utility of the agreement (or of no deal: its reservation value),
discounted by its own cost of delay at the moment the run ended. The yardsticks — the
Pareto frontier of the packages every party can accept (no red line crossed, no party
below its no-deal value; the whole frontier when no package is acceptable) and the Nash
package — come from :mod:`accord.analysis`; distances are Euclidean, in undiscounted
utility space, from the result's utility vector (the reservation vector when there is no
agreement).

The verdict of a run without agreement is worded from what was measured: the issues the
last text settled, how much of the distance between the texts and the parties' stated
positions closed from the first day to the last, and the issues left open.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from accord.arrays import FloatArray
from accord.engine.events import EventKind
from accord.engine.progress import Progress
from accord.engine.protocols.base import get_protocol
from accord.model.scenario import Scenario

if TYPE_CHECKING:
    from accord.engine.runner import Run

__all__ = ["PartyResult", "Reference", "RunMetrics", "reference", "run_metrics"]


@dataclass(frozen=True)
class PartyResult:
    party: str
    utility: float  # of the result, discounted to when the run ended
    raw_utility: float  # undiscounted
    reservation: float  # discounted likewise
    advantage: float  # utility - reservation


@dataclass(frozen=True)
class Reference:
    """The analysis yardsticks of a scenario, in the negotiators' utility space."""

    parties: tuple[str, ...]
    frontier: FloatArray  # (k, n) utility vectors of the Pareto-optimal agreements
    nash_outcome: int | None
    nash_point: FloatArray | None


@dataclass(frozen=True)
class RunMetrics:
    scenario: str
    protocol: str
    seed: int
    agreement: bool
    outcome: int | None
    rounds: int  # rounds used
    n_rounds: int
    time: float  # relative time at the end
    day: int  # day the run ended (0-based)
    parties: tuple[PartyResult, ...]
    welfare: float
    nash_product: float
    frontier_distance: float | None
    on_frontier: bool | None
    nash_distance: float | None
    nash_outcome: int | None
    verdict: str
    progress: tuple[Progress, ...]

    def utility(self, party: str) -> float:
        for r in self.parties:
            if r.party == party:
                return r.utility
        raise KeyError(party)

    def to_dict(self, scenario: Scenario | None = None) -> dict[str, Any]:
        """JSON-ready dict (with the agreement's option values when a scenario is given)."""
        d = asdict(self)
        d["progress"] = [dict(zip(p._fields, p, strict=True)) for p in self.progress]
        if scenario is not None:
            d["outcome_values"] = (
                None if self.outcome is None else scenario.space.values_of(scenario.space.outcome(self.outcome))
            )
            d["nash_values"] = (
                None
                if self.nash_outcome is None
                else scenario.space.values_of(scenario.space.outcome(self.nash_outcome))
            )
        return d


_REFERENCE_ATTR = "_accord_reference"
_NONE = object()


def reference(scenario: Scenario) -> Reference | None:
    """The scenario's Pareto frontier and Nash package (None if too large to enumerate).

    Kept on the scenario object itself, not in a module-level cache: the frontier holds every
    party's utilities, and a strategy can read a module's globals but never holds the scenario.
    """
    cached = vars(scenario).get(_REFERENCE_ATTR)
    if cached is None:
        built = _build_reference(scenario)
        object.__setattr__(scenario, _REFERENCE_ATTR, _NONE if built is None else built)
        return built
    return None if cached is _NONE else cached


def _build_reference(scenario: Scenario) -> Reference | None:
    from accord.analysis import nash, pareto_frontier
    from accord.errors import FrontierTooLargeError, SpaceTooLargeError, UndefinedSolutionError

    parties = tuple(p.id for p in scenario.negotiators)
    try:
        full = pareto_frontier(scenario, ties=False)
        acceptable = pareto_frontier(scenario, acceptable=True, ties=False)
    except (SpaceTooLargeError, FrontierTooLargeError):
        return None  # too large for an exact reference; any other analysis error is a fault
    chosen = acceptable if len(acceptable.utilities) else full
    frontier = np.unique(np.asarray(chosen.utilities, dtype=np.float64), axis=0)
    nash_outcome: int | None = None
    nash_point: FloatArray | None = None
    try:
        solution = nash(acceptable)
    except UndefinedSolutionError:
        pass
    else:
        nash_outcome = scenario.space.index(solution.outcome)
        nash_point = np.asarray([solution.utilities[p] for p in parties], dtype=np.float64)
    return Reference(parties, frontier, nash_outcome, nash_point)


def _verdict(run: Run, progress: tuple[Progress, ...], agreed: bool) -> str:
    if agreed:
        return "agreement"
    if any(e.kind == EventKind.BROKEN for e in run.events):
        return "no agreement: a party walked away"
    if progress:
        return "no agreement: " + _measured(run.scenario, progress)
    return "no agreement by the deadline"


def _measured(scenario: Scenario, progress: tuple[Progress, ...]) -> str:
    """What moved, in words, from the first and last day's measures."""
    first, last = progress[0], progress[-1]
    n = scenario.space.n_issues
    before = sum(x for _, x in first.distance)
    after = sum(x for _, x in last.distance)
    parts = [f"{len(last.settled)} of {n} issues settled"]
    if len(progress) > 1 and before > 1e-9:
        closed = (before - after) / before
        if closed > 1e-9:
            parts.append(f"distance to acceptance closed by {closed:.0%} ({before:.2f} to {after:.2f})")
        elif closed < -1e-9:
            parts.append(f"distance to acceptance grew ({before:.2f} to {after:.2f})")
        else:
            parts.append(f"distance to acceptance unchanged ({after:.2f})")
    if last.accepting:
        parts.append(f"{last.accepting} of {len(last.distance)} parties accept the last text")
    settled = set(last.settled)
    open_issues = [iss.label for iss in scenario.space.issues if iss.name not in settled]
    if open_issues and len(open_issues) < n:
        parts.append("open: " + ", ".join(open_issues))
    moved = bool(last.settled) or last.accepting > 0 or (len(progress) > 1 and after < before - 1e-9)
    return ("; ".join(parts)) if moved else "no progress (" + "; ".join(parts) + ")"


def run_metrics(run: Run) -> RunMetrics:
    """The metrics of a finished run."""
    scenario = run.scenario
    proto = get_protocol(run.protocol)
    seats = proto.seats(run.state)
    seat = proto.view(run.state, seats[0]).seat
    n_rounds, rpd = seat.n_rounds, seat.rounds_per_day
    last_round = max(e.round for e in run.events)
    rounds = min(last_round + 1, n_rounds)
    t = min(1.0, rounds / (n_rounds + 1))
    day = last_round // rpd
    agreed = run.agreement is not None
    parties = tuple(p.id for p in scenario.negotiators)
    raw: list[float] = []
    results: list[PartyResult] = []
    for pid in parties:
        prefs = scenario.preferences(pid)
        d = prefs.discount(round=last_round, day=day, elapsed=t)
        # evaluated afresh, not read from the table the party's strategy also holds
        u = prefs(scenario.space.outcome(run.agreement)) if run.agreement is not None else prefs.reservation
        raw.append(u)
        results.append(PartyResult(pid, u * d, u, prefs.reservation * d, (u - prefs.reservation) * d))
    welfare = sum(r.utility for r in results)
    nash_product = math.prod(max(0.0, r.advantage) for r in results) if agreed else 0.0
    progress = tuple(Progress.from_info(e.info) for e in run.events if e.kind == EventKind.DAY_END)
    ref = reference(scenario)
    frontier_distance = nash_distance = None
    on_frontier: bool | None = None
    nash_outcome = None
    if ref is not None and ref.frontier.size:
        point = np.asarray(raw)
        frontier_distance = float(np.sqrt(np.min(np.sum((ref.frontier - point) ** 2, axis=1))))
        on_frontier = frontier_distance < 1e-9
        if ref.nash_point is not None:
            nash_distance = float(np.linalg.norm(ref.nash_point - point))
            nash_outcome = ref.nash_outcome
    return RunMetrics(
        scenario=scenario.id,
        protocol=run.protocol,
        seed=run.seed,
        agreement=agreed,
        outcome=run.agreement,
        rounds=rounds,
        n_rounds=n_rounds,
        time=round(t, 6),
        day=day,
        parties=tuple(results),
        welfare=welfare,
        nash_product=nash_product,
        frontier_distance=frontier_distance,
        on_frontier=on_frontier,
        nash_distance=nash_distance,
        nash_outcome=nash_outcome,
        verdict=_verdict(run, progress, agreed),
        progress=progress,
    )
