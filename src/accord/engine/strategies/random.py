"""Random offers (seeded): a baseline that offers any acceptable outcome at random.

On a space too large to enumerate it offers the least outcome found at or above a target
drawn uniformly between its floor and its best utility (random in utility, not uniform over
the acceptable outcomes).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence

from accord.engine.search import SearchTable
from accord.engine.strategies.base import Param, PartyStrategy
from accord.engine.strategies.registry import register
from accord.engine.view import View

__all__ = ["RandomOffers"]


@register(
    name="random",
    kind="random",
    description="offers a random outcome it can accept; accepts an acceptable offer with probability p",
    deterministic=False,
)
class RandomOffers(PartyStrategy):
    params = (Param("p", float, 0.5, "probability of accepting an acceptable offer", low=0.0, high=1.0),)

    p: float

    def setup(self, view: View) -> None:
        super().setup(view)
        table = self.table
        self._pool: Sequence[int] = ()
        if not isinstance(table, SearchTable):
            k = bisect_left(table.sorted_list, self.floor - 1e-12)
            self._pool = table.order_list[k:] or table.order_list[-1:]

    def target(self, view: View) -> float:
        return self.floor

    def propose(self, view: View) -> int:
        if isinstance(self.table, SearchTable):
            return self.table.sample(self.rng, self.floor)
        return self._pool[int(self.rng.integers(len(self._pool)))]

    def accepts(self, view: View, outcome: int, next_offer: int) -> bool:
        if self.table.red_list[outcome] or self.u[outcome] < self.floor - 1e-12:
            return False
        return bool(self.rng.random() < self.p)
