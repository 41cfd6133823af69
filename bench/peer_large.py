"""The NegMAS side of bench/large_bench.py (run with the peer's interpreter, .venv-peer).

One SAO negotiation between NegMAS Boulware time-based negotiators (one per profile), the
way ../shared/peer-bench/sao_bench.py drives NegMAS: load the GENIUS folder, a new
SAOMechanism with ``n_steps``, ``run()``.
Usage: python peer_large.py FOLDER N_STEPS. Prints one JSON object.
"""

import json
import sys
import time
import warnings

warnings.filterwarnings("ignore")

import negmas.sao as sao  # noqa: E402
from negmas.inout import Scenario  # noqa: E402
from negmas.sao import SAOMechanism  # noqa: E402

folder, n_steps = sys.argv[1], int(sys.argv[2])
s = Scenario.load(folder, load_stats=False, load_info=False, ignore_discount=True)
t = time.perf_counter()
m = SAOMechanism(outcome_space=s.outcome_space, n_steps=n_steps)
for i, u in enumerate(s.ufuns):
    m.add(sao.BoulwareTBNegotiator(name=f"a{i}"), preferences=u)
st = m.run()
print(json.dumps({"s": time.perf_counter() - t, "agreement": st.agreement is not None, "steps": st.step}))
