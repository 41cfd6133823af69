"""Relative tit-for-tat (Faratin et al. 1998; Baarslag et al. 2013): mirror the other side.

The party concedes, in its own utility, as much as the other side has conceded to it so far:
the other side's concession is how much better (for this party) its best offer is than its
first. With several other parties it mirrors the least forthcoming of them.
"""

from __future__ import annotations

from accord.engine.events import ActionKind, EventKind
from accord.engine.strategies.base import Param, PartyStrategy
from accord.engine.strategies.registry import register
from accord.engine.view import View

__all__ = ["TitForTat"]


@register(
    name="tit-for-tat",
    kind="behaviour-based",
    description="returns the other side's concessions, measured in its own utility",
    needs=(ActionKind.OFFER,),
)
class TitForTat(PartyStrategy):
    params = (
        Param("factor", float, 1.0, "share of the other side's concession it returns", low=0.0, high=10.0),
        Param("gift", float, 0.0, "concession it makes before the other side moves", low=0.0, high=1.0),
    )

    factor: float
    gift: float

    def setup(self, view: View) -> None:
        super().setup(view)
        self._cursor = 0
        self._first: dict[str, float] = {}
        self._best: dict[str, float] = {}

    def _observe(self, view: View) -> None:
        events, self._cursor = view.events_since(self._cursor)
        me = view.seat.id
        u = self.u
        for e in events:
            if e.kind == EventKind.OFFER and e.party != me and e.outcome is not None:
                v = u[e.outcome]
                if e.party not in self._first:
                    self._first[e.party] = v
                    self._best[e.party] = v
                elif v > self._best[e.party]:
                    self._best[e.party] = v

    def target(self, view: View) -> float:
        self._observe(view)
        first, best = self._first, self._best
        conceded = min(best[p] - first[p] for p in first) if first else 0.0
        return max(self.floor, self.u_max - self.gift - self.factor * conceded)
