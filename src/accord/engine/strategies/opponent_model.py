"""A frequency opponent model (HardHeaded, van Krimpen et al. 2013) steering a time-based target.

The party estimates each other party's additive utility from its offers: an issue whose
value it rarely changes weighs more, and an option it offers often is worth more to it.
Each turn the party's own aspiration falls with time as in ``time-based``; among the
outcomes at or above that aspiration it offers the one the model rates best for the other
side(s), i.e. a point near its estimate of the Pareto frontier.
"""

from __future__ import annotations

from bisect import bisect_left

import numpy as np
import numpy.typing as npt

from accord.engine.events import ActionKind, EventKind
from accord.engine.strategies.base import Param, PartyStrategy
from accord.engine.strategies.registry import register
from accord.engine.tables import outcome_table
from accord.engine.view import View

__all__ = ["FrequencyModel"]


@register(
    name="opponent-model",
    kind="opponent-model",
    description="learns the other side's priorities from its offers and offers near the estimated frontier",
    needs=(ActionKind.OFFER,),
)
class FrequencyModel(PartyStrategy):
    params = (
        Param("e", float, 0.5, "concession exponent of its own aspiration (as in time-based)", low=1e-3, high=1e3),
        Param("eps", float, 1e-4, "tolerance below the target", low=0.0, high=0.1),
        Param("learning", float, 0.2, "weight added to an issue each time its value is kept", low=0.0),
    )

    e: float
    eps: float
    learning: float

    def setup(self, view: View) -> None:
        super().setup(view)
        self._outcomes = outcome_table(view.space).outcomes
        self._radices = view.space.radices
        self._order = self.table.order
        self._cursor = 0
        self._counts: dict[str, list[npt.NDArray[np.float64]]] = {}
        self._weights: dict[str, npt.NDArray[np.float64]] = {}
        self._last: dict[str, tuple[int, ...]] = {}
        self._estimate: npt.NDArray[np.float64] | None = None

    def _observe(self, view: View) -> None:
        events, self._cursor = view.events_since(self._cursor)
        me = view.seat.id
        changed = False
        for e in events:
            if e.kind != EventKind.OFFER or e.party == me or e.outcome is None:
                continue
            o = view.space.outcome(e.outcome)
            p = e.party
            if p not in self._counts:
                self._counts[p] = [np.zeros(r) for r in self._radices]
                self._weights[p] = np.ones(len(self._radices))
            for j, v in enumerate(o):
                self._counts[p][j][v] += 1.0
            last = self._last.get(p)
            if last is not None:
                for j, (a, b) in enumerate(zip(last, o, strict=True)):
                    if a == b:
                        self._weights[p][j] += self.learning
            self._last[p] = o
            changed = True
        if changed:
            self._estimate = self._estimated_others()

    def _estimated_others(self) -> npt.NDArray[np.float64]:
        total = np.zeros(self._outcomes.shape[0])
        for p, counts in self._counts.items():
            w = self._weights[p] / self._weights[p].sum()
            for j, c in enumerate(counts):
                values = (1.0 + c) / (1.0 + c.max())
                total += w[j] * values[self._outcomes[:, j]]
        return total

    def target(self, view: View) -> float:
        t = self.floor + (self.u_max - self.floor) * (1.0 - float(view.time ** (1.0 / self.e))) - self.eps
        return max(self.floor, t)

    def propose(self, view: View) -> int:
        self._observe(view)
        k = bisect_left(self.table.sorted_list, self.target(view))
        order = self._order
        if k >= order.shape[0]:
            k = order.shape[0] - 1
        if self._estimate is None:
            return int(order[k])
        candidates = order[k:]
        return int(candidates[int(np.argmax(self._estimate[candidates]))])
