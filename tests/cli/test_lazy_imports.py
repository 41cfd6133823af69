"""The CLI imports only what a command uses: heavy libraries are loaded lazily.

(Start-up *time* is measured by bench/startup.py, not asserted here.)
"""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = {"plotly", "dask", "distributed", "fastapi", "uvicorn", "sqlalchemy", "pandas", "scipy", "matplotlib", "negmas"}


def modules_after(args: list[str]) -> set[str]:
    code = (
        "import sys, json\n"
        "from accord.cli.main import app\n"
        "try:\n    app(json.loads(sys.argv[1]))\nexcept SystemExit:\n    pass\n"
        "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))"
    )
    out = subprocess.run([sys.executable, "-c", code, json.dumps(args)], capture_output=True, text=True, check=True)
    return set(json.loads(out.stdout.strip().splitlines()[-1]))


def test_help_imports_nothing_heavy() -> None:
    loaded = modules_after(["--help"])
    assert not loaded & HEAVY


def test_show_imports_nothing_heavy() -> None:
    loaded = modules_after(["show", "job-offer"])
    assert "accord" in loaded
    assert not loaded & HEAVY


def test_service_commands_help_imports_nothing_heavy() -> None:
    for command in (["serve", "--help"], ["agent", "--help"], ["sessions", "list", "--help"], ["class", "--help"]):
        assert not modules_after(command) & (HEAVY | {"httpx", "alembic", "starlette"})
