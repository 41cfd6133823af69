"""Three HTTP agents (one per seat) play a whole phased session as `accord run` would."""

from __future__ import annotations

import threading

from service_servers import serving

from accord import scenarios
from accord.client import Played, SeatClient, create_session, play
from accord.engine.protocols.base import replay
from accord.engine.runner import simulate
from accord.service.store import Store

SPECS = {"ukraine": "boulware", "russia": "linear(report=strategic)", "united_states": "nash-seeking"}


def play_all(links: dict[str, str], specs: dict[str, str]) -> dict[str, Played]:
    results: dict[str, Played] = {}
    errors: list[BaseException] = []

    def run(seat: str) -> None:
        try:
            with SeatClient.from_link(links[seat]) as client:
                results[seat] = play(client, specs[seat], deadline_s=120)
        except BaseException as e:  # reported below, in the test's thread
            errors.append(e)

    threads = [threading.Thread(target=run, args=(s,)) for s in specs]
    for t in threads:
        t.start()
    for t in threads:
        t.join(150)
    assert not errors, errors
    return results


def test_phased_abu_dhabi_over_http_equals_accord_run(db: str) -> None:
    scenario = scenarios.get("abu-dhabi-2026")
    expected = simulate(scenario, protocol="phased", strategies=SPECS, seed=11)
    with serving(db) as server:
        doc = create_session(server.url, {"scenario": "abu-dhabi-2026", "protocol": "phased", "seed": 11})
        assert set(doc["seats"]) == set(SPECS)
        results = play_all(doc["links"], SPECS)
        assert all(r.over for r in results.values())
        store = Store(db)
        events = store.events(doc["id"])
        store.close()
    assert tuple(events) == expected.events
    proto, state = replay(scenario, events)
    assert proto.agreement(state) == expected.agreement
    # each agent saw exactly the events its seat may see
    for seat, r in results.items():
        assert r.events == tuple(e for e in expected.events if e.visible_to(seat))


def test_mixed_table_built_in_strategy_seat_plays_on_the_server(db: str) -> None:
    """A seat held by a built-in strategy on the server gives the same record as `accord run`."""
    scenario = scenarios.get("abu-dhabi-2026")
    config = {"days": 1}
    expected = simulate(scenario, protocol="phased", strategies=SPECS, seed=5, config=config)
    with serving(db) as server:
        body = {
            "scenario": "abu-dhabi-2026",
            "seed": 5,
            "config": config,
            "seats": {"united_states": SPECS["united_states"]},
        }
        doc = create_session(server.url, body)
        assert set(doc["seats"]) == {"ukraine", "russia"}
        play_all(doc["links"], {s: SPECS[s] for s in ("ukraine", "russia")})
        store = Store(db)
        events = store.events(doc["id"])
        store.close()
    assert tuple(events) == expected.events
