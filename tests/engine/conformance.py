"""What every registered protocol, strategy and scenario format must do (the conformance checks).

Used by the tests over everything registered, and by the tests that add a protocol, a
strategy or a format from a module outside the package and check it the same way.

- a protocol: its log replays to the same state and survives the JSON round trip; at every
  step the action recorded is one ``expected`` allowed, an outsider, a seat out of turn and
  every kind not allowed are rejected and leave the state unchanged, and every seat's view
  holds only its own preferences and the events it may see; a finished run accepts nothing.
- a strategy, on every protocol it plays and in every role it takes: it sees only its own
  preferences, it is deterministic under a seed (and, if it says it is deterministic, under
  any seed), it keeps the deadline, and never offers, opens with or accepts across its own
  red lines.
- a format: a scenario it writes is detected as that format and read back to the same
  outcome space and the same utilities.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from accord.engine.events import Action, ActionKind, EventKind, event_from_dict, event_to_dict
from accord.engine.protocols.base import Protocol, action_of, get_protocol, replay, step
from accord.engine.runner import Run, simulate
from accord.engine.strategies import create
from accord.engine.strategies.contract import foreign, reachable
from accord.errors import ActionRejected
from accord.formats.detect import ScenarioFormat, format_of, import_any
from accord.model import Preferences, Scenario

__all__ = ["check_format", "check_protocol", "check_strategy", "foreign", "reachable"]


def _own(scenario: Scenario, seat: str) -> Preferences | None:
    return next((p.preferences for p in scenario.parties if p.id == seat), None)


def _rejected_unchanged(proto: Protocol[Any], state: Any, action: Action) -> None:
    before = tuple(proto.log(state))
    expected = proto.expected(state)
    with pytest.raises(ActionRejected):
        proto.apply(state, action)
    assert tuple(proto.log(state)) == before, f"{proto.name}: a rejected {action} changed the log"
    assert proto.expected(state) == expected, f"{proto.name}: a rejected {action} changed whose turn it is"


def _bad_actions(proto: Protocol[Any], state: Any) -> list[Action]:
    exp = proto.expected(state)
    bad = [Action("no-such-seat", ActionKind.ACCEPT)]
    for seat in proto.seats(state):
        if seat not in exp.parties:
            bad += [Action(seat, kind, 0, group=exp.group) for kind in sorted(exp.kinds)]
    for party in exp.parties:
        bad += [Action(party, str(kind), 0, group=exp.group) for kind in ActionKind if kind not in exp.kinds]
    return bad


def check_views(proto: Protocol[Any], state: Any, scenario: Scenario) -> None:
    exp = proto.expected(state)
    for seat in proto.seats(state):
        own = _own(scenario, seat)
        view = proto.view(state, seat)
        assert view.seat.id == seat
        assert view.preferences is own, f"{proto.name}: {seat}'s view holds preferences not its own"
        assert foreign(view, own, scenario) == [], f"{proto.name}: {seat}'s view reaches another party's preferences"
        assert all(e.visible_to(seat) for e in view.history())
        assert view.kinds == (exp.kinds if seat in exp.parties else frozenset())


def has_missed_rule(proto: Protocol[Any]) -> bool:
    """Whether ``proto`` defines its rule for a missed move."""
    return type(proto).on_missed is not Protocol.on_missed


def check_missed(proto: Protocol[Any], scenario: Scenario, events: Any, state: Any) -> None:
    """The missed-move rule at ``state`` (reached by ``events``): refused, state unchanged, for
    every seat not due to act; for each seat due, a ``missed`` event naming it, its
    consequences, and a log that replays (checked) to the same state."""
    exp = proto.expected(state)
    for seat in proto.seats(state):
        if seat not in exp.parties:
            before = tuple(proto.log(state))
            with pytest.raises(ActionRejected):
                proto.missed(state, seat)
            assert tuple(proto.log(state)) == before and proto.expected(state) == exp
    for seat in exp.parties:
        new, produced = proto.missed(state, seat)
        assert produced[0].kind == EventKind.MISSED and produced[0].party == seat
        assert tuple(proto.log(new)) == (*events, *produced)
        assert tuple(proto.log(state)) == tuple(events), f"{proto.name}: a missed move changed the earlier state"
        _, back = replay(scenario, [event_from_dict(event_to_dict(e)) for e in proto.log(new)], complete=False)
        assert tuple(proto.log(back)) == tuple(proto.log(new)) and proto.expected(back) == proto.expected(new)


def check_all_missed(proto: Protocol[Any], scenario: Scenario, config: Any, seed: int) -> Any:
    """A run in which every seat misses every move ends (the rules never wait for ever) and replays."""
    state = proto.start(scenario, config, seed)
    for _ in range(100_000):
        if proto.is_over(state):
            break
        state, produced = proto.missed(state, proto.expected(state).parties[0])
        assert produced and produced[0].kind == EventKind.MISSED
    assert proto.is_over(state) and proto.agreement(state) is None
    _, back = replay(scenario, list(proto.log(state)))
    assert tuple(proto.log(back)) == tuple(proto.log(state))
    return state


def check_protocol(proto: Protocol[Any], scenario: Scenario, *, seed: int = 0, **strategies: str) -> Run:
    """Play ``proto`` on ``scenario`` with the default strategies and check every step."""
    assert get_protocol(proto.name) is proto
    caps = proto.capabilities
    run = simulate(scenario, protocol=proto.name, strategies=strategies, seed=seed)
    events = run.events
    assert events[0].kind == EventKind.STARTED and events[0].protocol == proto.name
    assert [event_from_dict(event_to_dict(e)) for e in events] == list(events)
    again, final = replay(scenario, events)
    assert again is proto and tuple(proto.log(final)) == tuple(events)
    assert proto.agreement(final) == run.agreement

    config = proto.config_type.from_dict(events[0].config)
    state = proto.start(scenario, config, seed)
    i = len(proto.log(state))
    rule = has_missed_rule(proto)
    if rule:
        check_all_missed(proto, scenario, config, seed)
    else:  # a protocol without the rule refuses it, state unchanged
        with pytest.raises(ActionRejected, match="no rule for a missed move"):
            proto.missed(state, proto.expected(state).parties[0])
        assert len(proto.log(state)) == i
    every = max(1, (len(events) - i) // 12) if rule else len(events) + 1  # the rule at a dozen moments
    while i < len(events):
        e = events[i]
        exp = proto.expected(state)
        assert exp.kinds <= caps.action_kinds, f"{proto.name}: expects kinds it does not declare"
        assert e.party in exp.parties and action_of(e).kind in exp.kinds
        assert proto.turn(state) == exp.parties[0]
        check_views(proto, state, scenario)
        for bad in _bad_actions(proto, state):
            _rejected_unchanged(proto, state, bad)
        if i % every == 0:
            check_missed(proto, scenario, events[:i], state)
        state, produced = step(proto, state, e)
        assert produced and tuple(events[i : i + len(produced)]) == produced
        i += len(produced)
    assert proto.is_over(state) and proto.expected(state).parties == () and proto.turn(state) is None
    check_views(proto, state, scenario)
    for seat in proto.seats(state):
        _rejected_unchanged(proto, state, Action(seat, ActionKind.ACCEPT))
    if rule:
        check_missed(proto, scenario, events, state)
    return run


def check_strategy(scenario: Scenario, name: str, protocol: str, role: str, seat: str) -> None:
    """The strategy contract for ``name`` in ``seat`` (a seat of ``role``) under ``protocol``."""
    own = _own(scenario, seat)
    proto = get_protocol(protocol)
    agent = create(name)
    # the other seats play deterministic, truthful strategies, so that only this one's seed counts
    others = {"default_party": "linear", "default_mediator": "nash-seeking(explore=0)"}
    run = simulate(scenario, protocol=protocol, strategies={seat: agent}, seed=3, **others)
    assert foreign(agent, own, scenario) == [], f"{name} holds another party's preferences"
    assert foreign(proto.view(run.state, seat), own, scenario) == []

    # deterministic under a seed; under any seed if it says it uses no randomness
    again = simulate(scenario, protocol=protocol, strategies={seat: name}, seed=3, **others)
    assert again.events == run.events
    if agent.info.deterministic:
        other = simulate(scenario, protocol=protocol, strategies={seat: name}, seed=4, **others)
        assert other.events[1:] == run.events[1:], f"{name} says it is deterministic, but its seed changes its play"

    # the deadline: the protocol's last round is never passed
    assert max(e.round for e in run.events) < proto.view(run.state, seat).n_rounds

    # never across its own red lines, never below its no-deal value, never an invalid outcome
    if role == "party" and own is not None:
        red = own.red_line_masks()
        for e in run.events:
            if e.party == seat and e.kind in (EventKind.OFFER, EventKind.OPENING, EventKind.ACCEPT):
                assert e.outcome is not None and 0 <= e.outcome < scenario.space.size
                outcome = scenario.space.outcome(e.outcome)
                assert not any(mask[outcome[j]] for j, mask in red), (e, outcome)
                if e.kind != EventKind.ACCEPT or not e.group:  # a group text is judged on its issues
                    assert own(outcome) >= own.reservation - 1e-9, (e, own(outcome), own.reservation)

    # a mediator never tables a text across a red line a party declared to it
    if role == "mediator":
        declared = {pair for e in run.events if e.kind == EventKind.REPORT and e.report for pair in e.report[3]}
        for e in run.events:
            if e.kind == EventKind.TEXT and e.outcome is not None:
                digits = scenario.space.outcome(e.outcome)
                crossed = [(j, k) for j, k in declared if digits[j] == k]
                assert not crossed, (name, e, crossed)


def _utility_rows(scenario: Scenario) -> list[tuple[float, ...]]:
    outcomes = [scenario.space.outcome(i) for i in range(scenario.space.size)]
    rows = [tuple(round(float(p.preferences(o)), 4) for o in outcomes) for p in scenario.negotiators if p.preferences]
    return sorted(rows)


def check_format(fmt: ScenarioFormat, scenario: Scenario, where: Path) -> Scenario:
    """Write ``scenario`` in ``fmt`` at ``where``, detect it, read it back; the same space and utilities."""
    written = fmt.write(scenario, where)
    assert written and all(p.exists() for p in written)
    for path in {where, *written}:
        assert format_of(path) is fmt, f"{path} is not detected as {fmt.name}"
    back = import_any(where)
    assert back.format == fmt.name
    got = back.scenario
    assert got.space.radices == scenario.space.radices
    assert np.allclose(_utility_rows(got), _utility_rows(scenario), atol=1e-4)
    return got
