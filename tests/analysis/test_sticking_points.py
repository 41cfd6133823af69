"""Sticking points: the documented measure, brute-forced, and the Abu Dhabi ranking."""

from __future__ import annotations

import math

import numpy as np
import pytest
from analysis_domains import build, grid_scenarios
from hypothesis import given, settings

import accord.scenarios
from accord.analysis import agreement_margin, sticking_points
from accord.model import Scenario


def brute_margin(scenario: Scenario, aside: int | None = None) -> float:
    """max over red-line-respecting packages of min_i (u_i - r_i), issue ``aside`` at each party's best."""
    every = scenario.space.all()
    parties = [p.id for p in scenario.negotiators]
    ok = np.ones(every.shape[0], dtype=bool)
    surplus = np.empty((every.shape[0], len(parties)))
    for i, pid in enumerate(parties):
        prefs = scenario.preferences(pid)
        for j, forbidden in prefs.red_line_masks():
            if j != aside:
                ok &= ~forbidden[every[:, j]]
        u = prefs.evaluate(every)
        if aside is not None:
            best = -np.inf
            for x in range(scenario.space.radices[aside]):
                moved = every.copy()
                moved[:, aside] = x
                best = np.maximum(best, prefs.evaluate(moved))
            u = best
        surplus[:, i] = u - prefs.reservation
    return float(surplus[ok].min(axis=1).max()) if ok.any() else -math.inf


@settings(max_examples=60, deadline=None)
@given(grid_scenarios(with_red_lines=False))
def test_relief_is_the_rise_of_the_agreement_margin(scenario: Scenario) -> None:
    base = brute_margin(scenario)
    assert math.isclose(agreement_margin(scenario), base, abs_tol=1e-9)
    points = sticking_points(scenario)
    assert [p.rank for p in points] == list(range(1, scenario.space.n_issues + 1))
    for p in points:
        j = scenario.space.issue_index(p.issue)
        assert math.isclose(p.margin_without, brute_margin(scenario, j), abs_tol=1e-9)
        assert math.isclose(p.relief, p.margin_without - base, abs_tol=1e-9)
        assert p.relief >= -1e-12  # setting an issue aside never hurts
    reliefs = [p.relief for p in points]
    assert reliefs == sorted(reliefs, reverse=True)


@settings(max_examples=25, deadline=None)
@given(grid_scenarios(opaque=True, parties=(2, 3), issues=(1, 3), options=(1, 4), with_red_lines=False))
def test_enumerated_relief_equals_brute_force(scenario: Scenario) -> None:
    # utilities behind the generic interface are enumerated; no opposition is reported for them
    opaque = any(p.preferences is not None and p.preferences.utility.kind == "opaque" for p in scenario.negotiators)
    for p in sticking_points(scenario):
        j = scenario.space.issue_index(p.issue)
        assert math.isclose(p.margin_without, brute_margin(scenario, j), abs_tol=1e-9)
        assert (p.opposition is None) == opaque


def test_opposition_and_care_on_a_hand_made_case() -> None:
    # i0: opposed and important to both; i1: they agree; i2: opposed but cheap
    scenario = build(
        [3, 2, 2],
        [[0.6, 0.3, 0.1], [0.5, 0.4, 0.1]],
        [[[0, 0.5, 1], [0, 1], [0, 1]], [[1, 0.5, 0], [0, 1], [1, 0]]],
        reservations=[0.4, 0.4],
    )
    points = sticking_points(scenario)
    assert points[0].issue == "i0"
    by = {p.issue: p for p in points}
    assert by["i1"].opposition == 0.0 and by["i1"].relief == 0.0
    assert math.isclose(by["i0"].opposition or 0, 0.3)  # the middle option: 0.6*0.5 and 0.5*0.5
    assert math.isclose(by["i2"].opposition or 0, 0.1)
    assert by["i0"].care == {"p0": 0.6, "p1": 0.5}
    assert by["i0"].favourite == {"p0": "o2", "p1": "o0"}


def test_blocked_issues_rank_first() -> None:
    scenario = build(
        [2, 3],
        [[0.5, 0.5], [0.5, 0.5]],
        [[[0, 1], [0, 0.5, 1]], [[1, 0], [1, 0.5, 0]]],
        red_lines=[{"i0": {"o0"}}, {"i0": {"o1"}}],
    )
    points = sticking_points(scenario)
    assert points[0].issue == "i0" and points[0].blocked
    assert not points[1].blocked
    assert agreement_margin(scenario) == -math.inf


def test_abu_dhabi_ranks_territory_first() -> None:
    talks = accord.scenarios.get("abu-dhabi-2026")
    for include_mediator in (False, True):
        points = sticking_points(talks, include_mediator=include_mediator)
        assert points[0].issue == "territory"
        assert points[0].relief > points[1].relief
        top_opposition = max(p.opposition or 0.0 for p in points)
        assert points[0].opposition == pytest.approx(top_opposition)
    d = points[0].to_dict()
    assert d["issue"] == "territory" and d["rank"] == 1
