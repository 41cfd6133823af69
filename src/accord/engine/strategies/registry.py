"""The strategy registry: each strategy class registers itself where it is defined.

``@register(name=..., kind=..., description=..., roles=..., protocols=..., aliases=...)``
on a :class:`~accord.engine.strategies.base.Strategy` subclass records its metadata;
``create("boulware(eps=0.01)")`` builds one from a ``NAME(k=v,...)`` string (an alias
fixes some parameters: ``boulware`` is ``time-based(e=0.25)``); ``names()`` and ``infos()``
list what is registered, filtered by role or protocol.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Mapping
from functools import lru_cache
from typing import Any, TypeVar

from accord.engine.strategies.base import ParamValue, Strategy, StrategyInfo
from accord.engine.strategies.spec import parse_spec
from accord.errors import StrategyError

__all__ = ["ALL_PROTOCOLS", "create", "info", "infos", "names", "register", "resolve"]

ALL_PROTOCOLS = frozenset({"saop", "single-text", "phased"})

_CLASSES: dict[str, type[Strategy]] = {}
_ALIASES: dict[str, tuple[str, dict[str, ParamValue]]] = {}

_BUILTIN_MODULES = (
    "time_based",
    "hardliner",
    "random",
    "tit_for_tat",
    "opponent_model",
    "mediators",
)

T = TypeVar("T", bound=type[Strategy])


def register(
    *,
    name: str,
    kind: str,
    description: str,
    roles: Iterable[str] = ("party",),
    protocols: Iterable[str] = ALL_PROTOCOLS,
    aliases: Mapping[str, Mapping[str, ParamValue]] | None = None,
    deterministic: bool = True,
) -> Callable[[T], T]:
    """Class decorator: record a strategy (and its aliases) under ``name``."""

    def decorate(cls: T) -> T:
        if name in _CLASSES or name in _ALIASES:
            raise StrategyError(f"a strategy named {name!r} is already registered")
        meta = StrategyInfo(
            name=name,
            kind=kind,
            description=description,
            params=tuple(cls.params),
            roles=frozenset(roles),
            protocols=frozenset(protocols),
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


_loaded: list[bool] = []


def _load_builtins() -> None:
    if _loaded:
        return
    for mod in _BUILTIN_MODULES:
        importlib.import_module(f"accord.engine.strategies.{mod}")
    _loaded.append(True)


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
        raise StrategyError(f"no strategy {name!r}; strategies are {', '.join(known)}")
    merged = {**fixed, **params}
    for k in merged:
        cls.info.param(k)
    return cls, tuple(merged.items())


def resolve(spec: str) -> tuple[type[Strategy], dict[str, Any]]:
    """The class and parameters a ``NAME(k=v,...)`` string names."""
    _load_builtins()
    cls, params = _resolve_cached(spec)
    return cls, dict(params)


def create(spec: str | Strategy) -> Strategy:
    """A new strategy from a ``NAME(k=v,...)`` string (a Strategy is returned as is)."""
    if isinstance(spec, Strategy):
        return spec
    cls, params = resolve(spec)
    return cls(**params)
