"""Strategies written to spy on other seats and to tamper with the record (for the isolation tests).

Each plays like ``linear`` and, at every turn, tries something it must not manage. What it
finds it keeps in ``found`` (in this process) and, where it runs in a process of its own,
turns into a failure of its seat (the only channel out of that process).
"""

from __future__ import annotations

import gc
import sys
from abc import abstractmethod
from typing import Any, ClassVar

from accord.engine.events import Action, Event, PriorityReport
from accord.engine.metrics import Reference
from accord.engine.strategies.base import StrategyInfo
from accord.engine.strategies.time_based import TimeBased
from accord.engine.tables import UtilityTable, utility_table
from accord.engine.view import View
from accord.errors import StrategyError
from accord.model import Preferences, Scenario


def _info(name: str) -> StrategyInfo:
    return StrategyInfo(name, "spy", "tries to see what its seat may not", (), frozenset({"party"}))


class _Spy(TimeBased):
    info: ClassVar[StrategyInfo] = _info("spy")
    raise_on_find: bool = False

    def configure(self) -> None:
        super().configure()
        self.found: list[str] = []
        self.changed: list[str] = []

    @abstractmethod
    def look(self, view: View) -> list[str]:
        """What this spy found in what its seat was given (descriptions of leaks)."""

    def act(self, view: View) -> Action:
        found = self.look(view)
        self.found.extend(found)
        if found and self.raise_on_find:
            raise StrategyError("found: " + "; ".join(sorted(set(found))))
        return super().act(view)


def _walk(root: object, limit: int = 200_000) -> list[object]:
    """Objects reachable from ``root`` through attributes, slots and container items."""
    seen: set[int] = set()
    out: list[object] = []
    stack = [root]
    while stack and len(out) < limit:
        obj = stack.pop()
        if isinstance(obj, str | bytes | int | float | type(None)) or id(obj) in seen:
            continue
        seen.add(id(obj))
        out.append(obj)
        if isinstance(obj, dict):
            stack.extend(obj.values())
        elif isinstance(obj, list | tuple | set | frozenset):
            stack.extend(obj)
        elif isinstance(obj, type) or type(obj).__module__ in ("builtins", "numpy"):
            continue
        else:
            try:  # other libraries' objects may refuse to be looked at: a spy moves on
                if hasattr(obj, "__dict__"):
                    stack.extend(vars(obj).values())
                for cls in type(obj).__mro__:
                    for slot in cls.__dict__.get("__slots__", ()):
                        if hasattr(obj, slot):
                            stack.append(getattr(obj, slot))
            except Exception:
                continue
    return out


def _secrets(objs: list[object], me: str, own: Preferences | None) -> list[str]:
    found = []
    own_table = utility_table(own) if own is not None else None
    for o in objs:
        if isinstance(o, Reference):
            found.append("the scenario's frontier (every party's utilities)")
        if isinstance(o, UtilityTable) and o is not own_table:
            found.append("another party's utility table")
        if isinstance(o, Event) and not o.visible_to(me):
            found.append(f"event {o.kind} for {o.to}")
        elif isinstance(o, Event) and o.kind == "report" and o.party != me:
            found.append(f"report of {o.party}")
        elif isinstance(o, Preferences) and o is not own and (own is None or o.utility is not own.utility):
            found.append("another party's preferences")
        elif isinstance(o, Scenario):
            found.append("the scenario")
    return found


class PrivateAttributeSpy(_Spy):
    """Reads every private attribute of its view (and what they hold)."""

    info = _info("spy-private")

    def look(self, view: View) -> list[str]:
        return _secrets(_walk(view), view.party, view.preferences)


class ModuleCacheSpy(_Spy):
    """Reads the globals of every loaded accord module (caches, registries)."""

    info = _info("spy-modules")

    def look(self, view: View) -> list[str]:
        roots = [vars(m) for name, m in list(sys.modules.items()) if name.startswith("accord") and m is not None]
        return _secrets(_walk(roots), view.party, view.preferences)


class InterpreterSpy(_Spy):
    """Walks the call stack and the garbage collector's objects: only a process boundary stops it."""

    info = _info("spy-interpreter")

    def look(self, view: View) -> list[str]:
        frame: Any = sys._getframe()
        roots: list[object] = []
        while frame is not None:
            roots.append(dict(frame.f_locals))
            frame = frame.f_back
        found = _secrets(_walk(roots, limit=50_000), view.party, view.preferences)
        found += _secrets(
            [o for o in gc.get_objects() if isinstance(o, Preferences | Scenario | Event | tuple)],
            view.party,
            view.preferences,
        )
        return found


class Tamperer(_Spy):
    """Tries to change the record, the reports and preferences through everything it receives."""

    info = _info("tamperer")

    def look(self, view: View) -> list[str]:
        done: list[str] = []

        def attempt(what: str, change: Any) -> None:
            try:
                change()
            except (AttributeError, TypeError, ValueError, IndexError):
                return
            done.append(what)

        prefs = view.preferences
        assert prefs is not None
        table = self.table
        attempt("own utility table", lambda: table.u_list.__setitem__(0, 1.0))  # type: ignore[attr-defined]
        attempt("own utility array", lambda: table.u.__setitem__(0, 1.0))
        attempt("weights", lambda: prefs.utility._tables[0].__setitem__(0, 1.0))  # type: ignore[attr-defined]
        attempt("reservation", lambda: setattr(prefs, "reservation", 0.0))
        attempt("history", lambda: view.history().__setitem__(0, None))  # type: ignore[operator]
        # its own copy of what it may see: clearing it changes nothing but its own view
        seen = getattr(view, "_seen", None)
        if seen is not None:
            for e in list(getattr(seen, "_events", [])):
                if e.kind == "offer" and e.party != view.party:
                    seen._events[seen._events.index(e)] = e._replace(outcome=0)
        for e in view.history():
            if isinstance(e.get("report"), PriorityReport | tuple):
                attempt("a report", lambda e=e: e.info.__setitem__(0, ("report", ())))  # type: ignore[attr-defined]
        self.changed.extend(done)
        return []


class Failing(_Spy):
    """Fails at its first turn (to show how an isolated strategy's failure comes back)."""

    info = _info("failing")

    def look(self, view: View) -> list[str]:
        raise StrategyError("failing on purpose")
