"""Three browser contexts (Ukraine, Russia, the mediator) play a whole phased Abu Dhabi session through the pages.

Against a real `accord serve` on loopback, in Debian's Chromium. Every action is taken by
clicking in a room; the pages follow the record through their live streams. At the end:
the stored event log replays (`accord replay`), no room logged a console error or made a
request to anywhere but the server, and nothing any room showed, loaded or streamed holds
another party's private values.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
from rooms import Room, leaks, private_markers
from typer.testing import CliRunner

from accord.cli.main import app
from accord.formats.accord_read import scenario_from_dict
from service.matrix_setup import MEDIATOR, PARTIES, distinctive_document
from service.service_servers import serving

CONFIG = {"days": 1, "rounds_per_day": 3, "group_rounds": 1}
REPORTED_RESERVATION = {"ukraine": "0.35", "russia": "0.3"}


def _phase(server_url: str, sid: str, organiser: str) -> tuple[int, str, bool]:
    """The record's length, its current phase and whether it is over (the organiser's public reading)."""
    h = {"Authorization": f"Bearer {organiser}"}
    info = httpx.get(f"{server_url}/api/sessions/{sid}", headers=h).json()
    events = httpx.get(f"{server_url}/api/sessions/{sid}/events", headers=h).json()
    phase = dict(next(e for e in reversed(events) if e["kind"] == "phase")["info"])["phase"]
    return int(info["length"]), str(phase), bool(info["over"])


def _numbers(scenario: Any, pid: str) -> list[float]:
    prefs = scenario.preferences(pid)
    return [*prefs.utility.weights, *(v for row in prefs.utility.values for v in row), prefs.reservation]


def _act(room: Room, critiqued: set[str]) -> None:
    kinds = room.kinds
    if room.name == MEDIATOR:
        assert "propose" in kinds, kinds
        room.suggest_and_table()
    elif "open" in kinds:  # by keyboard: focus the button, press Enter
        before = room.length
        room.page.focus("#live form[data-kind=open] button[type=submit]")
        room.page.keyboard.press("Enter")
        room.wait_length(before + 1)
    elif "report" in kinds:
        # a strategic report: every issue weighted alike, another reservation; option values as briefed
        for box in room.page.locator("#live form[data-kind=report] input[name^='w-']").all():
            box.fill("1")
        room.page.fill("#live form[data-kind=report] input[name=reservation]", REPORTED_RESERVATION[room.name])
        room.submit("report")
    elif "critique" in kinds and room.name == "russia" and room.live("group") and room.live("group") not in critiqued:
        critiqued.add(room.live("group"))
        room.page.locator("#live form[data-kind=critique] input[type=checkbox]").first.check()
        room.submit("critique")
    else:
        assert "accept" in kinds, kinds
        room.submit("accept")


def test_three_rooms_play_a_phased_session(browser: Any, artifacts: Path, tmp_path: Path) -> None:
    doc = distinctive_document(seed=3)
    scenario = scenario_from_dict(doc).scenario
    db = str(tmp_path / "sessions.db")
    with serving(db) as server:
        created = httpx.post(
            f"{server.url}/api/sessions", json={"document": doc, "protocol": "phased", "seed": 5, "config": CONFIG}
        ).json()
        sid, organiser = created["id"], created["organiser"]
        rooms: dict[str, Room] = {}
        contexts = []
        for seat, size in (("ukraine", (1200, 900)), ("russia", (390, 844)), (MEDIATOR, (1200, 900))):
            ctx = browser.new_context(viewport={"width": size[0], "height": size[1]})  # russia: a phone
            contexts.append(ctx)
            rooms[seat] = Room.open(ctx, seat, created["links"][seat], server.url)
        shots: list[Path] = []
        seen_phases: list[str] = []
        critiqued: set[str] = set()
        for _ in range(60):
            length, phase, over = _phase(server.url, sid, organiser)
            for room in rooms.values():
                room.wait_length(length)
            key = "over" if over else phase
            if key not in seen_phases:
                seen_phases.append(key)
                shots += [r.screenshot(artifacts, f"{len(seen_phases)}-{key}-{n}") for n, r in rooms.items()]
            if over:
                break
            actor = next(r for r in rooms.values() if r.acting)
            _act(actor, critiqued)
        assert seen_phases == ["consultation", "groups", "alignment", "over"]
        # readable on a phone: russia's room (390 px wide) scrolls only vertically
        assert rooms["russia"].page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
        assert len(shots) == 12 and all(p.stat().st_size > 5000 for p in shots)
        assert critiqued, "a critique was sent"
        for room in rooms.values():
            assert "The talks are over" in room.page.inner_text("#live")
        ending = rooms["ukraine"].page.inner_text("#live .status")
        # the rooms' records and the server's agree
        for room in rooms.values():
            room.assert_clean()
        texts = {seat: room.everything() for seat, room in rooms.items()}
        for ctx in contexts:
            ctx.close()
    # privacy: each delegation sees none of the other's private values; the mediator none of the true ones
    markers = {p: private_markers(scenario, p) for p in PARTIES}
    # the search can find numbers as the rooms write them: each room shows its own values to 4 decimals
    # (its report form) and so holds its own markers; the numbers a room may legitimately hold (its own
    # values to 4 decimals, the weights reported, 1/7) hold no marker of the other party's
    own_4 = {p: " ".join(f"{x:.4f}" for x in _numbers(scenario, p)) + f" {1 / 7!r}" for p in PARTIES}
    for p, q in (PARTIES, PARTIES[::-1]):
        assert not leaks(own_4[p], markers[q]), "the test's private values collide: pick another seed"
        assert f"{_numbers(scenario, p)[0]:.4f}" in texts[p]
    assert not leaks(texts["ukraine"], markers["russia"])
    assert not leaks(texts["russia"], markers["ukraine"])
    # the mediator was told the option values to 4 decimals, but other weights and reservations
    told = {f"{v:.4f}" for p in PARTIES for row in scenario.preferences(p).utility.values for v in row}
    assert not leaks(texts[MEDIATOR], (markers["ukraine"] | markers["russia"]) - told)
    # the rooms showed what they should: the own brief, and (mediator) the reports received
    assert "secret-rationale-ukraine" in texts["ukraine"] and "secret-rationale-russia" in texts["russia"]
    assert "no deal worth 0.35" in texts[MEDIATOR] and "no deal worth 0.30" in texts[MEDIATOR]
    # the stored record replays
    runner = CliRunner()
    log, case = tmp_path / "session.jsonl", tmp_path / "case.json"
    case.write_text(json.dumps(doc))
    exported = runner.invoke(app, ["sessions", "export", sid, "--db", db, "-o", str(log), "--json"])
    assert exported.exception is None, exported.output
    replayed = runner.invoke(app, ["replay", str(log), "--scenario", str(case), "--json"])
    assert replayed.exception is None, replayed.output
    result = json.loads(replayed.output)
    assert result["events"] == json.loads(exported.output)["events"]
    assert ("agreement reached" in ending) == bool(result.get("agreement"))
