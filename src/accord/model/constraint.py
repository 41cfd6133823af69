"""Constraint-based utility: a sum of boxes of outcomes, each worth a fixed amount.

This is the non-linear utility of ANAC 2014 (GENIUS ``<utility_space type="nonlinear">``,
after Ito, Hattori & Klein 2007): a party values *combinations* of options. Each
:class:`HyperRectangle` names, for some issues, a range of value indices; an outcome inside
every range earns the box's utility (or, for an ``inside=False`` box, an outcome outside
it does — GENIUS's ``EXCLUDES``). The utility of an outcome is the sum of what its boxes
earn, divided by ``scale`` and clipped to [0, 1]:

    u(o) = min(1, max(0, sum_b earns_b(o) / scale))

which is what GENIUS computes with ``scale`` = the file's ``maxutility`` (it caps at 1;
the floor at 0 only matters for boxes with negative utility, which GENIUS would pass
through as negative utilities).

Evaluation is vectorised over ``(n, n_issues)`` outcome arrays, so a 10^10-outcome space
can be sampled (``space.sample(n, rng)``) and evaluated without enumerating it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from accord.errors import ModelError, SpaceTooLargeError
from accord.model.preferences import UtilityFunction
from accord.model.space import OutcomeSpace

if TYPE_CHECKING:  # numpy is imported where it is used: reading and showing a scenario need none
    import numpy as np
    import numpy.typing as npt

    from accord.arrays import FloatArray

__all__ = ["ConstraintUtility", "HyperRectangle"]


EXACT_BEST_LIMIT = 10_000_000
"""``best()`` enumerates at most this many outcomes; beyond, sample instead."""


@dataclass(frozen=True, slots=True)
class HyperRectangle:
    """A box of outcomes and what lying in it is worth.

    ``bounds`` holds ``(issue position, first index, last index)`` triples (value indices,
    inclusive); issues not named are unconstrained. A box with no bounds holds every outcome.
    ``inside=False`` turns the box around: the utility is earned *outside* it.
    """

    bounds: tuple[tuple[int, int, int], ...]
    utility: float
    inside: bool = True

    def __post_init__(self) -> None:
        b = tuple((int(j), int(lo), int(hi)) for j, lo, hi in self.bounds)
        object.__setattr__(self, "bounds", b)
        u = self.utility
        if isinstance(u, bool) or not isinstance(u, int | float) or not math.isfinite(u):
            raise ModelError(f"a box's utility must be a finite number (found {u!r})")
        object.__setattr__(self, "utility", float(u))
        object.__setattr__(self, "inside", bool(self.inside))
        seen: set[int] = set()
        for j, lo, hi in b:
            if j in seen:
                raise ModelError(f"a box bounds issue position {j} twice")
            seen.add(j)
            if hi < lo:
                raise ModelError(f"a box's range on issue position {j} is empty ({lo}..{hi})")

    def contains(self, outcomes: npt.NDArray[np.int64]) -> npt.NDArray[np.bool_]:
        """Which of an (n, n_issues) array of outcomes lie in the box."""
        import numpy as np

        inside = np.ones(outcomes.shape[0], dtype=bool)
        for j, lo, hi in self.bounds:
            col = outcomes[:, j]
            inside &= (col >= lo) & (col <= hi)
        return inside


@dataclass(frozen=True, eq=False)
class ConstraintUtility(UtilityFunction):
    """``u(o) = clip(sum of the utilities of the boxes o earns / scale, 0, 1)``."""

    _space: OutcomeSpace
    boxes: tuple[HyperRectangle, ...]
    scale: float
    kind: str = field(default="constraint", init=False)

    def __post_init__(self) -> None:
        boxes = tuple(self.boxes)
        object.__setattr__(self, "boxes", boxes)
        s = self.scale
        if isinstance(s, bool) or not isinstance(s, int | float) or not math.isfinite(s) or s <= 0:
            raise ModelError(f"a constraint utility's scale must be a positive number (found {s!r})")
        object.__setattr__(self, "scale", float(s))
        radices = self._space.radices
        for k, box in enumerate(boxes):
            if not isinstance(box, HyperRectangle):
                raise ModelError(f"box {k} is not a HyperRectangle (found {type(box).__name__})")
            for j, lo, hi in box.bounds:
                if not 0 <= j < len(radices):
                    raise ModelError(f"box {k} bounds issue position {j}; the space has {len(radices)} issues")
                if lo < 0 or hi >= radices[j]:
                    name = self._space.names[j]
                    raise ModelError(
                        f"box {k}: range {lo}..{hi} on issue {name!r} lies outside its values 0..{radices[j] - 1}"
                    )

    @classmethod
    def create(
        cls, space: OutcomeSpace, boxes: Sequence[HyperRectangle], *, scale: float | None = None
    ) -> ConstraintUtility:
        """Build from boxes; ``scale`` defaults to the sum of the positive box utilities
        (an upper bound on any outcome's total, so utilities never need clipping above)."""
        if scale is None:
            scale = math.fsum(max(b.utility, 0.0) for b in boxes) or 1.0
        return cls(space, tuple(boxes), scale)

    @property
    def space(self) -> OutcomeSpace:
        return self._space

    def totals(self, outcomes: npt.ArrayLike) -> FloatArray:
        """The unscaled sum of what each outcome's boxes earn."""
        import numpy as np

        arr = self._as_outcomes(outcomes)
        total = np.zeros(arr.shape[0], dtype=np.float64)
        for box in self.boxes:
            inside = box.contains(arr)
            total += box.utility * (inside if box.inside else ~inside)
        return total

    def evaluate(self, outcomes: npt.ArrayLike) -> FloatArray:
        # a tiny scale may overflow the quotient to +-inf: the clip gives the exact answer (0 or 1)
        import numpy as np

        with np.errstate(over="ignore"):
            out: FloatArray = np.clip(self.totals(outcomes) / self.scale, 0.0, 1.0)
        return out

    def best(self) -> tuple[tuple[int, ...], float]:
        """A best outcome, by exact enumeration in bounded chunks (spaces up to 10^7 outcomes).

        Larger spaces raise :class:`~accord.errors.SpaceTooLargeError`: sample them instead.
        """
        import numpy as np

        size = self._space.size
        if size > EXACT_BEST_LIMIT:
            raise SpaceTooLargeError(size, EXACT_BEST_LIMIT, what="the best outcome of a constraint utility")
        best_u, best_o = -1.0, (0,) * self._space.n_issues
        for _, chunk in self._space.chunks():
            u = self.evaluate(chunk)
            i = int(np.argmax(u))
            if u[i] > best_u:
                best_u, best_o = float(u[i]), tuple(int(x) for x in chunk[i])
        return best_o, best_u

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ConstraintUtility):
            return NotImplemented
        return self._space == other._space and self.boxes == other.boxes and self.scale == other.scale

    def __hash__(self) -> int:
        return hash((self.kind, self.boxes, self.scale))
