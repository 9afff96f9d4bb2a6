"""Initial schema: documents, units and aliases, assignments, their units and occurrences.

Revision ID: 0001
Revises:
Create Date: 2026-11-28
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create every table of the knowledge index."""
    op.create_table(
        "documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("issuer", sa.Text(), nullable=True),
        sa.Column("issuer_folded", sa.Text(), nullable=True),
        sa.Column("parent_issuer", sa.Text(), nullable=True),
        sa.Column("number", sa.Text(), nullable=True),
        sa.Column("number_key", sa.String(length=200), nullable=True),
        sa.Column("number_seq", sa.Integer(), nullable=True),
        sa.Column("identity_key", sa.Text(), nullable=True),
        sa.Column("symbol", sa.Text(), nullable=True),
        sa.Column("doc_type", sa.String(length=40), nullable=True),
        sa.Column("doc_type_name", sa.Text(), nullable=True),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("place", sa.Text(), nullable=True),
        sa.Column("issued", sa.Date(), nullable=True),
        sa.Column("issued_text", sa.Text(), nullable=True),
        sa.Column("signer", sa.Text(), nullable=True),
        sa.Column("signer_title", sa.Text(), nullable=True),
        sa.Column("authority", sa.String(length=16), nullable=True),
        sa.Column("recipients", sa.JSON(), nullable=False),
        sa.Column("source_name", sa.Text(), nullable=False),
        sa.Column("source_format", sa.String(length=16), nullable=False),
        sa.Column("content_sha256", sa.String(length=64), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("text_folded", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("replaced_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "status IN ('live', 'review', 'replaced')", name=op.f("ck_documents_status")
        ),
        sa.ForeignKeyConstraint(
            ["replaced_by_id"],
            ["documents.id"],
            name=op.f("fk_documents_replaced_by_id_documents"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_documents")),
        sa.UniqueConstraint("content_sha256", name=op.f("uq_documents_content_sha256")),
    )
    for column in ("doc_type", "identity_key", "issued", "number_key", "number_seq", "status"):
        op.create_index(op.f(f"ix_documents_{column}"), "documents", [column])

    op.create_table(
        "units",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("name_folded", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("level", sa.String(length=40), nullable=True),
        sa.Column("registered", sa.Boolean(), nullable=False),
        sa.Column("members", sa.JSON(), nullable=False),
        sa.Column("merged_into_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["merged_into_id"],
            ["units.id"],
            name=op.f("fk_units_merged_into_id_units"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_units")),
        sa.UniqueConstraint("key", name=op.f("uq_units_key")),
    )
    op.create_index(op.f("ix_units_name_folded"), "units", ["name_folded"])

    op.create_table(
        "unit_aliases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("alias", sa.Text(), nullable=False),
        sa.Column("alias_folded", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["unit_id"],
            ["units.id"],
            name=op.f("fk_unit_aliases_unit_id_units"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_unit_aliases")),
        sa.UniqueConstraint("alias_folded", name=op.f("uq_unit_aliases_alias_folded")),
    )
    op.create_index(op.f("ix_unit_aliases_unit_id"), "unit_aliases", ["unit_id"])

    op.create_table(
        "assignments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("place", sa.Text(), nullable=False),
        sa.Column("task", sa.Text(), nullable=False),
        sa.Column("task_folded", sa.Text(), nullable=False),
        sa.Column("quote", sa.Text(), nullable=False),
        sa.Column("quote_folded", sa.Text(), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=True),
        sa.Column("deadline_time", sa.Time(), nullable=True),
        sa.Column("deadline_text", sa.Text(), nullable=True),
        sa.Column("deadline_start", sa.Date(), nullable=True),
        sa.Column("deadline_flags", sa.JSON(), nullable=False),
        sa.Column("recurrence_rule", sa.Text(), nullable=True),
        sa.Column("recurrence_text", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.CheckConstraint("status IN ('live', 'removed')", name=op.f("ck_assignments_status")),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_assignments_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assignments")),
    )
    for column in ("deadline", "document_id", "status"):
        op.create_index(op.f(f"ix_assignments_{column}"), "assignments", [column])

    op.create_table(
        "assignment_units",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assignment_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("name_as_written", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.CheckConstraint("role IN ('lead', 'cooperate')", name=op.f("ck_assignment_units_role")),
        sa.ForeignKeyConstraint(
            ["assignment_id"],
            ["assignments.id"],
            name=op.f("fk_assignment_units_assignment_id_assignments"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["units.id"], name=op.f("fk_assignment_units_unit_id_units")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assignment_units")),
        sa.UniqueConstraint(
            "assignment_id",
            "unit_id",
            "role",
            name=op.f("uq_assignment_units_assignment_id_unit_id_role"),
        ),
    )
    for column in ("assignment_id", "unit_id"):
        op.create_index(op.f(f"ix_assignment_units_{column}"), "assignment_units", [column])

    op.create_table(
        "assignment_occurrences",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assignment_id", sa.Integer(), nullable=False),
        sa.Column("due", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["assignment_id"],
            ["assignments.id"],
            name=op.f("fk_assignment_occurrences_assignment_id_assignments"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assignment_occurrences")),
        sa.UniqueConstraint(
            "assignment_id", "due", name=op.f("uq_assignment_occurrences_assignment_id_due")
        ),
    )
    for column in ("assignment_id", "due"):
        op.create_index(
            op.f(f"ix_assignment_occurrences_{column}"), "assignment_occurrences", [column]
        )


def downgrade() -> None:
    """Drop every table of the knowledge index, children first."""
    for table in (
        "assignment_occurrences",
        "assignment_units",
        "assignments",
        "unit_aliases",
        "units",
        "documents",
    ):
        # Dropping a table drops its indexes with it on both SQLite and PostgreSQL.
        op.drop_table(table)
