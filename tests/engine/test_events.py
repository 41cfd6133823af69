"""Events, actions and the append-only log."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from accord.engine.events import (
    Action,
    ActionKind,
    Event,
    EventKind,
    Log,
    PriorityReport,
    event_from_dict,
    event_to_dict,
    read_events,
    write_events,
)
from accord.errors import ProtocolError


def test_log_append_shares_storage_and_keeps_old_logs_intact() -> None:
    a = Log([Event(EventKind.STARTED, 0)])
    b = a.append(Event(EventKind.OFFER, 0, "x", 3))
    c = b.append(Event(EventKind.ACCEPT, 0, "y", 3))
    assert (len(a), len(b), len(c)) == (1, 2, 3)
    assert b._items is c._items
    # extending an older log a second time branches: neither line sees the other's events
    d = b.append(Event(EventKind.END, 0, "y"))
    assert c[-1].kind == EventKind.ACCEPT and d[-1].kind == EventKind.END
    assert len(c) == len(d) == 3
    assert list(b) == list(c)[:2]


def test_log_equality_slicing_and_pickle() -> None:
    events = [Event(EventKind.STARTED, 0), Event(EventKind.OFFER, 0, "x", 1)]
    log = Log(events)
    assert log == Log(events).append(Event(EventKind.OFFER, 1, "y", 2))[:2] or log == Log(events)
    assert log[0:1] == (events[0],)
    assert log[-1] == events[1]
    with pytest.raises(IndexError):
        log[2]
    assert pickle.loads(pickle.dumps(log)) == log
    assert log.since(1) == [events[1]]


def test_event_dict_round_trip_keeps_nested_values() -> None:
    report = PriorityReport((0.5, 0.5), ((1.0, 0.0), (0.2, 0.8)), 0.3, ((0, 1),))
    e = Event(EventKind.REPORT, 2, "a", None, (("report", tuple(report)),), ("a", "m"))
    back = event_from_dict(event_to_dict(e))
    assert back == e
    assert back.report == report
    assert back.visible_to("m") and not back.visible_to("b")


def test_event_from_dict_rejects_bad_input() -> None:
    with pytest.raises(ProtocolError, match="JSON object"):
        event_from_dict([1, 2])
    with pytest.raises(ProtocolError, match="not a valid event"):
        event_from_dict({"kind": "no-such-kind", "round": 0})
    with pytest.raises(ProtocolError, match="outcome must be an integer"):
        event_from_dict({"kind": "offer", "round": 0, "outcome": "3"})


def test_write_and_read_jsonl(tmp_path: Path) -> None:
    events = [Event(EventKind.STARTED, 0, info=(("seed", 3),)), Event(EventKind.OFFER, 0, "a", 7)]
    p = tmp_path / "run.jsonl"
    write_events(p, events)
    assert read_events(p) == events
    p.write_text('{"kind": "offer", "round": 0}\nnot json\n')
    with pytest.raises(ProtocolError, match=r"run\.jsonl:2"):
        read_events(p)


def test_action_constructors() -> None:
    assert Action.offer("a", 3) == Action("a", ActionKind.OFFER, 3)
    assert Action.critique("a", [2, 1], group="g").issues == (2, 1)
    assert Action.propose("m", 5, group="g").group == "g"
    assert Action.report_priorities("a", PriorityReport((1.0,), ((1.0,),))).kind == ActionKind.REPORT
    assert {
        Action.accept("a").kind,
        Action.end("a").kind,
        Action.veto("a").kind,
        Action.conclude("m").kind,
        Action.open("a", 1).kind,
    } == {"accept", "end", "veto", "conclude", "open"}


def test_priority_report_dict_round_trip() -> None:
    r = PriorityReport((0.25, 0.75), ((0.0, 1.0), (1.0, 0.5)), 0.4, ((1, 0),))
    assert PriorityReport.from_dict(r.as_dict()) == r
    with pytest.raises(ProtocolError):
        PriorityReport.from_dict({"weights": [1.0]})
