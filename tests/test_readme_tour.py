"""The README's tour works exactly as written, on a fresh copy of the project.

The test copies the project's files (what a clone holds) into a temporary folder and runs the
tour's shell block there, line by line, in one bash session: it starts with ``make run``,
which builds a new ``.venv`` the way the README says (pip's cache keeps that quick), and every
line after it must exit 0. Nothing from this test session's environment is used but ``make``
and the system's ``python3``.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"


def tour_lines(readme: str) -> list[str]:
    """The commands of the README's tour: its first bash block, comments stripped."""
    section = readme.split("## A short tour", 1)[1]
    block = re.search(r"```bash\n(.*?)```", section, re.S)
    if block is None:
        raise ValueError("the README's tour has no bash block")
    lines = []
    for raw in block.group(1).splitlines():
        line = _strip_comment(raw).strip()
        if line:
            lines.append(line)
    return lines


def _strip_comment(line: str) -> str:
    """The line up to its first ``#`` outside quotes (shell comment)."""
    quote = ""
    for i, ch in enumerate(line):
        if quote:
            if ch == quote:
                quote = ""
        elif ch in "'\"":
            quote = ch
        elif ch == "#" and (i == 0 or line[i - 1].isspace()):
            return line[:i]
    return line


def _project_files() -> list[str]:
    out = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return [f for f in out.stdout.splitlines() if (ROOT / f).is_file()]


def test_the_tour_is_parsed_from_the_readme() -> None:
    lines = tour_lines(README.read_text(encoding="utf-8"))
    assert lines[0] == "make run"
    assert any(line.startswith("accord replay") or "accord replay" in line for line in lines)
    assert all("../shared" not in line for line in lines), "the tour may only use what the project ships"


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_every_tour_command_exits_0_on_a_fresh_clone(tmp_path: Path) -> None:
    if shutil.which("make") is None:
        pytest.fail("make is needed (the README's first step)")
    clone = tmp_path / "accord"
    for name in _project_files():
        target = clone / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, target)
    lines = tour_lines(README.read_text(encoding="utf-8"))
    script = ["set -o pipefail"]
    for i, line in enumerate(lines):
        script.append(f"echo {shlex.quote(f'>>> {line}')}")
        script.append(f"{line}\nrc=$?; if [ $rc -ne 0 ]; then echo 'FAILED ({i}): exit '$rc; exit 90; fi")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VIRTUAL_ENV", "PYTHON"))}
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep) if ".venv" not in p)
    env["COLUMNS"] = "80"
    proc = subprocess.run(
        ["bash", "-c", "\n".join(script)],
        cwd=clone,
        env=env,
        capture_output=True,
        text=True,
        timeout=840,
        check=False,
    )
    log = proc.stdout + proc.stderr
    assert proc.returncode == 0, log[-6000:]
    for line in lines:
        assert f">>> {line}" in proc.stdout
    assert "Traceback" not in log
    for made in ("talks.jsonl", "talks.html", "energy.toml", "my-talks.toml"):
        assert (clone / made).is_file(), f"{made} was not written"
