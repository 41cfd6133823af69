"""Command-line conventions: --version, python -m accord, JSON everywhere (errors too), quiet broken pipe,
-v logging, help without type noise for flags, identifiers never cut at 80 columns."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from accord import scenarios
from accord.cli.main import app, version
from accord.engine.strategies import infos

runner = CliRunner()
SHIPPED_ENERGY = Path(__file__).resolve().parents[2] / "examples" / "genius" / "Energy"


def invoke(*args: str, columns: int = 200) -> Result:
    return runner.invoke(app, list(args), env={"COLUMNS": str(columns)})


def test_version_is_the_installed_one() -> None:
    result = invoke("--version")
    assert result.exception is None
    assert result.exit_code == 0
    assert result.stdout.strip() == f"accord {version()}"
    assert re.fullmatch(r"\d+\.\d+\.\d+.*", version())


def test_python_dash_m_accord_works_as_accord() -> None:
    proc = subprocess.run([sys.executable, "-m", "accord", "--version"], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == f"accord {version()}"


@pytest.mark.parametrize("command", [["analyze"], ["show"], ["run"], ["run", "--list-strategies"]])
def test_a_closed_pipe_ends_quietly_with_exit_0(command: list[str]) -> None:
    code = "import sys; from accord.cli.main import main; sys.argv = ['accord', *sys.argv[1:]]; main()"
    proc = subprocess.Popen(
        [sys.executable, "-c", code, *command], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={"COLUMNS": "80"}
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.readline()
    proc.stdout.close()  # like `| head -1`
    err = proc.stderr.read().decode()
    proc.stderr.close()
    assert proc.wait(timeout=60) == 0, err
    assert err == ""


def test_help_shows_no_type_for_flags() -> None:
    for command in (["--help"], ["analyze", "--help"], ["run", "--help"], ["tournament", "run", "--help"]):
        result = invoke(*command)
        assert result.exit_code == 0
        assert "<bool>" not in result.output, command
    assert "<int>" in invoke("run", "--help").output  # values keep their type


def test_verbose_logs_to_stderr_with_the_logging_module() -> None:
    quiet = invoke("show", "job-offer", "--json")
    loud = invoke("-v", "show", "job-offer", "--json")
    assert quiet.exception is None and loud.exception is None
    assert "INFO accord.cli: loaded job-offer" in loud.stderr
    assert "INFO" not in quiet.stderr
    assert json.loads(loud.stdout)["id"] == "job-offer"  # stdout stays clean JSON


@pytest.mark.parametrize(
    "command",
    [
        ["analyze", "no-such-scenario", "--json"],
        ["run", "no-such-scenario", "--json"],
        ["show", "no-such-scenario", "--json"],
        ["import", "no-such-folder", "-o", "x.toml", "--json"],
        ["replay", "no-such-log.jsonl", "--json"],
        ["tournament", "run", "no-such-league.toml", "--json"],
        ["tournament", "report", "no-such.sqlite", "--json"],
        ["tournament", "export", "no-such.sqlite", "out.csv", "--json"],
        ["levers", "no-such-scenario", "--json"],
        ["whatif", "no-such-scenario", "--json"],
        ["evaluate", "no-such-scenario", "--json"],
    ],
)
def test_errors_are_json_under_json(command: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = invoke(*command)
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    doc = json.loads(result.stdout)
    assert set(doc) == {"error"}
    assert doc["error"]["message"]
    assert doc["error"]["exit_code"] == 1


def test_writing_commands_take_json(tmp_path: Path) -> None:
    new = invoke("new", str(tmp_path / "t.toml"), "--json")
    assert new.exception is None, new.output
    assert json.loads(new.stdout)["wrote"] == str(tmp_path / "t.toml")
    imp = invoke("import", str(SHIPPED_ENERGY), "-o", str(tmp_path / "energy.toml"), "--json")
    assert imp.exception is None, imp.output
    doc = json.loads(imp.stdout)
    assert doc["outcomes"] == 390_625
    assert doc["parties"] and (tmp_path / "energy.toml").is_file()
    league = tmp_path / "league.toml"
    league.write_text(
        'strategies = ["boulware", "conceder"]\nscenarios = ["job-offer"]\nprotocol = "saop"\n'
        "deadline = 20\nrepetitions = 1\nseed = 1\n"
    )
    played = invoke("tournament", "run", str(league), "--serial", "--json")
    assert played.exception is None, played.output
    summary = json.loads(played.stdout)
    assert summary["played"] == summary["planned"] > 0
    assert [row["strategy"] for row in summary["leaderboard"]]
    out = invoke("tournament", "export", str(league), str(tmp_path / "rows.csv"), "--json")
    assert out.exception is None, out.output
    assert json.loads(out.stdout)["rows"] == summary["planned"]


def _cells(output: str) -> set[str]:
    """Every word of a table's cells (box characters and ellipses split words)."""
    return set(re.findall(r"[\w.()=-]+", output))


def test_list_commands_never_cut_identifiers_at_80_columns(tmp_path: Path) -> None:
    listed = invoke("scenarios", columns=80)
    assert listed.exception is None
    assert "…" not in listed.output
    words = _cells(listed.output)
    for name in scenarios.names():
        assert name in words, name
        for p in scenarios.get(name).parties:
            if p.role.value in ("party", "mediator"):
                assert p.id in words, p.id
    strategies = invoke("run", "--list-strategies", columns=80)
    assert strategies.exception is None
    assert "…" not in strategies.output
    words = _cells(strategies.output)
    for meta in infos():
        assert meta.name in words, meta.name
        for alias in meta.aliases:
            assert alias in words, alias
    assert max(len(line) for line in strategies.output.splitlines()) <= 80


def test_usage_errors_are_json_under_json_and_plain_otherwise() -> None:
    result = invoke("analyze", "--json", "--no-such-option")
    assert result.exit_code == 2
    assert json.loads(result.stdout) == {
        "error": {"message": "No such option: --no-such-option", "kind": "usage", "exit_code": 2}
    }
    plain = invoke("analyze", "--no-such-option")
    assert plain.exit_code == 2
    assert "No such option" in plain.output and not plain.stdout.lstrip().startswith("{")


def test_the_levers_list_keeps_lever_ids_whole_at_80_columns() -> None:
    from accord.formats.accord_file import scenario_to_dict

    ids = list(scenario_to_dict(scenarios.get("abu-dhabi-2026")).get("levers", {}))
    assert ids, "the default scenario declares levers"
    listed = invoke("levers", columns=80)
    assert listed.exception is None, listed.output
    assert "…" not in listed.output
    words = _cells(listed.output)
    for lever in ids:
        assert lever in words, lever
