"""Tournament traces: each negotiation's event log stored with its results, replayed by ``accord replay``."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

from tournament_support import CAMERA_B
from typer.testing import CliRunner

from accord.cli.main import app
from accord.tournament import ResultStore, load_config, run_tournament

runner = CliRunner()


def _config(folder: Path) -> Path:
    path = folder / "traced.toml"
    path.write_text(
        textwrap.dedent(
            f"""
            name = "traced"
            strategies = ["boulware", "conceder", "tit-for-tat"]
            scenarios = ["{CAMERA_B}", "job-offer"]
            deadline = 30
            ignore_discount = true
            seed = 5
            """
        ),
        encoding="utf-8",
    )
    return path


def test_the_cli_keeps_traces_that_replay_to_the_stored_results(tmp_path: Path) -> None:
    config = _config(tmp_path)
    played = runner.invoke(app, ["tournament", "run", str(config), "--serial", "--traces", "--quiet"])
    assert played.exception is None, played.output
    results = config.with_suffix(".sqlite")
    with ResultStore(results, readonly=True) as store:
        records = store.records()
        assert store.trace_count() == len(records) == 18
    for record in records[::4]:
        shown = runner.invoke(app, ["replay", str(results), "--negotiation", str(record.number), "--json"])
        assert shown.exception is None, shown.output
        doc = json.loads(shown.output)
        assert doc["scenario"] == record.scenario
        assert doc["outcome"] == record.agreement and doc["agreement"] == (record.agreement is not None)
        assert doc["rounds"] == record.rounds
        assert [p["utility"] for p in doc["parties"]] == list(record.utilities)
    by_key = runner.invoke(app, ["replay", str(results), "-n", records[0].key])
    assert by_key.exception is None, by_key.output


def test_replay_asks_for_a_negotiation_and_explains_missing_traces(tmp_path: Path) -> None:
    config = _config(tmp_path)
    results = tmp_path / "untraced.sqlite"
    run_tournament(load_config(config), results)
    asked = runner.invoke(app, ["replay", str(results)])
    assert asked.exit_code == 1 and "--negotiation" in asked.output
    missing = runner.invoke(app, ["replay", str(results), "-n", "2"])
    assert missing.exit_code == 1 and "play the tournament with --traces" in " ".join(missing.output.split())
    unknown = runner.invoke(app, ["replay", str(results), "-n", "999"])
    assert unknown.exit_code == 1 and "no negotiation '999'" in " ".join(unknown.output.split())


def test_traces_do_not_change_results(tmp_path: Path) -> None:
    config = load_config(_config(tmp_path))
    run_tournament(config, tmp_path / "a.sqlite")
    run_tournament(config, tmp_path / "b.sqlite", traces=True)
    with ResultStore(tmp_path / "a.sqlite", readonly=True) as a, ResultStore(tmp_path / "b.sqlite", readonly=True) as b:
        assert [r.result() for r in a.records()] == [r.result() for r in b.records()]
        assert a.trace_count() == 0 and b.trace_count() == 18
