"""Same configuration and seed, same results: serially, in local processes, on Dask."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from tournament_support import reference, results, small_config, stored

from accord.engine.runner import simulate
from accord.errors import TournamentError
from accord.tournament import DaskBackend, ProcessBackend, SerialBackend, prepare, run_tournament
from accord.tournament.worker import play


def test_reference_run_is_complete() -> None:
    ref = reference()
    assert len(ref) == 2 * 2 * 9
    assert len({r.key for r in ref}) == len(ref)
    assert {r.end for r in ref} <= {"agreement", "deadline", "broken"}


def test_tournament_plays_exactly_as_the_engine_simulates() -> None:
    ready = prepare(small_config())
    ctx = ready.context
    for task in ready.plan[::5]:
        scenario = ctx.scenarios[task.scenario]
        seats = {p.id: ctx.strategies[i] for p, i in zip(scenario.negotiators, task.strategies, strict=True)}
        run = simulate(scenario, protocol="saop", strategies=seats, config=ctx.protocol_config, seed=task.seed)
        record = play(ctx, task)
        metrics = run.metrics()
        assert record.agreement == run.agreement
        assert record.rounds == metrics.rounds
        assert record.utilities == tuple(p.utility for p in metrics.parties)
        assert record.advantages == tuple(p.advantage for p in metrics.parties)
        assert record.nash_product == metrics.nash_product
        assert record.welfare == metrics.welfare
        assert record.pareto_distance == metrics.frontier_distance
        assert record.nash_distance == metrics.nash_distance


def test_batch_size_does_not_change_results(tmp_path: Path) -> None:
    ref = reference()
    path = tmp_path / "one.sqlite"
    run_tournament(small_config(batch_size=1), path, backend=SerialBackend())
    assert results(stored(path)) == results(ref)


def test_processes_reproduce_the_serial_run(tmp_path: Path) -> None:
    ref = reference()
    path = tmp_path / "processes.sqlite"
    with ProcessBackend(2) as backend:
        summary = run_tournament(small_config(batch_size=5), path, backend=backend)
    assert summary.complete and summary.played == len(ref)
    assert results(stored(path)) == results(ref)


def test_dask_local_cluster_reproduces_the_serial_run(tmp_path: Path) -> None:
    ref = reference()
    path = tmp_path / "dask.sqlite"
    with DaskBackend("local", workers=2) as backend:
        assert backend.workers == 2
        summary = run_tournament(small_config(batch_size=4), path, backend=backend)
    assert summary.complete
    assert results(stored(path)) == results(ref)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@pytest.fixture
def dask_cluster(tmp_path: Path) -> Iterator[str]:
    """A scheduler and a two-process worker started with the ``dask`` command line, on 127.0.0.1."""
    dask = str(Path(sys.executable).parent / "dask")
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    common = {"cwd": tmp_path, "stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    scheduler = subprocess.Popen(
        [dask, "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"],
        start_new_session=True,
        **common,  # type: ignore[call-overload]
    )
    workers = subprocess.Popen(
        [dask, "worker", address, "--nworkers", "2", "--nthreads", "1", "--host", "127.0.0.1",
         "--no-dashboard", "--local-directory", str(tmp_path)],
        start_new_session=True,
        **common,  # type: ignore[call-overload]
    )  # fmt: skip
    try:
        yield address
    finally:
        for proc in (workers, scheduler):
            os.killpg(proc.pid, signal.SIGTERM)
        for proc in (workers, scheduler):
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()


def test_dask_cluster_from_the_command_line(tmp_path: Path, dask_cluster: str) -> None:
    ref = reference()
    deadline = time.monotonic() + 30
    backend = None
    while backend is None:
        try:
            backend = DaskBackend(dask_cluster, timeout=5)
        except TournamentError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)
    with backend:
        backend.wait_for_workers(2, timeout=30)
        assert backend.workers == 2
        path = tmp_path / "cluster.sqlite"
        summary = run_tournament(small_config(batch_size=3), path, backend=backend)
    assert summary.complete and "dask tcp://127.0.0.1" in summary.backend
    assert results(stored(path)) == results(ref)


def test_mediated_multilateral_league(tmp_path: Path) -> None:
    """Single negotiating text with a mediator seat, on a scenario of more than two parties."""
    config = small_config(
        strategies=("boulware", "conceder"), scenarios=("harbour-development",), protocol="single-text",
        mediator="nash-seeking", deadline=20, repetitions=1,
    )  # fmt: skip
    path = tmp_path / "st.sqlite"
    summary = run_tournament(config, path)
    records = stored(path)
    seats = len(records[0].parties)
    assert seats > 2 and summary.planned == len(records) == 2**seats
    assert all(r.error == "" for r in records)
