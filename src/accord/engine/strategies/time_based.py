"""Time-based concession (Faratin, Sierra & Jennings 1998): Boulware, linear, Conceder.

The aspiration falls with relative time ``t`` from the party's best utility to its floor
(the higher of its reservation value and its worst outcome):

    target(t) = floor + (best - floor) * (1 - t ** (1 / e)) - eps

``e < 1`` concedes late (Boulware), ``e = 1`` linearly, ``e > 1`` early (Conceder). The
party offers the outcome of least utility at or above the target (a binary search in its
sorted utilities) and, by default, accepts an offer worth at least what it would offer next
(AC_next). This is NegMAS's ``TimeBasedConcedingNegotiator`` with ``stochastic=False``:
NegMAS's exponent is ``1 / e`` (its Boulware 4, Conceder 0.25 are ``e`` = 0.25 and 4 here),
and ``eps`` is its tolerance.

A party with a cost of delay concedes faster (Rubinstein: the more impatient side gives
more): its exponent is ``e / d ** pressure``, with ``d`` its delay multiplier at the
deadline. ``pressure=0`` (or no cost of delay) gives NegMAS's behaviour exactly. With
``spread`` > 0 the exponent is uncertain: drawn once per run from the seat's seed.
"""

from __future__ import annotations

import math
from bisect import bisect_left

import numpy as np

from accord.arrays import BoolArray, FloatArray, IntArray
from accord.engine.events import Action, ActionKind
from accord.engine.plan import TimePlan
from accord.engine.search import SearchTable
from accord.engine.strategies.base import Param, PartyStrategy
from accord.engine.strategies.registry import register
from accord.engine.view import Situation, View

__all__ = ["TimeBased", "TimeBasedPlan"]

_new = tuple.__new__
_RESPOND = Situation.RESPOND
_ACCEPT = ActionKind.ACCEPT
_OFFER = ActionKind.OFFER


@register(
    name="time-based",
    kind="time-based",
    description="concedes with time from its best outcome to its reservation value; e<1 Boulware, e>1 Conceder",
    aliases={"boulware": {"e": 0.25}, "linear": {"e": 1.0}, "conceder": {"e": 4.0}},
)
class TimeBased(PartyStrategy):
    params = (
        Param("e", float, 1.0, "concession exponent: target falls as 1 - t**(1/e)", low=1e-3, high=1e3),
        Param("eps", float, 1e-4, "tolerance below the target", low=0.0, high=0.1),
        Param(
            "pressure",
            float,
            1.0,
            "how much its cost of delay speeds its concession: e is multiplied by its delay "
            "multiplier at the deadline to the power -pressure (0: ignore the cost of delay)",
            low=0.0,
            high=100.0,
        ),
        Param(
            "spread",
            float,
            0.0,
            "uncertainty of its concession rate: e is multiplied by exp(spread * z), z drawn "
            "from the seat's seed (0: exactly e)",
            low=0.0,
            high=5.0,
        ),
    )

    e: float
    eps: float
    pressure: float
    spread: float

    def setup(self, view: View) -> None:
        super().setup(view)
        e = self.e * math.exp(self.spread * float(self.rng.standard_normal())) if self.spread > 0 else self.e
        self._inv_e = 1.0 / e
        self._span = self.u_max - self.floor
        table = self.table
        # on a space too large to enumerate, offers come from a search at the target utility
        self._search = table if isinstance(table, SearchTable) else None
        self._sorted = table.sorted_list if not isinstance(table, SearchTable) else []
        self._order = table.order_list if not isinstance(table, SearchTable) else []
        self._last = len(self._order) - 1
        if self.pressure > 0 and self.prefs.cost_of_delay is not None:
            # Rubinstein: the more waiting costs a side, the faster it concedes. Its exponent
            # grows by the inverse of its delay multiplier at the deadline (toward Conceder).
            last = max(0, view.seat.n_rounds - 1)
            rpd = max(1, view.seat.rounds_per_day)
            self.patience = self.prefs.discount(round=last, day=last // rpd, elapsed=1.0) ** self.pressure
            self._inv_e *= self.patience
        self._fast = self.ac == "next" and not self.hopeless
        self._red = table.red_list

    def target(self, view: View) -> float:
        t = self.floor + self._span * (1.0 - view.time**self._inv_e) - self.eps
        return self.floor if t < self.floor else t

    def propose(self, view: View) -> int:
        if self._search is not None:
            return self._search.at_least(self.target(view))
        k = bisect_left(self._sorted, self.target(view))
        return self._order[k if k <= self._last else self._last]

    def act(self, view: View) -> Action:
        # Fast path for alternating offers with the default acceptance rule (AC_next).
        if self._fast and view.situation == _RESPOND:
            target = self.floor + self._span * (1.0 - view.time**self._inv_e) - self.eps
            target = target if target > self.floor else self.floor
            if self._search is not None:
                nxt = self._search.at_least(target)
            else:
                k = bisect_left(self._sorted, target)
                nxt = self._order[k if k <= self._last else self._last]
            standing = view.standing
            u = self.u
            if (
                standing is not None
                and u[standing] >= u[nxt]
                and u[standing] >= self.floor - 1e-12
                and not self._red[standing]
            ):
                return _new(Action, (view.seat.id, _ACCEPT, None, (), "", None, ""))
            return _new(Action, (view.seat.id, _OFFER, nxt, (), "", None, ""))
        return super().act(view)

    def time_plan(self) -> TimePlan | None:
        """The plan of :meth:`act`'s respond path: with the AC_next rule on an enumerated space,
        when it can accept something and no subclass changes how it offers or accepts."""
        if not getattr(self, "_fast", False) or self._search is not None:
            return None
        cls = type(self)
        if any(getattr(cls, m) is not getattr(TimeBased, m) for m in ("act", "target", "propose")):
            return None
        return TimeBasedPlan(self)


class TimeBasedPlan(TimePlan):
    """:meth:`TimeBased.act` in a respond situation, over arrays of times.

    Exactly as the move-by-move path computes it. The target ``floor + span * (1 - t ** (1 / e))
    - eps`` takes the same IEEE operations in the same order, and the offer is the same
    ``bisect_left`` on the same sorted utilities; only the power comes from numpy, whose
    vectorised ``pow`` may differ from the C library's (Python's) in the last bits. So a target
    within ``NEAR`` of a utility where the offer changes (or of the floor) is computed again with
    Python's power: everywhere else a difference of a few units in the last place (about 1e-16;
    ``NEAR`` is 1e-9) cannot change the offer.
    """

    NEAR = 1e-9

    def __init__(self, strategy: TimeBased) -> None:
        table = strategy.table
        if isinstance(table, SearchTable):  # pragma: no cover - time_plan refuses these
            raise TypeError("a time plan needs an enumerated utility table")
        self.strategy = strategy
        self.floor = strategy.floor
        self.span = strategy._span
        self.eps = strategy.eps
        self.inv_e = strategy._inv_e
        self.sorted_u = table.sorted_u
        # the utility just below and just above each insertion point (-inf / +inf past the ends)
        self.bounds = np.concatenate(([-np.inf], table.sorted_u, [np.inf]))
        self.order = table.order
        self.last = strategy._last
        self.u = table.u
        self.red = table.red

    def offers(self, times: FloatArray) -> IntArray:
        floor, near = self.floor, self.NEAR
        target = floor + self.span * (1.0 - np.power(times, self.inv_e)) - self.eps
        low = target < floor + near  # at the floor, or near it
        clamped = low.any()
        if clamped:
            edge = low & (target > floor - near)  # so near the floor that the power decides
            target[low] = floor
        # the least sorted utility at or above each target; targets fall with time, and
        # numpy's search is quickest over rising keys
        k = np.searchsorted(self.sorted_u, target[::-1], side="left")[::-1]
        bounds = self.bounds
        suspect = (target - bounds[k] <= near) | (bounds[k + 1] - target <= near)
        if clamped:
            suspect &= ~low  # the floor itself, whatever the power's last bits
            suspect |= edge
        if suspect.any():  # the move-by-move arithmetic, with Python's power
            inv_e, span, eps, sorted_u = self.inv_e, self.span, self.eps, self.strategy._sorted
            for i in np.flatnonzero(suspect).tolist():
                t = floor + span * (1.0 - float(times[i]) ** inv_e) - eps
                k[i] = bisect_left(sorted_u, t if t > floor else floor)
        np.minimum(k, self.last, out=k)
        out: IntArray = self.order[k]
        return out

    def accepts(self, standing: IntArray, offers: IntArray) -> BoolArray:
        u = self.u
        mine = u[standing]
        ok: BoolArray = (mine >= u[offers]) & (mine >= self.floor - 1e-12) & ~self.red[standing]
        return ok
