"""Pareto frontier speed and memory: accord against NegMAS 0.16.0, side by side, in one run.

    .venv/bin/python bench/pareto_bench.py [--quick]

Every measurement runs in its own subprocess, so each tool's peak resident memory is its
own (``ru_maxrss`` of that process: interpreter, imports and the computation; the
increase during the computation is shown too). NegMAS runs in its own environment
(``.venv-peer``, created here with ``python3 -m venv .venv-peer && .venv-peer/bin/pip
install negmas==0.16.0`` when missing), driven the way ../shared/peer-bench/pareto_bench.py
drives it: ``pareto_frontier(ufuns, issues=...)`` end to end, and ``MOBANOSParetoSampler``
(``init`` + ``pareto_outcomes``) where it applies (two parties, linear-additive).

Same domains in both tools:

- synthetic linear-additive domains: random weight and value tables drawn here from a
  seed, then built as an accord ``LinearAdditive`` and a NegMAS
  ``LinearAdditiveUtilityFunction`` (``TableFun`` per issue) — identical numbers;
- ANAC domains: each tool reads the GENIUS files with its own loader (accord
  ``load_scenario``; NegMAS ``Scenario.load(..., ignore_discount=True)``), and NegMAS's
  tables are then divided by each issue's maximum evaluation, as GENIUS defines them
  (see :func:`genius_semantics`: NegMAS 0.16.0 keeps the raw evaluations, which on
  ANAC Energy is a different utility function with a different frontier).

Before a time counts, the frontiers are compared: the distinct utility vectors of both,
each party's utilities rescaled to [0, 1] over the frontier (NegMAS keeps GENIUS's raw
scale, accord normalises; a Pareto set does not change under such rescaling), must be
equal to 1e-9. Times are medians over repeats after a warm-up call (one call when it takes
over a second). The ratio is NegMAS's fastest method over accord.

NegMAS's ``pareto_frontier`` enumerates every outcome: on 10^10 outcomes it exhausts
memory (the peer measured a MemoryError at 16 GiB), so it is not run there; the peer runs
under a 12 GiB address-space limit (``resource.setrlimit``) in any case.

The ANL 2023 domains (two parties, 432 to 10,395 outcomes; 00-24 in ../shared/scenarios,
25-49 in bench/data/anl2023) are timed differently, because there the times are tens of
microseconds and a separate process per measurement would compare two noisy runs: one
process (the peer's interpreter, with accord imported from src/) times accord's
``pareto_frontier`` and MOBANOS alternately, in blocks of calls, the two orders taking
turns; each tool's time is the median over blocks of the mean time per call (the fastest
block is shown too), with the load average before and after. Run only these with
``--small``.

Writes bench/results/pareto.md (and bench/results/pareto-anl.md for the ANL domains).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
PEER_ENV = ROOT / ".venv-peer"
PEER = PEER_ENV / "bin" / "python"
SCENARIOS = ROOT.parent / "shared" / "scenarios"
RESULTS = ROOT / "bench" / "results" / "pareto.md"
RESULTS_SMALL = ROOT / "bench" / "results" / "pareto-anl.md"
ANL_FOLDERS = [SCENARIOS / "anl2023", ROOT / "bench" / "data" / "anl2023"]
PEER_MEMORY_LIMIT = 12 * 1024**3


@dataclass(frozen=True)
class Case:
    name: str
    synth: tuple[int, int, int] | None = None  # parties, issues, values per issue
    folder: str | None = None
    peer: tuple[str, ...] = ("pf",)
    skipped: dict[str, str] = field(default_factory=dict)
    seed: int = 0


NOT_RUN_PF = "not run: enumerates all 10^10 outcomes (MemoryError at 16 GiB in the peer's own run)"
CASES = [
    Case("synthetic 2-party, 6 issues x 10", synth=(2, 6, 10), peer=("pf", "mobanos")),
    Case("synthetic 3-party, 6 issues x 10", synth=(3, 6, 10), peer=("pf",)),
    Case("ANAC 2011 Energy", folder="genius/anac/y2011/Energy", peer=("pf", "mobanos")),
    Case("ANAC 2015 group2-politics (3-party)", folder="genius/anac/y2015/group2-politics", peer=("pf",)),
    Case(
        "synthetic 2-party, 10 issues x 10",
        synth=(2, 10, 10),
        peer=("mobanos",),
        skipped={"pf": NOT_RUN_PF},
    ),
    Case(
        "synthetic 3-party, 10 issues x 10",
        synth=(3, 10, 10),
        peer=(),
        skipped={"pf": NOT_RUN_PF, "mobanos": "n/a: two parties only"},
    ),
]


def anl_domains() -> list[Path]:
    """ANL 2023's GeniusWeb domains (2 parties, 432 to 10,395 outcomes), 00-49."""
    return sorted((d for place in ANL_FOLDERS for d in place.glob("domain*")), key=lambda d: d.name)


# -- the same random tables for both tools ----------------------------------------------------
def synth_tables(parties: int, issues: int, values: int, seed: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """Per party: weights (summing to 1) and a value table (issues x values, max 1 per issue)."""
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(parties):
        w = rng.random(issues)
        v = rng.random((issues, values))
        out.append((w / w.sum(), v / v.max(axis=1, keepdims=True)))
    return out


def pareto_mask(u: np.ndarray) -> np.ndarray:
    """Rows no other row dominates (pairwise)."""
    ge = np.all(u[None, :, :] >= u[:, None, :], axis=2)
    gt = np.any(u[None, :, :] > u[:, None, :], axis=2)
    return ~np.any(ge & gt, axis=1)


def compare(mine: np.ndarray, peer: np.ndarray) -> str:
    """Whether two normalised frontiers are the same set of points (to 1e-9)."""
    if mine.shape == peer.shape and np.allclose(mine, peer, atol=1e-9):
        return "yes"
    kept = peer[pareto_mask(peer)]
    if mine.shape == kept.shape and np.allclose(mine, kept, atol=1e-9):
        extra = peer.shape[0] - kept.shape[0]
        return f"yes, but NegMAS also lists {extra} dominated points (ties split by float rounding)"
    return f"NO ({mine.shape[0]} vs {peer.shape[0]} points)"


def normalised_points(utilities: np.ndarray) -> np.ndarray:
    """Distinct frontier points, each party's utilities rescaled to [0, 1] over the frontier."""
    u = np.asarray(utilities, dtype=np.float64)
    lo, hi = u.min(axis=0), u.max(axis=0)
    span = np.where(hi > lo, hi - lo, 1.0)
    scaled = np.round((u - lo) / span, 9)
    return np.unique(scaled, axis=0)


def timed(fn: Callable[[], Any], *, budget: float = 3.0, max_reps: int = 21) -> tuple[float, Any]:
    """Median seconds of ``fn`` after a warm-up call (a single call when that took > 1 s)."""
    start = time.perf_counter()
    result = fn()
    first = time.perf_counter() - start
    if first > 1.0:
        return first, result
    times = []
    spent = 0.0
    while len(times) < max_reps and (spent < budget or len(times) < 3):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
        spent += times[-1]
    return statistics.median(times), result


def rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# -- workers (each in its own process) ---------------------------------------------------------
def work_accord(case: Case, out: Path) -> dict[str, Any]:
    sys.path.insert(0, str(ROOT / "src"))
    from accord.analysis import pareto_frontier
    from accord.formats import load_scenario
    from accord.model import CategoricalIssue, LinearAdditive, OutcomeSpace, Party, Preferences, Scenario

    if case.synth is not None:
        parties, issues, values = case.synth
        space = OutcomeSpace([CategoricalIssue(f"i{j}", [f"v{k}" for k in range(values)]) for j in range(issues)])
        members = tuple(
            Party(f"p{i}", preferences=Preferences(LinearAdditive.create(space, list(w), v.tolist())))
            for i, (w, v) in enumerate(synth_tables(parties, issues, values, case.seed))
        )
        scenario = Scenario("synth", space, members)
    else:
        assert case.folder is not None
        scenario = load_scenario(SCENARIOS / case.folder)
    before = rss_mib()
    seconds, frontier = timed(lambda: pareto_frontier(scenario))
    np.save(out, normalised_points(frontier.utilities))
    return {
        "seconds": seconds,
        "rss": rss_mib(),
        "rss_delta": rss_mib() - before,
        "outcomes": scenario.space.size,
        "parties": len(frontier.parties),
        "frontier": len(frontier),
        "points": frontier.n_points,
    }


def work_peer(case: Case, method: str, out: Path) -> dict[str, Any]:
    import warnings

    warnings.filterwarnings("ignore")
    resource.setrlimit(resource.RLIMIT_AS, (PEER_MEMORY_LIMIT, PEER_MEMORY_LIMIT))
    from negmas import make_issue, make_os
    from negmas.inout import Scenario
    from negmas.preferences import LinearAdditiveUtilityFunction
    from negmas.preferences.ops import pareto_frontier
    from negmas.preferences.value_fun import TableFun

    if case.synth is not None:
        parties, n_issues, values = case.synth
        issues = [make_issue(values=[f"v{k}" for k in range(values)], name=f"i{j}") for j in range(n_issues)]
        ufuns = tuple(
            LinearAdditiveUtilityFunction(
                values=[TableFun({f"v{k}": float(v[j, k]) for k in range(values)}) for j in range(n_issues)],
                weights=[float(x) for x in w],
                issues=issues,
                reserved_value=0.0,
            )
            for w, v in synth_tables(parties, n_issues, values, case.seed)
        )
        scenario = Scenario(outcome_space=make_os(issues), ufuns=ufuns)
        ufuns = scenario.ufuns
    else:
        assert case.folder is not None
        scenario = Scenario.load(SCENARIOS / case.folder, load_stats=False, load_info=False, ignore_discount=True)
        ufuns = tuple(genius_semantics(u, LinearAdditiveUtilityFunction, TableFun) for u in scenario.ufuns)
    os_issues = scenario.outcome_space.issues
    before = rss_mib()
    if method == "pf":
        seconds, (front, _) = timed(lambda: pareto_frontier(ufuns, issues=os_issues))
        utilities = np.asarray(front, dtype=np.float64)
    else:
        from negmas.preferences.pareto_sampler import MOBANOSParetoSampler

        def mobanos() -> list[Any]:
            sampler = MOBANOSParetoSampler()
            sampler.init(ufuns[0], ufuns[1])
            return sampler.pareto_outcomes()

        seconds, outcomes = timed(mobanos)
        utilities = np.asarray([[float(u(o)) for u in ufuns] for o in outcomes], dtype=np.float64)
    np.save(out, normalised_points(utilities))
    return {"seconds": seconds, "rss": rss_mib(), "rss_delta": rss_mib() - before, "frontier": len(utilities)}


def geniusweb_peer(folder: Path) -> tuple[Any, tuple[Any, ...]]:
    """NegMAS 0.16.0's GeniusWeb loader fails on these files (``KeyError: 'valueA'``), so the
    peer's utility functions are built here from the same JSON tables: one ``TableFun`` per
    issue, the profile's issue weights, reserved value 0."""
    from negmas import make_issue, make_os
    from negmas.inout import Scenario
    from negmas.preferences import LinearAdditiveUtilityFunction
    from negmas.preferences.value_fun import TableFun

    domain = json.loads((folder / f"{folder.name}.json").read_text())["issuesValues"]
    issues = [make_issue(values=list(spec["values"]), name=name) for name, spec in domain.items()]
    ufuns = []
    for profile in sorted(folder.glob("profile*.json")):
        space = json.loads(profile.read_text())["LinearAdditiveUtilitySpace"]
        tables = [
            TableFun(dict(space["issueUtilities"][name]["DiscreteValueSetUtilities"]["valueUtilities"]))
            for name in domain
        ]
        weights = [float(space["issueWeights"][name]) for name in domain]
        ufuns.append(LinearAdditiveUtilityFunction(values=tables, weights=weights, issues=issues, reserved_value=0.0))
    scenario = Scenario(outcome_space=make_os(issues), ufuns=tuple(ufuns))
    return scenario, scenario.ufuns


def genius_semantics(ufun: Any, linear: Any, table: Any) -> Any:
    """NegMAS 0.16.0 keeps GENIUS's raw integer evaluations (e.g. 0..8 on one issue, 0..4 on
    another); GENIUS divides each issue's evaluations by that issue's maximum
    (``EvaluatorDiscrete.normalize``), and so does accord. Where the maxima differ across
    issues the two readings are different utility functions with different frontiers, so
    the tables are divided here, issue by issue, before anything is timed."""
    if not isinstance(ufun, linear) or not all(isinstance(v, table) for v in ufun.values):
        return ufun
    values = []
    for v in ufun.values:
        top = max(v.mapping.values())
        values.append(table({k: (x / top if top > 0 else 0.0) for k, x in v.mapping.items()}))
    return linear(values=values, weights=list(ufun.weights), issues=ufun.issues, reserved_value=ufun.reserved_value)


# -- driver ------------------------------------------------------------------------------------
def ensure_peer() -> None:
    if not PEER.exists():
        print("creating .venv-peer with negmas==0.16.0 (takes a few minutes) ...", flush=True)
        subprocess.run(["python3", "-m", "venv", str(PEER_ENV)], check=True)
        subprocess.run([str(PEER_ENV / "bin" / "pip"), "install", "-q", "negmas==0.16.0"], check=True)
    # accord is imported from src/ into the peer's interpreter for the ANL domains: its one
    # dependency that NegMAS does not bring
    check = subprocess.run([str(PEER), "-c", "import defusedxml"], capture_output=True, check=False)
    if check.returncode != 0:
        subprocess.run([str(PEER_ENV / "bin" / "pip"), "install", "-q", "defusedxml>=0.7.1"], check=True)


# -- the ANL domains: both tools in one process, alternately ----------------------------------
def work_small(out: Path, rounds: int, block: int) -> dict[str, Any]:
    """Time accord's pareto_frontier and MOBANOS side by side on every ANL domain (peer process)."""
    import warnings

    warnings.filterwarnings("ignore")
    sys.path.insert(0, str(ROOT / "src"))
    load_before = os.getloadavg()
    rows = [time_domain(folder, rounds, block) for folder in anl_domains()]
    result = {"rows": rows, "load_before": load_before, "load_after": os.getloadavg()}
    out.write_text(json.dumps(result))
    return {"domains": len(rows)}


def time_domain(folder: Path, rounds: int, block: int) -> dict[str, Any]:
    """One ANL domain: both tools' frontiers compared, then timed in alternating blocks."""
    from negmas.preferences.pareto_sampler import MOBANOSParetoSampler

    from accord.analysis import pareto_frontier
    from accord.formats import load_scenario

    scenario = load_scenario(folder)
    _, ufuns = geniusweb_peer(folder)

    def accord() -> Any:
        return pareto_frontier(scenario)

    def mobanos() -> Any:
        sampler = MOBANOSParetoSampler()
        sampler.init(ufuns[0], ufuns[1])
        return sampler.pareto_outcomes()

    frontier = accord()
    peer = np.asarray([[float(u(o)) for u in ufuns] for o in mobanos()], dtype=np.float64)
    same = compare(normalised_points(frontier.utilities), normalised_points(peer))
    wall: dict[str, list[float]] = {"accord": [], "mobanos": []}
    cpu: dict[str, list[float]] = {"accord": [], "mobanos": []}
    for r in range(rounds):
        tools = [("accord", accord), ("mobanos", mobanos)]
        for name, fn in tools if r % 2 == 0 else tools[::-1]:
            start, start_cpu = time.perf_counter(), time.process_time()
            for _ in range(block):
                fn()
            cpu[name].append((time.process_time() - start_cpu) / block)
            wall[name].append((time.perf_counter() - start) / block)
    row: dict[str, Any] = {"domain": folder.name, "outcomes": scenario.space.size, "points": frontier.n_points}
    for name in ("accord", "mobanos"):
        row[name] = statistics.median(wall[name])
        row[f"{name}_min"] = min(wall[name])
        row[f"{name}_cpu"] = statistics.median(cpu[name])
    row["same"] = same
    return row


def small_table(result: dict[str, Any], rounds: int, block: int) -> str:
    header = [
        "domain",
        "outcomes",
        "frontier points",
        "accord: wall median (fastest block); CPU median",
        "MOBANOS: wall median (fastest block); CPU median",
        "MOBANOS / accord: wall; CPU",
        "same frontier",
    ]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    summary = []
    for kind, suffix in (("wall-clock", ""), ("CPU", "_cpu")):
        ratios = [r[f"mobanos{suffix}"] / r[f"accord{suffix}"] for r in result["rows"]]
        slower = [r["domain"] for r, q in zip(result["rows"], ratios, strict=True) if q < 1]
        summary.append(
            f"by median {kind} time accord is at least as fast on {len(ratios) - len(slower)} of "
            f"{len(ratios)} domains (MOBANOS / accord {min(ratios):.2f}x to {max(ratios):.2f}x)"
            + (f"; slower on {', '.join(slower)}" if slower else "")
        )
    for r in result["rows"]:
        cells = [
            r["domain"],
            f"{r['outcomes']:,}",
            str(r["points"]),
            f"{fmt_time(r['accord'])} ({fmt_time(r['accord_min'])}); {fmt_time(r['accord_cpu'])}",
            f"{fmt_time(r['mobanos'])} ({fmt_time(r['mobanos_min'])}); {fmt_time(r['mobanos_cpu'])}",
            f"{r['mobanos'] / r['accord']:.2f}x; {r['mobanos_cpu'] / r['accord_cpu']:.2f}x",
            r["same"],
        ]
        lines.append("| " + " | ".join(cells) + " |")
    before = ", ".join(f"{x:.1f}" for x in result["load_before"])
    after = ", ".join(f"{x:.1f}" for x in result["load_after"])
    return (
        "# Pareto frontier on the ANL 2023 domains: accord vs NegMAS 0.16.0 MOBANOS\n\n"
        f"`bench/pareto_bench.py --small`, {time.strftime('%Y-%m-%d %H:%M')}, {os.cpu_count()} CPU cores "
        f"(shared), load average (1, 5, 15 min) {before} before and {after} after. One process "
        "(NegMAS's environment, accord imported from src/) times accord's `pareto_frontier(scenario)` "
        "and MOBANOS (`init` + `pareto_outcomes`) alternately: "
        f"{rounds} rounds of {block} calls each, the order swapped every round; a time is the median "
        "over rounds of the mean per call (fastest round in brackets), wall-clock and CPU "
        "(`time.process_time`, what the process itself used; on a shared machine the wall-clock "
        "time includes waiting for a core).\n\n" + ";\n".join(summary) + ".\n\n" + "\n".join(lines) + "\n"
    )


def run_small(rounds: int, block: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "small.json"
        status = run_worker(PEER, ["small", str(rounds), str(block), str(out)])
        if "error" in status:
            raise SystemExit(f"the ANL comparison failed: {status['error']}")
        result = json.loads(out.read_text())
    text = small_table(result, rounds, block)
    RESULTS_SMALL.parent.mkdir(parents=True, exist_ok=True)
    RESULTS_SMALL.write_text(text)
    print(text)


def run_worker(python: Path | str, args: Sequence[str]) -> dict[str, Any]:
    env = dict(os.environ, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1")
    proc = subprocess.run(
        [str(python), str(Path(__file__).resolve()), "--worker", *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    if proc.returncode != 0:
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-3:]
        return {"error": " / ".join(tail) or f"exit {proc.returncode}"}
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def fmt_time(seconds: float) -> str:
    if seconds >= 1:
        return f"{seconds:.2f} s"
    if seconds >= 1e-3:
        return f"{seconds * 1e3:.1f} ms"
    return f"{seconds * 1e6:.0f} µs"


def fmt_run(r: dict[str, Any] | None, note: str | None) -> str:
    if r is None:
        return note or "—"
    if "error" in r:
        return f"failed: {r['error'][:80]}"
    return f"{fmt_time(r['seconds'])} ({r['rss']:.0f} MiB, +{r['rss_delta']:.0f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="skip NegMAS's pareto_frontier (slow)")
    parser.add_argument("--small", action="store_true", help="only the ANL 2023 domains, side by side")
    parser.add_argument("--rounds", type=int, default=31, help="ANL domains: rounds per tool (default 31)")
    parser.add_argument("--block", type=int, default=20, help="ANL domains: calls per round (default 20)")
    args = parser.parse_args()
    ensure_peer()
    if args.small:
        run_small(args.rounds, args.block)
        return
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for i, case in enumerate(CASES):
            mine_file = Path(tmp) / f"accord-{i}.npy"
            mine = run_worker(sys.executable, ["accord", str(i), str(mine_file)])
            peer: dict[str, dict[str, Any] | None] = {"pf": None, "mobanos": None}
            same: list[str] = []
            for method in case.peer:
                if method == "pf" and args.quick:
                    continue
                peer_file = Path(tmp) / f"peer-{i}-{method}.npy"
                peer[method] = result = run_worker(PEER, [f"peer-{method}", str(i), str(peer_file)])
                if "error" not in result and "error" not in mine:
                    same.append(f"{method}: {compare(np.load(mine_file), np.load(peer_file))}")
            fastest = min((r["seconds"] for r in peer.values() if r is not None and "error" not in r), default=None)
            ratio = "—"
            if fastest and "error" not in mine:
                r = fastest / mine["seconds"]
                ratio = f"{r:,.0f}x" if r >= 10 else f"{r:.1f}x"
            rows.append(
                [
                    case.name,
                    str(mine.get("parties", "")),
                    f"{mine.get('outcomes', 0):,}",
                    f"{mine.get('points', '')}",
                    fmt_run(mine, None),
                    fmt_run(peer["pf"], case.skipped.get("pf", "not run (--quick)" if args.quick else None)),
                    fmt_run(peer["mobanos"], case.skipped.get("mobanos", "n/a: two linear-additive parties only")),
                    ratio,
                    "; ".join(same) or "—",
                ]
            )
            print(" | ".join(rows[-1]), flush=True)
    header = [
        "case",
        "parties",
        "outcomes",
        "frontier points",
        "accord (peak RSS, +during)",
        "NegMAS pareto_frontier",
        "NegMAS MOBANOS",
        "NegMAS fastest / accord",
        "same frontier",
    ]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    cpu = os.cpu_count()
    text = (
        "# Pareto frontier: accord vs NegMAS 0.16.0\n\n"
        f"`bench/pareto_bench.py`, {time.strftime('%Y-%m-%d')}, {cpu} CPU cores (shared), "
        "OMP_NUM_THREADS=1, each measurement in its own process; median of repeats after a "
        "warm-up (single call above 1 s). Memory: peak resident set of the measuring process "
        "(interpreter and imports included), and its increase during the computation.\n\n" + "\n".join(lines) + "\n"
    )
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(text)
    print()
    print(text)
    run_small(args.rounds, args.block)


def worker(argv: list[str]) -> None:
    if argv[0] == "small":
        print(json.dumps(work_small(Path(argv[3]), int(argv[1]), int(argv[2]))))
        return
    kind, index, out = argv[0], int(argv[1]), Path(argv[2])
    case = CASES[index]
    result = work_accord(case, out) if kind == "accord" else work_peer(case, kind.removeprefix("peer-"), out)
    print(json.dumps(result))


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--worker":
        worker(sys.argv[2:])
    else:
        main()
