"""The NegMAS side of bench/sao_bench.py (run with the peer's interpreter, .venv-peer).

Drives NegMAS exactly as ../shared/peer-bench/sao_bench.py does: one process, the scenario
loaded once, each negotiation = a new SAOMechanism + fresh negotiators + run().
Usage: python peer_sao.py FOLDER N_RUNS N_STEPS DISCOUNT(0|1) NEG_A NEG_B [NEG_A NEG_B ...]
Prints one JSON object: per pair, throughput and every run's agreement (as the outcome's
mixed-radix index, first issue most significant) and the step it was reached.
"""

import json
import statistics
import sys
import time
import warnings

warnings.filterwarnings("ignore")

import negmas.sao as sao  # noqa: E402
from negmas.inout import Scenario  # noqa: E402
from negmas.sao import SAOMechanism  # noqa: E402

folder, n_runs, n_steps, discount = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4] == "1"
names = sys.argv[5:]
pairs = [(names[i], names[i + 1]) for i in range(0, len(names), 2)]
s = Scenario.load(folder, load_stats=False, load_info=False, ignore_discount=not discount)
outcomes = list(s.outcome_space.enumerate_or_sample())
index = {o: i for i, o in enumerate(outcomes)}
out = {
    "scenario": s.name,
    "n_outcomes": len(outcomes),
    "reserved": [float(u.reserved_value) for u in s.ufuns],
    "max_utility": [float(u.max()) for u in s.ufuns] if not discount else None,
    "pairs": [],
}
for a, b in pairs:
    types = [getattr(sao, a), getattr(sao, b)]
    durs, cpus, agreements, steps = [], [], [], []
    t0 = time.perf_counter()
    for _ in range(n_runs):
        t = time.perf_counter()
        c = time.process_time()
        m = SAOMechanism(outcome_space=s.outcome_space, n_steps=n_steps)
        for i, (T, u) in enumerate(zip(types, s.ufuns, strict=True)):
            m.add(T(name=f"a{i}"), preferences=u)
        st = m.run()
        durs.append(time.perf_counter() - t)
        cpus.append(time.process_time() - c)
        agreements.append(None if st.agreement is None else index[tuple(st.agreement)])
        steps.append(st.step)
    total = time.perf_counter() - t0
    out["pairs"].append(
        {
            "a": a,
            "b": b,
            "n_runs": n_runs,
            "negs_per_s": n_runs / total,
            "median_ms": 1000 * statistics.median(durs),
            "cpu_median_ms": 1000 * statistics.median(cpus),
            "agreements": agreements,
            "steps": steps,
        }
    )
print(json.dumps(out))
