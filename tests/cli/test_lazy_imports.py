"""The CLI imports only what a command uses: each command's module when that command runs,
heavy libraries only where they are needed; ``--help`` and completion list every command anyway.

(Start-up *time* is measured by bench/startup.py, not asserted here.)
"""

from __future__ import annotations

import inspect
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from accord.cli.main import COMMANDS, app, load_command

# pydantic: typer >= 0.29 validates every option with it; here it belongs to the service (FastAPI) only
HEAVY = {
    "plotly",
    "dask",
    "distributed",
    "fastapi",
    "uvicorn",
    "sqlalchemy",
    "pandas",
    "scipy",
    "matplotlib",
    "negmas",
    "pydantic",
}
SCENARIO_FILE = Path(__file__).resolve().parents[2] / "src" / "accord" / "scenarios" / "data" / "job-offer.toml"
COMMAND_MODULES = {module for module, _, _ in COMMANDS.values()}
ARRAYS = {"numpy"}
ENGINE = {"accord.engine", "accord.analysis", "accord.report"}
# the entry-point scan and the XML parsers: only for plugins and GENIUS files
SCANS = {"importlib.metadata", "defusedxml", "xml.etree.ElementTree"}

runner = CliRunner()


def modules_after(args: list[str], *, env: dict[str, str] | None = None) -> set[str]:
    """Every module a fresh ``accord ARGS`` process has imported when it ends."""
    code = (
        "import sys, json\n"
        "from accord.cli.main import app\n"
        "try:\n    app(json.loads(sys.argv[1]), prog_name='accord')\n"
        "except SystemExit:\n    pass\n"
        "with open(sys.argv[2], 'w') as f:\n    json.dump(sorted(sys.modules), f)\n"
    )
    out = Path(os.environ.get("TMPDIR", "/tmp")) / f"accord-modules-{os.getpid()}.json"
    try:
        proc = subprocess.run(
            [sys.executable, "-c", code, json.dumps(args), str(out)],
            capture_output=True,
            text=True,
            env={**os.environ, **(env or {})},
            check=False,
            timeout=120,
        )
        assert out.exists(), proc.stderr
        return set(json.loads(out.read_text()))
    finally:
        out.unlink(missing_ok=True)


def packages(modules: set[str]) -> set[str]:
    return {m.split(".")[0] for m in modules}


def hits(modules: set[str], names: set[str]) -> set[str]:
    """The modules that are one of ``names`` or inside one of them."""
    return {m for m in modules if any(m == n or m.startswith(n + ".") for n in names)}


# command line -> what it must not import, besides the heavy libraries and other commands' modules
CASES: list[tuple[list[str], set[str]]] = [
    (["--help"], ARRAYS | ENGINE | SCANS | {"accord.model", "accord.formats"}),
    (["show", "abu-dhabi-2026"], ARRAYS | ENGINE | SCANS),
    (["show", "job-offer", "--json"], ARRAYS | ENGINE | SCANS | {"rich"}),
    (["validate", str(SCENARIO_FILE)], ARRAYS | ENGINE | SCANS),
    (["validate", str(SCENARIO_FILE), "--json"], ARRAYS | ENGINE | SCANS | {"rich"}),
    (["scenarios", "--json"], ARRAYS | ENGINE | SCANS | {"rich"}),
    (["analyze", "job-offer"], ENGINE - {"accord.analysis"} | SCANS),
    (["analyze", "job-offer", "--json"], ENGINE - {"accord.analysis"} | SCANS | {"rich"}),
    (["run", "job-offer"], {"accord.report.html", "accord.report.run", "accord.engine.batch"}),
    (["run", "job-offer", "--json"], {"accord.report", "accord.engine.batch", "rich"}),
]


def case_id(args: list[str]) -> str:
    return " ".join("FILE" if a == str(SCENARIO_FILE) else a for a in args)


@pytest.mark.parametrize(("args", "forbidden"), CASES, ids=[case_id(args) for args, _ in CASES])
def test_a_command_imports_only_what_it_needs(args: list[str], forbidden: set[str]) -> None:
    loaded = modules_after(args)
    assert "accord.cli.main" in loaded
    assert not packages(loaded) & HEAVY
    assert not hits(loaded, forbidden)
    own = {COMMANDS[args[0]][0]} if args[0] in COMMANDS else set()
    assert not (loaded & COMMAND_MODULES) - own, "other commands' modules were imported"


@pytest.mark.parametrize("name", list(COMMANDS))
def test_a_command_s_help_imports_its_own_module_only(name: str) -> None:
    loaded = modules_after([name, "--help"])
    assert COMMANDS[name][0] in loaded
    assert not (loaded & COMMAND_MODULES) - {COMMANDS[name][0]}
    assert not packages(loaded) & (HEAVY | {"httpx", "alembic", "starlette"})
    assert not hits(loaded, ARRAYS | ENGINE | SCANS | {"accord.model", "accord.formats"})


def test_service_subcommands_help_imports_nothing_heavy() -> None:
    for command in (["sessions", "list", "--help"], ["sessions", "export", "--help"]):
        assert not packages(modules_after(command)) & (HEAVY | {"httpx", "alembic", "starlette"})


def test_completion_lists_every_command_with_its_summary_without_loading_them() -> None:
    env = {"_ACCORD_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": "accord "}
    loaded = modules_after([], env=env)
    assert not loaded & COMMAND_MODULES
    code = "import sys; from accord.cli.main import main; sys.argv[0] = 'accord'; main()"
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env={**os.environ, **env}, check=False
    )
    assert proc.returncode == 0, proc.stderr
    for name, (_, _, summary) in COMMANDS.items():
        assert f'"{name}":"{summary.split()[0].rstrip(":")}' in proc.stdout, name  # zsh's list: name, summary


def test_help_lists_every_command_with_its_summary() -> None:
    result = runner.invoke(app, ["--help"], env={"COLUMNS": "400"})
    assert result.exception is None
    assert result.exit_code == 0
    lines = result.output.splitlines()
    for name, (_, _, summary) in COMMANDS.items():
        assert any(line.strip("│ ").startswith(f"{name} ") and summary in line for line in lines), name


@pytest.mark.parametrize("name", list(COMMANDS))
def test_a_summary_is_the_first_paragraph_of_the_command_s_help(name: str) -> None:
    command = load_command(name)
    assert command.name == name
    first = inspect.cleandoc(command.help or "").split("\n\n")[0]
    assert " ".join(first.split()) == COMMANDS[name][2]


def command_paths() -> list[list[str]]:
    paths: list[list[str]] = [[]]
    for name in COMMANDS:
        paths.append([name])
        paths += [[name, sub] for sub in getattr(load_command(name), "commands", {})]
    return paths


@pytest.mark.parametrize("path", command_paths(), ids=lambda p: " ".join(p) or "accord")
def test_help_works_on_every_command(path: list[str]) -> None:
    result = runner.invoke(app, [*path, "--help"], env={"COLUMNS": "120"})
    assert result.exception is None, result.exception
    assert result.exit_code == 0
    assert f"Usage: accord {' '.join(path)}".rstrip() in " ".join(result.output.split())


def test_a_mistyped_command_gets_a_suggestion() -> None:
    result = runner.invoke(app, ["shwo"])
    assert result.exit_code == 2
    assert "Did you mean 'show'?" in result.output
