"""Progress: reports per assignment (or occurrence), extension requests, the audit trail.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-08
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _assignment_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["assignment_id"],
        ["assignments.id"],
        name=op.f(f"fk_{table}_assignment_id_assignments"),
        ondelete="CASCADE",
    )


def upgrade() -> None:
    """Create the progress tables."""
    op.create_table(
        "progress_reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assignment_id", sa.Integer(), nullable=False),
        sa.Column("occurrence", sa.Date(), nullable=True),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("percent", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("completed_on", sa.Date(), nullable=True),
        sa.Column("evidence_number", sa.Text(), nullable=True),
        sa.Column("evidence_file", sa.Text(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("reported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_platform", sa.String(length=20), nullable=False),
        sa.Column("actor_user_id", sa.String(length=100), nullable=False),
        sa.Column("actor_name", sa.Text(), nullable=False),
        sa.Column("chat_id", sa.String(length=100), nullable=True),
        sa.Column("confirmation", sa.String(length=16), nullable=False),
        sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("confirmed_by_platform", sa.String(length=20), nullable=True),
        sa.Column("confirmed_by_user_id", sa.String(length=100), nullable=True),
        sa.Column("confirmed_by_name", sa.Text(), nullable=True),
        sa.Column("confirmation_note", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "state IN ('in_progress', 'done', 'blocked')", name=op.f("ck_progress_reports_state")
        ),
        sa.CheckConstraint(
            "confirmation IN ('not_required', 'pending', 'confirmed', 'rejected')",
            name=op.f("ck_progress_reports_confirmation"),
        ),
        sa.CheckConstraint(
            "percent IS NULL OR (percent >= 0 AND percent <= 100)",
            name=op.f("ck_progress_reports_percent"),
        ),
        _assignment_fk("progress_reports"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_progress_reports")),
    )
    op.create_index(
        op.f("ix_progress_reports_assignment_id"), "progress_reports", ["assignment_id"]
    )
    op.create_index(
        "ix_progress_reports_latest", "progress_reports", ["assignment_id", "occurrence", "id"]
    )

    op.create_table(
        "extension_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assignment_id", sa.Integer(), nullable=False),
        sa.Column("occurrence", sa.Date(), nullable=True),
        sa.Column("previous_due", sa.Date(), nullable=False),
        sa.Column("proposed_due", sa.Date(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("requester_platform", sa.String(length=20), nullable=False),
        sa.Column("requester_user_id", sa.String(length=100), nullable=False),
        sa.Column("requester_name", sa.Text(), nullable=False),
        sa.Column("chat_id", sa.String(length=100), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decider_platform", sa.String(length=20), nullable=True),
        sa.Column("decider_user_id", sa.String(length=100), nullable=True),
        sa.Column("decider_name", sa.Text(), nullable=True),
        sa.Column("approved_due", sa.Date(), nullable=True),
        sa.Column("decision_note", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "state IN ('pending', 'approved', 'refused')",
            name=op.f("ck_extension_requests_state"),
        ),
        _assignment_fk("extension_requests"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_extension_requests")),
    )
    for column in ("assignment_id", "state"):
        op.create_index(op.f(f"ix_extension_requests_{column}"), "extension_requests", [column])

    op.create_table(
        "progress_audit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("assignment_id", sa.Integer(), nullable=True),
        sa.Column("occurrence", sa.Date(), nullable=True),
        sa.Column("actor_platform", sa.String(length=20), nullable=False),
        sa.Column("actor_user_id", sa.String(length=100), nullable=False),
        sa.Column("actor_name", sa.Text(), nullable=False),
        sa.Column("chat_id", sa.String(length=100), nullable=True),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("before", sa.JSON(), nullable=True),
        sa.Column("after", sa.JSON(), nullable=True),
        sa.Column("accepted", sa.Boolean(), nullable=False),
        sa.Column("refusal", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_progress_audit")),
    )
    for column in ("at", "assignment_id"):
        op.create_index(op.f(f"ix_progress_audit_{column}"), "progress_audit", [column])


def downgrade() -> None:
    """Drop the progress tables."""
    op.drop_table("progress_audit")
    op.drop_table("extension_requests")
    op.drop_table("progress_reports")
