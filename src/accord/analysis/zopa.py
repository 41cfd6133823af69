"""The zone of possible agreement (ZOPA): the packages every party prefers to no deal.

A package is in the zone when it crosses no party's red line and gives every party at
least its reservation value (Raiffa, *The Art and Science of Negotiation*, Harvard 1982,
ch. 4). :func:`zopa` reports its size — an exact count and fraction where possible, else
bounds, and says which — and a few representative packages from the acceptable frontier.

How the count is obtained (:mod:`accord.analysis.counting` for the first two):

- linear-additive utilities: a dynamic programme over issues on the joint utility vector
  ("dynamic programming"); if it passes a first cap on undecided partial vectors and at
  most two parties have a reservation value that binds, meet in the middle ("meet in the
  middle"); else the programme again up to ``max_states``. Red lines remove options first;
  a party whose reservation value every package reaches imposes no constraint;
- otherwise, or when those fail on a space of at most ``limit`` packages: enumeration in
  chunks, with the model's own acceptance test ("enumeration");
- otherwise: bounds ("bounds") — for additive utilities, the programme run again on a
  coarsened grid of partial utilities, rounding down (a lower bound) and up (an upper
  bound); for others, 0 and the number of packages the red lines allow. With a
  generator, a sampled estimate of the fraction is added.

Additive counts compare utilities as the exact integer keys of :mod:`accord.analysis.keys`.
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from accord.analysis.additive import compound_units
from accord.analysis.arrays import unique_rows
from accord.analysis.counting import bound_by_programme, count_by_halves, count_by_programme
from accord.analysis.keys import ACCEPT_TOLERANCE, SCALE, joint_issue_keys
from accord.analysis.panel import Panel, select_parties
from accord.analysis.pareto import ENUMERATION_LIMIT, Frontier, frontier_of
from accord.analysis.solutions import Solution, solution_at
from accord.arrays import IntArray
from accord.errors import AnalysisError
from accord.model.preferences import LinearAdditive
from accord.model.scenario import Scenario

__all__ = ["MAX_HALF", "MAX_STATES", "Zopa", "zopa", "zopa_of"]


MAX_STATES = 1 << 20
"""Most undecided partial utility vectors the counting programme keeps before giving bounds."""

MAX_HALF = 1 << 21
"""Most distinct partial utility vectors per half when meeting in the middle."""

_FIRST_STATES = 1 << 16  # the programme's first, cheap attempt
_GRID_STATES = 1 << 15  # partial vectors kept by the coarsened programme that gives bounds


@dataclass(frozen=True)
class Zopa:
    """The size of the zone of possible agreement and a few packages in it.

    ``low <= count <= high``; when ``exact``, ``low == high`` is the count. ``method``:
    "dynamic programming", "meet in the middle", "enumeration" or "bounds"; ``note`` says what was done;
    ``estimate``: a sampled estimate of the fraction (only for bounds, with a generator);
    ``representatives``: packages of the acceptable frontier (the best for each party and
    the most balanced), empty when the zone is empty or the frontier is out of reach.
    """

    parties: tuple[str, ...]
    space_size: int
    low: int
    high: int
    method: str
    note: str
    representatives: tuple[Solution, ...] = ()
    estimate: float | None = None

    @property
    def exact(self) -> bool:
        return self.low == self.high

    @property
    def count(self) -> int | None:
        """The exact number of packages in the zone, or None when only bounds are known."""
        return self.low if self.exact else None

    @property
    def fraction(self) -> float | None:
        """The exact share of the space in the zone, or None when only bounds are known."""
        return self.low / self.space_size if self.exact else None

    @property
    def fraction_bounds(self) -> tuple[float, float]:
        return self.low / self.space_size, self.high / self.space_size

    @property
    def empty(self) -> bool | None:
        """Whether no package is acceptable to all (None when the bounds do not tell)."""
        if self.high == 0:
            return True
        if self.low > 0:
            return False
        return None

    def to_dict(self) -> dict[str, object]:
        return {
            "parties": list(self.parties),
            "space_size": self.space_size,
            "count": self.count,
            "low": self.low,
            "high": self.high,
            "fraction": self.fraction,
            "fraction_bounds": list(self.fraction_bounds),
            "exact": self.exact,
            "method": self.method,
            "note": self.note,
            "estimate": self.estimate,
            "representatives": [r.to_dict() for r in self.representatives],
        }


def zopa(
    scenario: Scenario,
    parties: Sequence[str] | None = None,
    *,
    include_mediator: bool = False,
    limit: int = ENUMERATION_LIMIT,
    max_states: int = MAX_STATES,
    max_half: int = MAX_HALF,
    rng: np.random.Generator | None = None,
    samples: int = 100_000,
) -> Zopa:
    """The zone of possible agreement of ``parties`` (default: the negotiators).

    ``limit``: most packages enumerated; ``max_states`` / ``max_half``: caps of the counting
    programme and of meeting in the middle; ``rng`` / ``samples``: a sampled estimate of
    the fraction when only bounds are known.
    """
    panel = select_parties(scenario, parties, include_mediator=include_mediator)
    return zopa_of(panel, limit=limit, max_states=max_states, max_half=max_half, rng=rng, samples=samples)


def zopa_of(
    panel: Panel,
    *,
    limit: int = ENUMERATION_LIMIT,
    max_states: int = MAX_STATES,
    max_half: int = MAX_HALF,
    rng: np.random.Generator | None = None,
    samples: int = 100_000,
    acceptable: Frontier | None = None,
) -> Zopa:
    """:func:`zopa` for a panel of parties already selected.

    ``acceptable``: the panel's acceptable frontier, when the caller has it (its
    representatives are then taken from it instead of merging it again; none when it is
    only approximate).
    """
    size = panel.space.size
    low, high = 0, _red_line_size(panel)
    method, note = "bounds", "only the red lines were used (the utilities are not additive)"
    if panel.additive:
        low, high, method, note = _count_additive(panel, max_states, max_half, limit)
    elif all(p.reservation <= 0.0 for p in panel.preferences):
        # every utility is >= 0, so a zero reservation excludes nothing: the red lines decide alone
        low, method, note = high, "red lines", "every reservation value is 0: only the red lines exclude packages"
    if low != high and size <= limit:
        low = high = _count_enumerated(panel)
        method, note = "enumeration", f"all {size:,} packages checked"
    estimate = None
    if low != high and rng is not None and samples > 0:
        drawn = panel.space.sample(samples, rng)
        ok = np.ones(samples, dtype=bool)
        for prefs in panel.preferences:
            ok &= prefs.acceptable(drawn)
        estimate = float(ok.mean())
        note += f"; sampled estimate from {samples:,} packages"
    representatives: tuple[Solution, ...] = ()
    if high > 0 and acceptable is None:
        with contextlib.suppress(AnalysisError):  # too large to enumerate, merge or list exactly
            acceptable = frontier_of(panel, acceptable=True, limit=limit, ties=False)
    if high > 0:
        if acceptable is not None and acceptable.exact:
            representatives = _representatives(acceptable)
        else:
            note += "; no representatives: the frontier is out of exact reach"
    return Zopa(panel.ids, size, low, high, method, note, representatives, estimate)


def _red_line_size(panel: Panel) -> int:
    allowed = [np.ones(r, dtype=bool) for r in panel.space.radices]
    for prefs in panel.preferences:
        for j, forbidden in prefs.red_line_masks():
            allowed[j] &= ~forbidden
    space = panel.space
    units = compound_units(space.radices, space.linked_groups(), space.exclusions, list(allowed))
    return math.prod(int(allowed[u[0]].sum()) if combos is None else combos.shape[0] for u, combos in units)


def _count_enumerated(panel: Panel) -> int:
    total = 0
    for _, chunk in panel.space.chunks():
        ok = panel.space.feasible(chunk) if panel.space.exclusions else np.ones(chunk.shape[0], dtype=bool)
        for prefs in panel.preferences:
            ok &= prefs.acceptable(chunk)
        total += int(ok.sum())
    return total


def _count_additive(panel: Panel, max_states: int, max_half: int, limit: int) -> tuple[int, int, str, str]:
    """(low, high, method, how): exact when low == high."""
    utilities = [p.utility for p in panel.preferences if isinstance(p.utility, LinearAdditive)]
    keys = joint_issue_keys(utilities)
    floor = np.array(
        [math.ceil((p.reservation - ACCEPT_TOLERANCE) * SCALE) for p in panel.preferences],
        dtype=np.int64,
    )
    allowed = [np.ones(k.shape[0], dtype=bool) for k in keys]
    for prefs in panel.preferences:
        for j, forbidden in prefs.red_line_masks():
            allowed[j] &= ~forbidden
    space = panel.space
    if space.exclusions:
        # issues tied by exclusions count as one compound issue of their feasible combinations
        units = compound_units(space.radices, space.linked_groups(), space.exclusions, list(allowed))
        merged: list[IntArray] = []
        for unit, combos in units:
            if combos is None:
                merged.append(keys[unit[0]][allowed[unit[0]]])
            else:
                merged.append(
                    sum(
                        (keys[i][combos[:, pos]] for pos, i in enumerate(unit)),
                        np.zeros((combos.shape[0], keys[0].shape[1]), dtype=np.int64),
                    )
                )
        keys = merged
        allowed = [np.ones(k.shape[0], dtype=bool) for k in keys]
    if not all(a.any() for a in allowed):
        return 0, 0, "dynamic programming", "a red line leaves an issue without an option every party allows"
    size = math.prod(int(a.sum()) for a in allowed)
    worst = sum(k[a].min(axis=0) for k, a in zip(keys, allowed, strict=True))
    binding = np.flatnonzero(floor > worst)
    if binding.shape[0] == 0:
        return size, size, "dynamic programming", "every package the red lines allow reaches every reservation value"
    issues: list[tuple[IntArray, IntArray]] = []
    for k, a in zip(keys, allowed, strict=True):
        distinct, group = unique_rows(k[a][:, binding])
        issues.append((distinct, np.bincount(group).astype(np.int64)))
    issues.sort(key=lambda vm: -int(np.ptp(vm[0], axis=0).sum()))  # widest first: decided sooner
    vectors = [v for v, _ in issues]
    mults = [m for _, m in issues]
    cut = floor[binding]
    low, high, states = count_by_programme(vectors, mults, cut, min(max_states, _FIRST_STATES))
    programme = "dynamic programming"
    if low == high:
        return low, high, programme, f"over the joint utility vectors ({states:,} partial vectors at most)"
    if binding.shape[0] <= 2:
        count = count_by_halves(vectors, mults, cut, max_half)
        if count is not None:
            return count, count, "meet in the middle", f"two halves of the issues, {binding.shape[0]} binding floor(s)"
    # a second, larger attempt only when the undecided vectors could plausibly fit: they
    # peak around the middle issue, below the number of partial packages up to there
    half = math.prod(v.shape[0] for v in vectors[: (len(vectors) + 1) // 2])
    if max_states > _FIRST_STATES and half <= 16 * max_states:
        low, high, states = count_by_programme(vectors, mults, cut, max_states)
        if low == high:
            return low, high, programme, f"over the joint utility vectors ({states:,} partial vectors at most)"
    if panel.space.size <= limit:
        return low, high, "bounds", "the counting programme gave up"  # the caller enumerates
    grid_states = min(max_states, _GRID_STATES)
    low = max(low, bound_by_programme(vectors, mults, cut, grid_states, upper=False))
    high = min(high, bound_by_programme(vectors, mults, cut, grid_states, upper=True))
    return (
        low,
        high,
        "bounds",
        (
            f"no exact count (more than {max_states:,} undecided partial utility vectors); the bounds "
            f"come from the counting programme on a coarsened utility grid ({grid_states:,} vectors)"
        ),
    )


def _representatives(frontier: Frontier) -> tuple[Solution, ...]:
    if frontier.is_empty:
        return ()
    u = frontier.utilities
    total = u.sum(axis=1)
    rows: list[tuple[int, str]] = []
    for i, pid in enumerate(frontier.parties):
        best = np.flatnonzero(u[:, i] == u[:, i].max())
        rows.append((int(best[np.argmax(total[best])]), f"best for {pid}"))
    gains = (u - frontier.disagreement).min(axis=1)
    balanced = np.flatnonzero(gains == gains.max())
    rows.append((int(balanced[np.argmax(total[balanced])]), "most balanced (max-min gain)"))
    names: dict[int, list[str]] = {}
    for row, name in rows:
        names.setdefault(row, []).append(name)
    return tuple(solution_at(frontier, row, "; ".join(ns)) for row, ns in names.items())
