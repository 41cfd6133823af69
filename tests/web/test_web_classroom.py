"""The classroom: `accord class` makes 3 tables; one Ukraine plays in the browser, two by strategies; the debrief.

Russia and the mediator are built-in strategies at every table (mixed tables). The teacher's
command waits for every table to end and writes the debrief; the teacher's page shows the same.
"""

from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

from rooms import TIMEOUT_MS, Room

from accord.client import SeatClient, play
from service.service_servers import serving

CLASS_ARGS = ["--tables", "3", "--seat", "russia=linear", "--seat", "united_states=nash-seeking"]
CLASS_ARGS += ["--days", "1", "--rounds-per-day", "3", "--group-rounds", "1", "--seed", "4"]


def _links(path: Path, timeout: float = 60) -> list[dict[str, str]]:
    stop = time.monotonic() + timeout
    while not path.exists():
        if time.monotonic() > stop:
            raise AssertionError("accord class wrote no links")
        time.sleep(0.1)
    with path.open() as f:
        return list(csv.DictReader(f))


def _seat(link: str, strategy: str, played: dict[int, Any], table: int) -> None:
    with SeatClient.from_link(link) as client:
        played[table] = play(client, strategy)


def _play_in_browser(room: Room) -> int:
    """Ukraine plays its room to the end: opens, reports as briefed, accepts every text. Returns its actions."""
    for actions in range(40):
        room.page.wait_for_function(
            "() => { const l = document.querySelector('#live .live');"
            " return l && (l.dataset.acting === '1' || l.dataset.over === '1'); }",
            timeout=TIMEOUT_MS,
        )
        if room.live("over") == "1":
            return actions
        kinds = room.kinds
        room.submit(next(k for k in ("open", "report", "accept") if k in kinds))
    raise AssertionError("the browser table did not end")


def test_three_tables_browser_and_strategies_then_the_debrief(browser: Any, artifacts: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "sessions.db")
    links_csv, debrief = tmp_path / "links.csv", tmp_path / "debrief.html"
    with serving(db) as server:
        cmd = [sys.executable, "-m", "accord.cli.main", "class", "abu-dhabi-2026", "--url", server.url, *CLASS_ARGS]
        teacher = subprocess.Popen(
            [*cmd, "--csv", str(links_csv), "--wait", "--debrief", str(debrief), "--json"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            rows = _links(links_csv)
            teacher_link = next(r["link"] for r in rows if r["seat"] == "teacher")
            ukraine = {int(r["table"]): r["link"] for r in rows if r["seat"] == "ukraine"}
            assert sorted(ukraine) == [1, 2, 3]
            assert not any(r["seat"] in ("russia", "united_states") for r in rows), "strategy seats get no link"
            # tables 2 and 3: Ukraine's seat is taken by strategies over HTTP (accord.client)
            played: dict[int, Any] = {}
            threads = [
                threading.Thread(target=_seat, args=(ukraine[t], s, played, t))
                for t, s in ((2, "boulware"), (3, "conceder"))
            ]
            for th in threads:
                th.start()
            # table 1: a student in the browser
            ctx = browser.new_context(viewport={"width": 1200, "height": 900})
            room = Room.open(ctx, "ukraine", ukraine[1], server.url)
            assert _play_in_browser(room) >= 3
            room.screenshot(artifacts, "class-table-1-ukraine")
            for th in threads:
                th.join(120)
            assert played[2].over and played[3].over
            out, err = teacher.communicate(timeout=120)
            assert teacher.returncode == 0, err
            # the teacher's page, in the browser too
            page = Room.open(ctx, "teacher", teacher_link, server.url)
            page.screenshot(artifacts, "class-teacher")
            shown = page.page.inner_text("main")
            room.assert_clean()
            page.assert_clean()
            ctx.close()
        finally:
            if teacher.poll() is None:
                teacher.kill()
                teacher.wait()
    result = json.loads(out)
    assert result["progress"]["done"] and len(result["progress"]["tables"]) == 3
    html = debrief.read_text()
    table_rows = re.findall(r'<tr class="table-row" data-table="(\d)" data-ending="([a-z ]+)">', html)
    assert [t for t, _ in table_rows] == ["1", "2", "3"]
    assert all(e in ("agreement", "no agreement") for _, e in table_rows), table_rows
    endings = {int(r["table"]): r["ending"] for r in result["progress"]["tables"]}
    for t, e in table_rows:
        assert (e == "agreement") == (endings[int(t)] == "agreement")
    assert "Nash package:" in html and html.count("<title>Table ") == 3
    assert html.count("conceded") >= 6  # both parties, every table
    for t in (1, 2, 3):
        assert f"Table {t}" in shown
    assert "Nash package:" in shown


def test_the_organiser_page_creates_tables(browser: Any, tmp_path: Path) -> None:
    with serving(str(tmp_path / "sessions.db")) as server:
        ctx = browser.new_context()
        room = Room.open_page(ctx, "organiser", f"{server.url}/class/new", server.url)
        page = room.page
        page.select_option("select[name=scenario]", "abu-dhabi-2026")
        page.fill("input[name=tables]", "2")
        page.fill("textarea[name=seats]", "russia=linear\nunited_states=nash-seeking")
        page.click("#new-class button[type=submit]")
        page.wait_for_selector("#links:not([hidden])", timeout=TIMEOUT_MS)
        links = page.locator("#rows a").all_inner_texts()
        assert sum("/join/" in x for x in links) == 2 * 3  # ukraine, organiser, observer per table
        href = page.get_attribute("#csv", "href") or ""
        assert href.startswith("data:text/csv") and "teacher" not in href
        page.click("#teacher")
        page.wait_for_selector("table.progress", timeout=TIMEOUT_MS)
        assert page.locator("table.progress tbody tr").count() == 2
        room.assert_clean()
        ctx.close()
