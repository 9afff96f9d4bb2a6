"""A data version bumped by triggers whenever what reminders are planned from changes.

One row (`data_version`, id 1) counts the committed changes to documents, assignments, their
units and occurrences, units, progress reports, extension requests, chat bindings and the
people columns that decide who hears (role, unit, registration, private chat). A reminder tick
that finds the same version as its last plan reads nothing else. Triggers, not application
code, so every writer counts (ORM, Core bulk inserts, raw SQL). On SQLite (one writer at a
time) a row trigger bumps it at once; on PostgreSQL a deferred constraint trigger bumps it at
commit, so the row is locked only while a transaction commits, never while it runs.
`documents.ingested_at` gets an index: a tick asks whether any document is dated after now.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Every write to these tables changes what a tick may plan.
WATCHED = (
    "documents",
    "assignments",
    "assignment_units",
    "assignment_occurrences",
    "units",
    "progress_reports",
    "extension_requests",
    "chat_bindings",
)
# people rows are touched by every message (names, last seen): only these columns count.
PEOPLE_COLUMNS = "role, unit_id, registration, private_chat_id"
BUMP = "UPDATE data_version SET version = version + 1 WHERE id = 1"


def _run(sql: str) -> None:
    op.get_bind().exec_driver_sql(sql)


def _sqlite_triggers() -> list[tuple[str, str]]:
    """(name, event clause) of each SQLite trigger."""
    out = []
    for table in WATCHED:
        for event in ("INSERT", "UPDATE", "DELETE"):
            out.append((f"dv_{table}_{event.lower()}", f"AFTER {event} ON {table}"))
    out.append(("dv_people_insert", "AFTER INSERT ON people"))
    out.append(("dv_people_update", f"AFTER UPDATE OF {PEOPLE_COLUMNS} ON people"))
    out.append(("dv_people_delete", "AFTER DELETE ON people"))
    return out


def upgrade() -> None:
    """Create data_version, its triggers and the index on documents.ingested_at."""
    op.create_table(
        "data_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_data_version")),
    )
    _run("INSERT INTO data_version (id, version) VALUES (1, 0)")
    op.create_index(op.f("ix_documents_ingested_at"), "documents", ["ingested_at"])
    if op.get_bind().dialect.name == "postgresql":
        _run(
            "CREATE FUNCTION bump_data_version() RETURNS trigger LANGUAGE plpgsql AS "
            f"$$ BEGIN {BUMP}; RETURN NULL; END $$"
        )
        for table in WATCHED:
            _run(
                f"CREATE CONSTRAINT TRIGGER dv_{table} AFTER INSERT OR UPDATE OR DELETE "
                f"ON {table} DEFERRABLE INITIALLY DEFERRED FOR EACH ROW "
                "EXECUTE FUNCTION bump_data_version()"
            )
        _run(
            "CREATE CONSTRAINT TRIGGER dv_people AFTER INSERT OR DELETE OR UPDATE OF "
            f"{PEOPLE_COLUMNS} ON people DEFERRABLE INITIALLY DEFERRED FOR EACH ROW "
            "EXECUTE FUNCTION bump_data_version()"
        )
        return
    for name, clause in _sqlite_triggers():
        _run(f"CREATE TRIGGER {name} {clause} BEGIN {BUMP}; END")


def downgrade() -> None:
    """Drop the triggers, the index and data_version."""
    if op.get_bind().dialect.name == "postgresql":
        for table in (*WATCHED, "people"):
            _run(f"DROP TRIGGER IF EXISTS dv_{table} ON {table}")
        _run("DROP FUNCTION IF EXISTS bump_data_version()")
    else:
        for name, _clause in _sqlite_triggers():
            _run(f"DROP TRIGGER IF EXISTS {name}")
    op.drop_index(op.f("ix_documents_ingested_at"), table_name="documents")
    op.drop_table("data_version")
