"""Per-scenario and per-role breakdowns, in the report data, the command and the HTML report."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from tournament_support import reference
from typer.testing import CliRunner

from accord.cli.main import app
from accord.report.tournament import tournament_report
from accord.tournament import ResultStore
from accord.tournament.scores import breakdown, report

runner = CliRunner()


def test_breakdowns_are_the_means_of_the_seats_in_each_group() -> None:
    records = list(reference())
    by_scenario = breakdown(records, metric="utility", key="scenario")
    by_role = breakdown(records, metric="advantage", key="role")
    assert set(by_scenario.groups) == {r.scenario for r in records}
    assert len(by_role.groups) == sum(len(set(r.parties)) for r in {r.scenario: r for r in records}.values())
    for table, metric, group_of in (
        (by_scenario, "utility", lambda r, seat: r.scenario),
        (by_role, "advantage", lambda r, seat: f"{r.scenario}: {r.parties[seat]}"),
    ):
        for i, s in enumerate(table.strategies):
            for k, g in enumerate(table.groups):
                seen = [
                    (r.utilities if metric == "utility" else r.advantages)[seat]
                    for r in records
                    for seat, name in enumerate(r.strategies)
                    if name == s and group_of(r, seat) == g
                ]
                value = table.values[i][k]
                assert value is not None and value == pytest.approx(math.fsum(seen) / len(seen))
                assert table.counts[i][k] == len(seen)


def test_the_report_carries_breakdowns_and_the_meta_game(tmp_path: Path) -> None:
    data = report(list(reference()))
    assert [b.key for b in data.breakdowns] == ["scenario", "role"]
    assert data.metagame is not None and data.metagame.equilibria
    html = tournament_report(data)
    for anchor in ('id="by-scenario"', 'id="by-role"', 'id="metagame"', "Replicator dynamics"):
        assert anchor in html


def test_the_command_prints_breakdowns(tmp_path: Path) -> None:
    path = tmp_path / "ref.sqlite"
    with ResultStore(path) as store:
        store.bind({"name": "ref"}, "ref", planned=len(reference()))
        store.add(list(reference()))
    shown = runner.invoke(app, ["tournament", "report", str(path), "--breakdown", "scenario", "--breakdown", "role"])
    assert shown.exception is None, shown.output
    assert "Mean advantage per scenario" in shown.output and "Mean advantage per role" in shown.output
    doc = runner.invoke(app, ["tournament", "report", str(path), "--json"])
    assert doc.exception is None, doc.output
    parsed = json.loads(doc.output)
    assert set(parsed["breakdowns"]) == {"scenario", "role"}
    assert parsed["metagame"]["equilibria"]
    bad = runner.invoke(app, ["tournament", "report", str(path), "--breakdown", "party"])
    assert bad.exit_code == 1 and "--breakdown is 'scenario' or 'role'" in bad.output
