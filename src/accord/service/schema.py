"""The service's tables (SQLAlchemy Core). Migrations in ``migrations/`` create and change them.

- ``sessions``: one row per negotiation: its scenario, protocol, options, seed, seats, status,
  the seconds a seat has for each move (none: no deadline) and who organised it.
- ``tokens``: the secret links' SHA-256 hashes (never the links), with role, seat and revocation.
- ``events``: each session's event log, one row per event; ``(session_id, seq)`` is the primary
  key, so two writers that both extend the same log position cannot both succeed.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Float, ForeignKey, Integer, MetaData, String, Table, Text

metadata = MetaData()

sessions = Table(
    "sessions",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("created_at", Float, nullable=False),
    Column("scenario_name", String(200), nullable=True),
    Column("scenario_json", Text, nullable=True),
    Column("scenario_id", String(200), nullable=False),
    Column("protocol", String(64), nullable=False),
    Column("seats_json", Text, nullable=False),
    Column("status", String(16), nullable=False),
    Column("move_seconds", Float, nullable=True),
    Column("organiser_key", String(200), nullable=True, index=True),
)

tokens = Table(
    "tokens",
    metadata,
    Column("hash", String(64), primary_key=True),
    Column("session_id", String(32), ForeignKey("sessions.id"), nullable=False, index=True),
    Column("role", String(16), nullable=False),
    Column("seat", String(200), nullable=False),
    Column("revoked", Boolean, nullable=False),
    Column("created_at", Float, nullable=False),
)

events = Table(
    "events",
    metadata,
    Column("session_id", String(32), ForeignKey("sessions.id"), primary_key=True),
    Column("seq", Integer, primary_key=True),
    Column("data", Text, nullable=False),
    Column("at", Float, nullable=False),
)
