"""Bad input gets a clear 4xx with a message, and nothing is stored."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from accord.service.app import MAX_BODY_BYTES, create_app


@pytest.fixture
def client(db: str) -> Iterator[TestClient]:
    with TestClient(create_app(db)) as c:
        yield c


def _session(client: TestClient) -> tuple[str, dict[str, str], dict[str, str]]:
    r = client.post("/api/sessions", json={"scenario": "job-offer", "protocol": "saop", "seed": 1})
    assert r.status_code == 201, r.text
    doc = r.json()
    org = {"Authorization": f"Bearer {doc['organiser']}"}
    return doc["id"], {s: f"Bearer {t}" for s, t in doc["seats"].items()}, org


def _length(client: TestClient, sid: str, org: dict[str, str]) -> int:
    return int(client.get(f"/api/sessions/{sid}", headers=org).json()["length"])


def test_bad_actions_are_refused_and_nothing_is_stored(client: TestClient) -> None:
    sid, seats, org = _session(client)
    info = client.get(f"/api/sessions/{sid}", headers=org).json()
    first = info["turn"]
    other = next(s for s in seats if s != first)
    url = f"/api/sessions/{sid}/actions"
    me = {"Authorization": seats[first], "Content-Type": "application/json"}
    before = _length(client, sid, org)
    cases = [
        (client.post(url, content=b"{not json", headers=me), 422, "json"),
        (client.post(url, content=b"[1, 2]", headers=me), 422, "body"),
        (client.post(url, json={"kind": "dance"}, headers=me), 422, "dance"),
        (client.post(url, json={"kind": "offer", "outcome": 10**9}, headers=me), 422, "outcome index"),
        (client.post(url, json={"kind": "offer", "outcome": -1}, headers=me), 422, "outcome index"),
        (client.post(url, json={"kind": "offer", "outcome": "seven"}, headers=me), 422, "outcome"),
        (client.post(url, json={"kind": "offer", "outcome": 0, "shout": 1}, headers=me), 422, "shout"),
        (client.post(url, json={"kind": "offer", "outcome": 0, "expected_seq": 0}, headers=me), 409, "position"),
        (
            client.post(url, json={"kind": "offer", "outcome": 0}, headers={"Authorization": seats[other]}),
            422,
            "turn",
        ),
        (client.post(url, content=b"x" * (MAX_BODY_BYTES + 1), headers=me), 413, "larger"),
        (client.post("/api/sessions/nosuchsession/actions", json={"kind": "accept"}, headers=me), 403, "another"),
        (client.get("/api/sessions/nosuchsession/view"), 401, "token"),
        (client.get(f"/api/sessions/{sid}/view", params={"since": -3}, headers=me), 422, "since"),
    ]
    for r, status, word in cases:
        assert r.status_code == status, (status, r.status_code, r.text)
        assert word in r.json()["detail"].lower(), r.text
    assert _length(client, sid, org) == before
    # a body with no declared length is cut off too
    chunks = (b"x" * 65536 for _ in range(MAX_BODY_BYTES // 65536 + 2))
    r = client.post(url, content=chunks, headers=me)
    assert r.status_code == 413
    ok = client.post(url, json={"kind": "offer", "outcome": 0, "expected_seq": before}, headers=me)
    assert ok.status_code == 200, ok.text
    assert _length(client, sid, org) == ok.json()["length"] > before


def test_bad_sessions_are_refused_and_nothing_is_stored(client: TestClient) -> None:
    from accord.service.store import Store

    doc = {"schema": "accord/1", "id": "x", "issues": {"a": {"kind": "categorical", "options": []}}, "parties": {}}
    cases = [
        (client.post("/api/sessions", json={"scenario": "no-such-case"}), "no embedded scenario"),
        (client.post("/api/sessions", json={"scenario": "/etc/passwd"}), "no embedded scenario"),
        (client.post("/api/sessions", json={}), "either"),
        (client.post("/api/sessions", json={"document": doc}), "issues.a.options"),
        (client.post("/api/sessions", json={"scenario": "job-offer", "protocol": "poker"}), "protocol"),
        (client.post("/api/sessions", json={"scenario": "job-offer", "config": {"n_rounds": -2}}), "n_rounds"),
        (client.post("/api/sessions", json={"scenario": "job-offer", "seats": {"nobody": "boulware"}}), "nobody"),
        (
            client.post("/api/sessions", json={"scenario": "job-offer", "protocol": "saop", "seats": {}, "seed": -1}),
            "seed",
        ),
    ]
    for r, words in cases:
        assert r.status_code == 422, r.text
        assert words in r.json()["detail"], r.text
    store = client.app.state.sessions.store  # type: ignore[attr-defined]
    assert isinstance(store, Store)
    assert store.sessions() == []
