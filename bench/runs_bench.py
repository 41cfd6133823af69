"""``accord run --runs N`` on the default talks: wall and CPU time (a benchmark, not a test).

Runs the command as a user types it (the default number of processes) and in one process
(``-j 1``), each in a fresh process, and prints the wall time, the CPU time of the command and
its workers (user + sys), the CPU time per run and the load average before and after: on a
shared machine the wall time says more about the others' work than about this one's, the CPU
time much less. There is no peer to compare with (NegMAS has no phased mediated talks).

    python bench/runs_bench.py [RUNS]    # default 1000
"""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
import time


def measure(args: list[str]) -> tuple[float, float, float]:
    """Wall seconds, user and sys CPU seconds of ``accord ARGS`` and its child processes."""
    accord = shutil.which("accord", path=os.path.dirname(sys.executable)) or "accord"
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    subprocess.run([accord, *args], check=True, capture_output=True)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime - before.ru_utime, after.ru_stime - before.ru_stime


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    print(f"accord run --runs {runs} on the default talks; {os.cpu_count()} cores")
    for label, extra in (("default processes", []), ("one process (-j 1)", ["-j", "1"])):
        load = os.getloadavg()[0]
        wall, user, sys_ = measure(["run", "--runs", str(runs), "--json", *extra])
        print(
            f"  {label:20s} {wall:6.1f} s wall  {user:6.1f} s user + {sys_:4.1f} s sys  "
            f"({1000 * (user + sys_) / runs:.1f} ms CPU a run, start-up included)  "
            f"load average {load:.1f} -> {os.getloadavg()[0]:.1f}"
        )


if __name__ == "__main__":
    main()
