"""CLI start-up time against a bare interpreter (a benchmark, not a test).

Runs each command N times in fresh processes and prints median wall times and the
overhead over ``python -c pass``. Also lists the heavy modules each command imported.

    python bench/startup.py [N]
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

HEAVY = ("plotly", "dask", "distributed", "fastapi", "uvicorn", "sqlalchemy", "pandas", "scipy", "matplotlib")


def timed(cmd: list[str], n: int) -> float:
    runs = []
    for _ in range(n):
        t = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True)
        runs.append(time.perf_counter() - t)
    return statistics.median(runs)


def heavy_imports(args: list[str]) -> list[str]:
    code = (
        "import sys, json; sys.argv = ['accord', *json.loads(sys.argv[1])]\n"
        "from accord.cli.main import app\n"
        "try:\n    app()\nexcept SystemExit:\n    pass\n"
        f"print(json.dumps(sorted({{m.split('.')[0] for m in sys.modules}} & set({list(HEAVY)!r}))), file=sys.stderr)"
    )
    out = subprocess.run([sys.executable, "-c", code, json.dumps(args)], capture_output=True, text=True, check=True)
    return list(json.loads(out.stderr.strip().splitlines()[-1]))


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    accord = str(Path(sys.executable).with_name("accord"))
    base = timed([sys.executable, "-c", "pass"], n)
    rows = [("python -c pass", base, 0.0, [])]
    for args in (["--help"], ["show", "abu-dhabi-2026"], ["scenarios"]):
        t = timed([accord, *args], n)
        rows.append((f"accord {' '.join(args)}", t, t - base, heavy_imports(args)))
    lines = ["| command | median wall (ms) | over bare python (ms) | heavy modules imported |", "|---|---|---|---|"]
    for name, t, over, heavy in rows:
        lines.append(f"| `{name}` | {t * 1000:.0f} | {over * 1000:+.0f} | {', '.join(heavy) or 'none'} |")
    table = "\n".join(lines)
    print(table)
    out = Path(__file__).parent / "results" / "startup.md"
    out.write_text(f"CLI start-up, median of {n} runs\n\n{table}\n", encoding="utf-8")


if __name__ == "__main__":
    main()
