"""A tournament killed with SIGKILL resumes where it stopped: nothing lost, nothing played twice."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

from tournament_support import CAMERA_B, results, stored

from accord.tournament import ProcessBackend, load_config, run_tournament

CONFIG = f"""
name = "resume"
strategies = ["boulware", "linear", "conceder", "random(p=0.2)"]
scenarios = ["{CAMERA_B}", "job-offer"]
deadline = 60
repetitions = 150
seed = 3
batch_size = 10
"""


def _count(path: Path) -> int:
    if not path.exists():
        return 0
    try:
        with closing(sqlite3.connect(path)) as db:
            return int(db.execute("SELECT count(*) FROM negotiations").fetchone()[0])
    except sqlite3.OperationalError:  # the table is not created yet
        return 0


def test_killed_run_resumes_without_losing_or_repeating(tmp_path: Path) -> None:
    config_path = tmp_path / "resume.toml"
    config_path.write_text(CONFIG)
    results_path = tmp_path / "resume.sqlite"
    planned = 150 * 2 * 16
    log = tmp_path / "run.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "accord.cli.main", "tournament", "run", str(config_path), "-j", "2", "-q"],
            start_new_session=True,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    deadline = time.monotonic() + 60
    try:
        while _count(results_path) < 100:
            if proc.poll() is not None:
                raise AssertionError(f"the run ended before it was killed: {log.read_text()}")
            if time.monotonic() > deadline:
                raise AssertionError("the run stored nothing within 60 s")
            time.sleep(0.005)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)  # the run and its worker processes, with no chance to clean up
        proc.wait()
    survived = _count(results_path)
    assert 100 <= survived < planned, "kill the run mid-tournament"
    with closing(sqlite3.connect(results_path)) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"

    config = load_config(config_path)
    with ProcessBackend(2) as backend:
        summary = run_tournament(config, results_path, backend=backend)
    assert summary.already_done == survived
    assert summary.played == planned - survived
    assert summary.complete and not summary.interrupted
    resumed = stored(results_path)
    assert len(resumed) == len({r.key for r in resumed}) == planned

    fresh = tmp_path / "fresh.sqlite"
    with ProcessBackend(2) as backend:
        run_tournament(config, fresh, backend=backend)
    assert results(resumed) == results(stored(fresh))


def _session_members(sid: int) -> list[int]:
    """Live processes of session ``sid`` (zombies excluded), from /proc."""
    out = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        if fields[0] != "Z" and int(fields[3]) == sid:  # state, ppid, pgrp, session
            out.append(int(entry.name))
    return out


def _count_main_file(path: Path, scratch: Path) -> int:
    """Rows in the results file alone, without its write-ahead log (read from a byte copy, so
    no reader ever holds the live file and delays a checkpoint); 0 if caught mid-write."""
    if not path.exists():
        return 0
    for extra in ("-wal", "-shm"):
        Path(f"{scratch}{extra}").unlink(missing_ok=True)
    scratch.write_bytes(path.read_bytes())
    try:
        return _count(scratch)
    except sqlite3.DatabaseError:  # a page copied while the run was writing it: look again
        return 0


def test_kill_9_of_the_run_leaves_no_process_and_a_self_contained_file(tmp_path: Path) -> None:
    config_path = tmp_path / "kill.toml"
    config_path.write_text(CONFIG)
    results_path = tmp_path / "kill.sqlite"
    with (tmp_path / "run.log").open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "accord.cli.main", "tournament", "run", str(config_path), "-j", "2", "-q"],
            start_new_session=True,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        # wait until finished batches have reached the main file itself, however slow the machine
        deadline = time.monotonic() + 120
        while _count_main_file(results_path, tmp_path / "poll.sqlite") < 40:
            assert proc.poll() is None, "the run ended before it was killed"
            assert time.monotonic() < deadline, "no batch reached the main results file within 120 s"
            time.sleep(0.01)
        os.kill(proc.pid, signal.SIGKILL)  # the run only: its workers are not told
        proc.wait()
        deadline = time.monotonic() + 20
        while _session_members(proc.pid) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert _session_members(proc.pid) == [], "worker, forkserver or resource tracker left running"
    finally:
        for pid in _session_members(proc.pid):
            os.kill(pid, signal.SIGKILL)
    # a copy of the main file alone (no -wal) holds every finished batch: all that were stored,
    # but for at most the one whose copy from the log the kill interrupted
    copy = tmp_path / "copy.sqlite"
    copy.write_bytes(results_path.read_bytes())
    with closing(sqlite3.connect(copy)) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    in_copy = _count(copy)
    stored_rows = _count(results_path)  # with the log (after the copy: closing the file checkpoints it)
    batch = 10
    assert 40 <= stored_rows < 150 * 2 * 16, "kill the run mid-tournament"
    assert stored_rows - batch <= in_copy <= stored_rows
    assert in_copy >= 40
