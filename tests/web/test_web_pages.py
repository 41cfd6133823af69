"""The rooms' pages over the app (no browser): links, roles, the console's own routes, assets, clear errors."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from accord.service.app import create_app

CONFIG = {"days": 1, "rounds_per_day": 3, "group_rounds": 1}


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    with TestClient(create_app(str(tmp_path / "s.db"))) as c:
        yield c


def _session(client: TestClient, **seats: str) -> dict[str, Any]:
    body = {"scenario": "abu-dhabi-2026", "protocol": "phased", "config": CONFIG, "seats": seats}
    r = client.post("/api/sessions", json=body)
    assert r.status_code == 201, r.text
    doc: dict[str, Any] = r.json()
    return doc


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_a_link_opens_its_room_and_a_bad_one_is_refused(client: TestClient) -> None:
    s = _session(client)
    r = client.get(f"/join/{s['seats']['ukraine']}", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == f"/room/{s['id']}?token={s['seats']['ukraine']}"
    page = client.get(r.headers["location"]).text
    assert "Ukraine: delegation room" in page and "Your confidential brief" in page
    assert 'data-kind="open"' in page  # its turn: the opening form
    for bad in ("nothing-like-a-token", "x" * 300):
        r = client.get(f"/join/{bad}", follow_redirects=False)
        assert r.status_code == 401 and "not valid" in r.json()["detail"]
    old = s["seats"]["russia"]
    client.post(f"/api/sessions/{s['id']}/seats/russia/link", headers=_bearer(s["organiser"]))
    assert client.get(f"/join/{old}", follow_redirects=False).status_code == 401


def test_each_role_gets_its_page(client: TestClient) -> None:
    s = _session(client)
    sid = s["id"]
    med = client.get(f"/room/{sid}", headers=_bearer(s["seats"]["united_states"])).text
    assert "mediator's console" in med and "Confidential reports received" in med
    obs = client.get(f"/room/{sid}", headers=_bearer(s["observer"])).text
    assert "public record only" in obs and "Your confidential brief" not in obs
    russia = client.get(f"/room/{sid}/live", headers=_bearer(s["seats"]["russia"])).text
    assert 'data-acting="1"' in russia and "Worth to you" not in russia  # nothing on the table yet


def test_a_mixed_table_plays_the_software_seats(client: TestClient) -> None:
    s = _session(client, russia="linear", united_states="nash-seeking")
    assert set(s["seats"]) == {"ukraine"}
    sid, h = s["id"], _bearer(s["seats"]["ukraine"])
    assert (
        client.post(f"/api/sessions/{sid}/actions", json={"kind": "open", "outcome": 0}, headers=h).status_code == 200
    )
    page = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", client.get(f"/room/{sid}/live", headers=h).text))
    assert "Russia stated its opening position" in page  # the strategy answered at once


def test_the_consoles_routes_check_their_input(client: TestClient) -> None:
    s = _session(client)
    sid, med = s["id"], _bearer(s["seats"]["united_states"])
    r = client.get(f"/room/{sid}/draft", params={"digits": "0,1"}, headers=med)
    assert r.status_code == 422 and "one option index per issue (7)" in r.json()["detail"]
    r = client.get(f"/room/{sid}/draft", params={"digits": "a,b"}, headers=med)
    assert r.status_code == 422
    r = client.get(f"/room/{sid}/suggest", headers=med)
    assert r.status_code == 409 and "no text to table now" in r.json()["detail"]
    r = client.get(f"/room/{sid}/suggest", params={"strategy": "boulware"}, headers=med)
    assert r.status_code == 422 and "nash-seeking" in r.json()["detail"]
    r = client.get(f"/room/{sid}/draft", headers=_bearer(s["seats"]["ukraine"]))
    assert r.status_code == 403 and "mediator" in r.json()["detail"]


def test_assets_are_served_by_the_app_and_pages_load_nothing_else(client: TestClient) -> None:
    s = _session(client)
    pages = [client.get(f"/room/{s['id']}", headers=_bearer(t)).text for t in (*s["seats"].values(), s["observer"])]
    pages.append(client.get("/class/new").text)
    for page in pages:
        for url in re.findall(r'(?:src|href)="([^"]*)"', page):
            assert url.startswith(("/", "#", "data:")), url
            if url.startswith("/static/"):
                assert client.get(url).status_code == 200, url


def test_a_class_link_that_is_not_one_is_refused(client: TestClient) -> None:
    for path in ("/class/nope", "/class/nope/progress", "/class/nope/debrief", "/api/classes/nope"):
        r = client.get(path)
        assert r.status_code == 401 and r.json()["detail"] == "this class link is not valid"
    r = client.post("/api/classes", json={"scenario": "abu-dhabi-2026", "tables": 0})
    assert r.status_code == 422 and "tables" in r.json()["detail"]
