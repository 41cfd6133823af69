"""Negotiating and analysing where the space is too large to enumerate: accord against NegMAS.

    .venv/bin/python bench/large_bench.py [--rounds 1000] [--peer-timeout 120] [--agenthp2 FOLDER]

Cases (every party plays Boulware, e = 0.25; ``n_rounds`` rounds):

- ANAC 2016 AgentHp2 (3 parties, 8 issues, 5,764,801 outcomes, linear-additive), read from
  ``../shared/scenarios/genius/anac/y2016/AgentHp2`` or ``--agenthp2`` (skipped, and said so,
  when neither is there);
- ANAC 2014 10issues (2 parties, 10^10 outcomes, hyper-rectangle utilities);
- synthetic constraint domains shaped like ANAC 2014's 30issues and 50issues (10 values per
  issue, 4 boxes per issue over 2 to 5 issues, seeded), built here: the ANAC files are not in
  ../shared/scenarios, so NegMAS is not run on them;
- a synthetic 3-party linear-additive domain, 12 issues x 10 values (10^12 outcomes).

For each: ``saop`` and ``single-text`` (the ``hill-climber`` mediator), wall time per
negotiation (best of three), whether they agreed, and a check that the agreement crosses no
red line and gives every party at least its reservation value. NegMAS 0.16.0 (.venv-peer)
runs the same SAO negotiation on the GENIUS folders, under a 12 GiB address-space limit and
``--peer-timeout``; its time-based negotiators enumerate or sample the outcome space.
``accord analyze`` on AgentHp2 is timed as a whole process (wall and peak memory), as is
NegMAS's ``pareto_frontier`` on it (the way bench/pareto_bench.py drives it).

Writes bench/results/large.md.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from accord.engine.runner import simulate  # noqa: E402
from accord.formats import load_scenario  # noqa: E402
from accord.model import (  # noqa: E402
    Calendar,
    ConstraintUtility,
    HyperRectangle,
    IntegerIssue,
    LinearAdditive,
    OutcomeSpace,
    Party,
    Preferences,
    Scenario,
)

PEER = ROOT / ".venv-peer" / "bin" / "python"
SCENARIOS = ROOT.parent / "shared" / "scenarios"
AGENTHP2 = SCENARIOS / "genius" / "anac" / "y2016" / "AgentHp2"
Y2014 = SCENARIOS / "genius" / "anac" / "y2014" / "10issues"
PEER_MEMORY = 12 * 1024**3


def constraint_domain(n_issues: int, seed: int) -> Scenario:
    space = OutcomeSpace([IntegerIssue(f"i{k}", 0, 9) for k in range(n_issues)])
    parties = []
    for p in range(2):
        rng = np.random.default_rng(seed * 10 + p)
        boxes = []
        for _ in range(4 * n_issues):
            issues = rng.choice(n_issues, size=int(rng.integers(2, 6)), replace=False)
            bounds = []
            for j in issues:
                lo = int(rng.integers(0, 10))
                bounds.append((int(j), lo, min(9, lo + int(rng.integers(0, 5)))))
            boxes.append(HyperRectangle(tuple(bounds), float(rng.integers(1, 100))))
        parties.append(Party(f"profile-{p + 1}", preferences=Preferences(ConstraintUtility.create(space, boxes))))
    return Scenario(id=f"synthetic-{n_issues}issues", space=space, parties=tuple(parties), calendar=Calendar())


def additive_domain(n_parties: int, n_issues: int, values: int, seed: int) -> Scenario:
    space = OutcomeSpace([IntegerIssue(f"i{k}", 0, values - 1) for k in range(n_issues)])
    rng = np.random.default_rng(seed)
    parties = []
    for p in range(n_parties):
        u = LinearAdditive.create(space, rng.random(n_issues), rng.random((n_issues, values)).tolist(), normalize=True)
        parties.append(Party(f"p{p}", preferences=Preferences(u, reservation=0.3)))
    return Scenario(id="synthetic-additive", space=space, parties=tuple(parties), calendar=Calendar())


def accord_case(scenario: Scenario, protocol: str, rounds: int) -> dict[str, Any]:
    strategies = {"mediator": "hill-climber"} if protocol == "single-text" else {}
    config = {"n_rounds": rounds}
    best = float("inf")
    run = None
    for _ in range(3):
        t = time.perf_counter()
        run = simulate(scenario, protocol=protocol, strategies=strategies, config=config, default_party="boulware")
        best = min(best, time.perf_counter() - t)
    assert run is not None
    valid = None
    if run.agreement is not None:
        outcome = scenario.space.outcome(run.agreement)
        valid = all(p.preferences is not None and p.preferences.accepts(outcome) for p in scenario.negotiators)
        utilities = [round(float(p.preferences(outcome)), 3) for p in scenario.negotiators if p.preferences]
    else:
        utilities = []
    return {"s": best, "agreement": run.agreement is not None, "valid": valid, "utilities": utilities}


def peer_case(folder: Path, rounds: int, timeout: float) -> dict[str, Any]:
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (PEER_MEMORY, PEER_MEMORY))

    cmd = [str(PEER), str(ROOT / "bench" / "peer_large.py"), str(folder), str(rounds)]
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=env, preexec_fn=limit)
    except subprocess.TimeoutExpired:
        return {"error": f"did not finish in {timeout:.0f} s"}
    if out.returncode != 0:
        last = (out.stderr.strip().splitlines() or ["?"])[-1]
        return {"error": f"failed: {last[:80]}"}
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def process(cmd: list[str], timeout: float, *, peer: bool = False) -> tuple[float, float, str]:
    """Wall seconds and peak resident MiB of one process (a fresh child each time)."""
    code = (
        "import resource,subprocess,sys,time;"
        "t=time.perf_counter();r=subprocess.run(sys.argv[1:],capture_output=True);w=time.perf_counter()-t;"
        "print(w,resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss/1024,r.returncode)"
    )
    try:
        out = subprocess.run([sys.executable, "-c", code, *cmd], capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return float("nan"), float("nan"), f"did not finish in {timeout:.0f} s"
    wall, rss, rc = out.stdout.split()
    return float(wall), float(rss), "" if rc == "0" else f"exit {rc}"


PEER_PARETO = """
import sys, warnings; warnings.filterwarnings("ignore")
from negmas.inout import Scenario
from negmas.preferences.ops import pareto_frontier
s = Scenario.load(sys.argv[1], load_stats=False, load_info=False, ignore_discount=True)
pareto_frontier(s.ufuns, issues=s.outcome_space.issues)
"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rounds", type=int, default=1000)
    ap.add_argument("--peer-timeout", type=float, default=120.0)
    ap.add_argument("--agenthp2", type=Path, default=AGENTHP2)
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "large.md")
    args = ap.parse_args()
    have_peer = PEER.exists()
    cases: list[tuple[str, Scenario | None, Path | None, str]] = []
    if (args.agenthp2 / "energy_grid_domain.xml").exists():
        cases.append(("ANAC 2016 AgentHp2", load_scenario(args.agenthp2), args.agenthp2, ""))
    else:
        cases.append(("ANAC 2016 AgentHp2", None, None, f"skipped: {args.agenthp2} is missing"))
    cases.append(("ANAC 2014 10issues", load_scenario(Y2014), Y2014, ""))
    cases.append(("synthetic 30issues (ANAC 2014 shape)", constraint_domain(30, 30), None, ""))
    cases.append(("synthetic 50issues (ANAC 2014 shape)", constraint_domain(50, 50), None, ""))
    cases.append(("synthetic 3-party additive, 12 x 10", additive_domain(3, 12, 10, 12), None, ""))
    lines = [
        "# Spaces too large to enumerate: accord vs NegMAS 0.16.0",
        "",
        f"Every party Boulware; deadline {args.rounds} rounds; seconds per negotiation (accord: best of three; "
        f"NegMAS: one run, {args.peer_timeout:.0f} s limit, 12 GiB). 2 shared cores. "
        "Generated by `bench/large_bench.py`.",
        "",
        "| domain | outcomes | parties | accord saop s | agreed, valid | accord single-text s | agreed, valid | "
        "NegMAS SAO s | accord / NegMAS |",
        "|---|---:|---:|---:|---|---:|---|---:|---:|",
    ]
    for name, scenario, folder, note in cases:
        if scenario is None:
            lines.append(f"| {name} | | | {note} | | | | | |")
            continue
        saop = accord_case(scenario, "saop", args.rounds)
        st = accord_case(scenario, "single-text", args.rounds)
        peer: dict[str, Any] = {"error": "not run (no GENIUS files)"} if folder is None else {}
        if folder is not None:
            peer = peer_case(folder, args.rounds, args.peer_timeout) if have_peer else {"error": "no .venv-peer"}
        theirs = peer.get("error") or f"{peer['s']:.2f}"
        ratio = "" if "error" in peer else f"**{peer['s'] / saop['s']:.0f}x**"
        if "error" in peer and "did not finish" in peer["error"]:
            ratio = f"> {args.peer_timeout / saop['s']:.0f}x"
        lines.append(
            f"| {name} | {scenario.space.size:.3g} | {len(scenario.negotiators)} | {saop['s']:.3f} | "
            f"{saop['agreement']}, {saop['valid']} {saop['utilities']} | {st['s']:.3f} | "
            f"{st['agreement']}, {st['valid']} {st['utilities']} | {theirs} | {ratio} |"
        )
        print(lines[-1], flush=True)
    if (args.agenthp2 / "energy_grid_domain.xml").exists():
        lines += ["", "## `accord analyze` on AgentHp2 (whole process)", ""]
        wall, rss, err = process([str(ROOT / ".venv" / "bin" / "accord"), "analyze", str(args.agenthp2), "--json"], 600)
        lines.append(f"- accord analyze: {wall:.2f} s, {rss:.0f} MiB peak {err}")
        if have_peer:
            wall_p, rss_p, err_p = process([str(PEER), "-c", PEER_PARETO, str(args.agenthp2)], 600, peer=True)
            lines.append(f"- NegMAS pareto_frontier (frontier only): {wall_p:.2f} s, {rss_p:.0f} MiB peak {err_p}")
        print("\n".join(lines[-3:]), flush=True)
    args.out.write_text("\n".join(lines) + "\n")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
