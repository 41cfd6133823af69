"""The Pareto frontier against brute-force enumeration, on random domains with many ties."""

from __future__ import annotations

import time

import numpy as np
import pytest
from analysis_domains import as_set, brute_frontier, build, grid_scenarios, random_scenario, utilities
from hypothesis import given, settings

from accord.analysis import Frontier, pareto_frontier, sample_frontier
from accord.errors import AnalysisError, SpaceTooLargeError
from accord.model import Scenario


def assert_matches_oracle(f: Frontier, scenario: Scenario, *, acceptable: bool) -> None:
    outcomes, _ = brute_frontier(scenario, acceptable_only=acceptable, parties=f.parties)
    assert as_set(f.outcomes) == as_set(outcomes)
    assert len(f) == outcomes.shape[0]  # every outcome once, ties included
    assert np.allclose(f.utilities, scenario.utilities(f.outcomes, f.parties), atol=0, rtol=0)
    assert f.exact


@settings(max_examples=120, deadline=None)
@given(grid_scenarios())
def test_additive_frontier_equals_oracle(scenario: Scenario) -> None:
    for acceptable in (False, True):
        f = pareto_frontier(scenario, acceptable=acceptable)
        assert f.method == "additive"
        assert_matches_oracle(f, scenario, acceptable=acceptable)


@settings(max_examples=40, deadline=None)
@given(grid_scenarios(parties=(2, 4), opaque=True))
def test_enumerated_frontier_equals_oracle(scenario: Scenario) -> None:
    for acceptable in (False, True):
        f = pareto_frontier(scenario, acceptable=acceptable)
        assert_matches_oracle(f, scenario, acceptable=acceptable)


@pytest.mark.parametrize(("n_parties", "radices"), [(2, [10, 10, 6, 5]), (3, [6, 7, 5, 9]), (5, [5, 4, 6, 5])])
def test_continuous_preferences_equal_oracle(n_parties: int, radices: list[int]) -> None:
    rng = np.random.default_rng(n_parties)
    scenario = random_scenario(rng, n_parties, radices, reservation=0.3)
    for acceptable in (False, True):
        assert_matches_oracle(pareto_frontier(scenario, acceptable=acceptable), scenario, acceptable=acceptable)


def sweep_frontier(scenario: Scenario) -> set[tuple[int, ...]]:
    """Two-party oracle in plain Python: by first utility descending, ties kept."""
    every = scenario.space.all()
    u = utilities(scenario, every)
    order = np.lexsort((-u[:, 1], -u[:, 0]))
    keep: list[int] = []
    best = -np.inf
    for i in order:
        if u[i, 1] > best or (keep and u[i, 0] == u[keep[-1], 0] and u[i, 1] == u[keep[-1], 1]):
            keep.append(int(i))
            best = max(best, u[i, 1])
    return as_set(every[keep])


@settings(max_examples=12, deadline=None)
@given(grid_scenarios(parties=(2, 2), issues=(4, 6), options=(4, 6), with_red_lines=False, with_reservations=False))
def test_two_party_frontier_of_larger_spaces_with_ties(scenario: Scenario) -> None:
    assert as_set(pareto_frontier(scenario).outcomes) == sweep_frontier(scenario)


def test_two_party_frontier_of_a_hundred_thousand_packages() -> None:
    scenario = random_scenario(np.random.default_rng(3), 2, [10] * 5)
    f = pareto_frontier(scenario)
    every = scenario.space.all()
    u = scenario.utilities(every)
    # plain sweep: by first utility descending (second descending on ties), keep strict records
    order = np.lexsort((-u[:, 1], -u[:, 0]))
    best, keep = -np.inf, []
    for i in order:
        if u[i, 1] > best:
            keep.append(int(i))
            best = u[i, 1]
    assert as_set(f.outcomes) == as_set(every[keep])


def test_sorted_by_utilities_then_package() -> None:
    scenario = build([3, 3], [[0.5, 0.5], [0.5, 0.5]], [[[0, 1, 1], [1, 0, 0]], [[1, 0, 0], [0, 1, 1]]])
    f = pareto_frontier(scenario)
    rows = [(*f.utilities[i], *f.outcome(i)) for i in range(len(f))]
    assert rows == sorted(rows)
    assert len(f) == 9  # every package ties with another or trades off: all are optimal


def test_exact_ties_are_all_listed() -> None:
    # issue i1 does not matter to anyone: every frontier package appears with each of its 4 options
    scenario = build([3, 4], [[1.0, 0.0], [1.0, 0.0]], [[[0, 0.5, 1], [0] * 4], [[1, 0.5, 0], [0] * 4]])
    f = pareto_frontier(scenario)
    assert len(f) == 12
    assert f.n_points == 3


def test_tie_explosion_is_refused_with_a_clear_error() -> None:
    # eight issues nobody cares about: each frontier package ties with 10^8 others
    radices = [2] + [10] * 8
    weights = [[1.0] + [0.0] * 8, [1.0] + [0.0] * 8]
    values = [[[0, 1]] + [[0] * 10] * 8, [[1, 0]] + [[0] * 10] * 8]
    scenario = build(radices, weights, values)
    with pytest.raises(AnalysisError, match="max_outcomes"):
        pareto_frontier(scenario)
    small = build([2, 10, 10], [[1.0, 0, 0], [1.0, 0, 0]], [[[0, 1], [0] * 10, [0] * 10], [[1, 0], [0] * 10, [0] * 10]])
    f = pareto_frontier(small)
    assert len(f) == 200 and f.n_points == 2


def test_red_lines_change_the_set_not_just_filter_it() -> None:
    # p0's red line forbids the option that dominates everything else on i0
    scenario = build(
        [2, 2],
        [[0.5, 0.5], [0.5, 0.5]],
        [[[0, 1], [0, 1]], [[0, 1], [1, 0]]],
        red_lines=[{"i0": {"o1"}}, {}],
    )
    full = pareto_frontier(scenario)
    acc = pareto_frontier(scenario, acceptable=True)
    assert all(o[0] == 0 for o in as_set(acc.outcomes))
    assert not as_set(acc.outcomes) <= as_set(full.outcomes)
    assert_matches_oracle(acc, scenario, acceptable=True)


def test_huge_additive_space_in_milliseconds() -> None:
    scenario = random_scenario(np.random.default_rng(1), 2, [10] * 30)  # 10^30 packages
    start = time.perf_counter()
    f = pareto_frontier(scenario)
    assert time.perf_counter() - start < 5.0  # generous: shared CI machines; typically ~10 ms
    assert f.method == "additive" and f.evaluated == 0 and len(f) > 10
    u = scenario.utilities(f.outcomes)
    assert np.allclose(f.utilities, u)
    assert np.all(np.diff(u[:, 0]) >= 0) and np.all(np.diff(u[:, 1]) <= 0)  # a 2-D staircase


def test_non_additive_space_too_large_is_refused_not_exhausted() -> None:
    scenario = random_scenario(np.random.default_rng(1), 2, [10] * 3)
    opaque = build([10] * 3, [[1 / 3] * 3] * 2, [[[0.1 * k for k in range(10)]] * 3] * 2, opaque=[True, False])
    with pytest.raises(SpaceTooLargeError) as err:
        pareto_frontier(opaque, limit=999)
    assert err.value.size == 1000 and err.value.limit == 999
    assert len(pareto_frontier(scenario, limit=1))  # additive: never enumerated


def test_sampling_is_seeded_approximate_and_sound() -> None:
    scenario = build(
        [10] * 4,
        [[0.25] * 4, [0.25] * 4, [0.1, 0.2, 0.3, 0.4]],
        [
            [[k / 9 for k in range(10)]] * 4,
            [[1 - k / 9 for k in range(10)]] * 4,
            [[(k % 3) / 2 for k in range(10)]] * 4,
        ],
        opaque=[True, True, True],
        reservations=[0.2, 0.2, 0.1],
    )
    a = sample_frontier(scenario, samples=3000, rng=np.random.default_rng(5))
    b = sample_frontier(scenario, samples=3000, rng=np.random.default_rng(5))
    assert not a.exact and a.method == "sampling" and a.evaluated == 3000
    assert np.array_equal(a.outcomes, b.outcomes)
    exact = pareto_frontier(scenario)
    # no sampled package dominates an exact frontier package (compared as exact keys:
    # packages tied in truth can differ in the last bit of their float utilities)
    for k in a.keys:
        assert not np.any(np.all(k >= exact.keys, axis=1) & np.any(k > exact.keys, axis=1))
    assert as_set(a.outcomes) & as_set(exact.outcomes)
    acc = sample_frontier(scenario, samples=3000, rng=np.random.default_rng(5), acceptable=True)
    assert acc.acceptable and all(scenario.preferences(p).accepts(o) for o in acc.outcomes for p in acc.parties)
    with pytest.raises(AnalysisError, match="Generator"):
        sample_frontier(scenario, samples=10, rng=5)  # type: ignore[arg-type]


def test_parties_and_mediator_selection() -> None:
    scenario = build(
        [3, 3],
        [[0.5, 0.5]] * 3,
        [[[0, 0.5, 1], [1, 0.5, 0]], [[1, 0.5, 0], [0, 0.5, 1]], [[0, 1, 0], [0, 1, 0]]],
        mediator=True,
    )
    assert pareto_frontier(scenario).parties == ("p0", "p1")
    with_mediator = pareto_frontier(scenario, include_mediator=True)
    assert with_mediator.parties == ("p0", "p1", "p2")
    assert_matches_oracle(with_mediator, scenario, acceptable=False)
    assert pareto_frontier(scenario, ["p1", "p0"]).parties == ("p1", "p0")
    with pytest.raises(AnalysisError, match="no party"):
        pareto_frontier(scenario, ["p0", "nobody"])
    with pytest.raises(AnalysisError, match="at least two"):
        pareto_frontier(scenario, ["p0"])


def test_frontier_is_read_only_and_labelled() -> None:
    scenario = build([2, 2], [[0.5, 0.5], [0.5, 0.5]], [[[0, 1], [0, 1]], [[1, 0], [0, 1]]])
    f = pareto_frontier(scenario)
    with pytest.raises(ValueError, match="read-only"):
        f.outcomes[0, 0] = 1
    assert set(f.package(0)) == {"i0", "i1"}
    assert set(f.utility(0)) == {"p0", "p1"}
    assert np.allclose(f.ideal, [1.0, 1.0])


def test_a_frontier_too_large_to_merge_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    import accord.analysis.additive as additive

    monkeypatch.setattr(additive, "MAX_CANDIDATES", 50)
    scenario = random_scenario(np.random.default_rng(2), 3, [10] * 4)
    with pytest.raises(AnalysisError, match="sample_frontier"):
        pareto_frontier(scenario)


def assert_counted_equals_listed(scenario: Scenario, *, acceptable: bool) -> None:
    listed = pareto_frontier(scenario, acceptable=acceptable)
    counted = pareto_frontier(scenario, acceptable=acceptable, ties=False)
    assert (listed.ties_listed and not counted.ties_listed) or listed.is_empty
    assert counted.n_outcomes == listed.n_outcomes == len(listed)
    assert counted.n_points == listed.n_points == len(counted)
    if listed.is_empty:
        return
    # one row per distinct vector: the first of its tied outcomes in the listed (sorted) frontier
    first = [0] + [i for i in range(1, len(listed)) if (listed.keys[i] != listed.keys[i - 1]).any()]
    assert np.array_equal(counted.outcomes, listed.outcomes[first])
    assert np.array_equal(counted.keys, listed.keys[first])
    assert np.array_equal(counted.counts, np.diff([*first, len(listed)]))


@settings(max_examples=120, deadline=None)
@given(grid_scenarios())
def test_counted_ties_give_the_listed_frontier(scenario: Scenario) -> None:
    for acceptable in (False, True):
        assert_counted_equals_listed(scenario, acceptable=acceptable)


@settings(max_examples=30, deadline=None)
@given(grid_scenarios(parties=(2, 4), opaque=True))
def test_counted_ties_of_an_enumerated_frontier(scenario: Scenario) -> None:
    for acceptable in (False, True):
        assert_counted_equals_listed(scenario, acceptable=acceptable)


def test_counted_ties_beyond_the_listing_limit() -> None:
    # 2 distinct vectors, each with 10^8 tied outcomes: listing is refused, counting is not
    radices = [2] + [10] * 8
    weights = [[1.0] + [0.0] * 8, [1.0] + [0.0] * 8]
    values = [[[0, 1]] + [[0] * 10] * 8, [[1, 0]] + [[0] * 10] * 8]
    f = pareto_frontier(build(radices, weights, values), ties=False)
    assert f.n_points == 2 and f.n_outcomes == 2 * 10**8
    assert [list(o) for o in f.outcomes] == [[0] + [0] * 8, [1] + [0] * 8]
