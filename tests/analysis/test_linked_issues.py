"""Option combinations that cannot go together: the frontier and the zone of agreement against
brute force, the file format, and the engine refusing such packages."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from analysis_domains import Opaque, acceptable, as_set, grid_scenarios, pareto_mask, utilities
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.analysis import pareto_frontier, zopa
from accord.engine.runner import simulate
from accord.errors import ActionRejected, ModelError
from accord.formats.accord_read import scenario_from_dict
from accord.formats.accord_write import scenario_to_dict
from accord.model import OutcomeSpace, Scenario
from accord.scenarios import get


@st.composite
def linked_scenarios(draw: st.DrawFn, *, opaque: bool = False) -> Scenario:
    """Small additive scenarios with one to three exclusions over two or three issues."""
    base = draw(grid_scenarios(issues=(2, 4), options=(2, 4), opaque=opaque))
    radices = base.space.radices
    exclusions = []
    for _ in range(draw(st.integers(1, 3))):
        width = draw(st.integers(2, min(3, len(radices))))
        issues = draw(st.lists(st.integers(0, len(radices) - 1), min_size=width, max_size=width, unique=True))
        exclusions.append([(j, draw(st.integers(0, radices[j] - 1))) for j in issues])
    space = OutcomeSpace(base.space.issues, exclusions)
    parties = []
    for p in base.parties:
        prefs = p.preferences
        if prefs is not None:
            util = prefs.utility
            util = (
                replace(util, inner=replace(util.inner, _space=space))
                if isinstance(util, Opaque)
                else replace(util, _space=space)
            )
            prefs = replace(prefs, utility=util)
        parties.append(replace(p, preferences=prefs))
    return Scenario(base.id, space, tuple(parties))


def brute(scenario: Scenario, *, acceptable_only: bool) -> set[tuple[int, ...]]:
    every = scenario.space.all()
    every = every[scenario.space.feasible(every)]
    if acceptable_only:
        every = every[acceptable(scenario, every)]
    return as_set(every[pareto_mask(utilities(scenario, every))])


@settings(max_examples=80, deadline=None)
@given(linked_scenarios())
def test_frontier_with_exclusions_equals_brute_force(scenario: Scenario) -> None:
    for acceptable_only in (False, True):
        f = pareto_frontier(scenario, acceptable=acceptable_only)
        assert f.method == "additive"
        assert as_set(f.outcomes) == brute(scenario, acceptable_only=acceptable_only)
        assert scenario.space.feasible(f.outcomes).all()


@settings(max_examples=30, deadline=None)
@given(linked_scenarios(opaque=True))
def test_enumerated_frontier_with_exclusions_equals_brute_force(scenario: Scenario) -> None:
    f = pareto_frontier(scenario, acceptable=True)
    assert as_set(f.outcomes) == brute(scenario, acceptable_only=True)


@settings(max_examples=80, deadline=None)
@given(linked_scenarios())
def test_zone_of_agreement_counts_only_feasible_packages(scenario: Scenario) -> None:
    every = scenario.space.all()
    expected = int((scenario.space.feasible(every) & acceptable(scenario, every)).sum())
    z = zopa(scenario, limit=0)  # never enumerate: the counting programme must be exact
    assert z.low <= expected <= z.high
    if z.exact:
        assert z.count == expected


def test_exclusions_are_validated() -> None:
    space = get().space
    with pytest.raises(ModelError, match="at least two different issues"):
        OutcomeSpace(space.issues, [[(0, 1)]])
    with pytest.raises(ModelError, match="does not exist"):
        OutcomeSpace(space.issues, [[(0, 9), (1, 0)]])


def test_the_default_scenario_links_territory_and_sequencing() -> None:
    talks = get()
    freeze = talks.space.issue("territory").index_of("freeze_current_line")
    first = talks.space.issue("sequencing").index_of("withdrawal_before_deal")
    assert talks.space.exclusions == (((0, freeze), (6, first)),)
    every = talks.space.all()
    assert int((~talks.space.feasible(every)).sum()) == talks.space.size // (4 * 3)
    # the file round-trips, and a bad option is a clear error
    doc = scenario_to_dict(talks)
    assert scenario_from_dict(doc).scenario.space.exclusions == talks.space.exclusions
    doc["incompatible"] = [{"options": {"territory": "nowhere", "sequencing": "simultaneous"}}]
    with pytest.raises(Exception, match=r"incompatible\[0\]\.options\.territory"):
        scenario_from_dict(doc)


def test_no_protocol_or_strategy_produces_an_excluded_package() -> None:
    talks = get()
    space = talks.space
    for protocol in ("phased", "single-text", "saop"):
        for seed in range(3):
            run = simulate(talks, protocol=protocol, seed=seed)
            for e in run.events:
                if e.outcome is not None:
                    assert space.feasible(np.asarray([space.outcome(e.outcome)]))[0], (protocol, e)
    from accord.engine.protocols import get_protocol

    proto = get_protocol("saop")
    state = proto.start(talks)
    bad = space.index(space.from_values({**space.values_of(space.outcome(0)), "territory": "freeze_current_line"}))
    who = proto.expected(state).parties[0]
    from accord.engine.events import Action

    with pytest.raises(ActionRejected, match="cannot go together"):
        proto.apply(state, Action.offer(who, bad))
