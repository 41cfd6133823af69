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
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np

from accord.analysis.additive import additive_points
from accord.analysis.keys import SCALE, joint_issue_keys, utility_keys
from accord.analysis.panel import Panel, select_parties
from accord.analysis.pareto import ENUMERATION_LIMIT
from accord.arrays import BoolArray, FloatArray, IntArray
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

    def __post_init__(self) -> None:
        object.__setattr__(self, "care", MappingProxyType(dict(self.care)))
        object.__setattr__(self, "favourite", MappingProxyType(dict(self.favourite)))

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
        return _additive_margins(panel, blocked)[0]
    return _enumerated_margins(panel, blocked, ENUMERATION_LIMIT)[0]


def sticking_points_of(panel: Panel, *, limit: int = ENUMERATION_LIMIT) -> tuple[StickingPoint, ...]:
    """:func:`sticking_points` for a panel of parties already selected."""
    space = panel.space
    blocked = _blocked(panel)
    if panel.additive:
        base, without = _additive_margins(panel, blocked)
        opposition, care, favourite = _additive_stakes(panel)
    else:
        base, without = _enumerated_margins(panel, blocked, limit)
        opposition = [None] * space.n_issues
        care = [{} for _ in range(space.n_issues)]
        favourite = [{} for _ in range(space.n_issues)]
    relief = [w - base for w in without]
    order = sorted(
        range(space.n_issues),
        key=lambda j: (not blocked[j], -relief[j], -(opposition[j] or 0.0), j),
    )
    return tuple(
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
        )
        for rank, j in enumerate(order, start=1)
    )


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


def _additive_margins(panel: Panel, blocked: BoolArray) -> tuple[float, list[float]]:
    keys = joint_issue_keys([_linear(p.utility) for p in panel.preferences])
    r = _reservations(panel)

    def margin(keys_: list[IntArray], allowed: list[BoolArray | None]) -> float:
        _, points, _ = additive_points(keys_, allowed=allowed)
        if points.shape[0] == 0:
            return -math.inf
        return float(np.max(np.min(points / SCALE - r, axis=1)))

    base = margin(keys, _allowed(panel, blocked))
    without = []
    for j in range(panel.space.n_issues):
        aside = list(keys)
        aside[j] = keys[j].max(axis=0, keepdims=True)
        skip = blocked.copy()
        skip[j] = True
        allowed = _allowed(panel, skip)
        allowed[j] = None
        without.append(margin(aside, allowed))
    return base, without


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


def _enumerated_margins(panel: Panel, blocked: BoolArray, limit: int) -> tuple[float, list[float]]:
    space = panel.space
    if space.size > limit:
        raise SpaceTooLargeError(space.size, limit, what="the sticking-point analysis of non-additive utilities")
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
