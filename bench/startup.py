"""CLI start-up: whole-process time of each command against a bare interpreter (a benchmark, not a test).

    .venv/bin/python bench/startup.py [--repeat 10] [--against SRC] [--importtime]

Each command runs ``--repeat`` times in fresh processes, the commands taking turns (so a change
in the machine's load touches every command alike); printed per command: the median wall time,
the median CPU time of the process (user + system, which other processes on a busy machine
disturb less than wall time) and the libraries it imported that it should not need. The load
average before and after is printed too: wall times on a loaded machine are not comparable to
those on a quiet one.

``--against SRC`` also times another source tree of accord (for example the last release,
``git archive v0.1.0 src | tar -x -C /tmp/old``), run with this interpreter and its installed
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


def environment(src: Path | None) -> dict[str, str]:
    env = dict(os.environ, COLUMNS="100", NO_COLOR="1")
    if src is not None:  # ahead of the editable install's path
        env["PYTHONPATH"] = str(src)
    else:
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


def imported(args: tuple[str, ...], env: dict[str, str]) -> list[str]:
    code = (
        "import sys, json\nfrom accord.cli.main import app\n"
        "try:\n    app(json.loads(sys.argv[1]), prog_name='accord')\nexcept SystemExit:\n    pass\n"
        "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})), file=sys.stderr)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, json.dumps(args)], capture_output=True, text=True, check=True, env=env
    )
    loaded = set(json.loads(out.stderr.strip().splitlines()[-1]))
    return [m for m in WATCHED if m in loaded]


def import_costs(args: tuple[str, ...], env: dict[str, str], top: int = 6) -> str:
    """The top-level packages with the largest summed import self time (ms), from one run."""
    out = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", ENTRY, *args], capture_output=True, text=True, env=env, check=False
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
    parser.add_argument("--against", type=Path, help="another accord source tree (its src/ folder) to time alongside")
    parser.add_argument("--importtime", action="store_true", help="list the costliest imports per command")
    opts = parser.parse_args()

    trees: list[tuple[str, Path | None]] = [("this tree", None)]
    if opts.against is not None:
        trees.append((f"against {opts.against}", opts.against.resolve()))
    cases: list[tuple[str, tuple[str, ...], list[str], dict[str, str]]] = [
        ("", ("python -c pass",), [sys.executable, "-c", "pass"], environment(None))
    ]
    for tree, src in trees:
        for args in COMMANDS:
            cases.append((tree, args, [sys.executable, "-c", ENTRY, *args], environment(src)))
    load_before = os.getloadavg()
    walls: dict[int, list[float]] = defaultdict(list)
    cpus: dict[int, list[float]] = defaultdict(list)
    for _ in range(opts.repeat):
        for i, (_, _, cmd, env) in enumerate(cases):
            wall, cpu = once(cmd, env)
            walls[i].append(wall)
            cpus[i].append(cpu)
    load_after = os.getloadavg()

    head = "| tree | command | median wall (ms) | median CPU (ms) | CPU over bare python (ms) | imported |"
    lines = [head, "|---|---|---|---|---|---|"]
    base_cpu = statistics.median(cpus[0])
    for i, (tree, args, _, env) in enumerate(cases):
        wall, cpu = statistics.median(walls[i]), statistics.median(cpus[i])
        name = args[0] if i == 0 else label(args)
        libs = "" if i == 0 else ", ".join(imported(args, env)) or "none of " + "/".join(WATCHED)
        over = (cpu - base_cpu) * 1000
        lines.append(f"| {tree} | `{name}` | {wall * 1000:.0f} | {cpu * 1000:.0f} | {over:+.0f} | {libs} |")
    text = (
        f"CLI start-up, median of {opts.repeat} runs per command (commands taking turns); "
        f"load average (1, 5, 15 min) before {', '.join(f'{x:.2f}' for x in load_before)}, "
        f"after {', '.join(f'{x:.2f}' for x in load_after)}; {os.cpu_count()} CPUs\n\n" + "\n".join(lines) + "\n"
    )
    if opts.importtime:
        costs = ["", "Costliest imports (ms of import self time per top-level package, one run):", ""]
        for tree, src in trees:
            for args in COMMANDS:
                costs.append(f"- {tree}, `{label(args)}`: {import_costs(args, environment(src))}")
        text += "\n".join(costs) + "\n"
    print(text)
    out = ROOT / "bench" / "results" / "startup.md"
    out.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
