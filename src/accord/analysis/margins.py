"""The agreement margin of additive utilities, and the margin with each issue set aside.

The margin (:mod:`accord.analysis.sticking`) is ``M = max_o min_i (u_i(o) - r_i)`` over
the packages the red lines allow; with issue ``j`` set aside (every party given its own
best option on it, its red lines lifted) it is ``M_j``. Both are computed in the integer
keys of :mod:`accord.analysis.keys` (reservation ``R_i = round(r_i * SCALE)``), so every
comparison is exact.

``M`` is the largest ``min_i (f_i - R_i)`` over the frontier ``F`` of the allowed packages
(a package that dominates another has a margin at least as large). ``F`` is the
analysis's frontier when it covers exactly these packages, else it is merged here. For
each issue, two bounds come from ``F`` at the cost of a pass over it, where ``b_j`` is
each party's best key on ``j`` and ``k_j(x)`` the keys of option ``x``:

- ``low_j = max_{f in F} min_i (f_i - k_ij(o_f) + b_ij - R_i)``: the margin of a real
  package of the relaxed problem (``f``'s package ``o_f`` with issue ``j`` set aside);
- ``high_j = min_x max_{f in F} min_i (f_i - k_ij(x) + b_ij - R_i)``, ``x`` over the
  options of ``j`` the red lines allow: any package ``s`` of the other issues plus ``x``
  is allowed, so some ``f`` dominates ``s + k_j(x)``, and ``s + b_j <= f - k_j(x) + b_j``.

Where ``low_j == high_j`` (most issues: the best relaxed package is usually one option
away from a frontier package) ``M_j`` is exact at no further cost. The others are made
exact, largest ``high_j`` first, by merging the relaxed problem above the floor
``R + low_j + 1`` (no package there: ``M_j = low_j``) while the work budget
(:mod:`accord.analysis.budget`) lasts; what remains is reported as bounds.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from accord.analysis.additive import additive_points
from accord.analysis.budget import BudgetExhausted, WorkBudget
from accord.analysis.keys import SCALE
from accord.arrays import BoolArray, IntArray
from accord.errors import AnalysisError

__all__ = ["IssueMargins", "issue_margins"]


@dataclass(frozen=True)
class IssueMargins:
    """``base``: the margin ``M``; ``low[j] <= M_j <= high[j]`` (exact where equal), in
    utility points; ``stop``: why some issues kept bounds ("" when all are exact);
    ``by_budget``: whether the work budget stopped it (a larger one gives exact values)."""

    base: float
    low: tuple[float, ...]
    high: tuple[float, ...]
    stop: str = ""
    by_budget: bool = False

    @property
    def exact(self) -> tuple[bool, ...]:
        return tuple(lo == hi for lo, hi in zip(self.low, self.high, strict=True))


def issue_margins(
    keys: Sequence[IntArray],
    reservations: Sequence[float],
    allowed: Sequence[BoolArray | None],
    *,
    front: tuple[IntArray, IntArray] | None = None,
    budget: WorkBudget,
) -> IssueMargins:
    """The margin and each issue's margin set aside (see the module docstring).

    ``keys[j]``: (options, parties) keys of issue ``j``; ``allowed[j]``: the options every
    party's red lines allow (None: all), with no issue left empty; ``front``: the
    frontier of exactly those packages as (outcomes, keys), one row per distinct key
    vector, when already known. Raises :class:`~accord.analysis.budget.BudgetExhausted`
    when the frontier must be merged here and does not fit the budget, and
    :class:`~accord.errors.FrontierTooLargeError` when it is too large to merge at all.
    """
    reserve = np.rint(np.asarray(reservations, dtype=np.float64) * SCALE).astype(np.int64)
    if front is None:
        meter = budget.merge_meter()
        outcomes, points, _ = additive_points(keys, allowed=allowed, thin=meter)
    else:
        outcomes, points = front
    if points.shape[0] == 0:  # pragma: no cover - every issue keeps an allowed option
        n = len(keys)
        return IssueMargins(-math.inf, (-math.inf,) * n, (-math.inf,) * n)
    surplus = points - reserve
    base = int(surplus.min(axis=1).max())
    low: list[int] = []
    high: list[int] = []
    for j, k in enumerate(keys):
        lift = k.max(axis=0) - k  # what each option leaves each party short of its best
        relaxed = (surplus + lift[outcomes[:, j]]).min(axis=1)
        at = int(np.argmax(relaxed))
        lo = int(relaxed[at])
        first = int(outcomes[at, j])  # the likeliest tight option: the best relaxed package's
        hi = int((surplus + lift[first]).min(axis=1).max())
        if hi > lo:
            mask = allowed[j]
            for x in range(k.shape[0]) if mask is None else np.flatnonzero(mask):
                if x != first:
                    hi = min(hi, int((surplus + lift[x]).min(axis=1).max()))
                if hi == lo:
                    break
        low.append(lo)
        high.append(hi)
    stop, by_budget = _refine(keys, allowed, reserve, low, high, budget)
    return IssueMargins(base / SCALE, tuple(v / SCALE for v in low), tuple(v / SCALE for v in high), stop, by_budget)


def _refine(
    keys: Sequence[IntArray],
    allowed: Sequence[BoolArray | None],
    reserve: IntArray,
    low: list[int],
    high: list[int],
    budget: WorkBudget,
) -> tuple[str, bool]:
    """Make the margins exact where the bounds differ, largest upper bound first, while the
    budget lasts (in place); why it stopped ("" if it did not), and whether the budget did."""
    todo = sorted((j for j in range(len(keys)) if low[j] < high[j]), key=lambda j: (-high[j], j))
    for j in todo:
        aside = list(keys)
        aside[j] = keys[j].max(axis=0, keepdims=True)
        lifted = list(allowed)
        lifted[j] = None
        try:
            meter = budget.merge_meter()
            _, points, _ = additive_points(aside, allowed=lifted, floor=reserve + low[j] + 1, thin=meter)
        except BudgetExhausted:
            return f"the work budget of {budget.limit:,} units ran out", True
        except AnalysisError as e:  # the relaxed problem is too large to merge
            return str(e), False
        if points.shape[0]:
            low[j] = max(low[j], int((points - reserve).min(axis=1).max()))
        high[j] = low[j]
    return "", False
