"""Search over the boxes of a constraint (hyper-rectangle) utility, for spaces too large to enumerate.

:func:`box_ladder` visits intersections of boxes (a branch and bound for the best one, then
a bounded search for a spread of utilities) and returns a point of each; :class:`BoxEvaluator`
computes one outcome's utility with bit masks, equal to :meth:`ConstraintUtility.evaluate`.
Used by :class:`accord.engine.search.SearchTable`.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from accord.engine.units import Unit, sample_units
from accord.model.constraint import ConstraintUtility

__all__ = ["BOX_NODE_BUDGET", "LADDER_SAMPLE", "BoxEvaluator", "box_ladder"]

BOX_NODE_BUDGET = 1_500
"""Box intersections each of the two constraint searches visits at set-up."""
LADDER_SAMPLE = 512
"""Seeded random outcomes added to a ladder (the low range of a constraint utility)."""


def box_ladder(
    utility: ConstraintUtility, allowed: list[list[int]], rng: np.random.Generator, units: list[Unit]
) -> tuple[npt.NDArray[np.int64], bool]:
    """Points of the box intersections two bounded searches reach; whether the best is exact.

    The first search is a branch and bound for the best intersection (its bound: the boxes
    still to come); the second visits intersections without that bound, for a ladder of
    utilities between the worst and the best. Points take only ``allowed`` options and are
    feasible: ``units`` (:func:`accord.engine.units.feasible_units` of ``allowed``) merge the
    issues exclusions tie, and an intersection is entered only where every unit has an
    option combination inside it.
    """
    radices = utility.space.radices
    n = len(radices)
    boxes = [b for b in utility.boxes if b.inside and b.utility > 0]
    boxes.sort(key=lambda b: -b.utility)
    exact_best = len(boxes) == len(utility.boxes)
    bounds = [{j: (lo, hi) for j, lo, hi in b.bounds} for b in boxes]
    util = [b.utility for b in boxes]
    suffix = [0.0] * (len(boxes) + 1)
    for i in range(len(boxes) - 1, -1, -1):
        suffix[i] = suffix[i + 1] + util[i]
    points: list[list[int]] = []
    best = -1.0
    nodes = 0
    bounded = True

    free = not utility.space.exclusions and all(len(a) == r for a, r in zip(allowed, radices, strict=True))
    unit_of = {j: u for u, (issues, _) in enumerate(units) for j in issues}

    def inside(u: int, lo: list[int], hi: list[int]) -> list[tuple[int, ...]]:
        issues, rows = units[u]
        return [row for row in rows if all(lo[j] <= k <= hi[j] for j, k in zip(issues, row, strict=True))]

    def point(lo: list[int], hi: list[int], high: bool) -> list[int] | None:
        if free:
            return hi[:] if high else lo[:]
        out = [0] * n
        for u, (issues, _) in enumerate(units):
            opts = inside(u, lo, hi)
            if not opts:
                return None
            for j, k in zip(issues, opts[-1] if high else opts[0], strict=True):
                out[j] = k
        return out

    # boxes that meet pairwise; axis-parallel boxes that meet pairwise share a point (Helly,
    # one interval per issue), so a set of pairwise-meeting boxes has a common intersection
    m = len(boxes)
    meets = [0] * m
    for a in range(m):
        for b in range(a + 1, m):
            other = bounds[b]
            if all(max(lo, other[j][0]) <= min(hi, other[j][1]) for j, (lo, hi) in bounds[a].items() if j in other):
                meets[a] |= 1 << b
                meets[b] |= 1 << a

    def dfs(lo: list[int], hi: list[int], total: float, cand: int) -> None:
        nonlocal best, nodes
        nodes += 1
        if total > best:
            best = total
        for high in (False, True):
            p = point(lo, hi, high)
            if p is not None:
                points.append(p)
        while cand:
            low = cand & -cand
            cand ^= low
            b = low.bit_length() - 1
            if nodes >= BOX_NODE_BUDGET or (bounded and total + suffix[b] <= best):
                return
            nlo, nhi = lo[:], hi[:]
            for j, (a, z) in bounds[b].items():
                nlo[j] = max(nlo[j], a)
                nhi[j] = min(nhi[j], z)
            if not free and not all(inside(u, nlo, nhi) for u in {unit_of[j] for j in bounds[b]}):
                continue
            dfs(nlo, nhi, total + util[b], cand & meets[b])

    everything = (1 << m) - 1
    dfs([0] * n, [r - 1 for r in radices], 0.0, everything)
    complete = nodes < BOX_NODE_BUDGET
    bounded, nodes = False, 0
    dfs([0] * n, [r - 1 for r in radices], 0.0, everything)
    arr = np.asarray(points, dtype=np.int64).reshape(-1, n)
    return np.concatenate([arr, sample_units(units, n, rng, LADDER_SAMPLE)]), exact_best and complete


class BoxEvaluator:
    """One outcome's constraint utility in pure Python: per issue and option, the boxes that
    option leaves (a bit mask), so an outcome's boxes are one OR per issue. Sums the boxes in
    their order, as :meth:`ConstraintUtility.evaluate` does, so the result is the same float."""

    def __init__(self, utility: ConstraintUtility) -> None:
        radices = utility.space.radices
        self.outside = [[0] * r for r in radices]
        inverted = 0
        for b, box in enumerate(utility.boxes):
            bit = 1 << b
            if not box.inside:
                inverted |= bit
            for j, lo, hi in box.bounds:
                row = self.outside[j]
                for k in range(len(row)):
                    if not lo <= k <= hi:
                        row[k] |= bit
        self.all = (1 << len(utility.boxes)) - 1
        self.inverted = inverted
        self.values = [box.utility for box in utility.boxes]
        self.scale = utility.scale

    def __call__(self, outcome: Sequence[int]) -> float:
        out = 0
        for row, k in zip(self.outside, outcome, strict=True):
            out |= row[k]
        earned = (self.all & ~out) ^ self.inverted
        total = 0.0
        values = self.values
        while earned:
            low = earned & -earned
            total += values[low.bit_length() - 1]
            earned ^= low
        return min(1.0, max(0.0, total / self.scale))
