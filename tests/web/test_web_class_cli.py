"""`accord class` from the command line: links, a scenario file as the case, clear errors."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from typer.testing import CliRunner

from accord.cli.main import app
from service.service_servers import serving

runner = CliRunner()


def test_class_from_a_scenario_file_writes_links(tmp_path: Path) -> None:
    case = tmp_path / "case.toml"
    made = runner.invoke(app, ["new", str(case)])  # a template scenario, valid as written
    assert made.exception is None and case.exists(), made.output
    links = tmp_path / "links.csv"
    with serving(str(tmp_path / "s.db")) as server:
        args = ["class", str(case), "--tables", "2", "--protocol", "saop", "--url", server.url]
        r = runner.invoke(app, [*args, "--csv", str(links), "--json"])
        assert r.exception is None, r.output
        doc = json.loads(r.output)
        shown = runner.invoke(app, args)
        assert shown.exception is None and "teacher's page" in shown.output
    assert len(doc["tables"]) == 2
    with links.open() as f:
        rows = list(csv.DictReader(f))
    assert rows[0]["seat"] == "teacher" and rows[0]["link"] == doc["link"]
    assert {r["table"] for r in rows[1:]} == {"1", "2"}
    assert all("/join/" in r["link"] for r in rows[1:])


def test_class_errors_are_clear(tmp_path: Path) -> None:
    r = runner.invoke(app, ["class", "job-offer", "--seat", "nonsense", "--url", "http://127.0.0.1:9"])
    assert r.exit_code == 1 and "expected SEAT=STRATEGY" in r.output
    r = runner.invoke(app, ["class", "job-offer", "--url", "http://127.0.0.1:9"])
    assert r.exit_code == 1 and "cannot reach the service" in r.output
    r = runner.invoke(app, ["class", "job-offer", "--debrief", str(tmp_path / "d.html")])
    assert r.exit_code == 1 and "--debrief needs --wait" in r.output
    r = runner.invoke(app, ["class", "no-such-case", "--url", "http://127.0.0.1:9"])
    assert r.exit_code == 1 and "error" in r.output
    with serving(str(tmp_path / "s.db")) as server:
        r = runner.invoke(app, ["class", "job-offer", "--url", server.url, "--seat", "candidate=no-such-strategy"])
    assert r.exit_code == 1 and "refused (422)" in r.output and "no-such-strategy" in r.output
