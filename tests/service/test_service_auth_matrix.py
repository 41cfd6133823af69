"""Every route of the app x every role: no other party's private data, no action out of role."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from matrix_setup import MEDIATOR, PARTIES, Table, headers, roles, set_up

from accord.service.app import create_app

SESSION_ROLES = {*PARTIES, MEDIATOR, "organiser", "observer"}
SEATS = {*PARTIES, MEDIATOR}
ANY = SESSION_ROLES | {"other-session"}
PUBLIC = ANY | {"none", "revoked"}

# (method, path) -> (roles that may call it, whether a call changes the session, request to make)
RULES: dict[tuple[str, str], tuple[set[str], bool, dict[str, Any]]] = {
    ("GET", "/openapi.json"): (PUBLIC, False, {}),
    ("GET", "/docs"): (PUBLIC, False, {}),
    ("GET", "/docs/oauth2-redirect"): (PUBLIC, False, {}),
    ("GET", "/redoc"): (PUBLIC, False, {}),
    ("GET", "/health"): (PUBLIC, False, {}),
    ("GET", "/ready"): (PUBLIC, False, {}),
    ("POST", "/api/sessions"): (PUBLIC, False, {"json": {"scenario": "job-offer", "protocol": "saop"}}),
    ("GET", "/api/me"): (ANY, False, {}),
    ("GET", "/api/sessions/{sid}"): (SESSION_ROLES, False, {}),
    ("POST", "/api/sessions/{sid}/close"): ({"organiser"}, True, {}),
    ("POST", "/api/sessions/{sid}/seats/{seat}/link"): ({"organiser"}, True, {}),
    ("GET", "/api/sessions/{sid}/seat"): (SEATS, False, {}),
    ("GET", "/api/sessions/{sid}/view"): (SESSION_ROLES, False, {}),
    ("GET", "/api/sessions/{sid}/events"): (SESSION_ROLES, False, {}),
    ("GET", "/api/sessions/{sid}/stream"): (SESSION_ROLES, False, {"params": {"for_s": 0}}),
    # the mediator's draft is the one action due now: only the mediator may post it
    ("POST", "/api/sessions/{sid}/actions"): ({MEDIATOR}, True, {"json": {"kind": "propose", "outcome": 0}}),
    # the rooms in the browser (accord.web): the same roles, the same views
    ("GET", "/join/{token}"): (set(), False, {}),  # the path's token is "{token}" here: unknown to all
    ("GET", "/room/{sid}"): (SESSION_ROLES, False, {}),
    ("GET", "/room/{sid}/live"): (SESSION_ROLES, False, {}),
    ("GET", "/room/{sid}/draft"): ({MEDIATOR}, False, {"params": {"digits": "0,0,0,0,0,0,0"}}),
    ("GET", "/room/{sid}/suggest"): ({MEDIATOR}, False, {}),
    ("POST", "/api/classes"): (PUBLIC, False, {"json": {"scenario": "job-offer", "protocol": "saop", "tables": 1}}),
    ("GET", "/class/new"): (PUBLIC, False, {}),
    ("GET", "/api/classes/{token}"): (set(), False, {}),
    ("GET", "/class/{token}"): (set(), False, {}),
    ("GET", "/class/{token}/progress"): (set(), False, {}),
    ("GET", "/class/{token}/debrief"): (set(), False, {}),
}


def app_routes(app: Any) -> Iterator[tuple[str, str]]:
    """Every (method, path) the app answers, whether or not it is in the OpenAPI schema."""
    for route in app.routes:
        # routers included in the app (newer FastAPI keeps them as a node of their own)
        contexts = route.effective_route_contexts() if hasattr(route, "effective_route_contexts") else [route]
        for r in contexts:
            for method in getattr(r, "methods", None) or ():
                if method != "HEAD":
                    yield method, r.path


@pytest.fixture
def table(db: str) -> Iterator[Table]:
    with TestClient(create_app(db)) as client:
        yield set_up(client)


def test_every_route_is_in_the_matrix(tmp_path: Any) -> None:
    assert set(app_routes(create_app(str(tmp_path / "s.db")))) == set(RULES)


def test_authorisation_matrix(table: Table) -> None:
    client, sid = table.client, table.sid
    before = table.length()
    checked = 0
    for (method, path), (allowed, mutates, request) in RULES.items():
        url = path.replace("{sid}", sid).replace("{seat}", "russia")
        for role, token in roles(table):
            if mutates and role in allowed:
                continue  # done below, once every refusal has been checked
            r = client.request(method, url, headers=headers(token), **request)
            body = r.text
            leaked = [m for m in table.forbidden[role if token else None] if m in body]  # type: ignore[index]
            assert not leaked, f"{method} {path} as {role} shows {leaked[:3]}"
            if role in allowed:
                assert r.status_code < 300, f"{method} {path} as {role}: {r.status_code} {body}"
            else:
                assert 400 <= r.status_code < 500, f"{method} {path} as {role}: {r.status_code} {body}"
                assert r.json()["detail"], f"{method} {path} as {role}: no message"
            checked += 1
    assert table.length() == before, "a refused call changed the record"
    assert checked >= 80
    # the allowed mutations, by their one allowed role
    mediator = headers(table.tokens[MEDIATOR])
    r = client.post(f"/api/sessions/{sid}/actions", json={"kind": "propose", "outcome": 0}, headers=mediator)
    assert r.status_code == 200, r.text
    assert table.length() > before
    org = headers(table.tokens["organiser"])
    assert client.post(f"/api/sessions/{sid}/seats/russia/link", headers=org).status_code == 200
    old_russia = headers(table.tokens["russia"])
    assert client.get(f"/api/sessions/{sid}/view", headers=old_russia).status_code == 401
    assert client.post(f"/api/sessions/{sid}/close", headers=org).status_code == 200
    n = table.length()
    r = client.post(f"/api/sessions/{sid}/actions", json={"kind": "accept"}, headers=headers(table.tokens["ukraine"]))
    assert r.status_code == 409 and "closed" in r.json()["detail"]
    assert table.length() == n


def test_each_seat_sees_its_own_brief_and_the_mediator_the_reports(table: Table) -> None:
    client, sid = table.client, table.sid
    for pid in PARTIES:
        brief = client.get(f"/api/sessions/{sid}/seat", headers=headers(table.tokens[pid])).json()
        assert brief["id"] == pid and brief["preferences"]["weights"]
    med = client.get(f"/api/sessions/{sid}/view", headers=headers(table.tokens[MEDIATOR])).json()
    assert {r["party"] for r in med["reports"]} == set(PARTIES)
    assert med["your_turn"] and "propose" in med["kinds"]
    obs = client.get(f"/api/sessions/{sid}/view", headers=headers(table.tokens["observer"])).json()
    assert obs["events"] and all("to" not in e for e in obs["events"])
