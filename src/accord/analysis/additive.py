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
  than ``max_outcomes``) — or, with :func:`additive_points`, only counted, each distinct
  vector keeping the first of its outcomes in package order;
- forbidden options (red lines) are removed from an issue before it is merged, and
  before a large merge the options dominated within their own issue are dropped too;
- with a floor (reservation values), a partial package that cannot reach the floor even
  with every remaining issue at its best is dropped. This is exact: anything that
  dominates an outcome above the floor is above it too, so the non-dominated outcomes
  above a floor are the frontier's outcomes above it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from accord.analysis.arrays import ranges
from accord.analysis.dominance import non_dominated, non_dominated_distinct
from accord.arrays import BoolArray, IntArray
from accord.errors import FrontierTooLargeError

__all__ = ["MAX_CANDIDATES", "additive_front", "additive_points", "compound_units", "linked_front"]


# Drop dominated options of an issue before merging it once the merge is at least this big.
_REDUCE_OPTIONS = 1024

MAX_CANDIDATES = 1 << 23
"""Most partial packages one merge may produce (memory: about 100 bytes each)."""


Thinning = Callable[[IntArray, int], IntArray | None]
"""``thin(candidates, issues_left)``: indices (sorted) of mutually non-dominated, distinct
candidates to keep instead of the exact non-dominated set, or None for the exact set."""


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
    merged = _merge(keys, allowed, floor)
    if merged is None:
        return _empty(keys)
    stages, points, final = merged
    n_issues = len(keys)
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


def additive_points(
    keys: Sequence[IntArray],
    *,
    allowed: Sequence[BoolArray | None] | None = None,
    floor: IntArray | None = None,
    thin: Thinning | None = None,
) -> tuple[IntArray, IntArray, IntArray]:
    """The distinct Pareto-optimal key vectors of an additive problem, without listing ties.

    Returns, for each distinct vector, the first of its outcomes in package order (issue by
    issue, option order), the vector, and how many outcomes tie on it (counts as int64;
    exact below 2^63). Memory and time grow with the partial packages, not with the ties.
    """
    merged = _merge(keys, allowed, floor, thin)
    if merged is None:
        outcomes, found = _empty(keys)
        return outcomes, found, np.zeros(0, dtype=np.int64)
    stages, points, final = merged
    n_issues = len(keys)
    # the least outcome of each point, in package order: rank every stage's least prefixes
    rank = np.zeros(1, dtype=np.int64)
    count = np.ones(1, dtype=np.int64)
    best_links: list[IntArray] = []
    for s in stages:
        width = int(s.option.max()) + 1 if s.option.size else 1
        key = rank[s.parent] * width + s.option
        order = np.lexsort((key, s.point))
        starts = np.flatnonzero(np.diff(s.point[order], prepend=-1))
        best = np.empty(s.n_points, dtype=np.int64)
        best[s.point[order[starts]]] = order[starts]
        best_links.append(best)
        rank = np.unique(key[best], return_inverse=True)[1].astype(np.int64)
        count = np.bincount(s.point, weights=count[s.parent], minlength=s.n_points).astype(np.int64)
    outcomes = np.empty((final.shape[0], n_issues), dtype=np.int64)
    pid = final
    for j in range(n_issues - 1, -1, -1):
        link = best_links[j][pid]
        outcomes[:, j] = stages[j].option[link]
        pid = stages[j].parent[link]
    return outcomes, points[final], count[final]


def _empty(keys: Sequence[IntArray]) -> tuple[IntArray, IntArray]:
    return np.zeros((0, len(keys)), dtype=np.int64), np.zeros((0, keys[0].shape[1]), dtype=np.int64)


def _merge(
    keys: Sequence[IntArray],
    allowed: Sequence[BoolArray | None] | None,
    floor: IntArray | None,
    thin: Thinning | None = None,
) -> tuple[list[_Stage], IntArray, IntArray] | None:
    """Merge the issues: the stages, the last stage's points, and the points kept (None: empty).

    ``thin``: called on each merge's candidates with the number of issues still to merge;
    returns the candidates to keep in place of the exact non-dominated set, or None (an
    approximation: see :mod:`accord.analysis.epsilon`).
    """
    n_issues = len(keys)
    n = keys[0].shape[1]
    options: list[IntArray | None] = []
    for j in range(n_issues):
        mask = allowed[j] if allowed is not None else None
        if mask is None:
            options.append(None)
            continue
        chosen = np.flatnonzero(mask)
        if chosen.shape[0] == 0:
            return None
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
                return None
            if reach.shape[0] < cand.shape[0]:
                cand, idx = cand[reach], reach
        thinned = None if thin is None else thin(cand, n_issues - j - 1)
        if thinned is None:
            kept, member, points = non_dominated_distinct(cand, blocks=vectors.shape[0] if idx is None else 1)
        else:
            kept, member, points = thinned, np.arange(thinned.shape[0], dtype=np.int64), cand[thinned]
        if idx is not None:
            kept = idx[kept]
        choice, parent = np.divmod(kept, p)
        stages.append(_stage(member, parent, choice if opts is None else opts[choice], points.shape[0]))

    final = np.arange(points.shape[0], dtype=np.int64)
    if floor is not None:
        final = np.flatnonzero(np.all(points >= floor, axis=1))
    return stages, points, final


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


Exclusions = Sequence[Sequence[tuple[int, int]]]


def compound_units(
    radices: Sequence[int],
    groups: Sequence[Sequence[int]],
    exclusions: Exclusions,
    allowed: Sequence[BoolArray | None] | None = None,
) -> list[tuple[tuple[int, ...], IntArray | None]]:
    """Issues tied by exclusions merged into compound issues: (issues, option combinations).

    A compound issue's options are the feasible (and allowed) combinations of its issues'
    options, as rows of option indices; a lone issue has ``None``. Additive utilities stay
    additive over compound issues (a combination's contribution is the sum of its options'),
    which is what keeps the issue-by-issue merge exact under exclusions.
    """
    first = {g[0]: tuple(g) for g in groups}
    member = {j for g in groups for j in g}
    units: list[tuple[tuple[int, ...], IntArray | None]] = []
    for j in range(len(radices)):
        if j in first:
            unit = first[j]
            axes = [np.arange(radices[i], dtype=np.int64) for i in unit]
            combos = np.stack(np.meshgrid(*axes, indexing="ij"), axis=-1).reshape(-1, len(unit))
            ok = np.ones(combos.shape[0], dtype=bool)
            for pos, i in enumerate(unit):
                mask = allowed[i] if allowed is not None else None
                if mask is not None:
                    ok &= mask[combos[:, pos]]
            for ex in exclusions:
                if all(i in unit for i, _ in ex):
                    hit = np.ones(combos.shape[0], dtype=bool)
                    for i, k in ex:
                        hit &= combos[:, unit.index(i)] == k
                    ok &= ~hit
            units.append((unit, combos[ok]))
        elif j not in member:
            units.append(((j,), None))
    return units


def linked_front(
    keys: Sequence[IntArray],
    *,
    groups: Sequence[Sequence[int]],
    exclusions: Exclusions,
    allowed: Sequence[BoolArray | None] | None = None,
    floor: IntArray | None = None,
    max_outcomes: int,
) -> tuple[IntArray, IntArray]:
    """:func:`additive_front` for a space with exclusions (issues ``groups`` tied by them).

    Each group becomes one compound issue whose options are its feasible combinations, the
    front is merged over the compound issues, and the outcomes are spelled out again in the
    original issues. Exact: the compound problem is additive and has exactly the feasible
    packages.
    """
    if not groups:
        return additive_front(keys, allowed=allowed, floor=floor, max_outcomes=max_outcomes)
    n_issues = len(keys)
    units = compound_units([k.shape[0] for k in keys], groups, exclusions, allowed)
    ckeys: list[IntArray] = []
    callowed: list[BoolArray | None] = []
    for unit, combos in units:
        if combos is None:
            ckeys.append(keys[unit[0]])
            callowed.append(allowed[unit[0]] if allowed is not None else None)
            continue
        if combos.shape[0] == 0:
            n = keys[0].shape[1]
            return np.zeros((0, n_issues), dtype=np.int64), np.zeros((0, n), dtype=np.int64)
        total = np.zeros((combos.shape[0], keys[0].shape[1]), dtype=np.int64)
        for pos, i in enumerate(unit):
            total += keys[i][combos[:, pos]]
        ckeys.append(total)
        callowed.append(None)
    found, points = additive_front(ckeys, allowed=callowed, floor=floor, max_outcomes=max_outcomes)
    outcomes = np.empty((found.shape[0], n_issues), dtype=np.int64)
    for u, (unit, combos) in enumerate(units):
        if combos is None:
            outcomes[:, unit[0]] = found[:, u]
        else:
            outcomes[:, list(unit)] = combos[found[:, u]]
    return outcomes, points
