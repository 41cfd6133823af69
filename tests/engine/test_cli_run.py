"""``accord run`` through Typer's test runner."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from accord.cli.main import app
from accord.engine.events import read_events
from accord.engine.protocols import replay
from accord.formats import load_scenario
from cli_checks import clean_error

runner = CliRunner()
CAR_A = Path(__file__).resolve().parents[2].parent / "shared" / "scenarios" / "genius" / "anac" / "y2012" / "CarA"


def test_run_json_default() -> None:
    result = runner.invoke(app, ["run", "--json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    assert doc["scenario"] == "abu-dhabi-2026" and doc["protocol"] == "phased"
    assert set(doc["strategies"]) == {"ukraine", "russia", "united_states"}
    assert len(doc["progress"]) >= 1 and doc["verdict"]
    for key in (
        "agreement",
        "rounds",
        "time",
        "parties",
        "welfare",
        "nash_product",
        "frontier_distance",
        "nash_distance",
    ):
        assert key in doc


def test_run_saop_on_a_genius_folder_with_a_log(tmp_path: Path) -> None:
    log = tmp_path / "events.jsonl"
    args = [
        "run",
        str(CAR_A),
        "--protocol",
        "saop",
        "-s",
        "prof1=boulware",
        "-s",
        "prof2=conceder(eps=0.001)",
        "--seed",
        "3",
        "--rounds",
        "60",
        "--json",
        "--log",
        str(log),
    ]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    assert doc["strategies"] == {"prof1": "time-based(e=0.25)", "prof2": "time-based(e=4.0,eps=0.001)"}
    assert doc["n_rounds"] == 60 and doc["agreement"] is True
    assert doc["outcome_values"] is not None
    events = read_events(log)
    assert len(events) == doc["events"]
    _, state = replay(load_scenario(CAR_A), events)
    assert state.agreement == doc["outcome"]


def test_run_one_strategy_for_every_party_and_options() -> None:
    result = runner.invoke(
        app,
        [
            "run",
            "-p",
            "single-text",
            "-s",
            "hardliner",
            "-o",
            "stop_on_unanimity=false",
            "-s",
            "united_states=hill-climber",
            "--rounds",
            "8",
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    assert doc["strategies"]["ukraine"] == "hardliner" and doc["strategies"]["united_states"] == "hill-climber"
    assert doc["config"] == {"stop_on_unanimity": False, "n_rounds": 8}


def test_run_transcript_saop() -> None:
    result = runner.invoke(
        app,
        ["run", str(CAR_A), "-p", "saop", "-s", "boulware", "--rounds", "40", "--transcript"],
        env={"COLUMNS": "160"},
    )
    assert result.exit_code == 0, result.output
    assert "Offers" in result.output and "End state" in result.output and "Pareto frontier" in result.output


def test_run_errors_are_reported_cleanly() -> None:
    for args, message in (
        (["run", "-s", "ukraine=nope"], "no strategy 'nope'"),
        (["run", "-s", "nobody=linear"], "no seat nobody"),
        (["run", "-p", "auction"], "no protocol 'auction'"),
        (["run", "-o", "colour=blue"], "unknown PhasedConfig option"),
        (["run", "-o", "oops"], "KEY=VALUE"),
        (["run", "-p", "saop", "-s", "ukraine=nash-seeking"], "cannot take the party seat"),
        (["run", "-p", "phased", "-s", "tit-for-tat"], "does not play the phased protocol"),
    ):
        clean_error(runner.invoke(app, args), says=message)


def test_list_strategies() -> None:
    result = runner.invoke(app, ["run", "--list-strategies"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    for name in ("time-based", "boulware", "hardliner", "nash-seeking", "hill-climber", "opponent-model"):
        assert name in result.output
