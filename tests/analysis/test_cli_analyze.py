"""``accord analyze``, driven as a user would, and the analysis facade."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import accord.analysis
from accord.cli.main import app
from cli_checks import clean_error

runner = CliRunner()


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args), env={"COLUMNS": "200"})
    return result.exit_code, result.output


def test_analyze_default_scenario_as_tables() -> None:
    code, out = run("analyze")
    assert code == 0, out
    for text in ("Pareto frontier", "zone of possible agreement", "Bargaining solutions", "Sticking points"):
        assert text in out
    assert out.index("territory", out.index("Sticking points")) < out.index("recognition", out.index("Sticking points"))


def test_analyze_json() -> None:
    code, out = run("analyze", "abu-dhabi-2026", "--json", "--mediator")
    assert code == 0, out
    doc = json.loads(out)
    assert doc["parties"] == ["ukraine", "russia", "united_states"]
    assert doc["sticking_points"][0]["issue"] == "territory"
    assert set(doc["solutions"]) == set(accord.analysis.SOLUTIONS)
    assert doc["zopa"]["exact"] is True and doc["zopa"]["count"] > 0
    assert doc["frontier"]["exact"] is True and doc["acceptable_frontier"]["outcomes"] > 0


def test_analyze_a_geniusweb_folder(scenarios_dir: Path) -> None:
    code, out = run("analyze", str(scenarios_dir / "anl2023" / "domain00"), "--json")
    assert code == 0, out
    doc = json.loads(out)
    assert doc["outcomes"] == 6480 and doc["acceptable_frontier"]["outcomes"] == 22


def test_analyze_samples_a_non_linear_space_too_large_to_enumerate(scenarios_dir: Path) -> None:
    code, out = run("analyze", str(scenarios_dir / "genius" / "anac" / "y2014" / "10issues"), "--json", "--seed", "3")
    assert code == 0, out
    doc = json.loads(out)
    assert doc["frontier"]["exact"] is False and doc["frontier"]["method"] == "sampling"
    bounded = {b["step"]: b for b in doc["bounded"]}
    assert "sampled" in bounded["frontier"]["detail"] and bounded["frontier"]["liftable"] is False
    assert "not computed" in bounded["sticking points"]["detail"] and doc["sticking_points"] == []
    # both reservation values are 0 and there are no red lines: every package is acceptable, exactly
    assert doc["zopa"]["exact"] is True
    assert doc["zopa"]["count"] == 10**10


def check_analyze_errors() -> None:
    env = {"COLUMNS": "200"}
    result = runner.invoke(app, ["analyze", "abu-dhabi-2026", "--parties", "nobody", "--parties", "russia"], env=env)
    clean_error(result, says="nobody")
    clean_error(runner.invoke(app, ["analyze", "no-such-scenario"], env=env), says="no-such-scenario")


def test_analyze_errors_are_clean() -> None:
    check_analyze_errors()


def test_the_clean_error_check_fails_on_a_crash(monkeypatch: pytest.MonkeyPatch) -> None:
    def crash(spec: object) -> None:
        raise RuntimeError("injected")

    monkeypatch.setattr("accord.formats.detect.load_scenario", crash)
    code, out = run("analyze", "no-such-scenario")
    assert code != 0 and "Traceback" not in out  # the old check cannot tell a crash
    with pytest.raises(AssertionError, match="crashed"):
        check_analyze_errors()


def test_analyze_imports_nothing_heavy() -> None:
    code = (
        "import sys, json\n"
        "from accord.cli.main import app\n"
        "try:\n    app(['--help'])\nexcept SystemExit:\n    pass\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith('accord.analysis'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout.strip().splitlines()[-1]) == []


def test_facade_is_sorted_and_complete() -> None:
    names = accord.analysis.__all__
    # isort style, as ruff keeps it: CONSTANTS, then Classes, then functions
    assert names == sorted(names, key=lambda n: (0 if n.isupper() else 1 if n[0].isupper() else 2, n))
    for name in names:
        assert hasattr(accord.analysis, name), name
