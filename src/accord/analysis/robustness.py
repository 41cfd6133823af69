"""How sure are we: the zone of agreement and each package's chances under uncertain preferences.

A scenario's :class:`~accord.model.uncertainty.Uncertain` parameters (reservation values,
weights, option values) are drawn jointly (independently of each other) and every draw is
analysed at once, as arrays over draws x packages:

- the probability that a zone of agreement exists;
- for each package, the probability that every party accepts it (and each party's);
- the most robust packages; how often each package is the Nash package.

**Exact** when every uncertain parameter is discrete and their combinations number at most
``exact_limit``: each combination is weighted by its probability. Otherwise **Monte Carlo**
with a seeded generator, and every probability comes with its 95% error
(``1.96 * sqrt(p (1 - p) / n)``). A weight drawn moves the party's other weights in
proportion (see :func:`accord.model.uncertainty.reweight`). A cost of delay does not change
which packages are acceptable: its uncertainty is reported and left out of these numbers.

Utilities of all packages are built per draw from two halves of the issues (the sums over
the first issues plus the sums over the rest), so the work per draw is one addition per
package, with no Python loop over draws.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from accord.analysis.panel import Panel, select_parties
from accord.errors import AnalysisError, SpaceTooLargeError
from accord.model.preferences import LinearAdditive
from accord.model.scenario import Scenario
from accord.model.uncertainty import Uncertain

__all__ = ["EXACT_LIMIT", "ROBUSTNESS_LIMIT", "Robustness", "acceptance", "robustness"]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

ROBUSTNESS_LIMIT = 2_000_000
"""Largest space whose packages are all analysed under uncertainty."""

EXACT_LIMIT = 20_000
"""Most combinations of discrete values enumerated exactly."""

_CELLS = 1 << 23  # draws x packages handled at a time
_TOL = 1e-9


@dataclass(frozen=True)
class Draws:
    """Parameter values per draw: ``reservation[i]`` (d,), ``tables[i][j]`` (d, options) or None (fixed)."""

    weights: FloatArray  # (d,) probability of each draw
    reservation: list[FloatArray]
    tables: list[list[FloatArray] | None]


@dataclass(frozen=True)
class Robustness:
    """What the uncertain parameters do to the zone and to each package.

    ``accept_all[k]``: probability that every party accepts package ``k`` (space order);
    ``accept[i][k]``: that party ``i`` does; ``nash_share[k]``: probability that package
    ``k`` is the Nash package; ``error``: the largest 95% error of a probability (0 exact).
    """

    parties: tuple[str, ...]
    method: str
    draws: int
    seed: int | None
    p_zone: float
    error: float
    accept_all: FloatArray
    accept: FloatArray
    nash_share: FloatArray
    mean_zone: float
    uncertain: tuple[Uncertain, ...]
    ignored: tuple[str, ...] = ()

    def top(self, count: int = 5) -> IntArray:
        """The ``count`` most robust packages (highest probability that all accept), as indices."""
        order = np.lexsort((np.arange(self.accept_all.shape[0]), -self.accept_all))
        return order[:count]

    def to_dict(self, scenario: Scenario, count: int = 5) -> dict[str, object]:
        space = scenario.space
        moves = np.flatnonzero(self.nash_share > 0)
        moves = moves[np.argsort(-self.nash_share[moves], kind="stable")][:count]
        return {
            "parties": list(self.parties),
            "method": self.method,
            "draws": self.draws,
            "seed": self.seed,
            "error_95": self.error,
            "p_zone_exists": self.p_zone,
            "mean_zone_size": self.mean_zone,
            "uncertain": [
                {
                    "party": u.party,
                    "parameter": u.parameter,
                    "distribution": u.distribution.to_dict(),
                    "rationale": u.rationale,
                }
                for u in self.uncertain
            ],
            "ignored": list(self.ignored),
            "most_robust": [
                {
                    "package": space.labels_of(space.outcome(int(k))),
                    "p_all_accept": float(self.accept_all[k]),
                    "p_accept": {pid: float(self.accept[i, k]) for i, pid in enumerate(self.parties)},
                }
                for k in self.top(count)
            ],
            "nash": [
                {"package": space.labels_of(space.outcome(int(k))), "probability": float(self.nash_share[k])}
                for k in moves
            ],
        }


def robustness(
    scenario: Scenario,
    parties: Sequence[str] | None = None,
    *,
    samples: int = 10_000,
    rng: np.random.Generator | None = None,
    seed: int | None = 0,
    exact_limit: int = EXACT_LIMIT,
) -> Robustness:
    """The zone and the packages under the scenario's (analyst's) uncertainties.

    ``samples``/``rng``: the Monte Carlo draws when the distributions cannot be enumerated
    (``rng`` defaults to ``numpy.random.default_rng(seed)``).
    """
    panel = select_parties(scenario, parties)
    size = panel.space.size
    if size > ROBUSTNESS_LIMIT:
        raise SpaceTooLargeError(size, ROBUSTNESS_LIMIT, what="the analysis under uncertainty")
    uncertain, ignored = _relevant(scenario, panel)
    draws, method, n = _draw(panel, uncertain, samples, rng or np.random.default_rng(seed), exact_limit)
    stats = _sweep(panel, draws, None)
    accept_all, accept, p_zone, nash, mean_zone = stats
    if method == "exact":
        error = 0.0
    else:
        ps = np.concatenate([[p_zone], accept_all, accept.ravel()])
        error = float(1.96 * np.sqrt((ps * (1 - ps)).max() / n))
    return Robustness(
        panel.ids,
        method,
        n,
        None if method == "exact" else seed,
        p_zone,
        error,
        accept_all,
        accept,
        nash,
        mean_zone,
        tuple(uncertain),
        tuple(ignored),
    )


def acceptance(
    scenario: Scenario,
    outcomes: npt.ArrayLike,
    parties: Sequence[str] | None = None,
    *,
    samples: int = 10_000,
    seed: int = 0,
    exact_limit: int = EXACT_LIMIT,
) -> tuple[FloatArray, FloatArray, str, float]:
    """``(p_all, p_party, method, error)`` for the given packages: the probability that all
    accept each, and that each party does (shape (parties, packages))."""
    panel = select_parties(scenario, parties)
    arr = np.asarray(outcomes, dtype=np.int64).reshape(-1, panel.space.n_issues)
    uncertain, _ = _relevant(scenario, panel)
    draws, method, n = _draw(panel, uncertain, samples, np.random.default_rng(seed), exact_limit)
    p_all, p_party, _, _, _ = _sweep(panel, draws, arr)
    error = 0.0 if method == "exact" else float(1.96 * math.sqrt(0.25 / n))
    return p_all, p_party, method, error


def _relevant(scenario: Scenario, panel: Panel) -> tuple[list[Uncertain], list[str]]:
    used, ignored = [], []
    for u in scenario.uncertainties:
        if u.held_by or u.party not in panel.ids:
            continue
        if u.parameter == "cost_of_delay":
            ignored.append(f"{u.party}.cost_of_delay (changes the timing of talks, not which packages are acceptable)")
            continue
        used.append(u)
    return used, ignored


def _draw(
    panel: Panel, uncertain: Sequence[Uncertain], samples: int, rng: np.random.Generator, exact_limit: int
) -> tuple[Draws, str, int]:
    """The parameter values of every draw, and whether they enumerate the distributions exactly."""
    combos = math.prod(len(u.distribution.values) for u in uncertain) if uncertain else 1
    exact = all(u.distribution.discrete for u in uncertain) and combos <= exact_limit
    if exact:
        grid = list(itertools.product(*[range(len(u.distribution.values)) for u in uncertain]))
        d = len(grid)
        idx = np.asarray(grid, dtype=np.int64).reshape(d, len(uncertain))
        weights = np.ones(d)
        values: list[FloatArray] = []
        for c, u in enumerate(uncertain):
            weights *= np.asarray(u.distribution.probabilities)[idx[:, c]]
            values.append(np.asarray(u.distribution.values)[idx[:, c]])
    else:
        if samples < 1:
            raise AnalysisError(f"Monte Carlo needs at least one sample (found {samples})")
        d = samples
        weights = np.full(d, 1.0 / d)
        values = [u.distribution.sample(d, rng) for u in uncertain]
    reservation: list[FloatArray] = []
    tables: list[list[FloatArray] | None] = []
    for pid, prefs in zip(panel.ids, panel.preferences, strict=True):
        mine = [(u, np.clip(v, 0.0, 1.0)) for u, v in zip(uncertain, values, strict=True) if u.party == pid]
        res = np.full(d, prefs.reservation)
        for u, v in mine:
            if u.parameter == "reservation":
                res = v
        reservation.append(res)
        shaping = [(u, v) for u, v in mine if u.parameter != "reservation"]
        util = prefs.utility
        if not shaping or not isinstance(util, LinearAdditive):
            tables.append(None)
            continue
        w = np.tile(np.asarray(util.weights), (d, 1))
        vals = [np.tile(np.asarray(row), (d, 1)) for row in util.values]
        fixed = np.zeros(len(util.weights), dtype=bool)
        for u, v in shaping:
            kind, *rest = u.parameter.split(".")
            j = util.space.issue_index(rest[0])
            if kind == "weights":
                w[:, j] = v
                fixed[j] = True
            else:
                vals[j][:, util.space.issues[j].index_of(".".join(rest[1:]))] = v
        w = _reweight(w, fixed)
        tables.append([w[:, j : j + 1] * vals[j] for j in range(len(vals))])
    return Draws(weights, reservation, tables), "exact" if exact else "monte carlo", d


def _reweight(w: FloatArray, fixed: npt.NDArray[np.bool_]) -> FloatArray:
    """Row by row, :func:`accord.model.uncertainty.reweight`."""
    taken = w[:, fixed].sum(axis=1)
    rest = w[:, ~fixed].sum(axis=1)
    ok = (taken <= 1.0) & (rest > 0)
    scale = np.where(ok, (1.0 - taken) / np.where(rest > 0, rest, 1.0), 1.0)
    out = w.copy()
    out[:, ~fixed] *= scale[:, None]
    total = out.sum(axis=1)
    result: FloatArray = np.where(ok[:, None], out, w / np.where(total > 0, total, 1.0)[:, None])
    return result


def _sweep(
    panel: Panel, draws: Draws, outcomes: IntArray | None
) -> tuple[FloatArray, FloatArray, float, FloatArray, float]:
    """Probabilities over draws: all accept, each accepts, a zone exists, Nash share, mean zone size."""
    space = panel.space
    n_out = space.size if outcomes is None else outcomes.shape[0]
    arr = space.all() if outcomes is None else outcomes
    base = [p.evaluate(arr) for p in panel.preferences]
    red = [p.crosses_red_line(arr) for p in panel.preferences]
    d = draws.weights.shape[0]
    step = max(1, _CELLS // max(1, n_out))
    p_all = np.zeros(n_out)
    p_party = np.zeros((panel.n, n_out))
    nash = np.zeros(n_out)
    p_zone = 0.0
    mean_zone = 0.0
    uniform = bool(np.all(draws.weights == draws.weights[0]))

    def total(wt: FloatArray, mask: npt.NDArray[np.bool_]) -> FloatArray:
        if uniform:  # counting is much faster than a weighted sum
            return np.asarray(np.count_nonzero(mask, axis=0), dtype=np.float64)  # scaled at the end
        return np.asarray(wt @ mask, dtype=np.float64)

    for lo in range(0, d, step):
        hi = min(d, lo + step)
        wt = draws.weights[lo:hi]
        ok_all = np.ones((hi - lo, n_out), dtype=bool)
        product = np.ones((hi - lo, n_out))
        for i in range(panel.n):
            tables = draws.tables[i]
            if tables is None:
                gain = base[i][None, :] - draws.reservation[i][lo:hi, None]
            else:
                gain = _utilities([t[lo:hi] for t in tables], space.radices, outcomes)
                gain -= draws.reservation[i][lo:hi, None]
            ok = gain >= -_TOL
            ok &= ~red[i]
            p_party[i] += total(wt, ok)
            ok_all &= ok
            np.maximum(gain, 0.0, out=gain)
            product *= gain
        p_all += total(wt, ok_all)
        zone_sizes = np.count_nonzero(ok_all, axis=1)
        if uniform:  # integer counts, scaled once at the end: no rounding drift
            p_zone += float(np.count_nonzero(zone_sizes))
            mean_zone += float(zone_sizes.sum())
        else:
            p_zone += float(wt @ (zone_sizes > 0))
            mean_zone += float(wt @ zone_sizes)
        product[~ok_all] = -1.0
        best = np.argmax(product, axis=1)
        has = product[np.arange(hi - lo), best] > 0
        np.add.at(nash, best[has], wt[has])
    if uniform:
        p_zone *= float(draws.weights[0])
        mean_zone *= float(draws.weights[0])
        p_all *= float(draws.weights[0])
        p_party *= float(draws.weights[0])
    np.clip(p_all, 0.0, 1.0, out=p_all)
    np.clip(p_party, 0.0, 1.0, out=p_party)
    np.clip(nash, 0.0, 1.0, out=nash)
    return p_all, p_party, min(p_zone, 1.0), nash, mean_zone


def _utilities(tables: list[FloatArray], radices: tuple[int, ...], outcomes: IntArray | None) -> FloatArray:
    """Utilities per draw (rows) of the given outcomes, or of every package in space order."""
    if outcomes is not None:
        u = np.zeros((tables[0].shape[0], outcomes.shape[0]))
        for j, t in enumerate(tables):
            u += t[:, outcomes[:, j]]
        return u
    half = (len(tables) + 1) // 2
    left, right = _sums(tables[:half]), _sums(tables[half:])
    return (left[:, :, None] + right[:, None, :]).reshape(left.shape[0], -1)


def _sums(tables: list[FloatArray]) -> FloatArray:
    """Per draw, the partial utility of every combination of these issues (last issue fastest)."""
    out = np.zeros((tables[0].shape[0] if tables else 1, 1))
    for t in tables:
        out = (out[:, :, None] + t[:, None, :]).reshape(out.shape[0], -1)
    return out
