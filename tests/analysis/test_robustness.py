"""Robustness under uncertain preferences: exact probabilities against enumerating every combination."""

from __future__ import annotations

import itertools
import time

import numpy as np
from analysis_domains import grid_scenarios
from hypothesis import given, settings
from hypothesis import strategies as st
from levers_support import with_prefs

from accord.analysis.robustness import acceptance, robustness
from accord.analysis.whatif import parameters_of
from accord.model import Scenario
from accord.model.uncertainty import Distribution, Uncertain, set_parameter


@st.composite
def uncertain_scenarios(draw: st.DrawFn) -> Scenario:
    """A grid scenario with discrete uncertainty on a few parameters (at most one weight per party)."""
    s = draw(grid_scenarios(parties=(2, 3), issues=(1, 3), options=(1, 4)))
    chosen: list[Uncertain] = []
    for p in s.negotiators:
        assert p.preferences is not None
        numeric = [x for x in parameters_of(p.preferences) if not x.startswith("red_lines.")]
        picked = draw(st.lists(st.sampled_from(numeric), max_size=2, unique=True))
        if sum(x.startswith("weights.") for x in picked) > 1:
            picked = [x for x in picked if not x.startswith("weights.")]
        for parameter in picked:
            k = draw(st.integers(1, 3))
            values = sorted({draw(st.integers(0, 20)) / 20 for _ in range(k)})
            raw = [draw(st.integers(1, 4)) for _ in values]
            probs = [r / sum(raw) for r in raw]
            chosen.append(Uncertain(p.id, parameter, Distribution(values=tuple(values), probabilities=tuple(probs))))
    return Scenario(s.id, s.space, s.parties, uncertainties=tuple(chosen))


def enumerate_all(s: Scenario) -> tuple[float, np.ndarray, np.ndarray, float]:
    """P(zone), P(all accept) per package, P(each accepts), mean zone size: every combination, one by one."""
    every = s.space.all()
    ids = [p.id for p in s.negotiators]
    us = list(s.uncertainties)
    p_zone, mean = 0.0, 0.0
    p_all = np.zeros(every.shape[0])
    p_each = np.zeros((len(ids), every.shape[0]))
    for combo in itertools.product(*[range(len(u.distribution.values)) for u in us]):
        weight = 1.0
        scenario = s
        for u, k in zip(us, combo, strict=True):
            weight *= u.distribution.probabilities[k]
            prefs = set_parameter(scenario.preferences(u.party), u.parameter, u.distribution.values[k])
            scenario = with_prefs(scenario, u.party, prefs)
        ok = np.ones(every.shape[0], dtype=bool)
        for i, pid in enumerate(ids):
            mine = scenario.preferences(pid).acceptable(every)
            p_each[i] += weight * mine
            ok &= mine
        p_all += weight * ok
        p_zone += weight * bool(ok.any())
        mean += weight * int(ok.sum())
    return p_zone, p_all, p_each, mean


@settings(max_examples=60, deadline=None)
@given(uncertain_scenarios())
def test_exact_probabilities_equal_enumeration_of_the_distributions(s: Scenario) -> None:
    r = robustness(s)
    p_zone, p_all, p_each, mean = enumerate_all(s)
    assert r.method == "exact" and r.error == 0.0
    assert abs(r.p_zone - p_zone) < 1e-9
    assert abs(r.mean_zone - mean) < 1e-6
    np.testing.assert_allclose(r.accept_all, p_all, atol=1e-9)
    np.testing.assert_allclose(r.accept, p_each, atol=1e-9)
    assert r.nash_share.sum() <= p_zone + 1e-9
    outcomes = s.space.all()[:5]
    a_all, a_each, method, _ = acceptance(s, outcomes)
    assert method == "exact"
    np.testing.assert_allclose(a_all, p_all[:5], atol=1e-9)
    np.testing.assert_allclose(a_each, p_each[:, :5], atol=1e-9)


@settings(max_examples=15, deadline=None)
@given(uncertain_scenarios())
def test_monte_carlo_agrees_with_the_exact_answer_within_its_error(s: Scenario) -> None:
    exact = robustness(s)
    mc = robustness(s, samples=4000, seed=1, exact_limit=0)
    assert mc.method == "monte carlo" and mc.draws == 4000
    bound = 4 / 1.96 * mc.error + 1e-9  # four standard errors of the worst probability
    assert abs(mc.p_zone - exact.p_zone) <= bound
    assert np.abs(mc.accept_all - exact.accept_all).max() <= bound
    again = robustness(s, samples=4000, seed=1, exact_limit=0)
    np.testing.assert_array_equal(again.accept_all, mc.accept_all)  # seeded: reproducible


def test_ten_thousand_draws_on_the_default_are_vectorised() -> None:
    import accord

    talks = accord.scenarios.get("abu-dhabi-2026")
    assert any(not u.distribution.discrete for u in talks.uncertainties)
    start = time.perf_counter()
    r = robustness(talks, samples=10_000, seed=0)
    took = time.perf_counter() - start
    assert r.method == "monte carlo" and r.draws == 10_000
    assert 0.0 <= r.p_zone <= 1.0 and r.error < 0.011
    best = r.top(1)[0]
    assert r.accept_all[best] == r.accept_all.max()
    assert took < 60  # a loose guard against a Python loop per draw; the bench measures the speed
