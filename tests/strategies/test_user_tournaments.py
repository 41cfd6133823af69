"""User strategies in tournaments: a file, a module and an installed package, on every back-end."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from user_files import write_sprint

from accord.tournament import DaskBackend, ProcessBackend, ResultStore, SerialBackend, load_config, run_tournament

CAMERA_B = Path(__file__).resolve().parents[2].parent / "shared" / "scenarios" / "genius" / "anac" / "y2012" / "CameraB"


def _league(folder: Path) -> Path:
    """A tournament file naming a file strategy by a path relative to itself."""
    (folder / "mine").mkdir()
    write_sprint(folder / "mine")
    config = folder / "league.toml"
    config.write_text(
        textwrap.dedent(
            f"""
            name = "users"
            strategies = ["boulware", "mine/sprint.py:Sprint(k=2)", "late-sprint", "user_module:Patient(until=0.8)"]
            scenarios = ["{CAMERA_B}", "job-offer"]
            deadline = 30
            seed = 3
            """
        ),
        encoding="utf-8",
    )
    return config


def _rows(path: Path) -> list[tuple[object, ...]]:
    with ResultStore(path, readonly=True) as store:
        return [r.result() for r in sorted(store.records(), key=lambda r: r.number)]


@pytest.fixture(scope="module")
def league(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[tuple[object, ...]]]:
    folder = tmp_path_factory.mktemp("league")
    config = _league(folder)
    serial = folder / "serial.sqlite"
    run_tournament(load_config(config), serial, backend=SerialBackend())
    return config, _rows(serial)


def test_the_league_names_user_strategies_as_written(league: tuple[Path, list[tuple[object, ...]]]) -> None:
    config, rows = league
    loaded = load_config(config)
    assert loaded.strategy_labels == (
        "boulware",
        "mine/sprint.py:Sprint(k=2)",
        "late-sprint",
        "user_module:Patient(until=0.8)",
    )
    assert Path(loaded.strategies[1].split(":")[0]).is_absolute()
    assert len(rows) == 2 * 16
    played = {s for r in rows for s in r[5]}  # strategies
    assert played == set(loaded.strategy_labels)
    assert all(r[7] != "error" for r in rows), [r[-2] for r in rows if r[7] == "error"]


def test_processes_load_user_strategies_in_their_workers(
    league: tuple[Path, list[tuple[object, ...]]], tmp_path: Path
) -> None:
    config, rows = league
    out = tmp_path / "processes.sqlite"
    with ProcessBackend(2) as backend:
        run_tournament(load_config(config), out, backend=backend)
    assert _rows(out) == rows


def test_dask_loads_user_strategies_in_its_workers(
    league: tuple[Path, list[tuple[object, ...]]], tmp_path: Path
) -> None:
    config, rows = league
    out = tmp_path / "dask.sqlite"
    with DaskBackend("local", workers=1) as backend:
        run_tournament(load_config(config), out, backend=backend)
    assert _rows(out) == rows


def test_a_script_without_a_main_guard_runs_a_process_tournament(tmp_path: Path) -> None:
    write_sprint(tmp_path)
    script = tmp_path / "unguarded.py"
    script.write_text(
        textwrap.dedent(
            f"""
            from accord.tournament import ProcessBackend, TournamentConfig, run_tournament

            config = TournamentConfig(
                strategies=("boulware", "{tmp_path}/sprint.py:Sprint"), scenarios=("job-offer",), deadline=20
            )
            seen = []
            with ProcessBackend(2) as backend:
                done = run_tournament(config, "{tmp_path}/out.sqlite", backend=backend,
                                      progress=lambda n, total: seen.append((n, total)))
            print("played", done.played, "of", done.planned, "progress", seen[-1])
            """
        ),
        encoding="utf-8",
    )
    proc = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=240, check=False)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.count("played") == 1  # the workers did not run the script again
    assert "played 4 of 4" in proc.stdout
