"""Preferences: vectorised utilities equal a plain-Python reference; red lines; delay."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord import CostOfDelay, IntegerIssue, LinearAdditive, ModelError, OutcomeSpace, Preferences
from shared_data import SCENARIOS


@st.composite
def additive(draw: st.DrawFn) -> tuple[OutcomeSpace, list[float], list[list[float]]]:
    rs = draw(st.lists(st.integers(1, 6), min_size=1, max_size=5))
    space = OutcomeSpace([IntegerIssue(f"i{k}", 0, r - 1) for k, r in enumerate(rs)])
    raw = draw(st.lists(st.floats(0.01, 1.0), min_size=len(rs), max_size=len(rs)))
    weights = [w / sum(raw) for w in raw]
    values = [draw(st.lists(st.floats(0.0, 1.0), min_size=r, max_size=r)) for r in rs]
    return space, weights, values


@settings(max_examples=60)
@given(additive())
def test_vectorised_utilities_equal_plain_python(case: tuple[OutcomeSpace, list[float], list[list[float]]]) -> None:
    space, weights, values = case
    u = LinearAdditive.create(space, weights, values)
    outcomes = space.all()
    fast = u.evaluate(outcomes)
    for row, got in zip(outcomes, fast, strict=True):
        ref = sum(w * v[int(x)] for w, v, x in zip(weights, values, row, strict=True))
        assert got == pytest.approx(ref, abs=1e-12)
        assert u(tuple(int(x) for x in row)) == pytest.approx(ref, abs=1e-12)
    best_outcome, best = u.best()
    assert best == pytest.approx(fast.max())
    assert u(best_outcome) == pytest.approx(best)


def test_red_lines_and_acceptability() -> None:
    space = OutcomeSpace([IntegerIssue("a", 0, 2), IntegerIssue("b", 0, 1)])
    u = LinearAdditive.create(space, [0.5, 0.5], [[0.0, 0.5, 1.0], [0.0, 1.0]])
    p = Preferences(u, reservation=0.5, red_lines={"a": frozenset({2})})
    outcomes = space.all()
    acc = p.acceptable(outcomes)
    expected = [(u(tuple(o)) >= 0.5) and o[0] != 2 for o in outcomes.tolist()]
    assert acc.tolist() == expected
    assert not p.accepts((2, 1))  # best for the party, but crosses its red line
    with pytest.raises(ModelError, match="outside"):
        Preferences(u, red_lines={"a": frozenset({5})})


def test_cost_of_delay() -> None:
    space = OutcomeSpace([IntegerIssue("a", 0, 1)])
    u = LinearAdditive.create(space, [1.0], [[0.0, 1.0]])
    p = Preferences(u, cost_of_delay=CostOfDelay(0.9, "day"))
    assert p.discount(day=2) == pytest.approx(0.81)
    assert p.discount(round=5) == 1.0
    q = Preferences(u, cost_of_delay=CostOfDelay(0.5, "deadline"))
    assert q.discount(elapsed=1.0) == pytest.approx(0.5)
    with pytest.raises(ModelError, match=r"\(0, 1\]"):
        CostOfDelay(1.5)


def test_weights_must_sum_to_one_unless_normalised() -> None:
    space = OutcomeSpace([IntegerIssue("a", 0, 1), IntegerIssue("b", 0, 1)])
    with pytest.raises(ModelError, match="sum to 1"):
        LinearAdditive.create(space, [1.0, 1.0], [[0, 1], [0, 1]])
    u = LinearAdditive.create(space, [1.0, 3.0], [[0, 1], [0, 1]], normalize=True)
    assert u.weights == (0.25, 0.75)
    with pytest.raises(ModelError, match=r"\[0, 1\]"):
        LinearAdditive.create(space, [0.5, 0.5], [[0, 1.5], [0, 1]])


def test_scenarios_pickle_exactly() -> None:
    import pickle

    from accord import load_scenario, scenarios

    for name in scenarios.names():
        s = scenarios.get(name)
        again = pickle.loads(pickle.dumps(s))
        assert again == s
        assert dict(again.preferences(again.negotiators[0].id).rationales) == dict(
            s.preferences(s.negotiators[0].id).rationales
        )
    nonlinear = load_scenario(str(SCENARIOS / "genius" / "anac" / "y2014" / "10issues"))
    assert pickle.loads(pickle.dumps(nonlinear)) == nonlinear
