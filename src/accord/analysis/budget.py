"""How much work the analysis steps after the frontier may do, and what they bounded.

The Pareto frontier is the main cost of :func:`~accord.analysis.analyze`; the steps after
it (the acceptable frontier, the zone's representatives, the sticking points) reuse it
where they can. What a step must compute beyond it is counted in *work units*, against a
:class:`WorkBudget`:

- one unit per candidate partial package of an issue-by-issue frontier merge
  (:mod:`accord.analysis.additive`), charged before the merge that would produce it;
- one unit per ``EVALUATIONS_PER_UNIT`` packages evaluated when utilities are enumerated.

A step that would pass its budget stops, keeps what it has (bounds rather than exact
values) and says so in a :class:`Bounded` record. A budget of ``None`` sets no limit.
"""

from __future__ import annotations

from dataclasses import dataclass

from accord.analysis.additive import Thinning
from accord.arrays import IntArray

__all__ = ["DEFAULT_WORK", "EVALUATIONS_PER_UNIT", "Bounded", "BudgetExhausted", "WorkBudget"]

DEFAULT_WORK = 2_000_000
"""Work units the steps after the frontier may spend by default (a few seconds)."""

EVALUATIONS_PER_UNIT = 64
"""Packages evaluated (every party's utility, vectorised) per work unit: about one merge candidate's cost."""


class BudgetExhausted(Exception):
    """Raised inside a metered computation when its next step would pass the budget (caught by the step)."""


class WorkBudget:
    """A running count of work units against a limit (``None``: no limit)."""

    def __init__(self, limit: int | None = DEFAULT_WORK) -> None:
        if limit is not None and limit < 0:
            raise ValueError(f"a work budget cannot be negative (found {limit})")
        self.limit = limit
        self.spent = 0

    def take(self, units: int) -> bool:
        """Spend ``units`` if they fit (True), else spend nothing (False)."""
        if self.limit is not None and self.spent + units > self.limit:
            return False
        self.spent += units
        return True

    def take_evaluations(self, packages: int) -> bool:
        """:meth:`take` for evaluating ``packages`` packages."""
        return self.take(-(-packages // EVALUATIONS_PER_UNIT))

    def merge_meter(self) -> Thinning:
        """A ``thin`` hook for :func:`~accord.analysis.additive.additive_points` that keeps
        the exact filter and charges each merge's candidates before they are filtered
        (the costly part), raising :class:`BudgetExhausted` when they do not fit."""

        def meter(candidates: IntArray, issues_left: int) -> IntArray | None:
            if not self.take(candidates.shape[0]):
                raise BudgetExhausted
            return None

        return meter


@dataclass(frozen=True)
class Bounded:
    """One analysis step whose result is bounded or approximate, and why.

    ``step``: which result ("frontier", "zone of possible agreement", "sticking points");
    ``detail``: what was bounded and how, in a sentence; ``budget``: the work budget that
    stopped it, when raising that budget gives the exact result (None when a fixed limit
    of the method stopped it); ``option``: the command-line option that gives the exact
    result instead, where one does (``--exact`` for an ε-frontier).
    """

    step: str
    detail: str
    budget: int | None = None
    option: str | None = None

    @property
    def liftable(self) -> bool:
        """Whether a larger work budget gives the exact result."""
        return self.budget is not None

    def to_dict(self) -> dict[str, object]:
        return {
            "step": self.step,
            "detail": self.detail,
            "budget": self.budget,
            "liftable": self.liftable,
            "option": self.option,
        }
