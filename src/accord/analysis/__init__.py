"""Analysis of the space of agreements: pure functions over the model.

- :func:`pareto_frontier` — every Pareto-optimal package, exactly (additive utilities
  without enumerating the space; others in chunks); :func:`sample_frontier` approximates
  it on a seeded sample;
- bargaining solutions on the acceptable frontier: :func:`nash`,
  :func:`kalai_smorodinsky`, :func:`kalai_equal_utility` (GENIUS's variant),
  :func:`egalitarian`, :func:`utilitarian`;
- :func:`zopa` — the zone of possible agreement: its size and representative packages;
- :func:`sticking_points` — the issues that block agreement, ranked;
- :func:`improvements` — packages that improve on a deal for everyone (post-settlement);
- :func:`analyze` — all of the above in one :class:`Analysis`;
- :func:`whatif` — the smallest change of one parameter that opens or widens the zone, or
  makes a package acceptable to all (exact); :func:`rank_levers` — what each lever (and
  pair) does to the zone and the Nash package; :func:`robustness` — the zone and each
  package's chances under uncertain parameters; :func:`evaluate` — a draft's chances;
  :func:`party_view` — the scenario as one delegation sees it (its beliefs, not the truth).

Every entry point takes a :class:`~accord.model.Scenario` and optional party ids (default:
the negotiators; ``include_mediator=True`` adds the mediator's own preferences). Nothing
here does I/O or knows about protocols.

    >>> import accord.scenarios
    >>> from accord.analysis import pareto_frontier, nash
    >>> talks = accord.scenarios.get("abu-dhabi-2026")
    >>> frontier = pareto_frontier(talks, acceptable=True)
    >>> nash(frontier).package["territory"]
    'Partial withdrawal'
"""

from accord.analysis.dominance import dominated_by, non_dominated
from accord.analysis.evaluate import DraftEvaluation, evaluate
from accord.analysis.improve import Improvement, improvements
from accord.analysis.levers import LeverEffect, rank_levers
from accord.analysis.panel import Panel, select_parties
from accord.analysis.pareto import (
    ENUMERATION_LIMIT,
    MAX_OUTCOMES,
    Frontier,
    pareto_frontier,
    sample_frontier,
)
from accord.analysis.robustness import Robustness, robustness
from accord.analysis.solutions import (
    SOLUTIONS,
    Solution,
    egalitarian,
    kalai_equal_utility,
    kalai_smorodinsky,
    nash,
    utilitarian,
)
from accord.analysis.sticking import StickingPoint, agreement_margin, sticking_points
from accord.analysis.summary import Analysis, analyze
from accord.analysis.viewpoint import party_view
from accord.analysis.whatif import Finding, Goal, whatif
from accord.analysis.zopa import MAX_STATES, Zopa, zopa

__all__ = [
    "ENUMERATION_LIMIT",
    "MAX_OUTCOMES",
    "MAX_STATES",
    "SOLUTIONS",
    "Analysis",
    "DraftEvaluation",
    "Finding",
    "Frontier",
    "Goal",
    "Improvement",
    "LeverEffect",
    "Panel",
    "Robustness",
    "Solution",
    "StickingPoint",
    "Zopa",
    "agreement_margin",
    "analyze",
    "dominated_by",
    "egalitarian",
    "evaluate",
    "improvements",
    "kalai_equal_utility",
    "kalai_smorodinsky",
    "nash",
    "non_dominated",
    "pareto_frontier",
    "party_view",
    "rank_levers",
    "robustness",
    "sample_frontier",
    "select_parties",
    "sticking_points",
    "utilitarian",
    "whatif",
    "zopa",
]
