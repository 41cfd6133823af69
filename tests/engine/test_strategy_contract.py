"""A contract every registered strategy keeps, in every protocol and seat it can take.

- it sees only its own preferences and what its seat may see (no reachable reference to
  another party's preferences, from its view or from the strategy itself);
- it is deterministic under a seed;
- it never proposes an invalid outcome (the protocol would reject it);
- it never offers, opens with, or accepts an outcome across its own red lines;
- it respects the deadline (the run ends within it).
"""

from __future__ import annotations

import pytest
from conformance import check_strategy, foreign

from accord.engine.events import EventKind
from accord.engine.protocols import get_protocol, protocol_names
from accord.engine.runner import simulate
from accord.engine.strategies import infos
from accord.model import Scenario


def contract_cases() -> list[tuple[str, str, str]]:
    cases = []
    for meta in infos():
        for protocol in sorted(meta.protocols):
            for role in sorted(meta.roles):
                cases.append((meta.name, protocol, role))
    return cases


@pytest.mark.parametrize(("name", "protocol", "role"), contract_cases())
def test_strategy_contract(three: Scenario, name: str, protocol: str, role: str) -> None:
    check_strategy(three, name, protocol, role, "chair" if role == "mediator" else "alpha")


def test_views_of_parties_hold_only_their_own_preferences(three: Scenario) -> None:
    for protocol in protocol_names():
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
