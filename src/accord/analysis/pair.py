"""Two parties, a small space: the exact frontier without the issue-by-issue merge.

For two parties with linear-additive utilities over a small space, the merge of
:mod:`accord.analysis.additive` spends most of its time on fixed costs (a dozen numpy calls
per issue and the bookkeeping for ties), not on the packages. Here:

1. options that another option of the same issue dominates are dropped, for all issues in
   one sweep: a package holding one is dominated by the same package with the better option;
2. the packages of the options left are enumerated with their key vectors (sums of the
   integer contribution keys of :mod:`accord.analysis.keys`, exactly as the merge sums
   them) and filtered by the 2-D maxima sweep of Kung, Luccio & Preparata (1975): one sort
   and a running maximum, ties kept. At most :data:`_LISTED` packages are listed with
   Python numbers (cheaper than numpy calls at that size); up to :data:`_WHOLE` they are
   enumerated whole; beyond, the issues are cut into two halves with numbers of packages as
   equal as the issues allow (``n`` packages: two halves of about ``sqrt(n)``), each half
   keeps its non-dominated partial packages, and their pairs are swept.

Meeting in the middle is exact for the same reason as the merge: a package ``a + b`` whose
half ``a`` is dominated by ``a'`` is dominated by ``a' + b``, so every Pareto-optimal
package, and every package that ties with one, pairs two non-dominated halves. With a
floor (reservation values), the Pareto-optimal packages at or above it are the frontier's
packages above it (what dominates a package above the floor is above it too).

Each party's key is held as one part of a complex number (first party real, second
imaginary): keys are integers below 2^49, which float64 holds and adds exactly, and numpy
sorts complex numbers by the real part, then the imaginary part (the sweep's order) in
one call. The utilities of the packages found are summed issue by issue in issue order,
the same additions as :meth:`~accord.model.LinearAdditive.evaluate`.

:func:`pair_front` returns None when the halves' pairs or the tied packages would be many;
the caller then merges issue by issue.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from accord.analysis.keys import SCALE
from accord.arrays import BoolArray, FloatArray, IntArray
from accord.model.preferences import LinearAdditive

__all__ = ["SMALL_PAIR_SPACE", "pair_front"]

SMALL_PAIR_SPACE = 1 << 16
"""Largest space (packages) for which two parties' frontier is found without the issue-by-issue merge."""

# Up to this many packages (once dominated options are dropped) are listed with Python
# numbers; up to _WHOLE enumerated whole with numpy (one sweep); beyond, in two halves.
_LISTED = 4
_WHOLE = 1024
# Larger than any key (keys are below 2^49): separates the issues in one sweep. Up to 8
# issues, multiples of it shift both keys exactly (below 2^53), and one sort suffices.
_SEGMENT = float(2**50)
_SHIFT = complex(_SEGMENT, -_SEGMENT)
_SHIFTED_ISSUES = 8
# Most pairs of non-dominated halves that are filtered at once (beyond: the issue-by-issue merge).
_MAX_PAIRS = 1 << 16

Complex = npt.NDArray[np.complex128]


def pair_front(
    utilities: Sequence[LinearAdditive],
    *,
    allowed: Sequence[BoolArray | None] | None = None,
    floor: IntArray | None = None,
    max_outcomes: int,
) -> tuple[IntArray, IntArray, FloatArray] | None:
    """Every Pareto-optimal package of two linear-additive utilities; None when too large here.

    ``allowed[j]``: the options of issue ``j`` that may be chosen (None: all); ``floor``:
    (2,) minimum keys. Returns the outcomes (m, n_issues), their keys (m, 2) and their
    utilities (m, 2), by the first party's key ascending (the frontier's order when no two
    of them tie; tied ones in no particular order).
    """
    radices = utilities[0].space.radices
    n_issues = len(radices)
    flat = np.concatenate([t for u in utilities for t in u.tables])
    keys = _paired(np.rint(flat * SCALE))
    issue = np.arange(n_issues).repeat(radices)
    if allowed is None or all(m is None for m in allowed):
        chosen = _undominated(keys, issue, n_issues)
    else:
        masks = [np.ones(r, dtype=bool) if m is None else m for r, m in zip(radices, allowed, strict=True)]
        pool = np.concatenate(masks).nonzero()[0]
        chosen = pool[_undominated(keys[pool], issue[pool], n_issues)]
    owner = issue[chosen]
    sizes: list[int] = np.bincount(owner, minlength=n_issues).tolist()
    if 0 in sizes:
        return _none(n_issues)
    if _product(sizes) <= _LISTED:
        return _listed(keys[chosen], flat, chosen, owner, radices, sizes, floor, max_outcomes)
    values = _paired(flat)
    reduced = keys[chosen]
    first = np.array(_starts(sizes))[:, None]  # where each issue's options begin in ``reduced``
    count = _product(sizes)
    if count <= _WHOLE:
        position = np.array(np.unravel_index(np.arange(count), sizes)) + first  # (n_issues, count)
        points = reduced[position].sum(axis=0)  # integers below 2^53: exact in any order
        kept = _maxima(points)
        position, points = position[:, kept], points[kept]
    else:
        at = [int(x) for x in first[:, 0]]
        found = _halves([reduced[x : x + size] for x, size in zip(at, sizes, strict=True)], sizes)
        if found is None:
            return None
        digits, points = found
        position = digits + first
    if floor is not None:
        above = (points.real >= floor[0]) & (points.imag >= floor[1])
        position, points = position[:, above], points[above]
    if points.shape[0] > max_outcomes:
        return None
    spread = values[chosen[position]]  # (n_issues, m) utility pairs
    total = spread[0].copy()  # the additions of LinearAdditive.evaluate, issue by issue
    for row in spread[1:]:
        total += row
    outcomes = (chosen - np.array(_starts(radices))[owner])[position].T
    return outcomes, points.view(np.float64).reshape(-1, 2).astype(np.int64), total.view(np.float64).reshape(-1, 2)


def _listed(
    keys: Complex,
    flat: FloatArray,
    chosen: IntArray,
    owner: IntArray,
    radices: Sequence[int],
    sizes: Sequence[int],
    floor: IntArray | None,
    max_outcomes: int,
) -> tuple[IntArray, IntArray, FloatArray] | None:
    """:func:`pair_front` once few packages are left (``keys``: those of the options left,
    issue after issue; ``flat``: both parties' contribution tables laid end to end): the
    same sweep over Python numbers, cheaper than numpy calls at this size."""
    starts = _starts(radices)
    options = chosen.tolist()
    number = [c - starts[o] for c, o in zip(options, owner.tolist(), strict=True)]
    key = keys.tolist()
    # every package, by the positions of its options (issues with one option left fixed)
    base = 0j
    sums: list[complex] = [0j]
    picks: list[tuple[int, ...]] = [()]
    firsts = []
    at = 0
    for size in sizes:
        firsts.append(at)
        if size == 1:
            base += key[at]
        else:
            span = range(at, at + size)
            sums = [x + key[i] for x in sums for i in span]
            picks = [(*p, i) for p in picks for i in span]
        at += size
    # by the first key descending, then the second: a package is kept when its second key
    # beats every one before it, or when it is a copy of the package kept just before
    ranked = sorted([(z.real, z.imag, i) for i, z in enumerate(sums)], reverse=True)
    kept: list[int] = []
    best, last = -math.inf, (math.nan, math.nan)
    for x, y, i in ranked:
        if y > best or (x, y) == last:
            kept.append(i)
            best, last = y, (x, y)
    kept.reverse()
    if floor is not None:
        low0, low1 = float(floor[0]) - base.real, float(floor[1]) - base.imag
        kept = [i for i in kept if sums[i].real >= low0 and sums[i].imag >= low1]
    if len(kept) > max_outcomes:
        return None
    table, half = flat.tolist(), flat.shape[0] // 2
    rows = []
    for i in kept:
        chosen_i = iter(picks[i])
        position = [f if size == 1 else next(chosen_i) for f, size in zip(firsts, sizes, strict=True)]
        total0 = total1 = 0.0  # the additions of LinearAdditive.evaluate, issue by issue
        for p in position:
            total0 += table[options[p]]
            total1 += table[half + options[p]]
        z = sums[i] + base
        rows.append([z.real, z.imag, total0, total1, *(number[p] for p in position)])
    found = np.array(rows, dtype=np.float64).reshape(-1, 4 + len(sizes))
    return found[:, 4:].astype(np.int64), found[:, :2].astype(np.int64), found[:, 2:4].copy()


def _starts(radices: Sequence[int]) -> list[int]:
    """Where each issue's options begin in the tables laid end to end."""
    starts = [0]
    for r in radices[:-1]:
        starts.append(starts[-1] + r)
    return starts


def _undominated(keys: Complex, issue: IntArray, n_issues: int) -> IntArray:
    """The options no other option of the same issue dominates (ties kept), and perhaps a few
    that one with the same second key does: sorted indices.

    A package with a dominated option is dominated by the same package with the better option,
    so only these options can be on the frontier. One sweep over all issues at once: by issue,
    then the first key descending, then the second; an option is kept when its second key is
    the best so far in its issue. Multiples of a number larger than any key, one per issue,
    separate the issues: added to the first key they order the issues, added to the second
    they start the running maximum afresh at each issue.
    """
    if n_issues <= _SHIFTED_ISSUES:
        shifted = keys + issue * _SHIFT  # exact: below 2^53
        order = shifted.argsort()[::-1]
        ys = shifted.imag[order]
    else:
        order = keys.argsort()
        order = order[issue[order].argsort(kind="stable")][::-1]
        ys = keys.imag[order] + (n_issues - issue[order]) * _SEGMENT
    kept: IntArray = order[ys == np.maximum.accumulate(ys)]
    kept.sort()
    return kept


def _paired(flat: FloatArray) -> Complex:
    """Two parties' numbers, one after the other, as complex numbers (first + second * 1j)."""
    both: Complex = flat.reshape(2, -1).T.copy().view(np.complex128).ravel()
    return both


def _none(n_issues: int) -> tuple[IntArray, IntArray, FloatArray]:
    return np.zeros((0, n_issues), dtype=np.int64), np.zeros((0, 2), dtype=np.int64), np.zeros((0, 2))


def _product(sizes: Sequence[int]) -> int:
    total = 1
    for s in sizes:
        total *= s
    return total


def _halves(tables: Sequence[Complex], sizes: Sequence[int]) -> tuple[IntArray, Complex] | None:
    cut = _cut(sizes)
    first, second = _enumerate(tables[:cut]), _enumerate(tables[cut:])
    a, b = _candidates(first), _candidates(second)
    if a.shape[0] * b.shape[0] > _MAX_PAIRS:
        return None
    pairs = (first[a][:, None] + second[b]).ravel()
    kept = _maxima(pairs)
    ia, ib = np.divmod(kept, b.shape[0])
    return np.array(np.unravel_index(a[ia] * second.shape[0] + b[ib], sizes)), pairs[kept]


def _cut(sizes: Sequence[int]) -> int:
    """Where to split the issues: the first half's number of packages nearest to the second's."""
    total = _product(sizes)
    best, cut, prefix = total, 1, 1
    for j, s in enumerate(sizes[:-1]):
        prefix *= s
        larger = max(prefix, total // prefix)
        if larger < best:
            best, cut = larger, j + 1
    return cut


def _enumerate(tables: Sequence[Complex]) -> Complex:
    """Key pairs of every combination of the tables' entries, the first table varying slowest."""
    acc = tables[0]
    for t in tables[1:]:
        acc = (acc[:, None] + t).ravel()
    return acc


def _sweep(points: Complex) -> tuple[IntArray, FloatArray, BoolArray]:
    """Points by the first key descending, then the second (Kung, Luccio & Preparata's sweep):
    the order, the second keys in that order, and where a second key is the best so far."""
    order = points.argsort()[::-1]
    ys = points[order].imag
    return order, ys, ys == np.maximum.accumulate(ys)


def _candidates(points: Complex) -> IntArray:
    """The non-dominated points, ties included, and perhaps some dominated by a point with the
    same second key (harmless in a half: the pairs are filtered exactly)."""
    order, _, best = _sweep(points)
    kept: IntArray = order[best]
    return kept


def _maxima(points: Complex) -> IntArray:
    """The points no other point dominates, equal points all kept, by the first key ascending
    (equal points in no particular order)."""
    order, ys, best = _sweep(points)
    kept, yk = order[best], ys[best]
    if not np.count_nonzero(yk[1:] == yk[:-1]):  # the second key rises strictly: no ties
        return kept[::-1]
    # a candidate whose second key equals the one before: a copy of it (sharing its fate), or
    # dominated by that point, whose first key is larger
    xk = points[kept].real
    copy = np.zeros(kept.shape[0], dtype=bool)
    copy[1:] = (xk[1:] == xk[:-1]) & (yk[1:] == yk[:-1])
    beaten = np.zeros(kept.shape[0], dtype=bool)
    beaten[1:] = yk[1:] == yk[:-1]
    beaten &= ~copy
    # a copy shares the fate of the first point of its run of copies
    fate = beaten[(~copy).nonzero()[0]][np.cumsum(~copy) - 1]
    survivors: IntArray = kept[~fate][::-1]
    return survivors
