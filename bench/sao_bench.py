"""Bilateral SAO throughput and agreements: accord against NegMAS, side by side, in one run.

    .venv/bin/python bench/sao_bench.py [--runs 2000] [--peer-runs 100] [--rounds 100]
    .venv/bin/python bench/sao_bench.py --long    # 10,000 rounds -> bench/results/sao-10000.md

Same scenario (ANAC 2012 CarA), same strategies (time-based Boulware / linear / Conceder),
100 rounds. NegMAS 0.16.0 runs in its own environment (.venv-peer) through bench/peer_sao.py,
driven the way ../shared/peer-bench/sao_bench.py drives it. A negotiation is counted the same
way on both sides: set up the mechanism (protocol state) and fresh negotiators (strategies)
on a loaded scenario, and run it to the end.

How the two are made to define the same negotiation:

- NegMAS reads GENIUS utilities unnormalised (0..100 on CarA) and keeps the file's
  reservation value (0.5) on that scale; accord normalises utilities to [0, 1]. So accord is
  given NegMAS's effective reservation (0.5 / 100) and tolerance (1e-4 / 100).
- Time-based: NegMAS's aspiration ``1 - t**k`` (Boulware k=4, Conceder k=0.25) is accord's
  ``1 - t**(1/e)`` with e = 1/k; both offer the least outcome at or above the aspiration
  (between the reservation and the best) and accept an offer at or above it; relative time is
  ``(round + 1) / (n_rounds + 1)`` on both sides.
- Discounting: the GENIUS discount (0.75 per deadline) is switched on for both in the second
  set of runs.

accord plays these pairs from the strategies' time plans (blocks of rounds at once, the same
record as move by move: checked in each run); the move-by-move figures are measured beside them.

Writes bench/results/sao.md (``--long``: bench/results/sao-10000.md).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from accord.engine.runner import Run, simulate  # noqa: E402
from accord.formats import load_scenario  # noqa: E402
from accord.model import Party, Preferences, Scenario  # noqa: E402

PEER = ROOT / ".venv-peer" / "bin" / "python"
CAR_A = ROOT.parent / "shared" / "scenarios" / "genius" / "anac" / "y2012" / "CarA"
NEGMAS_NAMES = {"boulware": "BoulwareTBNegotiator", "linear": "LinearTBNegotiator", "conceder": "ConcederTBNegotiator"}
SPEED_PAIRS = [("boulware", "conceder"), ("boulware", "boulware")]
PAIRS = [
    ("boulware", "conceder"),
    ("conceder", "boulware"),
    ("boulware", "boulware"),
    ("linear", "linear"),
    ("linear", "conceder"),
    ("conceder", "conceder"),
]


def matched(scenario: Scenario, scale: float, *, discount: bool) -> Scenario:
    """The scenario with NegMAS's effective reservation values (and its discount, or none)."""
    parties = []
    for p in scenario.parties:
        prefs = p.preferences
        if prefs is None:
            parties.append(p)
            continue
        parties.append(
            Party(
                p.id,
                name=p.name,
                role=p.role,
                preferences=Preferences(
                    prefs.utility,
                    reservation=prefs.reservation / scale,
                    cost_of_delay=prefs.cost_of_delay if discount else None,
                ),
            )
        )
    return scenario.with_parties(parties)


def final_utilities(scenario: Scenario, run: Run, rounds: int) -> list[float]:
    """Each party's discounted utility of the result (what a caller needs from a run)."""
    from accord.engine.tables import utility_table

    agreement = run.agreement
    last = run.events[-1].round
    out = []
    for p in scenario.negotiators:
        prefs = p.preferences
        assert prefs is not None
        u = utility_table(prefs).u_list[agreement] if agreement is not None else prefs.reservation
        out.append(u * prefs.discount(round=last, elapsed=(last + 1) / (rounds + 1)))
    return out


def accord_runs(
    scenario: Scenario, a: str, b: str, n: int, rounds: int, eps: float, *, planned: bool = True
) -> dict[str, Any]:
    ids = [p.id for p in scenario.negotiators]
    # pressure=0: like NegMAS's, these strategies ignore the cost of delay when they concede
    strategies = {ids[0]: f"{a}(eps={eps!r},pressure=0)", ids[1]: f"{b}(eps={eps!r},pressure=0)"}
    config = {"n_rounds": rounds}
    first = simulate(scenario, protocol="saop", strategies=strategies, config=config, planned=planned)
    durs: list[float] = []
    cpus: list[float] = []
    best = float("inf")
    run = first
    for _ in range(3 if n > 1 else 1):  # best of three blocks: the cores are shared
        t0 = time.perf_counter()
        for _ in range(n):
            t = time.perf_counter()
            c = time.process_time()
            run = simulate(scenario, protocol="saop", strategies=strategies, config=config, planned=planned)
            final_utilities(scenario, run, rounds)
            durs.append(time.perf_counter() - t)
            cpus.append(time.process_time() - c)
        best = min(best, time.perf_counter() - t0)
    total = best
    if run.events != first.events:
        raise RuntimeError("a deterministic negotiation gave two different records")
    if (
        planned
        and first.events
        != simulate(scenario, protocol="saop", strategies=strategies, config=config, planned=False).events
    ):
        raise RuntimeError("planned play recorded another negotiation than move-by-move play")
    rounds_used = first.events[-1].round + 1
    return {
        "negs_per_s": n / total,
        "median_ms": 1000 * statistics.median(durs),
        "cpu_median_ms": 1000 * statistics.median(cpus),
        "agreement": first.agreement,
        "rounds": rounds_used,
        "actions": sum(1 for e in first.events if e.party),
    }


def peer(folder: Path, n: int, rounds: int, discount: bool, pairs: list[tuple[str, str]]) -> dict[str, Any]:
    names = [NEGMAS_NAMES[x] for pair in pairs for x in pair]
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    script = str(ROOT / "bench" / "peer_sao.py")
    cmd = [str(PEER), script, str(folder), str(n), str(rounds), "1" if discount else "0", *names]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True, env=env)
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--scenario", type=Path, default=CAR_A)
    ap.add_argument("--runs", type=int, default=2000, help="accord negotiations per measured pair")
    ap.add_argument("--peer-runs", type=int, default=100, help="NegMAS negotiations per measured pair")
    ap.add_argument("--peer-discount-runs", type=int, default=3, help="NegMAS negotiations with discounting")
    ap.add_argument(
        "--move-runs", type=int, default=200, help="accord negotiations per pair played move by move (planned=False)"
    )
    ap.add_argument("--rounds", type=int, default=100)
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "sao.md")
    ap.add_argument(
        "--long",
        action="store_true",
        help="10,000-round negotiations (fewer runs, no discounted run), written to bench/results/sao-10000.md",
    )
    args = ap.parse_args()
    if args.long:
        args.rounds, args.runs, args.move_runs, args.peer_runs, args.peer_discount_runs = 10_000, 20, 5, 3, 0
        args.out = ROOT / "bench" / "results" / "sao-10000.md"
    if not PEER.exists():
        sys.exit(f"NegMAS is missing ({PEER}): python3 -m venv .venv-peer && .venv-peer/bin/pip install negmas==0.16.0")

    base = load_scenario(args.scenario)
    # NegMAS's agreements for every pair (one run each: both sides are deterministic).
    agree_peer: Any = peer(args.scenario, 1, args.rounds, False, PAIRS)
    scale = float(agree_peer["max_utility"][0])
    eps = 1e-4 / scale
    plain = matched(base, scale, discount=False)
    discounted = matched(base, scale, discount=True)

    # Throughput: the same pairs on both engines; discounting on for the headline pair.
    table = []
    for pair in SPEED_PAIRS:
        theirs: Any = peer(args.scenario, args.peer_runs, args.rounds, False, [pair])["pairs"][0]
        ours = accord_runs(plain, *pair, args.runs, args.rounds, eps)
        ours["moves_cpu_ms"] = accord_runs(plain, *pair, args.move_runs, args.rounds, eps, planned=False)[
            "cpu_median_ms"
        ]
        table.append((pair, "off", theirs, ours))
    head = SPEED_PAIRS[0]
    if args.peer_discount_runs > 0:  # NegMAS with discounting: ~11 s per 100-round negotiation
        theirs_d: Any = peer(args.scenario, args.peer_discount_runs, args.rounds, True, [head])["pairs"][0]
        ours_d = accord_runs(discounted, *head, args.runs, args.rounds, eps)
        ours_d["moves_cpu_ms"] = accord_runs(discounted, *head, args.move_runs, args.rounds, eps, planned=False)[
            "cpu_median_ms"
        ]
        table.append((head, "on (0.75 per deadline)", theirs_d, ours_d))

    rows = []
    matches = 0
    for (a, b), pp in zip(PAIRS, agree_peer["pairs"], strict=True):
        mine = accord_runs(plain, a, b, 1, args.rounds, eps)
        same = mine["agreement"] == pp["agreements"][0] and mine["rounds"] == pp["steps"][0]
        matches += same
        rows.append((a, b, pp["agreements"][0], pp["steps"][0], mine["agreement"], mine["rounds"], same))

    lines = [
        "# Bilateral SAO: accord vs NegMAS 0.16.0",
        "",
        f"Scenario {base.name} ({base.space.size:,} outcomes), deadline {args.rounds} rounds; one process "
        "each, on 2 shared cores (`OMP_NUM_THREADS=1` for NegMAS); accord's figure is the best of three "
        f"blocks. Load average {os.getloadavg()[0]:.1f} when written. Generated by `bench/sao_bench.py`.",
        "",
        "| pair | discounting | NegMAS negotiations/s | accord negotiations/s | accord / NegMAS | "
        "NegMAS median ms | accord median ms | accord µs per action | rounds (NegMAS, accord) | "
        "NegMAS CPU ms | accord CPU ms | accord / NegMAS (CPU) | accord move by move, CPU ms | "
        "move by move / NegMAS (CPU) |",
        "|---|---|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|",
    ]
    for (a, b), disc, theirs, ours in table:
        per_action = 1000 * ours["cpu_median_ms"] / max(1, int(ours["actions"]))
        lines.append(
            f"| {a} vs {b} | {disc} | {theirs['negs_per_s']:.2f} | {ours['negs_per_s']:.0f} | "
            f"**{ours['negs_per_s'] / theirs['negs_per_s']:.0f}x** | {theirs['median_ms']:.1f} | "
            f"{ours['median_ms']:.3f} | {per_action:.2f} | {theirs['steps'][0]}, {ours['rounds']} | "
            f"{theirs['cpu_median_ms']:.1f} | {ours['cpu_median_ms']:.3f} | "
            f"**{theirs['cpu_median_ms'] / ours['cpu_median_ms']:.0f}x** | {ours['moves_cpu_ms']:.3f} | "
            f"{theirs['cpu_median_ms'] / ours['moves_cpu_ms']:.0f}x |"
        )
    plain_head, disc_head = table[0], table[-1]
    lines += [
        "",
        "- Wall times include time the process waited for a shared core, more often the longer a "
        "negotiation runs; the CPU columns (median `time.process_time()` per negotiation, both sides "
        "single-threaded) count only the work done. µs per action: accord's CPU median over the "
        "actions in the record.",
        "- accord plays these time-based pairs from their time plans (every offer and verdict of a block "
        "of rounds computed as arrays; `accord.engine.plan`), and records every move as an event, as "
        "move-by-move play does; the run checks that both give the same record. The last two columns "
        "are move-by-move play (`simulate(..., planned=False)`), what any strategy without a time plan gets.",
        "- Discounting not measured in this run (`--peer-discount-runs 0`)."
        if disc_head[1] == "off"
        else f"- Switching discounting on costs NegMAS {plain_head[2]['negs_per_s'] / disc_head[2]['negs_per_s']:.0f}x "
        f"and accord {plain_head[3]['negs_per_s'] / disc_head[3]['negs_per_s']:.2f}x. With pressure=0 (as here; "
        "by default a cost of delay makes them concede faster) accord's strategies decide on undiscounted "
        "utilities: under the GENIUS convention the discount multiplies deals and no-deal alike, so "
        "a time-based party's comparisons are unchanged and discounting costs one multiplication per party at the "
        f"end. With discounting NegMAS also changes behaviour (no agreement within {args.rounds} rounds).",
        "",
        "## Same strategies, same agreements?",
        "",
        "Undiscounted. Agreements as the outcome's index (first issue most significant); rounds as NegMAS counts "
        "steps (the round of agreement + 1). Each side is deterministic, so one run per pair.",
        "",
        "| A | B | NegMAS agreement | NegMAS rounds | accord agreement | accord rounds | identical |",
        "|---|---|---:|---:|---:|---:|---|",
    ]
    for a, b, pa, ps, ma, mr, same in rows:
        lines.append(f"| {a} | {b} | {pa} | {ps} | {ma} | {mr} | {'yes' if same else 'no'} |")
    lines += [
        "",
        f"{matches} of {len(rows)} pairs reach the identical agreement in the same round. Where they differ, "
        "the two engines pick different outcomes among ones of *equal* utility to the proposer: NegMAS "
        "orders ties by numpy's unstable quicksort over its unnormalised utilities, accord by outcome "
        "index (after rounding utilities to 12 decimals, so float noise does not decide), and the other "
        "party values those tied outcomes differently, so the two trajectories part.",
        "",
    ]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    tmp = args.out.with_suffix(".md.tmp")
    tmp.write_text("\n".join(lines))
    tmp.replace(args.out)
    print("\n".join(lines))


if __name__ == "__main__":
    main()
