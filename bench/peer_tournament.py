"""The NegMAS side of bench/tournament_bench.py (run with the peer's interpreter, .venv-peer).

Drives NegMAS exactly as ../shared/peer-bench/tournament_bench.py does: ``cartesian_tournament``
over 4 competitors (Boulware / Conceder / Linear time-based + AspirationNegotiator) and the
ANAC 2012 CarA and CameraB scenarios (discounting ignored), 100 steps, self-play, rotated
utility functions. It also reports what the accord side needs to play the same league: each
scenario's utility scale and reservation values as NegMAS reads them, and the mean step at
which negotiations ended.
Usage: python peer_tournament.py Y2012_FOLDER NJOBS EXECUTOR N_REPS
Prints one JSON object.
"""

import json
import sys
import time
import warnings
from pathlib import Path

warnings.filterwarnings("ignore")

from negmas.inout import Scenario  # noqa: E402
from negmas.sao import (  # noqa: E402
    AspirationNegotiator,
    BoulwareTBNegotiator,
    ConcederTBNegotiator,
    LinearTBNegotiator,
)
from negmas.tournaments.neg import cartesian_tournament  # noqa: E402

base = Path(sys.argv[1])
njobs, executor, nrep = int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
names = ("CarA", "CameraB")
scens = [Scenario.load(base / n, ignore_discount=True, load_stats=False, load_info=False) for n in names]
t = time.perf_counter()
res = cartesian_tournament(
    competitors=[BoulwareTBNegotiator, ConcederTBNegotiator, LinearTBNegotiator, AspirationNegotiator],
    scenarios=scens,
    n_steps=100,
    n_repetitions=nrep,
    njobs=njobs,
    executor=executor,
    path=None,
    verbosity=0,
    save_scenario_figs=False,
)
wall = time.perf_counter() - t
details = res.details
n = len(details)
out = {
    "njobs": njobs,
    "executor": executor,
    "n_repetitions": nrep,
    "wall_s": wall,
    "n_negotiations": n,
    "negs_per_s": n / wall,
    "agreement_rate": float(details["agreement"].notna().mean()),
    "mean_steps": float(details["step"].mean()),
    "scenarios": {
        name: {"max": [float(u.max()) for u in s.ufuns], "reserved": [float(u.reserved_value) for u in s.ufuns]}
        for name, s in zip(names, scens, strict=True)
    },
    "ranking": [str(x) for x in res.final_scores["strategy"]],
}
print(json.dumps(out))
