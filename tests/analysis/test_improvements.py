"""Post-settlement improvements against brute force: every Pareto improvement, best first."""

from __future__ import annotations

import numpy as np
import pytest
from analysis_domains import acceptable, as_set, build, grid_scenarios, pareto_mask, utilities
from hypothesis import given, settings
from hypothesis import strategies as st

import accord.scenarios
from accord.analysis import improvements, nash, pareto_frontier
from accord.errors import ModelError
from accord.model import Scenario


def brute_improvements(scenario: Scenario, deal: tuple[int, ...]) -> set[tuple[int, ...]]:
    every = scenario.space.all()
    ok = np.ones(every.shape[0], dtype=bool)
    for p in scenario.negotiators:
        assert p.preferences is not None
        ok &= ~p.preferences.crosses_red_line(every)
    every = every[ok]
    u = utilities(scenario, every)
    d = utilities(scenario, np.array([deal]))[0]
    above = np.all(u >= d, axis=1)
    every, u = every[above], u[above]
    front = pareto_mask(u) & np.any(u > d, axis=1)
    return as_set(every[front])


@settings(max_examples=80, deadline=None)
@given(grid_scenarios(), st.data())
def test_improvements_equal_brute_force(scenario: Scenario, data: st.DataObject) -> None:
    deal = tuple(data.draw(st.integers(0, r - 1)) for r in scenario.space.radices)
    found = improvements(scenario, deal, count=10**6)
    assert {i.outcome for i in found} == brute_improvements(scenario, deal)
    scores = [(i.score, sum(i.gains.values())) for i in found]
    assert scores == sorted(scores, reverse=True)
    for i in found:
        assert all(g >= 0 for g in i.gains.values()) and any(g > 0 for g in i.gains.values())
    assert len(improvements(scenario, deal, count=2)) == min(2, len(found))


def test_a_pareto_optimal_deal_has_no_improvement() -> None:
    talks = accord.scenarios.get("abu-dhabi-2026")
    deal = nash(pareto_frontier(talks, acceptable=True)).outcome
    assert improvements(talks, deal) == ()


def test_improving_a_weak_deal_in_the_abu_dhabi_talks() -> None:
    talks = accord.scenarios.get("abu-dhabi-2026")
    deal = talks.space.from_values(
        {
            "territory": "demilitarised_zone",
            "recognition": "de_facto_only",
            "security_guarantees": "political_assurances",
            "sanctions": "maintained",
            "weapons_supply": "continued",
            "energy_strikes": "energy_moratorium",
            "sequencing": "simultaneous",
        }
    )
    found = improvements(talks, deal, include_mediator=True, count=3)
    assert found and len(found) <= 3
    best = found[0]
    assert all(g >= 0 for g in best.gains.values()) and best.score > 0
    assert set(best.utilities) == {"ukraine", "russia", "united_states"}
    assert acceptable(talks, np.array([best.outcome]), ["ukraine", "russia"])[0]
    assert best.to_dict()["package"]["territory"]  # type: ignore[index]


def test_invalid_deal_is_refused() -> None:
    scenario = build([2, 2], [[0.5, 0.5], [0.5, 0.5]], [[[0, 1], [0, 1]], [[1, 0], [0, 1]]])
    with pytest.raises(ModelError):
        improvements(scenario, (0, 5))
