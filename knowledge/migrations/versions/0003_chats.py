"""People and office roles, chats bound to units, and per-chat conversation memory.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create the people, chat_bindings and chat_memories tables."""
    op.create_table(
        "people",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("platform", sa.String(length=20), nullable=False),
        sa.Column("user_id", sa.String(length=100), nullable=False),
        sa.Column("display_name", sa.Text(), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=True),
        sa.Column("unit_id", sa.Integer(), nullable=True),
        sa.Column("registration", sa.String(length=16), nullable=False),
        sa.Column("private_chat_id", sa.String(length=100), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "role IS NULL OR role IN ('admin', 'leader')", name=op.f("ck_people_role")
        ),
        sa.CheckConstraint(
            "registration IN ('none', 'pending', 'approved', 'refused')",
            name=op.f("ck_people_registration"),
        ),
        sa.ForeignKeyConstraint(["unit_id"], ["units.id"], name=op.f("fk_people_unit_id_units")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_people")),
        sa.UniqueConstraint("platform", "user_id", name=op.f("uq_people_platform_user_id")),
    )
    op.create_index(op.f("ix_people_role"), "people", ["role"])
    op.create_index(op.f("ix_people_unit_id"), "people", ["unit_id"])

    op.create_table(
        "chat_bindings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("platform", sa.String(length=20), nullable=False),
        sa.Column("chat_id", sa.String(length=100), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("bound_by", sa.Text(), nullable=False),
        sa.Column("bound_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("kind IN ('private', 'group')", name=op.f("ck_chat_bindings_kind")),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["units.id"], name=op.f("fk_chat_bindings_unit_id_units")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_chat_bindings")),
        sa.UniqueConstraint(
            "platform", "chat_id", name=op.f("uq_chat_bindings_platform_chat_id")
        ),
    )
    op.create_index(op.f("ix_chat_bindings_unit_id"), "chat_bindings", ["unit_id"])
    op.create_index(op.f("ix_chat_bindings_active"), "chat_bindings", ["active"])

    op.create_table(
        "chat_memories",
        sa.Column("platform", sa.String(length=20), nullable=False),
        sa.Column("chat_id", sa.String(length=100), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("platform", "chat_id", name=op.f("pk_chat_memories")),
    )


def downgrade() -> None:
    """Drop the tables of this revision."""
    op.drop_table("chat_memories")
    op.drop_index(op.f("ix_chat_bindings_active"), table_name="chat_bindings")
    op.drop_index(op.f("ix_chat_bindings_unit_id"), table_name="chat_bindings")
    op.drop_table("chat_bindings")
    op.drop_index(op.f("ix_people_unit_id"), table_name="people")
    op.drop_index(op.f("ix_people_role"), table_name="people")
    op.drop_table("people")
