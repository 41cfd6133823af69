"""Many parties: the exact additive frontier and the ε-frontier, with NegMAS 0.16.0 side by side.

    .venv/bin/python bench/many_parties_bench.py [--skip-exact]

Synthetic linear-additive domains (the random tables of bench/pareto_bench.py, 10 values
per issue). For each size accord's exact merge (``additive_points``: one package per
distinct frontier vector) and its ε-frontier (``epsilon_points`` with its defaults: the
ε budget ``DEFAULT_EPSILON``, merges above ``EXACT_BELOW`` candidates thinned) are timed,
each in its own process (wall clock and the process's CPU time, which a loaded machine
inflates less; the load average is printed), and the ε reached is printed. Where both
ran, the ε-frontier's guarantee is checked against the exact frontier (every exact point
has an ε-frontier point less than ε below it in every coordinate). NegMAS's
``pareto_frontier`` enumerates every outcome, so it runs only on the 10^6-outcome case
(it is installed into ``.venv-peer`` when missing, as in bench/pareto_bench.py); on 10^10
outcomes it exhausts memory and is not run. Writes bench/results/many_parties.md.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
from pareto_bench import PEER, ROOT, Case, ensure_peer, fmt_time, rss_mib, synth_tables

RESULTS = ROOT / "bench" / "results" / "many_parties.md"
SIZES = [(5, 6), (5, 10), (6, 10)]  # parties, issues (10 values each)
PEER_SIZES = {(5, 6)}


def accord_keys(parties: int, issues: int) -> list[np.ndarray]:
    sys.path.insert(0, str(ROOT / "src"))
    from accord.analysis.keys import SCALE

    tables = synth_tables(parties, issues, 10, 0)
    return [
        np.array([[round(w[j] * v[j, k] * SCALE) for w, v in tables] for k in range(10)], dtype=np.int64)
        for j in range(issues)
    ]


def work(kind: str, parties: int, issues: int, out: Path) -> dict[str, Any]:
    if kind == "peer":
        import pareto_bench

        case = Case("peer", synth=(parties, issues, 10), peer=("pf",))
        return pareto_bench.work_peer(case, "pf", out)
    keys = accord_keys(parties, issues)
    from accord.analysis.additive import additive_points
    from accord.analysis.epsilon import epsilon_points

    start, cpu = time.perf_counter(), time.process_time()
    if kind == "exact":
        _, points, _ = additive_points(keys)
        result: dict[str, Any] = {"frontier": int(points.shape[0])}
    else:
        front = epsilon_points(keys)
        points = front.points
        result = {"frontier": int(points.shape[0]), "epsilon": front.epsilon, "epsilon_keys": front.epsilon_keys}
    result.update(seconds=time.perf_counter() - start, cpu=time.process_time() - cpu, rss=rss_mib())
    np.save(out, points)
    return result


def covered(exact: np.ndarray, approx: np.ndarray, eps_keys: int) -> bool:
    """Every exact point x has an approximate point y > x - eps_keys in every coordinate.

    For integers, y > x - e everywhere is y >= x - e + 1 everywhere, which is strict dominance
    once a last coordinate of 1 (approximate points) against 0 (exact ones) is appended.
    """
    from accord.analysis.dominance import dominated_by

    targets = np.hstack((exact - eps_keys + 1, np.zeros((exact.shape[0], 1), dtype=np.int64)))
    cover = np.hstack((approx, np.ones((approx.shape[0], 1), dtype=np.int64)))
    return bool(dominated_by(targets, cover).all())


def run_worker(python: Path | str, args: list[str]) -> dict[str, Any]:
    env = dict(os.environ, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1")
    command = [str(python), str(Path(__file__).resolve()), "--worker", *args]
    proc = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    if proc.returncode != 0:
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-3:]
        return {"error": " / ".join(tail) or f"exit {proc.returncode}"}
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-exact", action="store_true", help="time only the ε-frontier on 6 x 10")
    parser.add_argument("--skip-peer", action="store_true", help="do not run NegMAS (it takes minutes on 5 x 6)")
    args = parser.parse_args()
    ensure_peer()
    lines = [
        f"load average at start: {os.getloadavg()[0]:.1f} (2 cores)",
        "",
        "| parties x issues | exact frontier | exact time | ε-frontier | ε | ε time | ε check "
        "| NegMAS pareto_frontier |",
        "|---|---:|---:|---:|---:|---:|---|---:|",
    ]
    print(lines[0], flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        for parties, issues in SIZES:
            size = [str(parties), str(issues)]
            skip = args.skip_exact and (parties, issues) == (6, 10)
            exact = None if skip else run_worker(sys.executable, ["exact", *size, f"{tmp}/e.npy"])
            eps = run_worker(sys.executable, ["epsilon", *size, f"{tmp}/a.npy"])
            peer = (
                run_worker(PEER, ["peer", *size, f"{tmp}/p.npy"])
                if (parties, issues) in PEER_SIZES and not args.skip_peer
                else None
            )
            checked = "—"
            if exact is not None and "frontier" in exact and "epsilon_keys" in eps:
                ok = covered(np.load(f"{tmp}/e.npy"), np.load(f"{tmp}/a.npy"), eps["epsilon_keys"] or 1)
                checked = "every exact point covered" if ok else "NOT COVERED"
            row = [
                f"{parties} x {issues}",
                "not run" if exact is None else str(exact.get("frontier", exact.get("error"))),
                "—"
                if exact is None or "error" in exact
                else f"{fmt_time(exact['seconds'])} (CPU {fmt_time(exact['cpu'])}), {exact['rss']:.0f} MiB",
                str(eps.get("frontier", eps.get("error"))),
                f"{eps['epsilon']:.3f}" if "epsilon" in eps else "—",
                f"{fmt_time(eps['seconds'])} (CPU {fmt_time(eps['cpu'])}), {eps['rss']:.0f} MiB"
                if "seconds" in eps
                else "—",
                checked,
                ("skipped (`--skip-peer`)" if (parties, issues) in PEER_SIZES else "not run (10^10 outcomes)")
                if peer is None
                else f"{fmt_time(peer['seconds'])}, {peer['frontier']} points"
                if "seconds" in peer
                else str(peer.get("error")),
            ]
            lines.append("| " + " | ".join(row) + " |")
            print(lines[-1], flush=True)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--worker":
        kind, parties, issues, out = sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), Path(sys.argv[5])
        print(json.dumps(work(kind, parties, issues, out)))
    else:
        main()
