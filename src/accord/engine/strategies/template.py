"""The template ``accord new --strategy FILE`` writes: a party strategy that runs as written."""

from __future__ import annotations

__all__ = ["STRATEGY_TEMPLATE"]

STRATEGY_TEMPLATE = '''"""A negotiation strategy for accord (written by `accord new --strategy`; edit freely).

Use it wherever a strategy name is accepted, naming the file and the class:

    accord run job-offer -p saop -s {path}:MyStrategy(k=2)
    accord check-strategy {path}:MyStrategy
    strategies = ["boulware", "{path}:MyStrategy(k=2)"]     # in a tournament file

See docs/writing-a-strategy.md for what a strategy sees and may do.
"""

from accord.engine.strategies import Param, PartyStrategy
from accord.engine.view import View


class MyStrategy(PartyStrategy):
    """Holds out, then concedes: aims at best - (best - floor) * t**k."""  # first line: its description

    # Parameters, given in the spec as MyStrategy(k=2): name, type, default, meaning, bounds.
    # PartyStrategy adds three of its own: ac (acceptance rule), report, critique.
    params = (Param("k", float, 3.0, "how late it concedes: higher holds out longer", low=0.1, high=20.0),)
    # The protocol capabilities it needs: none, so it plays every protocol (PartyStrategy answers
    # in all of them); needs = ("offer",) would limit it to alternating offers.
    needs = ()

    k: float  # parameters become attributes

    def setup(self, view: View) -> None:
        """Called once per negotiation, before the first action: prepare what you need."""
        super().setup(view)  # sets self.table (your utilities, sorted), self.u, self.floor, self.u_max
        # view.preferences is yours alone; view.space, view.seat.parties and view.n_rounds are public.

    def target(self, view: View) -> float:
        """The utility to aim at now; view.time runs from 0 (start) to 1 (deadline)."""
        return self.u_max - (self.u_max - self.floor) * view.time**self.k

    # Optional: how to choose an offer for the target (default: the least good for you at or
    # above it), and when to accept (default: the rule in parameter ac, AC_next).
    #
    # def propose(self, view: View) -> int:
    #     return self.table.at_least(self.target(view))
    #
    # def accepts(self, view: View, outcome: int, next_offer: int) -> bool:
    #     return super().accepts(view, outcome, next_offer)
'''
