"""Where a tournament's negotiations are played: one interface, three back-ends.

- :class:`SerialBackend` plays every batch in this process, in order;
- :class:`ProcessBackend` plays batches in local worker processes
  (:class:`concurrent.futures.ProcessPoolExecutor`);
- :class:`DaskBackend` plays them on a Dask cluster (``dask.distributed``): one at an
  address (``tcp://host:8786``) or a :class:`~distributed.LocalCluster` it starts.

Each back-end ships the tournament's :class:`~accord.tournament.worker.Context` to every
worker once (an initializer, or a broadcast ``scatter``) and then batches of tasks, keeping
a few batches per worker in flight. :meth:`Backend.run` yields each batch's records as it
completes, in any order. On Ctrl-C a back-end cancels the batches not yet started, still
yields those that have already finished, then re-raises :class:`KeyboardInterrupt`.
Results do not depend on the back-end: every negotiation carries its own seed.
"""

from __future__ import annotations

import importlib
import multiprocessing
import os
import pickle
import signal
import sys
import threading
import time
import uuid
from abc import ABC, abstractmethod
from collections.abc import Generator, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from types import TracebackType
from typing import Any

from accord.errors import TournamentError
from accord.tournament.plan import Task
from accord.tournament.records import Record
from accord.tournament.worker import Context, run_batch

__all__ = ["Backend", "DaskBackend", "ProcessBackend", "SerialBackend", "make_backend"]

Batch = Sequence[Task]
Stream = Generator[list[Record], None, None]
"""What :meth:`Backend.run` returns: each batch's records as they complete."""


class Backend(ABC):
    """Plays batches of negotiations somewhere; a context manager that frees its workers."""

    name: str = "backend"

    @property
    @abstractmethod
    def workers(self) -> int:
        """How many negotiations it plays at once."""

    @abstractmethod
    def run(self, ctx: Context, batches: Iterable[Batch]) -> Stream:
        """The records of each batch, as batches complete."""

    @abstractmethod
    def close(self) -> None:
        """Free the workers (idempotent)."""

    def describe(self) -> str:
        return f"{self.name} ({self.workers} worker{'s' if self.workers != 1 else ''})"

    def __enter__(self) -> Backend:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None) -> None:
        self.close()


class SerialBackend(Backend):
    """Every batch in this process, one after the other."""

    name = "serial"

    @property
    def workers(self) -> int:
        return 1

    def run(self, ctx: Context, batches: Iterable[Batch]) -> Stream:
        for batch in batches:
            yield run_batch(ctx, batch)

    def close(self) -> None:
        pass


# -- local processes ---------------------------------------------------------------------------
_CONTEXT: tuple[str, Context] | None = None  # in a worker process: the tournament it is playing


_WATCH_S = 1.0
"""How often a worker checks that the process running the tournament is still alive."""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _watch(parent: int) -> None:
    while _alive(parent):
        time.sleep(_WATCH_S)
    os._exit(3)  # the tournament's process is gone (killed): nobody will read our results


def _init_process(parent: int) -> None:
    # Ctrl-C goes to the whole process group: the parent stops the tournament, workers ignore it.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # A parent killed outright (kill -9) cannot stop its workers: they stop themselves.
    threading.Thread(target=_watch, args=(parent,), name="accord-parent-watch", daemon=True).start()


def _pid() -> int:
    return os.getpid()


def _process_batch(token: str, payload: bytes, batch: Batch) -> list[Record]:
    """Play a batch in a worker process; the context is unpickled once per tournament."""
    global _CONTEXT
    if _CONTEXT is None or _CONTEXT[0] != token:
        _CONTEXT = (token, pickle.loads(payload))
    return run_batch(_CONTEXT[1], batch)


@contextmanager
def _main_script_hidden() -> Iterator[None]:
    """Start worker processes without them re-running the ``__main__`` script.

    Forkserver and spawn workers normally import the parent's main script (as
    ``__mp_main__``), so a script that starts a tournament at top level, without an
    ``if __name__ == "__main__":`` guard, would start it again in every worker. The workers
    only need accord (strategies are named by specs, not pickled from the script), so the
    script is hidden from them while they start.
    """
    main = sys.modules.get("__main__")
    if main is None:
        yield
        return
    saved: dict[str, Any] = {k: main.__dict__[k] for k in ("__file__", "__spec__") if k in main.__dict__}
    main.__dict__.pop("__file__", None)
    main.__dict__["__spec__"] = None
    try:
        yield
    finally:
        main.__dict__.pop("__spec__", None)
        main.__dict__.update(saved)


def _mp_context() -> multiprocessing.context.BaseContext:
    """Forkserver where available (workers fork from a clean, preloaded server), else spawn."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["accord.tournament.worker"])
        return ctx
    return multiprocessing.get_context("spawn")


def _drain(pending: set[Future[list[Record]]]) -> Stream:
    """After Ctrl-C: cancel what has not started, wait for what is running, yield what finished."""
    for f in pending:
        f.cancel()
    for f in pending:
        if not f.cancelled():
            try:
                yield f.result()
            except Exception:  # the run is being interrupted: a batch that failed is not kept
                continue


class ProcessBackend(Backend):
    """Batches in ``workers`` local processes (default: one per CPU).

    The processes start with the back-end and serve every tournament run on it until
    :meth:`close`; each tournament's context travels with its batches (a few kilobytes)
    and is unpickled once per process.
    """

    name = "processes"

    def __init__(self, workers: int | None = None) -> None:
        n = workers if workers is not None else (os.cpu_count() or 1)
        if n < 1:
            raise TournamentError(f"the number of worker processes must be positive (found {n})")
        self._n = n
        with _main_script_hidden():
            self._pool: ProcessPoolExecutor | None = ProcessPoolExecutor(
                max_workers=n, mp_context=_mp_context(), initializer=_init_process, initargs=(os.getpid(),)
            )
            started = [self._pool.submit(_pid) for _ in range(n)]
        try:
            for f in started:
                f.result()
        except BrokenProcessPool as e:
            self._pool.shutdown(wait=False, cancel_futures=True)
            raise TournamentError(f"the worker processes could not start: {e}") from None

    @property
    def workers(self) -> int:
        return self._n

    def run(self, ctx: Context, batches: Iterable[Batch]) -> Stream:
        pool = self._pool
        if pool is None:
            raise TournamentError("this process back-end is closed")
        token = uuid.uuid4().hex
        payload = pickle.dumps(ctx, protocol=pickle.HIGHEST_PROTOCOL)
        todo = iter(batches)
        pending: set[Future[list[Record]]] = set()
        window = 2 * self._n
        try:
            while True:
                while len(pending) < window:
                    batch = next(todo, None)
                    if batch is None:
                        break
                    with _main_script_hidden():  # a pool may start a worker on any submit
                        pending.add(pool.submit(_process_batch, token, payload, batch))
                if not pending:
                    return
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                for f in done:
                    yield f.result()
        except KeyboardInterrupt:
            yield from _drain(pending)
            raise
        finally:
            for f in pending:
                f.cancel()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


# -- Dask -------------------------------------------------------------------------------------------
class DaskBackend(Backend):
    """Batches on a Dask cluster: ``address`` is ``tcp://host:port``, or ``"local"`` to start one.

    A local cluster has ``workers`` single-threaded worker processes (default: one per CPU)
    on 127.0.0.1 (its HTTP server on a free loopback port); it is shut down by :meth:`close`. A remote cluster is
    left running. Workers need accord installed; scenarios travel with the context, so
    they need not see the scenario files.
    """

    name = "dask"

    def __init__(self, address: str, *, workers: int | None = None, timeout: float = 10.0) -> None:
        try:
            distributed: Any = importlib.import_module("distributed")
        except ImportError:
            raise TournamentError(
                "the Dask back-end needs dask.distributed: from the clone, pip install -e '.[cluster]'"
            ) from None
        self._cluster: Any = None
        self.address = address
        if address == "local":
            n = workers if workers is not None else (os.cpu_count() or 1)
            previous = signal.signal(signal.SIGINT, signal.SIG_IGN)  # inherited: Ctrl-C stops only this process
            try:
                self._cluster = distributed.LocalCluster(
                    n_workers=n,
                    threads_per_worker=1,
                    processes=True,
                    host="127.0.0.1",
                    dashboard_address="127.0.0.1:0",  # its HTTP server on a free loopback port
                )
            finally:
                signal.signal(signal.SIGINT, previous)
            self._client: Any = distributed.Client(self._cluster)
        else:
            try:
                self._client = distributed.Client(address, timeout=timeout)
            except (OSError, TimeoutError) as e:
                raise TournamentError(f"cannot reach the Dask scheduler at {address}: {e}") from None
        if not self._client.nthreads():
            self._client.wait_for_workers(1, timeout=timeout)

    @property
    def workers(self) -> int:
        threads: dict[str, int] = self._client.nthreads()
        return max(1, sum(threads.values()))

    def wait_for_workers(self, n: int, *, timeout: float = 60.0) -> None:
        """Block until the cluster has at least ``n`` workers (TournamentError after ``timeout`` s)."""
        try:
            self._client.wait_for_workers(n, timeout=timeout)
        except TimeoutError:
            raise TournamentError(f"the Dask cluster did not reach {n} workers within {timeout:g} s") from None

    def describe(self) -> str:
        where = "LocalCluster" if self._cluster is not None else self.address
        return f"dask {where} ({self.workers} worker thread{'s' if self.workers != 1 else ''})"

    def run(self, ctx: Context, batches: Iterable[Batch]) -> Stream:
        distributed: Any = importlib.import_module("distributed")
        client = self._client
        shared = client.scatter(ctx, broadcast=True, hash=False)
        todo = iter(batches)
        window = 2 * self.workers
        pending: set[Any] = set()
        queue = distributed.as_completed()
        try:
            for _ in range(window):
                batch = next(todo, None)
                if batch is None:
                    break
                f = client.submit(run_batch, shared, batch, pure=False)
                pending.add(f)
                queue.add(f)
            for f in queue:
                pending.discard(f)
                records: list[Record] = f.result()
                batch = next(todo, None)
                if batch is not None:
                    g = client.submit(run_batch, shared, batch, pure=False)
                    pending.add(g)
                    queue.add(g)
                yield records
        except KeyboardInterrupt:
            done = [f for f in pending if f.status == "finished"]
            client.cancel([f for f in pending if f.status != "finished"])
            for f in done:
                yield f.result()
            raise
        finally:
            client.cancel(list(pending))
            client.cancel([shared])

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None


def make_backend(*, dask: str | None = None, processes: int | None = None, serial: bool = False) -> Backend:
    """The back-end a command line asks for: ``dask`` address or "local", ``processes``, or serial."""
    if dask is not None:
        return DaskBackend(dask, workers=processes)
    if serial or processes == 1:
        return SerialBackend()
    return ProcessBackend(processes)
