"""Indexes that answer a unit's question from index pages alone.

A unit's question reads the ids of the unit's live assignments in deadline order: its links
in `assignment_units` by unit (then, to put the tasks it leads first, by unit and role), each
assignment's status, deadline, document and position, and each document's status. Through
the single-column indexes every one of those ~500 rows was a heap page visited (about 1,600
pages for one unit on the answer bench). These composite indexes hold every column the read
needs, so PostgreSQL scans them index-only once the visibility map is set (autovacuum or
VACUUM after a bulk load); a unit's ids query went from 2.7-3.0 to 1.1-1.3 ms there. The
index on `assignment_units (unit_id)` is a prefix of the new one and is dropped.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create the covering indexes; drop the unit index they make redundant."""
    op.create_index(
        "ix_assignment_units_unit_role",
        "assignment_units",
        ["unit_id", "role", "assignment_id"],
    )
    op.drop_index(op.f("ix_assignment_units_unit_id"), table_name="assignment_units")
    op.create_index(
        "ix_assignments_id_filter",
        "assignments",
        ["id", "status", "deadline", "document_id", "position"],
    )
    op.create_index("ix_documents_id_status", "documents", ["id", "status"])


def downgrade() -> None:
    """Drop the covering indexes; restore the unit index."""
    op.drop_index("ix_documents_id_status", table_name="documents")
    op.drop_index("ix_assignments_id_filter", table_name="assignments")
    op.create_index(op.f("ix_assignment_units_unit_id"), "assignment_units", ["unit_id"])
    op.drop_index("ix_assignment_units_unit_role", table_name="assignment_units")
