"""The protocols' rule for a missed move: what it records and what follows, protocol by protocol."""

from __future__ import annotations

from typing import Any

import pytest
from rich.console import Console
from test_protocol_rules import _consult, truthful

from accord.engine.events import Action
from accord.engine.protocols import get_protocol
from accord.engine.protocols.base import replay
from accord.engine.protocols.texts import RETABLED
from accord.engine.runner import Run
from accord.engine.transcript import render_transcript
from accord.errors import ActionRejected
from accord.model import Scenario


def kinds(events: Any) -> list[str]:
    return [str(e.kind) for e in events]


def test_saop_a_missed_turn_passes_and_the_offer_stays(two: Scenario) -> None:
    p = get_protocol("saop")
    s = p.start(two, {"n_rounds": 3})
    first, second = p.seats(s)
    with pytest.raises(ActionRejected, match="not due to act"):
        p.missed(s, second)
    s, _ = p.apply(s, Action.offer(first, 5))
    s, ev = p.missed(s, second)
    assert kinds(ev) == ["missed"] and ev[0].party == second
    # the offer stays on the table; its author is asked again and cannot accept its own offer
    assert s.offer == 5 and p.expected(s).parties == (first,)
    assert "accept" not in p.expected(s).kinds and p.view(s, first).standing == 5
    with pytest.raises(ActionRejected, match="its own offer"):
        p.apply(s, Action.accept(first))
    s, _ = p.apply(s, Action.offer(first, 5))
    s, ev = p.apply(s, Action.accept(second))
    assert kinds(ev) == ["accept", "agreement"] and p.agreement(s) == 5
    again, final = replay(two, list(p.log(s)))
    assert tuple(again.log(final)) == tuple(p.log(s))


def test_saop_missed_moves_run_out_the_clock(two: Scenario) -> None:
    p = get_protocol("saop")
    s = p.start(two, {"n_rounds": 2})
    for _ in range(4):
        s, ev = p.missed(s, p.expected(s).parties[0])
    assert kinds(ev) == ["missed", "timeout"] and p.is_over(s) and p.agreement(s) is None
    with pytest.raises(ActionRejected, match="over"):
        p.missed(s, "buyer")


def test_single_text_missed_answer_is_a_veto_and_a_missed_draft_retables(three: Scenario) -> None:
    p = get_protocol("single-text")
    s = p.start(three, {"n_rounds": 4, "stop_on_unanimity": False})
    s, ev = p.missed(s, "alpha")  # no report: the mediator goes without alpha's priorities
    assert kinds(ev) == ["missed"] and set(p.expected(s).parties) == {"beta", "gamma"}
    for party in ("beta", "gamma"):
        s, _ = p.apply(s, Action.report_priorities(party, truthful(three, party)))
    assert p.expected(s).parties == ("chair",) and [q for q, _ in p.view(s, "chair").reports] == ["beta", "gamma"]
    s, ev = p.missed(s, "chair")  # no text was ever tabled: the talks break off
    assert kinds(ev) == ["missed", "broken"] and p.is_over(s)

    s = p.start(three, {"n_rounds": 4, "elicit": False, "stop_on_unanimity": False})
    s, _ = p.apply(s, Action.propose("chair", 7))
    for party in ("alpha", "beta", "gamma"):
        s, _ = p.apply(s, Action.accept(party))
    assert s.standing == 7
    s, _ = p.apply(s, Action.propose("chair", 9))
    s, _ = p.apply(s, Action.accept("alpha"))
    s, ev = p.missed(s, "beta")
    assert kinds(ev) == ["missed", "veto"] and ev[1].party == "beta"
    s, _ = p.apply(s, Action.accept("gamma"))
    s, ev = p.missed(s, "chair")  # re-tables the standing text, not the last one
    assert kinds(ev) == ["missed", "text"] and ev[1].outcome == 7 and ev[1].note == RETABLED


def test_phased_missed_moves(three: Scenario) -> None:
    p = get_protocol("phased")
    s = p.start(three)
    s, ev = p.missed(s, "alpha")  # no opening statement today
    assert kinds(ev) == ["missed"] and "alpha" not in p.expected(s).parties
    space = three.space
    frame = space.index((1, 1, 1, 1))
    s = p.start(three)
    s = _consult(p, s, three, frame)
    s, ev = p.missed(s, "chair")  # the first group text: the group holds nothing yet, so the frame
    assert kinds(ev) == ["missed", "text"] and ev[1].group == "security" and ev[1].outcome == frame
    s, _ = p.apply(s, Action.propose("chair", space.index((1, 1, 2, 0)), group="economy"))
    s, _ = p.apply(s, Action.accept("alpha", group="security"))
    s, ev = p.missed(s, "beta")
    assert kinds(ev) == ["missed", "veto"] and ev[1].group == "security"
    again, final = replay(three, list(p.log(s)), complete=False)
    assert tuple(again.log(final)) == tuple(p.log(s)) and again.expected(final) == p.expected(s)


def test_missed_moves_in_the_transcript(two: Scenario) -> None:
    p = get_protocol("saop")
    s = p.start(two, {"n_rounds": 2})
    s, _ = p.apply(s, Action.offer("buyer", 3))
    while not p.is_over(s):
        s, _ = p.missed(s, p.expected(s).parties[0])
    run = Run(two, "saop", 0, {"buyer": "person", "seller": "person"}, tuple(p.log(s)), None, s)
    console = Console(record=True, width=140, color_system=None)
    console.print(render_transcript(run))
    text = console.export_text()
    assert "3 missed moves (the protocol's rule applied): round 1 seller; round 2 buyer; round 2 seller" in text
    assert text.count("missed") >= 4  # the summary and each row of the offers table
