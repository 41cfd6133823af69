"""Golden transcripts: the default run and a few seeded runs, stored and compared.

Any change of behaviour (a strategy, a protocol rule, the scenario file) shows up here as a
diff of tests/golden/*. To accept a change, regenerate them and review the diff:

    ACCORD_REGENERATE_GOLDEN=1 .venv/bin/pytest tests/engine/test_golden.py
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from engine_scenarios import trilateral
from typer.testing import CliRunner

from accord.cli.main import app
from accord.engine.events import event_to_dict
from accord.engine.runner import simulate
from accord.model import Scenario

GOLDEN = Path(__file__).resolve().parents[1] / "golden"
REGENERATE = os.environ.get("ACCORD_REGENERATE_GOLDEN") == "1"


def _rounded(value: Any) -> Any:
    if isinstance(value, float):
        return round(value, 9)
    if isinstance(value, dict):
        return {k: _rounded(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_rounded(v) for v in value]
    return value


def check(name: str, text: str) -> None:
    path = GOLDEN / name
    if REGENERATE:
        path.write_text(text, encoding="utf-8")
        return
    if not path.exists():
        pytest.fail(f"missing golden file {path}; run with ACCORD_REGENERATE_GOLDEN=1 to create it")
    expected = path.read_text(encoding="utf-8")
    assert text == expected, f"{name} changed; if intended, regenerate with ACCORD_REGENERATE_GOLDEN=1"


def record(scenario: Scenario, protocol: str, strategies: dict[str, str], config: dict[str, Any], seed: int) -> str:
    run = simulate(scenario, protocol=protocol, strategies=strategies, config=config, seed=seed)
    doc = {
        "scenario": scenario.id,
        "protocol": protocol,
        "strategies": dict(run.strategies),
        "config": config,
        "seed": seed,
        "metrics": _rounded(run.metrics().to_dict(scenario)),
        "events": [_rounded(event_to_dict(e)) for e in run.events],
    }
    return json.dumps(doc, indent=1, ensure_ascii=False) + "\n"


def test_default_run_json() -> None:
    result = CliRunner().invoke(app, ["run", "--json"])
    assert result.exit_code == 0, result.output
    doc = _rounded(json.loads(result.output))
    assert doc.pop("wall_s") > 0
    check("default-run.json", json.dumps(doc, indent=1, ensure_ascii=False) + "\n")


def test_default_run_transcript() -> None:
    result = CliRunner().invoke(app, ["run", "--transcript"], env={"COLUMNS": "120", "NO_COLOR": "1", "TERM": "dumb"})
    assert result.exit_code == 0, result.output
    assert "Day 1" in result.output and "End state" in result.output
    check("default-run.txt", result.output)


def test_saop_car_a(car_a: Scenario) -> None:
    check(
        "saop-car-a-boulware-conceder.json",
        record(car_a, "saop", {"prof1": "boulware", "prof2": "conceder"}, {"n_rounds": 100}, 0),
    )


def test_single_text_hill_climbing() -> None:
    check(
        "single-text-trilateral-hill-climber.json",
        record(trilateral(), "single-text", {"chair": "hill-climber"}, {"n_rounds": 20, "stop_on_unanimity": False}, 7),
    )


def test_phased_with_a_strategic_party_and_a_hard_liner() -> None:
    check(
        "phased-trilateral-strategic.json",
        record(
            trilateral(),
            "phased",
            {"alpha": "boulware(report=strategic)", "gamma": "hardliner(slack=0.3)", "chair": "nash-seeking"},
            {},
            3,
        ),
    )
