"""The packages a report draws: the whole space when it is small, a seeded sample when not.

:func:`build_space` evaluates the parties' utilities over the drawn packages, marks which
are acceptable to every party (above each reservation value, crossing no red line), and
adds the exact Pareto frontier the analysis found, so a sampled cloud never hides the
frontier. The figure's note says which it is: "all 3,888 packages" or "a sample of
2,000 of 390,625 packages (seed 0)".
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from accord.arrays import FloatArray, IntArray
from accord.errors import SpaceTooLargeError
from accord.model.preferences import Preferences
from accord.model.scenario import Scenario
from accord.model.space import OutcomeSpace
from accord.report.figures import MAX_GRID_PARTIES, Space, package_hover

if TYPE_CHECKING:
    from accord.analysis.pareto import Frontier

__all__ = [
    "CLOUD_LIMIT",
    "FRONTIER_DRAW_LIMIT",
    "SAMPLE_SIZE",
    "build_space",
    "drawn_frontier",
    "drawn_outcomes",
    "frontier_for",
]

CLOUD_LIMIT = 4_000
"""Spaces up to this size are drawn in full; larger ones as a seeded sample."""

SAMPLE_SIZE = 2_000
"""How many packages a sampled cloud draws."""

FRONTIER_DRAW_LIMIT = 6_000
"""Most frontier points drawn over all panels: a frontier with more Pareto-optimal packages than
this (divided by the number of pairwise panels, at least 300) is drawn as a seeded subset."""

FRONTIER_SAMPLES = 200_000
"""Draws for the sampled frontier of a space too large to enumerate."""


def frontier_for(scenario: Scenario, parties: Sequence[str], *, seed: int = 0) -> Frontier:
    """The exact Pareto frontier of ``parties``, or a seeded sampled one when the space is too large."""
    from accord.analysis.pareto import pareto_frontier, sample_frontier

    try:
        return pareto_frontier(scenario, list(parties))
    except SpaceTooLargeError:
        rng = np.random.default_rng(seed)
        return sample_frontier(scenario, samples=FRONTIER_SAMPLES, rng=rng, parties=list(parties))


def drawn_frontier(outcomes: IntArray, *, limit: int = FRONTIER_DRAW_LIMIT, seed: int = 0) -> tuple[IntArray, str]:
    """The frontier packages to draw (all, or a seeded subset of a very large frontier) and a note."""
    m = outcomes.shape[0]
    if m <= limit:
        return outcomes, ""
    keep = np.sort(np.random.default_rng(seed).choice(m, limit, replace=False))
    return outcomes[keep], f"{limit:,} of the {m:,} Pareto-optimal packages are drawn (seed {seed})"


def drawn_outcomes(
    space: OutcomeSpace, *, limit: int = CLOUD_LIMIT, sample: int = SAMPLE_SIZE, seed: int = 0
) -> tuple[IntArray, str]:
    """The outcomes to draw, as an (n, n_issues) array, and a note saying how they were chosen."""
    size = space.size
    if size <= limit:
        return space.all(), f"all {size:,} packages"
    rng = np.random.default_rng(seed)
    drawn = space.sample(sample, rng)
    if space.fits_int64:
        _, first = np.unique(space.encode(drawn), return_index=True)
        drawn = drawn[np.sort(first)]
    return drawn, f"a random sample of {drawn.shape[0]:,} of {size:,} packages (seed {seed})"


def build_space(
    space: OutcomeSpace,
    parties: Sequence[str],
    names: Sequence[str],
    colours: Sequence[str],
    prefs: Sequence[Preferences],
    frontier: IntArray,
    *,
    acceptable_to: Sequence[Preferences] | None = None,
    limit: int = CLOUD_LIMIT,
    sample: int = SAMPLE_SIZE,
    seed: int = 0,
    exact: bool = True,
    acceptable_frontier: IntArray | None = None,
) -> Space:
    """The :class:`Space` of ``parties`` with the frontier outcomes ``frontier`` (an (m, n_issues) array).

    Acceptability is judged by ``acceptable_to`` (default: ``prefs``): every party whose
    consent a deal needs.
    """
    outcomes, note = drawn_outcomes(space, limit=limit, sample=sample, seed=seed)
    judges = prefs if acceptable_to is None else acceptable_to
    ok = np.ones(outcomes.shape[0], dtype=bool)
    for p in judges:
        ok &= p.acceptable(outcomes)
    cloud = np.stack([p.evaluate(outcomes) for p in prefs], axis=1)
    note += "; the Pareto frontier is exact" if exact else "; the Pareto frontier is approximate (found by sampling)"
    panels = max(1, math.comb(min(len(parties), MAX_GRID_PARTIES), 2))
    most = max(300, FRONTIER_DRAW_LIMIT // panels)
    fr, fr_note = drawn_frontier(
        np.asarray(frontier, dtype=np.int64).reshape(-1, space.n_issues), limit=most, seed=seed
    )
    if fr_note:
        note += "; " + fr_note
    fr_u = np.stack([p.evaluate(fr) for p in prefs], axis=1) if fr.shape[0] else np.zeros((0, len(prefs)))
    af_u: FloatArray | None = None
    af_hover: list[str] = []
    if acceptable_frontier is not None:
        af, af_note = drawn_frontier(
            np.asarray(acceptable_frontier, dtype=np.int64).reshape(-1, space.n_issues), limit=most, seed=seed
        )
        if af_note:
            note += "; of the acceptable frontier, " + af_note
        af_u = np.stack([p.evaluate(af) for p in prefs], axis=1) if af.shape[0] else np.zeros((0, len(prefs)))
        af_hover = [package_hover(space, o) for o in af]
    return Space(
        parties=tuple(parties),
        names=tuple(names),
        colours=tuple(colours),
        reservations=tuple(p.reservation for p in prefs),
        cloud=cloud,
        acceptable=ok,
        cloud_hover=[package_hover(space, o) for o in outcomes],
        frontier=fr_u,
        frontier_hover=[package_hover(space, o) for o in fr],
        note=note,
        acceptable_frontier=af_u,
        acceptable_frontier_hover=af_hover,
    )
