"""Finding what registers itself: the modules of a package, then an entry-point group.

Protocols, strategies and scenario formats each keep a registry that their modules fill
when imported. :class:`Discovery` imports every module of the built-in package once, and
loads the installed packages' entry points (``accord.protocols``, ``accord.strategies``,
``accord.formats``) again whenever ``sys.path`` has changed since it last looked.
"""

from __future__ import annotations

import importlib
import sys
import threading
from collections.abc import Callable, Mapping
from types import ModuleType
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from accord.errors import AccordError

if TYPE_CHECKING:
    from importlib.metadata import EntryPoint

__all__ = ["Discovery"]

T = TypeVar("T")

_GROUPS: set[str] = set()  # the entry-point group of every registry
_INSTALLED: tuple[tuple[str, ...], dict[str, tuple[EntryPoint, ...]]] | None = None  # per sys.path


def _entry_points(group: str, *, fresh: bool) -> tuple[EntryPoint, ...]:
    """The entry points of ``group``: one look at the installed packages serves every registry."""
    global _INSTALLED
    path = tuple(sys.path)
    if fresh or _INSTALLED is None or _INSTALLED[0] != path or group not in _INSTALLED[1]:
        from importlib.metadata import entry_points  # imported here: it costs every command's start-up

        installed = entry_points()
        _INSTALLED = (path, {g: tuple(installed.select(group=g)) for g in _GROUPS | {group}})
    return _INSTALLED[1][group]


class Discovery(Generic[T]):
    """``ensure()`` before reading a registry.

    An entry point may name a module (importing it registers what it defines), a subclass
    of ``base`` (registered as one instance, unless ``register`` is None: then the class
    must have registered itself, as strategy classes do), or an instance of ``base``.
    """

    def __init__(
        self,
        package: str,
        group: str,
        base: type[Any],
        table: Mapping[str, object],
        register: Callable[[T], object] | None,
        error: type[AccordError],
    ) -> None:
        self.package = package
        self.group = group
        _GROUPS.add(group)
        self.base = base
        self.table = table
        self.register = register
        self.error = error
        self._scanned = False
        self._path: tuple[str, ...] | None = None
        self._fresh = False  # look at the installed packages again, even on the same sys.path
        # threads (a service's seats, say) may ask at once: none may read a half-filled registry
        self._lock = threading.RLock()
        self._busy = False

    def ensure(self) -> None:
        if tuple(sys.path) == self._path:
            return
        with self._lock:
            if self._busy:  # a module being imported asks again: it sees what is registered so far
                return
            self._busy = True
            try:
                self._scan()
            finally:
                self._busy = False

    def _scan(self) -> None:
        if not self._scanned:
            import pkgutil

            package = importlib.import_module(self.package)
            for mod in pkgutil.iter_modules(package.__path__):
                if not mod.name.startswith("_"):
                    importlib.import_module(f"{self.package}.{mod.name}")
            self._scanned = True
        path = tuple(sys.path)
        if path != self._path:
            for ep in _entry_points(self.group, fresh=self._fresh):
                try:
                    obj = ep.load()
                except Exception as e:
                    raise self.error(f"cannot load the {self.group} entry point {ep.name} = {ep.value}: {e}") from None
                self._found(ep, obj)
            self._path = path
            self._fresh = False

    def _found(self, ep: EntryPoint, obj: object) -> None:
        if isinstance(obj, ModuleType):
            return
        if isinstance(obj, type) and issubclass(obj, self.base):
            if self.register is None:
                if obj in self.table.values():
                    return
            else:
                if type(self.table.get(getattr(obj, "name", ""))) is not obj:
                    self.register(obj())
                return
        elif isinstance(obj, self.base) and self.register is not None:
            self.register(obj)
            return
        what = f"the {self.group} entry point {ep.name} = {ep.value}"
        raise self.error(f"{what} names no registered {self.base.__name__}")

    def refresh(self) -> None:
        """Look at the entry points again (a package was installed while running)."""
        self._path = None
        self._fresh = True
        self.ensure()
