"""A reminder cancelled in the ledger bumps the data version (knowledge revision 0009).

A tick skips planning while the data version is the one it last planned at; a row cancelled
by another process (the sender finding a task gone, a replica planning from older data) must
make the next tick plan again, so that a reminder the data still asks for is reopened.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BUMP = "UPDATE data_version SET version = version + 1 WHERE id = 1"


def _run(sql: str) -> None:
    op.get_bind().exec_driver_sql(sql)


def upgrade() -> None:
    """Create the trigger on reminder_ledger."""
    if op.get_bind().dialect.name == "postgresql":
        # bump_data_version() comes with revision 0009
        _run(
            "CREATE CONSTRAINT TRIGGER dv_reminder_ledger AFTER UPDATE OF status "
            "ON reminder_ledger DEFERRABLE INITIALLY DEFERRED FOR EACH ROW "
            "WHEN (NEW.status = 'cancelled' AND OLD.status <> 'cancelled') "
            "EXECUTE FUNCTION bump_data_version()"
        )
        return
    _run(
        "CREATE TRIGGER dv_reminder_ledger_cancel AFTER UPDATE OF status ON reminder_ledger "
        "WHEN NEW.status = 'cancelled' AND OLD.status <> 'cancelled' "
        f"BEGIN {BUMP}; END"
    )


def downgrade() -> None:
    """Drop the trigger."""
    if op.get_bind().dialect.name == "postgresql":
        _run("DROP TRIGGER IF EXISTS dv_reminder_ledger ON reminder_ledger")
    else:
        _run("DROP TRIGGER IF EXISTS dv_reminder_ledger_cancel")
