"""Time plans: a seat's answers for a whole negotiation, computed at once.

A party whose behaviour in alternating offers depends only on the relative time and the
standing offer (no memory of earlier rounds, nothing drawn after its set-up) can describe it
as a :class:`TimePlan`; the time-based strategies do (:meth:`Strategy.time_plan
<accord.engine.strategies.base.Strategy.time_plan>`). A protocol that knows how
(:meth:`Protocol.play_planned <accord.engine.protocols.base.Protocol.play_planned>`) then
plays such seats over arrays of rounds instead of asking each seat round by round, and
records exactly what the round-by-round play records: same events, same agreement
(``tests/engine/test_planned_play.py`` compares the two over strategy pairs, seeds and
domains; anything a protocol cannot plan it plays round by round).
"""

from __future__ import annotations

from abc import ABC, abstractmethod

from accord.arrays import BoolArray, FloatArray, IntArray

__all__ = ["TimePlan"]


class TimePlan(ABC):
    """What a time-driven party does when asked to respond to a standing offer."""

    @abstractmethod
    def offers(self, times: FloatArray) -> IntArray:
        """The outcome it would offer at each relative time of ``times`` (in a respond situation)."""

    @abstractmethod
    def accepts(self, standing: IntArray, offers: IntArray) -> BoolArray:
        """Whether it accepts ``standing[i]`` when it would otherwise offer ``offers[i]``."""
