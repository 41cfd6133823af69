"""Run a tournament: plan it, skip what the results file already holds, play the rest.

:func:`run_tournament` loads the scenarios, builds the plan, opens (or creates) the
results file, checks that it belongs to this configuration, and hands the negotiations
not yet stored to a back-end in batches; each batch is stored as it completes. Ctrl-C
stops it cleanly: batches already finished are stored, and running it again resumes.
"""

from __future__ import annotations

import hashlib
import json
import signal
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from time import perf_counter
from types import FrameType
from typing import Any

from accord.formats.accord_write import scenario_digest
from accord.tournament.backends import Backend, SerialBackend, Stream
from accord.tournament.config import TournamentConfig, load_scenarios
from accord.tournament.plan import Task, auto_batch_size, batched, make_plan
from accord.tournament.store import ResultStore
from accord.tournament.worker import Context

__all__ = ["Prepared", "TournamentRun", "prepare", "run_tournament"]

ProgressHook = Callable[[int, int], None]
"""Called as ``hook(n, total)``: first with the negotiations already stored, then after each stored batch
with the number it completed."""


@dataclass(frozen=True)
class Prepared:
    """A tournament ready to play: its context (scenarios, strategies) and its full plan."""

    config: TournamentConfig
    context: Context
    plan: tuple[Task, ...]


@dataclass(frozen=True)
class TournamentRun:
    """What one call of :func:`run_tournament` did."""

    results: Path
    planned: int  # negotiations in the whole tournament
    already_done: int  # found in the results file at the start
    played: int  # stored by this run
    interrupted: bool
    backend: str
    batch_size: int
    wall_s: float

    @property
    def complete(self) -> bool:
        return self.already_done + self.played >= self.planned

    @property
    def rate(self) -> float:
        """Negotiations stored per second of this run."""
        return self.played / self.wall_s if self.wall_s > 0 else 0.0


def prepare(config: TournamentConfig, *, traces: bool = False) -> Prepared:
    """Load the scenarios and plan every negotiation (raises TournamentError on bad input).

    ``traces`` keeps each negotiation's event log with its results (for ``accord replay``).
    """
    scenarios = load_scenarios(config)
    labels = config.strategy_labels
    plan = make_plan(
        scenario_ids=[s.id for s in scenarios],
        seats=[len(s.negotiators) for s in scenarios],
        labels=labels,
        repetitions=config.repetitions,
        self_play=config.self_play,
        rotate_roles=config.rotate_roles,
        seed=config.seed,
    )
    ctx = Context(
        protocol=config.protocol,
        protocol_config=config.protocol_config,
        strategies=config.strategies,
        labels=labels,
        scenarios=scenarios,
        mediator=config.mediator,
        time_limit=config.time_limit,
        traces=traces,
    )
    return Prepared(config, ctx, tuple(plan))


class _DeferInterrupt:
    """Hold Ctrl-C back while a batch is being stored, then raise it (main thread only)."""

    def __init__(self) -> None:
        self._caught = False
        self._previous: Any = None

    def _note(self, signum: int, frame: FrameType | None) -> None:
        self._caught = True

    def __enter__(self) -> None:
        self._caught = False
        if threading.current_thread() is threading.main_thread():
            self._previous = signal.signal(signal.SIGINT, self._note)

    def __exit__(self, *exc: object) -> None:
        if self._previous is not None:
            signal.signal(signal.SIGINT, self._previous)
            self._previous = None
        if self._caught:
            raise KeyboardInterrupt


def _consume(stream: Stream, store: ResultStore, progress: ProgressHook | None, total: int) -> tuple[int, bool]:
    """Store each batch the back-end yields; on Ctrl-C, let it hand over what has finished.

    Returns how many negotiations were stored and whether the run was interrupted.
    """
    played = 0
    interrupted = throw = False
    defer = _DeferInterrupt()
    while True:
        try:
            if throw:
                throw = False
                records = stream.throw(KeyboardInterrupt())
            else:
                records = next(stream)
        except StopIteration:
            return played, interrupted
        except KeyboardInterrupt:
            return played, True
        try:
            with defer:
                played += store.add(records)
                if progress is not None:
                    progress(len(records), total)
        except KeyboardInterrupt:
            if interrupted:  # a second Ctrl-C: stop at once
                return played, True
            interrupted = throw = True


def run_tournament(
    config: TournamentConfig,
    results: str | Path,
    *,
    backend: Backend | None = None,
    restart: bool = False,
    progress: ProgressHook | None = None,
    prepared: Prepared | None = None,
    traces: bool = False,
) -> TournamentRun:
    """Play every negotiation of ``config`` not yet in ``results`` (a SQLite file).

    ``restart`` discards what the file holds first; ``traces`` stores each negotiation's
    event log too; ``progress(n, total)`` is called with the number already stored, then
    after each stored batch with how many it held. Returns a summary; ``interrupted`` is
    set when Ctrl-C stopped the run (what finished is kept).
    """
    t0 = perf_counter()
    ready = prepared if prepared is not None else prepare(config, traces=traces)
    engine = backend if backend is not None else SerialBackend()
    path = Path(results)
    played = 0
    interrupted = False
    with ResultStore(path) as store:
        if restart:
            store.clear()
        digests = {s.id: scenario_digest(s) for s in ready.context.scenarios}
        fingerprint = hashlib.blake2b(
            json.dumps([config.fingerprint(), digests], sort_keys=True).encode(), digest_size=12
        ).hexdigest()
        store.bind(config.to_dict(), fingerprint, planned=len(ready.plan), scenarios=digests)
        done = store.done_keys()
        pending = [t for t in ready.plan if t.key not in done]
        already = len(ready.plan) - len(pending)
        size = config.batch_size or auto_batch_size(len(pending), engine.workers)
        if progress is not None:
            progress(already, len(ready.plan))
        if pending:
            stream = engine.run(ready.context, batched(pending, size))
            played, interrupted = _consume(stream, store, progress, len(ready.plan))
    return TournamentRun(
        results=path,
        planned=len(ready.plan),
        already_done=already,
        played=played,
        interrupted=interrupted,
        backend=engine.describe(),
        batch_size=size,
        wall_s=perf_counter() - t0,
    )
