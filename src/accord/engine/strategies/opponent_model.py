"""A frequency opponent model (HardHeaded, van Krimpen et al. 2013) steering a time-based target.

The party estimates each other party's additive utility from its offers: an issue whose
value it rarely changes weighs more, and an option it offers often is worth more to it.
Each turn the party's own aspiration falls with time as in ``time-based``; among the
outcomes at or above that aspiration it offers the one the model rates best for the other
side(s), i.e. a point near its estimate of the Pareto frontier. As in HardHeaded, the
outcomes considered are those just above the aspiration: at most ``candidates`` of them,
the least good for this party first (all of them on spaces of up to that size). The model
is evaluated on those candidates only, so a turn costs O(candidates x issues) whatever the
size of the space (Energy's 390,625 outcomes included). On a space too large to enumerate,
the candidates are the outcomes its utility search finds at ``SEARCHED`` evenly spaced
targets between its aspiration and its best utility.
"""

from __future__ import annotations

import weakref
from bisect import bisect_left
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from accord.engine.events import ActionKind, EventKind
from accord.engine.search import SearchTable
from accord.engine.strategies.base import Param, PartyStrategy
from accord.engine.strategies.registry import register
from accord.engine.tables import OutcomeTable, outcome_table
from accord.engine.view import View

__all__ = ["FrequencyModel"]

SEARCHED = 8
"""Targets searched per turn on a space too large to enumerate."""

# Per outcome space (public: no party's preferences): each outcome as the flat indices of its
# options, issue j's options numbered after those of issues 0..j-1.
_SLOTS: weakref.WeakKeyDictionary[OutcomeTable, npt.NDArray[np.int32]] = weakref.WeakKeyDictionary()


def _option_slots(table: OutcomeTable, starts: list[int]) -> npt.NDArray[np.int32]:
    slots = _SLOTS.get(table)
    if slots is None:
        slots = (table.outcomes + np.asarray(starts, dtype=np.int64)).astype(np.int32)
        slots.setflags(write=False)
        _SLOTS[table] = slots
    return slots


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
        Param("candidates", int, 100, "most outcomes above the aspiration it compares each turn", low=1),
    )

    e: float
    eps: float
    learning: float
    candidates: int

    def setup(self, view: View) -> None:
        super().setup(view)
        radices = view.space.radices
        self._space = view.space
        self._starts = [sum(radices[:j]) for j in range(len(radices))]  # each issue's first slot
        self._issue_of = [j for j, r in enumerate(radices) for _ in range(r)]  # each slot's issue
        own = self.table
        self._search = own if isinstance(own, SearchTable) else None
        if isinstance(own, SearchTable):  # too large to enumerate: outcomes decoded one by one
            self._outcomes: npt.NDArray[np.int64] | None = None
            self._option_slots = np.zeros((0, len(radices)), dtype=np.int32)
            self._order_array = np.zeros(0, dtype=np.int64)
            self._order: Sequence[int] = ()
        else:
            table = outcome_table(view.space)
            self._outcomes = table.outcomes
            self._option_slots = _option_slots(table, self._starts)
            self._order_array = own.order
            self._order = own.order_list
        self._cursor = 0
        # per other party: how often it offered each option (by slot), the most per issue,
        # each issue's estimated weight, and its last offer
        self._counts: dict[str, list[float]] = {}
        self._top: dict[str, list[float]] = {}
        self._weights: dict[str, list[float]] = {}
        self._last: dict[str, list[int]] = {}
        self._values: list[tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]] | None = None

    def _observe(self, view: View) -> None:
        events, self._cursor = view.events_since(self._cursor)
        me = view.seat.id
        changed = False
        for e in events:
            if e.kind != EventKind.OFFER or e.party == me or e.outcome is None:
                continue
            row = list(self._space.outcome(e.outcome)) if self._outcomes is None else self._outcomes[e.outcome].tolist()
            p = e.party
            if p not in self._counts:
                self._counts[p] = [0.0] * len(self._issue_of)
                self._top[p] = [0.0] * len(row)
                self._weights[p] = [1.0] * len(row)
            counts, top, weights, last = self._counts[p], self._top[p], self._weights[p], self._last.get(p)
            for j, v in enumerate(row):
                slot = self._starts[j] + v
                counts[slot] += 1.0
                if counts[slot] > top[j]:
                    top[j] = counts[slot]
                if last is not None and last[j] == v:
                    weights[j] += self.learning
            self._last[p] = row
            changed = True
        if changed:
            self._values = self._estimated_values()

    def _estimated_values(self) -> list[tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]]:
        """Per other party: its option counts (by slot) and what a count is worth on each issue.

        A party's estimate of an outcome is the sum over issues of weight * (1 + count) / (1 + most
        counted), i.e. a constant (the same for every outcome) plus count * weight / (1 + most counted).
        """
        out = []
        for p, counts in self._counts.items():
            weights, top = self._weights[p], self._top[p]
            total = sum(weights)
            scale = [w / total / (1.0 + m) for w, m in zip(weights, top, strict=True)]
            out.append((np.asarray(counts), np.asarray(scale)))
        return out

    def target(self, view: View) -> float:
        t = self.floor + (self.u_max - self.floor) * (1.0 - float(view.time ** (1.0 / self.e))) - self.eps
        return max(self.floor, t)

    def propose(self, view: View) -> int:
        self._observe(view)
        if self._search is not None:
            return self._propose_searched(view, self._search)
        k = bisect_left(self._sorted(), self.target(view))
        order = self._order
        if k >= len(order):
            k = len(order) - 1
        if self._values is None:
            return order[k]
        window = self._option_slots[self._order_array[k : k + self.candidates]]
        counts, scale = self._values[0]
        score = counts[window] @ scale
        for counts, scale in self._values[1:]:
            score += counts[window] @ scale
        return order[k + int(score.argmax())]

    def _sorted(self) -> Sequence[float]:
        own = self.table
        return [] if isinstance(own, SearchTable) else own.sorted_list

    def _propose_searched(self, view: View, search: SearchTable) -> int:
        target = self.target(view)
        found = [search.at_least(target + (self.u_max - target) * i / SEARCHED) for i in range(SEARCHED)]
        cands = sorted(set(found), key=found.index)
        if self._values is None or len(cands) == 1:
            return cands[0]
        starts = np.asarray(self._starts, dtype=np.int64)
        window = np.asarray([view.space.outcome(c) for c in cands], dtype=np.int64) + starts
        counts, scale = self._values[0]
        score = counts[window] @ scale
        for counts, scale in self._values[1:]:
            score += counts[window] @ scale
        return cands[int(score.argmax())]
