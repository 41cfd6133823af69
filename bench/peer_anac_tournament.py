"""The NegMAS side of bench/negmas_bridge_bench.py (run with the peer's interpreter, .venv-peer).

``cartesian_tournament`` over ANAC agents of negmas-genius-agents on ANAC 2012 domains
(discounting ignored), serial (``njobs=-1``), self-play, rotated utility functions.
Usage: python peer_anac_tournament.py STEPS REPS AGENT[,AGENT...] DOMAIN_FOLDER...
Prints one JSON object.
"""

import json
import sys
import time
import warnings
from pathlib import Path

warnings.filterwarnings("ignore")

import negmas_genius_agents  # noqa: E402
from negmas.inout import Scenario  # noqa: E402
from negmas.tournaments.neg import cartesian_tournament  # noqa: E402

steps, reps = int(sys.argv[1]), int(sys.argv[2])
agents = [getattr(negmas_genius_agents, name) for name in sys.argv[3].split(",")]
folders = [Path(p) for p in sys.argv[4:]]
scenarios = [Scenario.load(p, ignore_discount=True, load_stats=False, load_info=False) for p in folders]
t = time.perf_counter()
res = cartesian_tournament(
    competitors=agents,
    scenarios=scenarios,
    n_steps=steps,
    n_repetitions=reps,
    njobs=-1,
    path=None,
    verbosity=0,
    save_scenario_figs=False,
)
wall = time.perf_counter() - t
details = res.details
n = len(details)
print(
    json.dumps(
        {
            "wall_s": wall,
            "n_negotiations": n,
            "negs_per_s": n / wall,
            "agreement_rate": float(details["agreement"].notna().mean()),
            "mean_steps": float(details["step"].mean()),
        }
    )
)
