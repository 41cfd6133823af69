"""accord replay: a recorded run is rebuilt from its log, checked, and shown or reported."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from accord.cli.main import app

runner = CliRunner()


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args), env={"COLUMNS": "200"})
    return result.exit_code, result.output


def metrics_of(out: str) -> dict[str, object]:
    doc = json.loads(out)
    return {k: doc[k] for k in ("agreement", "outcome", "rounds", "parties", "welfare", "verdict")}


def test_replay_rebuilds_the_recorded_run(tmp_path: Path) -> None:
    log = tmp_path / "events.jsonl"
    code, out = run("run", "--json", "--log", str(log))
    assert code == 0, out
    original = metrics_of(out)
    code, out = run("replay", str(log), "--json")
    assert code == 0, out
    assert metrics_of(out) == original
    code, out = run("replay", str(log))
    assert code == 0, out
    assert "Day 2 (5 February 2026)" in out


def test_replay_refuses_a_log_that_breaks_the_rules(tmp_path: Path) -> None:
    log = tmp_path / "events.jsonl"
    code, _ = run("run", "job-offer", "--protocol", "saop", "--log", str(log))
    assert code == 0
    lines = log.read_text(encoding="utf-8").splitlines()
    first = json.loads(lines[1])
    assert first["party"] == "candidate"
    first["party"] = "recruiter"  # the recruiter now opens: out of turn
    lines[1] = json.dumps(first)
    log.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out = run("replay", str(log))
    assert code == 1
    assert "event 1 (offer by recruiter) breaks the rules" in " ".join(out.split())
    assert "Traceback" not in out


def test_replay_needs_the_scenario_of_the_log(tmp_path: Path) -> None:
    log = tmp_path / "events.jsonl"
    run("run", "job-offer", "--protocol", "saop", "--log", str(log))
    code, out = run("replay", str(log), "--scenario", "harbour-development")
    assert code == 1
    assert "the log is of scenario 'job-offer'" in out
    bad = tmp_path / "bad.jsonl"
    bad.write_text("not json\n", encoding="utf-8")
    code, out = run("replay", str(bad))
    assert code == 1
    assert "bad.jsonl:1: not JSON" in " ".join(out.split())
    code, out = run("replay", str(tmp_path / "missing.jsonl"))
    assert code == 1
    assert "cannot read the event log" in out


def test_replay_writes_a_run_report(tmp_path: Path) -> None:
    log = tmp_path / "events.jsonl"
    run("run", "job-offer", "--protocol", "saop", "--log", str(log))
    out_file = tmp_path / "run.html"
    code, out = run("replay", str(log), "--report", str(out_file), "--party", "candidate")
    assert code == 0, out
    text = out_file.read_text(encoding="utf-8")
    assert "Job offer" in text
