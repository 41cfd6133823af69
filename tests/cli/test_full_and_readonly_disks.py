"""Every command that writes, on a full disk and in a read-only folder: a clear error, the old file intact."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest
from typer.testing import CliRunner

from accord.cli.main import app
from disks import disk
from shared_data import SCENARIOS, SMALL_TOURNAMENT

runner = CliRunner()
PREVIOUS = b"the previous file\n"
TOURNAMENT = SMALL_TOURNAMENT


def invoke(*args: str) -> tuple[int, str, BaseException | None]:
    result = runner.invoke(app, list(args), env={"COLUMNS": "200"})
    return result.exit_code, " ".join(result.output.split()), result.exception


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("inputs")
    log = folder / "events.jsonl"
    code, out, _ = invoke("run", "job-offer", "--protocol", "saop", "--log", str(log))
    assert code == 0, out
    config = folder / "disk.toml"
    config.write_text(TOURNAMENT, encoding="utf-8")
    results = folder / "disk.sqlite"
    code, out, _ = invoke("tournament", "run", str(config), "--serial", "-q", "-o", str(results))
    assert code == 0, out
    return {"log": log, "config": config, "results": results}


# name -> (file in the special folder, command given that file)
COMMANDS: dict[str, tuple[str, Callable[[dict[str, Path], Path], list[str]]]] = {
    "new": ("s.toml", lambda i, t: ["new", str(t), "--force"]),
    "import": (
        "s.toml",
        lambda i, t: ["import", str(SCENARIOS / "genius" / "anac" / "y2012" / "CameraB"), "-o", str(t)],
    ),
    "run --log": ("e.jsonl", lambda i, t: ["run", "job-offer", "--protocol", "saop", "--log", str(t)]),
    "run --report": ("r.html", lambda i, t: ["run", "job-offer", "--protocol", "saop", "--report", str(t)]),
    "analyze --report": ("a.html", lambda i, t: ["analyze", "job-offer", "--report", str(t)]),
    "replay --report": ("r.html", lambda i, t: ["replay", str(i["log"]), "--report", str(t)]),
    "tournament export": ("x.csv", lambda i, t: ["tournament", "export", str(i["results"]), str(t)]),
    "tournament report --html": ("t.html", lambda i, t: ["tournament", "report", str(i["results"]), "--html", str(t)]),
}


@pytest.mark.parametrize("state", ["full", "readonly"])
@pytest.mark.parametrize("name", list(COMMANDS))
def test_a_writing_command_fails_cleanly_and_keeps_the_old_file(
    tmp_path: Path, inputs: dict[str, Path], name: str, state: str
) -> None:
    filename, command = COMMANDS[name]
    with disk(tmp_path / "disk", {filename: PREVIOUS}, state=state) as folder:
        target = folder / filename
        code, out, exc = invoke(*command(inputs, target))
        assert code == 1 and isinstance(exc, SystemExit), (out, exc)
        assert "cannot write" in out, out
        assert ("No space left" in out) if state == "full" else ("Read-only" in out), out
        assert target.read_bytes() == PREVIOUS
        assert sorted(p.name for p in folder.iterdir() if p.name != ".filler") == [filename]  # no temporary left


def _count(path: Path) -> int:
    with closing(sqlite3.connect(f"{path.resolve().as_uri()}?immutable=1", uri=True)) as db:
        return int(db.execute("SELECT count(*) FROM negotiations").fetchone()[0])


@pytest.mark.parametrize("state", ["full", "readonly"])
def test_a_tournament_on_a_full_or_read_only_disk_keeps_its_results(
    tmp_path: Path, inputs: dict[str, Path], state: str
) -> None:
    previous = inputs["results"].read_bytes()
    stored = _count(inputs["results"])
    with disk(tmp_path / "disk", {"disk.sqlite": previous}, state=state) as folder:
        target = folder / "disk.sqlite"
        code, out, exc = invoke(
            "tournament", "run", str(inputs["config"]), "--serial", "-q", "--restart", "-o", str(target)
        )
        assert code == 1 and isinstance(exc, SystemExit), (out, exc)
        assert "disk.sqlite" in out and ("full" in out if state == "full" else "read-only" in out), out
        assert _count(target) == stored
        # and reports read a results file in a read-only folder
        code, out, exc = invoke("tournament", "report", str(target), "--json")
        assert code == 0 and exc is None, out
