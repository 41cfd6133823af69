"""Speed of what-would-it-take, levers and the analysis under uncertainty (a benchmark, not a test).

    .venv/bin/python bench/whatif_bench.py [--repeat 5]

- ``accord whatif`` and ``accord levers`` on the default scenario, and ``accord analyze
  --uncertainty --samples 10000``: wall time of the whole command in a fresh process
  (start-up included), median of ``--repeat`` runs;
- a 3-party additive domain of 10^6 packages (6 issues x 10 options, seeded random
  preferences, reservation values 0.55): the smallest change of one party's reservation value
  that opens the zone, or widens it by half, through the API (:func:`accord.analysis.whatif.whatif`).

No peer (GENIUS, GeniusWeb, NegMAS) offers these analyses, so there is no side-by-side peer
time. The reference is what an analyst would script by hand: bisect the reservation value,
re-counting the zone by enumerating every package each time (numpy, 40 steps to reach the
resolution accord gets exactly). Both answers are checked to agree. Writes bench/results/whatif.md.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from accord.analysis.whatif import Goal, whatif  # noqa: E402
from accord.model import CategoricalIssue, LinearAdditive, OutcomeSpace, Party, Preferences, Scenario  # noqa: E402

ACCORD = ROOT / ".venv" / "bin" / "accord"


def cli(args: list[str], repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        t = time.perf_counter()
        subprocess.run([str(ACCORD), *args], check=True, capture_output=True)
        runs.append(time.perf_counter() - t)
    return statistics.median(runs)


def domain(seed: int = 0, reservation: float = 0.55) -> Scenario:
    rng = np.random.default_rng(seed)
    space = OutcomeSpace([CategoricalIssue(f"i{j}", [f"o{k}" for k in range(10)]) for j in range(6)])
    parties = []
    for i in range(3):
        w = rng.random(6)
        util = LinearAdditive.create(space, w / w.sum(), [list(rng.random(10)) for _ in range(6)])
        parties.append(Party(f"p{i}", preferences=Preferences(util, reservation)))
    return Scenario("bench-3x10e6", space, tuple(parties))


def by_hand(s: Scenario, party: str, target: int) -> float:
    """Bisection on the reservation value, re-counting by enumeration each step (the by-hand way)."""
    every = s.space.all()
    others = np.ones(every.shape[0], dtype=bool)
    for p in s.negotiators:
        if p.id != party:
            assert p.preferences is not None
            others &= p.preferences.acceptable(every)
    u = s.preferences(party).evaluate(every)
    lo, hi = 0.0, s.preferences(party).reservation
    for _ in range(40):
        mid = (lo + hi) / 2
        count = int((others & (u >= mid - 1e-9)).sum())
        lo, hi = (mid, hi) if count >= target else (lo, mid)
    return lo


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    rows = []
    for label, cmd in (
        ("`accord whatif` (default scenario)", ["whatif", "--json"]),
        ("`accord levers` (default scenario, 4 levers + 6 pairs)", ["levers", "--json"]),
        (
            "`accord analyze --uncertainty --samples 10000` (default)",
            ["analyze", "--uncertainty", "--samples", "10000", "--json"],
        ),
        (
            "`accord evaluate --package ...` (default, 10^4 draws)",
            [
                "evaluate",
                "--json",
                "--package",
                "territory=demilitarised_zone,recognition=de_facto_only,security_guarantees=binding_guarantees,"
                "sanctions=maintained,weapons_supply=continued,energy_strikes=full_ceasefire,sequencing=simultaneous",
            ],
        ),
        ("`accord --help` (start-up alone)", ["--help"]),
    ):
        t = cli(cmd, args.repeat)
        rows.append((label, t))
        print(f"{label}: {t:.2f} s", flush=True)

    s = domain()
    big = []
    for goal in (Goal("open"), Goal("widen", share=0.5)):
        runs = []
        for _ in range(args.repeat):
            t = time.perf_counter()
            found = whatif(s, goal, changing=["p0"], parameters=["reservation"])
            runs.append(time.perf_counter() - t)
        if not found:
            print(f"{goal.describe()}: reached already")
            continue
        (f,) = found
        target = 1 if goal.kind == "open" else f.zone_before + max(1, -(-f.zone_before // 2))
        t = time.perf_counter()
        hand = by_hand(s, "p0", target)
        t_hand = time.perf_counter() - t
        assert f.needed is not None and abs(f.needed - hand) < 1e-9, (f.needed, hand)
        med = statistics.median(runs)
        module = sys.modules["accord.analysis.whatif"]
        limit, module.WHATIF_LIMIT = module.WHATIF_LIMIT, 0  # the path of spaces past the limit
        t = time.perf_counter()
        (g,) = whatif(s, goal, changing=["p0"], parameters=["reservation"])
        t_counter = time.perf_counter() - t
        module.WHATIF_LIMIT = limit
        assert g.needed is not None and abs(g.needed - f.needed) < 1e-9
        print(f"  by bisection over the exact counter (the path past {limit:,} packages): {t_counter:.2f} s")
        big.append((goal.describe(), f, med, t_hand, t_counter))
        print(f"3-party 10^6, {goal.describe()}: {med:.2f} s (by hand {t_hand:.2f} s); {f.sentence}", flush=True)

    lines = ["# What would it take, levers, uncertainty: timings", "", "| command | wall time (median) |", "|---|---:|"]
    lines += [f"| {label} | {t:.2f} s |" for label, t in rows]
    lines += ["", "3-party additive domain, 6 issues x 10 options (10^6 packages), party p0's reservation value:", ""]
    lines += [
        "| goal | accord `whatif` (exact sweep) | accord, bisection on the exact counter | "
        "bisection re-counting by enumeration | answer |",
        "|---|---:|---:|---:|---|",
    ]
    lines += [
        f"| {g} | {m:.2f} s | {c:.2f} s | {h:.2f} s | {f.current:.3f} -> {f.needed:.6f} "
        f"({f.zone_before:,} -> {f.zone_after:,} packages) |"
        for g, f, m, h, c in big
    ]
    out = ROOT / "bench" / "results" / "whatif.md"
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"written {out}")


if __name__ == "__main__":
    main()
