"""Searches over spaces too large to enumerate respect options that cannot go together.

Oracles: brute force over every feasible package of small spaces (the searches cannot tell
a small space from a large one), and negotiations on spaces above the enumeration limit
whose every offer, text and agreement must be a package that can exist.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.engine.events import EventKind
from accord.engine.progress import closest_to_acceptable
from accord.engine.runner import simulate
from accord.engine.search import CLOSE, SearchTable
from accord.engine.tables import MAX_TABLE_OUTCOMES
from accord.engine.units import feasible_units
from accord.errors import ModelError
from accord.model import (
    Calendar,
    ConstraintUtility,
    HyperRectangle,
    IntegerIssue,
    LinearAdditive,
    OutcomeSpace,
    Party,
    Preferences,
    Scenario,
)


@st.composite
def spaces(draw: st.DrawFn) -> OutcomeSpace:
    radices = draw(st.lists(st.integers(1, 4), min_size=2, max_size=5))
    issues = [IntegerIssue(f"i{k}", 0, r - 1) for k, r in enumerate(radices)]
    exclusions = []
    for _ in range(draw(st.integers(1, 5))):
        pair = draw(st.lists(st.integers(0, len(radices) - 1), min_size=2, max_size=3, unique=True))
        exclusions.append([(j, draw(st.integers(0, radices[j] - 1))) for j in pair])
    return OutcomeSpace(issues, exclusions)


@st.composite
def additive_with_exclusions(draw: st.DrawFn) -> Preferences:
    space = draw(spaces())
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    coarse = draw(st.booleans())  # few distinct utilities: ties across feasible and infeasible packages
    values = [(rng.integers(0, 3, r) / 2.0 if coarse else rng.random(r)).tolist() for r in space.radices]
    utility = LinearAdditive.create(space, rng.random(space.n_issues) + 0.01, values, normalize=True)
    red: dict[str, frozenset[int]] = {}
    if draw(st.booleans()):
        j = draw(st.integers(0, space.n_issues - 1))
        red[f"i{j}"] = frozenset(draw(st.lists(st.integers(0, space.radices[j] - 1), max_size=space.radices[j] - 1)))
    return Preferences(utility, reservation=draw(st.floats(0, 0.5)), red_lines=red)


def _oracle(prefs: Preferences) -> tuple[np.ndarray, np.ndarray]:
    """Utilities of every feasible package crossing no red line (every feasible one if none is)."""
    every = prefs.space.all()
    feasible = prefs.space.feasible(every)
    clear = feasible & ~prefs.crosses_red_line(every) if prefs.red_lines else feasible
    keep = clear if clear.any() else feasible
    return every[keep], prefs.evaluate(every[keep])


@settings(max_examples=150, deadline=None)
@given(additive_with_exclusions(), st.floats(-0.1, 1.1), st.booleans())
def test_additive_search_finds_the_least_feasible_outcome_at_or_above_the_target(
    prefs: Preferences, target: float, branch_and_bound: bool
) -> None:
    space = prefs.space
    if not space.feasible(space.all()).any():
        with pytest.raises(ModelError, match="no package can exist"):
            SearchTable(prefs)
        return
    table = SearchTable(prefs)
    search = table._additive
    assert search is not None
    if branch_and_bound:
        search.table = None
    _, u = _oracle(prefs)
    got = table.at_least(target)
    o = space.outcome(got)
    assert space.is_feasible(o)
    assert table.u_list[got] == pytest.approx(float(prefs(o)), abs=1e-12)
    above = u[u >= target - 1e-12]
    if above.size:
        assert table.u_list[got] >= target - 1e-9
        assert table.u_list[got] <= float(above.min()) + (CLOSE if branch_and_bound else 1e-9)
    else:
        assert table.u_list[got] == pytest.approx(float(u.max()), abs=1e-9)
    assert table.u_max == pytest.approx(float(u.max()), abs=1e-9)
    assert table.u_min == pytest.approx(float(u.min()), abs=1e-9)
    assert space.is_feasible(space.outcome(table.best))


@settings(max_examples=100, deadline=None)
@given(spaces(), st.integers(0, 2**32 - 1), st.floats(0, 1))
def test_box_search_with_exclusions_offers_only_feasible_packages(
    space: OutcomeSpace, seed: int, target: float
) -> None:
    if not space.feasible(space.all()).any():
        return
    rng = np.random.default_rng(seed)
    boxes = []
    for _ in range(int(rng.integers(1, 6))):
        issues = rng.choice(space.n_issues, size=int(rng.integers(1, space.n_issues + 1)), replace=False)
        bounds = []
        for j in issues:
            lo = int(rng.integers(0, space.radices[j]))
            bounds.append((int(j), lo, int(rng.integers(lo, space.radices[j]))))
        boxes.append(HyperRectangle(tuple(bounds), float(rng.uniform(0.5, 20))))
    prefs = Preferences(ConstraintUtility.create(space, boxes))
    table = SearchTable(prefs)
    _, u = _oracle(prefs)
    for got in (table.at_least(target), table.best, table.sample(rng, 0.0)):
        o = space.outcome(got)
        assert space.is_feasible(o)
        assert table.u_list[got] == pytest.approx(float(prefs(o)), abs=1e-12)
    assert table.u_max <= float(u.max()) + 1e-12
    if table.exact_best:  # positive boxes, search complete: the best feasible package
        assert table.u_max == pytest.approx(float(u.max()), abs=1e-12)


@settings(max_examples=100, deadline=None)
@given(spaces())
def test_units_spell_out_exactly_the_feasible_packages(space: OutcomeSpace) -> None:
    units = feasible_units(space, [list(range(r)) for r in space.radices])
    every = space.all()
    feasible = {tuple(o) for o in every[space.feasible(every)].tolist()}
    if units is None:
        assert not feasible
        return
    built = set()
    for choice in np.ndindex(*[len(rows) for _, rows in units]):
        digits = [0] * space.n_issues
        for (issues, rows), k in zip(units, choice, strict=True):
            for j, v in zip(issues, rows[k], strict=True):
                digits[j] = v
        built.add(tuple(digits))
    assert built == feasible


def test_infeasible_packages_are_acceptable_to_nobody_on_a_large_space() -> None:
    s = large_with_exclusions()
    table = SearchTable(s.preferences("p0"))
    bad = [0] * s.space.n_issues
    bad[0], bad[1] = 0, 0  # an excluded combination
    assert not s.space.is_feasible(bad)
    assert table.red_list[s.space.index(bad)]
    assert not table.acceptable(s.space.index(bad))


def large_with_exclusions(n_parties: int = 3, issues: int = 9, values: int = 7) -> Scenario:
    """Above the enumeration limit; each party's best options on issues 0-1 and 2-3 cannot go together."""
    rng = np.random.default_rng(11)
    exclusions = [[(0, k), (1, k)] for k in range(values)] + [[(2, 0), (3, values - 1)], [(2, 1), (3, 0), (4, 2)]]
    space = OutcomeSpace([IntegerIssue(f"i{k}", 0, values - 1) for k in range(issues)], exclusions)
    parties = []
    for p in range(n_parties):
        table = rng.random((issues, values))
        table[0, p % values] = table[1, p % values] = 1.0  # the same option on both is each one's best
        u = LinearAdditive.create(space, rng.random(issues) + 0.2, table.tolist(), normalize=True)
        parties.append(Party(f"p{p}", preferences=Preferences(u, reservation=0.3)))
    return Scenario(id="large-excl", space=space, parties=tuple(parties), calendar=Calendar(rounds_per_day=300))


@pytest.mark.parametrize(
    ("protocol", "mediator"),
    [("saop", None), ("single-text", "nash-seeking"), ("single-text", "hill-climber"), ("phased", "nash-seeking")],
)
def test_negotiations_on_a_large_space_never_name_an_infeasible_package(protocol: str, mediator: str | None) -> None:
    s = large_with_exclusions()
    assert s.space.size > MAX_TABLE_OUTCOMES
    strategies = {"mediator": mediator} if mediator else {}
    config = {"days": 2} if protocol == "phased" else {"n_rounds": 300}
    run = simulate(s, protocol=protocol, strategies=strategies, default_party="boulware", config=config)
    named = [e.outcome for e in run.events if e.outcome is not None and e.kind != EventKind.STARTED]
    assert named
    for o in named:
        assert s.space.is_feasible(s.space.outcome(o)), s.space.outcome(o)
    if run.agreement is not None:
        outcome = s.space.outcome(run.agreement)
        assert all(p.preferences is not None and p.preferences.accepts(outcome) for p in s.negotiators)


@settings(max_examples=60, deadline=None)
@given(spaces(), st.integers(0, 2**32 - 1))
def test_the_closest_package_to_acceptable_is_measured_over_feasible_packages(space: OutcomeSpace, seed: int) -> None:
    rng = np.random.default_rng(seed)
    prefs = []
    for p in range(2):
        u = LinearAdditive.create(
            space, rng.random(space.n_issues) + 0.01, [rng.random(r).tolist() for r in space.radices], normalize=True
        )
        red = {"i0": frozenset({0})} if p == 0 and space.radices[0] > 1 else {}
        prefs.append(Preferences(u, reservation=float(rng.uniform(0.2, 0.9)), red_lines=red))
    every = space.all()
    keep = space.feasible(every)
    for p in prefs:
        if p.red_lines:
            keep &= ~p.crosses_red_line(every)
    got = closest_to_acceptable(space, prefs)
    if not keep.any():
        assert got is None
        return
    worst = np.max([p.reservation - p.evaluate(every[keep]) for p in prefs], axis=0)
    assert got == pytest.approx(max(0.0, float(worst.min())), abs=1e-6)
