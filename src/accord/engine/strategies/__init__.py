"""Strategies: the agents that act for a seat, each one class registered where it is defined.

``create("boulware")`` / ``create("time-based(e=0.5, ac='next|time(t=0.98)')")`` builds
one; ``names()`` / ``infos()`` list the registered ones with their metadata.
"""

from accord.engine.strategies.acceptance import Acceptance, parse_acceptance
from accord.engine.strategies.base import MediatorStrategy, Param, PartyStrategy, Strategy, StrategyInfo
from accord.engine.strategies.registry import create, info, infos, names, register, resolve

__all__ = [
    "Acceptance",
    "MediatorStrategy",
    "Param",
    "PartyStrategy",
    "Strategy",
    "StrategyInfo",
    "create",
    "info",
    "infos",
    "names",
    "parse_acceptance",
    "register",
    "resolve",
]
