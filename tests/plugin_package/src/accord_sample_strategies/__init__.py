"""A strategy shipped as an installed package: accord finds it through the entry point ``late-sprint``."""

from __future__ import annotations

from accord.engine.events import ActionKind
from accord.engine.strategies import Param, PartyStrategy, register
from accord.engine.view import View

__all__ = ["LateSprint"]


@register(
    name="late-sprint",
    kind="plugin",
    description="holds out for its best outcome, then concedes linearly to its floor in the last stretch",
    needs=(ActionKind.OFFER,),
)
class LateSprint(PartyStrategy):
    """Holds out for its best outcome, then concedes linearly to its floor in the last stretch."""

    params = (Param("at", float, 0.8, "relative time at which it starts conceding", low=0.0, high=0.99),)

    at: float

    def target(self, view: View) -> float:
        if view.time <= self.at:
            return self.u_max
        share = (view.time - self.at) / (1.0 - self.at)
        return self.u_max - share * (self.u_max - self.floor)
