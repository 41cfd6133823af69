"""CLI start-up: whole-process time of each command against a bare interpreter (a benchmark, not a test).

    .venv/bin/python bench/startup.py [--repeat 10] [--against PYTHON] [--importtime]

Each command runs ``--repeat`` times in fresh processes, the commands taking turns (so a change
in the machine's load touches every command alike); printed per command: the median wall time,
the median CPU time of the process (user + system, which other processes on a busy machine
disturb less than wall time) and the libraries it imported that it should not need. The load
average before and after is printed too: wall times on a loaded machine are not comparable to
those on a quiet one.

``--against PYTHON`` also times the accord installed for another interpreter (say a virtual
environment with an earlier commit installed: ``git archive OLD | tar -x -C /tmp/old;
python -m venv /tmp/old-venv; /tmp/old-venv/bin/pip install /tmp/old``), with its own
libraries, in the same turns: a before/after measured side by side under the same load.

``--importtime`` adds, per command, the packages whose imports cost the most (from
``python -X importtime``: self time summed per top-level package, one run, so indicative only).
Writes bench/results/startup.md.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCENARIO_FILE = ROOT / "src" / "accord" / "scenarios" / "data" / "abu-dhabi-2026.toml"
COMMANDS: tuple[tuple[str, ...], ...] = (
    ("--help",),
    ("show", "abu-dhabi-2026"),
    ("show", "abu-dhabi-2026", "--json"),
    ("validate", str(SCENARIO_FILE)),
    ("analyze", "abu-dhabi-2026"),
    ("run",),
)
# libraries a command imports only if it needs them (pydantic: typer >= 0.29 validates options with it)
WATCHED = ("numpy", "rich", "pydantic", "plotly", "dask", "fastapi", "sqlalchemy", "pandas", "scipy")
ENTRY = "import sys; from accord.cli.main import main; sys.argv[0] = 'accord'; main()"


def label(args: tuple[str, ...]) -> str:
    shown = ["FILE" if a == str(SCENARIO_FILE) else a for a in args]
    return "accord " + " ".join(shown)


def environment() -> dict[str, str]:
    env = dict(os.environ, COLUMNS="100", NO_COLOR="1")
    env.pop("PYTHONPATH", None)
    return env


def once(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU seconds (user + system) of one process."""
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} exited {proc.returncode}")
    return wall, usage.ru_utime + usage.ru_stime


def imported(python: str, args: tuple[str, ...]) -> list[str]:
    code = (
        "import sys, json\nfrom accord.cli.main import app\n"
        "try:\n    app(json.loads(sys.argv[1]), prog_name='accord')\nexcept SystemExit:\n    pass\n"
        "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})), file=sys.stderr)"
    )
    out = subprocess.run(
        [python, "-c", code, json.dumps(args)], capture_output=True, text=True, check=True, env=environment()
    )
    loaded = set(json.loads(out.stderr.strip().splitlines()[-1]))
    return [m for m in WATCHED if m in loaded]


def import_costs(python: str, args: tuple[str, ...], top: int = 6) -> str:
    """The top-level packages with the largest summed import self time (ms), from one run."""
    out = subprocess.run(
        [python, "-X", "importtime", "-c", ENTRY, *args], capture_output=True, text=True, env=environment(), check=False
    )
    per: dict[str, int] = defaultdict(int)
    for line in out.stderr.splitlines():
        parts = line.split("|")
        if not line.startswith("import time:") or len(parts) != 3 or "imported package" in line:
            continue
        per[parts[2].strip().split(".")[0]] += int(parts[0].split(":")[1])
    ranked = sorted(per.items(), key=lambda kv: -kv[1])[:top]
    return ", ".join(f"{name} {us / 1000:.0f}" for name, us in ranked)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=10, help="runs per command (median reported)")
    parser.add_argument("--against", help="the interpreter of another accord installation to time alongside")
    parser.add_argument("--importtime", action="store_true", help="list the costliest imports per command")
    opts = parser.parse_args()

    trees: list[tuple[str, str]] = [("this tree", sys.executable)]
    if opts.against is not None:
        trees.append(("against", opts.against))
    cases: list[tuple[str, tuple[str, ...], str, list[str]]] = [
        ("", ("python -c pass",), sys.executable, [sys.executable, "-c", "pass"])
    ]
    for tree, python in trees:
        for args in COMMANDS:
            cases.append((tree, args, python, [python, "-c", ENTRY, *args]))
    load_before = os.getloadavg()
    walls: dict[int, list[float]] = defaultdict(list)
    cpus: dict[int, list[float]] = defaultdict(list)
    for _ in range(opts.repeat):
        for i, (_, _, _, cmd) in enumerate(cases):
            wall, cpu = once(cmd, environment())
            walls[i].append(wall)
            cpus[i].append(cpu)
    load_after = os.getloadavg()

    head = "| tree | command | median wall (ms) | median CPU (ms) | CPU over bare python (ms) | imported |"
    lines = [head, "|---|---|---|---|---|---|"]
    base_cpu = statistics.median(cpus[0])
    for i, (tree, args, python, _) in enumerate(cases):
        wall, cpu = statistics.median(walls[i]), statistics.median(cpus[i])
        name = args[0] if i == 0 else label(args)
        libs = "" if i == 0 else ", ".join(imported(python, args)) or "none of " + "/".join(WATCHED)
        over = (cpu - base_cpu) * 1000
        lines.append(f"| {tree} | `{name}` | {wall * 1000:.0f} | {cpu * 1000:.0f} | {over:+.0f} | {libs} |")
    text = (
        f"CLI start-up, median of {opts.repeat} runs per command (commands taking turns); "
        f"load average (1, 5, 15 min) before {', '.join(f'{x:.2f}' for x in load_before)}, "
        f"after {', '.join(f'{x:.2f}' for x in load_after)}; {os.cpu_count()} CPUs"
        + (f"; against: the accord of {opts.against}" if opts.against else "")
        + "\n\n"
        + "\n".join(lines)
        + "\n"
    )
    if opts.importtime:
        costs = ["", "Costliest imports (ms of import self time per top-level package, one run):", ""]
        for tree, python in trees:
            for args in COMMANDS:
                costs.append(f"- {tree}, `{label(args)}`: {import_costs(python, args)}")
        text += "\n".join(costs) + "\n"
    print(text)
    out = ROOT / "bench" / "results" / "startup.md"
    out.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
