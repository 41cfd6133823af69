"""The smaller offline mode: reports that share one plotly.min.js beside them still open offline in Chromium."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from plotly.offline import get_plotlyjs
from typer.testing import CliRunner

from accord.cli.main import app

runner = CliRunner()


def test_reports_share_one_plotly_file_and_open_offline(tmp_path: Path, open_report: Callable[[Path], Any]) -> None:
    analysis, run = tmp_path / "analysis.html", tmp_path / "run.html"
    for args in (
        ["analyze", "job-offer", "--report", str(analysis), "--plotly-js", "shared"],
        ["run", "job-offer", "--report", str(run), "--plotly-js", "shared"],
    ):
        result = runner.invoke(app, args)
        assert result.exception is None, result.output
        assert result.exit_code == 0
    library = tmp_path / "plotly.min.js"
    assert library.read_text(encoding="utf-8") == get_plotlyjs()
    for path in (analysis, run):
        text = path.read_text(encoding="utf-8")
        assert get_plotlyjs() not in text
        assert '<script src="plotly.min.js"></script>' in text
        assert path.stat().st_size < library.stat().st_size / 4
        opened = open_report(path)  # waits for every plot to be drawn
        assert not opened.errors, opened.errors
        assert opened.requests == [opened.url, library.resolve().as_uri()]
        assert opened.plots()
    inline = tmp_path / "inline.html"
    result = runner.invoke(app, ["analyze", "job-offer", "--report", str(inline)])
    assert result.exit_code == 0
    assert get_plotlyjs() in inline.read_text(encoding="utf-8")  # single-file stays the default


def test_an_unknown_mode_is_refused(tmp_path: Path) -> None:
    result = runner.invoke(app, ["analyze", "job-offer", "--report", str(tmp_path / "a.html"), "--plotly-js", "cdn"])
    assert result.exit_code == 1
    assert "--plotly-js is inline or shared" in result.output
    assert list(tmp_path.iterdir()) == []
