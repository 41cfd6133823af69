"""The strategy registry: each strategy class registers itself where it is defined.

``@register(name=..., kind=..., description=..., roles=..., needs=..., aliases=...)``
on a :class:`~accord.engine.strategies.base.Strategy` subclass records its metadata
(``needs``: the protocol capabilities it relies on, see
:meth:`~accord.engine.protocols.base.Capabilities.provides`; it plays every protocol that
offers them). The strategies are found by importing every module of this package and the
modules or classes named in the ``accord.strategies`` entry-point group;
``create("boulware(eps=0.01)")`` builds one from a ``NAME(k=v,...)`` string (an alias
fixes some parameters: ``boulware`` is ``time-based(e=0.25)``); ``names()`` and ``infos()``
list what is registered, filtered by role or protocol.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from functools import lru_cache
from typing import Any, TypeVar

from accord.discovery import Discovery
from accord.engine.strategies import plugins
from accord.engine.strategies.base import ParamValue, Strategy, StrategyInfo
from accord.engine.strategies.spec import parse_spec
from accord.errors import StrategyError

__all__ = ["ENTRY_POINTS", "create", "discover", "info", "infos", "names", "register", "resolve"]

ENTRY_POINTS = "accord.strategies"
"""The entry-point group an installed package names its strategies in (a module, or ``module:Class``)."""

_CLASSES: dict[str, type[Strategy]] = {}
_ALIASES: dict[str, tuple[str, dict[str, ParamValue]]] = {}

T = TypeVar("T", bound=type[Strategy])


def register(
    *,
    name: str,
    kind: str,
    description: str,
    roles: Iterable[str] = ("party",),
    needs: Iterable[str] = (),
    aliases: Mapping[str, Mapping[str, ParamValue]] | None = None,
    deterministic: bool = True,
) -> Callable[[T], T]:
    """Class decorator: record a strategy (and its aliases) under ``name``."""

    def decorate(cls: T) -> T:
        if _CLASSES.get(name) is cls:  # the same class found twice (a package scan and an entry point)
            return cls
        if name in _CLASSES or name in _ALIASES:
            raise StrategyError(f"a strategy named {name!r} is already registered")
        meta = StrategyInfo(
            name=name,
            kind=kind,
            description=description,
            params=tuple(cls.params),
            roles=frozenset(roles),
            needs=frozenset(str(n) for n in needs),
            aliases={k: dict(v) for k, v in (aliases or {}).items()},
            deterministic=deterministic,
        )
        for p in (aliases or {}).values():
            for k in p:
                meta.param(k)
        cls.info = meta
        _CLASSES[name] = cls
        for alias, fixed in (aliases or {}).items():
            if alias in _CLASSES or alias in _ALIASES:
                raise StrategyError(f"a strategy named {alias!r} is already registered")
            _ALIASES[alias] = (name, dict(fixed))
        _resolve_cached.cache_clear()
        return cls

    return decorate


_DISCOVERY: Discovery[Strategy] = Discovery(
    "accord.engine.strategies", ENTRY_POINTS, Strategy, _CLASSES, None, StrategyError
)


def discover() -> None:
    """Find the strategies: this package's modules, then the ``accord.strategies`` entry
    points (a module, or a class registered with :func:`register`). Safe to call again."""
    _DISCOVERY.refresh()


def _load_builtins() -> None:
    _DISCOVERY.ensure()


def infos(*, role: str | None = None, protocol: str | None = None) -> list[StrategyInfo]:
    """Metadata of every registered strategy (optionally only those for a role / protocol)."""
    _load_builtins()
    out = [c.info for c in _CLASSES.values()]
    if role is not None:
        out = [i for i in out if role in i.roles]
    if protocol is not None:
        out = [i for i in out if protocol in i.protocols]
    return sorted(out, key=lambda i: i.name)


def names(*, role: str | None = None, protocol: str | None = None, aliases: bool = False) -> list[str]:
    """Registered strategy names (with their aliases, if asked)."""
    found = [i.name for i in infos(role=role, protocol=protocol)]
    if aliases:
        found += [a for a, (target, _) in _ALIASES.items() if target in found]
    return sorted(found)


def info(name: str) -> StrategyInfo:
    cls, _ = resolve(name)
    return cls.info


@lru_cache(maxsize=512)
def _resolve_cached(spec: str) -> tuple[type[Strategy], tuple[tuple[str, Any], ...]]:
    if plugins.is_class_spec(spec):  # module:Class or path/file.py:Class
        target, args = plugins.split_class_spec(spec)
        user = plugins.load_class(target)
        _, given = parse_spec(f"x({args})") if args else ("x", {})
        if not getattr(user, "any_params", False):  # a NegMAS negotiator takes its constructor's
            for k in given:
                user.info.param(k)
        return user, tuple(given.items())
    name, params = parse_spec(spec)
    fixed: dict[str, ParamValue] = {}
    if name in _ALIASES:
        target, fixed = _ALIASES[name]
        for k in params:
            if k in fixed:
                raise StrategyError(f"{name!r} fixes {k}={fixed[k]}; use {target!r} to set it")
        name = target
    cls = _CLASSES.get(name)
    if cls is None:
        known = sorted(set(_CLASSES) | set(_ALIASES))
        raise StrategyError(
            f"no strategy {name!r}; strategies are {', '.join(known)} "
            "(or name a class: module:Class, path/file.py:Class)"
        )
    merged = {**fixed, **params}
    for k in merged:
        cls.info.param(k)
    return cls, tuple(merged.items())


def resolve(spec: str) -> tuple[type[Strategy], dict[str, Any]]:
    """The class and parameters a ``NAME(k=v,...)`` (or ``module:Class(k=v,...)``) string names."""
    _load_builtins()
    cls, params = _resolve_cached(spec)
    return cls, dict(params)


def create(spec: str | Strategy) -> Strategy:
    """A new strategy from a ``NAME(k=v,...)`` string (a Strategy is returned as is)."""
    if isinstance(spec, Strategy):
        return spec
    cls, params = resolve(spec)
    return cls(**params)
