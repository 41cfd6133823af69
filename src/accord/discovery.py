"""Finding what registers itself: the modules of a package, then an entry-point group.

Protocols, strategies and scenario formats each keep a registry that their modules fill
when imported. :class:`Discovery` imports every module of the built-in package once, and
loads the installed packages' entry points (``accord.protocols``, ``accord.strategies``,
``accord.formats``) again whenever ``sys.path`` has changed since it last looked.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
from collections.abc import Callable
from importlib.metadata import EntryPoint, entry_points

from accord.errors import AccordError

__all__ = ["Discovery"]


class Discovery:
    """``ensure()`` before reading a registry; ``found`` receives each loaded entry point's object."""

    def __init__(
        self, package: str, group: str, found: Callable[[EntryPoint, object], None], error: type[AccordError]
    ) -> None:
        self.package = package
        self.group = group
        self.found = found
        self.error = error
        self._scanned = False
        self._path: tuple[str, ...] | None = None

    def ensure(self) -> None:
        if not self._scanned:
            self._scanned = True
            package = importlib.import_module(self.package)
            for mod in pkgutil.iter_modules(package.__path__):
                if not mod.name.startswith("_"):
                    importlib.import_module(f"{self.package}.{mod.name}")
        path = tuple(sys.path)
        if path != self._path:
            self._path = path
            for ep in entry_points(group=self.group):
                try:
                    obj = ep.load()
                except Exception as e:
                    raise self.error(f"cannot load the {self.group} entry point {ep.name} = {ep.value}: {e}") from None
                self.found(ep, obj)

    def refresh(self) -> None:
        """Look at the entry points again (a package was installed while running)."""
        self._path = None
        self.ensure()
