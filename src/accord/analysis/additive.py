"""The exact Pareto frontier of linear-additive utilities, merged issue by issue.

With additive utilities a package's utility vector is a sum of one vector per issue, and
the non-dominated set of a Minkowski sum lies inside the sum of the non-dominated sets:
if ``a + b`` is Pareto-optimal then ``a`` and ``b`` are (were ``a`` dominated by ``a'``,
``a' + b`` would dominate ``a + b``). So the frontier is built by merging issues one at a
time and pruning dominated partial packages after each merge. This is the multi-objective
dynamic programme of Villarreal & Karwan ("Multicriteria dynamic programming with an
application to the integer case", J. Optim. Theory Appl. 38, 1982), the construction
behind IPS / MOBANOS in automated negotiation (De Jonge & Sierra 2015; De Jonge,
Rovatsos & Sierra, ECAI 2019) — here exact for N parties, keeping ties, and vectorised.

What keeps it exact and small:

- utilities are compared as integer keys (:mod:`accord.analysis.keys`), so sums do not
  depend on the merge order and ties are exact;
- partial packages with equal utility vectors are stored once, with a link to every
  (previous partial package, option) pair that produces them, so ties cost nothing until
  the end, where every tied outcome is listed (after counting them, and refusing more
  than ``max_outcomes``);
- forbidden options (red lines) are removed from an issue before it is merged, and
  before a large merge the options dominated within their own issue are dropped too;
- with a floor (reservation values), a partial package that cannot reach the floor even
  with every remaining issue at its best is dropped. This is exact: anything that
  dominates an outcome above the floor is above it too, so the non-dominated outcomes
  above a floor are the frontier's outcomes above it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from accord.analysis.arrays import ranges
from accord.analysis.dominance import non_dominated, non_dominated_distinct
from accord.arrays import BoolArray, IntArray
from accord.errors import FrontierTooLargeError

__all__ = ["MAX_CANDIDATES", "additive_front"]


# Drop dominated options of an issue before merging it once the merge is at least this big.
_REDUCE_OPTIONS = 1024

MAX_CANDIDATES = 1 << 23
"""Most partial packages one merge may produce (memory: about 100 bytes each)."""


@dataclass(frozen=True)
class _Stage:
    """How the distinct partial packages after one merge were produced.

    ``point[k]``, ``parent[k]``, ``option[k]``: link ``k`` says that partial package
    ``parent`` (of the previous stage) plus ``option`` gives ``point``. ``unique`` is set
    when each point has exactly one link, stored in point order.
    """

    point: IntArray
    parent: IntArray
    option: IntArray
    n_points: int
    unique: bool


def additive_front(
    keys: Sequence[IntArray],
    *,
    allowed: Sequence[BoolArray | None] | None = None,
    floor: IntArray | None = None,
    max_outcomes: int,
) -> tuple[IntArray, IntArray]:
    """Every Pareto-optimal outcome of an additive problem, and its key vector.

    ``keys[j]``: (n_options_j, n_parties) contribution keys of issue ``j``; ``allowed[j]``:
    the options that may be chosen (None: all); ``floor``: (n_parties,) minimum keys.
    Returns outcomes (m, n_issues) and their keys (m, n_parties), in no particular order.
    """
    n_issues = len(keys)
    n = keys[0].shape[1]
    empty = (np.zeros((0, n_issues), dtype=np.int64), np.zeros((0, n), dtype=np.int64))
    options: list[IntArray | None] = []
    for j in range(n_issues):
        mask = allowed[j] if allowed is not None else None
        if mask is None:
            options.append(None)
            continue
        chosen = np.flatnonzero(mask)
        if chosen.shape[0] == 0:
            return empty
        options.append(chosen)
    best_rest = np.zeros((n_issues, n), dtype=np.int64)
    if floor is not None:
        for j in range(n_issues - 2, -1, -1):
            nxt, subset = keys[j + 1], options[j + 1]
            best_rest[j] = best_rest[j + 1] + (nxt if subset is None else nxt[subset]).max(axis=0)

    points = np.zeros((1, n), dtype=np.int64)
    stages: list[_Stage] = []
    for j in range(n_issues):
        opts = options[j]
        vectors = keys[j] if opts is None else keys[j][opts]
        if points.shape[0] * vectors.shape[0] >= _REDUCE_OPTIONS:
            keep = np.flatnonzero(non_dominated(vectors))
            opts = keep if opts is None else opts[keep]
            vectors = vectors[keep]
        p = points.shape[0]
        if p * vectors.shape[0] > MAX_CANDIDATES:
            raise FrontierTooLargeError(
                f"the exact frontier needs {p:,} non-dominated partial packages after {j} of "
                f"{n_issues} issues ({p * vectors.shape[0]:,} to merge next, more than "
                f"{MAX_CANDIDATES:,}): too many parties or issues for an exact answer; use "
                "sample_frontier for an approximation"
            )
        cand = (vectors[:, None, :] + points[None, :, :]).reshape(-1, n)  # option-major
        idx: IntArray | None = None
        if floor is not None:
            reach = np.flatnonzero(np.all(cand + best_rest[j] >= floor, axis=1))
            if reach.shape[0] == 0:
                return empty
            if reach.shape[0] < cand.shape[0]:
                cand, idx = cand[reach], reach
        kept, member, points = non_dominated_distinct(cand)
        if idx is not None:
            kept = idx[kept]
        choice, parent = np.divmod(kept, p)
        stages.append(_stage(member, parent, choice if opts is None else opts[choice], points.shape[0]))

    final = np.arange(points.shape[0], dtype=np.int64)
    if floor is not None:
        final = np.flatnonzero(np.all(points >= floor, axis=1))
    if all(s.unique for s in stages):
        outcomes = np.empty((final.shape[0], n_issues), dtype=np.int64)
        pid = final
        for j in range(n_issues - 1, -1, -1):
            outcomes[:, j] = stages[j].option[pid]
            pid = stages[j].parent[pid]
        return outcomes, points[final]
    _check_count(stages, final, max_outcomes)
    outcomes, origin = _walk(stages, final)
    return outcomes, points[origin]


def _stage(point: IntArray, parent: IntArray, option: IntArray, n_points: int) -> _Stage:
    # non_dominated_distinct lists one link per point, in point order, when nothing ties
    return _Stage(point, parent, option, n_points, point.shape[0] == n_points)


def _check_count(stages: list[_Stage], final: IntArray, max_outcomes: int) -> None:
    count: npt.NDArray[np.float64] = np.ones(1, dtype=np.float64)
    for s in stages:
        count = np.bincount(s.point, weights=count[s.parent], minlength=s.n_points).astype(np.float64)
    total = float(count[final].sum()) if final.size else 0.0
    if total > max_outcomes:
        raise FrontierTooLargeError(
            f"the frontier has {final.size:,} distinct utility vectors but about {total:.3g} "
            f"Pareto-optimal outcomes (packages that tie exactly), more than "
            f"max_outcomes={max_outcomes:,}; raise max_outcomes to list them all"
        )


def _walk(stages: list[_Stage], final: IntArray) -> tuple[IntArray, IntArray]:
    """Backtrack from the final points through every link: (outcomes, final point of each)."""
    pid = final.copy()
    origin = final.copy()
    cols = np.zeros((final.shape[0], 0), dtype=np.int64)
    for s in reversed(stages):
        order = np.argsort(s.point, kind="stable")
        counts = np.bincount(s.point, minlength=s.n_points)
        first = np.zeros(s.n_points, dtype=np.int64)
        np.cumsum(counts[:-1], out=first[1:])
        n_links = counts[pid]
        link = order[ranges(first[pid], n_links)]
        row = np.repeat(np.arange(pid.shape[0], dtype=np.int64), n_links)
        cols = np.concatenate((s.option[link][:, None], cols[row]), axis=1)
        origin = origin[row]
        pid = s.parent[link]
    return cols, origin
