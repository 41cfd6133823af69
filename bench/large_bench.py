"""Negotiating and analysing where the space is too large to enumerate: accord against NegMAS.

    .venv/bin/python bench/large_bench.py [--rounds 1000] [--peer-timeout 60] [--no-peer-pareto]

Domains (GENIUS files nobody here wrote, in ``bench/data`` and ``../shared/scenarios``; see
bench/data/SOURCES.md):

- ANAC 2016 AgentHp2: 3 parties, 8 issues, 5,764,801 outcomes, linear-additive;
- ANAC 2014 10issues, 30issues and 50issues: 2 parties, hyper-rectangle (constraint)
  utilities, 10^10, 10^30 and 10^40 outcomes (the "50issues" domain has 40 issues);
- synthetic, built here: 3 parties, 12 issues x 10 values (10^12 outcomes), linear-additive,
  with 12 incompatible option combinations tying 6 issues in pairs (``[[incompatible]]``).

Every party plays Boulware (e = 0.25), ``n_rounds`` rounds. For each domain: accord's ``saop``
and its ``single-text`` with each registered mediator (``nash-seeking`` drafts from the
parties' confidential reports by searching the issues; ``hill-climber``, ``annealing``), wall
time per negotiation (best of three), whether they agreed, and a check of every agreement:
no red line crossed, every party at or above its reservation value, a package that can
exist. NegMAS 0.16.0 (.venv-peer, bench/peer_large.py) runs, on the GENIUS folders, SAO
between its Boulware negotiators and its single-text ``VetoSTMechanism`` (BinaryComparator
parties: NegMAS has no mediator drafting from reported utilities, so this is the nearest
mechanism, not the same one), under a 12 GiB address-space limit and ``--peer-timeout``; its
agreements are checked the same way.

Whole processes (wall time and peak resident memory, a fresh process each): ``accord run``
on AgentHp2 (saop and single-text, 1,000 rounds, Boulware), on parsCat (390,625 outcomes:
the set-up must not grow with the space; saop, single-text and the default phased talks,
default calendar), and ``accord analyze`` on AgentHp2 beside NegMAS's ``pareto_frontier``.

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
from accord.engine.strategies import infos  # noqa: E402
from accord.formats import load_scenario  # noqa: E402
from accord.model import (  # noqa: E402
    Calendar,
    IntegerIssue,
    LinearAdditive,
    OutcomeSpace,
    Party,
    Preferences,
    Scenario,
)

PEER = ROOT / ".venv-peer" / "bin" / "python"
ACCORD = ROOT / ".venv" / "bin" / "accord"
DATA = ROOT / "bench" / "data"
Y2014 = ROOT.parent / "shared" / "scenarios" / "genius" / "anac" / "y2014" / "10issues"
PEER_MEMORY = 12 * 1024**3


def incompatible_domain(seed: int = 12) -> Scenario:
    """3 parties, 12 issues x 10 values; issues 0-5 tied in pairs by 12 incompatible combinations."""
    rng = np.random.default_rng(seed)
    exclusions = [[(j, k), (j + 1, k)] for j in (0, 2, 4) for k in range(0, 10, 3)]
    space = OutcomeSpace([IntegerIssue(f"i{k}", 0, 9) for k in range(12)], exclusions)
    parties = []
    for p in range(3):
        table = rng.random((12, 10))
        for j in (0, 2, 4):  # each party's best options on a tied pair cannot go together
            table[j, 3 * p] = table[j + 1, 3 * p] = 1.0
        u = LinearAdditive.create(space, rng.random(12), table.tolist(), normalize=True)
        parties.append(Party(f"p{p}", preferences=Preferences(u, reservation=0.3)))
    return Scenario(id="synthetic-incompatible", space=space, parties=tuple(parties), calendar=Calendar())


def valid(scenario: Scenario, digits: tuple[int, ...]) -> bool:
    """No red line crossed, every party at or above its reservation value, a feasible package."""
    return scenario.space.is_feasible(digits) and all(
        p.preferences is not None and p.preferences.accepts(digits) for p in scenario.negotiators
    )


def accord_case(scenario: Scenario, protocol: str, mediator: str | None, rounds: int) -> dict[str, Any]:
    strategies = {"mediator": mediator} if mediator else {}
    best = cpu = float("inf")
    run = None
    for _ in range(3):
        t, c = time.perf_counter(), time.process_time()
        run = simulate(
            scenario, protocol=protocol, strategies=strategies, config={"n_rounds": rounds}, default_party="boulware"
        )
        best, cpu = min(best, time.perf_counter() - t), min(cpu, time.process_time() - c)
    assert run is not None
    out: dict[str, Any] = {"s": best, "cpu": cpu, "agreement": run.agreement is not None, "valid": None}
    out["utilities"] = []
    if run.agreement is not None:
        digits = scenario.space.outcome(run.agreement)
        out["valid"] = valid(scenario, digits)
        out["utilities"] = [round(float(p.preferences(digits)), 3) for p in scenario.negotiators if p.preferences]
    out["rounds"] = max(e.round for e in run.events) + 1
    return out


def peer_case(scenario: Scenario, folder: Path, rounds: int, mech: str, timeout: float) -> dict[str, Any]:
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (PEER_MEMORY, PEER_MEMORY))

    if not PEER.exists():
        return {"error": "no .venv-peer"}
    cmd = [str(PEER), str(ROOT / "bench" / "peer_large.py"), str(folder), str(rounds), mech]
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=env, preexec_fn=limit)
    except subprocess.TimeoutExpired:
        return {"error": f"not finished in {timeout:.0f} s"}
    if out.returncode != 0:
        last = (out.stderr.strip().splitlines() or ["?"])[-1]
        return {"error": f"failed: {last[:80]}"}
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    if result.get("values") is not None:
        digits = tuple(i.index_of(v) for i, v in zip(scenario.space.issues, result["values"], strict=True))
        result["valid"] = valid(scenario, digits)
        result["utilities"] = [round(float(p.preferences(digits)), 3) for p in scenario.negotiators if p.preferences]
    return result


def process(cmd: list[str], timeout: float) -> tuple[float, float, float, str]:
    """Wall seconds, CPU seconds and peak resident MiB of one process (a fresh child each time)."""
    code = (
        "import resource,subprocess,sys,time;"
        "t=time.perf_counter();r=subprocess.run(sys.argv[1:],capture_output=True);w=time.perf_counter()-t;"
        "u=resource.getrusage(resource.RUSAGE_CHILDREN);"
        "print(w,u.ru_utime+u.ru_stime,u.ru_maxrss/1024,r.returncode)"
    )
    try:
        out = subprocess.run([sys.executable, "-c", code, *cmd], capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return float("nan"), float("nan"), float("nan"), f"not finished in {timeout:.0f} s"
    wall, cpu, rss, rc = out.stdout.split()
    return float(wall), float(cpu), float(rss), "" if rc == "0" else f"exit {rc}"


PEER_PARETO = """
import sys, warnings; warnings.filterwarnings("ignore")
from negmas.inout import Scenario
from negmas.preferences.ops import pareto_frontier
s = Scenario.load(sys.argv[1], load_stats=False, load_info=False, ignore_discount=True)
pareto_frontier(s.ufuns, issues=s.outcome_space.issues)
"""


def _agreed(r: dict[str, Any]) -> str:
    if "error" in r:
        return ""
    if not r["agreement"]:
        return "no"
    return f"yes, {'valid' if r.get('valid') else 'INVALID'} {r.get('utilities', [])}"


def _time(r: dict[str, Any]) -> str:
    return r["error"] if "error" in r else f"{r['s']:.3f} ({r['cpu']:.3f})"


def _ratio(theirs: dict[str, Any], ours: dict[str, Any], timeout: float) -> str:
    """NegMAS's CPU time over accord's (wall time over its limit when NegMAS did not finish)."""
    if "error" not in theirs:
        r = theirs["cpu"] / ours["cpu"]
        return f"**{r:.0f}x**" if r >= 1 else f"{r:.2f}x"
    if "not finished" in theirs["error"]:
        return f"> {timeout / ours['s']:.0f}x (wall)"
    return ""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rounds", type=int, default=1000)
    ap.add_argument("--peer-timeout", type=float, default=60.0)
    ap.add_argument("--no-peer-pareto", action="store_true", help="skip NegMAS's pareto_frontier (80 s, 2 GiB)")
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "large.md")
    args = ap.parse_args()
    mediators = sorted(m.name for m in infos() if m.kind == "mediator")
    cases: list[tuple[str, Scenario, Path | None]] = [
        ("ANAC 2016 AgentHp2", load_scenario(DATA / "AgentHp2"), DATA / "AgentHp2"),
        ("ANAC 2014 10issues", load_scenario(Y2014), Y2014),
        ("ANAC 2014 30issues", load_scenario(DATA / "30issues"), DATA / "30issues"),
        ("ANAC 2014 50issues (40 issues)", load_scenario(DATA / "50issues"), DATA / "50issues"),
        ("synthetic, 12 x 10, incompatible pairs", incompatible_domain(), None),
    ]
    lines = [
        "# Spaces too large to enumerate: accord vs NegMAS 0.16.0",
        "",
        f"Every party Boulware; deadline {args.rounds} rounds; seconds per negotiation (accord: best of three; "
        f"NegMAS: one run, {args.peer_timeout:.0f} s limit, 12 GiB); agreements checked: no red line crossed, "
        "every party at or above its reservation value, a package that can exist. "
        f"Load average at the start: {os.getloadavg()[0]:.1f} (2 shared cores). Generated by `bench/large_bench.py`.",
        "",
        "## Alternating offers (SAO)",
        "",
        "| domain | outcomes | parties | accord saop s (CPU s) | agreed | NegMAS SAO s (CPU s) | agreed | "
        "NegMAS / accord, CPU |",
        "|---|---:|---:|---:|---|---:|---|---:|",
    ]
    st_lines = [
        "",
        "## Mediated single text",
        "",
        "accord's mediators draft from the parties' confidential reports (`nash-seeking`) or climb "
        "from the last text all accepted (`hill-climber`, `annealing`); NegMAS's `VetoSTMechanism` "
        "(the nearest it has) proposes random changes its BinaryComparator parties may veto.",
        "",
        "| domain | mediator | accord single-text s (CPU s) | rounds | agreed | NegMAS VetoST s (CPU s) | agreed | "
        "NegMAS / accord, CPU |",
        "|---|---|---:|---:|---|---:|---|---:|",
    ]
    for name, scenario, folder in cases:
        saop = accord_case(scenario, "saop", None, args.rounds)
        sao_peer = (
            peer_case(scenario, folder, args.rounds, "sao", args.peer_timeout)
            if folder
            else {"error": "no GENIUS files"}
        )
        lines.append(
            f"| {name} | {scenario.space.size:.3g} | {len(scenario.negotiators)} | {_time(saop)} | {_agreed(saop)} | "
            f"{_time(sao_peer)} | {_agreed(sao_peer)} | {_ratio(sao_peer, saop, args.peer_timeout)} |"
        )
        print(lines[-1], flush=True)
        veto = (
            peer_case(scenario, folder, args.rounds, "veto", args.peer_timeout)
            if folder
            else {"error": "no GENIUS files"}
        )
        for med in mediators:
            st = accord_case(scenario, "single-text", med, args.rounds)
            peer_cells = f"{_time(veto)} | {_agreed(veto)} | {_ratio(veto, st, args.peer_timeout)}"
            st_lines.append(f"| {name} | {med} | {_time(st)} | {st['rounds']} | {_agreed(st)} | {peer_cells} |")
            print(st_lines[-1], flush=True)
    lines += st_lines
    lines += ["", "## Whole processes (wall s, CPU s, peak resident MiB)", ""]
    boulware = ["-s", "boulware", "-o", f"n_rounds={args.rounds}", "--json"]
    runs = [
        ("AgentHp2 `run -p saop`, Boulware, 1,000 rounds", [str(DATA / "AgentHp2"), "-p", "saop", *boulware]),
        (
            "AgentHp2 `run -p single-text`, Boulware, 1,000 rounds",
            [str(DATA / "AgentHp2"), "-p", "single-text", *boulware],
        ),
        ("AgentHp2 `run -p single-text` (defaults)", [str(DATA / "AgentHp2"), "-p", "single-text", "--json"]),
        ("parsCat `run -p saop` (defaults)", [str(DATA / "parsCat"), "-p", "saop", "--json"]),
        ("parsCat `run -p single-text` (defaults)", [str(DATA / "parsCat"), "-p", "single-text", "--json"]),
        ("parsCat `run` (phased talks, defaults)", [str(DATA / "parsCat"), "--json"]),
    ]
    for label, cmd in runs:
        wall, cpu, rss, err = process([str(ACCORD), "run", *cmd], 120)
        lines.append(f"- {label}: {wall:.2f} s, CPU {cpu:.2f} s, {rss:.0f} MiB {err}")
        print(lines[-1], flush=True)
    wall, cpu, rss, err = process([str(ACCORD), "analyze", str(DATA / "AgentHp2"), "--json"], 600)
    lines.append(f"- AgentHp2 `accord analyze`: {wall:.2f} s, CPU {cpu:.2f} s, {rss:.0f} MiB {err}")
    print(lines[-1], flush=True)
    if PEER.exists() and not args.no_peer_pareto:
        wall_p, cpu_p, rss_p, err_p = process([str(PEER), "-c", PEER_PARETO, str(DATA / "AgentHp2")], 600)
        lines.append(
            f"- AgentHp2 NegMAS `pareto_frontier` (frontier only): {wall_p:.2f} s, CPU {cpu_p:.2f} s, "
            f"{rss_p:.0f} MiB {err_p}"
        )
        print(lines[-1], flush=True)
    args.out.write_text("\n".join(lines) + "\n")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
