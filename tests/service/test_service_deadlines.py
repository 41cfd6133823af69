"""Deadlines per move (the protocol's missed-move rule, applied by the server) and the limit on
sessions per organiser, on SQLite and PostgreSQL."""

from __future__ import annotations

import time
from typing import Any

import httpx
from fastapi.testclient import TestClient
from service_servers import serving

from accord import scenarios
from accord.client import create_session
from accord.engine.protocols.base import replay
from accord.service.app import create_app
from accord.service.store import Store


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def stored(db: str, sid: str | None = None) -> tuple[list[Any], list[Any]]:
    """The session's stored events, and every session row."""
    store = Store(db)
    try:
        return (store.events(sid) if sid else []), store.sessions()
    finally:
        store.close()


def summary(c: TestClient, sid: str, token: str) -> dict[str, Any]:
    r = c.get(f"/api/sessions/{sid}", headers=bearer(token))
    assert r.status_code == 200, r.text
    return dict(r.json())


def test_a_late_seat_misses_its_move_and_its_late_action_is_refused(db: str) -> None:
    move = 0.6
    with TestClient(create_app(db)) as c:
        body = {"scenario": "abu-dhabi-2026", "protocol": "saop", "config": {"n_rounds": 4}, "move_seconds": move}
        r = c.post("/api/sessions", json=body)
        assert r.status_code == 201, r.text
        doc = r.json()
        sid, org, seats = doc["id"], doc["organiser"], doc["seats"]
        s0 = summary(c, sid, org)
        first, length = s0["turn"], s0["length"]
        t0 = time.monotonic()
        # an invalid action in time: today's clear 4xx, nothing stored
        bad = c.post(
            f"/api/sessions/{sid}/actions", json={"kind": "offer", "outcome": 10**9}, headers=bearer(seats[first])
        )
        assert bad.status_code == 422 and "not an outcome index" in bad.json()["detail"]
        s1 = summary(c, sid, org)
        if time.monotonic() - t0 < move:  # not late yet: no rule applied
            assert s1["length"] == length and s1["turn"] == first
        time.sleep(move + 0.2)
        s2 = summary(c, sid, org)  # the first request after the deadline applies the rule
        assert s2["length"] == length + 1 and s2["turn"] not in (first, None)
        second = s2["turn"]
        seen = c.get(f"/api/sessions/{sid}/events", params={"since": length}, headers=bearer(doc["observer"])).json()
        assert [(e["kind"], e["party"]) for e in seen] == [("missed", first)]
        late = c.post(
            f"/api/sessions/{sid}/actions", json={"kind": "offer", "outcome": 3}, headers=bearer(seats[first])
        )
        assert late.status_code == 409, late.text
        assert "late" in late.json()["detail"] and f"{move:g} s" in late.json()["detail"]
        assert summary(c, sid, org)["length"] == length + 1  # nothing stored
        ok = c.post(f"/api/sessions/{sid}/actions", json={"kind": "offer", "outcome": 3}, headers=bearer(seats[second]))
        assert ok.status_code == 200, ok.text
    # the stored log replays (checked), missed move included; a fresh server rebuilds it
    events, _ = stored(db, sid)
    proto, state = replay(scenarios.get("abu-dhabi-2026"), events, complete=False)
    assert [e.kind for e in events[length:]] == ["missed", "offer"]
    assert proto.turn(state) == first and "accept" in proto.expected(state).kinds  # its turn again, in time
    with TestClient(create_app(db)) as c:
        assert summary(c, sid, org)["length"] == len(events)


def test_waiters_see_a_missed_move_and_strategies_play_on(db: str) -> None:
    move = 1.0
    with serving(db) as server:
        body = {
            "scenario": "abu-dhabi-2026",
            "protocol": "phased",
            "config": {"days": 1},
            "seats": {"russia": "linear", "united_states": "nash-seeking"},  # ukraine: a person
            "move_seconds": move,
        }
        doc = create_session(server.url, body)
        sid = doc["id"]
        base = f"{server.url}/api/sessions/{sid}"
        start = httpx.get(f"{base}/view", headers=bearer(doc["observer"]), timeout=10).json()
        assert start["events"] and all(e["kind"] != "missed" for e in start["events"])
        t0 = time.monotonic()
        # nobody else touches the session: the observer's long poll alone sees the deadline pass
        got = httpx.get(
            f"{base}/view",
            params={"since": start["length"], "wait": 30},
            headers=bearer(doc["observer"]),
            timeout=40,
        ).json()
        waited = time.monotonic() - t0
        missed = [e for e in got["events"] if e["kind"] == "missed"]
        assert missed and missed[0]["party"] == "ukraine" and move * 0.5 < waited < 15
        ukraine = httpx.get(f"{base}/view", headers=bearer(doc["seats"]["ukraine"]), timeout=10).json()
        r = httpx.post(
            f"{base}/actions", json={"kind": "open", "outcome": 0}, headers=bearer(doc["seats"]["ukraine"]), timeout=10
        )
        if not ukraine["may_act"]:  # its turn passed: the late opening is refused, nothing stored
            assert r.status_code == 409 and "late" in r.json()["detail"], r.text
    events, _ = stored(db, sid)
    replay(scenarios.get("abu-dhabi-2026"), events, complete=False)  # checked, strategies' moves and missed moves alike
    assert any(e.kind == "missed" and e.party == "ukraine" for e in events)


def test_sessions_per_organiser_are_limited(db: str) -> None:
    with serving(db, "--max-sessions-per-organiser", "2") as server:
        body = {"scenario": "abu-dhabi-2026", "protocol": "saop"}
        made = [create_session(server.url, body) for _ in range(2)]
        r = httpx.post(f"{server.url}/api/sessions", json=body, timeout=30)
        assert r.status_code == 429, r.text
        assert r.json()["detail"] == (
            "127.0.0.1 already organises 2 open sessions, the limit per organiser on this server; close one first"
        )
        closed = httpx.post(
            f"{server.url}/api/sessions/{made[0]['id']}/close", headers=bearer(made[0]["organiser"]), timeout=10
        )
        assert closed.status_code == 200
        assert httpx.post(f"{server.url}/api/sessions", json=body, timeout=30).status_code == 201
    assert [s.organiser_key for s in stored(db)[1]] == ["127.0.0.1"] * 3
