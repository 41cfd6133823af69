"""Pareto dominance between sets of utility vectors, vectorised with numpy.

A point ``t`` *dominates* ``b`` when ``t >= b`` in every coordinate and ``t != b``.
Equal points do not dominate each other, so ties all survive a non-dominated filter.

Two entry points:

- :func:`dominated_by` — which points of ``targets`` are dominated by some point of
  ``dominators``;
- :func:`non_dominated` — the mask of the non-dominated points of one set
  (the same as ``~dominated_by(points, points)``);
- :func:`non_dominated_distinct` — the same, plus the distinct non-dominated points and
  which of them each kept row equals (one sort in two dimensions).

Algorithms:

- every coordinate is first replaced by its rank (int32; dominance only compares), with
  the sum of the ranks as one more coordinate, so that a strict improvement is one more
  ``>=`` test (``t >= b`` everywhere and ``sum(t) > sum(b)``);
- one coordinate: a comparison with the maximum;
- two coordinates: sort + suffix maximum (the 2-D maxima sweep, Kung, Luccio & Preparata,
  "On finding the maxima of a set of vectors", J. ACM 22(4), 1975), O(n log n);
- three or more, one set: Kung et al.'s divide and conquer — split at the median of the
  last coordinate, filter each half, and test only the lower half's survivors against
  the upper half's survivors (which beat them strictly on that coordinate: one coordinate
  fewer);
- three or more, two sets: the dominance step of Bentley ("Multidimensional
  divide-and-conquer", Comm. ACM 23(4), 1980): split both sets at the median of the last
  coordinate; the upper half of the dominators can only dominate the lower half of the
  targets, and it already beats them strictly on that coordinate, so that cross problem
  drops one dimension.

Sub-problems below a size are settled directly, in one of two ways:

- bitsets (the Bitmap skyline idea of Tan, Eng & Ooi, "Efficient progressive skyline
  computation", VLDB 2001): for one coordinate, the dominators at least as large as a
  target are a suffix of that coordinate's order, so every suffix is stored once as a
  bitset over the dominators and a target's candidates are the AND of one row per
  coordinate: 64 pairs per machine word;
- a block-wise brute-force comparison, one coordinate at a time over (targets x
  dominators) blocks, for the small or lopsided ones, where building bitsets costs more.

The filter runs on one thread: it is thousands of short numpy calls, and two threads
spend more time handing the interpreter lock to each other than they gain.

The filters are exact for integer inputs (accord compares utilities as int64 keys; see
:mod:`accord.analysis.keys`) and for floats compared exactly.
"""

from __future__ import annotations

import threading
from typing import Any

import numpy as np
import numpy.typing as npt

from accord.analysis.arrays import unique_rows
from accord.arrays import BoolArray, IntArray

__all__ = ["dominated_by", "non_dominated", "non_dominated_distinct"]

Points = npt.NDArray[np.int64] | npt.NDArray[np.float64]

# Cross sub-problems with at most this many (target, dominator) pairs are compared directly.
_BRUTE_PAIRS = 1 << 22
# Self sub-problems with at most this many points are compared directly.
_SELF_LEAF = 2048
# Memory bound of one brute-force block, in (target, dominator) pairs.
_BLOCK = 1 << 20
# Direct comparisons with at least this many pairs use bitsets, when the dominators are at
# most _BITS_MAX (a bitset row of 64 words) and the targets at least _BITS_MIN_TARGETS.
_BITS_FROM = 1 << 17
_BITS_MAX = 4096
_BITS_MIN_TARGETS = 64
# Values and their numbers are packed in 32 bits for sorting when they fit (else 64).
_PACK_BITS = 32


def non_dominated(points: npt.ArrayLike) -> BoolArray:
    """Mask of the points (rows) that no other point dominates; equal points are all kept.

    >>> non_dominated([[1, 2], [2, 1], [1, 1], [2, 1]]).tolist()
    [True, True, False, True]
    """
    pts = _as_points(points)
    if pts.shape[0] <= 1 or pts.shape[1] == 0:
        return np.ones(pts.shape[0], dtype=bool)
    return ~_self_dominated_top(*_rank_columns(pts), pts.shape[1])


def non_dominated_distinct(
    points: npt.NDArray[np.int64], *, blocks: int = 1
) -> tuple[IntArray, IntArray, npt.NDArray[np.int64]]:
    """The non-dominated rows of an int64 array, grouped by equal value.

    Returns ``(kept, member, distinct)``: ``kept`` the indices of the non-dominated rows,
    ``distinct`` their distinct values, and ``member[i]`` the row of ``distinct`` that
    ``points[kept[i]]`` equals. When no two kept rows are equal, ``member`` is
    ``arange(len(kept))``.

    ``blocks``: a hint that the rows are that many equal blocks, each the first shifted
    by one vector (a sum of two sets, as the additive merge builds); sorting one block
    then sorts them all, which makes ranking the coordinates cheaper. The answer does
    not depend on it.

    >>> kept, member, distinct = non_dominated_distinct(np.array([[1, 2], [2, 1], [1, 1], [2, 1]]))
    >>> sorted(kept.tolist()), distinct.tolist()
    ([0, 1, 3], [[2, 1], [1, 2]])
    """
    m, d = points.shape
    if m == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), points.copy()
    if d == 2:
        return _distinct_2d(points)
    if d == 1:
        kept = np.flatnonzero(points[:, 0] == points[:, 0].max())
        return kept, np.zeros(kept.shape[0], dtype=np.int64), points[kept[:1]]
    kept = np.flatnonzero(~_self_dominated_top(*_rank_columns(points, blocks), d))
    distinct, member = unique_rows(points[kept])
    if distinct.shape[0] == kept.shape[0]:
        order = np.empty_like(member)
        order[member] = np.arange(member.shape[0], dtype=np.int64)
        return kept[order], np.arange(kept.shape[0], dtype=np.int64), distinct
    return kept, member, distinct


def _distinct_2d(points: npt.NDArray[np.int64]) -> tuple[IntArray, IntArray, npt.NDArray[np.int64]]:
    # Sort by x descending, then y descending. A row is non-dominated iff its y beats every
    # row before it (Kung, Luccio & Preparata 1975); equal rows are adjacent and share the
    # fate of the first of them.
    x, y = points[:, 0], points[:, 1]
    order = np.argsort(-x, kind="stable")  # fast on the sorted runs the merge produces
    xs = x[order]
    if (xs[1:] == xs[:-1]).any():
        order = np.lexsort((y, x))[::-1]
        xs = x[order]
    ys = y[order]
    m = ys.shape[0]
    before = np.empty(m, dtype=np.int64)
    before[0] = np.iinfo(np.int64).min
    np.maximum.accumulate(ys[:-1], out=before[1:])
    step = before < ys
    same = np.zeros(m, dtype=bool)
    np.logical_and(xs[1:] == xs[:-1], ys[1:] == ys[:-1], out=same[1:])
    if not same.any():
        kept = order[step]
        return kept, np.arange(kept.shape[0], dtype=np.int64), points[kept]
    head = ~same
    keep = step[np.flatnonzero(head)][np.cumsum(head) - 1]
    new = step & head
    member = (np.cumsum(new) - 1)[keep]
    return order[keep], member, points[order[new]]


def dominated_by(targets: npt.ArrayLike, dominators: npt.ArrayLike) -> BoolArray:
    """Mask over ``targets``: True where some row of ``dominators`` dominates the row."""
    b = _as_points(targets)
    t = _as_points(dominators)
    if b.shape[1] != t.shape[1]:
        raise ValueError(f"targets have {b.shape[1]} coordinates but dominators have {t.shape[1]}")
    nb, d = b.shape
    if nb == 0 or t.shape[0] == 0 or d == 0:
        return np.zeros(nb, dtype=bool)
    if b.dtype != t.dtype:
        b, t = b.astype(np.float64), t.astype(np.float64)
    cols, _ = _rank_columns(np.concatenate((b, t), axis=0))
    return _dominated(cols[:, :nb], cols[:, nb:], d, True)


def _as_points(points: npt.ArrayLike) -> Points:
    arr = np.asarray(points)
    if arr.ndim != 2:
        raise ValueError(f"expected a 2-D array of points (found shape {arr.shape})")
    if np.issubdtype(arr.dtype, np.integer):
        return arr.astype(np.int64, copy=False)
    out = arr.astype(np.float64, copy=False)
    if out.size and np.isnan(out).any():
        raise ValueError("points must not contain NaN")
    return out


Columns = npt.NDArray[np.int32] | npt.NDArray[np.int64]


def _rank_columns(points: npt.NDArray[np.int64 | np.float64], blocks: int = 1) -> tuple[Columns, IntArray]:
    """The points as columns of ranks, with their sum as a last row: shape (d + 1, n);
    and the order that sorts the last coordinate.

    Dominance only compares coordinates, so each coordinate is replaced by its rank among
    the values of that coordinate (equal values, equal ranks): small integers, compared
    faster than int64 keys or floats. With the sum row, strict dominance is one more
    ``>=`` test: ``t`` dominates ``b`` iff ``t >= b`` everywhere and ``sum(t) > sum(b)``.

    ``blocks`` (see :func:`non_dominated_distinct`): when the rows are translates of the
    first block, the order that sorts that block sorts each, and the merge sort only has
    sorted runs left to merge.
    """
    n, d = points.shape
    dtype = np.int32 if n * d < np.iinfo(np.int32).max else np.int64
    out = np.empty((d + 1, n), dtype=dtype)
    columns = np.ascontiguousarray(points.T)  # one column at a time: contiguous
    rank = np.empty(n, dtype=dtype)
    size = n // blocks if blocks > 1 and n % blocks == 0 else n
    order = np.arange(n, dtype=np.int64)
    for c in range(d):
        col = columns[c]
        if size < n:  # each block in the first block's order: sorted runs
            runs = (np.argsort(col[:size], kind="stable") + np.arange(0, n, size)[:, None]).ravel()
            order = runs[np.argsort(col[runs], kind="stable")]
        else:
            order = np.argsort(col, kind="stable")
        ordered = col[order]
        rank[0] = 0
        np.cumsum(ordered[1:] != ordered[:-1], out=rank[1:])
        out[c, order] = rank
    out[d] = out[:d].sum(axis=0, dtype=dtype)
    return out, order


def _self_dominated_top(p: Columns, order: IntArray, k: int) -> BoolArray:
    """:func:`_self_dominated` on columns in any order; ``order`` sorts coordinate ``k - 1``."""
    out = np.empty(p.shape[1], dtype=bool)
    ordered = p[:, order]
    out[order] = _self_dominated(ordered, k)
    return out


def _self_dominated(p: Columns, k: int) -> BoolArray:
    """Columns of ``p`` strictly dominated by another column of ``p`` (Kung et al. 1975).

    ``p`` is sorted on coordinate ``k - 1``. Split it at the median there; settle each
    half on its own; then only the non-dominated columns of the lower half can still be
    dominated, and only by the non-dominated columns of the upper half, which beat them
    strictly on that coordinate: a cross problem with one coordinate fewer
    (:func:`_dominated`). The halves stay sorted, so each split is a slice.
    """
    n = p.shape[1]
    if n <= _SELF_LEAF or k == 0:
        return _dominated_brute(p, p, k, True) if k else np.zeros(n, dtype=bool)
    if k == 1:
        below: BoolArray = p[0] < p[0].max()
        return below
    if k == 2:
        return _dominated_2d(p, p, True)
    col = p[k - 1]
    cut = int(np.searchsorted(col, col[n // 2], side="left"))
    if cut == 0:  # the median is the least value: cut after its run
        cut = int(np.searchsorted(col, col[0], side="right"))
    if cut == n:  # every column ties on this coordinate: it decides nothing
        order = np.argsort(p[k - 2], kind="stable")
        out = np.empty(n, dtype=bool)
        out[order] = _self_dominated(p[:, order], k - 1)
        return out
    lower, upper = p[:, :cut], p[:, cut:]
    dom_lo, dom_hi = _self_dominated(lower, k), _self_dominated(upper, k)
    alive = np.flatnonzero(~dom_lo)
    dom_lo[alive] = _dominated(lower[: k - 1, alive], upper[: k - 1, ~dom_hi], k - 1, False)
    return np.concatenate((dom_lo, dom_hi))


def _split(bc: Columns, tc: Columns) -> int | None:
    """A split value of one coordinate with something on each side (None: all equal)."""
    both = np.concatenate((bc, tc)) if bc is not tc else bc
    mid = both.shape[0] // 2
    split = np.partition(both, mid)[mid]
    low = both.min()
    if split == low:
        above = both[both > low]
        if above.size == 0:
            return None
        split = above.min()
    return int(split)


def _dominated(b: Columns, t: Columns, k: int, strict: bool) -> BoolArray:
    """Columns of ``b`` dominated by some column of ``t`` on coordinates ``0..k-1``.

    ``strict``: dominance needs a strict improvement (the coordinates dropped so far tie);
    otherwise it was already obtained on a dropped coordinate, and ``>=`` suffices
    (Bentley's divide and conquer: split both sets at the median of coordinate ``k - 1``;
    the upper dominators beat the lower targets strictly there, one coordinate fewer).
    """
    if not strict:  # the rows past k (and the sum row) are not compared: copy none of them
        b, t = b[:k], t[:k]
    nb = b.shape[1]
    nt = t.shape[1]
    if nb == 0 or nt == 0:
        return np.zeros(nb, dtype=bool)
    if k == 0:
        return np.full(nb, not strict)
    if k == 1:
        top = t[0].max()
        below: BoolArray = b[0] < top if strict else b[0] <= top
        return below
    if k == 2:
        return _dominated_2d(b, t, strict)
    if nb * nt <= _BRUTE_PAIRS:
        return _dominated_brute(b, t, k, strict)
    c = k - 1
    bc, tc = b[c], t[c]
    split = _split(bc, tc)
    if split is None:
        return _dominated(b, t, k - 1, strict)
    b_hi, t_hi = bc >= split, tc >= split
    out = np.zeros(nb, dtype=bool)
    upper = t[:, t_hi]
    out[b_hi] = _dominated(b[:, b_hi], upper, k, strict)
    b_lo = ~b_hi
    lo_points = b[:, b_lo]
    lo = _dominated(lo_points, t[:, ~t_hi], k, strict)
    rest = np.flatnonzero(~lo)
    if rest.shape[0]:
        lo[rest] = _dominated(lo_points[:, rest], upper, k - 1, False)
    out[b_lo] = lo
    return out


def _dominated_2d(b: Columns, t: Columns, strict: bool) -> BoolArray:
    """Two coordinates (0 and 1): sort the dominators by the first, suffix maxima of the second."""
    order = np.argsort(t[0], kind="stable")
    tx, ty = t[0][order], t[1][order]
    # suffix[i] = max(ty[i:]), with a sentinel below every rank at the end
    suffix = np.empty(tx.shape[0] + 1, dtype=np.int64)
    suffix[-1] = -1
    suffix[:-1] = np.maximum.accumulate(ty[::-1])[::-1]
    bx, by = b[0], b[1]
    best_ge = suffix[np.searchsorted(tx, bx, side="left")]  # max y over t with tx >= bx
    if not strict:
        weak: BoolArray = best_ge >= by
        return weak
    best_gt = suffix[np.searchsorted(tx, bx, side="right")]  # max y over t with tx > bx
    strong: BoolArray = (best_ge > by) | (best_gt >= by)
    return strong


def _dominated_brute(b: Columns, t: Columns, k: int, strict: bool) -> BoolArray:
    """Every target against every dominator: with bitsets, or one coordinate at a time."""
    nb, nt = b.shape[1], t.shape[1]
    if nb * nt < _BITS_FROM or nb < _BITS_MIN_TARGETS:
        return _dominated_blocks(b, t, k, strict)
    if nt <= _BITS_MAX:
        return _dominated_bits(b, t, k, strict)
    # many dominators: a bitset table per slice of them, for the targets still undecided
    out = np.zeros(nb, dtype=bool)
    rest = np.arange(nb)
    for start in range(0, nt, _BITS_MAX):
        found = _dominated_brute(b[:, rest], t[:, start : start + _BITS_MAX], k, strict)
        out[rest[found]] = True
        rest = rest[~found]
        if rest.shape[0] == 0:
            break
    return out


def _dominated_bits(b: Columns, t: Columns, k: int, strict: bool) -> BoolArray:
    """Every target against every dominator, 64 dominators to a machine word.

    For each compared coordinate the dominators are sorted; row ``r`` of a table holds
    the bitset of the ``r`` largest. A target's row is the number of dominators at least
    as large as it (larger, for the strict sum row); the target is dominated when the AND
    of its rows over the coordinates is not empty.
    """
    nb, nt = b.shape[1], t.shape[1]
    ids = np.arange(nt, dtype=np.int64)
    word = ids >> 6
    bits = np.left_shift(np.uint64(1), (ids & 63).astype(np.uint64))
    words = int(word[-1]) + 1
    table, acc, row = _workspace((nt + 1, words), (nb, words), (nb, words))
    top = t.max(axis=1) if b is t else np.maximum(t.max(axis=1), b.max(axis=1))
    compared = [(t.shape[0] - 1, True)] if strict else []  # the sum row: strictly larger
    compared += [(c, False) for c in range(k)]
    for i, (c, larger) in enumerate(compared):
        enters, at_least = _counts_above(b[c], t[c], int(top[c]), larger, b is t)
        table.fill(0)
        table[enters, word] = bits
        np.bitwise_or.accumulate(table, axis=0, out=table)
        np.take(table, at_least, axis=0, out=acc if i == 0 else row, mode="clip")
        if i:
            acc &= row
    found: BoolArray = np.bitwise_or.reduce(acc, axis=1) != 0
    return found


_local = threading.local()
# Bitset buffers of a thread are kept for its next filter up to this many words (8 MiB).
_KEEP_WORDS = 1 << 20


def _workspace(*shapes: tuple[int, int]) -> list[npt.NDArray[np.uint64]]:
    """Uninitialised uint64 arrays of these shapes, from buffers this thread reuses.

    The bitset filter runs thousands of times on the same few sizes; fresh arrays of
    this size would each cost the operating system's page faults again.
    """
    sizes = [rows * cols for rows, cols in shapes]
    total = sum(sizes)
    kept: npt.NDArray[np.uint64] | None = getattr(_local, "buffer", None)
    if total > _KEEP_WORDS:
        buffer = np.empty(total, dtype=np.uint64)
    elif kept is None or kept.shape[0] < total:
        buffer = _local.buffer = np.empty(max(total, 1 << 16), dtype=np.uint64)
    else:
        buffer = kept
    out, start = [], 0
    for shape, size in zip(shapes, sizes, strict=True):
        out.append(buffer[start : start + size].reshape(shape))
        start += size
    return out


def _counts_above(bc: Columns, tc: Columns, top: int, larger: bool, same: bool) -> tuple[IntArray, IntArray]:
    """On one coordinate (values at most ``top``): for each dominator, its place in the
    dominators' descending order (1 for the largest); for each target, how many dominators
    are at least as large (``larger``: strictly larger).

    One sort, without a binary search per target: each value is packed with its number
    (in 32 bits when they fit, where the sort is twice as fast), targets and dominators
    together. Equal values sort by number, so numbering the dominators first (for
    ``larger``) or last puts each target after, or before, the dominators it ties with;
    the dominators sorted before a target are then those not above it. ``same``: the
    targets are the dominators (counted through the runs of equal values).
    """
    nt = tc.shape[0]
    nb = 0 if same else bc.shape[0]
    n = nt + nb
    shift = max(1, (n - 1).bit_length())
    dtype = np.uint32 if top.bit_length() + shift <= _PACK_BITS else np.int64
    values = tc if same else np.concatenate((tc, bc) if larger else (bc, tc))
    packed: npt.NDArray[Any] = values.astype(dtype)
    packed <<= shift
    packed |= np.arange(n, dtype=dtype)
    packed.sort()
    index = (packed & ((1 << shift) - 1)).astype(np.int64)
    place = np.empty(n, dtype=np.int64)
    if same:
        place[index] = np.arange(nt, 0, -1)
        values = packed >> shift
        start = np.empty(nt, dtype=bool)
        start[0] = True
        np.not_equal(values[1:], values[:-1], out=start[1:])
        bounds = np.flatnonzero(start)
        if larger:  # above: everything after the run's end
            bounds = np.append(bounds[1:], nt)
        at_least = np.empty(nt, dtype=np.int64)
        at_least[index] = nt - bounds[np.cumsum(start) - 1]
        return place, at_least
    first = nt if larger else nb  # the second set's numbers start here
    dominator = index < first if larger else index >= first
    place[index] = np.cumsum(dominator)  # dominators sorted up to each position
    t_at, b_at = (place[:nt], place[nt:]) if larger else (place[nb:], place[:nb])
    return nt + 1 - t_at, nt - b_at


def _dominated_blocks(b: Columns, t: Columns, k: int, strict: bool) -> BoolArray:
    """Every target against every dominator, one coordinate at a time, in bounded blocks."""
    nb, nt = b.shape[1], t.shape[1]
    out = np.zeros(nb, dtype=bool)
    step = max(1, _BLOCK // max(1, nt))
    for start in range(0, nb, step):
        block = b[:, start : start + step]
        if strict:  # the sum row: t >= b everywhere and sum(t) > sum(b)
            acc = t[-1][None, :] > block[-1][:, None]
            first = 0
        else:
            acc = t[0][None, :] >= block[0][:, None]
            first = 1
        tmp = np.empty_like(acc)
        for c in range(first, k):
            np.greater_equal(t[c][None, :], block[c][:, None], out=tmp)
            acc &= tmp
        out[start : start + step] = acc.any(axis=1)
    return out
