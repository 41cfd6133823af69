"""Mediated talks on a space too large to enumerate (above MAX_TABLE_OUTCOMES packages).

- the strategy contract (tests/engine/conformance.py) for every registered mediator and every
  built-in party strategy, on a large version of the three-party scenario (red lines, a
  mediator with preferences, options that cannot go together);
- ``nash-seeking``'s search finds the same first draft as its enumeration on small spaces
  (the searched path forced there), and says in the transcript that it searched;
- the single text and the phased talks agree on large ANAC domains within the reservations.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from conformance import check_strategy
from engine_scenarios import trilateral
from typer.testing import CliRunner

import accord.engine.strategies.base as strategy_base
from accord.cli.main import app
from accord.engine.events import EventKind
from accord.engine.runner import simulate
from accord.engine.strategies import infos
from accord.engine.tables import MAX_TABLE_OUTCOMES
from accord.formats import load_scenario
from accord.model import (
    Calendar,
    IntegerIssue,
    LinearAdditive,
    OutcomeSpace,
    Party,
    Preferences,
    Scenario,
)
from accord.model.space import OutcomeSpace as Space

ROOT = Path(__file__).resolve().parents[2]
Y2014 = ROOT.parent / "shared" / "scenarios" / "genius" / "anac" / "y2014" / "10issues"
AGENTHP2 = ROOT / "bench" / "data" / "AgentHp2"
EXTRA = 8  # issues of 4 options added: 81 x 4^8 = 5,308,416 packages


def large_trilateral() -> Scenario:
    """The three-party scenario with eight more issues and two combinations that cannot exist."""
    small = trilateral()
    issues = [*small.space.issues, *(IntegerIssue(f"x{k}", 0, 3) for k in range(EXTRA))]
    n = small.space.n_issues
    exclusions = [[(0, 0), (n, 3)], [(n + 1, 0), (n + 2, 0)]]
    space = Space(issues, exclusions)
    rng = np.random.default_rng(5)
    parties = []
    for p in small.parties:
        prefs = p.preferences
        assert prefs is not None and isinstance(prefs.utility, LinearAdditive)
        u = prefs.utility
        weights = [*(0.6 * w for w in u.weights), *(0.4 * rng.dirichlet(np.ones(EXTRA)))]
        values = [*(list(v) for v in u.values), *(rng.random(4).tolist() for _ in range(EXTRA))]
        utility = LinearAdditive.create(space, weights, values, normalize=True)
        parties.append(replace(p, preferences=replace(prefs, utility=utility)))
    return replace(small, id="trilateral-large", space=space, parties=tuple(parties))


@pytest.fixture(scope="module")
def large() -> Scenario:
    s = large_trilateral()
    assert s.space.size > MAX_TABLE_OUTCOMES
    return s


def _cases() -> list[tuple[str, str, str]]:
    """Every registered mediator in each protocol it plays; every party strategy in the single text."""
    out = []
    for meta in infos():
        if meta.kind == "mediator":
            out += [(meta.name, p, "mediator") for p in sorted(meta.protocols)]
        elif "single-text" in meta.protocols:
            out += [(name, "single-text", "party") for name in (meta.name, *meta.aliases)]
    return out


@pytest.mark.parametrize(("name", "protocol", "role"), _cases())
def test_strategy_contract_on_a_space_too_large_to_enumerate(
    large: Scenario, name: str, protocol: str, role: str
) -> None:
    check_strategy(large, name, protocol, role, "chair" if role == "mediator" else "alpha")


def test_the_large_contract_covers_every_mediator_and_the_time_based_parties() -> None:
    names = {n for n, _, _ in _cases()}
    assert {"nash-seeking", "hill-climber", "annealing", "time-based", "boulware", "hardliner", "random"} <= names


def _small(seed: int) -> Scenario:
    rng = np.random.default_rng(seed)
    n, m = int(rng.integers(2, 6)), int(rng.integers(2, 4))
    space = OutcomeSpace([IntegerIssue(f"i{k}", 0, int(rng.integers(1, 5))) for k in range(n)])
    parties = []
    for p in range(m):
        u = LinearAdditive.create(space, rng.random(n), [rng.random(r).tolist() for r in space.radices], normalize=True)
        parties.append(Party(f"p{p}", preferences=Preferences(u, reservation=float(rng.uniform(0, 0.5)))))
    return Scenario(id="small", space=space, parties=tuple(parties), calendar=Calendar())


def _first_text(s: Scenario, seed: int, limit: int) -> tuple[int, str]:
    old = strategy_base.MEDIATOR_TABLE_OUTCOMES
    strategy_base.MEDIATOR_TABLE_OUTCOMES = limit
    try:
        run = simulate(
            s,
            protocol="single-text",
            seed=seed,
            config={"n_rounds": 1},
            default_party="linear",
            default_mediator="nash-seeking(explore=0)",
        )
    finally:
        strategy_base.MEDIATOR_TABLE_OUTCOMES = old
    text = next(e for e in run.events if e.kind == EventKind.TEXT)
    assert text.outcome is not None
    return text.outcome, str(dict(text.info).get("note", ""))


@pytest.mark.parametrize("seed", range(40))
def test_the_searched_first_draft_is_the_enumerated_one(seed: int) -> None:
    """On small spaces (where enumeration is the oracle) the search reaches the same Nash product."""
    s = _small(seed)

    def nash(o: int) -> float:
        d = s.space.outcome(o)
        gains = [float(p.preferences(d)) - p.preferences.reservation for p in s.negotiators if p.preferences]
        return float(np.prod(np.maximum(gains, 1e-6)))

    enumerated, note = _first_text(s, seed, MAX_TABLE_OUTCOMES)
    searched, searched_note = _first_text(s, seed, 0)
    assert nash(searched) >= nash(enumerated) * (1 - 1e-9)
    assert "searches the issues" in searched_note and "searches the issues" not in note


@pytest.mark.parametrize("protocol", ["single-text", "phased"])
def test_nash_seeking_on_an_anac_2014_domain(protocol: str) -> None:
    s = load_scenario(Y2014)
    assert s.space.size == 10**10
    config = {"n_rounds": 300} if protocol == "single-text" else {"days": 3}
    run = simulate(s, protocol=protocol, config=config, default_party="boulware", default_mediator="nash-seeking")
    assert run.agreement is not None
    outcome = s.space.outcome(run.agreement)
    assert all(p.preferences is not None and p.preferences.accepts(outcome) for p in s.negotiators)
    notes = [dict(e.info).get("note", "") for e in run.events if e.kind == EventKind.TEXT]
    assert any("too many to weigh each" in str(n) for n in notes)


def test_nash_seeking_with_its_own_preferences_on_a_large_space(large: Scenario) -> None:
    run = simulate(large, protocol="single-text", strategies={"chair": "nash-seeking(own=0.5)"}, seed=2)
    texts = [e.outcome for e in run.events if e.kind == EventKind.TEXT]
    assert texts
    for t in texts:
        assert t is not None and large.space.is_feasible(large.space.outcome(t))


def test_nash_seeking_on_anac_2016_agenthp2() -> None:
    s = load_scenario(AGENTHP2)
    assert s.space.size == 5_764_801
    run = simulate(s, protocol="single-text", config={"n_rounds": 400}, default_party="boulware", seed=1)
    assert run.agreement is not None
    outcome = s.space.outcome(run.agreement)
    assert all(p.preferences is not None and p.preferences.accepts(outcome) for p in s.negotiators)


def test_accord_run_single_text_on_agenthp2() -> None:
    result = CliRunner().invoke(app, ["run", str(AGENTHP2), "--protocol", "single-text", "--json"])
    assert result.exception is None, result.output
    doc = json.loads(result.output)
    assert doc["agreement"] is True
    assert doc["strategies"]["mediator"] == "nash-seeking"
    assert all(p["utility"] >= p["reservation"] for p in doc["parties"])
