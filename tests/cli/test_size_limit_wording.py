"""Every size-limit message a command prints names only what that command really offers.

Each limit is reached through the CLI itself (with the limit lowered where reaching it for
real would take minutes), and the message is checked against the real command tree: every
``--option`` it names is an option of the command that printed it, every ``accord NAME`` a
command, every strategy it suggests a registered one that takes the seat, and nothing in it
is advice meant for Python callers (a function or an argument no command has). Where a
message suggests something to do, the suggestion is run and works.
"""

from __future__ import annotations

import importlib
import json
import re
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import typer
from typer.testing import CliRunner, Result

from accord.cli.main import app
from accord.engine.strategies import infos
from accord.formats.accord_file import save_scenario
from accord.model import CategoricalIssue, LinearAdditive, OutcomeSpace, Party, Preferences, Scenario
from accord.tournament.config import TournamentConfig

runner = CliRunner()
ROOT = Path(__file__).resolve().parents[2]
TEN_ISSUES = ROOT.parent / "shared" / "scenarios" / "genius" / "anac" / "y2014" / "10issues"
PYTHON_ONLY = ("sample_frontier", "max_outcomes", "from Python", "limit=", "max_states", "ENUMERATION_LIMIT")


def invoke(*args: str) -> Result:
    return runner.invoke(app, list(args), env={"COLUMNS": "400"})


def _command(path: list[str]) -> Any:
    """The command ``accord PATH...`` as the CLI builds it (Typer's own click types: duck-typed)."""
    cmd: Any = typer.main.get_command(app)
    for name in path:
        assert hasattr(cmd, "get_command"), f"{path}: not a group of commands"
        found = cmd.get_command(cmd.context_class(cmd), name)
        assert found is not None, f"no command {name!r}"
        cmd = found
    return cmd


def check_names_only_what_exists(message: str, command: list[str]) -> None:
    """The check itself: options of ``command``, commands of ``accord``, nothing Python-only."""
    assert message.strip(), "no message to check"
    cmd = _command(command)
    options = {opt for p in cmd.params for opt in (*p.opts, *p.secondary_opts)}
    for flag in re.findall(r"(?<![\w-])--[a-z][a-z0-9-]*", message):
        assert flag in options, f"{flag} is not an option of accord {' '.join(command)}: {message}"
    root = _command([])
    commands = set(root.list_commands(root.context_class(root)))
    for name in re.findall(r"\baccord ([a-z][a-z-]*)", message):
        assert name in commands, f"accord {name} is not a command: {message}"
    for word in PYTHON_ONLY:
        assert word not in message, f"{word!r} is Python-only advice: {message}"


def test_the_check_catches_an_option_the_command_lacks() -> None:
    with pytest.raises(AssertionError, match="--limit is not an option"):
        check_names_only_what_exists("too large; raise --limit", ["analyze"])
    with pytest.raises(AssertionError, match="Python-only"):
        check_names_only_what_exists("too large; use sample_frontier for an approximation", ["analyze"])
    with pytest.raises(AssertionError, match="accord sample is not a command"):
        check_names_only_what_exists("try accord sample", ["analyze"])
    check_names_only_what_exists("run again with --work-budget 0", ["analyze"])


def _additive(n_parties: int, n_issues: int, values: int, path: Path) -> Path:
    space = OutcomeSpace([CategoricalIssue(f"i{k}", [f"v{j}" for j in range(values)]) for k in range(n_issues)])
    rng = np.random.default_rng(5)
    parties = []
    for p in range(n_parties):
        u = LinearAdditive.create(space, rng.random(n_issues), rng.random((n_issues, values)).tolist(), normalize=True)
        parties.append(Party(f"p{p}", preferences=Preferences(u, reservation=0.3)))
    save_scenario(Scenario(id=path.stem, space=space, parties=tuple(parties)), path)
    return path


def _bounded(result: Result) -> list[dict[str, object]]:
    assert result.exception is None and result.exit_code == 0, result.output
    entries: list[dict[str, object]] = json.loads(result.output)["bounded"]
    return entries


def test_analyze_of_a_space_too_large_to_enumerate() -> None:
    entries = _bounded(invoke("analyze", str(TEN_ISSUES), "--json"))
    assert {e["step"] for e in entries} >= {"frontier", "sticking points"}
    for e in entries:
        check_names_only_what_exists(f"{e['detail']}. {e['full_result']}", ["analyze"])
        assert "more than the 10,000,000" in str(e["detail"])
    text = invoke("analyze", str(TEN_ISSUES))
    assert text.exception is None and text.exit_code == 0
    lines = [line for line in text.output.splitlines() if line.startswith("bounded:")]
    assert len(lines) == len(entries)
    for line in lines:
        check_names_only_what_exists(line, ["analyze"])


def test_analyze_of_a_frontier_too_large_to_merge(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("accord.analysis.additive.MAX_CANDIDATES", 200)  # the limit, reached at once
    path = _additive(3, 6, 6, tmp_path / "wide.toml")
    entries = _bounded(invoke("analyze", str(path), "--json"))
    by_step = {e["step"]: e for e in entries}
    assert "partial packages" in str(by_step["frontier"]["detail"])
    assert "not computed" in str(by_step["sticking points"]["detail"])
    for e in entries:
        check_names_only_what_exists(f"{e['detail']}. {e['full_result']}", ["analyze"])


def test_analyze_within_a_work_budget_names_the_option_that_lifts_it(tmp_path: Path) -> None:
    path = _additive(3, 8, 6, tmp_path / "budget.toml")
    entries = _bounded(invoke("analyze", str(path), "--json", "--work-budget", "1"))
    sticking = next(e for e in entries if e["step"] == "sticking points")
    message = f"{sticking['detail']}. {sticking['full_result']}"
    check_names_only_what_exists(message, ["analyze"])
    assert "--work-budget 0" in message
    # the suggestion works: with it, nothing about the sticking points is bounded
    after = _bounded(invoke("analyze", str(path), "--json", "--work-budget", "0"))
    assert "sticking points" not in {e["step"] for e in after}


def test_uncertainty_analysis_of_a_space_too_large(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(importlib.import_module("accord.analysis.robustness"), "ROBUSTNESS_LIMIT", 10)
    result = invoke("analyze", "abu-dhabi-2026", "--uncertainty")
    assert isinstance(result.exception, SystemExit) and result.exit_code == 1, result.output
    assert "more than the 10 that the analysis under uncertainty" in result.output
    check_names_only_what_exists(result.output, ["analyze"])


def test_whatif_past_its_limit_points_to_the_parameter_that_goes_further(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(importlib.import_module("accord.analysis.whatif"), "WHATIF_LIMIT", 10)
    result = invoke("whatif", "job-offer", "--parameter", "weights.salary")
    assert isinstance(result.exception, SystemExit) and result.exit_code == 1, result.output
    assert "reservation values go further" in result.output
    check_names_only_what_exists(result.output, ["whatif"])
    works = invoke("whatif", "job-offer", "--parameter", "reservation")
    assert works.exception is None and works.exit_code == 0, works.output


def test_a_mediator_on_a_large_space_either_plays_or_names_strategies_that_take_its_seat(tmp_path: Path) -> None:
    path = _additive(2, 8, 10, tmp_path / "large.toml")  # 10^8 packages
    result = invoke("run", str(path), "--protocol", "single-text", "--rounds", "3")
    if result.exit_code == 0:  # the default mediator searches a space this large itself
        assert result.exception is None and "rounds used" in result.output, result.output
        return
    assert isinstance(result.exception, SystemExit) and result.exit_code == 1, result.output
    check_names_only_what_exists(result.output, ["run"])
    suggested = re.search(r"use ([a-z-]+) or ([a-z-]+)", result.output)
    assert suggested is not None, result.output
    mediators = {i.name for i in infos(role="mediator", protocol="single-text")}
    for name in suggested.groups():
        assert name in mediators, f"{name} is not a mediator strategy for single-text"
        works = invoke("run", str(path), "--protocol", "single-text", "--rounds", "3", "--strategy", f"mediator={name}")
        assert works.exception is None and works.exit_code == 0, works.output


def test_a_tournament_too_large_to_plan_names_its_configuration_keys(tmp_path: Path) -> None:
    names = ", ".join(f'"time-based(e={1 + k / 100})"' for k in range(60))
    config = tmp_path / "t.toml"
    config.write_text(f'strategies = [{names}]\nscenarios = ["abu-dhabi-2026"]\nrepetitions = 1000\n', encoding="utf-8")
    result = invoke("tournament", "run", str(config), "--serial", "-q")
    assert isinstance(result.exception, SystemExit) and result.exit_code == 1, result.output
    check_names_only_what_exists(result.output, ["tournament", "run"])
    advice = re.search(r"use fewer ([a-z_]+), ([a-z_]+) or ([a-z_]+)", result.output)
    assert advice is not None, result.output
    fields = set(TournamentConfig.__dataclass_fields__)
    assert set(advice.groups()) <= fields, advice.groups()
