"""A researcher's strategy in an importable module (named ``user_module:Patient`` in the tests)."""

from __future__ import annotations

from accord.engine.strategies import Param, PartyStrategy
from accord.engine.view import View


class Patient(PartyStrategy):
    """Asks for its best outcome until ``until``, then for its floor."""

    params = (Param("until", float, 0.9, "relative time at which it gives in", low=0.0, high=1.0),)

    until: float

    def target(self, view: View) -> float:
        return self.u_max if view.time < self.until else self.floor
