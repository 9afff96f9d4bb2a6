"""Groups ask to be bound to a unit and the office decides; the access audit trail.

A group bound before this revision by someone who is not an office admin (any Telegram user
who creates a group is its admin) is not trusted: its binding becomes a pending request that
an office admin approves or refuses (/choduyet); until then the group gets nothing.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-20
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Bindings made by the command line or the demo are the operator's own.
_TRUSTED_BINDERS = ("cli", "demo", "")


def upgrade() -> None:
    """Create chat_binding_requests and access_audit; untrusted group bindings become requests."""
    op.create_table(
        "chat_binding_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("platform", sa.String(length=20), nullable=False),
        sa.Column("chat_id", sa.String(length=100), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("requested_by", sa.Text(), nullable=False),
        sa.Column("requester_name", sa.Text(), nullable=False),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_by", sa.Text(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "state IN ('pending', 'approved', 'refused', 'withdrawn')",
            name=op.f("ck_chat_binding_requests_state"),
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["units.id"], name=op.f("fk_chat_binding_requests_unit_id_units")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_chat_binding_requests")),
    )
    for column in ("chat_id", "unit_id", "state"):
        op.create_index(
            op.f(f"ix_chat_binding_requests_{column}"), "chat_binding_requests", [column]
        )

    op.create_table(
        "access_audit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("platform", sa.String(length=20), nullable=False),
        sa.Column("user_id", sa.String(length=100), nullable=False),
        sa.Column("actor_name", sa.Text(), nullable=False),
        sa.Column("chat_id", sa.String(length=100), nullable=True),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("target", sa.Text(), nullable=False),
        sa.Column("accepted", sa.Boolean(), nullable=False),
        sa.Column("refusal", sa.String(length=32), nullable=True),
        sa.Column("detail", sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_access_audit")),
    )
    op.create_index(op.f("ix_access_audit_at"), "access_audit", ["at"])

    _untrusted_bindings_to_requests()


def _untrusted_bindings_to_requests() -> None:
    bindings = sa.table(
        "chat_bindings",
        sa.column("id", sa.Integer()),
        sa.column("platform", sa.String()),
        sa.column("chat_id", sa.String()),
        sa.column("kind", sa.String()),
        sa.column("title", sa.Text()),
        sa.column("unit_id", sa.Integer()),
        sa.column("bound_by", sa.Text()),
        sa.column("bound_at", sa.DateTime(timezone=True)),
    )
    people = sa.table(
        "people",
        sa.column("platform", sa.String()),
        sa.column("user_id", sa.String()),
        sa.column("role", sa.String()),
    )
    requests = sa.table(
        "chat_binding_requests",
        sa.column("platform", sa.String()),
        sa.column("chat_id", sa.String()),
        sa.column("title", sa.Text()),
        sa.column("unit_id", sa.Integer()),
        sa.column("state", sa.String()),
        sa.column("requested_by", sa.Text()),
        sa.column("requester_name", sa.Text()),
        sa.column("requested_at", sa.DateTime(timezone=True)),
    )
    admins = sa.select(people.c.platform + ":" + people.c.user_id).where(
        people.c.role == "admin"
    )
    untrusted = (
        (bindings.c.kind == "group")
        & bindings.c.bound_by.not_in(_TRUSTED_BINDERS)
        & bindings.c.bound_by.not_in(admins)
    )
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(
            bindings.c.id,
            bindings.c.platform,
            bindings.c.chat_id,
            bindings.c.title,
            bindings.c.unit_id,
            bindings.c.bound_by,
            bindings.c.bound_at,
        ).where(untrusted)
    ).all()
    if not rows:
        return
    connection.execute(
        requests.insert(),
        [
            {
                "platform": row.platform,
                "chat_id": row.chat_id,
                "title": row.title,
                "unit_id": row.unit_id,
                "state": "pending",
                "requested_by": row.bound_by,
                "requester_name": "",
                "requested_at": row.bound_at,
            }
            for row in rows
        ],
    )
    connection.execute(bindings.delete().where(bindings.c.id.in_([row.id for row in rows])))


def downgrade() -> None:
    """Drop the tables of this revision (pending requests are lost; bindings stay)."""
    op.drop_index(op.f("ix_access_audit_at"), table_name="access_audit")
    op.drop_table("access_audit")
    for column in ("state", "unit_id", "chat_id"):
        op.drop_index(
            op.f(f"ix_chat_binding_requests_{column}"), table_name="chat_binding_requests"
        )
    op.drop_table("chat_binding_requests")
