"""Utilities precomputed once per outcome space and per party.

Strategies and protocols look outcomes up by index thousands of times a second; evaluating
a utility function each time would dominate a run. :func:`outcome_table` enumerates a space
once; :func:`utility_table` evaluates one party's preferences over it once and sorts the
outcomes by utility. Both are cached for as long as the space / preferences object lives
(a utility table on the preferences object itself).

A :class:`UtilityTable` belongs to one party: it is built from that party's preferences
alone, so handing it to that party's strategy leaks nothing about anyone else.
"""

from __future__ import annotations

import weakref
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from accord.arrays import FloatArray, IntArray
from accord.errors import SpaceTooLargeError
from accord.model.preferences import Preferences
from accord.model.space import OutcomeSpace

__all__ = ["MAX_TABLE_OUTCOMES", "IdCache", "OutcomeTable", "UtilityTable", "outcome_table", "utility_table"]

MAX_TABLE_OUTCOMES = 2_000_000
"""Largest outcome space the engine enumerates (utility tables, table-based strategies)."""


@dataclass(frozen=True, eq=False)
class OutcomeTable:
    """Every outcome of a space, as an (n, n_issues) array in index order."""

    space: OutcomeSpace
    outcomes: IntArray

    @property
    def size(self) -> int:
        return int(self.outcomes.shape[0])


@dataclass(frozen=True, eq=False)
class UtilityTable:
    """One party's utilities over every outcome, and the outcomes sorted by utility.

    ``u[i]`` is the utility of outcome index ``i``. ``order`` lists the indices of the
    outcomes that cross none of the party's red lines, from lowest to highest utility
    (ties by index), and ``sorted_u`` their utilities, so ``bisect`` finds the least
    outcome at or above a target in O(log n). ``u_list`` / ``order_list`` / ``sorted_list``
    are the same as Python tuples, for scalar lookups without numpy overhead (read-only).
    """

    u: FloatArray
    red: npt.NDArray[np.bool_]
    order: IntArray
    sorted_u: FloatArray
    u_list: tuple[float, ...]
    order_list: tuple[int, ...]
    sorted_list: tuple[float, ...]
    red_list: tuple[bool, ...]
    reservation: float

    @property
    def best(self) -> int:
        """Index of a best outcome crossing no red line (highest index among ties)."""
        return self.order_list[-1]

    @property
    def u_max(self) -> float:
        return self.sorted_list[-1]

    @property
    def u_min(self) -> float:
        return self.sorted_list[0]

    def at_least(self, target: float) -> int:
        """The outcome of least utility at or above ``target`` (the best one if none is)."""
        k = bisect_left(self.sorted_list, target)
        order = self.order_list
        return order[k] if k < len(order) else order[-1]

    def acceptable(self, outcome: int) -> bool:
        """Crosses no red line and is worth at least the reservation value."""
        return not self.red_list[outcome] and self.u_list[outcome] >= self.reservation - 1e-12


class IdCache:
    """Cache keyed by object identity, dropped when the key object is collected."""

    def __init__(self) -> None:
        self._data: dict[int, tuple[Any, Any]] = {}

    def get(self, key: object, build: Callable[[], Any], *, weak: bool) -> Any:
        k = id(key)
        hit = self._data.get(k)
        if hit is not None:
            ref, value = hit
            if (ref() if weak else ref) is key:
                return value
        value = build()
        if weak:
            data = self._data
            ref = weakref.ref(key, lambda _r, k=k: data.pop(k, None))  # type: ignore[misc]
            self._data[k] = (ref, value)
        else:
            if len(self._data) > 64:
                self._data.clear()
            self._data[k] = (key, value)
        return value


_SPACES = IdCache()

# A party's table is kept on its own preferences object, not in a module-level cache: a
# strategy holding one party's preferences reaches that party's table and no other's.
_TABLE_ATTR = "_accord_utility_table"


def outcome_table(space: OutcomeSpace) -> OutcomeTable:
    """The enumerated outcomes of ``space`` (cached per space object)."""

    def build() -> OutcomeTable:
        if space.size > MAX_TABLE_OUTCOMES:
            raise SpaceTooLargeError(space.size, MAX_TABLE_OUTCOMES, what="the negotiation engine")
        arr = space.all()
        arr.setflags(write=False)
        return OutcomeTable(space, arr)

    table: OutcomeTable = _SPACES.get(space, build, weak=False)
    return table


def utility_table(preferences: Preferences) -> UtilityTable:
    """The utility table of one party's preferences (cached per preferences object)."""

    def build() -> UtilityTable:
        outcomes = outcome_table(preferences.space).outcomes
        u = np.ascontiguousarray(preferences.evaluate(outcomes), dtype=np.float64)
        red = preferences.crosses_red_line(outcomes) if preferences.red_lines else np.zeros(u.shape[0], bool)
        if preferences.space.exclusions:  # a package that cannot exist is acceptable to nobody
            red = red | ~preferences.space.feasible(outcomes)
        allowed = np.flatnonzero(~red)
        if allowed.size == 0:
            allowed = np.arange(u.shape[0])
        # Utilities equal up to float noise are ties, broken by outcome index (a stable sort of
        # rounded values), so the order does not depend on summation order or platform.
        key = np.round(u[allowed], 12)
        order = allowed[np.argsort(key, kind="stable")].astype(np.int64)
        sorted_u = np.round(u[order], 12)
        for a in (u, red, order, sorted_u):
            a.setflags(write=False)
        return UtilityTable(
            u=u,
            red=red,
            order=order,
            sorted_u=sorted_u,
            u_list=tuple(u.tolist()),
            order_list=tuple(order.tolist()),
            sorted_list=tuple(sorted_u.tolist()),
            red_list=tuple(red.tolist()),
            reservation=preferences.reservation,
        )

    cached: UtilityTable | None = vars(preferences).get(_TABLE_ATTR)
    if cached is not None:
        return cached
    table = build()
    object.__setattr__(preferences, _TABLE_ATTR, table)
    return table
