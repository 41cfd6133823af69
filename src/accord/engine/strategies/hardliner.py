"""The hard-liner: asks for its best outcome and accepts nothing less, to the end."""

from __future__ import annotations

from accord.engine.strategies.base import Param, PartyStrategy
from accord.engine.strategies.registry import register
from accord.engine.view import View

__all__ = ["Hardliner"]


@register(
    name="hardliner",
    kind="hard-line",
    description="always offers its best outcome; accepts only offers within `slack` of it",
    aliases={"hard-headed": {}},
)
class Hardliner(PartyStrategy):
    params = (Param("slack", float, 0.0, "accepted shortfall below its best utility", low=0.0, high=1.0),)

    slack: float

    def target(self, view: View) -> float:
        return max(self.floor, self.u_max - self.slack)

    def propose(self, view: View) -> int:
        return self.table.best
