"""A contract every registered strategy keeps, in every protocol and seat it can take.

- it sees only its own preferences and what its seat may see (no reachable reference to
  another party's preferences, from its view or from the strategy itself);
- it is deterministic under a seed;
- it never proposes an invalid outcome (the protocol would reject it);
- it never offers, opens with, or accepts an outcome across its own red lines or below its
  no-deal value, and agrees to nothing when no package is acceptable to it;
- a mediator never tables a text across a red line a party declared to it;
- it respects the deadline (the run ends within it).
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from conformance import check_strategy, foreign

from accord.engine.events import EventKind
from accord.engine.protocols import get_protocol, protocol_names
from accord.engine.runner import simulate
from accord.engine.strategies import infos
from accord.model import Preferences, Scenario


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


def _replace_prefs(three: Scenario, prefs: Preferences) -> Scenario:
    """``three`` with alpha's preferences replaced."""
    return three.with_parties([replace(p, preferences=prefs) if p.id == "alpha" else p for p in three.parties])


@pytest.mark.parametrize(
    ("party", "protocol"), [(m.name, p) for m in infos() if "party" in m.roles for p in sorted(m.protocols)]
)
@pytest.mark.parametrize("case", ["reservation", "red-lines"])
def test_no_agreement_when_nothing_is_acceptable_to_a_party(
    three: Scenario, party: str, protocol: str, case: str
) -> None:
    """A party whose no-deal value beats every package, or whose red lines cover every option
    of an issue, offers nothing below its no-deal value and never agrees."""
    issue = three.space.issues[0]
    if case == "reservation":
        # alpha's favourite option on the first issue is ruled out, so its best package is
        # worth less than 1; its no-deal value is set just above that.
        alpha = three.preferences("alpha")
        top = max(three.space.all(), key=lambda o: alpha(o))
        reds = {**alpha.red_lines, issue.name: frozenset({issue.values()[top[0]]})}
        capped = _replace_prefs(three, replace(alpha, red_lines=reds))
        capped_alpha = capped.preferences("alpha")
        best = max(capped_alpha(o) for o in three.space.all() if not capped_alpha.crosses_red_line(o)[0])
        assert best < 0.99
        scenario = _replace_prefs(three, replace(capped_alpha, reservation=best + 0.01))
    else:
        scenario = _replace_prefs(
            three, replace(three.preferences("alpha"), red_lines={issue.name: frozenset(issue.values())})
        )
    config: dict[str, object] = {"n_rounds": 12} if protocol != "phased" else {"days": 2, "rounds_per_day": 5}
    for seed in (0, 1):
        run = simulate(scenario, protocol=protocol, strategies={"alpha": party}, config=config, seed=seed)
        assert run.agreement is None, (party, protocol, case, seed)
        for e in run.events:
            if e.party == "alpha" and e.kind in (EventKind.OFFER, EventKind.ACCEPT):
                assert not e.get("group")
                raise AssertionError(f"alpha {e.kind} {e.outcome} with no acceptable package")
        assert all(e.kind != EventKind.SETTLED or e.get("group") for e in run.events)
