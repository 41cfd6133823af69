"""The Pareto frontier of any utility functions, by enumeration in chunks (or by sampling).

Outcomes arrive in chunks (the whole space in mixed-radix order, or a seeded sample);
each chunk is evaluated for every party, filtered (red lines, floor), reduced to its own
non-dominated set, and merged into the running frontier, which is filtered again. Memory
is bounded by the chunk size plus the frontier, whatever the size of the space. This is
the incremental ("archive") non-dominated filter of multi-objective search, e.g. Deb,
*Multi-Objective Optimization using Evolutionary Algorithms* (Wiley 2001), §2.4.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from accord.analysis.arrays import unique_rows
from accord.analysis.dominance import non_dominated
from accord.analysis.keys import utility_keys
from accord.analysis.panel import Panel
from accord.arrays import IntArray

__all__ = ["enumerated_front", "panel_keys", "sample_chunks"]


SAMPLE_CHUNK = 1 << 16


def panel_keys(panel: Panel, outcomes: IntArray) -> IntArray:
    """Keys of an (n, n_issues) outcome array for every party of the panel: (n, n_parties)."""
    keys = np.empty((outcomes.shape[0], panel.n), dtype=np.int64)
    for i, prefs in enumerate(panel.preferences):
        keys[:, i] = utility_keys(prefs.utility, outcomes)
    return keys


def enumerated_front(
    panel: Panel,
    chunks: Iterable[IntArray],
    *,
    red_lines: bool,
    floor: IntArray | None,
) -> tuple[IntArray, IntArray, int]:
    """Non-dominated outcomes among ``chunks`` (distinct outcomes only), their keys, and
    how many outcomes were evaluated.

    ``red_lines``: drop outcomes that cross any party's red line; ``floor``: drop outcomes
    whose key is below it for some party.
    """
    n_issues = panel.space.n_issues
    front = np.zeros((0, n_issues), dtype=np.int64)
    front_keys = np.zeros((0, panel.n), dtype=np.int64)
    seen = 0
    for chunk in chunks:
        seen += chunk.shape[0]
        outcomes = chunk
        if panel.space.exclusions:  # packages that cannot exist are never on a frontier
            outcomes = outcomes[panel.space.feasible(outcomes)]
        if red_lines:
            ok = np.ones(outcomes.shape[0], dtype=bool)
            for prefs in panel.preferences:
                ok &= ~prefs.crosses_red_line(outcomes)
            outcomes = outcomes[ok]
        keys = panel_keys(panel, outcomes)
        if floor is not None:
            ok = np.all(keys >= floor, axis=1)
            outcomes, keys = outcomes[ok], keys[ok]
        if outcomes.shape[0] == 0:
            continue
        keep = non_dominated(keys)
        outcomes = np.concatenate((front, outcomes[keep]))
        keys = np.concatenate((front_keys, keys[keep]))
        keep = non_dominated(keys)
        front, front_keys = outcomes[keep], keys[keep]
    if front.shape[0]:
        distinct, index = unique_rows(front)  # a sample can draw an outcome twice
        row = np.empty(distinct.shape[0], dtype=np.int64)
        row[index] = np.arange(index.shape[0], dtype=np.int64)
        front, front_keys = distinct, front_keys[row]
    return front, front_keys, seen


def sample_chunks(panel: Panel, samples: int, rng: np.random.Generator) -> Iterable[IntArray]:
    """``samples`` uniform draws from the space, in chunks, from the given generator."""
    left = samples
    while left > 0:
        n = min(left, SAMPLE_CHUNK)
        yield panel.space.sample(n, rng)
        left -= n
