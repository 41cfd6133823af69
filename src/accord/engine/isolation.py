"""Running a strategy in a separate process, for competitions between strategies nobody vetted.

What a strategy in the same process as the engine has (the default):

* its :class:`~accord.engine.view.View` holds only what its seat may see (its own preferences,
  the public facts, the events addressed to it); the view holds neither the record nor the
  scenario, so reading the view's private attributes yields nothing more;
* the record, the events and the preferences it receives are immutable (tuples, read-only
  arrays, frozen dataclasses): ordinary assignment fails, and the run's results are computed
  from the scenario, not from anything the strategy holds;
* no module-level cache holds another party's preferences or utilities.

What it does not have: Python offers no protection between objects of one process. Code that
walks the interpreter (``gc.get_objects()``, ``sys._getframe().f_back``, ``object.__setattr__``
on frozen objects) reaches every object of the process, the scenario and the other seats'
preferences included, and can change them. Against such code only a process boundary helps.

:class:`Isolated` wraps a strategy so that it runs in a fresh process (``spawn``: nothing of the
engine's memory is inherited). The child receives its seat's views as copies (its own
preferences once, then only the events its seat may see) and sends back actions; it never
holds the scenario, another seat's preferences, or the record.
"""

from __future__ import annotations

import contextlib
import multiprocessing as mp
import pickle
import weakref
from multiprocessing.connection import Connection
from multiprocessing.reduction import ForkingPickler
from typing import Any

from accord.engine.events import Action, SeatRecord
from accord.engine.strategies.base import SeedLike, StandIn, Strategy
from accord.engine.view import View
from accord.errors import StrategyError

__all__ = ["Isolated"]

_REPLY_TIMEOUT_S = 600.0
"""Longest wait for one answer of an isolated strategy before it counts as failed."""


def _view_state(view: View, sent: int) -> tuple[Any, ...]:
    """What the child needs to rebuild ``view``: its fields and the visible events past ``sent``."""
    n = view._n
    events, positions = view._seen.span(sent, n)
    return (
        view.round,
        view.time,
        view.situation,
        view.kinds,
        view.standing,
        view.standing_by,
        view.day,
        view._m,
        n,
        events,
        positions,
    )


def _serve(conn: Connection) -> None:  # pragma: no cover - runs in the child process
    strategy: Strategy | None = None
    seat: Any = None
    rec: SeatRecord | None = None
    while True:
        try:
            msg = conn.recv()
        except EOFError:
            return
        kind = msg[0]
        if kind == "close":
            return
        try:
            if kind == "start":
                strategy, seat, seed, state = msg[1], msg[2], msg[3], msg[4]
                rec = SeatRecord(seat.id)
                assert strategy is not None
                strategy.start(_rebuild(seat, rec, state), seed)
                conn.send(("ok", None))
            else:
                assert strategy is not None and rec is not None
                action = strategy.act(_rebuild(seat, rec, msg[1]))
                conn.send(("ok", action))
        except Exception as e:
            conn.send(("error", f"{type(e).__name__}: {e}"))


def _rebuild(seat: Any, rec: SeatRecord, state: tuple[Any, ...]) -> View:
    rnd, time, situation, kinds, standing, standing_by, day, mediated, n, events, positions = state
    rec._events.extend(events)
    rec._positions.extend(positions)
    rec._scanned = n
    view = object.__new__(View)
    view.seat = seat
    view._seen = rec
    view._n = n
    view.round = rnd
    view.time = time
    view.situation = situation
    view.kinds = kinds
    view.standing = standing
    view.standing_by = standing_by
    view.day = day
    view._m = mediated
    return view


def _stop(process: Any, conn: Connection) -> None:
    with contextlib.suppress(OSError, ValueError):
        conn.send(("close",))
    process.join(timeout=2)
    if process.is_alive():
        process.kill()
        process.join(timeout=2)
    conn.close()


class Isolated(StandIn):
    """``inner`` played in a separate process that sees only its seat's views (see the module doc)."""

    def __init__(self, inner: Strategy) -> None:
        super().__init__(inner)
        self._seed = 0
        self._rng = None
        self._conn: Connection | None = None
        self._sent = 0
        self._finalizer: weakref.finalize[Any, Any] | None = None

    def _call(self, message: tuple[Any, ...]) -> Any:
        conn = self._conn
        if conn is None:
            raise StrategyError(f"isolated strategy {self.spec!r} was not started")
        try:
            payload = ForkingPickler.dumps(message)
        except (pickle.PicklingError, AttributeError, TypeError) as e:
            raise StrategyError(
                f"strategy {self.spec!r} cannot be sent to a process of its own ({e}); "
                "define its class at the top level of a module"
            ) from None
        try:
            conn.send_bytes(payload)
            if not conn.poll(_REPLY_TIMEOUT_S):
                raise StrategyError(f"isolated strategy {self.spec!r} did not answer in {_REPLY_TIMEOUT_S:g} s")
            status, value = conn.recv()
        except (EOFError, OSError) as e:
            raise StrategyError(f"isolated strategy {self.spec!r} stopped: {e or 'its process ended'}") from None
        if status == "error":
            raise StrategyError(f"strategy {self.spec!r} (isolated) failed: {value}")
        return value

    def start(self, view: View, seed: SeedLike = 0) -> None:
        self.close()
        ctx = mp.get_context("spawn")
        parent, child = ctx.Pipe()
        process = ctx.Process(target=_serve, args=(child,), daemon=True, name=f"accord-isolated-{view.party}")
        process.start()
        child.close()
        self._conn = parent
        self._finalizer = weakref.finalize(self, _stop, process, parent)
        self._sent = 0
        state = _view_state(view, 0)
        self._sent = view._n
        self._call(("start", self.inner, view.seat, seed, state))

    def act(self, view: View) -> Action:
        state = _view_state(view, self._sent)
        self._sent = view._n
        action = self._call(("act", state))
        if not isinstance(action, Action):
            raise StrategyError(f"strategy {self.spec!r} (isolated) returned {type(action).__name__}, not an Action")
        return action

    def close(self) -> None:
        """Stop the strategy's process (also done when the strategy is collected)."""
        if self._finalizer is not None:
            self._finalizer()
            self._finalizer = None
        self._conn = None
