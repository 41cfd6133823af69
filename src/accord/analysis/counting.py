"""Exact counts of the packages whose additive utilities all reach a floor.

The question behind the zone of possible agreement: given per-issue contribution vectors
(one integer key per party, :mod:`accord.analysis.keys`) and a floor per party, how many
packages have every party's sum at or above its floor? Counting the solutions of a
multi-dimensional knapsack is #P-hard in general (Dyer, Frieze, Kannan, Kapoor, Perkovic &
Vazirani, "A mildly exponential time algorithm for approximating the number of solutions
to a multidimensional knapsack problem", Comb. Probab. Comput. 2, 1993), so two exact
methods are tried, each with a size cap, and the caller falls back to bounds:

- :func:`count_by_programme` — a dynamic programme over issues on the joint vector of
  partial sums. Equal partial vectors are merged with their multiplicity; a partial
  package whose every completion reaches the floor is counted at once; one that no
  completion can lift to it is dropped. Strong when values repeat (small grids) or when
  the floors decide packages early.
- :func:`count_by_halves` — meet in the middle (Horowitz & Sahni, "Computing partitions
  with applications to the knapsack problem", J. ACM 21(2), 1974), for one or two
  constrained parties: the issues are split in two halves, each half's distinct partial
  vectors are listed with their multiplicities, and pairs that reach the floor together
  are counted by sorting — a binary search for one party, and for two a merge-sort tree
  (a static 2-D dominance count, Bentley 1980) built level by level with numpy.

When neither finishes, :func:`bound_by_programme` runs the programme on a coarsened
grid of partial utilities, rounding down for a lower bound and up for an upper bound.

Counts are Python integers (exact at any size).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from accord.analysis.arrays import unique_rows
from accord.arrays import IntArray

__all__ = ["bound_by_programme", "count_by_halves", "count_by_programme"]

Counts = npt.NDArray[np.int64] | npt.NDArray[np.object_]

_BLOCK = 1 << 18  # partial packages expanded at a time


def count_by_programme(
    vectors: Sequence[IntArray], mults: Sequence[IntArray], floor: IntArray, max_states: int
) -> tuple[int, int, int]:
    """``(low, high, most states)``; ``low == high`` is the exact count.

    ``vectors[j]``: the distinct contribution vectors of issue ``j`` (one row per distinct
    vector, one column per party); ``mults[j]``: how many options give each. When more than
    ``max_states`` partial vectors are undecided, returns the bounds reached so far.
    """
    return _programme(vectors, mults, floor, max_states, None)


def bound_by_programme(
    vectors: Sequence[IntArray], mults: Sequence[IntArray], floor: IntArray, max_states: int, *, upper: bool
) -> int:
    """A lower (or ``upper``) bound on the count, by the programme on a coarsened grid.

    Whenever more than ``max_states`` partial vectors are undecided, they are rounded down
    (up) to a grid whose step doubles until few enough remain, and the programme goes on.
    Rounding down can only lose packages that reach the floor, rounding up only add ones
    that do not, so the two counts bracket the true one; they coincide when no rounding
    was needed.
    """
    low, high, _ = _programme(vectors, mults, floor, max_states, "up" if upper else "down")
    return high if upper else low


def _programme(
    vectors: Sequence[IntArray],
    mults: Sequence[IntArray],
    floor: IntArray,
    max_states: int,
    rounding: str | None,
) -> tuple[int, int, int]:
    n_issues = len(vectors)
    n = floor.shape[0]
    best = np.zeros((n_issues + 1, n), dtype=np.int64)
    worst = np.zeros((n_issues + 1, n), dtype=np.int64)
    rest = [1] * (n_issues + 1)
    for j in range(n_issues - 1, -1, -1):
        best[j] = best[j + 1] + vectors[j].max(axis=0)
        worst[j] = worst[j + 1] + vectors[j].min(axis=0)
        rest[j] = rest[j + 1] * int(mults[j].sum())
    dtype = np.int64 if rest[0] < 2**62 else object
    states = np.zeros((1, n), dtype=np.int64)
    counts: Counts = np.ones(1, dtype=dtype)
    total = 0
    most = 1
    step = 1
    for j in range(n_issues):
        kept_states, kept_counts = [], []
        for start in range(0, states.shape[0], _BLOCK):
            s = states[start : start + _BLOCK]
            c = counts[start : start + _BLOCK]
            cand = (s[:, None, :] + vectors[j][None, :, :]).reshape(-1, n)
            cnt = (c[:, None] * mults[j][None, :]).reshape(-1)
            sure = np.all(cand + worst[j + 1] >= floor, axis=1)
            total += int(cnt[sure].sum()) * rest[j + 1]
            live = ~sure & np.all(cand + best[j + 1] >= floor, axis=1)
            kept_states.append(cand[live])
            kept_counts.append(cnt[live])
        merged = np.concatenate(kept_states)
        if merged.shape[0] == 0:
            return total, total, most
        merged_counts = np.concatenate(kept_counts)
        span = int(merged.max()) + 1  # partial sums are >= 0: a step past this merges them all
        while True:
            grid = merged if step == 1 else _snap(merged, step, rounding == "up")
            states, group = unique_rows(grid)
            if states.shape[0] <= max_states or rounding is None or step > span:
                break
            step = max(2 * step, span // max(1, int(max_states ** (1 / n))))
        counts = np.zeros(states.shape[0], dtype=merged_counts.dtype)
        np.add.at(counts, group, merged_counts)
        most = max(most, states.shape[0])
        if states.shape[0] > max_states and rounding is None:
            return total, total + int(counts.sum()) * rest[j + 1], most
    return total, total, most


def _snap(x: IntArray, step: int, up: bool) -> IntArray:
    """Round to a multiple of ``step``, down (or up)."""
    out: IntArray = -((-x) // step) * step if up else (x // step) * step
    return out


def count_by_halves(
    vectors: Sequence[IntArray], mults: Sequence[IntArray], floor: IntArray, max_half: int
) -> int | None:
    """The exact count by meeting in the middle, for one or two parties (columns).

    None when a half has more than ``max_half`` distinct partial vectors.
    """
    n = floor.shape[0]
    if n not in (1, 2):
        raise ValueError("meeting in the middle counts for one or two parties")
    total = math.prod(v.shape[0] for v in vectors)
    left_issues: list[int] = []
    left_size = 1
    for j in sorted(range(len(vectors)), key=lambda j: -vectors[j].shape[0]):
        if left_size * left_size < total:  # balance the two halves' sizes
            left_issues.append(j)
            left_size *= vectors[j].shape[0]
    right_issues = [j for j in range(len(vectors)) if j not in left_issues]
    left = _sums([vectors[j] for j in left_issues], [mults[j] for j in left_issues], n, max_half)
    right = _sums([vectors[j] for j in right_issues], [mults[j] for j in right_issues], n, max_half)
    if left is None or right is None:
        return None
    (a, wa), (b, wb) = left, right
    need = floor - a  # what the right half must bring, per left partial vector
    # left partial vectors that no right half can lift to the floor count nothing
    live = np.all(need <= b.max(axis=0), axis=1)
    need, wa = need[live], wa[live]
    if n == 1:
        order = np.argsort(b[:, 0], kind="stable")
        bs = b[order, 0]
        suffix = np.zeros(bs.shape[0] + 1, dtype=object)
        suffix[:-1] = np.cumsum(wb[order][::-1].astype(object))[::-1]
        hits = suffix[np.searchsorted(bs, need[:, 0], side="left")]
    else:
        hits = _dominance_sums(b, wb, need)
    return int(np.sum(wa.astype(object) * hits))


def _sums(vectors: Sequence[IntArray], mults: Sequence[IntArray], n: int, cap: int) -> tuple[IntArray, Counts] | None:
    """Distinct partial vectors of a group of issues (``n`` columns), with multiplicities;
    None past ``cap`` of them."""
    size = math.prod(int(m.sum()) for m in mults)
    dtype = np.int64 if size < 2**62 else object
    sums = np.zeros((1, n), dtype=np.int64)
    counts: Counts = np.ones(1, dtype=dtype)
    for v, m in zip(vectors, mults, strict=True):
        if sums.shape[0] * v.shape[0] > 4 * cap:
            return None
        cand = (sums[:, None, :] + v[None, :, :]).reshape(-1, n)
        cnt = (counts[:, None] * m.astype(dtype)[None, :]).reshape(-1)
        if _may_repeat(cand):
            sums, group = unique_rows(cand)
            counts = np.zeros(sums.shape[0], dtype=dtype)
            np.add.at(counts, group, cnt)
        else:
            sums, counts = cand, cnt
        if sums.shape[0] > cap:
            return None
    return sums, counts


def _may_repeat(rows: IntArray) -> bool:
    """False when no two rows can be equal (their first column already differs)."""
    first = np.sort(rows[:, 0])
    return bool(np.any(first[1:] == first[:-1]))


def _dominance_sums(points: IntArray, weights: Counts, queries: IntArray) -> npt.NDArray[np.object_]:
    """For each query ``q``: the total weight of the points ``p`` with ``p >= q`` (2-D).

    A merge-sort tree over the points in decreasing ``x``: the points with ``x >= q_x``
    are a prefix, split into at most one aligned block per level; each level stores its
    blocks sorted by ``y`` with running weight sums, so a block answers by binary search.
    """
    order = np.argsort(-points[:, 0], kind="stable")
    px = points[order, 0]
    ys = np.unique(points[:, 1])
    rank = np.searchsorted(ys, points[order, 1])  # y rank of each point, in x order
    w = weights[order]
    m = px.shape[0]
    radix = ys.shape[0] + 1
    prefix = np.searchsorted(-px, -queries[:, 0], side="right")  # points with x >= q_x
    q_rank = np.searchsorted(ys, queries[:, 1], side="left")  # first y rank >= q_y
    total = np.zeros(queries.shape[0], dtype=w.dtype)
    idx = np.arange(m, dtype=np.int64)
    level_order = np.arange(m, dtype=np.int64)
    for level in range(max(1, int(m).bit_length())):
        block_of = idx >> level
        key = block_of * radix + rank
        # the previous level's order is sorted within half-blocks: a stable sort merges runs
        level_order = level_order[np.argsort(key[level_order], kind="stable")]
        sorted_key = key[level_order]
        running = np.zeros(m + 1, dtype=w.dtype)
        np.cumsum(w[level_order], out=running[1:])
        use = (prefix >> level) & 1 == 1
        if not use.any():
            continue
        block = (prefix[use] >> (level + 1)) << 1  # the aligned block of size 2^level taken
        lo = np.searchsorted(sorted_key, block * radix + q_rank[use], side="left")
        hi = np.searchsorted(sorted_key, (block + 1) * radix, side="left")
        total[use] += running[hi] - running[lo]
    return total.astype(object)
