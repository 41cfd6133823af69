"""The whole analysis of a scenario in one value: frontier, zone, solutions, sticking points.

:func:`analyze` runs every analysis for one set of parties and keeps what each found, or
why it could not (an undefined solution, a space too large to enumerate). When a space is
too large for the exact frontier and a generator is given, the frontier and the solutions
are computed on a seeded sample and marked approximate.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from types import MappingProxyType

import numpy as np

from accord.analysis.epsilon import DEFAULT_EPSILON, EXACT_BELOW
from accord.analysis.panel import Panel, select_parties
from accord.analysis.pareto import ENUMERATION_LIMIT, Frontier, frontier_of, sample_frontier
from accord.analysis.solutions import SOLUTIONS, Solution
from accord.analysis.sticking import StickingPoint, sticking_points_of
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
    notes: tuple[str, ...] = ()

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
            "notes": list(self.notes),
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
) -> Analysis:
    """Frontier (full and acceptable), zone of agreement, every bargaining solution and the
    ranked sticking points of ``scenario`` for ``parties`` (default: the negotiators).

    ``rng``: a generator for sampling where the exact frontier is out of reach (a space
    too large to enumerate, or a frontier too large to merge or list); without one, the
    :class:`~accord.errors.AnalysisError` propagates.

    With three or more parties and additive utilities, a frontier whose exact merge would
    handle more than :data:`~accord.analysis.epsilon.EXACT_BELOW` partial packages at once
    is an ε-frontier (``Frontier.epsilon``, :data:`~accord.analysis.epsilon.DEFAULT_EPSILON`)
    and a note says so; ``exact=True`` always computes the exact one.
    """
    panel = select_parties(scenario, parties, include_mediator=include_mediator)
    notes: list[str] = []
    epsilon = None if exact else DEFAULT_EPSILON
    try:
        full = frontier_of(panel, limit=limit, ties=False, epsilon=epsilon)
        if _accepts_everything(panel):  # the same frontier: compute it once
            acceptable = replace(full, acceptable=True)
        else:
            acceptable = frontier_of(panel, acceptable=True, limit=limit, ties=False, epsilon=epsilon)
        notes.extend(_epsilon_notes(full, acceptable))
    except AnalysisError as e:  # too large to enumerate, or to merge or list exactly
        if rng is None:
            raise
        notes.append(f"{e}; the frontier and the solutions come from {samples:,} sampled packages")
        full = sample_frontier(scenario, samples=samples, rng=rng, parties=panel.ids)
        acceptable = sample_frontier(scenario, samples=samples, rng=rng, parties=panel.ids, acceptable=True)
    solutions: dict[str, Solution] = {}
    undefined: dict[str, str] = {}
    for name, solve in SOLUTIONS.items():
        try:
            solutions[name] = solve(acceptable)
        except UndefinedSolutionError as e:
            undefined[name] = str(e)
    zone = zopa_of(panel, limit=limit, rng=rng, acceptable=None if acceptable.method == "sampling" else acceptable)
    sticking: tuple[StickingPoint, ...] = ()
    if full.epsilon:  # each issue set aside would need another frontier of that size
        notes.append("no sticking points: each would need another frontier as large as this one (use --exact)")
    else:
        try:
            sticking = sticking_points_of(panel, limit=limit)
        except SpaceTooLargeError as e:
            notes.append(f"no sticking points: {e}")
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
        notes=tuple(notes),
    )


def _accepts_everything(panel: Panel) -> bool:
    """No red line and no reservation above 0 (utilities are >= 0): every package is acceptable."""
    return all(p.reservation <= 0.0 and not p.red_line_masks() for p in panel.preferences)


def _epsilon_notes(full: Frontier, acceptable: Frontier) -> list[str]:
    """What an ε-frontier means, once (the two frontiers share their ε)."""
    eps = max(full.epsilon, acceptable.epsilon)
    if eps == 0.0:
        return []
    return [
        f"the exact frontier is too large to merge quickly (more than {EXACT_BELOW:,} partial packages in one "
        f"merge): the frontiers are ε-frontiers with ε = {eps:.3g} — every Pareto-optimal package has a listed "
        f"package less than {eps:.3g} below it for every party — and the solutions are computed on them, so "
        "they are approximate too; --exact (exact=True) computes the exact frontier"
    ]


def _frontier_dict(f: Frontier) -> dict[str, object]:
    return {
        "outcomes": f.n_outcomes,
        "points": f.n_points,
        "exact": f.exact,
        "method": f.method,
        "evaluated": f.evaluated,
        "epsilon": f.epsilon,
    }
