"""Strategies from user code: ``file.py:Class`` and ``module:Class`` specs, and installed entry points."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner
from user_files import write_sprint

from accord.cli.main import app
from accord.engine.runner import simulate
from accord.engine.strategies import create, names, resolve
from accord.errors import StrategyError
from accord.formats import load_scenario

runner = CliRunner()
CAR_A = Path(__file__).resolve().parents[2].parent / "shared" / "scenarios" / "genius" / "anac" / "y2012" / "CarA"


def test_a_file_spec_builds_the_class_with_its_parameters(tmp_path: Path) -> None:
    path = write_sprint(tmp_path)
    cls, params = resolve(f"{path}:Sprint(k=5)")
    assert cls.__name__ == "Sprint" and params == {"k": 5}
    agent = create(f"{path}:Sprint(k=5)")
    assert agent.values["k"] == 5.0
    assert agent.spec == f"{path}:Sprint(k=5.0)"
    assert cls.info.roles == frozenset({"party"}) and "saop" in cls.info.protocols
    assert cls.info.description.startswith("Concedes as 1 - t**k")
    # imported once per process: the same class again
    assert resolve(f"{path}:Sprint")[0] is cls


def test_a_file_strategy_negotiates_like_a_registered_one(tmp_path: Path) -> None:
    path = write_sprint(tmp_path)
    result = simulate(
        load_scenario("job-offer"), protocol="saop", strategies={}, default_party=f"{path}:Sprint(k=4)", seed=1
    )
    m = result.metrics()
    assert m.agreement is not None
    # the same curve as time-based e=0.25 (1 - t**4): the same agreement in the same round
    same = simulate(load_scenario("job-offer"), protocol="saop", strategies={}, default_party="boulware(eps=0)", seed=1)
    assert result.agreement == same.agreement
    assert m.rounds == same.metrics().rounds


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("nosuchmodule_xyz:Sprint", "no module 'nosuchmodule_xyz'"),
        ("{dir}/missing.py:Sprint", "no file"),
        ("{dir}/sprint.py:Sprnt", "has no class 'Sprnt'; its strategy classes: Sprint"),
        ("{dir}/sprint.py:NotAStrategy", "is not a strategy class"),
        ("{dir}/sprint.py:Sprint(q=1)", "has no parameter 'q'"),
        ("{dir}/sprint.py:Sprint(k=zero)", "parameter k must be float"),
        ("{dir}/broken.py:Sprint", "SyntaxError"),
        ("{dir}/raises.py:Sprint", "ZeroDivisionError: division by zero"),
        ("__main__:Sprint", "cannot be named by a spec"),
    ],
)
def test_clear_errors_for_what_cannot_be_loaded(tmp_path: Path, spec: str, message: str) -> None:
    write_sprint(tmp_path)
    (tmp_path / "broken.py").write_text("class Sprint(:\n", encoding="utf-8")
    (tmp_path / "raises.py").write_text("x = 1\ny = x / 0\n", encoding="utf-8")
    with pytest.raises(StrategyError, match=None) as info:
        create(spec.format(dir=tmp_path))
    assert message in str(info.value)
    if "raises" in spec:
        assert "raises.py, line 2" in str(info.value)
    if "broken" in spec:
        assert "line 1" in str(info.value)


def test_accord_run_takes_a_module_spec_from_the_current_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_sprint(tmp_path, "mystrat_cli.py")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "path", [p for p in sys.path if p not in ("", str(tmp_path))])
    result = runner.invoke(
        app, ["run", str(CAR_A), "-p", "saop", "--rounds", "60", "-s", "mystrat_cli:Sprint(k=5)", "--json"]
    )
    assert result.exception is None, result.output
    doc = json.loads(result.output)
    assert set(doc["strategies"].values()) == {"mystrat_cli:Sprint(k=5.0)"}
    assert doc["agreement"] is not None


def test_accord_run_reports_an_unknown_class_without_a_traceback(tmp_path: Path) -> None:
    path = write_sprint(tmp_path)
    result = runner.invoke(app, ["run", "job-offer", "-p", "saop", "-s", f"{path}:Sprnt"])
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit)
    said = " ".join(result.output.split())
    assert "the file has no class 'Sprnt'; its strategy classes: Sprint" in said
    assert "Traceback" not in said


def test_an_installed_package_provides_a_strategy_by_name() -> None:
    if shutil.which("pip", path=str(Path(sys.executable).parent)) is None:
        pytest.fail("pip is missing from the test environment")
    listed = subprocess.run(
        [sys.executable, "-m", "pip", "show", "accord-sample-strategies"], capture_output=True, text=True, check=False
    )
    assert listed.returncode == 0, "install the test package: pip install -e tests/plugin_package (make test does)"
    assert "late-sprint" in names()
    agent = create("late-sprint(at=0.5)")
    assert type(agent).__name__ == "LateSprint" and agent.values["at"] == 0.5
    assert agent.info.kind == "plugin" and agent.info.protocols == frozenset({"saop"})  # it needs offers
    result = simulate(
        load_scenario("job-offer"), protocol="saop", strategies={}, default_party="late-sprint(at=0.5)", seed=0
    )
    assert result.metrics().rounds > 1


def test_list_strategies_shows_installed_ones() -> None:
    result = runner.invoke(app, ["run", "--list-strategies"])
    assert result.exception is None, result.output
    assert "late-sprint" in result.output and "plugin" in result.output
