"""Two `accord serve` processes on one PostgreSQL database, seats racing each other: one consistent log."""

from __future__ import annotations

import threading
from collections import Counter

from service_servers import PgCluster, Server

from accord import scenarios
from accord.client import SeatClient, create_session, play
from accord.engine.runner import simulate
from accord.service.store import Store

SPECS = {"ukraine": "boulware", "russia": "linear(report=strategic)", "united_states": "nash-seeking"}
CONFIG = {"days": 1}


def test_two_servers_racing_copies_of_each_seat_give_one_log(pg: PgCluster) -> None:
    db = pg.new_database()
    a, b = Server(db).start(), Server(db).start()
    store = Store(db)
    try:
        seeds = (1, 2)
        docs = [
            create_session((a if i % 2 else b).url, {"scenario": "abu-dhabi-2026", "seed": s, "config": CONFIG})
            for i, s in enumerate(seeds)
        ]
        acked: Counter[tuple[str, str]] = Counter()
        lock = threading.Lock()
        errors: list[BaseException] = []

        def run(sid: str, link: str, server: Server, seat: str) -> None:
            try:
                token = link.rsplit("/join/", 1)[1]
                with SeatClient(server.url, token) as client:

                    def ack(_action: object, _pos: int) -> None:
                        with lock:
                            acked[(sid, seat)] += 1

                    play(client, SPECS[seat], deadline_s=240, on_action=ack)
            except BaseException as e:
                errors.append(e)

        # every seat is played twice at once, one copy through each server: each turn is raced
        threads = [
            threading.Thread(target=run, args=(d["id"], d["links"][seat], server, seat))
            for d in docs
            for seat in SPECS
            for server in (a, b)
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join(300)
        assert not errors, errors
        for d, seed in zip(docs, seeds, strict=True):
            events = store.events(d["id"])
            expected = simulate(
                scenarios.get("abu-dhabi-2026"), protocol="phased", strategies=SPECS, seed=seed, config=CONFIG
            )
            assert tuple(events) == expected.events
            by_seat = Counter(e.party for e in events if e.party)
            # each stored action was acknowledged to exactly one of the two copies
            for seat in SPECS:
                actions = sum(1 for e in events if e.party == seat and e.kind != "started")
                assert acked[(d["id"], seat)] == actions <= by_seat[seat]
    finally:
        a.stop()
        b.stop()
        store.close()
