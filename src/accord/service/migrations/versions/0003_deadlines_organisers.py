"""a deadline per move and the organiser's identity, per session

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
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
