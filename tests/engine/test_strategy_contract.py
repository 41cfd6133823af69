"""A contract every registered strategy keeps, in every protocol and seat it can take.

- it sees only its own preferences and what its seat may see (no reachable reference to
  another party's preferences, from its view or from the strategy itself);
- it is deterministic under a seed;
- it never proposes an invalid outcome (the protocol would reject it);
- it never offers, opens with, or accepts an outcome across its own red lines;
- it respects the deadline (the run ends within it).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from types import FunctionType, MappingProxyType, MethodType, ModuleType
from typing import Any

import numpy as np
import pytest

from accord.engine.events import EventKind
from accord.engine.protocols import get_protocol
from accord.engine.runner import simulate
from accord.engine.strategies import create, infos
from accord.model import Preferences, Scenario, UtilityFunction

_ATOMS = (str, bytes, int, float, bool, type(None), complex, np.generic)
_OPAQUE = (type, ModuleType, FunctionType, MethodType, np.random.Generator, np.random.BitGenerator)


def reachable(root: object) -> Iterator[object]:
    """Every object reachable from ``root`` through attributes and container items."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        obj = stack.pop()
        if isinstance(obj, _ATOMS + _OPAQUE) or id(obj) in seen:
            continue
        seen.add(id(obj))
        yield obj
        if isinstance(obj, np.ndarray):
            if obj.base is not None:
                stack.append(obj.base)
            continue
        if isinstance(obj, dict | MappingProxyType):
            stack.extend(obj.keys())
            stack.extend(obj.values())
        elif isinstance(obj, list | tuple | set | frozenset):
            stack.extend(obj)
        else:
            if hasattr(obj, "__dict__"):
                stack.extend(vars(obj).values())
            for cls in type(obj).__mro__:
                for slot in getattr(cls, "__slots__", ()):
                    if hasattr(obj, slot):
                        stack.append(getattr(obj, slot))
            stack.extend(r for r in gc.get_referents(obj) if isinstance(r, list | tuple | dict))


def foreign(root: object, allowed: Preferences | None, scenario: Scenario) -> list[str]:
    """Preferences or utility functions of other seats reachable from ``root``."""
    others = {
        id(p.preferences): p.id for p in scenario.parties if p.preferences is not None and p.preferences is not allowed
    }
    others |= {
        id(p.preferences.utility): p.id
        for p in scenario.parties
        if p.preferences is not None
        and p.preferences is not allowed
        and (allowed is None or p.preferences.utility is not allowed.utility)
    }
    found = []
    for obj in reachable(root):
        if isinstance(obj, Preferences | UtilityFunction) and id(obj) in others:
            found.append(others[id(obj)])
    return found


def contract_cases() -> list[tuple[str, str, str]]:
    cases = []
    for meta in infos():
        for protocol in sorted(meta.protocols):
            for role in sorted(meta.roles):
                cases.append((meta.name, protocol, role))
    return cases


def _run(scenario: Scenario, name: str, protocol: str, role: str, seed: int) -> Any:
    strategies = {"chair": name} if role == "mediator" else {"alpha": name}
    config: dict[str, object] = {"n_rounds": 12} if protocol != "phased" else {"days": 2, "rounds_per_day": 5}
    return simulate(scenario, protocol=protocol, strategies=strategies, config=config, seed=seed)


@pytest.mark.parametrize(("name", "protocol", "role"), contract_cases())
def test_strategy_contract(three: Scenario, name: str, protocol: str, role: str) -> None:
    seat = "chair" if role == "mediator" else "alpha"
    own = three.party(seat).preferences
    proto = get_protocol(protocol)

    # information discipline: the view, and the strategy after a whole run
    config: dict[str, object] = {"n_rounds": 12} if protocol != "phased" else {"days": 2, "rounds_per_day": 5}
    state = proto.start(three, config, 0)
    view = proto.view(state, seat)
    assert view.preferences is own
    assert foreign(view, own, three) == []
    agent = create(name)
    run = simulate(three, protocol=protocol, strategies={seat: agent}, config=config, seed=3)
    assert foreign(agent, own, three) == []
    if role == "mediator":
        assert foreign(proto.view(run.state, seat), own, three) == []

    # deterministic under a seed
    again = simulate(three, protocol=protocol, strategies={seat: name}, config=config, seed=3)
    assert again.events == run.events

    # deadline: the protocol's last round is never passed
    n_rounds = proto.view(run.state, seat).n_rounds
    assert max(e.round for e in run.events) < n_rounds

    # never across its own red lines (alpha has one), never an invalid outcome
    if role == "party" and own is not None:
        red = own.red_line_masks()
        for e in run.events:
            if e.party == seat and e.kind in (EventKind.OFFER, EventKind.OPENING, EventKind.ACCEPT):
                assert e.outcome is not None and 0 <= e.outcome < three.space.size
                outcome = three.space.outcome(e.outcome)
                assert not any(mask[outcome[j]] for j, mask in red), (e, outcome)


def test_views_of_parties_hold_only_their_own_preferences(three: Scenario) -> None:
    for protocol in ("saop", "single-text", "phased"):
        proto = get_protocol(protocol)
        state = proto.start(three)
        for seat in proto.seats(state):
            own = three.party(seat).preferences
            assert foreign(proto.view(state, seat), own, three) == []


def test_the_reachability_check_finds_a_leak(three: Scenario) -> None:
    leaky = {"note": [three.preferences("beta")]}
    assert set(foreign(leaky, three.preferences("alpha"), three)) == {"beta"}
    assert foreign(three, three.preferences("alpha"), three)  # a scenario reaches everyone


def test_mediators_see_reports_not_preferences(three: Scenario) -> None:
    run = simulate(three, protocol="single-text", strategies={"chair": "nash-seeking"}, seed=1)
    view = get_protocol("single-text").view(run.state, "chair")
    assert {p for p, _ in view.reports} == {"alpha", "beta", "gamma"}
    party_view = get_protocol("single-text").view(run.state, "beta")
    assert party_view.reports == ()
    assert all(e.kind != EventKind.REPORT or e.party == "beta" for e in party_view.history())
