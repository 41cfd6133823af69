"""``accord serve``, ``accord agent`` and ``accord sessions``: the negotiation service and its tools.

The web libraries are imported inside the commands (``pip install 'accord[serve]'``), so the
rest of the CLI starts without them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from accord.cli.common import console, fail, print_json

DB_HELP = "The database: a SQLite file path (created if missing), or a postgresql://USER@HOST:PORT/DB URL."
DEFAULT_DB = "accord-sessions.db"

sessions_app = typer.Typer(
    help="List, export and close the sessions of a service's database.",
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _need_serve_extra() -> None:
    try:
        import fastapi  # noqa: F401
        import httpx  # noqa: F401
        import sqlalchemy  # noqa: F401
    except ImportError as e:
        fail(f"the service needs its optional dependencies ({e.name} is missing): pip install 'accord[serve]'")


def _store(db: str) -> Any:
    _need_serve_extra()
    from accord.service.store import Store, StoreError

    try:
        return Store(db)
    except StoreError as e:
        fail(e)


def serve(
    db: Annotated[str, typer.Option("--db", help=DB_HELP)] = DEFAULT_DB,
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.", min=0, max=65535)] = 8000,
    max_sessions: Annotated[int, typer.Option("--max-sessions", help="Most open sessions at once.", min=1)] = 1000,
    max_per_organiser: Annotated[
        int | None,
        typer.Option(
            "--max-sessions-per-organiser",
            help="Most open sessions one organiser (the creating client's address) may hold. Default: no limit.",
            min=1,
        ),
    ] = None,
    log_level: Annotated[str, typer.Option("--log-level", help="debug, info, warning or error.")] = "info",
) -> None:
    """Serve negotiation sessions over HTTP (FastAPI; OpenAPI schema at /docs).

    Stop it with Ctrl-C: it finishes the requests in progress, then closes the database.
    """
    _need_serve_extra()
    import logging

    import uvicorn

    from accord.errors import AccordError
    from accord.service.app import create_app

    logging.basicConfig(
        level=log_level.upper(),
        format='{"t":"%(asctime)s","level":"%(levelname)s","logger":"%(name)s","msg":%(message)r}',
    )
    logging.getLogger("alembic").setLevel(logging.WARNING)
    try:
        app = create_app(db, max_sessions=max_sessions, max_per_organiser=max_per_organiser)
    except AccordError as e:
        fail(e)
    uvicorn.run(app, host=host, port=port, log_level=log_level.lower(), timeout_graceful_shutdown=10)


def agent(
    link: Annotated[str, typer.Argument(help="A seat's join link: http://HOST:PORT/join/TOKEN.")],
    strategy: Annotated[str, typer.Option("--strategy", "-s", help="A built-in strategy spec, e.g. boulware.")],
    seed: Annotated[
        int | None, typer.Option("--seed", help="Seed of the strategy (default: as accord run seeds that seat).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
) -> None:
    """Take a seat in a served session with a built-in strategy, and play it to the end."""
    _need_serve_extra()
    from accord.client import SeatClient, play
    from accord.errors import AccordError

    try:
        client = SeatClient.from_link(link)
        with console(stderr=True).status(f"playing seat {client.seat} with {strategy}"):
            played = play(client, strategy, seed=None if seed is None else (seed,))
        client.close()
    except AccordError as e:
        fail(e)
    if as_json:
        print_json({"seat": played.seat, "actions": played.actions, "events": len(played.events), "over": played.over})
        return
    console().print(
        f"seat {played.seat}: {played.actions} actions, {len(played.events)} events seen; over", markup=False
    )


@sessions_app.command("list")
def list_sessions(
    db: Annotated[str, typer.Option("--db", help=DB_HELP)] = DEFAULT_DB,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List the sessions: id, scenario, protocol, status, events."""
    store = _store(db)
    rows = [
        {"id": s.id, "scenario": s.scenario_id, "protocol": s.protocol, "status": s.status, "events": n}
        for s, n in store.iter_all()
    ]
    store.close()
    if as_json:
        print_json(rows)
        return
    from rich.table import Table

    table = Table("id", "scenario", "protocol", "status", "events", title_justify="left")
    for r in rows:
        table.add_row(r["id"], r["scenario"], r["protocol"], r["status"], str(r["events"]))
    console().print(table if rows else "no sessions")


@sessions_app.command("export")
def export_session(
    session: Annotated[str, typer.Argument(help="The session id.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="The event log to write (JSON lines).")],
    db: Annotated[str, typer.Option("--db", help=DB_HELP)] = DEFAULT_DB,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Write a session's whole event log (replayable by `accord replay`); it holds every party's record."""
    from accord.engine.record import write_log
    from accord.service.sessions import scenario_of

    store = _store(db)
    row = store.session(session)
    if row is None:
        fail(f"no session {session!r} in {store.safe_url}")
    events = store.events(session)
    store.close()
    try:
        write_log(out, scenario_of(row), events)
    except OSError as e:
        fail(f"cannot write {out}: {e.strerror or e}")
    if as_json:
        print_json({"id": session, "scenario": row.scenario_id, "events": len(events), "out": str(out)})
    else:
        console().print(f"{len(events)} events of session {session} written to {out}", markup=False)


@sessions_app.command("close")
def close_session(
    session: Annotated[str, typer.Argument(help="The session id.")],
    db: Annotated[str, typer.Option("--db", help=DB_HELP)] = DEFAULT_DB,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Close a session: no further action is accepted; its record stays."""
    store = _store(db)
    ok = store.set_status(session, "closed")
    store.close()
    if not ok:
        fail(f"no session {session!r}")
    if as_json:
        print_json({"id": session, "status": "closed"})
    else:
        console().print(f"session {session} closed", markup=False)
