"""classes: groups of sessions of one case, for a teacher

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
    op.create_table(
        "classes",
        sa.Column("hash", sa.String(64), primary_key=True),
        sa.Column("id", sa.String(32), nullable=False, unique=True),
        sa.Column("created_at", sa.Float, nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("sessions_json", sa.Text, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("classes")
