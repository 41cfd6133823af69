"""kill -9 of `accord serve` at several moments of a session, then restart: it goes on; every
acknowledged action is in the record once, and the record is the one `accord run` gives."""

from __future__ import annotations

import threading
import time

from service_servers import Server

from accord import scenarios
from accord.client import SeatClient, create_session, play
from accord.engine.events import Action
from accord.engine.protocols.base import action_of
from accord.engine.runner import simulate
from accord.service.store import Store

SPECS = {"ukraine": "boulware", "russia": "linear(report=strategic)", "united_states": "nash-seeking"}


def test_kill_9_and_restart_loses_no_acknowledged_action(db: str) -> None:
    config = {"days": 1}
    expected = simulate(scenarios.get("abu-dhabi-2026"), protocol="phased", strategies=SPECS, seed=4, config=config)
    server = Server(db).start()
    store = Store(db)
    try:
        doc = create_session(server.url, {"scenario": "abu-dhabi-2026", "seed": 4, "config": config})
        sid = doc["id"]
        acknowledged: list[tuple[int, Action]] = []
        errors: list[BaseException] = []

        def run(seat: str) -> None:
            try:
                with SeatClient.from_link(doc["links"][seat], retry_s=60) as client:
                    play(client, SPECS[seat], deadline_s=240, on_action=lambda a, pos: acknowledged.append((pos, a)))
            except BaseException as e:
                errors.append(e)

        threads = [threading.Thread(target=run, args=(s,)) for s in SPECS]
        for t in threads:
            t.start()
        kills = 0
        for moment in (len(expected.events) // 5, len(expected.events) // 2, 4 * len(expected.events) // 5):
            stop = time.monotonic() + 120
            while store.length(sid) < moment and time.monotonic() < stop and not errors:
                time.sleep(0.02)
            server.kill()
            kills += 1
            server.start()
        for t in threads:
            t.join(240)
        assert not errors, errors
        events = store.events(sid)
    finally:
        server.stop()
        store.close()
    assert kills == 3
    assert acknowledged
    for pos, action in acknowledged:
        assert action_of(events[pos]) == action, f"acknowledged action at {pos} is not in the record"
    positions = [pos for pos, _ in acknowledged]
    assert len(positions) == len(set(positions))
    assert tuple(events) == expected.events
