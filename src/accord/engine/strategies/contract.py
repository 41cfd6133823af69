"""The contract every strategy keeps, as a check anyone can run on their own strategy.

``check_strategy("mymod:Sprint(k=3)")`` plays the strategy in every protocol and seat its
metadata claims (a negotiating party with red lines, or the mediator) on a real scenario
and checks that

- **information**: it sees only its own preferences and what its seat may see: after a
  whole negotiation, no other party's preferences or utility function can be reached from
  the strategy object (through attributes and containers);
- **determinism**: the same seed gives the same negotiation, event for event;
- **valid actions**: the protocol accepts each of its actions (an invalid outcome, an
  action out of turn or an exception fails the run);
- **red lines**: it never offers, opens with or accepts an outcome across its own red lines;
- **no-deal value**: nor one worth less to it than its reservation value;
- **declared red lines** (a mediator): it never tables a text across a red line a party
  declared to it;
- **deadline**: the negotiation ends within the protocol's rounds.

``accord check-strategy SPEC`` prints the result; in a test suite,
``assert_strategy_contract(SPEC)`` raises an ``AssertionError`` naming every failed check.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from types import FunctionType, MappingProxyType, MethodType, ModuleType
from typing import Any

import numpy as np

from accord.engine.events import EventKind
from accord.engine.protocols import get_protocol
from accord.engine.strategies.registry import create, resolve
from accord.errors import AccordError
from accord.model import Preferences, Scenario, UtilityFunction

__all__ = ["Check", "ContractReport", "assert_strategy_contract", "check_strategy", "foreign", "reachable"]

DEFAULT_SCENARIO = "harbour-development"  # four parties (one with red lines), a mediator, working groups

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
    """The parties whose preferences or utility function can be reached from ``root`` (other than ``allowed``)."""
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


@dataclass(frozen=True)
class Check:
    """One clause of the contract, checked in one protocol and seat."""

    name: str
    protocol: str
    role: str
    passed: bool
    detail: str = ""


@dataclass(frozen=True)
class ContractReport:
    """Every check made of one strategy."""

    spec: str
    scenario: str
    checks: tuple[Check, ...]

    @property
    def ok(self) -> bool:
        return bool(self.checks) and all(c.passed for c in self.checks)

    @property
    def failures(self) -> tuple[Check, ...]:
        return tuple(c for c in self.checks if not c.passed)

    def to_dict(self) -> dict[str, Any]:
        return {
            "spec": self.spec,
            "scenario": self.scenario,
            "ok": self.ok,
            "checks": [vars(c) for c in self.checks],
        }


def _config(protocol: str, rounds: int) -> dict[str, object]:
    return {"days": 2, "rounds_per_day": max(1, rounds // 2)} if protocol == "phased" else {"n_rounds": rounds}


def _seat(scenario: Scenario, role: str) -> str | None:
    if role == "mediator":
        return scenario.mediator.id if scenario.mediator is not None else None
    parties = list(scenario.negotiators)
    with_red = [p for p in parties if p.preferences is not None and p.preferences.red_lines]
    return (with_red or parties)[0].id if parties else None


def _check_seat(spec: str, scenario: Scenario, protocol: str, role: str, seed: int, rounds: int) -> list[Check]:
    from accord.engine.runner import simulate

    seat = _seat(scenario, role)
    if seat is None:
        return [Check("runs", protocol, role, False, f"scenario {scenario.id!r} has no {role} seat")]
    own = scenario.party(seat).preferences
    config = _config(protocol, rounds)
    out: list[Check] = []

    def add(name: str, passed: bool, detail: str = "") -> None:
        out.append(Check(name, protocol, role, passed, detail))

    agent = create(spec)
    try:
        run = simulate(scenario, protocol=protocol, strategies={seat: agent}, config=config, seed=seed)
    except AccordError as e:
        add("valid actions", False, f"in seat {seat!r}: {e}")
        return out
    except Exception as e:
        add("valid actions", False, f"in seat {seat!r}: {type(e).__name__}: {e}")
        return out
    add("valid actions", True, f"{sum(ev.party == seat for ev in run.events)} actions in seat {seat!r}")
    leaked = sorted(set(foreign(agent, own, scenario)))
    add("information", not leaked, f"can reach the preferences of {', '.join(leaked)}" if leaked else "")
    try:
        again = simulate(scenario, protocol=protocol, strategies={seat: spec}, config=config, seed=seed).events
    except Exception as e:
        again = ()
        add("determinism", False, f"the same seed failed the second time: {type(e).__name__}: {e}")
    else:
        same = again == run.events
        first = next((i for i, (a, b) in enumerate(zip(run.events, again, strict=False)) if a != b), None)
        add("determinism", same, "" if same else f"runs with seed {seed} differ from event {first}")
    if agent.time_plan() is not None:  # played from its plan: the moves must record the same talks
        try:
            moved = simulate(
                scenario, protocol=protocol, strategies={seat: spec}, config=config, seed=seed, planned=False
            ).events
        except Exception as e:
            add("time plan", False, f"played move by move, it failed: {type(e).__name__}: {e}")
        else:
            first = next((i for i, (a, b) in enumerate(zip(run.events, moved, strict=False)) if a != b), None)
            same = moved == run.events
            add("time plan", same, "" if same else f"its time plan and its moves part at event {first}")
    n_rounds = get_protocol(protocol).view(run.state, seat).n_rounds
    last = max((e.round for e in run.events), default=0)
    add("deadline", last < n_rounds, "" if last < n_rounds else f"round {last} of {n_rounds}")
    if role == "party" and own is not None:
        red = own.red_line_masks()
        crossed = []
        for ev in run.events:
            if ev.party == seat and ev.kind in (EventKind.OFFER, EventKind.OPENING, EventKind.ACCEPT):
                if ev.outcome is None or not 0 <= ev.outcome < scenario.space.size:
                    continue
                outcome = scenario.space.outcome(ev.outcome)
                if any(mask[outcome[j]] for j, mask in red):
                    crossed.append(f"{ev.kind} in round {ev.round}")
        add("red lines", not crossed, "; ".join(crossed[:3]) if crossed else ("none to respect" if not red else ""))
        below = [
            f"{ev.kind} in round {ev.round}"
            for ev in run.events
            if ev.party == seat
            and ev.kind in (EventKind.OFFER, EventKind.OPENING, EventKind.ACCEPT)
            and not (ev.kind == EventKind.ACCEPT and ev.group)  # a group text is judged on its issues
            and ev.outcome is not None
            and 0 <= ev.outcome < scenario.space.size
            and own(scenario.space.outcome(ev.outcome)) < own.reservation - 1e-9
        ]
        add("no-deal value", not below, "; ".join(below[:3]))
    if role == "mediator":
        declared = {pair for ev in run.events if ev.kind == EventKind.REPORT and ev.report for pair in ev.report[3]}
        tabled = [
            f"text in round {ev.round}"
            for ev in run.events
            if ev.kind == EventKind.TEXT
            and ev.outcome is not None
            and any(scenario.space.outcome(ev.outcome)[j] == k for j, k in declared)
        ]
        add("declared red lines", not tabled, "; ".join(tabled[:3]))
    return out


def check_strategy(
    spec: str,
    *,
    scenario: Scenario | str | None = None,
    protocols: Sequence[str] | None = None,
    seed: int = 3,
    rounds: int = 12,
) -> ContractReport:
    """Check ``spec`` against the contract in every protocol and role it declares (see the module)."""
    from accord.formats import load_scenario

    s = (
        load_scenario(scenario if scenario is not None else DEFAULT_SCENARIO)
        if not isinstance(scenario, Scenario)
        else scenario
    )
    try:
        cls, params = resolve(spec)
        cls(**params)
    except AccordError as e:
        return ContractReport(spec, s.id, (Check("loads", "-", "-", False, str(e)),))
    info = cls.info
    chosen = sorted(info.protocols if protocols is None else set(protocols) & set(info.protocols))
    checks: list[Check] = [Check("loads", "-", "-", True, f"class {cls.__qualname__} ({info.kind})")]
    if not chosen:
        checks.append(Check("runs", "-", "-", False, "the strategy declares none of the protocols asked for"))
    for protocol in chosen:
        for role in sorted(info.roles):
            checks += _check_seat(spec, s, protocol, role, seed, rounds)
    return ContractReport(spec, s.id, tuple(checks))


def assert_strategy_contract(spec: str, **options: Any) -> ContractReport:
    """:func:`check_strategy` for a test suite: an ``AssertionError`` names every failed check."""
    report = check_strategy(spec, **options)
    if not report.ok:
        lines = [f"{c.protocol}/{c.role}: {c.name}: {c.detail}" for c in report.failures]
        raise AssertionError(f"strategy {spec!r} breaks the contract:\n" + "\n".join(lines))
    return report
