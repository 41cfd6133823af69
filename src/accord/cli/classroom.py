"""``accord class``: N tables of one case on a running ``accord serve``, links to hand out, the debrief.

The web libraries are imported inside the command, so the rest of the CLI starts without them.
"""

from __future__ import annotations

import csv
import io
import json
import time
from pathlib import Path
from typing import Annotated, Any

import typer

from accord.cli.common import console, fail, print_json

URL_HELP = "The service's address (`accord serve`)."


def _seats(specs: list[str]) -> dict[str, str]:
    out = {}
    for spec in specs:
        seat, eq, strategy = spec.partition("=")
        if not eq or not seat.strip() or not strategy.strip():
            fail(f"--seat {spec!r}: expected SEAT=STRATEGY (e.g. russia=linear) or SEAT=person")
        out[seat.strip()] = strategy.strip()
    return out


def _call(http: Any, method: str, path: str, **kw: Any) -> Any:
    import httpx

    try:
        r = http.request(method, path, **kw)
    except httpx.TransportError as e:
        fail(f"cannot reach the service at {http.base_url} ({e}); is `accord serve` running there?")
    if r.status_code >= 400:
        try:
            detail = r.json().get("detail", r.text)
        except ValueError:
            detail = r.text[:300]
        fail(f"the service refused ({r.status_code}): {detail}")
    return r


def links_csv(created: dict[str, Any]) -> str:
    """One row per seat per table: table, seat, link (the teacher's page first)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["table", "seat", "link"])
    w.writerow(["", "teacher", created["link"]])
    for t in created["tables"]:
        for seat, link in t["links"].items():
            w.writerow([t["table"], seat, link])
    return buf.getvalue()


def classroom(
    case: Annotated[str, typer.Argument(help="The case: an embedded scenario name or a scenario file.")],
    tables: Annotated[int, typer.Option("--tables", "-n", help="How many tables (sessions).", min=1, max=100)] = 1,
    url: Annotated[str, typer.Option("--url", help=URL_HELP)] = "http://127.0.0.1:8000",
    protocol: Annotated[str, typer.Option("--protocol", help="phased, single-text or saop.")] = "phased",
    seat: Annotated[
        list[str] | None,
        typer.Option("--seat", help="SEAT=STRATEGY: a seat held by a built-in strategy at every table (repeatable)."),
    ] = None,
    days: Annotated[int | None, typer.Option("--days", help="Days of talks (default: the case's).", min=1)] = None,
    rounds_per_day: Annotated[
        int | None, typer.Option("--rounds-per-day", help="Rounds a day (default: the case's).", min=1)
    ] = None,
    group_rounds: Annotated[
        int | None, typer.Option("--group-rounds", help="Working-group rounds a day (phased).", min=0)
    ] = None,
    seed: Annotated[int, typer.Option("--seed", help="Table t is seeded SEED + t - 1.", min=0)] = 0,
    name: Annotated[str, typer.Option("--name", help="A name for the class.")] = "",
    csv_out: Annotated[
        Path | None, typer.Option("--csv", help="Write the links (table, seat, link) to this CSV.")
    ] = None,
    wait: Annotated[bool, typer.Option("--wait", help="Wait until every table is over, showing progress.")] = False,
    debrief: Annotated[
        Path | None, typer.Option("--debrief", help="With --wait: write the debrief (HTML) to this file at the end.")
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print JSON (the links, and the progress with --wait).")
    ] = False,
) -> None:
    """Create N tables of one case at once on a running service; print one link per seat per table."""
    try:
        import httpx
    except ImportError:
        fail("accord class needs the service's libraries: pip install 'accord[serve]'")
    from accord import scenarios
    from accord.atomic import write_text

    if debrief is not None and not wait:
        fail("--debrief needs --wait (the debrief is written when every table is over)")
    body: dict[str, Any] = {
        "tables": tables,
        "protocol": protocol,
        "seed": seed,
        "name": name,
        "seats": _seats(seat or []),
    }
    if case in scenarios.names():
        body["scenario"] = case
    else:
        from accord.cli.common import load
        from accord.formats.accord_file import dumps_scenario

        body["document"] = json.loads(dumps_scenario(load(case), fmt="json"))
    config = {"days": days, "rounds_per_day": rounds_per_day, "group_rounds": group_rounds}
    body["config"] = {k: v for k, v in config.items() if v is not None}
    with httpx.Client(base_url=url.rstrip("/"), timeout=60) as http:
        created = _call(http, "POST", "/api/classes", json=body).json()
        if csv_out is not None:
            try:
                write_text(csv_out, links_csv(created))
            except OSError as e:
                fail(f"cannot write {csv_out}: {e.strerror or e}")
        if as_json and not wait:
            print_json(created)
            return
        if not as_json:
            _print_links(created, csv_out)
        if not wait:
            return
        token = created["teacher"]
        progress = _wait(http, token, quiet=as_json)
        if debrief is not None:
            html = _call(http, "GET", f"/class/{token}/debrief").text
            try:
                write_text(debrief, html)
            except OSError as e:
                fail(f"cannot write {debrief}: {e.strerror or e}")
    if as_json:
        print_json({**created, "progress": progress, "debrief": None if debrief is None else str(debrief)})
        return
    for row in progress["tables"]:
        console().print(f"table {row['table']}: {row['status']} ({row['ending'] or 'no ending'})", markup=False)
    if debrief is not None:
        console().print(f"debrief written to {debrief}", markup=False)


def _print_links(created: dict[str, Any], csv_out: Path | None) -> None:
    from rich.table import Table

    table = Table("table", "seat", "link", title=f"{len(created['tables'])} tables", title_justify="left")
    for t in created["tables"]:
        for seat, link in t["links"].items():
            table.add_row(str(t["table"]), seat, link)
    out = console()
    out.print(table)
    out.print(f"teacher's page (keep it to yourself): {created['link']}", markup=False, soft_wrap=True)
    if csv_out is not None:
        out.print(f"links written to {csv_out}", markup=False)


def _wait(http: Any, token: str, *, quiet: bool) -> dict[str, Any]:
    from rich.progress import Progress

    with Progress(console=console(stderr=True), disable=quiet, transient=True) as bar:
        task = bar.add_task("tables over", total=None)
        while True:
            info: dict[str, Any] = _call(http, "GET", f"/api/classes/{token}").json()
            done = sum(1 for r in info["tables"] if r["status"] != "open")
            bar.update(task, total=len(info["tables"]), completed=done)
            if info["done"]:
                return info
            time.sleep(1.0)
