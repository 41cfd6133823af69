"""The NegMAS bridge: NegMAS's negotiators and the ANAC agents of negmas-genius-agents in accord.

Checked against NegMAS itself: on shared ANAC domains, every pair of a representative set of
deterministic agents (NegMAS's time-based, aspiration and tit-for-tat negotiators; the ANAC
2011 winner HardHeaded, the 2012 winner CUHKAgent and runner-up AgentLG, the 2013 winner
TheFawkes) reaches the same agreement in the same round in accord as in NegMAS's own
``SAOMechanism``. AgentK (ANAC 2010) is left out of that comparison: it draws random numbers
from Python's global generator, so even two NegMAS runs of the same pair differ (shown below).
"""

from __future__ import annotations

import itertools
import json
import random
import textwrap
from pathlib import Path

import pytest

pytest.importorskip("negmas", reason="the NegMAS bridge needs the negmas extra")
pytest.importorskip("negmas_genius_agents", reason="the ANAC agents need negmas-genius-agents")

from typer.testing import CliRunner

from accord.cli.main import app
from accord.engine.runner import simulate
from accord.engine.strategies import create
from accord.engine.strategies.contract import check_strategy
from accord.engine.strategies.negmas_bridge import native_run
from accord.formats import load_scenario
from accord.tournament import ResultStore

runner = CliRunner()
ANAC = Path(__file__).resolve().parents[2].parent / "shared" / "scenarios" / "genius" / "anac"
DOMAINS = ("y2012/ItexvsCypressA", "y2012/LaptopA")
AGENTS = (
    "negmas:BoulwareTBNegotiator",
    "negmas:ConcederTBNegotiator",
    "negmas:LinearTBNegotiator",
    "negmas:AspirationNegotiator",
    "negmas:NaiveTitForTatNegotiator",
    "negmas_genius_agents:HardHeaded",
    "negmas_genius_agents:CUHKAgent",
    "negmas_genius_agents:AgentLG",
    "negmas_genius_agents:TheFawkes",
)
STEPS = 60


@pytest.mark.parametrize("domain", DOMAINS)
def test_every_pair_agrees_as_in_negmas_itself(domain: str) -> None:
    scenario = load_scenario(ANAC / domain)
    first, second = (p.id for p in scenario.negotiators)
    differ = []
    agreements = 0
    for a, b in itertools.product(AGENTS, AGENTS):
        expected, steps = native_run(scenario, a, b, n_steps=STEPS)
        run = simulate(scenario, protocol="saop", strategies={first: a, second: b}, config={"n_rounds": STEPS})
        rounds = run.metrics().rounds
        agreements += expected is not None
        if run.agreement != expected or (expected is not None and rounds != steps):
            differ.append(f"{a} vs {b}: NegMAS {expected} at step {steps}, accord {run.agreement} in round {rounds}")
    assert differ == []
    assert agreements >= len(AGENTS)  # the comparison is not only of failures


def test_agent_k_is_random_in_negmas_too() -> None:
    scenario = load_scenario(ANAC / DOMAINS[0])
    seen = set()
    for seed in range(6):
        random.seed(seed)
        seen.add(native_run(scenario, "negmas_genius_agents:AgentK", "negmas_genius_agents:AgentK", n_steps=STEPS))
    assert len(seen) > 1


def test_a_bridged_agent_sees_only_its_own_seat_and_keeps_the_contract() -> None:
    agent = create("negmas_genius_agents:HardHeaded")
    assert agent.info.kind == "negmas" and agent.info.protocols == frozenset({"saop"})
    report = check_strategy("negmas_genius_agents:HardHeaded", scenario=str(ANAC / DOMAINS[0]))
    assert report.ok, report.failures
    assert {c.name for c in report.checks} >= {"information", "determinism", "valid actions", "deadline"}


def test_constructor_parameters_reach_the_negotiator() -> None:
    scenario = load_scenario(ANAC / DOMAINS[0])
    first, second = (p.id for p in scenario.negotiators)
    eager = simulate(
        scenario,
        protocol="saop",
        strategies={first: "negmas:AspirationNegotiator(max_aspiration=0.6)", second: "conceder"},
        config={"n_rounds": STEPS},
    )
    assert eager.strategies[first] == "negmas:AspirationNegotiator(max_aspiration=0.6)"
    assert eager.metrics().rounds < STEPS


def test_a_mixed_tournament_completes_with_traces(tmp_path: Path) -> None:
    config = tmp_path / "mixed.toml"
    config.write_text(
        textwrap.dedent(
            f"""
            name = "mixed"
            strategies = ["boulware", "opponent-model", "negmas:BoulwareTBNegotiator",
                          "negmas_genius_agents:HardHeaded", "negmas_genius_agents:TheFawkes"]
            scenarios = ["{ANAC / DOMAINS[0]}"]
            deadline = 40
            seed = 1
            """
        ),
        encoding="utf-8",
    )
    played = runner.invoke(app, ["tournament", "run", str(config), "-j", "2", "--traces", "--quiet"])
    assert played.exception is None, played.output
    results = config.with_suffix(".sqlite")
    with ResultStore(results, readonly=True) as store:
        records = store.records()
        assert len(records) == 25 and store.trace_count() == 25
    assert all(r.end != "error" for r in records), [r.error for r in records if r.error]
    assert sum(r.end == "agreement" for r in records) > 0
    mixed = next(r for r in records if "negmas_genius_agents:HardHeaded" in r.strategies and "boulware" in r.strategies)
    shown = runner.invoke(app, ["replay", str(results), "-n", str(mixed.number), "--json"])
    assert shown.exception is None, shown.output
    assert json.loads(shown.output)["rounds"] == mixed.rounds
    report = runner.invoke(app, ["tournament", "equilibria", str(results), "--json"])
    assert report.exception is None, report.output
    assert json.loads(report.output)["equilibria"]
