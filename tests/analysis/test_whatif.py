"""What would it take: the smallest change found is the smallest, checked by exhaustive search."""

from __future__ import annotations

import numpy as np
import pytest
from analysis_domains import grid_scenarios
from hypothesis import given, settings
from hypothesis import strategies as st
from levers_support import brute_count, brute_nearest, with_prefs

from accord.analysis.whatif import Goal, parameters_of, whatif
from accord.model import Scenario
from accord.model.uncertainty import set_red_line


@settings(max_examples=60, deadline=None)
@given(grid_scenarios(parties=(2, 3), issues=(1, 3), options=(1, 4)), st.sampled_from(["open", "widen"]), st.data())
def test_smallest_change_is_exactly_the_smallest(scenario: Scenario, kind: str, data: st.DataObject) -> None:
    before = brute_count(scenario)
    if kind == "open" and before > 0:
        assert whatif(scenario, Goal("open")) == ()
        return
    if kind == "widen" and before == 0:
        return
    share = data.draw(st.sampled_from([0.1, 0.5, 1.0]))
    goal = Goal("open") if kind == "open" else Goal("widen", share=share)
    target = 1 if kind == "open" else before + max(1, int(np.ceil(before * share - 1e-9)))
    for f in whatif(scenario, goal):
        prefs = scenario.preferences(f.party)
        if f.parameter.startswith("red_lines."):
            dropped = set_red_line(prefs, f.parameter.split(".", 1)[1], drop=[f.option])
            reached = brute_count(with_prefs(scenario, f.party, dropped)) >= target
            assert (f.direction == "drop") is reached
            continue
        best = brute_nearest(scenario, f.party, f.parameter, target)
        if best is None:
            assert f.needed is None and f.direction == "none"
            continue
        assert f.needed is not None, (f.party, f.parameter, best)
        assert abs(abs(f.needed - f.current) - abs(best - f.current)) < 1e-7, (f, best)
        assert f.zone_after is not None and f.zone_after >= target


@settings(max_examples=40, deadline=None)
@given(grid_scenarios(parties=(2, 3), issues=(1, 3), options=(2, 4)), st.data())
def test_smallest_change_that_makes_a_package_acceptable(scenario: Scenario, data: st.DataObject) -> None:
    space = scenario.space
    package = tuple(data.draw(st.integers(0, r - 1)) for r in space.radices)
    findings = whatif(scenario, Goal("accept", package=package))
    every_accepts = all(p.preferences is not None and p.preferences.accepts(package) for p in scenario.negotiators)
    if every_accepts:
        assert findings == ()
        return
    for f in findings:
        if f.parameter.startswith("red_lines."):
            continue
        best = brute_nearest(scenario, f.party, f.parameter, 1, package=package)
        if best is None:
            assert f.needed is None
        else:
            assert f.needed is not None and abs(abs(f.needed - f.current) - abs(best - f.current)) < 1e-7


def test_every_parameter_is_looked_at_and_the_default_reads_as_sentences() -> None:
    import accord

    talks = accord.scenarios.get("abu-dhabi-2026")
    before = brute_count(talks)
    goal = Goal("widen", share=0.5) if before else Goal("open")  # whatever today's numbers give
    target = before + max(1, -(-before // 2)) if before else 1
    findings = whatif(talks, goal)
    ukraine, russia = talks.preferences("ukraine"), talks.preferences("russia")
    assert len(findings) == len(parameters_of(ukraine)) + len(parameters_of(russia))
    reservation = next(f for f in findings if f.party == "russia" and f.parameter == "reservation")
    best = brute_nearest(talks, "russia", "reservation", target)
    if best is None:
        assert reservation.needed is None
        return
    assert reservation.needed is not None and abs(best - reservation.needed) < 1e-9
    verb = "fall" if reservation.needed < russia.reservation else "rise"
    assert reservation.sentence.startswith(
        f"Russia's no-deal value would need to {verb} from {russia.reservation:.3g} to "
    )


def test_bad_goals_are_refused_with_a_clear_error() -> None:
    from accord.errors import AnalysisError

    with pytest.raises(AnalysisError, match="positive share"):
        Goal("widen", share=0)
    with pytest.raises(AnalysisError, match="unknown goal"):
        Goal("flip")


def test_a_package_exactly_at_the_reservation_value_counts_as_accepted() -> None:
    from analysis_domains import build

    s = build(
        [4, 1, 1],
        [[0.0, 0.0, 1.0], [0.6, 0.1, 0.3]],
        [[[0, 0, 0, 0], [0], [0]], [[0, 0, 0, 2 / 3], [0], [2 / 3]]],
        reservations=[0.0, 0.5],
    )
    (f,) = whatif(s, Goal("widen", share=0.1), changing=["p1"], parameters=["weights.i0"])
    assert f.needed is not None and abs(f.needed) < 1e-8 and f.zone_after == 4  # at weight 0 all reach 0.5
    assert brute_nearest(s, "p1", "weights.i0", 2) == 0.0


@settings(max_examples=30, deadline=None)
@given(grid_scenarios(parties=(2, 3), issues=(1, 3), options=(1, 4)))
def test_past_the_enumeration_limit_reservation_values_are_bisected_on_the_exact_counter(scenario: Scenario) -> None:
    import sys

    module = sys.modules["accord.analysis.whatif"]
    before = brute_count(scenario)
    goal = Goal("widen", share=0.5) if before else Goal("open")
    enumerated = whatif(scenario, goal, parameters=["reservation"])
    limit = module.WHATIF_LIMIT
    module.WHATIF_LIMIT = 0
    try:
        counted = whatif(scenario, goal, parameters=["reservation"])
    finally:
        module.WHATIF_LIMIT = limit
    assert [(f.party, f.direction, f.zone_after) for f in counted] == [
        (f.party, f.direction, f.zone_after) for f in enumerated
    ]
    for a, b in zip(counted, enumerated, strict=True):
        assert (a.needed is None) == (b.needed is None)
        if a.needed is not None and b.needed is not None:
            assert abs(a.needed - b.needed) < 1e-9
