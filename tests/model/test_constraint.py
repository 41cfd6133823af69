"""ConstraintUtility: vectorised evaluation against a one-outcome-at-a-time oracle."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.errors import ModelError, SpaceTooLargeError
from accord.model import CategoricalIssue, ConstraintUtility, HyperRectangle, IntegerIssue, OutcomeSpace


def oracle(u: ConstraintUtility, outcome: tuple[int, ...]) -> float:
    total = 0.0
    for box in u.boxes:
        inside = all(lo <= outcome[j] <= hi for j, lo, hi in box.bounds)
        if inside == box.inside:
            total += box.utility
    return min(1.0, max(0.0, total / u.scale))


@st.composite
def utilities(draw: st.DrawFn) -> ConstraintUtility:
    radices = draw(st.lists(st.integers(1, 5), min_size=1, max_size=4))
    space = OutcomeSpace([IntegerIssue(f"i{k}", 0, r - 1) for k, r in enumerate(radices)])
    boxes = []
    for _ in range(draw(st.integers(0, 6))):
        issues = draw(st.lists(st.integers(0, len(radices) - 1), unique=True, max_size=len(radices)))
        bounds = []
        for j in issues:
            lo = draw(st.integers(0, radices[j] - 1))
            bounds.append((j, lo, draw(st.integers(lo, radices[j] - 1))))
        boxes.append(HyperRectangle(tuple(bounds), draw(st.floats(-5, 20)), inside=draw(st.booleans())))
    scale = draw(st.one_of(st.none(), st.floats(0.5, 50)))
    return ConstraintUtility.create(space, boxes, scale=scale)


@settings(max_examples=60, deadline=None)
@given(utilities())
def test_vectorised_evaluation_matches_the_oracle(u: ConstraintUtility) -> None:
    every = u.space.all()
    got = u.evaluate(every)
    want = np.array([oracle(u, tuple(int(x) for x in o)) for o in every])
    np.testing.assert_allclose(got, want, atol=1e-12)
    assert ((got >= 0) & (got <= 1)).all()
    best, value = u.best()
    assert value == pytest.approx(want.max())
    assert u(best) == pytest.approx(value)


def test_a_small_example_by_hand() -> None:
    space = OutcomeSpace([IntegerIssue("a", 0, 9), CategoricalIssue("b", ["x", "y", "z"])])
    u = ConstraintUtility(
        space,
        (
            HyperRectangle(((0, 2, 5),), 6.0),
            HyperRectangle(((0, 4, 9), (1, 1, 2)), 4.0),
            HyperRectangle(((1, 0, 0),), 1.0, inside=False),
        ),
        10.0,
    )
    assert u((3, 0)) == pytest.approx(0.6)  # first box only
    assert u((4, 1)) == 1.0  # 6 + 4 + 1 = 11, capped
    assert u((9, 2)) == pytest.approx(0.5)  # second box and outside the third
    assert u((0, 0)) == 0.0


def test_the_default_scale_is_the_sum_of_positive_utilities() -> None:
    space = OutcomeSpace([IntegerIssue("a", 0, 3)])
    u = ConstraintUtility.create(
        space, [HyperRectangle(((0, 0, 1),), 3.0), HyperRectangle(((0, 1, 3),), 1.0), HyperRectangle((), -1.0)]
    )
    assert u.scale == 4.0
    assert u((1,)) == pytest.approx(0.75)


def test_large_spaces_are_sampled_not_enumerated() -> None:
    space = OutcomeSpace([IntegerIssue(f"i{k}", 0, 9) for k in range(10)])
    u = ConstraintUtility.create(space, [HyperRectangle(((0, 0, 4), (9, 5, 9)), 1.0)])
    x = space.sample(100_000, np.random.default_rng(0))
    np.testing.assert_allclose(u.evaluate(x), ((x[:, 0] <= 4) & (x[:, 9] >= 5)).astype(float))
    with pytest.raises(SpaceTooLargeError):
        u.best()


@pytest.mark.parametrize(
    ("boxes", "scale", "message"),
    [
        ((HyperRectangle(((0, 0, 9),), 1.0),), 1.0, "outside its values"),
        ((HyperRectangle(((5, 0, 1),), 1.0),), 1.0, "the space has 1 issues"),
        ((), 0.0, "positive number"),
        ((), float("nan"), "positive number"),
    ],
)
def test_invalid_utilities_are_refused(boxes: tuple[HyperRectangle, ...], scale: float, message: str) -> None:
    space = OutcomeSpace([IntegerIssue("a", 0, 3)])
    with pytest.raises(ModelError, match=message):
        ConstraintUtility(space, boxes, scale)


def test_invalid_boxes_are_refused() -> None:
    with pytest.raises(ModelError, match="empty"):
        HyperRectangle(((0, 3, 1),), 1.0)
    with pytest.raises(ModelError, match="twice"):
        HyperRectangle(((0, 0, 1), (0, 1, 2)), 1.0)
    with pytest.raises(ModelError, match="finite"):
        HyperRectangle((), float("inf"))


def test_equality_and_hash() -> None:
    space = OutcomeSpace([IntegerIssue("a", 0, 3)])
    a = ConstraintUtility(space, (HyperRectangle(((0, 0, 1),), 2.0),), 2.0)
    b = ConstraintUtility(space, (HyperRectangle(((0, 0, 1),), 2.0),), 2.0)
    assert a == b and hash(a) == hash(b)
    assert a != ConstraintUtility(space, (HyperRectangle(((0, 0, 1),), 2.0),), 3.0)
