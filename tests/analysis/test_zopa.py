"""Zone of possible agreement: exact counts against enumeration, bounds when out of reach."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from analysis_domains import acceptable, build, grid_scenarios, random_scenario
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from accord.analysis import zopa
from accord.analysis.counting import bound_by_programme, count_by_halves, count_by_programme
from accord.model import Scenario


def brute_count(scenario: Scenario, parties: list[str] | None = None) -> int:
    every = scenario.space.all()
    return int(acceptable(scenario, every, parties).sum())


@settings(max_examples=100, deadline=None)
@given(grid_scenarios())
def test_count_by_dynamic_programming_equals_enumeration(scenario: Scenario) -> None:
    z = zopa(scenario)
    expected = brute_count(scenario)
    assert z.method == "dynamic programming"
    assert z.exact and z.count == expected and z.low == z.high == expected
    assert z.fraction == expected / scenario.space.size
    assert z.empty is (expected == 0)
    for r in z.representatives:
        assert acceptable(scenario, np.array([r.outcome]))[0]


@settings(max_examples=30, deadline=None)
@given(grid_scenarios(opaque=True, parties=(2, 3)))
def test_count_by_enumeration_for_other_utilities(scenario: Scenario) -> None:
    z = zopa(scenario)
    assert z.exact and z.count == brute_count(scenario)


@settings(max_examples=40, deadline=None)
@given(grid_scenarios())
def test_bounds_when_the_programme_is_capped(scenario: Scenario) -> None:
    z = zopa(scenario, max_states=1, limit=0)
    expected = brute_count(scenario)
    assert z.low <= expected <= z.high
    if not z.exact:
        assert z.method == "bounds" and z.count is None and z.fraction is None
        lo, hi = z.fraction_bounds
        assert lo <= expected / scenario.space.size <= hi


@pytest.mark.parametrize("n_parties", [2, 3])
def test_continuous_preferences(n_parties: int) -> None:
    scenario = random_scenario(np.random.default_rng(n_parties), n_parties, [7, 8, 9, 6], reservation=0.45)
    z = zopa(scenario)
    assert z.exact and z.count == brute_count(scenario)


def test_large_additive_space_is_counted_exactly() -> None:
    # 10^10 packages, far beyond enumeration: counted by meeting in the middle, checked
    # against the same domain with its issues reversed (another split, same count)
    rng = np.random.default_rng(11)
    scenario = random_scenario(rng, 2, [10] * 10, reservation=0.5)
    z = zopa(scenario)
    assert z.exact and z.method in ("meet in the middle", "dynamic programming")
    assert z.count is not None and 0 < z.count < scenario.space.size
    utilities = [scenario.preferences(p).utility for p in ("p0", "p1")]
    flipped = build(
        [10] * 10,
        [list(reversed(u.weights)) for u in utilities],  # type: ignore[attr-defined]
        [list(reversed(u.values)) for u in utilities],  # type: ignore[attr-defined]
        reservations=[0.5, 0.5],
    )
    assert zopa(flipped).count == z.count
    estimate = zopa(scenario, max_states=10, max_half=10, rng=np.random.default_rng(0), samples=20_000)
    assert not estimate.exact and estimate.estimate is not None
    assert abs(estimate.estimate - z.count / scenario.space.size) < 0.02
    assert estimate.low <= z.count <= estimate.high


@settings(max_examples=60, deadline=None)
@given(
    st.integers(1, 2).flatmap(
        lambda d: st.lists(
            st.tuples(
                hnp.arrays(np.int64, st.tuples(st.integers(1, 4), st.just(d)), elements=st.integers(0, 6)),
                st.integers(1, 10**6),
            ),
            min_size=1,
            max_size=6,
        )
    ),
    st.integers(0, 30),
    st.integers(0, 30),
)
def test_meet_in_the_middle_counts_exactly(issues: list[tuple[np.ndarray, int]], f0: int, f1: int) -> None:
    vectors = [v for v, _ in issues]
    mults = [np.full(v.shape[0], m, dtype=np.int64) for v, m in issues]  # huge multiplicities
    d = vectors[0].shape[1]
    floor = np.array([f0, f1][:d], dtype=np.int64)
    expected = 0
    for combo in itertools.product(*(range(v.shape[0]) for v in vectors)):
        total = sum(v[k] for v, k in zip(vectors, combo, strict=True))
        if np.all(total >= floor):
            expected += math.prod(int(m[k]) for m, k in zip(mults, combo, strict=True))
    assert count_by_halves(vectors, mults, floor, max_half=1 << 20) == expected
    low, high, _ = count_by_programme(vectors, mults, floor, max_states=1 << 20)
    assert low == high == expected


@settings(max_examples=60, deadline=None)
@given(
    st.integers(1, 3).flatmap(
        lambda d: st.lists(
            hnp.arrays(np.int64, st.tuples(st.integers(1, 5), st.just(d)), elements=st.integers(0, 50)),
            min_size=1,
            max_size=6,
        )
    ),
    st.lists(st.integers(0, 200), min_size=3, max_size=3),
    st.integers(1, 20),
)
def test_grid_bounds_bracket_the_count(vectors: list[np.ndarray], floors: list[int], cap: int) -> None:
    mults = [np.ones(v.shape[0], dtype=np.int64) for v in vectors]
    floor = np.array(floors[: vectors[0].shape[1]], dtype=np.int64)
    expected = sum(
        1
        for combo in itertools.product(*(range(v.shape[0]) for v in vectors))
        if np.all(sum(v[k] for v, k in zip(vectors, combo, strict=True)) >= floor)
    )
    low = bound_by_programme(vectors, mults, floor, cap, upper=False)
    high = bound_by_programme(vectors, mults, floor, cap, upper=True)
    assert low <= expected <= high
    if math.prod(v.shape[0] for v in vectors) <= cap:
        assert low == expected == high


def test_red_lines_and_empty_zone() -> None:
    values = [[[0, 1], [0, 0.5, 1]], [[1, 0], [1, 0.5, 0]]]
    scenario = build([2, 3], [[0.5, 0.5], [0.5, 0.5]], values, reservations=[0.8, 0.8])
    z = zopa(scenario)
    assert z.count == 0 and z.empty is True and z.representatives == ()
    blocked = build([2], [[1.0], [1.0]], [[[0, 1]], [[1, 0]]], red_lines=[{"i0": {"o0"}}, {"i0": {"o1"}}])
    assert zopa(blocked).count == 0


def test_representatives_and_dict() -> None:
    scenario = build([3, 3], [[0.5, 0.5], [0.5, 0.5]], [[[0, 0.5, 1], [0, 0.5, 1]], [[1, 0.5, 0], [0.5, 1, 0]]])
    z = zopa(scenario)
    names = [r.name for r in z.representatives]
    assert any("best for p0" in n for n in names) and any("balanced" in n for n in names)
    d = z.to_dict()
    assert d["count"] == 9 and d["exact"] is True and len(d["representatives"]) == len(names)  # type: ignore[arg-type]
