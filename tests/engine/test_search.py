"""Outcome search at a target utility (spaces too large to enumerate), against brute force."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from accord.cli.main import app
from accord.engine.runner import simulate
from accord.engine.search import CLOSE, SearchTable, ascend, party_table, stack
from accord.engine.tables import MAX_TABLE_OUTCOMES, UtilityTable
from accord.formats import load_scenario
from accord.model import (
    Calendar,
    ConstraintUtility,
    HyperRectangle,
    IntegerIssue,
    LinearAdditive,
    OutcomeSpace,
    Party,
    Preferences,
    Scenario,
)

Y2014 = Path(__file__).resolve().parents[2].parent / "shared" / "scenarios" / "genius" / "anac" / "y2014" / "10issues"


@st.composite
def additive_preferences(draw: st.DrawFn) -> Preferences:
    radices = draw(st.lists(st.integers(1, 5), min_size=1, max_size=5))
    space = OutcomeSpace([IntegerIssue(f"i{k}", 0, r - 1) for k, r in enumerate(radices)])
    weights = [draw(st.floats(0.0, 1.0)) for _ in radices]
    if sum(weights) == 0:
        weights[0] = 1.0
    values = [[draw(st.sampled_from([0.0, 0.25, 0.5, 1.0, draw(st.floats(0, 1))])) for _ in range(r)] for r in radices]
    utility = LinearAdditive.create(space, weights, values, normalize=True)
    red: dict[str, frozenset[int]] = {}
    if draw(st.booleans()):
        j = draw(st.integers(0, len(radices) - 1))
        red[f"i{j}"] = frozenset(draw(st.lists(st.integers(0, radices[j] - 1), max_size=radices[j] - 1)))
    return Preferences(utility, reservation=draw(st.floats(0, 0.5)), red_lines=red)


@settings(max_examples=150, deadline=None)
@given(additive_preferences(), st.floats(-0.1, 1.1), st.booleans())
def test_additive_search_finds_the_least_outcome_at_or_above_the_target(
    prefs: Preferences, target: float, branch_and_bound: bool
) -> None:
    table = SearchTable(prefs)
    assert table.exact  # small spaces: the dynamic programme over distinct utilities
    search = table._additive
    assert search is not None
    if branch_and_bound:
        search.table = None  # what spaces with too many distinct utilities use
    close = CLOSE if branch_and_bound else 1e-9
    every = prefs.space.all()
    u = prefs.evaluate(every)
    red = prefs.crosses_red_line(every)
    allowed = ~red if (~red).any() else np.ones_like(red)
    got = table.at_least(target)
    o = prefs.space.outcome(got)
    assert not prefs.crosses_red_line(np.asarray([o]))[0] or not (~red).any()
    assert table.u_list[got] == pytest.approx(float(prefs(o)), abs=1e-12)
    above = u[allowed & (u >= target - 1e-12)]  # the search counts 4e-12 below as reaching it
    if above.size:
        assert table.u_list[got] >= target - 1e-9
        assert table.u_list[got] <= float(above.min()) + close
    else:
        assert table.u_list[got] == pytest.approx(float(u[allowed].max()), abs=1e-9)
    assert table.u_max == pytest.approx(float(u[allowed].max()), abs=1e-9)
    assert table.u_min == pytest.approx(float(u[allowed].min()), abs=1e-9)
    assert table.red_list[got] == bool(prefs.crosses_red_line(np.asarray([o]))[0])


@st.composite
def constraint_preferences(draw: st.DrawFn) -> Preferences:
    radices = draw(st.lists(st.integers(1, 5), min_size=1, max_size=4))
    space = OutcomeSpace([IntegerIssue(f"i{k}", 0, r - 1) for k, r in enumerate(radices)])
    boxes = []
    for _ in range(draw(st.integers(1, 6))):
        issues = draw(st.lists(st.integers(0, len(radices) - 1), unique=True, max_size=len(radices)))
        bounds = []
        for j in issues:
            lo = draw(st.integers(0, radices[j] - 1))
            bounds.append((j, lo, draw(st.integers(lo, radices[j] - 1))))
        boxes.append(HyperRectangle(tuple(bounds), draw(st.floats(0.5, 20))))
    return Preferences(ConstraintUtility.create(space, boxes))


@settings(max_examples=100, deadline=None)
@given(constraint_preferences(), st.floats(0, 1))
def test_box_search_is_exact_in_utility_and_at_or_above_the_target(prefs: Preferences, target: float) -> None:
    table = SearchTable(prefs)
    u = prefs.evaluate(prefs.space.all())
    assert table.exact_best
    assert table.u_max == pytest.approx(float(u.max()), abs=1e-12)  # positive boxes: the best is exact
    got = table.at_least(target)
    value = float(prefs(prefs.space.outcome(got)))
    assert table.u_list[got] == pytest.approx(value, abs=1e-12)
    assert value >= target - 1e-9 or got == table.best


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(1, 5), min_size=1, max_size=4), st.integers(0, 2**32 - 1))
def test_steepest_ascent_on_a_weighted_sum_is_exact(radices: list[int], seed: int) -> None:
    rng = np.random.default_rng(seed)
    tables = [rng.random((r, 3)) for r in radices]
    w = rng.random(3)

    def score(totals: np.ndarray) -> np.ndarray:
        out: np.ndarray = totals @ w
        return out

    allowed = np.ones(sum(radices), dtype=bool)
    digits, best = ascend(stack(tables), [0] * len(radices), range(len(radices)), score, allowed)
    brute = max(sum(float(t[k] @ w) for t, k in zip(tables, o, strict=True)) for o in np.ndindex(*radices))
    assert best == pytest.approx(brute)
    assert sum(float(t[k] @ w) for t, k in zip(tables, digits, strict=True)) == pytest.approx(brute)


def _large_additive(n_parties: int = 3, issues: int = 9, values: int = 7, reservation: float = 0.35) -> Scenario:
    space = OutcomeSpace([IntegerIssue(f"i{k}", 0, values - 1) for k in range(issues)])
    rng = np.random.default_rng(7)
    parties = []
    for p in range(n_parties):
        u = LinearAdditive.create(space, rng.random(issues), rng.random((issues, values)).tolist(), normalize=True)
        parties.append(Party(f"p{p}", preferences=Preferences(u, reservation=reservation)))
    return Scenario(id="large", space=space, parties=tuple(parties), calendar=Calendar(rounds_per_day=200))


def acceptable_to_all(s: Scenario, agreement: int) -> bool:
    """No red line crossed and every party at or above its reservation value."""
    outcome = s.space.outcome(agreement)
    return all(p.preferences is not None and p.preferences.accepts(outcome) for p in s.negotiators)


def test_large_spaces_get_a_search_table_and_small_ones_an_enumerated_one() -> None:
    s = _large_additive()
    assert s.space.size > MAX_TABLE_OUTCOMES
    assert isinstance(party_table(s.preferences("p0")), SearchTable)
    small = _large_additive(issues=3)
    assert isinstance(party_table(small.preferences("p0")), UtilityTable)


@pytest.mark.parametrize(
    ("protocol", "strategies"),
    [
        ("saop", {}),
        ("single-text", {"mediator": "hill-climber"}),
        ("single-text", {"mediator": "annealing"}),
    ],
)
def test_negotiations_on_a_space_too_large_to_enumerate_respect_reservations(
    protocol: str, strategies: dict[str, str]
) -> None:
    s = _large_additive()
    run = simulate(s, protocol=protocol, strategies=strategies, default_party="boulware")
    assert run.agreement is not None
    assert acceptable_to_all(s, run.agreement)


def test_opponent_model_and_random_play_on_a_large_space() -> None:
    s = _large_additive(n_parties=2)
    for spec in ("opponent-model", "random", "tit-for-tat"):
        run = simulate(s, protocol="saop", strategies={"p0": spec}, default_party="conceder")
        if run.agreement is not None:
            assert acceptable_to_all(s, run.agreement)


def test_anac_2014_constraint_domain_negotiates_without_enumeration() -> None:
    s = load_scenario(Y2014)
    assert s.space.size == 10**10
    for protocol in ("saop", "single-text"):
        mediator = {"mediator": "hill-climber"} if protocol == "single-text" else {}
        run = simulate(s, protocol=protocol, strategies=mediator, config={"n_rounds": 200}, default_party="boulware")
        assert run.agreement is not None
        assert acceptable_to_all(s, run.agreement)


def test_accord_run_on_an_anac_2014_domain() -> None:
    result = CliRunner().invoke(app, ["run", str(Y2014), "--protocol", "saop", "-s", "boulware", "--json"])
    assert result.exception is None, result.output
    doc = json.loads(result.output)
    assert doc["agreement"] is True
    assert all(p["utility"] >= p["reservation"] for p in doc["parties"])
