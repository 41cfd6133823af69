"""Quality of mediated agreements: accord's mediators against NegMAS's VetoST, in one run.

    .venv/bin/python bench/mediated_bench.py [--seeds 50] [--rounds 100]

Domains: ANAC 2012 CarA (2 parties), ANAC 2015 group2-politics (3 parties) and accord's
default scenario abu-dhabi-2026 (2 parties and a mediator, red lines on both sides; the
scenario's calendar, 24 rounds). Protocol: the mediated single text, 100 rounds on the ANAC
domains. Each seeded run draws every party's concession exponent ``e`` (log-uniform in
[0.2, 5]) from the seed, so runs differ in how fast parties concede.

- ``nash-seeking`` (accord's best mediator) runs Fisher's one-text procedure: confidential
  priorities first, then texts until all accept. With truthful parties; then with one party
  (the first) reporting strategically (squared weights, cubed option values, reservation
  raised halfway to its best); then with every party strategic.
- ``hill-climber`` / ``annealing`` run Klein's mediated hill-climbing (the mediator keeps
  improving on the last text all accepted until the deadline).
- NegMAS ``VetoSTMechanism`` with ``BinaryComparatorNegotiator`` parties, as
  ../shared/peer-bench/st_bench.py runs it, via bench/peer_st.py (.venv-peer). GENIUS files
  cannot carry red lines, so NegMAS does not play the default scenario.

Every agreement is judged in accord's normalised utilities against the exact Pareto frontier
of the packages every party can accept: on the frontier or not, and the welfare gap to the
maximum welfare, as a share of it. Targets: with truthful parties every agreement on the
frontier; with every party strategic, agreement in at least 90% of runs where a zone of
agreement exists, and a median welfare gap under 5%. Writes bench/results/mediated.md.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from accord.engine.metrics import reference  # noqa: E402
from accord.engine.runner import simulate  # noqa: E402
from accord.engine.tables import utility_table  # noqa: E402
from accord.formats import load_scenario  # noqa: E402
from accord.model import Scenario  # noqa: E402
from accord.scenarios import get as embedded  # noqa: E402

PEER = ROOT / ".venv-peer" / "bin" / "python"
ANAC = ROOT.parent / "shared" / "scenarios" / "genius" / "anac"
DOMAINS = [ANAC / "y2012" / "CarA", ANAC / "y2015" / "group2-politics"]


@dataclass
class Row:
    label: str
    runs: int
    agreements: int
    on_frontier: int
    median_gap: float | None
    utilities: list[float]
    ms: float


def judge(scenario: Scenario, outcome: int | None) -> tuple[bool, float | None, list[float]]:
    """On the frontier?, welfare gap to the maximum (share), each party's utility."""
    ref = reference(scenario)
    assert ref is not None
    ids = [p.id for p in scenario.negotiators]
    if outcome is None:
        return False, None, [scenario.preferences(p).reservation for p in ids]
    u = np.asarray([utility_table(scenario.preferences(p)).u[outcome] for p in ids])
    dist = float(np.sqrt(np.min(np.sum((ref.frontier - u) ** 2, axis=1))))
    best = float(ref.frontier.sum(axis=1).max())
    return dist < 1e-9, max(0.0, (best - float(u.sum())) / best), u.tolist()


def summarise(label: str, scenario: Scenario, outcomes: list[int | None], ms: float) -> Row:
    judged = [judge(scenario, o) for o in outcomes]
    gaps = [g for _, g, _ in judged if g is not None]
    utils = np.mean([u for _, _, u in judged], axis=0).tolist()
    return Row(
        label,
        len(outcomes),
        sum(o is not None for o in outcomes),
        sum(ok for ok, _, _ in judged),
        statistics.median(gaps) if gaps else None,
        utils,
        ms,
    )


def accord_rows(scenario: Scenario, seeds: int, rounds: int) -> list[Row]:
    ids = [p.id for p in scenario.negotiators]
    variants = [
        ("nash-seeking, truthful", "nash-seeking", set(), True),
        (f"nash-seeking, {ids[0]} strategic", "nash-seeking", {ids[0]}, True),
        ("nash-seeking, all strategic", "nash-seeking", set(ids), True),
        ("hill-climber (Klein), truthful", "hill-climber", set(), False),
        ("annealing, truthful", "annealing", set(), False),
    ]
    rows = []
    for label, mediator, strategic, stop in variants:
        outcomes: list[int | None] = []
        t0 = time.perf_counter()
        for seed in range(seeds):
            rng = np.random.default_rng(seed)
            strategies = {}
            for p in ids:
                e = float(np.exp(rng.uniform(np.log(0.2), np.log(5.0))))
                report = "strategic" if p in strategic else "truthful"
                strategies[p] = f"time-based(e={e:.4f}, report={report})"
            strategies[scenario.mediator.id if scenario.mediator is not None else "mediator"] = mediator
            config: dict[str, object] = {"stop_on_unanimity": stop}
            if rounds:
                config["n_rounds"] = rounds
            run = simulate(scenario, protocol="single-text", strategies=strategies, config=config, seed=seed)
            outcomes.append(run.agreement)
        ms = 1000 * (time.perf_counter() - t0) / seeds
        rows.append(summarise(label, scenario, outcomes, ms))
    return rows


def peer_row(folder: Path, scenario: Scenario, runs: int, rounds: int) -> Row:
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    cmd = [str(PEER), str(ROOT / "bench" / "peer_st.py"), str(folder), "veto", str(runs), str(rounds)]
    out = json.loads(subprocess.run(cmd, capture_output=True, text=True, check=True, env=env).stdout.splitlines()[-1])
    return summarise("NegMAS VetoST (binary comparators)", scenario, out["agreements"], float(out["median_ms"]))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seeds", type=int, default=50)
    ap.add_argument("--rounds", type=int, default=100)
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "mediated.md")
    args = ap.parse_args()
    lines = [
        "# Mediated single text: quality of agreements",
        "",
        f"{args.seeds} seeded runs per line, {args.rounds} rounds (the default scenario: its calendar); "
        "party concession exponents drawn from the seed. "
        "Judged in normalised utilities against the exact Pareto frontier. Generated by `bench/mediated_bench.py`.",
        "",
    ]
    verdicts = []
    for folder in [*DOMAINS, None]:
        scenario = load_scenario(folder) if folder is not None else embedded()
        ids = [p.id for p in scenario.negotiators]
        rows = accord_rows(scenario, args.seeds, args.rounds if folder is not None else 0)
        if PEER.exists() and folder is not None:
            rows.append(peer_row(folder, scenario, args.seeds, args.rounds))
        lines += [
            f"## {scenario.name} ({len(ids)} parties, {scenario.space.size:,} outcomes)",
            "",
            "| mediator, parties | agreements | on the Pareto frontier | median welfare gap | mean utility "
            f"({', '.join(ids)}) | ms / run |",
            "|---|---:|---:|---:|---|---:|",
        ]
        for r in rows:
            gap = "—" if r.median_gap is None else f"{100 * r.median_gap:.2f}%"
            lines.append(
                f"| {r.label} | {r.agreements}/{r.runs} | {r.on_frontier}/{r.runs} "
                f"({100 * r.on_frontier / r.runs:.0f}%) | {gap} | "
                f"{', '.join(f'{u:.3f}' for u in r.utilities)} | {r.ms:.1f} |"
            )
        best = rows[0]
        ok = best.on_frontier == best.agreements
        verdicts.append(
            f"- {scenario.name}: nash-seeking with truthful parties: {best.agreements}/{best.runs} agreements, "
            f"{best.on_frontier} on the frontier (target: all): {'met' if ok else 'NOT met'}."
        )
        strat = rows[2]
        ok = strat.agreements >= 0.9 * strat.runs and strat.median_gap is not None and strat.median_gap < 0.05
        verdicts.append(
            f"- {scenario.name}: nash-seeking with every party strategic: agreement in "
            f"{100 * strat.agreements / strat.runs:.0f}% of runs (target >= 90%), median welfare gap "
            f"{100 * (strat.median_gap or 0):.2f}% (target < 5%): {'met' if ok else 'NOT met'}."
        )
        lie, honest = rows[1], rows[0]
        verdicts.append(
            f"- {scenario.name}: when {ids[0]} overstates its priorities, its mean utility goes "
            f"{honest.utilities[0]:.3f} -> {lie.utilities[0]:.3f} and the others' "
            + ", ".join(f"{a:.3f} -> {b:.3f}" for a, b in zip(honest.utilities[1:], lie.utilities[1:], strict=True))
            + f"; on the frontier {lie.on_frontier}/{lie.runs}: the mediator is misled toward the party that lied."
        )
        lines.append("")
    lines += ["## Summary", "", *verdicts, ""]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    tmp = args.out.with_suffix(".md.tmp")
    tmp.write_text("\n".join(lines))
    tmp.replace(args.out)
    print("\n".join(lines))


if __name__ == "__main__":
    main()
