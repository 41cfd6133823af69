"""Two parties over a small space: the meet-in-the-middle frontier against the merge and brute force."""

from __future__ import annotations

from unittest import mock

import numpy as np
import pytest
from analysis_domains import as_set, brute_frontier, build, grid_scenarios
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.analysis import pair, pareto, pareto_frontier
from accord.analysis.panel import select_parties
from accord.model import LinearAdditive, Scenario


def merged(scenario: Scenario, *, acceptable: bool) -> pareto.Frontier:
    """The same frontier by the issue-by-issue merge (the pair path switched off)."""
    with mock.patch.object(pareto, "SMALL_PAIR_SPACE", 0):
        return pareto_frontier(scenario, acceptable=acceptable)


def assert_same(a: pareto.Frontier, b: pareto.Frontier) -> None:
    assert np.array_equal(a.outcomes, b.outcomes)
    assert np.array_equal(a.keys, b.keys)
    assert np.array_equal(a.utilities, b.utilities)  # the same additions, bit for bit


@pytest.mark.parametrize("listed", [0, 10**6], ids=["numpy", "python"])
@settings(max_examples=60, deadline=None)
@given(grid_scenarios(parties=(2, 2), issues=(1, 5), options=(1, 5)))
def test_pair_path_equals_the_merge_and_the_oracle(listed: int, scenario: Scenario) -> None:
    for acceptable in (False, True):
        with mock.patch.object(pair, "_LISTED", listed):  # the packages left: listed with numpy / Python
            f = pareto_frontier(scenario, acceptable=acceptable)
        assert_same(f, merged(scenario, acceptable=acceptable))
        outcomes, _ = brute_frontier(scenario, acceptable_only=acceptable, parties=f.parties)
        assert as_set(f.outcomes) == as_set(outcomes)
        assert np.array_equal(f.utilities, scenario.utilities(f.outcomes, f.parties))


def opposed(n_issues: int, n_options: int, seed: int) -> Scenario:
    """Every option trades one party's utility for the other's: nothing is dominated in its issue."""
    rng = np.random.default_rng(seed)
    values = np.sort(rng.random((n_issues, n_options)), axis=1)
    w0, w1 = rng.random(n_issues), rng.random(n_issues)
    return build(
        [n_options] * n_issues,
        [list(w0 / w0.sum()), list(w1 / w1.sum())],
        [values.tolist(), (1 - values).tolist()],
    )


def test_halves_are_paired_when_the_options_left_are_many() -> None:
    scenario = opposed(4, 7, seed=5)  # 2,401 packages, every option kept: enumerated in halves
    with mock.patch.object(pair, "_halves", wraps=pair._halves) as halves:
        f = pareto_frontier(scenario)
    assert halves.call_count == 1
    assert_same(f, merged(scenario, acceptable=False))
    outcomes, _ = brute_frontier(scenario, acceptable_only=False, parties=f.parties)
    assert as_set(f.outcomes) == as_set(outcomes)


def test_too_many_pairs_fall_back_to_the_merge() -> None:
    scenario = opposed(4, 7, seed=6)
    utilities = [p.utility for p in select_parties(scenario).preferences]
    assert all(isinstance(u, LinearAdditive) for u in utilities)
    with mock.patch.object(pair, "_MAX_PAIRS", 1):
        assert pair.pair_front(utilities, max_outcomes=10**6) is None  # type: ignore[arg-type]
        f = pareto_frontier(scenario)
    assert_same(f, merged(scenario, acceptable=False))


def test_ties_beyond_max_outcomes_fall_back_to_the_merge_error() -> None:
    # issue i1 matters to nobody: each of the 2 frontier points ties 50 times
    scenario = build([2, 50], [[1.0, 0.0], [1.0, 0.0]], [[[0, 1], [0] * 50], [[1, 0], [0] * 50]])
    utilities = [p.utility for p in select_parties(scenario).preferences]
    assert pair.pair_front(utilities, max_outcomes=99) is None  # type: ignore[arg-type]
    assert len(pareto_frontier(scenario)) == 100


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 4), st.integers(0, 4)), min_size=1, max_size=30))
def test_maxima_sweep_keeps_exactly_the_undominated_points(rows: list[tuple[int, int]]) -> None:
    points = np.array([complex(x, y) for x, y in rows])
    kept = pair._maxima(points)
    xy = np.array(rows)
    ge = np.all(xy[None, :, :] >= xy[:, None, :], axis=2)
    gt = np.any(xy[None, :, :] > xy[:, None, :], axis=2)
    undominated = np.flatnonzero(~np.any(ge & gt, axis=1))
    assert sorted(kept.tolist()) == undominated.tolist()
    assert np.all(np.diff(xy[kept, 0]) >= 0)  # by the first key


def test_more_than_eight_issues() -> None:
    scenario = opposed(10, 2, seed=7)  # the issues are told apart without shifting the keys
    f = pareto_frontier(scenario)
    assert_same(f, merged(scenario, acceptable=False))
    outcomes, _ = brute_frontier(scenario, acceptable_only=False, parties=f.parties)
    assert as_set(f.outcomes) == as_set(outcomes)
