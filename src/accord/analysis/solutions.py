"""Bargaining solutions: the package a principled arbitrator would pick from the frontier.

Each solution is computed on the *acceptable* frontier (packages every party accepts;
``pareto_frontier(..., acceptable=True)``), relative to the disagreement point ``d``: each
party's reservation value, its utility if there is no deal. ``g_i = u_i - d_i`` is party
``i``'s gain from a package.

- :func:`nash` — maximises the product of gains (Nash, "The bargaining problem",
  Econometrica 18(2), 1950). Needs a package that gives every party a positive gain.
- :func:`kalai_smorodinsky` — gains proportional to each party's maximal gain: maximises
  ``min_i g_i / (ideal_i - d_i)``, where ``ideal_i`` is the best utility party ``i`` gets
  from any acceptable package (Kalai & Smorodinsky, "Other solutions to Nash's bargaining
  problem", Econometrica 43(3), 1975; on a finite set of packages the point that comes
  closest to the line from ``d`` to the ideal point, in the max-min sense). Parties that
  cannot gain at all (``ideal_i = d_i``) are left out of the minimum.
- :func:`kalai_equal_utility` — GENIUS's "Kalai-Smorodinsky" (``BidSpace``) and the
  ``kalai`` of ANL ``specials.json``: the Pareto-optimal package whose utilities are most
  nearly equal (smallest ``max_i u_i - min_i u_i``). It coincides with the classic
  solution only when utilities are normalised and ``d = 0``.
- :func:`egalitarian` — maximises the smallest gain, ``min_i g_i`` (Kalai, "Proportional
  solutions to bargaining situations", Econometrica 45(7), 1977).
- :func:`utilitarian` — maximises the sum of utilities (equivalently of gains).

Undefined results raise :class:`~accord.errors.UndefinedSolutionError` (never an empty
answer): when no package is acceptable to every party, and for :func:`nash` when no
acceptable package gives every party a positive gain.

Ties (objective values equal within a relative 10^-9): the package with the larger total
utility wins, then the lexicographically smallest package (option indices, issue by
issue). ``Solution.ties`` says how many frontier outcomes reached the optimum.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np

from accord.analysis.arrays import lex_order
from accord.analysis.pareto import Frontier
from accord.arrays import FloatArray
from accord.errors import AnalysisError, UndefinedSolutionError

__all__ = [
    "SOLUTIONS",
    "Solution",
    "egalitarian",
    "kalai_equal_utility",
    "kalai_smorodinsky",
    "nash",
    "solution_at",
    "utilitarian",
]


_GAIN = 1e-12  # a gain below this is no gain: rounding noise, not a modelled difference


@dataclass(frozen=True)
class Solution:
    """A package chosen by a named rule: its option indices, its words, its utilities.

    ``value``: the rule's objective at this package; ``ties``: how many frontier outcomes
    reached the same value (1: the choice was unique); ``exact``: False when chosen on a
    sampled frontier.
    """

    name: str
    outcome: tuple[int, ...]
    package: Mapping[str, str]
    utilities: Mapping[str, float]
    value: float = 0.0
    ties: int = 1
    exact: bool = True

    def __post_init__(self) -> None:
        object.__setattr__(self, "package", MappingProxyType(dict(self.package)))
        object.__setattr__(self, "utilities", MappingProxyType(dict(self.utilities)))

    def to_dict(self) -> dict[str, object]:
        return {
            "name": self.name,
            "outcome": list(self.outcome),
            "package": dict(self.package),
            "utilities": dict(self.utilities),
            "value": self.value,
            "ties": self.ties,
            "exact": self.exact,
        }


def nash(frontier: Frontier) -> Solution:
    """The Nash bargaining solution: the acceptable package maximising the product of gains."""
    gains = _gains(frontier, "nash")
    positive = np.all(gains > _GAIN, axis=1)
    if not positive.any():
        raise UndefinedSolutionError(
            "the Nash solution is undefined: no acceptable package gives every party more than its reservation value"
        )
    value = np.where(positive, np.prod(np.where(positive[:, None], gains, 1.0), axis=1), -np.inf)
    return _choose(frontier, "nash", value)


def kalai_smorodinsky(frontier: Frontier) -> Solution:
    """The Kalai–Smorodinsky solution: max over packages of ``min_i g_i / (ideal_i - d_i)``."""
    gains = _gains(frontier, "kalai_smorodinsky")
    span = frontier.utilities.max(axis=0) - frontier.disagreement
    can_gain = span > _GAIN
    if not can_gain.any():  # nobody can gain: every acceptable package is as good
        return _choose(frontier, "kalai_smorodinsky", np.zeros(gains.shape[0]))
    value = np.min(gains[:, can_gain] / span[can_gain], axis=1)
    return _choose(frontier, "kalai_smorodinsky", value)


def kalai_equal_utility(frontier: Frontier) -> Solution:
    """GENIUS's Kalai–Smorodinsky: the package with the most nearly equal utilities.

    Minimises ``max_i u_i - min_i u_i`` (the reported value is that spread, negated).
    """
    _gains(frontier, "kalai_equal_utility")
    u = frontier.utilities
    return _choose(frontier, "kalai_equal_utility", -(u.max(axis=1) - u.min(axis=1)))


def egalitarian(frontier: Frontier) -> Solution:
    """The egalitarian solution: the acceptable package maximising the smallest gain."""
    gains = _gains(frontier, "egalitarian")
    return _choose(frontier, "egalitarian", gains.min(axis=1))


def utilitarian(frontier: Frontier) -> Solution:
    """The utilitarian solution: the acceptable package maximising the sum of utilities."""
    _gains(frontier, "utilitarian")
    return _choose(frontier, "utilitarian", frontier.utilities.sum(axis=1))


SOLUTIONS: Mapping[str, Callable[[Frontier], Solution]] = MappingProxyType(
    {
        "nash": nash,
        "kalai_smorodinsky": kalai_smorodinsky,
        "kalai_equal_utility": kalai_equal_utility,
        "egalitarian": egalitarian,
        "utilitarian": utilitarian,
    }
)
"""Every bargaining solution by name, in the order reports list them."""


def solution_at(frontier: Frontier, row: int, name: str, *, value: float = 0.0, ties: int = 1) -> Solution:
    """The frontier's package at ``row`` as a :class:`Solution` named ``name``."""
    return Solution(
        name=name,
        outcome=frontier.outcome(row),
        package=frontier.package(row),
        utilities=frontier.utility(row),
        value=value,
        ties=ties,
        exact=frontier.exact,
    )


def _gains(frontier: Frontier, name: str) -> FloatArray:
    if not frontier.acceptable:
        raise AnalysisError(
            f"the {name} solution is defined on the acceptable frontier; compute it with "
            "pareto_frontier(..., acceptable=True)"
        )
    if frontier.is_empty:
        raise UndefinedSolutionError(
            f"the {name} solution is undefined: no package is acceptable to every party "
            f"({', '.join(frontier.parties)}) — the zone of possible agreement is empty"
        )
    return np.asarray(frontier.utilities - frontier.disagreement, dtype=np.float64)


def _choose(frontier: Frontier, name: str, value: FloatArray) -> Solution:
    best = float(value.max())
    tied = np.flatnonzero(np.isclose(value, best, rtol=1e-9, atol=1e-15))
    if tied.shape[0] > 1:
        total = frontier.utilities[tied].sum(axis=1)
        top = tied[np.isclose(total, total.max(), rtol=1e-12, atol=1e-15)]
        row = int(top[lex_order(frontier.outcomes[top])[0]])
    else:
        row = int(tied[0])
    ties = int(tied.shape[0]) if frontier.ties_listed else int(frontier.counts[tied].sum())
    return solution_at(frontier, row, name, value=float(value[row]), ties=ties)
