"""``accord tournament run | report | export``, driven as a user would."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
import types
from contextlib import closing
from pathlib import Path

import pytest
from tournament_support import CAMERA_B
from typer.testing import CliRunner

from accord.cli.main import app
from accord.tournament import ResultStore, TournamentReport

runner = CliRunner()

CONFIG = f"""
name = "cli-league"
strategies = ["boulware", "linear", {{ spec = "time-based(e=0.5)", label = "half" }}]
scenarios = ["{CAMERA_B}", "job-offer"]
deadline = 30
seed = 2
"""


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args), env={"COLUMNS": "200"})
    return result.exit_code, result.output


@pytest.fixture
def league(tmp_path: Path) -> Path:
    path = tmp_path / "league.toml"
    path.write_text(CONFIG)
    return path


def test_run_report_export(league: Path, tmp_path: Path) -> None:
    code, out = run("tournament", "run", str(league), "--serial")
    assert code == 0, out
    assert "18 played" in out and "Leaderboard by advantage" in out and "half" in out
    results = league.with_suffix(".sqlite")
    with ResultStore(results, readonly=True) as store:
        assert store.count() == 18

    code, out = run("tournament", "run", str(league), "--serial")
    assert code == 0 and "nothing to play" in out

    code, out = run("tournament", "report", str(league), "--json")
    assert code == 0, out
    data = json.loads(out)
    assert data["summary"]["negotiations"] == 18 and data["planned"] == 18
    assert [row["rank"] for row in data["leaderboard"]] == [1, 2, 3]
    assert data["interval"]["method"] == "Student t-interval of the mean"
    assert len(data["matrix"]["values"]) == 3

    code, out = run("tournament", "report", str(results), "--by", "utility")
    assert code == 0 and "Leaderboard by utility" in out and "Mean utility" in out

    code, out = run("tournament", "export", str(results), str(tmp_path / "out.csv"))
    assert code == 0 and "wrote 18 negotiations" in out
    assert len((tmp_path / "out.csv").read_text().splitlines()) == 19


def test_html_hook_calls_the_report_module(league: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert run("tournament", "run", str(league), "--serial", "-q")[0] == 0
    seen: list[TournamentReport] = []

    def write_tournament_report(report: TournamentReport, path: Path) -> Path:
        seen.append(report)
        Path(path).write_text("<html></html>")
        return Path(path)

    fake = types.ModuleType("accord.report.tournament")
    fake.write_tournament_report = write_tournament_report  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "accord.report.tournament", fake)
    code, out = run("tournament", "report", str(league), "--html", str(tmp_path / "r.html"))
    assert code == 0, out
    (report,) = seen
    assert report.name == "cli-league" and report.summary["negotiations"] == 18
    assert set(report.distributions) == {"boulware", "linear", "half"}


def test_errors_name_the_file_and_field(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('strategies = ["boulware", "nope"]\nscenarios = ["job-offer"]\n')
    code, out = run("tournament", "run", str(bad))
    assert code == 1
    assert "bad.toml:1: strategies[1]: no strategy 'nope'" in " ".join(out.split())
    code, out = run("tournament", "report", str(tmp_path / "missing.sqlite"))
    assert code == 1 and "no results file" in out
    code, out = run("tournament", "run", str(bad), "--by", "charisma")
    assert code == 1 and "unknown score 'charisma'" in out


def test_ctrl_c_stops_cleanly_and_keeps_what_finished(league: Path, tmp_path: Path) -> None:
    # large enough that the run is still going when the interrupt arrives, even on a fast machine
    reps = 400
    league.write_text(CONFIG.replace("seed = 2", f"seed = 2\nrepetitions = {reps}\nbatch_size = 10"))
    results = league.with_suffix(".sqlite")
    log = tmp_path / "run.log"

    def count() -> int:
        try:
            with closing(sqlite3.connect(results)) as db:
                return int(db.execute("SELECT count(*) FROM negotiations").fetchone()[0])
        except sqlite3.OperationalError:
            return 0

    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "accord.cli.main", "tournament", "run", str(league), "-j", "2"],
            start_new_session=True,
            stdout=out,
            stderr=subprocess.STDOUT,
            env={**os.environ, "COLUMNS": "200"},
        )
        deadline = time.monotonic() + 60
        while (not results.exists() or count() < 50) and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.005)
        os.killpg(proc.pid, signal.SIGINT)  # what a terminal sends to the foreground group on Ctrl-C
        code = proc.wait(timeout=30)
    text = log.read_text()
    assert code == 130, text
    assert "stopped" in text and "Traceback" not in text
    kept = count()
    assert 50 <= kept < reps * 18
    code, out = run("tournament", "run", str(league), "-j", "2", "-q")
    assert code == 0, out
    assert count() == reps * 18


def test_tournament_help_loads_no_cluster_or_parquet_library() -> None:
    code = (
        "import sys, json\n"
        "from accord.cli.main import app\n"
        "try:\n    app(['tournament', '--help'])\nexcept SystemExit:\n    pass\n"
        "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = set(json.loads(out.stdout.strip().splitlines()[-1]))
    assert not loaded & {"dask", "distributed", "pyarrow", "pandas", "plotly"}
