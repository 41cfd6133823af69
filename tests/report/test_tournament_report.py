"""The tournament report (``accord tournament report --html``) opens offline and draws the scores."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from accord.cli.main import app
from accord.tournament import ResultStore, TournamentConfig, report, run_tournament


def test_tournament_report(tmp_path: Path, open_report: Callable[[Path], Any]) -> None:
    config = TournamentConfig(
        name="mini",
        strategies=("boulware", "conceder", "random(p=0.3)"),
        scenarios=("job-offer",),
        deadline=30,
        repetitions=2,
        seed=5,
    )
    results = tmp_path / "mini.sqlite"
    run_tournament(config, results)
    with ResultStore(results, readonly=True) as store:
        data = report(store.records(), name="mini", by="advantage")
    out = tmp_path / "mini.html"
    cli = CliRunner().invoke(app, ["tournament", "report", str(results), "--html", str(out)])
    assert cli.exit_code == 0, cli.output
    opened = open_report(out)
    opened.assert_clean()
    (board,) = opened.traces("leaderboard")
    assert board["y"] == [row.strategy for row in data.leaderboard.rows]
    assert board["x"] == pytest.approx([row.scores["advantage"].mean for row in data.leaderboard.rows])
    (matrix,) = opened.traces("matrix")
    assert matrix["x"] == list(data.matrix.strategies)
    for got, want in zip(matrix["z"], data.matrix.values, strict=True):
        assert got == pytest.approx([None if v is None else round(v, 4) for v in want])
    boxes = {t["meta"]["strategy"]: t["x"] for t in opened.traces("distribution")}
    assert boxes.keys() == data.distributions.keys()
    for name, values in data.distributions.items():
        assert boxes[name] == pytest.approx(list(values))
    assert f"{data.summary['negotiations']} negotiations" in opened.text()
    opened.screenshot("report-tournament.png")
