"""The ε-frontier against brute force: exact when nothing is thinned, and within the
reported ε of every Pareto-optimal package otherwise (3–6 parties, many exact ties)."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.analysis.epsilon import epsilon_points, grid_thinning
from accord.errors import AnalysisError


@st.composite
def additive_problems(draw: st.DrawFn) -> list[np.ndarray]:
    """Per-issue contribution keys; small integers, so ties are frequent."""
    parties = draw(st.integers(3, 6))
    issues = draw(st.integers(1, 4))
    top = draw(st.sampled_from([2, 4, 50]))
    return [
        np.array(
            draw(st.lists(st.lists(st.integers(0, top), min_size=parties, max_size=parties), min_size=1, max_size=5)),
            dtype=np.int64,
        )
        for _ in range(issues)
    ]


def brute(keys: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Every package and its key vector, and the mask of the Pareto-optimal ones."""
    packages = np.array(list(itertools.product(*(range(k.shape[0]) for k in keys))), dtype=np.int64)
    vectors = sum(k[packages[:, j]] for j, k in enumerate(keys))
    assert isinstance(vectors, np.ndarray)
    ge = np.all(vectors[None, :, :] >= vectors[:, None, :], axis=2)
    gt = np.any(vectors[None, :, :] > vectors[:, None, :], axis=2)
    return vectors, ~np.any(ge & gt, axis=1)


def vectors_of(keys: list[np.ndarray], outcomes: np.ndarray) -> np.ndarray:
    return np.asarray(sum(k[outcomes[:, j]] for j, k in enumerate(keys)), dtype=np.int64)


@settings(max_examples=150, deadline=None)
@given(additive_problems())
def test_nothing_thinned_is_the_exact_frontier(keys: list[np.ndarray]) -> None:
    vectors, optimal = brute(keys)
    front = epsilon_points(keys, max_points=10_000)
    assert front.exact and front.epsilon == 0.0
    assert {tuple(v) for v in front.points.tolist()} == {tuple(v) for v in vectors[optimal].tolist()}
    assert len({tuple(v) for v in front.points.tolist()}) == front.points.shape[0]  # one package per vector
    np.testing.assert_array_equal(vectors_of(keys, front.outcomes), front.points)


@settings(max_examples=150, deadline=None)
@given(additive_problems(), st.integers(1, 4))
def test_thinned_front_covers_every_optimal_package_within_epsilon(keys: list[np.ndarray], cap: int) -> None:
    vectors, optimal = brute(keys)
    front = epsilon_points(keys, max_points=cap)
    # real packages with the keys reported, mutually non-dominated
    np.testing.assert_array_equal(vectors_of(keys, front.outcomes), front.points)
    _, inner = brute_set(front.points)
    assert inner.all()
    # the guarantee: every Pareto-optimal vector x has a returned y > x - epsilon everywhere
    eps = front.epsilon_keys
    for x in vectors[optimal]:
        covered = np.all(front.points > x - eps, axis=1) if eps else np.all(front.points == x, axis=1)
        assert covered.any(), (x.tolist(), front.points.tolist(), eps)


def brute_set(points: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    ge = np.all(points[None, :, :] >= points[:, None, :], axis=2)
    gt = np.any(points[None, :, :] > points[:, None, :], axis=2)
    return points, ~np.any(ge & gt, axis=1)


def test_grid_thinning_keeps_a_close_row_for_every_dropped_row() -> None:
    rng = np.random.default_rng(7)
    points = rng.integers(0, 1000, size=(500, 4))
    chosen, delta = grid_thinning(points, 50)
    assert 0 < chosen.shape[0] <= 50 and delta > 0
    assert np.all(np.diff(chosen) > 0)
    kept = points[chosen]
    for row in points:
        assert np.any(np.all(kept > row - delta, axis=1))
    same, none = grid_thinning(points, 500)
    assert none == 0 and same.shape[0] == 500


def test_six_parties_ten_issues_report_their_epsilon() -> None:
    rng = np.random.default_rng(0)
    keys = [rng.integers(0, 10**6, size=(10, 6)) for _ in range(10)]
    front = epsilon_points(keys, max_points=256)
    assert not front.exact and front.epsilon_keys > 0
    assert front.points.shape[0] <= 256
    np.testing.assert_array_equal(vectors_of(keys, front.outcomes), front.points)


def test_max_points_must_be_positive() -> None:
    with pytest.raises(AnalysisError, match="max_points must be at least 1"):
        epsilon_points([np.zeros((2, 3), dtype=np.int64)], max_points=0)
