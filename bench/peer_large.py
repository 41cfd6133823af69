"""The NegMAS side of bench/large_bench.py (run with the peer's interpreter, .venv-peer).

One negotiation on a GENIUS folder, the way ../shared/peer-bench drives NegMAS: load the
folder, a new mechanism with ``n_steps``, ``run()``.

- ``sao``: an SAOMechanism between Boulware time-based negotiators (one per profile);
- ``veto``: a VetoSTMechanism (single text) with BinaryComparatorNegotiator parties, as
  ../shared/peer-bench/st_bench.py runs it (``random.seed(0)`` first).

Usage: python peer_large.py FOLDER N_STEPS [sao|veto]. Prints one JSON object: seconds (wall and CPU), whether
they agreed, the steps used and the agreement as the issues' values.
"""

import json
import random
import sys
import time
import warnings

warnings.filterwarnings("ignore")

import negmas.sao as sao  # noqa: E402
from negmas import BinaryComparatorNegotiator  # noqa: E402
from negmas.inout import Scenario  # noqa: E402
from negmas.sao import SAOMechanism  # noqa: E402
from negmas.st import VetoSTMechanism  # noqa: E402

folder, n_steps = sys.argv[1], int(sys.argv[2])
mech = sys.argv[3] if len(sys.argv) > 3 else "sao"
s = Scenario.load(folder, load_stats=False, load_info=False, ignore_discount=True)
t, c = time.perf_counter(), time.process_time()
if mech == "sao":
    m = SAOMechanism(outcome_space=s.outcome_space, n_steps=n_steps)
    for i, u in enumerate(s.ufuns):
        m.add(sao.BoulwareTBNegotiator(name=f"a{i}"), preferences=u)
else:
    random.seed(0)
    m = VetoSTMechanism(outcome_space=s.outcome_space, n_steps=n_steps)
    for i, u in enumerate(s.ufuns):
        m.add(BinaryComparatorNegotiator(name=f"a{i}"), preferences=u)
st = m.run()
a = st.agreement
if isinstance(a, tuple) and len(a) == 1 and isinstance(a[0], tuple):
    a = a[0]
print(
    json.dumps(
        {
            "s": time.perf_counter() - t,
            "cpu": time.process_time() - c,
            "agreement": a is not None,
            "steps": st.step,
            "values": None if a is None else [v if isinstance(v, int | float) else str(v) for v in a],
        }
    )
)
