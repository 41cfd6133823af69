"""Tournaments: every strategy against every other, on many scenarios, in every role.

::

    from accord.tournament import TournamentConfig, ProcessBackend, run_tournament, ResultStore, report

    config = TournamentConfig(strategies=("boulware", "linear", "conceder"), scenarios=("job-offer",),
                              repetitions=5, seed=1)
    with ProcessBackend() as backend:
        run_tournament(config, "league.sqlite", backend=backend)
    with ResultStore("league.sqlite", readonly=True) as store:
        print(report(store.records()).leaderboard.as_dicts())

The same plan and seeds give the same results on every back-end (serial, local
processes, Dask); results are stored as they complete, so an interrupted run resumes.
"""

from __future__ import annotations

from accord.tournament.backends import Backend, DaskBackend, ProcessBackend, SerialBackend, make_backend
from accord.tournament.config import TournamentConfig, load_config, load_scenarios, loads_config
from accord.tournament.plan import Task, make_plan, negotiation_seed
from accord.tournament.records import Record
from accord.tournament.runner import Prepared, TournamentRun, prepare, run_tournament
from accord.tournament.scores import (
    Breakdown,
    Estimate,
    Leaderboard,
    PairMatrix,
    TournamentReport,
    breakdown,
    distributions,
    leaderboard,
    pair_matrix,
    report,
    summary,
)
from accord.tournament.store import ResultStore, export

__all__ = [
    "Backend",
    "Breakdown",
    "DaskBackend",
    "Estimate",
    "Leaderboard",
    "PairMatrix",
    "Prepared",
    "ProcessBackend",
    "Record",
    "ResultStore",
    "SerialBackend",
    "Task",
    "TournamentConfig",
    "TournamentReport",
    "TournamentRun",
    "breakdown",
    "distributions",
    "export",
    "leaderboard",
    "load_config",
    "load_scenarios",
    "loads_config",
    "make_backend",
    "make_plan",
    "negotiation_seed",
    "pair_matrix",
    "prepare",
    "report",
    "run_tournament",
    "summary",
]
