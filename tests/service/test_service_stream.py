"""Server-Sent Events per seat: each stream carries the events that seat may see, and ends with the talks."""

from __future__ import annotations

import json
import threading

import httpx
from service_servers import serving

from accord.client import SeatClient, create_session, play
from accord.service.store import Store


def read_stream(url: str, token: str, out: list[dict[str, object]], ended: list[bool]) -> None:
    with httpx.stream("GET", url, params={"token": token}, timeout=120) as r:
        assert r.status_code == 200 and r.headers["content-type"].startswith("text/event-stream")
        kind = ""
        for line in r.iter_lines():
            if line.startswith("event: "):
                kind = line[7:]
            elif line.startswith("data: ") and kind == "view":
                out.append(json.loads(line[6:]))
            elif line.startswith("data: ") and kind == "end":
                ended.append(True)


def test_streams_follow_the_talks_per_seat(tmp_path: object) -> None:
    db = str(tmp_path) + "/s.db"  # type: ignore[operator]
    with serving(db) as server:
        body = {
            "scenario": "abu-dhabi-2026",
            "protocol": "phased",
            "config": {"days": 1},
            "seats": {"russia": "linear", "united_states": "nash-seeking"},
        }
        doc = create_session(server.url, body)
        url = f"{server.url}/api/sessions/{doc['id']}/stream"
        got: dict[str, list[dict[str, object]]] = {"ukraine": [], "observer": []}
        ended: dict[str, list[bool]] = {"ukraine": [], "observer": []}
        tokens = {"ukraine": doc["seats"]["ukraine"], "observer": doc["observer"]}
        readers = [threading.Thread(target=read_stream, args=(url, tokens[k], got[k], ended[k])) for k in got]
        for t in readers:
            t.start()
        with SeatClient.from_link(doc["links"]["ukraine"]) as client:
            play(client, "boulware", deadline_s=120)
        for t in readers:
            t.join(60)
        store = Store(db)
        events = store.events(doc["id"])
        store.close()
    assert ended["ukraine"] == [True] and ended["observer"] == [True]
    seqs = {k: [e["seq"] for v in got[k] for e in v["events"]] for k in got}  # type: ignore[union-attr]
    assert seqs["ukraine"] == [i for i, e in enumerate(events) if e.visible_to("ukraine")]
    assert seqs["observer"] == [i for i, e in enumerate(events) if e.to is None]
    assert any(e.to is not None and "ukraine" in e.to for e in events)  # there was something private to hide
    assert got["ukraine"][-1]["over"] is True
