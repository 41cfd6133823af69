"""The event store: sessions, hashed tokens and event logs in SQLite (WAL) or PostgreSQL.

A session's event log is its source of truth. :meth:`Store.append` writes the events one
accepted action produced in one transaction, at positions ``seq = n, n+1, ...`` where ``n``
is the length of the log the action was applied to. Positions are the table's primary key,
so when two writers (threads or ``accord serve`` processes) extend the same log from the same
length, one commits and the other gets :class:`StaleLog` and nothing of its action is stored.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError, OperationalError

from accord.engine.events import Event, event_from_dict, event_to_dict
from accord.errors import AccordError
from accord.service import schema

__all__ = ["SessionRow", "StaleLog", "Store", "StoreError", "TokenRow", "database_url"]

log = logging.getLogger("accord.service.store")


class StoreError(AccordError):
    """The database cannot be reached or used as asked."""


class StaleLog(AccordError):
    """An action was based on a log that another writer has extended since."""


@dataclass(frozen=True)
class SessionRow:
    id: str
    created_at: float
    scenario_name: str | None
    scenario_json: str | None
    scenario_id: str
    protocol: str
    seats: Mapping[str, str]  # seat -> "person" or a strategy spec ("strategy:NAME(...)")
    status: str
    move_seconds: float | None = None  # a seat's time for each move (None: no deadline)
    organiser_key: str | None = None  # who created it (the client's address), for the per-organiser limit


@dataclass(frozen=True)
class TokenRow:
    session_id: str
    role: str  # organiser | seat | observer
    seat: str
    revoked: bool


def database_url(db: str) -> str:
    """A SQLAlchemy URL for ``--db``: a file path (SQLite), ``sqlite:///...`` or ``postgresql://...``."""
    if db.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + db.split("://", 1)[1]
    if db.startswith(("postgresql+", "sqlite:")):
        return db
    if "://" in db:
        raise StoreError(f"unsupported database URL {db!r}; give a file path, sqlite:///FILE or postgresql://...")
    return "sqlite:///" + str(Path(db).expanduser())


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA busy_timeout=10000")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.close()


class Store:
    """Sessions, tokens and event logs in one database (created or migrated on open)."""

    def __init__(self, db: str, *, migrate: bool = True) -> None:
        self.url = database_url(db)
        self.is_sqlite = self.url.startswith("sqlite")
        try:
            if self.is_sqlite:
                self.engine: Engine = sa.create_engine(
                    self.url, connect_args={"check_same_thread": False, "timeout": 10}, pool_size=8, max_overflow=8
                )
                sa.event.listen(self.engine, "connect", _sqlite_pragmas)
            else:
                self.engine = sa.create_engine(self.url, pool_size=10, max_overflow=10, pool_pre_ping=True)
            if migrate:
                self.migrate()
        except OperationalError as e:
            raise StoreError(f"cannot open the database {self.safe_url}: {e.orig}") from None

    @property
    def safe_url(self) -> str:
        """The URL without a password, for messages and logs."""
        return sa.engine.make_url(self.url).render_as_string(hide_password=True)

    def migrate(self) -> None:
        """Bring the schema to the newest migration (Alembic)."""
        from alembic import command
        from alembic.config import Config

        cfg = Config()
        cfg.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
        with self.engine.begin() as conn:
            if not self.is_sqlite:
                # Two processes starting together must not both create the tables.
                conn.execute(sa.text("SELECT pg_advisory_xact_lock(72730121)"))
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")

    def close(self) -> None:
        self.engine.dispose()

    def ping(self) -> None:
        with self.engine.connect() as conn:
            conn.execute(sa.text("SELECT 1"))

    # -- sessions ------------------------------------------------------------------------------
    def create_session(self, row: SessionRow, opening: Sequence[Event], tokens: Sequence[tuple[str, str, str]]) -> None:
        """Store a new session, its opening events and its token hashes in one transaction."""
        now = time.time()
        with self.engine.begin() as conn:
            conn.execute(
                schema.sessions.insert().values(
                    id=row.id,
                    created_at=row.created_at,
                    scenario_name=row.scenario_name,
                    scenario_json=row.scenario_json,
                    scenario_id=row.scenario_id,
                    protocol=row.protocol,
                    seats_json=json.dumps(dict(row.seats)),
                    status=row.status,
                    move_seconds=row.move_seconds,
                    organiser_key=row.organiser_key,
                )
            )
            self._insert_events(conn, row.id, 0, opening, now)
            for digest, role, seat in tokens:
                conn.execute(
                    schema.tokens.insert().values(
                        hash=digest, session_id=row.id, role=role, seat=seat, revoked=False, created_at=now
                    )
                )

    def session(self, sid: str) -> SessionRow | None:
        with self.engine.connect() as conn:
            r = conn.execute(sa.select(schema.sessions).where(schema.sessions.c.id == sid)).first()
        return None if r is None else _session_row(r)

    def sessions(self) -> list[SessionRow]:
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(schema.sessions).order_by(schema.sessions.c.created_at)).all()
        return [_session_row(r) for r in rows]

    def count_open(self, organiser_key: str | None = None) -> int:
        """The open sessions (of one organiser, if ``organiser_key`` is given)."""
        s = schema.sessions
        q = sa.select(sa.func.count()).select_from(s).where(s.c.status == "open")
        if organiser_key is not None:
            q = q.where(s.c.organiser_key == organiser_key)
        with self.engine.connect() as conn:
            return int(conn.execute(q).scalar_one())

    def set_status(self, sid: str, status: str) -> bool:
        with self.engine.begin() as conn:
            res = conn.execute(schema.sessions.update().where(schema.sessions.c.id == sid).values(status=status))
            return bool(res.rowcount)

    # -- tokens --------------------------------------------------------------------------------
    def token(self, digest: str) -> TokenRow | None:
        with self.engine.connect() as conn:
            r = conn.execute(sa.select(schema.tokens).where(schema.tokens.c.hash == digest)).first()
        if r is None:
            return None
        return TokenRow(r.session_id, r.role, r.seat, bool(r.revoked))

    def replace_token(self, sid: str, role: str, seat: str, digest: str) -> None:
        """Revoke every live token of (session, role, seat) and store a new one."""
        t = schema.tokens
        with self.engine.begin() as conn:
            conn.execute(
                t.update()
                .where(t.c.session_id == sid, t.c.role == role, t.c.seat == seat, t.c.revoked.is_(False))
                .values(revoked=True)
            )
            conn.execute(
                t.insert().values(
                    hash=digest, session_id=sid, role=role, seat=seat, revoked=False, created_at=time.time()
                )
            )

    # -- event logs ----------------------------------------------------------------------------
    def events(self, sid: str, since: int = 0) -> list[Event]:
        """The session's events from position ``since`` on, in order."""
        e = schema.events
        with self.engine.connect() as conn:
            rows = conn.execute(
                sa.select(e.c.seq, e.c.data).where(e.c.session_id == sid, e.c.seq >= since).order_by(e.c.seq)
            ).all()
        out = []
        for k, (seq, data) in enumerate(rows):
            if seq != since + k:
                raise StoreError(f"session {sid}: the event log has a gap at position {since + k}")
            out.append(event_from_dict(json.loads(data), where=f"session {sid} event {seq}"))
        return out

    def last_at(self, sid: str) -> float:
        """When the session's last event was stored (the start of the current move's clock)."""
        e = schema.events
        with self.engine.connect() as conn:
            return float(conn.execute(sa.select(sa.func.max(e.c.at)).where(e.c.session_id == sid)).scalar_one() or 0)

    def length(self, sid: str) -> int:
        e = schema.events
        with self.engine.connect() as conn:
            return int(conn.execute(sa.select(sa.func.count()).where(e.c.session_id == sid)).scalar_one())

    def append(self, sid: str, at: int, events: Sequence[Event]) -> None:
        """Append ``events`` at positions ``at, at+1, ...`` in one transaction, or raise StaleLog."""
        try:
            with self.engine.begin() as conn:
                self._insert_events(conn, sid, at, events, time.time())
        except IntegrityError:
            raise StaleLog(
                f"the session's log has moved on past position {at}: the action was based on an old state"
            ) from None
        except OperationalError as e:
            # SQLite: a writer that lost the race for the lock after its busy timeout.
            if self.is_sqlite and "locked" in str(e.orig):
                raise StaleLog("the session's log is being written by another request; try again") from None
            raise

    @staticmethod
    def _insert_events(conn: Connection, sid: str, at: int, events: Sequence[Event], now: float) -> None:
        if events:
            conn.execute(
                schema.events.insert(),
                [
                    {"session_id": sid, "seq": at + i, "data": json.dumps(event_to_dict(ev)), "at": now}
                    for i, ev in enumerate(events)
                ],
            )

    def iter_all(self) -> Iterator[tuple[SessionRow, int]]:
        for s in self.sessions():
            yield s, self.length(s.id)


def _session_row(r: Any) -> SessionRow:
    return SessionRow(
        id=r.id,
        created_at=float(r.created_at),
        scenario_name=r.scenario_name,
        scenario_json=r.scenario_json,
        scenario_id=r.scenario_id,
        protocol=r.protocol,
        seats=json.loads(r.seats_json),
        status=r.status,
        move_seconds=None if r.move_seconds is None else float(r.move_seconds),
        organiser_key=r.organiser_key,
    )
