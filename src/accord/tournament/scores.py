"""Scores and rankings of a tournament, as plain data (no pandas): leaderboard, pair matrix,
score distributions.

Every seat a strategy took is one observation of it: its utility and advantage (utility
minus reservation value), and the negotiation's agreement (0/1), social welfare (sum of
utilities), Nash product and distance to the Pareto frontier. A strategy meeting itself
counts once per seat, as in ANAC and NegMAS.

Intervals are two-sided Student t-intervals for the mean, ``mean ± t(1-α/2, n-1)·s/√n``,
over those observations (taken as independent; with deterministic strategies, repeated
negotiations are identical and the interval is then narrower than the league's variety
warrants). The t quantile is computed without SciPy: closed forms for 1 and 2 degrees of
freedom, the Cornish–Fisher expansion of Abramowitz & Stegun 26.7.5 above 200, and in
between that expansion refined by Newton steps on the exact distribution (A&S 26.7.3–4).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from statistics import NormalDist
from typing import TYPE_CHECKING, Any, NamedTuple

from accord.errors import TournamentError
from accord.tournament.records import AGREEMENT, ENDS, ERROR, Record

if TYPE_CHECKING:
    from accord.tournament.metagame import MetaGame

__all__ = [
    "INTERVAL_METHOD",
    "METRICS",
    "Breakdown",
    "Estimate",
    "Leaderboard",
    "PairMatrix",
    "StrategyScore",
    "TournamentReport",
    "breakdown",
    "distributions",
    "estimate",
    "leaderboard",
    "pair_matrix",
    "report",
    "summary",
    "t_quantile",
]

METRICS = ("utility", "advantage", "welfare", "nash_product", "agreement", "pareto_distance")
"""What a strategy is scored on (``pareto_distance``: lower is better)."""

INTERVAL_METHOD = "Student t-interval of the mean"


class Estimate(NamedTuple):
    """A mean and its confidence interval over ``n`` observations."""

    mean: float
    low: float
    high: float
    n: int


def _t_central(x: float, df: int) -> float:
    """P(|T| <= x) for Student's t with integer ``df`` (Abramowitz & Stegun 26.7.3-4, finite sums)."""
    theta = math.atan(x / math.sqrt(df))
    c2 = math.cos(theta) ** 2
    if df % 2:
        term, total = 1.0, 1.0 if df > 1 else 0.0
        for k in range(3, df, 2):  # 1 + (2/3)c^2 + (2*4)/(3*5)c^4 + ...
            term *= (k - 1) / k * c2
            total += term
        return 2 / math.pi * (theta + math.sin(theta) * math.cos(theta) * total)
    term, total = 1.0, 1.0
    for k in range(2, df, 2):  # 1 + (1/2)c^2 + (1*3)/(2*4)c^4 + ...
        term *= (k - 1) / k * c2
        total += term
    return math.sin(theta) * total


def t_quantile(p: float, df: int) -> float:
    """The ``p`` quantile of Student's t with ``df`` degrees of freedom.

    Closed forms for 1 and 2 degrees of freedom; otherwise the Cornish-Fisher expansion
    (A&S 26.7.5), polished by Newton steps on the exact distribution function up to 200.
    """
    if not 0 < p < 1 or df < 1:
        raise ValueError("t_quantile needs 0 < p < 1 and df >= 1")
    if df == 1:
        return math.tan(math.pi * (p - 0.5))
    if df == 2:
        return (2 * p - 1) / math.sqrt(2 * p * (1 - p))
    z = NormalDist().inv_cdf(p)
    g1 = (z**3 + z) / 4
    g2 = (5 * z**5 + 16 * z**3 + 3 * z) / 96
    g3 = (3 * z**7 + 19 * z**5 + 17 * z**3 - 15 * z) / 384
    g4 = (79 * z**9 + 776 * z**7 + 1482 * z**5 - 1920 * z**3 - 945 * z) / 92160
    x = z + g1 / df + g2 / df**2 + g3 / df**3 + g4 / df**4
    if df <= 200:
        log_norm = math.lgamma((df + 1) / 2) - math.lgamma(df / 2) - 0.5 * math.log(df * math.pi)
        for _ in range(4):
            cdf = 0.5 + math.copysign(0.5 * _t_central(abs(x), df), x)
            pdf = math.exp(log_norm - (df + 1) / 2 * math.log1p(x * x / df))
            x -= (cdf - p) / pdf
    return x


def estimate(values: Sequence[float], *, confidence: float = 0.95) -> Estimate:
    """Mean and t-interval of ``values`` (an interval of zero width for fewer than 2)."""
    n = len(values)
    if n == 0:
        return Estimate(math.nan, math.nan, math.nan, 0)
    mean = math.fsum(values) / n
    if n < 2:
        return Estimate(mean, mean, mean, n)
    var = math.fsum((v - mean) ** 2 for v in values) / (n - 1)
    half = t_quantile(0.5 + confidence / 2, n - 1) * math.sqrt(var / n)
    return Estimate(mean, mean - half, mean + half, n)


@dataclass(frozen=True)
class StrategyScore:
    """One line of the leaderboard."""

    strategy: str
    rank: int
    n: int  # seats taken
    errors: int  # negotiations this strategy lost by failing
    scores: Mapping[str, Estimate]  # by metric name (see METRICS)

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"strategy": self.strategy, "rank": self.rank, "n": self.n, "errors": self.errors}
        for name, e in self.scores.items():
            out[name] = e.mean
            out[f"{name}_low"] = e.low
            out[f"{name}_high"] = e.high
        return out


@dataclass(frozen=True)
class Leaderboard:
    """Strategies ranked by the mean of ``by`` (highest first; lowest for distances)."""

    rows: tuple[StrategyScore, ...]
    by: str
    confidence: float
    method: str = INTERVAL_METHOD

    def as_dicts(self) -> list[dict[str, Any]]:
        return [r.as_dict() for r in self.rows]


@dataclass(frozen=True)
class PairMatrix:
    """``values[i][j]``: mean ``metric`` of strategy i against strategy j (None if they never met).

    In a negotiation of more than two parties, every other seat's strategy counts as an
    opponent; the diagonal holds self-play.
    """

    strategies: tuple[str, ...]
    metric: str
    values: tuple[tuple[float | None, ...], ...]
    counts: tuple[tuple[int, ...], ...]


@dataclass(frozen=True)
class Breakdown:
    """``values[i][k]``: mean ``metric`` of strategy i in group k (None if it never played there).

    Groups are scenarios (``key="scenario"``) or roles, a role being one seat of one scenario
    (``"scenario: party"``).
    """

    key: str
    metric: str
    strategies: tuple[str, ...]
    groups: tuple[str, ...]
    values: tuple[tuple[float | None, ...], ...]
    counts: tuple[tuple[int, ...], ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "metric": self.metric,
            "groups": list(self.groups),
            "values": {
                s: dict(zip(self.groups, row, strict=True)) for s, row in zip(self.strategies, self.values, strict=True)
            },
        }


@dataclass(frozen=True)
class TournamentReport:
    """Everything a report shows, as plain data: what ``accord tournament report`` prints."""

    name: str
    summary: Mapping[str, Any]
    leaderboard: Leaderboard
    matrix: PairMatrix
    distributions: Mapping[str, Sequence[float]]
    distribution_metric: str
    config: Mapping[str, Any] = field(default_factory=dict)
    breakdowns: tuple[Breakdown, ...] = ()
    metagame: MetaGame | None = None
    metagame_note: str = ""  # why there is no meta-game, when there is none


def _check_metric(metric: str) -> None:
    if metric not in METRICS:
        raise TournamentError(f"unknown score {metric!r}; scores are {', '.join(METRICS)}")


def _observations(records: Iterable[Record]) -> dict[str, dict[str, list[float]]]:
    obs: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    for r in records:
        agreed = 1.0 if r.end == AGREEMENT else 0.0
        for seat, strategy in enumerate(r.strategies):
            o = obs[strategy]
            o["utility"].append(r.utilities[seat])
            o["advantage"].append(r.advantages[seat])
            o["welfare"].append(r.welfare)
            o["nash_product"].append(r.nash_product)
            o["agreement"].append(agreed)
            if r.pareto_distance is not None:
                o["pareto_distance"].append(r.pareto_distance)
    return obs


def leaderboard(records: Sequence[Record], *, by: str = "advantage", confidence: float = 0.95) -> Leaderboard:
    """Rank the strategies by the mean of ``by`` (ties: by name)."""
    _check_metric(by)
    if not 0 < confidence < 1:
        raise TournamentError(f"confidence must lie strictly between 0 and 1 (found {confidence})")
    obs = _observations(records)
    errors = Counter(r.strategies[r.failed] for r in records if r.failed is not None)
    sign = 1.0 if by == "pareto_distance" else -1.0
    rows = []
    for strategy, o in obs.items():
        scores = {m: estimate(o[m], confidence=confidence) for m in METRICS if o[m]}
        rows.append((strategy, scores, len(o["utility"])))

    def key(row: tuple[str, dict[str, Estimate], int]) -> tuple[float, str]:
        e = row[1].get(by)
        return (sign * e.mean if e is not None and not math.isnan(e.mean) else math.inf, row[0])

    rows.sort(key=key)
    return Leaderboard(
        rows=tuple(StrategyScore(s, i + 1, n, errors.get(s, 0), scores) for i, (s, scores, n) in enumerate(rows)),
        by=by,
        confidence=confidence,
    )


def pair_matrix(records: Sequence[Record], *, metric: str = "advantage", order: Sequence[str] = ()) -> PairMatrix:
    """Mean ``metric`` of each strategy against each other (rows: the strategy scored)."""
    _check_metric(metric)
    sums: dict[tuple[str, str], float] = defaultdict(float)
    counts: Counter[tuple[str, str]] = Counter()
    names: set[str] = set()
    for r in records:
        names.update(r.strategies)
        for seat, me in enumerate(r.strategies):
            value = _value(r, seat, metric)
            if value is None:
                continue
            others = {s for j, s in enumerate(r.strategies) if j != seat}
            for other in others:
                sums[me, other] += value
                counts[me, other] += 1
    ordered = [s for s in order if s in names] + sorted(names - set(order))
    values = tuple(tuple(sums[a, b] / counts[a, b] if counts[a, b] else None for b in ordered) for a in ordered)
    return PairMatrix(tuple(ordered), metric, values, tuple(tuple(counts[a, b] for b in ordered) for a in ordered))


def _value(r: Record, seat: int, metric: str) -> float | None:
    if metric == "utility":
        return r.utilities[seat]
    if metric == "advantage":
        return r.advantages[seat]
    if metric == "agreement":
        return 1.0 if r.end == AGREEMENT else 0.0
    value: float | None = getattr(r, metric)
    return value


def breakdown(
    records: Sequence[Record], *, metric: str = "advantage", key: str = "scenario", order: Sequence[str] = ()
) -> Breakdown:
    """Mean ``metric`` of each strategy per scenario (``key="scenario"``) or per role (``key="role"``)."""
    _check_metric(metric)
    if key not in ("scenario", "role"):
        raise TournamentError(f"a breakdown is by scenario or role (found {key!r})")
    sums: dict[tuple[str, str], float] = defaultdict(float)
    counts: Counter[tuple[str, str]] = Counter()
    names: set[str] = set()
    groups: dict[str, None] = {}
    for r in records:
        for seat, strategy in enumerate(r.strategies):
            value = _value(r, seat, metric)
            if value is None:
                continue
            group = r.scenario if key == "scenario" else f"{r.scenario}: {r.parties[seat]}"
            names.add(strategy)
            groups.setdefault(group, None)
            sums[strategy, group] += value
            counts[strategy, group] += 1
    ordered = [s for s in order if s in names] + sorted(names - set(order))
    cols = sorted(groups)
    return Breakdown(
        key=key,
        metric=metric,
        strategies=tuple(ordered),
        groups=tuple(cols),
        values=tuple(tuple(sums[a, g] / counts[a, g] if counts[a, g] else None for g in cols) for a in ordered),
        counts=tuple(tuple(counts[a, g] for g in cols) for a in ordered),
    )


def distributions(records: Sequence[Record], *, metric: str = "utility") -> dict[str, list[float]]:
    """Every observation of ``metric``, per strategy (for histograms and box plots)."""
    _check_metric(metric)
    out: dict[str, list[float]] = defaultdict(list)
    for r in records:
        for seat, strategy in enumerate(r.strategies):
            value = _value(r, seat, metric)
            if value is not None:
                out[strategy].append(value)
    return dict(sorted(out.items()))


def summary(records: Sequence[Record]) -> dict[str, Any]:
    """Counts over the whole tournament: negotiations, how they ended, errors, mean rounds."""
    ends = Counter(r.end for r in records)
    n = len(records)
    return {
        "negotiations": n,
        "scenarios": sorted({r.scenario for r in records}),
        "strategies": sorted({s for r in records for s in r.strategies}),
        "ends": {e: ends.get(e, 0) for e in ENDS},
        "agreement_rate": ends.get(AGREEMENT, 0) / n if n else math.nan,
        "errors": ends.get(ERROR, 0),
        "mean_rounds": math.fsum(r.rounds for r in records) / n if n else math.nan,
        "play_seconds": math.fsum(r.wall_s for r in records),
    }


def report(
    records: Sequence[Record],
    *,
    name: str = "tournament",
    by: str = "advantage",
    matrix_metric: str | None = None,
    distribution_metric: str = "utility",
    confidence: float = 0.95,
    config: Mapping[str, Any] | None = None,
) -> TournamentReport:
    """The leaderboard, the pair matrix and the score distributions of a tournament."""
    from accord.errors import AnalysisError
    from accord.tournament.metagame import metagame

    board = leaderboard(records, by=by, confidence=confidence)
    order = [row.strategy for row in board.rows]
    game: MetaGame | None = None
    note = ""
    try:
        game = metagame(records)
    except AnalysisError as e:
        note = str(e)
    return TournamentReport(
        name=name,
        summary=summary(records),
        leaderboard=board,
        matrix=pair_matrix(records, metric=matrix_metric or by, order=order),
        distributions=distributions(records, metric=distribution_metric),
        distribution_metric=distribution_metric,
        config=dict(config or {}),
        breakdowns=tuple(breakdown(records, metric=by, key=k, order=order) for k in ("scenario", "role")),
        metagame=game,
        metagame_note=note,
    )
