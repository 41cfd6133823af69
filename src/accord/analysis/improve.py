"""Improvements to a deal: Raiffa's post-settlement settlement.

Once the parties hold a deal, a mediator can look for packages that leave every party at
least as well off and one strictly better — if the deal is not Pareto-optimal, there are
some (Raiffa, "Post-settlement settlements", Negotiation Journal 1(1), 1985; *The Art and
Science of Negotiation*, 1982, ch. 11). :func:`improvements` lists the Pareto-optimal
ones that cross no red line, best first.

"Best" is the product of the gains over the deal (the Nash solution with the deal as the
disagreement point, Raiffa's suggestion for splitting the joint gain), then the sum of
the gains, then the package (option indices, issue by issue). The product is zero when
some party gains nothing, so improvements that benefit everyone come first.

They are the non-dominated packages above the deal, computed exactly: by the additive
merge with the deal's utilities as a floor, or by enumeration for other utilities.
Utilities are compared at the resolution of :mod:`accord.analysis.keys`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np

from accord.analysis.arrays import lex_order
from accord.analysis.enumeration import panel_keys
from accord.analysis.panel import Panel, select_parties
from accord.analysis.pareto import ENUMERATION_LIMIT, MAX_OUTCOMES, exact_front
from accord.model.scenario import Scenario

__all__ = ["Improvement", "improvements"]


@dataclass(frozen=True)
class Improvement:
    """A package that makes nobody worse off than the deal and somebody better off."""

    outcome: tuple[int, ...]
    package: Mapping[str, str]
    utilities: Mapping[str, float]
    gains: Mapping[str, float]
    score: float

    def __post_init__(self) -> None:
        object.__setattr__(self, "package", MappingProxyType(dict(self.package)))
        object.__setattr__(self, "utilities", MappingProxyType(dict(self.utilities)))
        object.__setattr__(self, "gains", MappingProxyType(dict(self.gains)))

    def to_dict(self) -> dict[str, object]:
        return {
            "outcome": list(self.outcome),
            "package": dict(self.package),
            "utilities": dict(self.utilities),
            "gains": dict(self.gains),
            "score": self.score,
        }


def improvements(
    scenario: Scenario,
    deal: Sequence[int],
    parties: Sequence[str] | None = None,
    *,
    include_mediator: bool = False,
    count: int = 10,
    limit: int = ENUMERATION_LIMIT,
    max_outcomes: int = MAX_OUTCOMES,
) -> tuple[Improvement, ...]:
    """Up to ``count`` Pareto-optimal improvements on ``deal`` (option indices, one per
    issue; ``scenario.space.from_values`` turns option ids into them), best first.

    An empty result means the deal is already Pareto-optimal among the packages that cross
    no red line.
    """
    panel = select_parties(scenario, parties, include_mediator=include_mediator)
    return improvements_of(panel, deal, count=count, limit=limit, max_outcomes=max_outcomes)


def improvements_of(
    panel: Panel,
    deal: Sequence[int],
    *,
    count: int = 10,
    limit: int = ENUMERATION_LIMIT,
    max_outcomes: int = MAX_OUTCOMES,
) -> tuple[Improvement, ...]:
    """:func:`improvements` for a panel of parties already selected."""
    space = panel.space
    base = np.asarray([space.check(deal)], dtype=np.int64)
    floor = panel_keys(panel, base)[0]
    outcomes, keys, _, _ = exact_front(panel, red_lines=True, floor=floor, limit=limit, max_outcomes=max_outcomes)
    better = np.any(keys > floor, axis=1)
    outcomes = outcomes[better]
    if outcomes.shape[0] == 0 or count <= 0:
        return ()
    deal_u = np.array([p.evaluate(base)[0] for p in panel.preferences])
    utilities = np.stack([p.evaluate(outcomes) for p in panel.preferences], axis=1)
    gains = np.maximum(utilities - deal_u, 0.0)
    score = np.prod(gains, axis=1)
    total = gains.sum(axis=1)
    order = lex_order(outcomes)  # last key of the stable sorts below: the package
    order = order[np.argsort(-total[order], kind="stable")]
    order = order[np.argsort(-score[order], kind="stable")]
    out = []
    for row in order[:count]:
        o = tuple(int(v) for v in outcomes[row])
        out.append(
            Improvement(
                outcome=o,
                package=space.labels_of(o),
                utilities={pid: float(u) for pid, u in zip(panel.ids, utilities[row], strict=True)},
                gains={pid: float(g) for pid, g in zip(panel.ids, gains[row], strict=True)},
                score=float(score[row]),
            )
        )
    return tuple(out)
