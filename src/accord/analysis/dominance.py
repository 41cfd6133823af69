"""Pareto dominance between sets of utility vectors, vectorised with numpy.

A point ``t`` *dominates* ``b`` when ``t >= b`` in every coordinate and ``t != b``.
Equal points do not dominate each other, so ties all survive a non-dominated filter.

Two entry points:

- :func:`dominated_by` — which points of ``targets`` are dominated by some point of
  ``dominators``;
- :func:`non_dominated` — the mask of the non-dominated points of one set
  (``~dominated_by(points, points)``);
- :func:`non_dominated_distinct` — the same, plus the distinct non-dominated points and
  which of them each kept row equals (one sort in two dimensions).

Algorithms:

- one coordinate: a comparison with the maximum;
- two coordinates: sort + suffix maximum (the 2-D maxima sweep, Kung, Luccio & Preparata,
  "On finding the maxima of a set of vectors", J. ACM 22(4), 1975), O(n log n);
- three or more: the multidimensional divide-and-conquer of Bentley ("Multidimensional
  divide-and-conquer", Comm. ACM 23(4), 1980; the dominance-reporting step of Kung et al.
  1975): split both sets at the median of the last coordinate; the upper half of the
  dominators can only dominate the lower half of the targets, and it already beats them
  strictly on that coordinate, so that cross problem drops one dimension. Small
  sub-problems are settled by a block-wise brute-force comparison.

The filters are exact for integer inputs (accord compares utilities as int64 keys; see
:mod:`accord.analysis.keys`) and for floats compared exactly.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from accord.analysis.arrays import unique_rows
from accord.arrays import BoolArray, IntArray

__all__ = ["dominated_by", "non_dominated", "non_dominated_distinct"]

Points = npt.NDArray[np.int64] | npt.NDArray[np.float64]

# Sub-problems with at most this many (target, dominator) pairs are compared directly.
_BRUTE_PAIRS = 1 << 15
# Sets larger than this are screened against their _SCREEN rows of largest sum first.
_SCREEN_FROM = 1 << 14
_SCREEN = 256
# Memory bound of one brute-force block, in (target, dominator, coordinate) comparisons.
_BLOCK = 1 << 21


def non_dominated(points: npt.ArrayLike) -> BoolArray:
    """Mask of the points (rows) that no other point dominates; equal points are all kept.

    >>> non_dominated([[1, 2], [2, 1], [1, 1], [2, 1]]).tolist()
    [True, True, False, True]
    """
    pts = _as_points(points)
    if pts.shape[0] <= 1:
        return np.ones(pts.shape[0], dtype=bool)
    return ~dominated_by(pts, pts)


def non_dominated_distinct(points: npt.NDArray[np.int64]) -> tuple[IntArray, IntArray, npt.NDArray[np.int64]]:
    """The non-dominated rows of an int64 array, grouped by equal value.

    Returns ``(kept, member, distinct)``: ``kept`` the indices of the non-dominated rows,
    ``distinct`` their distinct values, and ``member[i]`` the row of ``distinct`` that
    ``points[kept[i]]`` equals. When no two kept rows are equal, ``member`` is
    ``arange(len(kept))``.

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
    kept = _non_dominated_rows(points)
    distinct, member = unique_rows(points[kept])
    if distinct.shape[0] == kept.shape[0]:
        order = np.empty_like(member)
        order[member] = np.arange(member.shape[0], dtype=np.int64)
        return kept[order], np.arange(kept.shape[0], dtype=np.int64), distinct
    return kept, member, distinct


def _non_dominated_rows(points: npt.NDArray[np.int64]) -> IntArray:
    """Indices of the non-dominated rows (three or more coordinates).

    A large set is first screened against its ``_SCREEN`` rows of largest sum (the rows most
    likely to dominate others): a row one of them dominates is dominated. The survivors are
    then filtered among themselves, which is exact: a row dominated by a screened-out row
    is dominated by a row that survives (dominance is transitive and a non-dominated row
    is never screened out).
    """
    m, d = points.shape
    dims = tuple(range(d))
    if m <= _SCREEN_FROM:
        return np.flatnonzero(~_dominated(points, points, dims, True))
    top = points[np.argpartition(points.sum(axis=1), m - _SCREEN)[m - _SCREEN :]]
    alive = np.flatnonzero(~_dominated_brute(points, top, dims, True))
    sub = points[alive]
    return alive[~_dominated(sub, sub, dims, True)]


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
    if b.dtype != t.dtype:
        b, t = b.astype(np.float64), t.astype(np.float64)
    return _dominated(b, t, tuple(range(b.shape[1])), True)


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


def _dominated(b: Points, t: Points, dims: tuple[int, ...], strict: bool) -> BoolArray:
    """Targets ``b`` dominated by some ``t`` on the coordinates ``dims``.

    ``strict``: dominance needs a strict improvement on one of ``dims`` (otherwise it was
    already obtained on a coordinate dropped earlier, and ``>=`` everywhere suffices).
    """
    nb, nt = b.shape[0], t.shape[0]
    if nb == 0 or nt == 0:
        return np.zeros(nb, dtype=bool)
    k = len(dims)
    if k == 0:
        return np.full(nb, not strict)
    if k == 1:
        c = dims[0]
        top = t[:, c].max()
        below: BoolArray = b[:, c] < top if strict else b[:, c] <= top
        return below
    if k == 2:
        return _dominated_2d(b, t, dims[0], dims[1], strict)
    if nb * nt <= _BRUTE_PAIRS:
        return _dominated_brute(b, t, dims, strict)
    c = dims[-1]
    bc, tc = b[:, c], t[:, c]
    both = np.concatenate((bc, tc))
    low = both.min()
    split = np.partition(both, both.shape[0] // 2)[both.shape[0] // 2]
    if split == low:
        above = both[both > low]
        if above.size == 0:  # every point ties on this coordinate: it decides nothing
            return _dominated(b, t, dims[:-1], strict)
        split = above.min()
    b_hi, t_hi = bc >= split, tc >= split
    out = np.zeros(nb, dtype=bool)
    out[b_hi] = _dominated(b[b_hi], t[t_hi], dims, strict)
    b_lo = ~b_hi
    lo_points = b[b_lo]
    lo = _dominated(lo_points, t[~t_hi], dims, strict)
    rest = ~lo
    if rest.any():
        # every upper dominator beats every lower target strictly on coordinate c
        lo[rest] = _dominated(lo_points[rest], t[t_hi], dims[:-1], False)
    out[b_lo] = lo
    return out


def _dominated_2d(b: Points, t: Points, x: int, y: int, strict: bool) -> BoolArray:
    order = np.argsort(t[:, x], kind="stable")
    tx, ty = t[order, x], t[order, y]
    # suffix[i] = max(ty[i:]), with a sentinel below every value at the end
    suffix = np.empty(tx.shape[0] + 1, dtype=ty.dtype)
    suffix[-1] = np.iinfo(np.int64).min if ty.dtype == np.int64 else -np.inf
    suffix[:-1] = np.maximum.accumulate(ty[::-1])[::-1]
    bx, by = b[:, x], b[:, y]
    best_ge = suffix[np.searchsorted(tx, bx, side="left")]  # max y over t with tx >= bx
    if not strict:
        return best_ge >= by
    best_gt = suffix[np.searchsorted(tx, bx, side="right")]  # max y over t with tx > bx
    return (best_ge > by) | (best_gt >= by)


def _dominated_brute(b: Points, t: Points, dims: tuple[int, ...], strict: bool) -> BoolArray:
    cols = list(dims)
    bs, ts = b[:, cols], t[:, cols]
    nb, nt = bs.shape[0], ts.shape[0]
    out = np.zeros(nb, dtype=bool)
    step = max(1, _BLOCK // max(1, nt * len(cols)))
    for start in range(0, nb, step):
        block = bs[start : start + step, None, :]
        ge: BoolArray = np.all(ts[None, :, :] >= block, axis=2)
        if strict:
            ge &= np.any(ts[None, :, :] > block, axis=2)
        out[start : start + step] = np.any(ge, axis=1)
    return out
