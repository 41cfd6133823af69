"""Many seeded runs of one negotiation, and the distribution of their outcomes.

``play_runs(scenario, seeds=range(100), protocol="phased")`` plays one run per seed (in
``jobs`` processes when asked) and returns a :class:`Distribution`: how often and by which
day the parties agreed, the most frequent deals, and each party's utility across runs.
Seeds drive everything a strategy draws at random (concession, reporting, tie-breaking),
so the distribution shows what the talks could give, not one story.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, replace
from typing import Any, NamedTuple

import numpy as np

from accord.engine.protocols.base import get_protocol
from accord.engine.runner import DEFAULT_MEDIATOR, DEFAULT_PARTY, simulate
from accord.engine.tables import MAX_TABLE_OUTCOMES, utility_table
from accord.errors import StrategyError
from accord.model.scenario import Scenario

__all__ = ["PARALLEL_RUNS", "Distribution", "RunOutcome", "UtilityStats", "default_jobs", "play_runs", "summarise"]

PARALLEL_RUNS = 100
"""From this many runs on, :func:`default_jobs` uses every available core."""


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def default_jobs(runs: int) -> int:
    """Processes for ``runs`` seeded runs: every available core from :data:`PARALLEL_RUNS` runs on, else 1.

    A run takes milliseconds, so below that starting worker processes costs more than it saves.
    """
    return _cores() if runs >= PARALLEL_RUNS else 1


class RunOutcome(NamedTuple):
    """What one seeded run ended with: the deal (or None), the day it ended, utilities."""

    seed: int
    agreement: int | None
    day: int  # 0-based day the run ended
    raw: tuple[float, ...]  # each negotiator's undiscounted utility of the result
    utility: tuple[float, ...]  # discounted to when the run ended


class UtilityStats(NamedTuple):
    party: str
    mean: float
    p10: float
    median: float
    p90: float
    low: float
    high: float


@dataclass(frozen=True)
class Distribution:
    """The outcomes of many seeded runs of one negotiation."""

    scenario: str
    protocol: str
    parties: tuple[str, ...]
    days: int
    runs: int
    agreements: int
    by_day: tuple[float, ...]  # share of runs agreed by the end of each day (cumulative)
    deals: tuple[tuple[int, int, tuple[float, ...]], ...]  # (outcome, runs, raw utilities), most frequent first
    utilities: tuple[UtilityStats, ...]  # discounted utility of the result (no deal: reservation)
    distinct: int  # distinct results (deal or no deal, and day)
    wall_s: float
    jobs: int
    results: tuple[RunOutcome, ...] = ()  # every run's outcome, by seed (utilities of ``parties`` only)
    seeds: tuple[int, int] = (0, 0)  # the first and last seed played

    def seen_by(self, party: str) -> Distribution:
        """The distribution as ``party`` may see it: every run's result, its own utilities only
        (none for a seat that is not a negotiating party, such as the mediator)."""
        keep = [i for i, p in enumerate(self.parties) if p == party]

        def mine(xs: tuple[float, ...]) -> tuple[float, ...]:
            return tuple(xs[i] for i in keep)

        return replace(
            self,
            parties=tuple(self.parties[i] for i in keep),
            deals=tuple((o, n, mine(raw)) for o, n, raw in self.deals),
            utilities=tuple(self.utilities[i] for i in keep),
            results=tuple(r._replace(raw=mine(r.raw), utility=mine(r.utility)) for r in self.results),
        )

    @property
    def agreement_rate(self) -> float:
        return self.agreements / self.runs if self.runs else 0.0

    def to_dict(self, scenario: Scenario | None = None) -> dict[str, Any]:
        deals = []
        for outcome, count, raw in self.deals:
            d: dict[str, Any] = {
                "outcome": outcome,
                "runs": count,
                "utilities": dict(zip(self.parties, raw, strict=True)),
            }
            if scenario is not None:
                d["values"] = scenario.space.values_of(scenario.space.outcome(outcome))
            deals.append(d)
        return {
            "scenario": self.scenario,
            "protocol": self.protocol,
            "runs": self.runs,
            "days": self.days,
            "agreements": self.agreements,
            "agreement_rate": self.agreement_rate,
            "agreed_by_day": list(self.by_day),
            "distinct_results": self.distinct,
            "deals": deals,
            "utilities": [s._asdict() for s in self.utilities],
            "wall_s": round(self.wall_s, 3),
            "jobs": self.jobs,
        }


@dataclass(frozen=True)
class _Spec:
    scenario: Scenario
    protocol: str
    strategies: Mapping[str, str]
    config: Mapping[str, Any]
    default_party: str
    default_mediator: str


def _play(spec: _Spec, seeds: Sequence[int]) -> list[RunOutcome]:
    scenario = spec.scenario
    parties = [p.id for p in scenario.negotiators]
    prefs = [scenario.preferences(p) for p in parties]
    small = scenario.space.size <= MAX_TABLE_OUTCOMES
    out: list[RunOutcome] = []
    for seed in seeds:
        run = simulate(
            scenario,
            protocol=spec.protocol,
            strategies=spec.strategies,
            config=spec.config,
            seed=seed,
            default_party=spec.default_party,
            default_mediator=spec.default_mediator,
        )
        proto = get_protocol(run.protocol)
        seat = proto.view(run.state, proto.seats(run.state)[0]).seat
        last = max(e.round for e in run.events)
        day = last // seat.rounds_per_day
        t = min(1.0, min(last + 1, seat.n_rounds) / (seat.n_rounds + 1))
        raw: list[float] = []
        util: list[float] = []
        for p in prefs:
            if run.agreement is None:
                u = p.reservation
            elif small:
                u = utility_table(p).u_list[run.agreement]
            else:
                u = p(scenario.space.outcome(run.agreement))
            raw.append(u)
            util.append(u * p.discount(round=last, day=day, elapsed=t))
        out.append(RunOutcome(seed, run.agreement, day, tuple(raw), tuple(util)))
    return out


def _context() -> multiprocessing.context.BaseContext:
    """Fork where available (workers start with everything loaded), else spawn."""
    if "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")  # pragma: no cover - not on Linux


def summarise(
    outcomes: Sequence[RunOutcome],
    *,
    scenario: Scenario,
    protocol: str,
    days: int,
    wall_s: float = 0.0,
    jobs: int = 1,
    top: int = 5,
) -> Distribution:
    """The distribution of ``outcomes`` (pure: the same outcomes give the same summary)."""
    parties = tuple(p.id for p in scenario.negotiators)
    n = len(outcomes)
    agreed = [o for o in outcomes if o.agreement is not None]
    last_day = max([days - 1, *(o.day for o in outcomes)]) if outcomes else days - 1
    by_day = tuple(sum(1 for o in agreed if o.day <= d) / n if n else 0.0 for d in range(last_day + 1))
    counts = Counter(o.agreement for o in agreed)
    raw_of = {o.agreement: o.raw for o in agreed}
    deals = tuple(
        (int(outcome), count, raw_of[outcome])
        for outcome, count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:top]
        if outcome is not None
    )
    stats = []
    for i, party in enumerate(parties):
        xs = np.asarray([o.utility[i] for o in outcomes], dtype=np.float64)
        if xs.size == 0:
            stats.append(UtilityStats(party, *(float("nan"),) * 6))
            continue
        p10, p50, p90 = np.quantile(xs, [0.1, 0.5, 0.9])
        stats.append(
            UtilityStats(party, float(xs.mean()), float(p10), float(p50), float(p90), float(xs.min()), float(xs.max()))
        )
    distinct = len({(o.agreement, o.day) for o in outcomes})
    ordered = tuple(sorted(outcomes, key=lambda o: o.seed))
    seeds = (ordered[0].seed, ordered[-1].seed) if ordered else (0, 0)
    return Distribution(
        scenario.id,
        protocol,
        parties,
        days,
        n,
        len(agreed),
        by_day,
        deals,
        tuple(stats),
        distinct,
        wall_s,
        jobs,
        ordered,
        seeds,
    )


def play_runs(
    scenario: Scenario,
    *,
    seeds: Iterable[int],
    protocol: str = "phased",
    strategies: Mapping[str, str] | None = None,
    config: Mapping[str, Any] | None = None,
    default_party: str = DEFAULT_PARTY,
    default_mediator: str = DEFAULT_MEDIATOR,
    jobs: int = 1,
    on_done: Callable[[int, int], None] | None = None,
) -> Distribution:
    """Play one run per seed and summarise them (``jobs`` > 1: in that many processes).

    ``on_done(done, total)`` is called as runs finish (for a progress bar). Strategies are
    given as spec strings so that they can travel to worker processes.
    """
    seeds = [int(s) for s in seeds]
    if not seeds:
        raise StrategyError("play at least one run (no seeds given)")
    if jobs < 1:
        raise StrategyError(f"the number of jobs must be positive (found {jobs})")
    spec = _Spec(scenario, protocol, dict(strategies or {}), dict(config or {}), default_party, default_mediator)
    # The first run is played here: it checks the strategies and configuration (a bad
    # spec fails once, with its own error) before any worker starts.
    t0 = time.perf_counter()
    outcomes = _play(spec, seeds[:1])
    total = len(seeds)
    if on_done is not None:
        on_done(1, total)
    rest = seeds[1:]
    jobs = max(1, min(jobs, len(rest) or 1, _cores()))
    if jobs == 1 or len(rest) < 2 * jobs:
        step = max(1, len(rest) // 50)
        for k in range(0, len(rest), step):
            outcomes += _play(spec, rest[k : k + step])
            if on_done is not None:
                on_done(len(outcomes), total)
    else:
        size = max(1, len(rest) // (jobs * 8))
        chunks = [rest[k : k + size] for k in range(0, len(rest), size)]
        with ProcessPoolExecutor(max_workers=jobs, mp_context=_context()) as pool:
            pending: set[Future[list[RunOutcome]]] = {pool.submit(_play, spec, c) for c in chunks}
            while pending:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                for f in done:
                    outcomes += f.result()
                if on_done is not None:
                    on_done(len(outcomes), total)
    outcomes.sort(key=lambda o: o.seed)
    days = _days(scenario, protocol, spec.config)
    return summarise(
        outcomes, scenario=scenario, protocol=protocol, days=days, wall_s=time.perf_counter() - t0, jobs=jobs
    )


def _days(scenario: Scenario, protocol: str, config: Mapping[str, Any]) -> int:
    cal = scenario.calendar
    if protocol == "phased":
        return int(config.get("days") or cal.days)
    n = config.get("n_rounds") or cal.total_rounds
    return max(1, -(-int(n) // max(1, cal.rounds_per_day)))
