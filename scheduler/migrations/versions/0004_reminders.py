"""Reminder ledger: one row per reminder key with its delivery state, lease and attempts.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create the reminder_ledger table and its indexes."""
    op.create_table(
        "reminder_ledger",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=300), nullable=False),
        sa.Column("assignment_id", sa.Integer(), nullable=True),
        sa.Column("occurrence", sa.Date(), nullable=False),
        sa.Column("recipient", sa.String(length=150), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("scheduled_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("available_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("claimed_by", sa.String(length=100), nullable=True),
        sa.Column("lease_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "status IN ('pending', 'claimed', 'sent', 'failed', 'skipped', 'cancelled')",
            name=op.f("ck_reminder_ledger_status"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reminder_ledger")),
        sa.UniqueConstraint("key", name=op.f("uq_reminder_ledger_key")),
    )
    op.create_index(op.f("ix_reminder_ledger_assignment_id"), "reminder_ledger", ["assignment_id"])
    op.create_index(op.f("ix_reminder_ledger_scheduled_at"), "reminder_ledger", ["scheduled_at"])
    op.create_index(op.f("ix_reminder_ledger_updated_at"), "reminder_ledger", ["updated_at"])
    op.create_index(
        "ix_reminder_ledger_status_available_at", "reminder_ledger", ["status", "available_at"]
    )
    op.create_index(
        "ix_reminder_ledger_recipient_status_scheduled_at",
        "reminder_ledger",
        ["recipient", "status", "scheduled_at"],
    )


def downgrade() -> None:
    """Drop the ledger."""
    op.drop_index("ix_reminder_ledger_recipient_status_scheduled_at", table_name="reminder_ledger")
    op.drop_index("ix_reminder_ledger_status_available_at", table_name="reminder_ledger")
    op.drop_index(op.f("ix_reminder_ledger_updated_at"), table_name="reminder_ledger")
    op.drop_index(op.f("ix_reminder_ledger_scheduled_at"), table_name="reminder_ledger")
    op.drop_index(op.f("ix_reminder_ledger_assignment_id"), table_name="reminder_ledger")
    op.drop_table("reminder_ledger")
