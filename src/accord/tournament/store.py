"""Tournament results in SQLite: written as they complete, read back, exported.

One file holds one tournament. ``meta`` keeps the configuration it was started with;
``negotiations`` one row per negotiation (its key is the primary key, so a negotiation is
stored once however often it is delivered); ``seats`` one row per negotiation and seat.
Each completed batch is written in one transaction, in WAL mode, so a run that is killed
loses at most the batches in flight and never leaves half a batch behind; a restarted run
reads which keys are done and plays only the rest. ``traces`` keeps, when asked, each
negotiation's event log (zlib-compressed JSON lines), for ``accord replay``.
"""

from __future__ import annotations

import csv
import json
import os
import sqlite3
import zlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any

from accord.atomic import replacing
from accord.errors import TournamentError
from accord.tournament.records import LEGACY_ENDS, Record

__all__ = ["ResultStore", "export", "flat_columns", "flat_rows"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS negotiations (
    key TEXT PRIMARY KEY,
    idx INTEGER NOT NULL,
    scenario TEXT NOT NULL,
    repetition INTEGER NOT NULL,
    seed INTEGER NOT NULL,
    n_seats INTEGER NOT NULL,
    end_kind TEXT NOT NULL,
    agreement INTEGER,
    outcome TEXT,
    rounds INTEGER NOT NULL,
    welfare REAL NOT NULL,
    nash_product REAL NOT NULL,
    pareto_distance REAL,
    nash_distance REAL,
    failed INTEGER,
    error TEXT NOT NULL,
    wall_s REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS seats (
    key TEXT NOT NULL,
    seat INTEGER NOT NULL,
    party TEXT NOT NULL,
    strategy TEXT NOT NULL,
    utility REAL NOT NULL,
    reservation REAL NOT NULL,
    advantage REAL NOT NULL,
    PRIMARY KEY (key, seat)
);
CREATE INDEX IF NOT EXISTS seats_strategy ON seats (strategy);
CREATE TABLE IF NOT EXISTS traces (key TEXT PRIMARY KEY, events BLOB NOT NULL);
"""

_NEG_COLUMNS = (
    "key, idx, scenario, repetition, seed, n_seats, end_kind, agreement, outcome, rounds, welfare, "
    "nash_product, pareto_distance, nash_distance, failed, error, wall_s"
)


class ResultStore:
    """A tournament's results file (SQLite). Use as a context manager, or call :meth:`close`."""

    def __init__(self, path: str | Path, *, readonly: bool = False) -> None:
        self.path = Path(path)
        if readonly and not self.path.is_file():
            raise TournamentError(f"no results file {str(self.path)!r}")
        try:
            if readonly:
                self._db = _open_readonly(self.path)
            else:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                if not os.access(self.path.parent, os.W_OK) or (
                    self.path.exists() and not os.access(self.path, os.W_OK)
                ):
                    raise TournamentError(f"{self.path}: cannot write the results file (read-only)")
                self._db = sqlite3.connect(self.path)
                self._db.execute("PRAGMA journal_mode=WAL")
                self._db.execute("PRAGMA synchronous=NORMAL")
                self._db.executescript(_SCHEMA)
                self._db.commit()
            self._db.execute("SELECT count(*) FROM negotiations").fetchone()
        except sqlite3.OperationalError as e:
            if "no such table" in str(e) or "not a database" in str(e):
                raise TournamentError(f"{self.path}: not a tournament results file ({e})") from None
            raise TournamentError(f"{self.path}: cannot open the results file ({e})") from None
        except sqlite3.DatabaseError as e:
            raise TournamentError(f"{self.path}: not a tournament results file ({e})") from None

    # -- lifecycle -----------------------------------------------------------------------------
    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> ResultStore:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    # -- the configuration --------------------------------------------------------------------
    def meta(self) -> dict[str, str]:
        try:
            return dict(self._db.execute("SELECT key, value FROM meta").fetchall())
        except sqlite3.DatabaseError as e:
            raise TournamentError(f"{self.path}: the results file is damaged ({e})") from None

    def stored_config(self) -> dict[str, Any] | None:
        """The configuration (``TournamentConfig.to_dict``) the results were produced with."""
        text = self.meta().get("config")
        return None if text is None else dict(json.loads(text))

    def bind(
        self,
        config: Mapping[str, Any],
        fingerprint: str,
        *,
        planned: int,
        scenarios: Mapping[str, str] | None = None,
    ) -> None:
        """Record the configuration, or check that it is the one already recorded.

        ``fingerprint`` covers the configuration and the content of its scenarios
        (``scenarios``: id -> content digest), so results are never mixed across an edit.
        """
        meta = self.meta()
        known = meta.get("fingerprint")
        if known is not None and known != fingerprint:
            stored = json.loads(meta.get("config", "{}"))
            changed = sorted(k for k in config if k != "name" and config[k] != stored.get(k))
            before = json.loads(meta.get("scenarios", "{}"))
            changed += sorted(
                f"content of scenario {sid!r}" for sid, d in (scenarios or {}).items() if before.get(sid, d) != d
            )
            raise TournamentError(
                f"{self.path} holds results of a different tournament configuration "
                f"(changed: {', '.join(changed) or 'unknown'}); "
                "choose another results file, or start afresh (--restart)"
            )
        with self._db:
            self._db.executemany(
                "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                [
                    ("config", json.dumps(dict(config), sort_keys=True)),
                    ("fingerprint", fingerprint),
                    ("planned", str(planned)),
                    ("scenarios", json.dumps(dict(scenarios or {}), sort_keys=True)),
                ],
            )

    def clear(self) -> None:
        """Delete every result and the recorded configuration."""
        with self._db:
            self._db.execute("DELETE FROM seats")
            self._db.execute("DELETE FROM traces")
            self._db.execute("DELETE FROM negotiations")
            self._db.execute("DELETE FROM meta")

    # -- writing ---------------------------------------------------------------------------------
    def add(self, records: Sequence[Record]) -> int:
        """Store a batch in one transaction; returns how many were new (duplicates are skipped)."""
        neg_rows = [
            (
                r.key,
                r.number,
                r.scenario,
                r.repetition,
                r.seed,
                len(r.strategies),
                r.end,
                r.agreement,
                r.outcome,
                r.rounds,
                r.welfare,
                r.nash_product,
                r.pareto_distance,
                r.nash_distance,
                r.failed,
                r.error,
                r.wall_s,
            )
            for r in records
        ]
        seat_rows = [
            (r.key, i, r.parties[i], r.strategies[i], r.utilities[i], r.reservations[i], r.advantages[i])
            for r in records
            for i in range(len(r.strategies))
        ]
        try:
            with self._db:
                before = self._db.total_changes
                self._db.executemany(
                    f"INSERT OR IGNORE INTO negotiations ({_NEG_COLUMNS}) VALUES ({', '.join('?' * 17)})", neg_rows
                )
                added = self._db.total_changes - before
                self._db.executemany("INSERT OR IGNORE INTO seats VALUES (?, ?, ?, ?, ?, ?, ?)", seat_rows)
                self._db.executemany(
                    "INSERT OR IGNORE INTO traces VALUES (?, ?)",
                    [(r.key, zlib.compress(r.trace.encode("utf-8"), 6)) for r in records if r.trace],
                )
            # Copy the batch from the write-ahead log into the main file, so a copy of the
            # results file alone holds every finished batch even after a crash.
            self._db.execute("PRAGMA wal_checkpoint(PASSIVE)")
        except sqlite3.Error as e:
            raise TournamentError(
                f"{self.path}: cannot store results ({e}); the batches stored before are kept"
            ) from None
        return added

    # -- reading ---------------------------------------------------------------------------------
    def count(self) -> int:
        return int(self._db.execute("SELECT count(*) FROM negotiations").fetchone()[0])

    def planned(self) -> int | None:
        value = self.meta().get("planned")
        return None if value is None else int(value)

    def done_keys(self) -> set[str]:
        return {k for (k,) in self._db.execute("SELECT key FROM negotiations")}

    def duplicates(self) -> int:
        """How many keys are stored more than once (always 0: the key is the primary key)."""
        row = self._db.execute("SELECT count(*) - count(DISTINCT key) FROM negotiations").fetchone()
        return int(row[0])

    def trace(self, negotiation: str | int) -> tuple[Record, str]:
        """A negotiation (by key, or by its number in the plan) and its event log (JSON lines)."""
        if isinstance(negotiation, int) or (isinstance(negotiation, str) and negotiation.isdigit()):
            row = self._db.execute("SELECT key FROM negotiations WHERE idx = ?", (int(negotiation),)).fetchone()
        else:
            row = self._db.execute("SELECT key FROM negotiations WHERE key = ?", (negotiation,)).fetchone()
        if row is None:
            raise TournamentError(f"{self.path} holds no negotiation {negotiation!r} (give its number or key)")
        key = row[0]
        record = next(r for r in self.iter_records() if r.key == key)
        blob = self._db.execute("SELECT events FROM traces WHERE key = ?", (key,)).fetchone()
        if blob is None:
            raise TournamentError(
                f"{self.path} holds no trace of negotiation {negotiation!r}: play the tournament with --traces"
            )
        return record, zlib.decompress(blob[0]).decode("utf-8")

    def trace_count(self) -> int:
        return int(self._db.execute("SELECT count(*) FROM traces").fetchone()[0])

    def records(self) -> list[Record]:
        """Every stored negotiation, in plan order."""
        try:
            return list(self.iter_records())
        except sqlite3.DatabaseError as e:
            raise TournamentError(f"{self.path}: the results file is damaged ({e})") from None

    def iter_records(self) -> Iterator[Record]:
        seats: dict[str, list[tuple[Any, ...]]] = {}
        for row in self._db.execute(
            "SELECT key, party, strategy, utility, reservation, advantage FROM seats ORDER BY key, seat"
        ):
            seats.setdefault(row[0], []).append(row[1:])
        for (
            key,
            idx,
            scenario,
            rep,
            seed,
            _n,
            end,
            agreement,
            outcome,
            rounds,
            welfare,
            nash,
            pd,
            nd,
            failed,
            error,
            wall,
        ) in self._db.execute(f"SELECT {_NEG_COLUMNS} FROM negotiations ORDER BY idx"):
            s = seats.get(key, [])
            yield Record(
                number=idx, key=key, scenario=scenario, repetition=rep, seed=seed,
                strategies=tuple(x[1] for x in s), parties=tuple(x[0] for x in s), end=LEGACY_ENDS.get(end, end),
                agreement=agreement,
                outcome=outcome, rounds=rounds, utilities=tuple(x[2] for x in s),
                reservations=tuple(x[3] for x in s), advantages=tuple(x[4] for x in s), welfare=welfare,
                nash_product=nash, pareto_distance=pd, nash_distance=nd, failed=failed, error=error, wall_s=wall,
            )  # fmt: skip


def _open_readonly(path: Path) -> sqlite3.Connection:
    """Open a results file for reading only (also in a read-only folder, where WAL needs no -shm file)."""
    uri = path.resolve().as_uri()
    try:
        db = sqlite3.connect(f"{uri}?mode=ro", uri=True)
        db.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return db
    except sqlite3.OperationalError:
        # a read-only folder or file: open it as immutable (nobody else may be writing it then)
        return sqlite3.connect(f"{uri}?immutable=1", uri=True)


# -- export ----------------------------------------------------------------------------------------
def flat_columns(max_seats: int) -> list[str]:
    """Column names of the flat table: one row per negotiation, per-seat fields numbered."""

    def per_seat(name: str) -> list[str]:
        return [f"{name}_{i}" for i in range(max_seats)]

    return [
        "number", "key", "scenario", "repetition", "seed", *per_seat("strategy"), *per_seat("party"), "end",
        "agreement", "outcome", "rounds", *per_seat("utility"), *per_seat("reservation"), *per_seat("advantage"),
        "welfare", "nash_product", "pareto_distance", "nash_distance", "failed", "error", "wall_s",
    ]  # fmt: skip


def flat_rows(records: Iterable[Record], max_seats: int) -> Iterator[list[Any]]:
    """The records as flat rows matching :func:`flat_columns` (missing seats are None)."""
    for r in records:

        def pad(values: tuple[Any, ...]) -> list[Any]:
            return [*values, *([None] * (max_seats - len(values)))]

        yield [
            r.number, r.key, r.scenario, r.repetition, r.seed, *pad(r.strategies), *pad(r.parties), r.end,
            r.agreement, r.outcome, r.rounds, *pad(r.utilities), *pad(r.reservations), *pad(r.advantages),
            r.welfare, r.nash_product, r.pareto_distance, r.nash_distance, r.failed, r.error, r.wall_s,
        ]  # fmt: skip


def export(records: Sequence[Record], path: str | Path, *, fmt: str | None = None) -> Path:
    """Write the records as CSV or Parquet (``fmt`` from the suffix when not given)."""
    out = Path(path)
    kind = (fmt or out.suffix.lstrip(".")).lower()
    max_seats = max((len(r.strategies) for r in records), default=2)
    columns = flat_columns(max_seats)
    if kind == "csv":
        with replacing(out) as tmp, tmp.open("w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow(columns)
            w.writerows(flat_rows(records, max_seats))
        return out
    if kind == "parquet":
        try:
            import pyarrow as pa
            import pyarrow.parquet as pq
        except ImportError:
            raise TournamentError("Parquet export needs pyarrow: from the clone, pip install -e '.[parquet]'") from None
        rows = list(flat_rows(records, max_seats))
        data = {c: [row[i] for row in rows] for i, c in enumerate(columns)}
        with replacing(out) as tmp:
            pq.write_table(pa.table(data), tmp)
        return out
    raise TournamentError(f"cannot export to {out.name!r}: use a .csv or .parquet file (or --format csv/parquet)")
