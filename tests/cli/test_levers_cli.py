"""``accord levers``, ``whatif``, ``evaluate`` and ``analyze --uncertainty``, driven as a user would."""

from __future__ import annotations

import json
import time
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

import accord
from accord.cli.main import app
from accord.formats.accord_file import save_scenario
from accord.model import Preferences

runner = CliRunner()

DRAFT = (
    "territory=demilitarised_zone,recognition=de_facto_only,security_guarantees=binding_guarantees,"
    "sanctions=maintained,weapons_supply=continued,energy_strikes=full_ceasefire,sequencing=simultaneous"
)


def run(*args: str) -> str:
    result = runner.invoke(app, list(args), env={"COLUMNS": "200"})
    assert result.exception is None, result.output
    assert result.exit_code == 0, result.output
    return result.output


def fails(*args: str) -> str:
    result = runner.invoke(app, list(args), env={"COLUMNS": "200"})
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.output
    return result.output


def test_levers_rank_every_lever_and_pair_by_the_exact_zone() -> None:
    talks = accord.scenarios.get("abu-dhabi-2026")
    doc = json.loads(run("levers", "--json"))
    n = len(talks.levers)
    assert len(doc["levers"]) == n + n * (n - 1) // 2
    zone = accord.analysis.zopa(talks).count
    assert doc["baseline"]["zone"] == zone
    growth = [e["growth"] for e in doc["levers"] if not e["opens"]]
    assert growth == sorted(growth, reverse=True)
    assert all(e["zone"] - zone == e["growth"] for e in doc["levers"])
    text = run("levers")
    assert "Tighten sanctions on Russia" in text and f"holds {zone:,} packages" in text


def test_levers_with_simulated_runs_report_an_agreement_rate() -> None:
    doc = json.loads(run("levers", "--json", "--runs", "2", "--no-pairs"))
    assert all(0.0 <= e["agreement_rate"] <= 1.0 for e in doc["levers"])
    assert doc["baseline"]["agreement_rate"] is not None


def test_whatif_reads_as_sentences_and_json() -> None:
    text = run("whatif")
    assert "What would it take" in text and "would need to" in text
    talks = accord.scenarios.get("abu-dhabi-2026")
    zone = accord.analysis.zopa(talks).count
    goal = ["--widen", "0.2"] if zone else []
    doc = json.loads(run("whatif", "--json", "--of", "russia", "--parameter", "reservation", *goal))
    (f,) = doc["findings"]
    assert f["party"] == "russia" and f["current"] == talks.preferences("russia").reservation
    if f["needed"] is not None:
        assert f["zone_after"] >= max(1, f["zone_before"] * 1.2)
    doc = json.loads(run("whatif", "--json", "--package", DRAFT))
    assert doc["goal"] == "make the package acceptable to all"
    assert all(x["party"] in ("ukraine", "russia") for x in doc["findings"])


def test_evaluate_a_draft() -> None:
    doc = json.loads(run("evaluate", "--package", DRAFT, "--json", "--samples", "2000"))
    talks = accord.scenarios.get("abu-dhabi-2026")
    outcome = talks.space.from_values(dict(x.split("=") for x in DRAFT.split(",")))
    for v in doc["parties"]:
        prefs = talks.preferences(v["party"])
        assert v["accepts"] == prefs.accepts(outcome)
        assert abs(v["margin"] - (prefs(outcome) - prefs.reservation)) < 1e-12
        assert 0.0 <= v["p_accept"] <= 1.0
    assert doc["accepted_by_all"] == all(v["accepts"] for v in doc["parties"])
    assert doc["method"] == "monte carlo" and doc["error_95"] > 0
    assert "Probability that every party accepts" in run("evaluate", "--package", DRAFT)


def test_uncertainty_analysis() -> None:
    doc = json.loads(run("analyze", "--uncertainty", "--samples", "2000", "--json"))
    assert doc["method"] == "monte carlo" and doc["draws"] == 2000
    assert 0.0 <= doc["p_zone_exists"] <= 1.0 and doc["most_robust"] and doc["nash"]
    text = run("analyze", "--uncertainty", "--samples", "500")
    assert "Probability that a zone of agreement exists" in text and "Monte Carlo" in text


def test_mistakes_get_clear_errors() -> None:
    assert "ISSUE=OPTION" in fails("evaluate", "--package", "territory")
    assert "missing issues" in fails("evaluate", "--package", "territory=demilitarised_zone")
    assert "--package" in fails("evaluate")
    assert "beliefs.russia.ukraine" in fails("whatif", "--party", "russia")
    assert "declares no levers" in fails("levers", "job-offer")
    assert "no uncertain parameters" in fails("analyze", "job-offer", "--uncertainty")


def test_default_commands_are_quick() -> None:
    for args in (("levers", "--json"), ("whatif", "--json")):
        start = time.perf_counter()
        run(*args)
        assert time.perf_counter() - start < 30  # loose: the numbers in the README come from bench/


@pytest.mark.parametrize(
    "args",
    [
        ("whatif", "--json"),
        ("levers", "--json"),
        ("analyze", "--uncertainty", "--samples", "500", "--json"),
        ("evaluate", "--package", DRAFT, "--samples", "500", "--json"),
    ],
)
def test_a_party_view_carries_nothing_of_the_other_true_preferences(tmp_path: Path, args: tuple[str, ...]) -> None:
    talks = accord.scenarios.get("abu-dhabi-2026")
    russia = talks.preferences("russia")
    moved = Preferences(russia.utility, 0.1234, russia.cost_of_delay, {"territory": frozenset({"demilitarised_zone"})})
    other = talks.with_parties([replace(p, preferences=moved) if p.id == "russia" else p for p in talks.parties])
    a, b = tmp_path / "a.toml", tmp_path / "b.toml"
    save_scenario(talks, a)
    save_scenario(other, b)
    out_a = run(args[0], str(a), *args[1:], "--party", "ukraine")
    out_b = run(args[0], str(b), *args[1:], "--party", "ukraine")
    assert out_a == out_b
    assert run(args[0], str(a), *args[1:]) != run(args[0], str(b), *args[1:])  # the analyst's view does change
    assert "0.1234" not in out_b
