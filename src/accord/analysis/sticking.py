"""Sticking points: which issues keep the parties from agreeing, ranked.

The measure rests on the *agreement margin*: the best, over packages that cross no red
line, of the smallest surplus any party gets over its reservation value,

    M = max_o min_i (u_i(o) - r_i).

``M >= 0`` means a package exists that every party accepts; ``M < 0`` says how far the
most balanced package falls short for the party worst served by it. It is the value of
the egalitarian bargaining problem (Kalai 1977) over the whole space, in utility points.

For each issue ``j``:

- ``relief`` — how much ``M`` rises if the issue is *set aside*: every party is given its
  own best option on it (and its red lines on it are lifted), the rest unchanged. This is
  how much the issue, as the parties value it, stands between them and the best
  package — the ranking key. It is zero for an issue that costs the worst-served party
  nothing at the most balanced package.
- ``opposition`` (linear-additive utilities) — how far apart the parties' favourite
  options are, weighted by how much each cares: the smallest, over the options every
  party's red lines allow, of the largest concession any party makes on this issue
  relative to its own favourite, ``min_x max_i (best_ij - w_ij v_ij(x))``, in utility
  points. Zero when one option is every party's favourite. Breaks ties in ``relief``.
- ``care`` — each party's stake in the issue: the range of its utility over the issue's
  options (weight x value range, for additive utilities).
- ``blocked`` — the red lines leave no option of this issue that every party allows. No
  package can then respect every red line; such issues rank first, and the margin of the
  other issues is computed with their red lines lifted.

Ranking: blocked issues first, then by ``relief``, then ``opposition`` (largest first),
then scenario order. Non-additive utilities are enumerated (up to ``limit`` packages)
and get ``relief`` only.

Work: for additive utilities ``M`` and most issues' ``relief`` come from one frontier (the
analysis's own, when given) at the cost of a pass over it; the rest are made exact within
a work budget (:mod:`accord.analysis.margins`, :mod:`accord.analysis.budget`), and an
issue the budget did not reach keeps bounds: ``relief`` is then the lower bound and
``relief_high`` the upper one.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import NamedTuple

import numpy as np

from accord.analysis.budget import BudgetExhausted, WorkBudget
from accord.analysis.keys import SCALE, joint_issue_keys, utility_keys
from accord.analysis.margins import IssueMargins, issue_margins
from accord.analysis.panel import Panel, select_parties
from accord.analysis.pareto import ENUMERATION_LIMIT, Frontier
from accord.arrays import BoolArray, FloatArray
from accord.errors import SpaceTooLargeError
from accord.model.preferences import LinearAdditive
from accord.model.scenario import Scenario

__all__ = ["StickingPoint", "agreement_margin", "sticking_points"]


@dataclass(frozen=True)
class StickingPoint:
    """One issue's place among the obstacles to agreement (see the module docstring)."""

    issue: str
    label: str
    rank: int
    relief: float
    margin_without: float
    opposition: float | None
    care: Mapping[str, float]
    favourite: Mapping[str, str]
    blocked: bool
    relief_high: float | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "care", MappingProxyType(dict(self.care)))
        object.__setattr__(self, "favourite", MappingProxyType(dict(self.favourite)))

    @property
    def exact(self) -> bool:
        """Whether ``relief`` is exact (else it is a lower bound and ``relief_high`` an upper one)."""
        return self.relief_high is None

    def to_dict(self) -> dict[str, object]:
        return {
            "issue": self.issue,
            "label": self.label,
            "rank": self.rank,
            "relief": _finite(self.relief),
            "margin_without": _finite(self.margin_without),
            "opposition": self.opposition,
            "care": dict(self.care),
            "favourite": dict(self.favourite),
            "blocked": self.blocked,
            "exact": self.exact,
            "relief_high": None if self.relief_high is None else _finite(self.relief_high),
        }


def sticking_points(
    scenario: Scenario,
    parties: Sequence[str] | None = None,
    *,
    include_mediator: bool = False,
    limit: int = ENUMERATION_LIMIT,
) -> tuple[StickingPoint, ...]:
    """Every issue of the scenario as a sticking point, the biggest obstacle first."""
    panel = select_parties(scenario, parties, include_mediator=include_mediator)
    return sticking_points_of(panel, limit=limit)


def agreement_margin(
    scenario: Scenario, parties: Sequence[str] | None = None, *, include_mediator: bool = False
) -> float:
    """``M``: the best smallest surplus over reservation values, over red-line-respecting packages.

    ``-inf`` when no package respects every red line.
    """
    panel = select_parties(scenario, parties, include_mediator=include_mediator)
    blocked = _blocked(panel)
    if blocked.any():
        return -math.inf
    if panel.additive:
        return _additive_margins(panel, blocked, None, WorkBudget(None)).base
    return _enumerated_margins(panel, blocked, ENUMERATION_LIMIT, WorkBudget(None))[0]


def sticking_points_of(panel: Panel, *, limit: int = ENUMERATION_LIMIT) -> tuple[StickingPoint, ...]:
    """:func:`sticking_points` for a panel of parties already selected (exact, no work budget)."""
    return ranked_sticking_points(panel, limit=limit).points


class Ranked(NamedTuple):
    """The sticking points, why some reliefs kept bounds ("" when none), and whether the
    work budget stopped them (a larger one gives exact values)."""

    points: tuple[StickingPoint, ...]
    stop: str
    by_budget: bool


def ranked_sticking_points(
    panel: Panel,
    *,
    limit: int = ENUMERATION_LIMIT,
    front: Frontier | None = None,
    budget: WorkBudget | None = None,
) -> Ranked:
    """The sticking points of a panel, within a work budget.

    ``front``: the exact frontier of the packages every party's red lines allow, with no
    reservation floor (the full frontier when there are no red lines), if the caller has
    it: it is reused instead of merged again. ``budget``: the work the step may do beyond
    it (default: no limit); issues it does not reach keep bounds (``relief_high``).
    Raises :class:`~accord.analysis.budget.BudgetExhausted` when not even that frontier
    (additive utilities) or the enumeration (others) fits the budget.
    """
    space = panel.space
    blocked = _blocked(panel)
    budget = WorkBudget(None) if budget is None else budget
    high: list[float | None] = [None] * space.n_issues
    stop, by_budget = "", False
    if panel.additive:
        margins = _additive_margins(panel, blocked, front, budget)
        base, without = margins.base, list(margins.low)
        high = [None if ok else hi - base for ok, hi in zip(margins.exact, margins.high, strict=True)]
        stop, by_budget = margins.stop, margins.by_budget
        opposition, care, favourite = _additive_stakes(panel)
    else:
        base, without = _enumerated_margins(panel, blocked, limit, budget)
        opposition = [None] * space.n_issues
        care = [{} for _ in range(space.n_issues)]
        favourite = [{} for _ in range(space.n_issues)]
    relief = [w - base for w in without]
    order = sorted(
        range(space.n_issues),
        key=lambda j: (not blocked[j], -relief[j], -(opposition[j] or 0.0), j),
    )
    points = tuple(
        StickingPoint(
            issue=space.issues[j].name,
            label=space.issues[j].label,
            rank=rank,
            relief=relief[j],
            margin_without=without[j],
            opposition=opposition[j],
            care=care[j],
            favourite=favourite[j],
            blocked=bool(blocked[j]),
            relief_high=high[j],
        )
        for rank, j in enumerate(order, start=1)
    )
    return Ranked(points, stop, by_budget)


def _finite(x: float) -> float | None:
    return x if math.isfinite(x) else None


def _blocked(panel: Panel) -> BoolArray:
    """Issues on which the red lines leave no option every party allows."""
    out = np.zeros(panel.space.n_issues, dtype=bool)
    for j, r in enumerate(panel.space.radices):
        allowed = np.ones(r, dtype=bool)
        for prefs in panel.preferences:
            for jj, forbidden in prefs.red_line_masks():
                if jj == j:
                    allowed &= ~forbidden
        out[j] = not allowed.any()
    return out


def _allowed(panel: Panel, skip: BoolArray) -> list[BoolArray | None]:
    """Per issue, the options every party's red lines allow (issues in ``skip``: all)."""
    allowed: list[BoolArray | None] = [None] * panel.space.n_issues
    for prefs in panel.preferences:
        for j, forbidden in prefs.red_line_masks():
            if skip[j]:
                continue
            current = allowed[j]
            allowed[j] = ~forbidden if current is None else current & ~forbidden
    return allowed


def _reservations(panel: Panel) -> FloatArray:
    return np.array([p.reservation for p in panel.preferences], dtype=np.float64)


def _additive_margins(panel: Panel, blocked: BoolArray, front: Frontier | None, budget: WorkBudget) -> IssueMargins:
    keys = joint_issue_keys([_linear(p.utility) for p in panel.preferences])
    reuse = None
    if front is not None and front.exact and not blocked.any() and not panel.space.exclusions:
        reuse = (np.asarray(front.outcomes), np.asarray(front.keys))
    return issue_margins(keys, _reservations(panel).tolist(), _allowed(panel, blocked), front=reuse, budget=budget)


def _additive_stakes(
    panel: Panel,
) -> tuple[list[float | None], list[dict[str, float]], list[dict[str, str]]]:
    space = panel.space
    keys = joint_issue_keys([_linear(p.utility) for p in panel.preferences])
    allowed = _allowed(panel, np.zeros(space.n_issues, dtype=bool))
    opposition: list[float | None] = []
    care: list[dict[str, float]] = []
    favourite: list[dict[str, str]] = []
    for j, issue in enumerate(space.issues):
        k = keys[j]
        best = k.max(axis=0)
        mask = allowed[j]
        options = k if mask is None or not mask.any() else k[mask]
        opposition.append(float(np.min(np.max(best - options, axis=1))) / SCALE)
        care.append({pid: float(best[i] - k[:, i].min()) / SCALE for i, pid in enumerate(panel.ids)})
        favourite.append({pid: issue.label_of(int(np.argmax(k[:, i]))) for i, pid in enumerate(panel.ids)})
    return opposition, care, favourite


def _enumerated_margins(panel: Panel, blocked: BoolArray, limit: int, budget: WorkBudget) -> tuple[float, list[float]]:
    space = panel.space
    if space.size > limit:
        raise SpaceTooLargeError(space.size, limit, what="the sticking-point analysis of non-additive utilities")
    if not budget.take_evaluations(space.size * (1 + sum(space.radices))):
        raise BudgetExhausted
    r_keys = _reservations(panel) * SCALE
    base = -math.inf
    without = [-math.inf] * space.n_issues
    for _, chunk in space.chunks():
        crossed = np.zeros((chunk.shape[0], space.n_issues), dtype=bool)
        for prefs in panel.preferences:
            for j, forbidden in prefs.red_line_masks():
                if not blocked[j]:
                    crossed[:, j] |= forbidden[chunk[:, j]]
        surplus = np.stack([utility_keys(p.utility, chunk) for p in panel.preferences], axis=1) - r_keys
        ok = ~crossed.any(axis=1)
        if ok.any():
            base = max(base, float(surplus[ok].min(axis=1).max()) / SCALE)
        for j in range(space.n_issues):
            ok_j = ~np.delete(crossed, j, axis=1).any(axis=1)
            if not ok_j.any():
                continue
            best = np.full((int(ok_j.sum()), panel.n), -np.inf)
            rows = chunk[ok_j]
            for x in range(space.radices[j]):
                moved = rows.copy()
                moved[:, j] = x
                for i, prefs in enumerate(panel.preferences):
                    best[:, i] = np.maximum(best[:, i], utility_keys(prefs.utility, moved))
            without[j] = max(without[j], float((best - r_keys).min(axis=1).max()) / SCALE)
    return base, without


def _linear(utility: object) -> LinearAdditive:
    if not isinstance(utility, LinearAdditive):  # pragma: no cover - guarded by panel.additive
        raise TypeError("expected a linear-additive utility")
    return utility
