"""The NegMAS side of bench/mediated_bench.py (run with the peer's interpreter, .venv-peer).

Drives NegMAS's single-text mechanisms as ../shared/peer-bench/st_bench.py does: each
negotiator a BinaryComparatorNegotiator (accepts a new text iff it is strictly better for it
than the current one), ``random.seed(run)`` before each run.
Usage: python peer_st.py FOLDER MECH(veto|hill) N_RUNS N_STEPS
Prints one JSON object with every run's agreement as the outcome's mixed-radix index.
"""

import json
import random
import statistics
import sys
import time
import warnings

warnings.filterwarnings("ignore")

from negmas import BinaryComparatorNegotiator  # noqa: E402
from negmas.inout import Scenario  # noqa: E402
from negmas.st import HillClimbingSTMechanism, VetoSTMechanism  # noqa: E402

folder, mech, n_runs, n_steps = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
M = {"veto": VetoSTMechanism, "hill": HillClimbingSTMechanism}[mech]
s = Scenario.load(folder, load_stats=False, load_info=False, ignore_discount=True)
index = {o: i for i, o in enumerate(s.outcome_space.enumerate_or_sample())}
agreements, durs = [], []
for r in range(n_runs):
    random.seed(r)
    t = time.perf_counter()
    m = M(outcome_space=s.outcome_space, n_steps=n_steps)
    for i, u in enumerate(s.ufuns):
        m.add(BinaryComparatorNegotiator(name=f"a{i}"), preferences=u)
    st = m.run()
    durs.append(time.perf_counter() - t)
    a = st.agreement
    if isinstance(a, tuple) and len(a) == 1 and isinstance(a[0], tuple):
        a = a[0]
    agreements.append(None if a is None else index[tuple(a)])
print(json.dumps({"mechanism": M.__name__, "median_ms": 1000 * statistics.median(durs), "agreements": agreements}))
