"""``accord import PATH -o FILE``: converts a GENIUS / GeniusWeb scenario to an accord file."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from accord.cli.main import app
from accord.formats import load_scenario
from cli_checks import clean_error
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


def check_import_fails_cleanly(tmp_path: Path) -> None:
    result = runner.invoke(app, ["import", str(SCENARIOS / "genius/edge/LaptopConv"), "-o", str(tmp_path / "x.toml")])
    clean_error(result, says="Laptop-C-prof2.xml")
    assert not (tmp_path / "x.toml").exists()


def check_import_needs_an_output() -> None:
    result = runner.invoke(app, ["import", str(SCENARIOS / "anl2023/domain09")])
    clean_error(result, code=2, says="--output")


def test_import_fails_cleanly(tmp_path: Path) -> None:
    check_import_fails_cleanly(tmp_path)


def test_import_needs_an_output() -> None:
    check_import_needs_an_output()


def test_the_clean_error_checks_fail_on_a_crash(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def crash(*args: object, **kwargs: object) -> None:
        raise RuntimeError("injected")

    monkeypatch.setattr("accord.formats.detect.import_any", crash)
    result = runner.invoke(app, ["import", str(SCENARIOS / "genius/edge/LaptopConv"), "-o", str(tmp_path / "x.toml")])
    assert result.exit_code == 1 and "Traceback" not in result.output  # the old check cannot tell a crash
    with pytest.raises(AssertionError, match="crashed"):
        check_import_fails_cleanly(tmp_path)
    monkeypatch.setattr("typer._click.exceptions.MissingParameter.__init__", crash)
    assert runner.invoke(app, ["import", str(SCENARIOS / "anl2023/domain09")]).exit_code != 0  # the old check
    with pytest.raises(AssertionError, match="crashed"):
        check_import_needs_an_output()
