"""Brute-force oracles for what-would-it-take and robustness: every package, every breakpoint."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from accord.model import Preferences, Scenario
from accord.model.uncertainty import get_parameter, set_parameter


def with_prefs(scenario: Scenario, party: str, prefs: Preferences) -> Scenario:
    from dataclasses import replace

    return scenario.with_parties([replace(p, preferences=prefs) if p.id == party else p for p in scenario.parties])


def brute_count(scenario: Scenario, outcomes: np.ndarray | None = None) -> int:
    every = scenario.space.all() if outcomes is None else outcomes
    ok = np.ones(every.shape[0], dtype=bool)
    for p in scenario.negotiators:
        assert p.preferences is not None
        ok &= p.preferences.acceptable(every)
    return int(ok.sum())


def brute_nearest(
    scenario: Scenario, party: str, parameter: str, target: int, *, package: Sequence[int] | None = None
) -> float | None:
    """The value of ``parameter`` nearest its current one at which at least ``target`` packages
    (or the given package) are acceptable to all, by exhaustive search over every piece of the
    count: each package's surplus is linear in the parameter, so its breakpoints are found from
    the model's own utilities at 0 and 1, and the count is checked at every breakpoint and
    between every two of them."""
    prefs = scenario.preferences(party)
    p0 = get_parameter(prefs, parameter)
    every = scenario.space.all() if package is None else np.asarray([package])
    ends = []
    for x in (0.0, 1.0):
        q = set_parameter(prefs, parameter, x)
        ends.append(q.evaluate(every) - q.reservation)
    slope = ends[1] - ends[0]
    moving = np.abs(slope) > 1e-15
    breaks = -ends[0][moving] / slope[moving]
    points = np.unique(np.concatenate([breaks[(breaks >= 0) & (breaks <= 1)], [0.0, 1.0, p0]]))
    probes = np.unique(np.concatenate([points, (points[1:] + points[:-1]) / 2]))
    best: float | None = None
    for x in probes:
        changed = with_prefs(scenario, party, set_parameter(prefs, parameter, float(x)))
        if brute_count(changed, every) >= target and (best is None or abs(x - p0) < abs(best - p0) - 1e-12):
            best = float(x)
    return best
