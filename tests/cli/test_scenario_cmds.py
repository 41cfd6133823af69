"""The scenario commands, driven as a user would: scenarios, show, validate, new."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from accord import scenarios
from accord.cli.main import app
from cli_checks import clean_error

runner = CliRunner()


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args), env={"COLUMNS": "200"})
    return result.exit_code, result.output


def test_help_lists_commands() -> None:
    code, out = run("--help")
    assert code == 0
    for cmd in ("scenarios", "show", "validate", "new"):
        assert cmd in out


def test_scenarios_lists_embedded_with_default_first() -> None:
    code, out = run("scenarios", "--json")
    assert code == 0
    rows = json.loads(out)
    assert [r["name"] for r in rows] == scenarios.names()
    assert rows[0]["name"] == "abu-dhabi-2026" and rows[0]["default"]
    assert any(len(r["parties"]) >= 3 for r in rows)
    assert any(len(r["parties"]) == 2 for r in rows)


def test_show_abu_dhabi() -> None:
    code, out = run("show", "abu-dhabi-2026")
    assert code == 0, out
    for text in ("Ukraine", "Russia", "United States", "mediator", "observer"):
        assert text in out
    for issue in scenarios.get().space.issues:
        assert issue.label in out
    for group in ("Security", "Political", "Humanitarian and energy"):
        assert group in out
    assert "Day 2 (5 February 2026)" in out
    assert "✗" in out  # red lines are marked


def test_show_json_has_three_parties_one_mediator_seven_issues() -> None:
    code, out = run("show", "abu-dhabi-2026", "--json")
    assert code == 0
    doc = json.loads(out)
    roles = [p["role"] for p in doc["parties"].values()]
    assert roles.count("party") == 2 and roles.count("mediator") == 1
    assert len(doc["issues"]) == 7
    assert set(doc["working_groups"]) == {"territory", "security", "political", "humanitarian"}
    assert doc["calendar"]["horizon"] == 3
    assert doc["calendar"]["days"] == 2
    assert doc["outcomes"] == 3888


def check_show_unknown_scenario() -> None:
    result = runner.invoke(app, ["show", "no-such-talks"], env={"COLUMNS": "200"})
    clean_error(result, says="no-such-talks")
    assert "no such file, folder or embedded scenario" in result.output


def test_show_unknown_scenario_is_a_clean_error() -> None:
    check_show_unknown_scenario()


def test_the_clean_error_check_fails_on_a_crash(monkeypatch: pytest.MonkeyPatch) -> None:
    def crash(spec: object) -> None:
        raise RuntimeError("injected")

    monkeypatch.setattr("accord.formats.detect.load_scenario", crash)
    code, out = run("show", "no-such-talks")
    assert code == 1 and "Traceback" not in out  # the old check cannot tell a crash
    with pytest.raises(AssertionError, match="crashed"):
        check_show_unknown_scenario()


def test_validate_every_embedded_scenario() -> None:
    files = [str(scenarios.path(n)) for n in scenarios.names()]
    code, out = run("validate", *files)
    assert code == 0, out
    assert out.count("✓") == len(files)


def test_validate_lists_all_problems_and_fails(tmp_path: Path) -> None:
    text = scenarios.path("job-offer").read_text(encoding="utf-8")
    bad = text.replace("k10 = 1.0", "k10 = 1.7").replace('label = "Salary"', 'label = "Salary"\ncurrency = "USD"')
    f = tmp_path / "bad.toml"
    f.write_text(bad, encoding="utf-8")
    code, out = run("validate", str(f), str(scenarios.path("job-offer")))
    assert code == 1
    assert "2 problems" in out
    assert "issues.salary.currency: is not a known key" in out
    assert "parties.candidate.values.bonus.k10: is out of range (found 1.7" in out
    code, out = run("validate", str(f), "--json")
    assert code == 1
    (entry,) = json.loads(out)
    assert not entry["valid"]
    assert {p["path"] for p in entry["problems"]} == {
        "issues.salary.currency",
        "parties.candidate.values.bonus.k10",
    }
    assert all(isinstance(p["line"], int) for p in entry["problems"])


def test_validate_notes_normalised_weights(tmp_path: Path) -> None:
    text = scenarios.path("job-offer").read_text(encoding="utf-8")
    f = tmp_path / "w.toml"
    f.write_text(
        text.replace(
            'salary = { value = 0.3, rationale = "distributive: the main',
            'salary = { value = 0.6, rationale = "distributive: the main',
            1,
        ),
        encoding="utf-8",
    )
    code, out = run("validate", str(f))
    assert code == 0
    assert "normalised" in out


def test_new_writes_a_valid_template_and_refuses_to_overwrite(tmp_path: Path) -> None:
    target = tmp_path / "talks.toml"
    code, out = run("new", str(target))
    assert code == 0, out
    code, out = run("validate", str(target))
    assert code == 0, out
    target.write_text("# mine\n", encoding="utf-8")
    code, out = run("new", str(target))
    assert code == 1 and "already exists" in out
    assert target.read_text(encoding="utf-8") == "# mine\n"


def test_show_a_constraint_utility_scenario(scenarios_dir: Path) -> None:
    code, out = run("show", str(scenarios_dir / "genius" / "anac" / "y2014" / "10issues"))
    assert code == 0, out
    assert "Utilities that are not additive" in out
    assert "constraint" in out
    assert "0, 1, 2, 3, 4, 5, 6, 7, 8, 9" in out
    assert "?" not in out
