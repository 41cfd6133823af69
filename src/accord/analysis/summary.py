"""The whole analysis of a scenario in one value: frontier, zone, solutions, sticking points.

:func:`analyze` runs every analysis for one set of parties and keeps what each found, or
why it could not (an undefined solution, a space too large to enumerate). When a space is
too large for the exact frontier and a generator is given, the frontier and the solutions
are computed on a seeded sample and marked approximate.

The frontier is the main cost, and it is computed once: the frontier of the packages the
red lines allow is the full one when there are no red lines (else a second merge, with
no reservation floor); the acceptable frontier is its part that every party accepts (a
package that dominates an acceptable one is acceptable too, so nothing is lost); the
zone's representatives and the sticking points start from these. What the steps after
the frontier do beyond it is bounded by a work budget (:mod:`accord.analysis.budget`);
every result that is bounded or approximate is listed in ``Analysis.bounded``, saying how.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from types import MappingProxyType

import numpy as np

from accord.analysis.budget import DEFAULT_WORK, Bounded, BudgetExhausted, WorkBudget
from accord.analysis.epsilon import DEFAULT_EPSILON, EXACT_BELOW
from accord.analysis.panel import Panel, select_parties
from accord.analysis.pareto import ENUMERATION_LIMIT, Frontier, frontier_of, sample_frontier
from accord.analysis.solutions import SOLUTIONS, Solution
from accord.analysis.sticking import StickingPoint, ranked_sticking_points
from accord.analysis.zopa import Zopa, zopa_of
from accord.errors import AnalysisError, SpaceTooLargeError, UndefinedSolutionError
from accord.model.scenario import Scenario

__all__ = ["Analysis", "analyze"]


@dataclass(frozen=True)
class Analysis:
    """What :func:`analyze` found about one scenario, for one set of parties."""

    scenario: str
    name: str
    parties: tuple[str, ...]
    space_size: int
    frontier: Frontier
    acceptable: Frontier
    zopa: Zopa
    solutions: Mapping[str, Solution]
    undefined: Mapping[str, str]
    sticking_points: tuple[StickingPoint, ...]
    bounded: tuple[Bounded, ...] = ()
    work_budget: int | None = DEFAULT_WORK
    work_spent: int = 0

    def __post_init__(self) -> None:
        object.__setattr__(self, "solutions", MappingProxyType(dict(self.solutions)))
        object.__setattr__(self, "undefined", MappingProxyType(dict(self.undefined)))

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready summary (frontier sizes, not the frontier itself)."""
        return {
            "scenario": self.scenario,
            "name": self.name,
            "parties": list(self.parties),
            "outcomes": self.space_size,
            "frontier": _frontier_dict(self.frontier),
            "acceptable_frontier": _frontier_dict(self.acceptable),
            "zopa": self.zopa.to_dict(),
            "solutions": {name: s.to_dict() for name, s in self.solutions.items()},
            "undefined": dict(self.undefined),
            "sticking_points": [s.to_dict() for s in self.sticking_points],
            "bounded": [b.to_dict() for b in self.bounded],
            "work": {"budget": self.work_budget, "spent": self.work_spent},
        }


def analyze(
    scenario: Scenario,
    parties: Sequence[str] | None = None,
    *,
    include_mediator: bool = False,
    limit: int = ENUMERATION_LIMIT,
    rng: np.random.Generator | None = None,
    samples: int = 200_000,
    exact: bool = False,
    work: int | None = DEFAULT_WORK,
) -> Analysis:
    """Frontier (full and acceptable), zone of agreement, every bargaining solution and the
    ranked sticking points of ``scenario`` for ``parties`` (default: the negotiators).

    ``rng``: a generator for sampling where the exact frontier is out of reach (a space
    too large to enumerate, or a frontier too large to merge or list); without one, the
    :class:`~accord.errors.AnalysisError` propagates. ``work``: the work budget of the
    steps after the frontier (:mod:`accord.analysis.budget`; None: no limit).

    With three or more parties and additive utilities, a frontier whose exact merge would
    handle more than :data:`~accord.analysis.epsilon.EXACT_BELOW` partial packages at once
    is an ε-frontier (``Frontier.epsilon``, :data:`~accord.analysis.epsilon.DEFAULT_EPSILON`),
    listed in ``bounded``; ``exact=True`` always computes the exact one.
    """
    panel = select_parties(scenario, parties, include_mediator=include_mediator)
    bounded: list[Bounded] = []
    budget = WorkBudget(work)
    epsilon = None if exact else DEFAULT_EPSILON
    allowed: Frontier | None
    try:
        full, allowed = _frontiers(panel, limit, epsilon)
        if allowed is not None:
            acceptable = _accepted(panel, allowed)
        elif _accepts_everything(panel):  # the same ε-frontier: merged once
            acceptable = replace(full, acceptable=True)
        else:  # an ε-frontier's acceptable rows need not cover the acceptable frontier: merge it with the floor
            acceptable = frontier_of(panel, acceptable=True, limit=limit, ties=False, epsilon=epsilon)
        bounded.extend(_epsilon_bounded(full, acceptable))
    except AnalysisError as e:  # too large to enumerate, or to merge or list exactly
        if rng is None:
            raise
        bounded.append(
            Bounded(
                "frontier",
                f"approximate: the non-dominated packages among {samples:,} sampled ones, as {_reason(str(e))}",
            )
        )
        full = sample_frontier(scenario, samples=samples, rng=rng, parties=panel.ids)
        acceptable = sample_frontier(scenario, samples=samples, rng=rng, parties=panel.ids, acceptable=True)
        allowed = None
    solutions: dict[str, Solution] = {}
    undefined: dict[str, str] = {}
    for name, solve in SOLUTIONS.items():
        try:
            solutions[name] = solve(acceptable)
        except UndefinedSolutionError as e:
            undefined[name] = str(e)
    zone = zopa_of(panel, limit=limit, rng=rng, acceptable=acceptable)
    if not zone.exact:
        bounded.append(Bounded("zone of possible agreement", f"bounds, not an exact count: {zone.note}"))
    if full.epsilon:  # each issue set aside would need another frontier of that size
        sticking: tuple[StickingPoint, ...] = ()
        bound: Bounded | None = Bounded(
            "sticking points",
            "not computed: each issue set aside would need another frontier as large as this one",
            option="--exact",
        )
    else:
        sticking, bound = _sticking(panel, limit, allowed, budget)
    bounded += [bound] if bound is not None else []
    return Analysis(
        scenario=scenario.id,
        name=scenario.name,
        parties=panel.ids,
        space_size=panel.space.size,
        frontier=full,
        acceptable=acceptable,
        zopa=zone,
        solutions=solutions,
        undefined=undefined,
        sticking_points=sticking,
        bounded=tuple(bounded),
        work_budget=work,
        work_spent=budget.spent,
    )


def _epsilon_bounded(full: Frontier, acceptable: Frontier) -> list[Bounded]:
    """What an ε-frontier means, once (the two frontiers share their ε)."""
    eps = max(full.epsilon, acceptable.epsilon)
    if eps == 0.0:
        return []
    detail = (
        f"approximate: the exact frontier is too large to merge quickly (more than {EXACT_BELOW:,} partial "
        f"packages in one merge), so the frontiers are ε-frontiers with ε = {eps:.3g} — every Pareto-optimal "
        f"package has a listed package less than {eps:.3g} below it for every party — and the solutions are "
        "computed on them, so they are approximate too"
    )
    return [Bounded("frontier", detail, option="--exact")]


def _frontiers(panel: Panel, limit: int, epsilon: float | None = None) -> tuple[Frontier, Frontier | None]:
    """The full frontier and the frontier of the packages the red lines allow (no floor).

    The second is None where it would be an ε-frontier (always so when the full one is):
    the acceptable rows of an ε-frontier need not cover the acceptable frontier.
    """
    full = frontier_of(panel, limit=limit, ties=False, epsilon=epsilon)
    if not full.exact:
        return full, None
    if not any(p.red_line_masks() for p in panel.preferences):
        return full, full
    # reservation values of 0 exclude nothing (utilities are >= 0): only the red lines cut
    open_panel = Panel(panel.ids, tuple(replace(p, reservation=0.0) for p in panel.preferences), panel.space)
    allowed = frontier_of(open_panel, acceptable=True, limit=limit, ties=False, epsilon=epsilon)
    return full, allowed if allowed.exact else None


def _accepts_everything(panel: Panel) -> bool:
    """No red line and no reservation above 0 (utilities are >= 0): every package is acceptable."""
    return all(p.reservation <= 0.0 and not p.red_line_masks() for p in panel.preferences)


def _accepted(panel: Panel, allowed: Frontier) -> Frontier:
    """The acceptable frontier: the rows of the allowed packages' frontier every party accepts.

    Exact: whatever dominates an allowed package that every party accepts is worth at
    least as much to each, so it is accepted too if allowed; the non-dominated acceptable
    packages are the allowed frontier's acceptable ones.
    """
    ok = np.ones(len(allowed), dtype=bool)
    for prefs in panel.preferences:
        ok &= prefs.acceptable(allowed.outcomes) if len(allowed) else ok
    counts = allowed.counts[ok] if allowed.counts.shape[0] == len(allowed) and len(allowed) else allowed.counts
    return Frontier(
        space=allowed.space,
        parties=panel.ids,
        outcomes=np.ascontiguousarray(allowed.outcomes[ok]),
        utilities=np.ascontiguousarray(allowed.utilities[ok]),
        disagreement=np.array([p.reservation for p in panel.preferences], dtype=np.float64),
        acceptable=True,
        exact=allowed.exact,
        method=allowed.method,
        evaluated=allowed.evaluated,
        keys=np.ascontiguousarray(allowed.keys[ok]) if allowed.keys.shape[0] == len(allowed) else allowed.keys,
        counts=np.ascontiguousarray(counts),
    )


def _sticking(
    panel: Panel, limit: int, allowed: Frontier | None, budget: WorkBudget
) -> tuple[tuple[StickingPoint, ...], Bounded | None]:
    """The sticking points within the budget, and what was bounded (None: nothing)."""
    step = "sticking points"
    try:
        ranked = ranked_sticking_points(panel, limit=limit, front=allowed, budget=budget)
    except SpaceTooLargeError as e:
        return (), Bounded(step, f"not computed: {e}")
    except BudgetExhausted:
        what = (
            "the frontier of the packages the red lines allow"
            if panel.additive
            else "enumerating every package with each issue set aside"
        )
        return (), Bounded(step, f"not computed: {what} needs more than the work budget", budget.limit)
    except AnalysisError as e:  # the frontier they start from is too large to merge at all
        return (), Bounded(step, f"not computed: {_reason(str(e))}")
    loose = sum(not p.exact for p in ranked.points)
    if not loose:
        return ranked.points, None
    detail = (
        f"the relief of {loose} of {len(ranked.points)} issues is given as bounds (at least, at most) and "
        f"ranked by the lower bound: making them exact stopped because {_reason(ranked.stop)}"
    )
    return ranked.points, Bounded(step, detail, budget.limit if ranked.by_budget else None)


_ADVICE = re.compile(r"; (use|raise) [^;]*$")


def _reason(message: str) -> str:
    """An analysis error's account of what was too large, without the advice its message gives
    to Python callers (functions and arguments that no command offers)."""
    return _ADVICE.sub("", message)


def _frontier_dict(f: Frontier) -> dict[str, object]:
    return {
        "outcomes": f.n_outcomes,
        "points": f.n_points,
        "exact": f.exact,
        "method": f.method,
        "evaluated": f.evaluated,
        "epsilon": f.epsilon,
    }
