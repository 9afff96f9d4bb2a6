"""A bot's send budget shared by the processes on one database (scheduler.send_budget).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create send_budget: one row per bot, the time its next send is due."""
    op.create_table(
        "send_budget",
        sa.Column("bot", sa.String(length=100), nullable=False),
        sa.Column("tat", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("bot", name=op.f("pk_send_budget")),
    )


def downgrade() -> None:
    """Drop send_budget."""
    op.drop_table("send_budget")
