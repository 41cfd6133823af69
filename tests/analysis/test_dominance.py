"""Non-dominated filters against a pairwise oracle, on integer grids (ties) and floats."""

from __future__ import annotations

import numpy as np
import pytest
from analysis_domains import pareto_mask
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from accord.analysis import dominance
from accord.analysis.dominance import dominated_by, non_dominated, non_dominated_distinct

points_int = st.integers(1, 6).flatmap(
    lambda d: hnp.arrays(np.int64, st.tuples(st.integers(0, 300), st.just(d)), elements=st.integers(0, 4))
)


def dominated_oracle(targets: np.ndarray, dominators: np.ndarray) -> np.ndarray:
    """Pairwise: which targets some dominator dominates (>= everywhere, > somewhere)."""
    if not dominators.shape[0] or not targets.shape[0]:
        return np.zeros(targets.shape[0], dtype=bool)
    ge = np.all(dominators[None] >= targets[:, None], axis=2)
    gt = np.any(dominators[None] > targets[:, None], axis=2)
    found: np.ndarray = (ge & gt).any(axis=1)
    return found


@settings(max_examples=150, deadline=None)
@given(points_int)
def test_non_dominated_matches_pairwise_oracle(points: np.ndarray) -> None:
    assert np.array_equal(non_dominated(points), pareto_mask(points))


@settings(max_examples=60, deadline=None)
@given(
    st.integers(1, 5).flatmap(
        lambda d: hnp.arrays(
            np.float64,
            st.tuples(st.integers(0, 200), st.just(d)),
            elements=st.floats(0, 1, allow_nan=False, width=32),
        )
    )
)
def test_non_dominated_on_floats(points: np.ndarray) -> None:
    assert np.array_equal(non_dominated(points), pareto_mask(points))


@settings(max_examples=80, deadline=None)
@given(points_int, st.data())
def test_dominated_by_matches_pairwise_oracle(targets: np.ndarray, data: st.DataObject) -> None:
    d = targets.shape[1]
    dominators = data.draw(hnp.arrays(np.int64, st.tuples(st.integers(0, 200), st.just(d)), elements=st.integers(0, 4)))
    assert np.array_equal(dominated_by(targets, dominators), dominated_oracle(targets, dominators))


@settings(max_examples=80, deadline=None)
@given(points_int)
def test_distinct_groups_the_non_dominated_rows(points: np.ndarray) -> None:
    kept, member, distinct = non_dominated_distinct(points)
    assert sorted(kept.tolist()) == np.flatnonzero(pareto_mask(points)).tolist()
    assert np.array_equal(points[kept], distinct[member])
    assert len({tuple(r) for r in distinct.tolist()}) == distinct.shape[0]
    if distinct.shape[0] == kept.shape[0]:
        assert np.array_equal(member, np.arange(kept.shape[0]))


@settings(max_examples=120, deadline=None)
@given(
    st.integers(3, 6).flatmap(
        lambda d: hnp.arrays(np.int64, st.tuples(st.integers(0, 300), st.just(d)), elements=st.integers(0, 4))
    ),
    st.integers(1, 8),
    st.data(),
)
def test_divide_and_conquer_down_to_tiny_leaves_stays_exact(points: np.ndarray, leaf: int, data: st.DataObject) -> None:
    # the recursion runs on large sets only; here it is forced onto small tie-heavy ones
    d = points.shape[1]
    dominators = data.draw(hnp.arrays(np.int64, st.tuples(st.integers(0, 200), st.just(d)), elements=st.integers(0, 4)))
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(dominance, "_SELF_LEAF", leaf)
        mp.setattr(dominance, "_BRUTE_PAIRS", leaf)
        mp.setattr(dominance, "_BLOCK", leaf)
        kept, member, distinct = non_dominated_distinct(points)
        cross = dominated_by(points, dominators)
    assert sorted(kept.tolist()) == np.flatnonzero(pareto_mask(points)).tolist()
    assert np.array_equal(points[kept], distinct[member])
    assert np.array_equal(cross, dominated_oracle(points, dominators))


def test_large_three_dimensional_set_uses_divide_and_conquer() -> None:
    rng = np.random.default_rng(7)
    # points near the simplex surface: most are non-dominated, the recursion must split
    raw = rng.random((4000, 3))
    points = np.rint(raw / raw.sum(axis=1, keepdims=True) * 1000 + rng.integers(0, 3, raw.shape)).astype(np.int64)
    assert np.array_equal(non_dominated(points), pareto_mask(points))


def test_ties_survive_and_equal_points_do_not_dominate() -> None:
    pts = np.array([[1, 1], [1, 1], [0, 2], [0, 1]])
    assert non_dominated(pts).tolist() == [True, True, True, False]


def test_rejects_bad_input() -> None:
    with pytest.raises(ValueError, match="2-D"):
        non_dominated([1, 2, 3])
    with pytest.raises(ValueError, match="NaN"):
        non_dominated([[np.nan, 1.0]])
    with pytest.raises(ValueError, match="coordinates"):
        dominated_by([[1, 2]], [[1, 2, 3]])


@settings(max_examples=80, deadline=None)
@given(
    st.integers(2, 6).flatmap(
        lambda d: hnp.arrays(np.int64, st.tuples(st.integers(0, 300), st.just(d)), elements=st.integers(0, 4))
    ),
    st.data(),
)
def test_bitset_kernel_stays_exact(points: np.ndarray, data: st.DataObject) -> None:
    # bitsets for every direct comparison, with the sort keys packed in 32 bits, or (as
    # for large sets) in 64; the dominators in one table, or in slices of three
    d = points.shape[1]
    dominators = data.draw(hnp.arrays(np.int64, st.tuples(st.integers(0, 200), st.just(d)), elements=st.integers(0, 4)))
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(dominance, "_PACK_BITS", data.draw(st.sampled_from([0, 32])))
        mp.setattr(dominance, "_SELF_LEAF", 16)
        mp.setattr(dominance, "_BRUTE_PAIRS", 256)
        mp.setattr(dominance, "_BITS_FROM", 1)
        mp.setattr(dominance, "_BITS_MIN_TARGETS", 1)
        mp.setattr(dominance, "_BITS_MAX", data.draw(st.sampled_from([3, 4096])))
        kept, member, distinct = non_dominated_distinct(points)
        cross = dominated_by(points, dominators)
    assert sorted(kept.tolist()) == np.flatnonzero(pareto_mask(points)).tolist()
    assert np.array_equal(points[kept], distinct[member])
    assert np.array_equal(cross, dominated_oracle(points, dominators))


@settings(max_examples=80, deadline=None)
@given(
    st.integers(3, 5).flatmap(
        lambda d: st.tuples(
            hnp.arrays(np.int64, st.tuples(st.integers(1, 60), st.just(d)), elements=st.integers(0, 6)),
            hnp.arrays(np.int64, st.tuples(st.integers(1, 8), st.just(d)), elements=st.integers(0, 6)),
        )
    ),
    st.integers(1, 9),
)
def test_sum_hint_does_not_change_the_answer(sets: tuple[np.ndarray, np.ndarray], wrong: int) -> None:
    # the additive merge's candidates: every option vector plus every partial package
    partial, options = sets
    points = (options[:, None, :] + partial[None, :, :]).reshape(-1, partial.shape[1])
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(dominance, "_SELF_LEAF", 8)
        hinted = non_dominated_distinct(points, blocks=options.shape[0])
        # a hint that does not describe the rows only costs time
        shuffled = np.random.default_rng(0).permutation(points)
        misled = non_dominated_distinct(shuffled, blocks=wrong)
    assert sorted(hinted[0].tolist()) == np.flatnonzero(pareto_mask(points)).tolist()
    assert sorted(misled[0].tolist()) == np.flatnonzero(pareto_mask(shuffled)).tolist()
