"""Strategies from user code: ``module:Class`` and ``path/to/file.py:Class`` specs.

Wherever a strategy name is accepted, a spec may also name a class directly::

    mymodule:Sprint                 a class in an importable module
    mymodule:Sprint(k=3)            ... with parameters, as for registered names
    strategies/sprint.py:Sprint     a class in a Python file (relative to the current folder)

A module that is not importable but sits in the current folder (``mymodule.py``) is found
there, so ``accord run -s mymodule:Sprint`` works from the folder holding the file. A file is
imported once per process, under a name derived from its absolute path; worker processes
and Dask workers import it again from the same spec, so the spec must name the file by a
path the workers can read (tournament files make relative paths absolute).

The class must subclass :class:`~accord.engine.strategies.base.Strategy`. If it was not
registered with ``@register``, it gets metadata from the class itself: its docstring's first
line as description, the party role (the mediator's, for a
:class:`~accord.engine.strategies.base.MediatorStrategy`), and every protocol offering the
capabilities a class attribute ``needs`` names (``needs = ("offer",)``: alternating offers).

A NegMAS SAO negotiator class (``negmas:BoulwareTBNegotiator``,
``negmas_genius_agents:HardHeaded``) is wrapped by :mod:`accord.engine.strategies.negmas_bridge`.
Installed packages make registered strategies known by name through the entry-point group
``accord.strategies`` (see :mod:`accord.engine.strategies.registry`).
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
import re
import sys
import traceback
from pathlib import Path
from types import ModuleType
from typing import Any

from accord.engine.strategies.base import MediatorStrategy, Strategy, StrategyInfo
from accord.errors import StrategyError

__all__ = [
    "absolute_spec",
    "describe",
    "is_class_spec",
    "load_class",
    "split_class_spec",
]

_CLASS_SPEC = re.compile(
    r"^\s*(?P<target>[^()\s][^()]*?:[A-Za-z_][A-Za-z0-9_]*)\s*(?:\((?P<args>.*)\))?\s*$", re.DOTALL
)
_MODULE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$")

_CLASSES: dict[str, type[Strategy]] = {}  # target -> class, per process


def is_class_spec(spec: str) -> bool:
    """Whether ``spec`` names a class (``module:Class`` or ``file.py:Class``) rather than a registered name."""
    return isinstance(spec, str) and _CLASS_SPEC.match(spec) is not None


def split_class_spec(spec: str) -> tuple[str, str]:
    """``"mod:Cls(k=3)"`` -> ``("mod:Cls", "k=3")``."""
    m = _CLASS_SPEC.match(spec)
    if m is None:
        raise StrategyError(f"cannot read {spec!r}: expected module:Class or path/file.py:Class, with (k=v, ...)")
    return m.group("target").strip(), (m.group("args") or "").strip()


def _is_file(where: str) -> bool:
    return where.endswith(".py") or "/" in where or "\\" in where


def absolute_spec(spec: str, base: Path) -> str:
    """``spec`` with a relative ``file.py`` path made absolute against ``base`` (if the file is there)."""
    if not is_class_spec(spec):
        return spec
    target, args = split_class_spec(spec)
    where, _, name = target.rpartition(":")
    if not _is_file(where) or Path(where).is_absolute():
        return spec
    candidate = (base / where).resolve()
    if not candidate.is_file():
        return spec
    return f"{candidate}:{name}" + (f"({args})" if args else "")


def _user_error(what: str, error: BaseException) -> StrategyError:
    """A StrategyError saying where in the user's code ``error`` happened."""
    frames = traceback.extract_tb(error.__traceback__)
    user = [f for f in frames if "importlib" not in f.filename]
    place = f" ({user[-1].filename}, line {user[-1].lineno})" if user else ""
    if isinstance(error, SyntaxError) and error.filename:
        place = f" ({error.filename}, line {error.lineno})"
    return StrategyError(f"{what}: {type(error).__name__}: {error}{place}")


def _import_file(path: Path, target: str) -> ModuleType:
    if not path.is_file():
        raise StrategyError(f"strategy {target!r}: no file {str(path)!r}")
    full = path.resolve()
    digest = hashlib.blake2b(str(full).encode(), digest_size=6).hexdigest()
    name = "accord_user_" + re.sub(r"\W", "_", full.stem) + "_" + digest
    loaded = sys.modules.get(name)
    if loaded is not None:
        return loaded
    spec = importlib.util.spec_from_file_location(name, full)
    if spec is None or spec.loader is None:
        raise StrategyError(f"strategy {target!r}: cannot import {str(full)!r} as Python")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except StrategyError:
        del sys.modules[name]
        raise
    except Exception as e:
        del sys.modules[name]
        raise _user_error(f"strategy {target!r}: importing {full} failed", e) from None
    return module


def _import_module(where: str, target: str) -> ModuleType:
    if where == "__main__":
        raise StrategyError(
            f"strategy {target!r}: a class defined in the script being run cannot be named by a spec "
            "(worker processes do not run that script); put it in a file and name it path/file.py:Class"
        )
    if not _MODULE.match(where):
        raise StrategyError(f"strategy {target!r}: {where!r} is not a module name (expected package.module)")
    for attempt in (0, 1):
        try:
            return importlib.import_module(where)
        except ModuleNotFoundError as e:
            missing = e.name or ""
            if not (where == missing or where.startswith(missing + ".")):
                raise _user_error(f"strategy {target!r}: importing {where} failed", e) from None
            top = where.split(".")[0]
            here = Path.cwd()
            local = (here / f"{top}.py").is_file() or (here / top / "__init__.py").is_file()
            if attempt == 0 and local and str(here) not in sys.path:
                sys.path.insert(0, str(here))
                importlib.invalidate_caches()
                continue
            hint = " (the NegMAS bridge: pip install -e '.[negmas]')" if top.startswith("negmas") else ""
            raise StrategyError(
                f"strategy {target!r}: no module {missing!r} (not installed, and no {top}.py in {here}){hint}"
            ) from None
        except StrategyError:
            raise
        except Exception as e:
            raise _user_error(f"strategy {target!r}: importing {where} failed", e) from None
    raise AssertionError("unreachable")  # pragma: no cover


def describe(cls: type[Strategy], name: str, *, kind: str = "user") -> StrategyInfo:
    """Metadata for an unregistered strategy class, read from the class itself.

    ``needs`` (a class attribute) names the protocol capabilities it relies on, as
    ``@register(needs=...)`` does (``("offer",)``: alternating offers); a mediator needs a
    mediated protocol.
    """
    from accord.engine.protocols.base import Feature

    mediator = issubclass(cls, MediatorStrategy)
    needs: Any = cls.__dict__.get("needs", (Feature.MEDIATED,) if mediator else ())
    doc = (cls.__doc__ or "").strip().splitlines()
    return StrategyInfo(
        name=name,
        kind=kind,
        description=doc[0] if doc else f"{cls.__module__}.{cls.__qualname__}",
        params=tuple(cls.params),
        roles=frozenset({"mediator"} if mediator else {"party"}),
        needs=frozenset(str(n) for n in needs),
        deterministic=bool(cls.__dict__.get("deterministic", True)),
    )


def _checked(obj: object, target: str) -> type[Strategy]:
    if not isinstance(obj, type) or not issubclass(obj, Strategy):
        raise StrategyError(
            f"strategy {target!r}: {obj!r} is not a strategy class "
            "(subclass accord.engine.strategies.PartyStrategy or MediatorStrategy)"
        )
    for p in obj.params:
        hidden = getattr(Strategy, p.name, None) or getattr(obj, p.name, None)
        if callable(hidden) or isinstance(hidden, property):
            raise StrategyError(
                f"strategy {target!r}: parameter {p.name!r} would hide the method {p.name!r} of the class; rename it"
            )
    if getattr(obj, "__abstractmethods__", None):
        missing = ", ".join(sorted(obj.__abstractmethods__))
        raise StrategyError(f"strategy {target!r}: the class does not implement {missing}")
    return obj


def _from_negmas(obj: object) -> bool:
    if not isinstance(obj, type) or not any(c.__module__.startswith("negmas") for c in obj.__mro__):
        return False
    from accord.engine.strategies.negmas_bridge import is_negmas_negotiator

    return is_negmas_negotiator(obj)


def load_class(target: str) -> type[Strategy]:
    """The strategy class ``target`` (``module:Class`` or ``file.py:Class``) names, imported once."""
    found = _CLASSES.get(target)
    if found is not None:
        return found
    where, _, name = target.rpartition(":")
    module = _import_file(Path(where), target) if _is_file(where) else _import_module(where, target)
    if not hasattr(module, name):
        public = sorted(
            k
            for k, v in vars(module).items()
            if isinstance(v, type) and issubclass(v, Strategy) and v.__module__ == module.__name__
        )
        raise StrategyError(
            f"strategy {target!r}: the {'file' if _is_file(where) else 'module'} has no class {name!r}"
            + (f"; its strategy classes: {', '.join(public)}" if public else "")
        )
    obj = getattr(module, name)
    if _from_negmas(obj):
        from accord.engine.strategies.negmas_bridge import wrap_negotiator

        _CLASSES[target] = wrap_negotiator(obj, target)
        return _CLASSES[target]
    cls = _checked(obj, target)
    if "info" not in cls.__dict__:
        cls.info = describe(cls, target)
    _CLASSES[target] = cls
    return cls
