"""a deadline per move and the organiser's identity, per session

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("sessions") as batch:
        batch.add_column(sa.Column("move_seconds", sa.Float, nullable=True))
        batch.add_column(sa.Column("organiser_key", sa.String(200), nullable=True))
    op.create_index("ix_sessions_organiser_key", "sessions", ["organiser_key"])


def downgrade() -> None:
    op.drop_index("ix_sessions_organiser_key", "sessions")
    with op.batch_alter_table("sessions") as batch:
        batch.drop_column("organiser_key")
        batch.drop_column("move_seconds")
