"""Outcome space: exact size, index <-> outcome, vectorised encode/decode, chunks, sampling."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord import CategoricalIssue, IntegerIssue, ModelError, OutcomeSpace, RealIssue

radices = st.lists(st.integers(min_value=1, max_value=7), min_size=1, max_size=5)


def space_of(rs: list[int]) -> OutcomeSpace:
    return OutcomeSpace([IntegerIssue(f"i{k}", 0, r - 1) for k, r in enumerate(rs)])


@given(radices, st.data())
def test_index_outcome_round_trip(rs: list[int], data: st.DataObject) -> None:
    space = space_of(rs)
    idx = data.draw(st.integers(min_value=0, max_value=space.size - 1))
    outcome = space.outcome(idx)
    assert space.index(outcome) == idx
    assert all(0 <= v < r for v, r in zip(outcome, rs, strict=True))


@given(radices)
def test_decode_encode_round_trip_whole_space(rs: list[int]) -> None:
    space = space_of(rs)
    idx = np.arange(space.size)
    outcomes = space.decode(idx)
    np.testing.assert_array_equal(space.encode(outcomes), idx)
    # decode agrees with the scalar path
    for i in range(0, space.size, max(1, space.size // 7)):
        assert tuple(outcomes[i]) == space.outcome(i)


@settings(max_examples=50)
@given(radices, st.integers(min_value=1, max_value=50))
def test_chunks_cover_the_space_exactly_once(rs: list[int], chunk: int) -> None:
    space = space_of(rs)
    seen = []
    for start, block in space.chunks(chunk):
        assert 1 <= len(block) <= chunk
        np.testing.assert_array_equal(space.encode(block), np.arange(start, start + len(block)))
        seen.append(space.encode(block))
    allidx = np.concatenate(seen)
    assert len(allidx) == space.size
    assert len(np.unique(allidx)) == space.size


def test_huge_space_is_exact_and_lazy() -> None:
    space = OutcomeSpace([IntegerIssue(f"i{k}", 0, 9) for k in range(40)])
    assert space.size == 10**40
    last = space.outcome(10**40 - 1)
    assert last == (9,) * 40
    assert space.index(last) == 10**40 - 1
    sample = space.sample(1000, np.random.default_rng(7))
    assert sample.shape == (1000, 40)
    assert sample.min() >= 0 and sample.max() <= 9
    with pytest.raises(ModelError, match="int64"):
        space.decode(np.arange(3))


def test_sampling_is_seeded_and_uniform_enough() -> None:
    space = space_of([3, 4])
    a = space.sample(12000, np.random.default_rng(1))
    b = space.sample(12000, np.random.default_rng(1))
    np.testing.assert_array_equal(a, b)
    counts = np.bincount(space.encode(a), minlength=12)
    assert counts.min() > 800 and counts.max() < 1200  # 1000 expected per outcome
    with pytest.raises(ModelError, match="Generator"):
        space.sample(3, 42)  # type: ignore[arg-type]


def test_values_labels_and_lookup() -> None:
    space = OutcomeSpace(
        [
            CategoricalIssue("colour", ["red", "green"]),
            IntegerIssue("qty", 1, 3),
            RealIssue("price", 0.0, 1.0, steps=5),
        ]
    )
    o = space.from_values({"colour": "green", "qty": 3, "price": 0.5})
    assert o == (1, 2, 2)
    assert space.values_of(o) == {"colour": "green", "qty": 3, "price": 0.5}
    assert space.labels_of(o)["colour"] == "green"
    with pytest.raises(ModelError, match="missing issues: price"):
        space.from_values({"colour": "red", "qty": 1})
    with pytest.raises(ModelError, match="outside"):
        space.check((0, 5, 0))
    assert not space.is_valid((0, 0))
    assert space.is_valid((0, 0, 4))


def test_bad_issues_are_rejected() -> None:
    with pytest.raises(ModelError, match="no options"):
        CategoricalIssue("x", [])
    with pytest.raises(ModelError, match="twice"):
        CategoricalIssue("x", ["a", "a"])
    with pytest.raises(ModelError, match="below"):
        IntegerIssue("x", 3, 1)
    with pytest.raises(ModelError, match="defined twice"):
        OutcomeSpace([IntegerIssue("x", 0, 1), IntegerIssue("x", 0, 2)])
