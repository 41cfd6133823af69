"""Tournament throughput: accord against NegMAS's ``cartesian_tournament``, side by side, in one run.

    .venv/bin/python bench/tournament_bench.py [--reps 200] [--peer-reps 3] [--tries 3]

The league: 4 strategies (time-based Boulware, linear, Conceder, and an aspiration strategy),
ANAC 2012 CarA and CameraB, 100 rounds, discounting ignored, every strategy in every role,
self-play. NegMAS 0.16.0 runs in its own environment (.venv-peer) through
bench/peer_tournament.py, driven as ../shared/peer-bench/tournament_bench.py drives it
(``njobs=0``, the fastest setting measured here). accord plays the same league with
``accord.tournament`` on each back-end: serial, 2 local processes, and a Dask LocalCluster
with 1 and 2 workers.

How the two leagues are made the same:

- Strategies: NegMAS's time-based aspiration ``1 - t**k`` (Boulware k=4, Conceder k=0.25) is
  accord's ``1 - t**(1/e)`` with e = 1/k. accord has no separate ``AspirationNegotiator``
  (in NegMAS a polynomial aspiration curve too); its fourth strategy is the time-based
  ``e=0.5`` curve, labelled ``aspiration``.
- Reservation values: NegMAS reads GENIUS utilities unnormalised (0..100 on CarA) and keeps
  the file's reservation on that scale; accord normalises utilities to [0, 1]. The accord
  scenarios get NegMAS's effective reservation (reserved / max utility, per party).
- Size: NegMAS's ``rotate_ufuns`` plays every ordered pairing twice (64 negotiations per
  repetition); accord's role rotation plays it once (32), so 2 accord repetitions are one of
  NegMAS's. Rates are negotiations per second of wall time for the whole tournament call:
  for accord loading the scenarios, planning, shipping them to the workers, playing, per-run
  metrics and storing every row in SQLite. Starting the workers themselves (a process pool,
  a Dask cluster) happens once per back-end, before any tournament, and is reported apart;
  NegMAS's ``njobs=0`` starts none.

Writes bench/results/tournament.md.
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

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from accord.formats import load_scenario  # noqa: E402
from accord.formats.accord_file import save_scenario  # noqa: E402
from accord.model import Party, Preferences, Scenario  # noqa: E402
from accord.tournament import (  # noqa: E402
    Backend,
    DaskBackend,
    ProcessBackend,
    Record,
    ResultStore,
    SerialBackend,
    TournamentConfig,
    leaderboard,
    run_tournament,
)

PEER = ROOT / ".venv-peer" / "bin" / "python"
Y2012 = ROOT.parent / "shared" / "scenarios" / "genius" / "anac" / "y2012"
SCENARIOS = ("CarA", "CameraB")
STRATEGIES = ("boulware", "linear", "conceder", "time-based(e=0.5)")
LABELS = {"time-based(e=0.5)": "aspiration"}


def peer(reps: int) -> dict[str, Any]:
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    cmd = [str(PEER), str(ROOT / "bench" / "peer_tournament.py"), str(Y2012), "0", "process", str(reps)]
    out = subprocess.run(cmd, capture_output=True, text=True, env=env, check=True, timeout=1800)
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def matched(scenario: Scenario, max_utils: list[float], reserved: list[float]) -> Scenario:
    """The scenario with NegMAS's effective reservation values, and no cost of delay."""
    fractions = iter(r / m if m > 0 else 0.0 for r, m in zip(reserved, max_utils, strict=True))
    parties = []
    for p in scenario.parties:
        prefs = p.preferences
        if prefs is None or p not in scenario.negotiators:
            parties.append(p)
            continue
        parties.append(Party(p.id, name=p.name, role=p.role, preferences=Preferences(prefs.utility, next(fractions))))
    return scenario.with_parties(parties)


def league(folder: Path, peer_scenarios: dict[str, Any], reps: int) -> TournamentConfig:
    paths = []
    for name in SCENARIOS:
        info = peer_scenarios[name]
        scenario = matched(load_scenario(Y2012 / name), info["max"], info["reserved"])
        paths.append(str(save_scenario(scenario, folder / f"{name}.toml")))
    return TournamentConfig(
        name="anac-2012-league",
        strategies=STRATEGIES,
        labels=LABELS,
        scenarios=tuple(paths),
        deadline=100,
        repetitions=reps,
        rotate_roles=True,
        self_play=True,
        seed=2012,
        ignore_discount=True,
    )


def play(config: TournamentConfig, backend: Backend, folder: Path, tries: int) -> tuple[float, list[Record]]:
    """Best wall time of ``tries`` complete runs (the cores are shared), and the records."""
    best = float("inf")
    records: list[Record] = []
    for i in range(tries):
        path = folder / f"run-{time.monotonic_ns()}-{i}.sqlite"
        summary = run_tournament(config, path, backend=backend)
        if not summary.complete:
            raise RuntimeError("the tournament did not complete")
        best = min(best, summary.wall_s)
        with ResultStore(path, readonly=True) as store:
            records = store.records()
    return best, records


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--reps", type=int, default=200, help="accord repetitions of the large league")
    ap.add_argument("--peer-reps", type=int, default=3, help="NegMAS repetitions")
    ap.add_argument("--tries", type=int, default=3, help="accord runs per row (best is kept)")
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "tournament.md")
    args = ap.parse_args()

    theirs = peer(args.peer_reps)
    rows: list[tuple[str, str, int, int, float, float]] = []
    rows.append(("NegMAS 0.16.0", "cartesian_tournament, njobs=0", 1, theirs["n_negotiations"],
                 theirs["wall_s"], theirs["negs_per_s"]))  # fmt: skip
    same_reps = theirs["n_negotiations"] // 32
    results: dict[str, list[Record]] = {}
    start: dict[tuple[str, int], float] = {}
    with tempfile.TemporaryDirectory(prefix="accord-tournament-bench-") as tmp:
        folder = Path(tmp)
        small = league(folder, theirs["scenarios"], same_reps)
        large = small.replace(repetitions=args.reps)
        runs: list[tuple[str, int, TournamentConfig, Any]] = [
            ("serial", 1, small, lambda: SerialBackend()),
            ("2 processes", 2, small, lambda: ProcessBackend(2)),
            ("serial", 1, large, lambda: SerialBackend()),
            ("2 processes", 2, large, lambda: ProcessBackend(2)),
            ("Dask LocalCluster", 1, large, lambda: DaskBackend("local", workers=1)),
            ("Dask LocalCluster", 2, large, lambda: DaskBackend("local", workers=2)),
        ]
        for name, workers, config, make in runs:
            t0 = time.perf_counter()
            with make() as backend:
                start[name, workers] = time.perf_counter() - t0
                wall, records = play(config, backend, folder, args.tries)
            n = len(records)
            rows.append(("accord", name, workers, n, wall, n / wall))
            results[f"{name}/{workers}/{n}"] = records

    by_size: dict[int, list[list[tuple[object, ...]]]] = {}
    for records in results.values():
        by_size.setdefault(len(records), []).append([r.result() for r in records])
    identical = all(all(s == sets[0] for s in sets) for sets in by_size.values())
    big = results[f"Dask LocalCluster/2/{large.repetitions * 32}"]
    n_large = len(big)
    rate = {(name, w, n): r for _, name, w, n, _, r in rows[1:]}
    d1, d2 = rate[("Dask LocalCluster", 1, n_large)], rate[("Dask LocalCluster", 2, n_large)]
    peer_rate = theirs["negs_per_s"]
    best_accord = max(r for (_, _, n), r in rate.items() if n == n_large)
    board = leaderboard(big, by="utility")
    accord_agree = sum(r.end == "agreement" for r in big) / n_large
    accord_rounds = sum(r.rounds for r in big) / n_large

    lines = [
        "# Tournaments: accord vs NegMAS 0.16.0 `cartesian_tournament`",
        "",
        "League: Boulware, linear, Conceder (time-based) and an aspiration strategy; ANAC 2012 CarA and CameraB; "
        "100 rounds; role rotation; self-play; discounting ignored. 2 shared cores, `OMP_NUM_THREADS=1` for NegMAS. "
        f"Load average at the start: {os.getloadavg()[0]:.2f}. Generated by `bench/tournament_bench.py`; "
        f"accord rows are the best of {args.tries} runs.",
        "",
        "| engine | back-end | workers | negotiations | wall s | negotiations/s | vs NegMAS |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for engine, name, workers, n, wall, r in rows:
        lines.append(f"| {engine} | {name} | {workers} | {n:,} | {wall:.2f} | {r:,.0f} | {r / peer_rate:,.0f}x |")
    lines += [
        "",
        f"- Best accord throughput on the large league: **{best_accord / peer_rate:,.0f}x** NegMAS's "
        f"({best_accord:,.0f} against {peer_rate:.1f} negotiations/s).",
        f"- Dask scaling from 1 to 2 workers: **{d2 / d1:.2f}x** ({d2 / d1 / 2:.0%} of linear). "
        f"Start-up of the workers, not counted above: process pool {start['2 processes', 2]:.2f} s; "
        f"LocalCluster {start['Dask LocalCluster', 1]:.1f} s (1 worker), "
        f"{start['Dask LocalCluster', 2]:.1f} s (2 workers).",
        f"- Same results on every back-end (every field but timings): {'yes' if identical else 'NO'}.",
        f"- Agreement rate: NegMAS {theirs['agreement_rate']:.0%}, accord {accord_agree:.0%}; mean rounds: "
        f"NegMAS {theirs['mean_steps']:.1f}, accord {accord_rounds:.1f}. Counted in rounds played per second "
        f"(which corrects for the different lengths), accord's best is "
        f"**{best_accord * accord_rounds / (peer_rate * theirs['mean_steps']):,.0f}x** NegMAS's.",
        f"- Ranking by mean utility: NegMAS {' > '.join(theirs['ranking'])}; accord "
        f"{' > '.join(r.strategy for r in board.rows)}.",
        "",
    ]
    text = "\n".join(lines)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text)
    print(text)


if __name__ == "__main__":
    main()
