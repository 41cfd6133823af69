"""Levers: each lever's and each pair's zone is the exact count of the scenario it leaves behind."""

from __future__ import annotations

import pytest
from analysis_domains import grid_scenarios
from hypothesis import given, settings
from hypothesis import strategies as st
from levers_support import brute_count, with_prefs

from accord.analysis.levers import rank_levers
from accord.analysis.whatif import parameters_of
from accord.errors import AnalysisError
from accord.model import Scenario
from accord.model.uncertainty import Effect, Lever, get_parameter, set_parameter, set_red_line


@st.composite
def with_levers(draw: st.DrawFn) -> Scenario:
    s = draw(grid_scenarios(parties=(2, 3), issues=(1, 3), options=(2, 4)))
    ids = [p.id for p in s.negotiators]
    levers = []
    for k in range(draw(st.integers(1, 3))):
        effects = []
        for _ in range(draw(st.integers(1, 2))):
            pid = draw(st.sampled_from(ids))
            prefs = s.preferences(pid)
            numeric = [x for x in parameters_of(prefs) if not x.startswith("red_lines.")]
            if draw(st.booleans()):
                parameter = draw(st.sampled_from(numeric))
                effects.append(Effect(pid, parameter, change=draw(st.sampled_from([-0.2, -0.05, 0.05, 0.2]))))
            else:
                issue = draw(st.sampled_from(s.space.issues))
                option = issue.value(draw(st.integers(0, issue.cardinality - 1)))
                add = draw(st.booleans())
                effects.append(
                    Effect(pid, f"red_lines.{issue.name}", add=(option,) if add else (), drop=() if add else (option,))
                )
        levers.append(Lever(f"l{k}", draw(st.sampled_from(ids)), tuple(effects), cost=k / 10))
    return Scenario(s.id, s.space, s.parties, levers=tuple(levers))


def apply_by_hand(s: Scenario, levers: tuple[Lever, ...]) -> Scenario:
    for lever in levers:
        for e in lever.effects:
            prefs = s.preferences(e.party)
            if e.parameter.startswith("red_lines."):
                prefs = set_red_line(prefs, e.parameter.split(".", 1)[1], add=e.add, drop=e.drop)
            else:
                prefs = set_parameter(prefs, e.parameter, get_parameter(prefs, e.parameter) + (e.change or 0.0))
            s = with_prefs(s, e.party, prefs)
    return s


@settings(max_examples=50, deadline=None)
@given(with_levers())
def test_each_lever_and_pair_is_counted_on_the_scenario_it_leaves(s: Scenario) -> None:
    ranked, base = rank_levers(s)
    n = len(s.levers)
    assert len(ranked) == n + n * (n - 1) // 2
    assert base.zone == brute_count(s)
    by_id = {lv.id: lv for lv in s.levers}
    for e in ranked:
        expected = brute_count(apply_by_hand(s, tuple(by_id[i] for i in e.levers)))
        assert e.zone == expected and e.growth == expected - base.zone
        assert e.opens == (base.zone == 0 and expected > 0)
        assert e.cost == pytest.approx(sum(by_id[i].cost for i in e.levers))
    keys = [(not e.opens, e.closes, -e.growth) for e in ranked]
    assert keys == sorted(keys)


def test_a_scenario_without_levers_says_so() -> None:
    import accord

    with pytest.raises(AnalysisError, match="declares no levers"):
        rank_levers(accord.scenarios.get("job-offer"))
