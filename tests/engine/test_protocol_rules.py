"""Every protocol enforces its rules: a bad action is rejected and changes nothing."""

from __future__ import annotations

from typing import Any

import pytest

from accord.engine.events import Action, ActionKind, PriorityReport
from accord.engine.protocols import get_protocol, protocol_names
from accord.engine.protocols.base import Protocol
from accord.errors import ActionRejected, ProtocolError
from accord.model import Scenario


def rejected(proto: Protocol[Any], state: Any, action: Action, match: str) -> None:
    before = len(proto.log(state))
    snapshot = tuple(proto.log(state))
    with pytest.raises(ActionRejected, match=match):
        proto.apply(state, action)
    assert len(proto.log(state)) == before
    assert tuple(proto.log(state)) == snapshot


def truthful(scenario: Scenario, party: str) -> PriorityReport:
    from accord.engine.strategies.base import additive_view

    w, v = additive_view(scenario.preferences(party))
    return PriorityReport(w, v, scenario.preferences(party).reservation)


def test_protocols_are_registered() -> None:
    assert protocol_names() == ["phased", "saop", "single-text"]
    with pytest.raises(ProtocolError, match="no protocol 'x'"):
        get_protocol("x")


# -- alternating offers -----------------------------------------------------------------
def test_saop_rejects_out_of_turn_unknown_and_invalid(two: Scenario) -> None:
    p = get_protocol("saop")
    s = p.start(two, {"n_rounds": 3})
    size = two.space.size
    rejected(p, s, Action.offer("seller", 0), "out of turn")
    rejected(p, s, Action.offer("nobody", 0), "not a party")
    rejected(p, s, Action.offer("buyer", size), "not an outcome index")
    rejected(p, s, Action.offer("buyer", -1), "not an outcome index")
    rejected(p, s, Action("buyer", ActionKind.OFFER, True), "not an outcome index")  # type: ignore[arg-type]
    rejected(p, s, Action("buyer", ActionKind.OFFER, 1.0), "not an outcome index")  # type: ignore[arg-type]
    rejected(p, s, Action.accept("buyer"), "no offer on the table")
    rejected(p, s, Action.veto("buyer"), "cannot 'veto'")
    s, events = p.apply(s, Action.offer("buyer", 5))
    assert [e.kind for e in events] == ["offer"]
    assert p.expected(s).parties == ("seller",)
    rejected(p, s, Action.offer("buyer", 5), "out of turn")


def test_saop_agreement_timeout_and_walkout(two: Scenario) -> None:
    p = get_protocol("saop")
    s = p.start(two, {"n_rounds": 2})
    s, _ = p.apply(s, Action.offer("buyer", 5))
    s, ev = p.apply(s, Action.accept("seller"))
    assert [e.kind for e in ev] == ["accept", "agreement"] and p.agreement(s) == 5 and p.is_over(s)
    rejected(p, s, Action.offer("buyer", 1), "over")
    assert p.expected(s).parties == ()

    s = p.start(two, {"n_rounds": 1})
    s, _ = p.apply(s, Action.offer("buyer", 5))
    s, ev = p.apply(s, Action.offer("seller", 6))
    assert [e.kind for e in ev] == ["offer", "timeout"] and p.agreement(s) is None and p.is_over(s)

    s = p.start(two, {"n_rounds": 4, "first": "seller"})
    assert p.expected(s).parties == ("seller",)
    s, ev = p.apply(s, Action.end("seller"))
    assert [e.kind for e in ev] == ["end", "broken"] and p.is_over(s)
    s = p.start(two, {"allow_end": False})
    rejected(p, s, Action.end("buyer"), "not allowed")
    assert p.expected(s).kinds == p.view(s, "buyer").kinds == {"offer"}
    with pytest.raises(ProtocolError, match="first="):
        p.start(two, {"first": "nobody"})
    with pytest.raises(ProtocolError, match="unknown SaopConfig"):
        p.start(two, {"rounds": 3})


def test_stacked_offers_need_every_other_party(three: Scenario) -> None:
    p = get_protocol("saop")
    s = p.start(three, {"n_rounds": 5})
    s, _ = p.apply(s, Action.offer("alpha", 7))
    s, ev = p.apply(s, Action.accept("beta"))
    assert [e.kind for e in ev] == ["accept"] and not p.is_over(s)
    s2, ev = p.apply(s, Action.accept("gamma"))
    assert [e.kind for e in ev] == ["accept", "agreement"] and p.agreement(s2) == 7
    # a counter-offer resets the acceptances
    s3, _ = p.apply(s, Action.offer("gamma", 8))
    s3, _ = p.apply(s3, Action.accept("alpha"))
    assert not p.is_over(s3)
    s3, ev = p.apply(s3, Action.accept("beta"))
    assert p.agreement(s3) == 8
    rejected(p, s, Action.offer("chair", 1), "not a party")


# -- single text ----------------------------------------------------------------------------
def test_single_text_rules(three: Scenario) -> None:
    p = get_protocol("single-text")
    s = p.start(three, {"n_rounds": 3})
    assert set(p.expected(s).parties) == {"alpha", "beta", "gamma"}
    rejected(p, s, Action.propose("chair", 1), "out of turn")
    rejected(p, s, Action.offer("alpha", 1), "cannot 'offer'")
    bad = PriorityReport((1.0,), ((1.0,),))
    rejected(p, s, Action.report_priorities("alpha", bad), "one weight")
    rejected(p, s, Action("alpha", ActionKind.REPORT), "needs a PriorityReport")
    for party in ("alpha", "beta", "gamma"):
        s, _ = p.apply(s, Action.report_priorities(party, truthful(three, party)))
    assert p.expected(s).parties == ("chair",)
    rejected(p, s, Action.propose("chair", three.space.size), "outside")
    rejected(p, s, Action.propose("chair", 3, group="security"), "expected one for the package")
    rejected(p, s, Action.conclude("chair"), "cannot 'conclude'")
    s, _ = p.apply(s, Action.propose("chair", 3))
    rejected(p, s, Action.critique("alpha", []), "at least one issue")
    rejected(p, s, Action.critique("alpha", [9]), "issues are 0..3")
    rejected(p, s, Action.accept("chair"), "out of turn")
    s, _ = p.apply(s, Action.critique("alpha", [0, 0, 1]))
    rejected(p, s, Action.accept("alpha"), "out of turn")
    s, _ = p.apply(s, Action.accept("beta"))
    s, ev = p.apply(s, Action.veto("gamma"))
    assert [e.kind for e in ev] == ["veto"]
    assert p.expected(s).parties == ("chair",)
    assert p.view(s, "chair").answers[0].issues == (0, 1)


def test_single_text_unanimity_ends_or_stands(three: Scenario) -> None:
    p = get_protocol("single-text")
    for stop in (True, False):
        s = p.start(three, {"n_rounds": 2, "elicit": False, "stop_on_unanimity": stop})
        s, _ = p.apply(s, Action.propose("chair", 10))
        for party in ("alpha", "beta", "gamma"):
            s, ev = p.apply(s, Action.accept(party))
        if stop:
            assert [e.kind for e in ev] == ["accept", "settled", "agreement"] and p.agreement(s) == 10
            continue
        assert [e.kind for e in ev] == ["accept", "settled"] and not p.is_over(s)
        assert p.expected(s).kinds == {"propose", "conclude"}
        s2, ev = p.apply(s, Action.conclude("chair"))
        assert p.agreement(s2) == 10 and [e.kind for e in ev] == ["conclude", "agreement"]
        # or the deadline: the last unanimously accepted text stands
        s, _ = p.apply(s, Action.propose("chair", 11))
        for party in ("alpha", "beta", "gamma"):
            s, ev = p.apply(s, Action.veto(party))
        assert [e.kind for e in ev] == ["veto", "timeout", "agreement"] and p.agreement(s) == 10


# -- phased talks -------------------------------------------------------------------------
def _consult(p: Protocol[Any], s: Any, scenario: Scenario, frame: int) -> Any:
    for party in ("alpha", "beta", "gamma"):
        s, _ = p.apply(s, Action.open(party, 0))
    for party in ("alpha", "beta", "gamma"):
        s, _ = p.apply(s, Action.report_priorities(party, truthful(scenario, party)))
    s, _ = p.apply(s, Action.propose("chair", frame))
    return s


def test_phased_rules(three: Scenario) -> None:
    p = get_protocol("phased")
    s = p.start(three)
    rejected(p, s, Action.report_priorities("alpha", truthful(three, "alpha")), "cannot 'report'")
    rejected(p, s, Action.open("alpha", three.space.size), "outside")
    rejected(p, s, Action.open("chair", 0), "out of turn")
    rejected(p, s, Action.open("zeta", 0), "no seat")
    space = three.space
    frame = space.index((1, 1, 1, 1))
    s = _consult(p, s, three, frame)
    exp = p.expected(s)
    assert exp.parties == ("chair",) and exp.group == "security"
    moved = space.index((0, 2, 0, 1))  # changes trade, not a security issue
    rejected(p, s, Action.propose("chair", moved, group="security"), "changes trade")
    rejected(p, s, Action.propose("chair", frame), "expected one for group 'security'")
    s, _ = p.apply(s, Action.propose("chair", space.index((0, 2, 1, 1)), group="security"))
    assert p.expected(s).group == "economy"
    s, _ = p.apply(s, Action.propose("chair", space.index((1, 1, 2, 0)), group="economy"))
    exp = p.expected(s)
    assert exp.group == "security" and set(exp.parties) == {"alpha", "beta", "gamma"}
    rejected(p, s, Action.accept("alpha", group="economy"), "answered for group 'economy'")
    for party in ("alpha", "beta", "gamma"):
        s, _ = p.apply(s, Action.accept(party, group="security"))
    exp = p.expected(s)
    assert exp.group == "economy" and exp.parties == ("beta", "gamma")
    rejected(p, s, Action.accept("alpha", group="economy"), "out of turn")


def test_phased_configuration_errors(three: Scenario) -> None:
    p = get_protocol("phased")
    with pytest.raises(ProtocolError, match="leaves no alignment round"):
        p.start(three, {"group_rounds": 5})
    with pytest.raises(ProtocolError, match="at least 2 rounds"):
        p.start(three, {"rounds_per_day": 1})
    with pytest.raises(ProtocolError, match="one group at a time"):
        p.start(three, {"group_rounds": 1, "parallel_groups": False})
    with pytest.raises(ProtocolError, match="negotiates in this scenario"):
        p.start(three, {"mediator": "alpha"})
    with pytest.raises(ProtocolError, match="group_rounds must be"):
        p.start(three, {"group_rounds": -1})
