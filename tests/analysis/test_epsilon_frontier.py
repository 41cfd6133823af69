"""The ε-frontier against brute force: exact when nothing is thinned, and within the
reported ε of every Pareto-optimal package otherwise (3–6 parties, many exact ties), and
against the exact merge on a 5-party domain of 10^6 packages."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from accord.analysis.additive import additive_points
from accord.analysis.epsilon import box_thinning, epsilon_points
from accord.analysis.keys import SCALE
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


UNIT = int(SCALE) // 100  # a key unit of 0.01 in utility


def covered(points: np.ndarray, targets: np.ndarray, eps_keys: int) -> np.ndarray:
    """For each target x: whether some point y has y > x - eps_keys in every coordinate."""
    out = np.zeros(targets.shape[0], dtype=bool)
    for start in range(0, targets.shape[0], 512):
        block = targets[start : start + 512]
        out[start : start + 512] = np.any(np.all(points[None] > block[:, None] - eps_keys, axis=2), axis=1)
    return out


@settings(max_examples=150, deadline=None)
@given(additive_problems())
def test_nothing_thinned_is_the_exact_frontier(keys: list[np.ndarray]) -> None:
    vectors, optimal = brute(keys)
    front = epsilon_points(keys, exact_below=10_000)
    assert front.exact and front.epsilon == 0.0
    assert {tuple(v) for v in front.points.tolist()} == {tuple(v) for v in vectors[optimal].tolist()}
    assert len({tuple(v) for v in front.points.tolist()}) == front.points.shape[0]  # one package per vector
    np.testing.assert_array_equal(vectors_of(keys, front.outcomes), front.points)


@settings(max_examples=150, deadline=None)
@given(additive_problems(), st.integers(1, 30), st.integers(0, 20))
def test_thinned_front_covers_every_optimal_package_within_epsilon(
    keys: list[np.ndarray], cap: int, budget: int
) -> None:
    keys = [k * UNIT for k in keys]
    vectors, optimal = brute(keys)
    front = epsilon_points(keys, epsilon=budget / 100, exact_below=cap)
    assert front.epsilon <= budget / 100 + 1e-12
    # real packages with the keys reported, distinct and mutually non-dominated
    np.testing.assert_array_equal(vectors_of(keys, front.outcomes), front.points)
    assert len({tuple(v) for v in front.points.tolist()}) == front.points.shape[0]
    _, inner = brute_set(front.points)
    assert inner.all()
    # the guarantee: every Pareto-optimal vector x has a returned y > x - epsilon everywhere
    eps = front.epsilon_keys
    if eps:
        assert covered(front.points, vectors[optimal], eps).all(), (front.points.tolist(), eps)
    else:
        assert {tuple(v) for v in front.points.tolist()} == {tuple(v) for v in vectors[optimal].tolist()}


def brute_set(points: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    ge = np.all(points[None, :, :] >= points[:, None, :], axis=2)
    gt = np.any(points[None, :, :] > points[:, None, :], axis=2)
    return points, ~np.any(ge & gt, axis=1)


@settings(max_examples=60, deadline=None)
@given(
    st.integers(2, 5).flatmap(
        lambda d: hnp.arrays(np.int64, st.tuples(st.integers(1, 200), st.just(d)), elements=st.integers(0, 40))
    ),
    st.integers(1, 15),
)
def test_box_thinning_keeps_a_close_row_for_every_row(points: np.ndarray, delta: int) -> None:
    chosen = box_thinning(points, delta)
    assert np.all(np.diff(chosen) > 0)
    kept = points[chosen]
    assert covered(kept, points, delta).all()
    assert len({tuple(r) for r in kept.tolist()}) == kept.shape[0]
    _, inner = brute_set(kept)
    assert inner.all()


def test_many_parties_domain_covered_within_the_reported_epsilon() -> None:
    # 5 parties x 6 issues x 10 values, random weights and values: 10^6 packages, an exact
    # frontier of thousands of points, thinned after the third issue
    rng = np.random.default_rng(3)
    weights = rng.random((5, 6))
    weights /= weights.sum(axis=1, keepdims=True)
    values = rng.random((5, 6, 10))
    values /= values.max(axis=2, keepdims=True)
    keys = [np.rint((weights[:, j, None] * values[:, j, :]).T * SCALE).astype(np.int64) for j in range(6)]
    _, exact, _ = additive_points(keys)
    front = epsilon_points(keys, epsilon=0.05, exact_below=2000)
    assert not front.exact and 0 < front.epsilon <= 0.05
    assert front.points.shape[0] < exact.shape[0] // 2
    np.testing.assert_array_equal(vectors_of(keys, front.outcomes), front.points)
    assert covered(front.points, exact, front.epsilon_keys).all()
    # and the guarantee is not vacuous: a smaller margin leaves some frontier point uncovered
    assert not covered(front.points, exact, 1).all()


def test_bad_arguments_are_refused() -> None:
    with pytest.raises(AnalysisError, match="epsilon must be between 0 and 1"):
        epsilon_points([np.zeros((2, 3), dtype=np.int64)], epsilon=1.5)
    with pytest.raises(AnalysisError, match="exact_below must be at least 1"):
        epsilon_points([np.zeros((2, 3), dtype=np.int64)], exact_below=0)
    with pytest.raises(AnalysisError, match="box side"):
        box_thinning(np.zeros((2, 3), dtype=np.int64), 0)
