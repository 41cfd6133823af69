"""Bargaining solutions: brute-force optima on random domains, and textbook answers."""

from __future__ import annotations

import math

import numpy as np
import pytest
from analysis_domains import acceptable, brute_frontier, build, grid_scenarios
from hypothesis import given, settings

from accord.analysis import (
    SOLUTIONS,
    egalitarian,
    kalai_equal_utility,
    kalai_smorodinsky,
    nash,
    pareto_frontier,
    utilitarian,
)
from accord.errors import AnalysisError, UndefinedSolutionError
from accord.model import (
    CategoricalIssue,
    IntegerIssue,
    LinearAdditive,
    OutcomeSpace,
    Party,
    Preferences,
    Scenario,
)


def objective(name: str, u: np.ndarray, d: np.ndarray, ideal: np.ndarray) -> np.ndarray:
    g = u - d
    if name == "nash":
        return np.where(np.all(g > 1e-12, axis=1), np.prod(g, axis=1), -np.inf)
    if name == "kalai_smorodinsky":
        span = ideal - d
        ok = span > 1e-12
        return np.min(g[:, ok] / span[ok], axis=1) if ok.any() else np.zeros(len(u))
    if name == "kalai_equal_utility":
        return -(u.max(axis=1) - u.min(axis=1))
    if name == "egalitarian":
        return g.min(axis=1)
    return u.sum(axis=1)


@settings(max_examples=100, deadline=None)
@given(grid_scenarios())
def test_solutions_reach_the_brute_force_optimum(scenario: Scenario) -> None:
    f = pareto_frontier(scenario, acceptable=True)
    every = scenario.space.all()
    ok = every[acceptable(scenario, every)]
    d = np.array([scenario.preferences(p).reservation for p in f.parties])
    if ok.shape[0] == 0:
        for solve in SOLUTIONS.values():
            with pytest.raises(UndefinedSolutionError, match="no package is acceptable"):
                solve(f)
        return
    u = scenario.utilities(ok)
    ideal = u.max(axis=0)
    pareto, _ = brute_frontier(scenario, acceptable_only=True)
    pu = scenario.utilities(pareto)
    for name, solve in SOLUTIONS.items():
        # GENIUS's variant is defined on the frontier; the others on every acceptable package
        values = objective(name, pu if name == "kalai_equal_utility" else u, d, ideal)
        best = values.max()
        if name == "nash" and best == -np.inf:
            with pytest.raises(UndefinedSolutionError, match="Nash"):
                solve(f)
            continue
        s = solve(f)
        mine = objective(name, np.array([list(s.utilities.values())]), d, ideal)[0]
        assert math.isclose(mine, best, rel_tol=1e-9, abs_tol=1e-12), name
        assert math.isclose(s.value, best, rel_tol=1e-9, abs_tol=1e-12), name
        assert acceptable(scenario, np.array([s.outcome]))[0]
        assert s.outcome in {tuple(o) for o in pareto.tolist()}
        assert set(s.package) == set(scenario.space.names)
        assert s.ties >= 1


@settings(max_examples=40, deadline=None)
@given(grid_scenarios(with_red_lines=False, with_reservations=False))
def test_ties_are_broken_by_total_utility_then_package(scenario: Scenario) -> None:
    f = pareto_frontier(scenario, acceptable=True)
    d = f.disagreement
    for name, solve in SOLUTIONS.items():
        if name == "nash":
            continue  # may be undefined when some party can never gain
        s = solve(f)
        values = objective(name, f.utilities, d, f.utilities.max(axis=0))
        tied = np.flatnonzero(np.isclose(values, values.max(), rtol=1e-9, atol=1e-15))
        totals = f.utilities[tied].sum(axis=1)
        top = tied[np.isclose(totals, totals.max(), rtol=1e-12, atol=1e-15)]
        expected = min(tuple(int(v) for v in f.outcomes[i]) for i in top)
        assert s.outcome == expected, name
        assert s.ties == tied.shape[0]


def test_nash_1950_bill_and_jack() -> None:
    """Nash, "The bargaining problem", Econometrica 18(2), 1950, pp. 160-161: Bill and Jack
    trade goods; the solution has Bill give Jack the book, whip, ball and bat, and Jack give
    Bill the pen, toy and knife (the box stays with Bill, the hat with Jack)."""
    bill = {"book": 2, "whip": 2, "ball": 2, "bat": 2, "box": 4, "pen": 10, "toy": 4, "knife": 6, "hat": 2}
    jack = {"book": 4, "whip": 2, "ball": 1, "bat": 2, "box": 1, "pen": 1, "toy": 1, "knife": 2, "hat": 2}
    space = OutcomeSpace([CategoricalIssue(g, ["bill", "jack"]) for g in bill])
    u_bill = LinearAdditive.from_mapping(space, bill, {g: {"bill": 1} for g in bill}, normalize=True)
    u_jack = LinearAdditive.from_mapping(space, jack, {g: {"jack": 1} for g in jack}, normalize=True)
    owner = dict.fromkeys(("book", "whip", "ball", "bat", "box"), "bill")
    owner |= dict.fromkeys(("pen", "toy", "knife", "hat"), "jack")
    start = space.from_values(owner)
    scenario = Scenario(
        "bill-and-jack",
        space,
        (
            Party("bill", preferences=Preferences(u_bill, reservation=u_bill(start))),
            Party("jack", preferences=Preferences(u_jack, reservation=u_jack(start))),
        ),
    )
    s = nash(pareto_frontier(scenario, acceptable=True))
    assert dict(s.package) == {
        "book": "jack", "whip": "jack", "ball": "jack", "bat": "jack", "hat": "jack",
        "box": "bill", "pen": "bill", "toy": "bill", "knife": "bill",
    }  # fmt: skip
    # gains 12 (of Bill's 34 points) and 5 (of Jack's 16): product 60 in the paper's units
    assert math.isclose(s.value * 34 * 16, 60.0)
    assert s.ties == 1


def test_split_the_pie_with_a_risk_averse_party() -> None:
    """Osborne & Rubinstein, *Bargaining and Markets* (1990), §2.3: splitting a unit pie
    with u1(x) = x, u2(x) = sqrt(1 - x), d = (0, 0). Nash maximises x * sqrt(1 - x) at
    x = 2/3; Kalai-Smorodinsky solves x = sqrt(1 - x), x = 0.618. On a grid of twelfths:
    Nash at 8/12, Kalai-Smorodinsky (max of min(x, sqrt(1-x))) at 7/12."""
    space = OutcomeSpace([IntegerIssue("share", 0, 12)])
    u1 = LinearAdditive.create(space, [1.0], [[k / 12 for k in range(13)]])
    u2 = LinearAdditive.create(space, [1.0], [[math.sqrt(1 - k / 12) for k in range(13)]])
    parties = (Party("one", preferences=Preferences(u1)), Party("two", preferences=Preferences(u2)))
    scenario = Scenario("pie", space, parties)
    f = pareto_frontier(scenario, acceptable=True)
    assert nash(f).package["share"] == "8"
    assert kalai_smorodinsky(f).package["share"] == "7"
    assert egalitarian(f).package["share"] == "7"
    assert kalai_equal_utility(f).package["share"] == "7"
    assert utilitarian(f).package["share"] == "9"  # x + sqrt(1 - x) peaks at x = 3/4


def test_classic_kalai_differs_from_genius_equal_utility() -> None:
    # party one can at most reach 0.5; the classic solution scales gains by the ideal point
    space = OutcomeSpace([IntegerIssue("x", 0, 10), CategoricalIssue("fixed", ["only"])])
    u1 = LinearAdditive.create(space, [0.5, 0.5], [[k / 10 for k in range(11)], [0]])
    u2 = LinearAdditive.create(space, [1.0, 0.0], [[1 - k / 10 for k in range(11)], [0]])
    scenario = Scenario("ks", space, (Party("a", preferences=Preferences(u1)), Party("b", preferences=Preferences(u2))))
    f = pareto_frontier(scenario, acceptable=True)
    ks, eq = kalai_smorodinsky(f), kalai_equal_utility(f)
    assert ks.package["x"] == "5"  # gains 0.25/0.5 and 0.5/1: proportional to the maxima
    assert eq.package["x"] == "7"  # utilities 0.35 and 0.3: as equal as the grid allows
    assert ks.ties == 1 and eq.ties == 1


def test_undefined_and_misuse() -> None:
    scenario = build([2], [[1.0], [1.0]], [[[0, 1]], [[1, 0]]], reservations=[0.6, 0.6])
    empty = pareto_frontier(scenario, acceptable=True)
    assert empty.is_empty
    for solve in SOLUTIONS.values():
        with pytest.raises(UndefinedSolutionError, match="zone of possible agreement is empty"):
            solve(empty)
    with pytest.raises(AnalysisError, match="acceptable frontier"):
        nash(pareto_frontier(scenario))
    # acceptable packages exist but none gives both a gain: Nash undefined, the rest defined
    edge = build([2], [[1.0], [1.0]], [[[0, 1]], [[1, 0]]], reservations=[0.0, 1.0])
    f = pareto_frontier(edge, acceptable=True)
    with pytest.raises(UndefinedSolutionError, match="Nash"):
        nash(f)
    assert egalitarian(f).outcome == (0,)
    assert kalai_smorodinsky(f).outcome == (0,)


def test_solution_to_dict() -> None:
    scenario = build([3], [[1.0], [1.0]], [[[0, 0.5, 1]], [[1, 0.5, 0]]])
    d = nash(pareto_frontier(scenario, acceptable=True)).to_dict()
    assert d["name"] == "nash" and d["package"] == {"i0": "o1"} and d["outcome"] == [1]
