"""``accord import PATH -o FILE``: converts a GENIUS / GeniusWeb scenario to an accord file."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from typer.testing import CliRunner

from accord.cli.main import app
from accord.formats import load_scenario
from shared_data import SCENARIOS

runner = CliRunner()


def test_import_genius_writes_an_accord_file_and_prints_notes(tmp_path: Path) -> None:
    out = tmp_path / "laptop.toml"
    source = SCENARIOS / "genius/anac/y2011/Laptop"
    result = runner.invoke(app, ["import", str(source), "-o", str(out)], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "wrote" in result.output and "27 outcomes" in result.output
    assert "weights sum to 1.000051804" in result.output
    back, original = load_scenario(out), load_scenario(source)
    x = original.space.all()
    np.testing.assert_allclose(back.utilities(x), original.utilities(x), atol=1e-9)


def test_import_geniusweb_to_json(tmp_path: Path) -> None:
    out = tmp_path / "d.json"
    result = runner.invoke(app, ["import", str(SCENARIOS / "anl2023/domain09"), "--output", str(out)])
    assert result.exit_code == 0, result.output
    assert load_scenario(out).space.size == 432


def test_import_fails_cleanly(tmp_path: Path) -> None:
    result = runner.invoke(app, ["import", str(SCENARIOS / "genius/edge/LaptopConv"), "-o", str(tmp_path / "x.toml")])
    assert result.exit_code == 1
    assert "Laptop-C-prof2.xml" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "x.toml").exists()


def test_import_needs_an_output() -> None:
    result = runner.invoke(app, ["import", str(SCENARIOS / "anl2023/domain09")])
    assert result.exit_code != 0
