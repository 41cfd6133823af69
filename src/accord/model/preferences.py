"""Preferences: how much a party values each outcome, and what it will never accept.

A :class:`UtilityFunction` maps outcomes of one :class:`~accord.model.space.OutcomeSpace` to
[0, 1], one outcome at a time (``u(outcome)``) or many at once (``u.evaluate(array)``, numpy,
shape (n, n_issues) -> (n,)). :class:`LinearAdditive` is the standard kind (issue weights x
per-option values); other kinds (constraint-based, non-linear) subclass the same interface.

:class:`Preferences` wraps a utility function with what makes it a party's position: the
reservation value (utility of no deal), a cost of delay, and red lines (options the party
will never accept, whatever the rest of the package gives it).
"""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property
from types import MappingProxyType
from typing import TYPE_CHECKING

from accord.errors import ModelError
from accord.model.issues import IssueValue
from accord.model.space import OutcomeSpace

if TYPE_CHECKING:  # numpy is imported where it is used: reading and showing a scenario need none
    import numpy as np
    import numpy.typing as npt

    from accord.arrays import FloatArray, IntArray

__all__ = [
    "CostOfDelay",
    "DelayUnit",
    "LinearAdditive",
    "Preferences",
    "UtilityFunction",
]


_TOL = 1e-9


class UtilityFunction(ABC):
    """Maps the outcomes of ``space`` to utilities in [0, 1]."""

    kind: str = "abstract"

    @property
    @abstractmethod
    def space(self) -> OutcomeSpace: ...

    @abstractmethod
    def evaluate(self, outcomes: npt.ArrayLike) -> FloatArray:
        """Utilities of an (n, n_issues) array of outcomes, as an (n,) float array."""

    def __call__(self, outcome: Sequence[int]) -> float:
        import numpy as np

        o = self.space.check(outcome)
        return float(self.evaluate(np.asarray([o], dtype=np.int64))[0])

    def _as_outcomes(self, outcomes: npt.ArrayLike) -> IntArray:
        import numpy as np

        arr = np.asarray(outcomes, dtype=np.int64)
        if arr.ndim == 1 and arr.shape[0] == self.space.n_issues:
            arr = arr[None, :]
        if arr.ndim != 2 or arr.shape[1] != self.space.n_issues:
            raise ModelError(f"expected an outcome array of shape (n, {self.space.n_issues})")
        return arr

    def best(self) -> tuple[tuple[int, ...], float]:
        """A best outcome and its utility (exact for additive kinds; enumerates otherwise)."""
        import numpy as np

        arr = self.space.all()
        u = self.evaluate(arr)
        i = int(np.argmax(u))
        return tuple(int(x) for x in arr[i]), float(u[i])


@dataclass(frozen=True, eq=False)
class LinearAdditive(UtilityFunction):
    """``u(o) = sum_j weights[j] * values[j][o_j]``, weights summing to 1, values in [0, 1].

    ``values[j]`` holds one number per value of issue ``j`` (in the issue's index order).
    Build from names with :meth:`from_mapping`.
    """

    _space: OutcomeSpace
    weights: tuple[float, ...]
    values: tuple[tuple[float, ...], ...]
    kind: str = field(default="linear-additive", init=False)

    def __post_init__(self) -> None:
        space = self._space
        w = tuple(float(x) for x in self.weights)
        vals = tuple(tuple(float(x) for x in v) for v in self.values)
        if len(w) != space.n_issues or len(vals) != space.n_issues:
            raise ModelError(
                f"linear-additive utility needs one weight and one value table per issue "
                f"({space.n_issues}); found {len(w)} weights and {len(vals)} tables"
            )
        for name, x in zip(space.names, w, strict=True):
            if not math.isfinite(x) or x < 0:
                raise ModelError(f"weight of issue {name!r} must be a number >= 0 (found {x!r})")
        total = math.fsum(w)
        if abs(total - 1.0) > 1e-6:
            raise ModelError(f"weights must sum to 1 (found {total:.6g}); use normalize=True to rescale")
        for issue, v in zip(space.issues, vals, strict=True):
            if len(v) != issue.cardinality:
                raise ModelError(
                    f"issue {issue.name!r} has {issue.cardinality} values but {len(v)} utilities were given"
                )
            for k, x in enumerate(v):
                if not math.isfinite(x) or x < -_TOL or x > 1 + _TOL:
                    raise ModelError(f"value of {issue.name}={issue.value(k)!r} must lie in [0, 1] (found {x!r})")
        object.__setattr__(self, "weights", w)
        object.__setattr__(self, "values", vals)

    @cached_property
    def _tables(self) -> tuple[FloatArray, ...]:
        import numpy as np

        tables = []
        for wj, v in zip(self.weights, self.values, strict=True):
            t = np.asarray(v, dtype=np.float64) * wj
            t.setflags(write=False)
            tables.append(t)
        return tuple(tables)

    @classmethod
    def create(
        cls,
        space: OutcomeSpace,
        weights: Sequence[float],
        values: Sequence[Sequence[float]],
        *,
        normalize: bool = False,
    ) -> LinearAdditive:
        """Build from per-issue sequences; ``normalize=True`` rescales weights to sum to 1."""
        w = [float(x) for x in weights]
        if normalize:
            total = math.fsum(w)
            if total <= 0 or not math.isfinite(total):
                raise ModelError(f"weights must have a positive finite sum to normalise (found {total!r})")
            w = [x / total for x in w]
        return cls(space, tuple(w), tuple(tuple(v) for v in values))

    @classmethod
    def from_mapping(
        cls,
        space: OutcomeSpace,
        weights: Mapping[str, float],
        values: Mapping[str, Mapping[IssueValue, float] | Sequence[float]],
        *,
        normalize: bool = False,
    ) -> LinearAdditive:
        """Build from ``weights[issue]`` and ``values[issue][option]`` (or a list per issue).

        An option missing from ``values[issue]`` is worth 0; an issue missing from ``weights``
        has weight 0.
        """
        unknown = (set(weights) | set(values)) - set(space.names)
        if unknown:
            raise ModelError("unknown issues: " + ", ".join(sorted(unknown)))
        ws, tables = [], []
        for issue in space.issues:
            ws.append(float(weights.get(issue.name, 0.0)))
            spec = values.get(issue.name, {})
            if isinstance(spec, Mapping):
                row = [0.0] * issue.cardinality
                for key, x in spec.items():
                    row[issue.index_of(key)] = float(x)
            else:
                row = [float(x) for x in spec]
            tables.append(row)
        return cls.create(space, ws, tables, normalize=normalize)

    @property
    def space(self) -> OutcomeSpace:
        return self._space

    @property
    def tables(self) -> tuple[FloatArray, ...]:
        """Per-issue contributions ``weights[j] * values[j]`` (read-only arrays)."""
        return self._tables

    def weight(self, issue: str) -> float:
        return self.weights[self._space.issue_index(issue)]

    def value(self, issue: str, option: IssueValue) -> float:
        j = self._space.issue_index(issue)
        return self.values[j][self._space.issues[j].index_of(option)]

    def evaluate(self, outcomes: npt.ArrayLike) -> FloatArray:
        import numpy as np

        arr = self._as_outcomes(outcomes)
        out = np.zeros(arr.shape[0], dtype=np.float64)
        for j, t in enumerate(self._tables):
            out += t[arr[:, j]]
        return out

    def best(self) -> tuple[tuple[int, ...], float]:
        import numpy as np

        choice = tuple(int(np.argmax(t)) for t in self._tables)
        return choice, float(sum(float(t[c]) for t, c in zip(self._tables, choice, strict=True)))

    def worst(self) -> tuple[tuple[int, ...], float]:
        import numpy as np

        choice = tuple(int(np.argmin(t)) for t in self._tables)
        return choice, float(sum(float(t[c]) for t, c in zip(self._tables, choice, strict=True)))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, LinearAdditive):
            return NotImplemented
        return self._space == other._space and self.weights == other.weights and self.values == other.values

    def __hash__(self) -> int:
        return hash((self.kind, self.weights, self.values))


class DelayUnit(StrEnum):
    """What ``t`` counts in a discount ``factor ** t``."""

    ROUND = "round"  # rounds since the start
    DAY = "day"  # calendar days since the start
    DEADLINE = "deadline"  # fraction of the deadline elapsed, in [0, 1] (the GENIUS convention)


@dataclass(frozen=True, slots=True)
class CostOfDelay:
    """Utilities (and the reservation value) are multiplied by ``factor ** t``.

    ``t`` counts rounds or days (``per``) since the start. ``factor`` = 1 means no cost.
    This is the GENIUS convention (discount applies to deals and to no-deal alike).
    """

    factor: float
    per: DelayUnit = DelayUnit.ROUND

    def __post_init__(self) -> None:
        f = self.factor
        if isinstance(f, bool) or not isinstance(f, int | float) or not (0 < float(f) <= 1):
            raise ModelError(f"discount factor must be a number in (0, 1] (found {f!r})")
        object.__setattr__(self, "factor", float(f))
        object.__setattr__(self, "per", DelayUnit(self.per))

    def multiplier(self, *, round: int = 0, day: int = 0, elapsed: float = 0.0) -> float:
        """The factor at a time given as rounds, days and fraction of the deadline elapsed."""
        t: float
        if self.per is DelayUnit.ROUND:
            t = round
        elif self.per is DelayUnit.DAY:
            t = day
        else:
            t = min(max(elapsed, 0.0), 1.0)
        return float(self.factor**t)


@dataclass(frozen=True)
class Preferences:
    """A party's private position: utility, reservation value, cost of delay, red lines.

    ``red_lines`` maps an issue name to the option ids (or values) the party will never
    accept. ``rationales`` maps a field path (``"reservation"``, ``"weights.territory"``,
    ``"values.territory.freeze_current_line"``, ``"cost_of_delay"``) to the reason for it.
    """

    utility: UtilityFunction
    reservation: float = 0.0
    cost_of_delay: CostOfDelay | None = None
    red_lines: Mapping[str, frozenset[IssueValue]] = field(default_factory=dict)
    rationales: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        r = self.reservation
        if isinstance(r, bool) or not isinstance(r, int | float) or not math.isfinite(r):
            raise ModelError(f"reservation value must be a number (found {r!r})")
        if not -_TOL <= float(r) <= 1 + _TOL:
            raise ModelError(f"reservation value must lie in [0, 1] (found {r!r})")
        object.__setattr__(self, "reservation", float(r))
        space = self.utility.space
        red: dict[str, frozenset[IssueValue]] = {}
        for name, opts in self.red_lines.items():
            issue = space.issue(name)
            vals = frozenset(opts)
            for v in vals:
                issue.index_of(v)  # an option the issue does not have is an error
            if vals:
                red[name] = vals
        object.__setattr__(self, "red_lines", MappingProxyType(red))
        object.__setattr__(self, "rationales", MappingProxyType(dict(self.rationales)))

    @cached_property
    def _red_index(self) -> tuple[tuple[int, npt.NDArray[np.bool_]], ...]:
        import numpy as np

        space = self.space
        index = []
        for name, vals in self.red_lines.items():
            issue = space.issue(name)
            mask = np.zeros(issue.cardinality, dtype=bool)
            for v in vals:
                mask[issue.index_of(v)] = True
            mask.setflags(write=False)
            index.append((space.issue_index(name), mask))
        return tuple(index)

    def __reduce__(self) -> tuple[type[Preferences], tuple[object, ...]]:
        # read-only mappings do not pickle; rebuild from plain ones (and validate again)
        args = (self.utility, self.reservation, self.cost_of_delay, dict(self.red_lines), dict(self.rationales))
        return (Preferences, args)

    @property
    def space(self) -> OutcomeSpace:
        return self.utility.space

    def evaluate(self, outcomes: npt.ArrayLike) -> FloatArray:
        return self.utility.evaluate(outcomes)

    def __call__(self, outcome: Sequence[int]) -> float:
        return self.utility(outcome)

    def red_line_masks(self) -> tuple[tuple[int, npt.NDArray[np.bool_]], ...]:
        """(issue index, forbidden-value mask) pairs, for vectorised checks."""
        return self._red_index

    def blocked_issues(self) -> tuple[str, ...]:
        """Issues on which every option is red-lined: no package at all is acceptable to the party."""
        space = self.space
        return tuple(
            name
            for name, vals in self.red_lines.items()
            if len({space.issue(name).index_of(v) for v in vals}) == space.issue(name).cardinality
        )

    def crosses_red_line(self, outcomes: npt.ArrayLike) -> npt.NDArray[np.bool_]:
        import numpy as np

        arr = np.asarray(outcomes, dtype=np.int64)
        if arr.ndim == 1:
            arr = arr[None, :]
        out = np.zeros(arr.shape[0], dtype=bool)
        for j, mask in self._red_index:
            out |= mask[arr[:, j]]
        return out

    def acceptable(self, outcomes: npt.ArrayLike) -> npt.NDArray[np.bool_]:
        """True where the outcome crosses no red line and is worth at least the reservation value."""
        import numpy as np

        arr = np.asarray(outcomes, dtype=np.int64)
        if arr.ndim == 1:
            arr = arr[None, :]
        return (self.evaluate(arr) >= self.reservation - _TOL) & ~self.crosses_red_line(arr)

    def accepts(self, outcome: Sequence[int]) -> bool:
        import numpy as np

        return bool(self.acceptable(np.asarray([outcome], dtype=np.int64))[0])

    def discount(self, *, round: int = 0, day: int = 0, elapsed: float = 0.0) -> float:
        """The multiplier applied to utilities and the reservation value at that time."""
        if self.cost_of_delay is None:
            return 1.0
        return self.cost_of_delay.multiplier(round=round, day=day, elapsed=elapsed)
