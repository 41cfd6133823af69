"""An ε-frontier of linear-additive utilities: a bounded set of packages that covers the
Pareto frontier to within ε in every party's utility.

The exact merge (:mod:`accord.analysis.additive`) keeps every non-dominated partial
package; with many parties that set grows quickly (6 parties x 10 issues x 10 values:
hundreds of thousands of points). Here, after each merge whose non-dominated set exceeds
``max_points``, the set is thinned on a grid of side ``delta`` key units (an additive
ε-dominance archive, Laumanns, Thiele, Deb & Zitzler, "Combining convergence and
diversity in evolutionary multiobjective optimization", Evol. Comput. 10(3), 2002; the
per-stage grid of Papadimitriou & Yannakakis's approximate Pareto sets, FOCS 2000): one
package per grid cell is kept, the one with the largest utility sum. ``delta`` starts at
a small fraction of the span of the set and grows by half until at most ``max_points`` cells are
occupied.

Guarantee. A dropped partial package ``q`` shares its cell with a kept ``q'``, so
``q' > q - delta`` in every coordinate, and so does every completion of the two with the
same options. Dropping a dominated package loses nothing. By induction over the merges,
for every Pareto-optimal package ``x`` some returned package ``y`` has
``u_i(y) > u_i(x) - epsilon`` for every party ``i``, where ``epsilon`` is the sum of the
``delta`` used (reported). Returned packages are real packages, mutually non-dominated,
but each may itself be dominated by a true frontier package by less than ``epsilon``.
With a floor (reservation values), packages below it are dropped, so a frontier package
within ``epsilon`` of the floor may be covered by nothing returned. When no merge exceeds
``max_points`` nothing is thinned, ``epsilon`` is 0 and the result is the exact frontier
(one package per distinct vector, as :func:`accord.analysis.additive.additive_points`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from accord.analysis.additive import additive_points
from accord.analysis.keys import RESOLUTION
from accord.arrays import BoolArray, IntArray
from accord.errors import AnalysisError

__all__ = ["DEFAULT_MAX_POINTS", "EpsilonFront", "epsilon_points", "grid_thinning"]

DEFAULT_MAX_POINTS = 4096
"""Most partial packages kept after a merge by default."""


@dataclass(frozen=True)
class EpsilonFront:
    """Packages covering the frontier to within ``epsilon`` (utility units) in every party.

    ``outcomes``: (m, n_issues) value indices; ``points``: (m, n_parties) their keys;
    ``epsilon_keys``: the guarantee in key units (``epsilon = epsilon_keys * RESOLUTION``);
    ``exact``: True when nothing was thinned (``epsilon`` is then 0).
    """

    outcomes: IntArray
    points: IntArray
    epsilon_keys: int

    @property
    def epsilon(self) -> float:
        return self.epsilon_keys * RESOLUTION

    @property
    def exact(self) -> bool:
        return self.epsilon_keys == 0


class _GridThinning:
    """Thins a stage's points to ``max_points`` grid cells and adds up the cell sides used."""

    def __init__(self, max_points: int) -> None:
        self.max_points = max_points
        self.total = 0

    def __call__(self, points: IntArray) -> IntArray:
        chosen, delta = grid_thinning(points, self.max_points)
        self.total += delta
        return chosen


def grid_thinning(points: IntArray, max_points: int) -> tuple[IntArray, int]:
    """Sorted indices of at most ``max_points`` rows, one per occupied grid cell, and the cell
    side (0 when nothing had to be dropped). Every dropped row shares its cell with a kept
    row, which is therefore larger than it minus the cell side in every coordinate."""
    m = points.shape[0]
    if m <= max_points:
        return np.arange(m, dtype=np.int64), 0
    lo = points.min(axis=0)
    span = int((points.max(axis=0) - lo).max())
    delta = max(1, span // (4 * max_points))
    shifted = points - lo
    total = points.sum(axis=1)
    while True:
        cells = shifted // delta
        # within each cell, the row with the largest sum first
        order = np.lexsort((-total, *cells.T[::-1]))
        sorted_cells = cells[order]
        first = np.ones(m, dtype=bool)
        first[1:] = np.any(sorted_cells[1:] != sorted_cells[:-1], axis=1)
        chosen = np.sort(order[first])
        if chosen.shape[0] <= max_points:
            return chosen, delta
        delta += max(1, delta // 2)


def epsilon_points(
    keys: Sequence[IntArray],
    *,
    allowed: Sequence[BoolArray | None] | None = None,
    floor: IntArray | None = None,
    max_points: int = DEFAULT_MAX_POINTS,
) -> EpsilonFront:
    """The ε-frontier of an additive problem (arguments as
    :func:`accord.analysis.additive.additive_points`), keeping at most ``max_points``
    partial packages after each merge; see the module docstring for the guarantee."""
    if max_points < 1:
        raise AnalysisError(f"max_points must be at least 1 (found {max_points})")
    thin = _GridThinning(max_points)
    outcomes, points, _ = additive_points(keys, allowed=allowed, floor=floor, thin=thin)
    return EpsilonFront(outcomes, points, thin.total)
