"""`accord agent`, `accord sessions list/export/close` and `accord replay` of an exported session."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from service_servers import serving
from typer.testing import CliRunner

from accord import scenarios
from accord.cli.main import app
from accord.client import create_session
from accord.engine.events import read_events
from accord.engine.runner import simulate

runner = CliRunner()


def test_agents_from_the_command_line_then_list_export_replay_close(tmp_path: Path) -> None:
    db = str(tmp_path / "s.db")
    specs = {"candidate": "boulware", "recruiter": "conceder"}
    with serving(db) as server:
        doc = create_session(server.url, {"scenario": "job-offer", "protocol": "saop", "seed": 9})
        procs = [
            subprocess.Popen(
                [sys.executable, "-m", "accord.cli.main", "agent", doc["links"][seat], "--strategy", spec, "--json"],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for seat, spec in specs.items()
        ]
        outs = [p.communicate(timeout=120) for p in procs]
    for p, (out, err) in zip(procs, outs, strict=True):
        assert p.returncode == 0, err
        assert json.loads(out)["over"] is True
    listed = runner.invoke(app, ["sessions", "list", "--db", db, "--json"])
    assert listed.exception is None, listed.output
    rows = json.loads(listed.output)
    assert [r["id"] for r in rows] == [doc["id"]] and rows[0]["status"] == "open"
    out = tmp_path / "log.jsonl"
    exported = runner.invoke(app, ["sessions", "export", doc["id"], "--db", db, "--out", str(out), "--json"])
    assert exported.exception is None, exported.output
    expected = simulate(scenarios.get("job-offer"), protocol="saop", strategies=specs, seed=9)
    assert tuple(read_events(out)) == expected.events
    replayed = runner.invoke(app, ["replay", str(out), "--json"])
    assert replayed.exception is None, replayed.output
    assert json.loads(replayed.output)["events"] == len(expected.events)
    closed = runner.invoke(app, ["sessions", "close", doc["id"], "--db", db, "--json"])
    assert closed.exception is None and json.loads(closed.output)["status"] == "closed"
    missing = runner.invoke(app, ["sessions", "close", "nope", "--db", db])
    assert missing.exit_code == 1 and "no session" in missing.output


def test_agent_with_a_bad_link_fails_cleanly() -> None:
    result = runner.invoke(app, ["agent", "http://127.0.0.1:9/nothing", "--strategy", "boulware"])
    assert result.exit_code == 1
    assert "not a join link" in result.output
