"""ORM table of the reminder ledger: one row per reminder key, with its delivery state."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, Date, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from knowledge.db import Base, UtcDateTime

# pending: waiting for its instant (or a retry); claimed: a worker holds it under a lease;
# sent; failed: a permanent error or attempts used up (office admins are told); skipped: past
# the grace window, left for the digest; cancelled: the data no longer asks for it (the task
# was done, its deadline edited, the chat unbound).
LEDGER_STATUSES = ("pending", "claimed", "sent", "failed", "skipped", "cancelled")


class ReminderLedgerRow(Base):
    """One reminder: planned once per key, claimed under a lease, marked sent by its holder.

    No foreign key to assignments: what was sent stays on record after a document is
    replaced or removed.
    """

    __tablename__ = "reminder_ledger"
    __table_args__ = (
        CheckConstraint(
            f"status IN ({', '.join(repr(s) for s in LEDGER_STATUSES)})", name="status"
        ),
        # What a claim scans: due rows by state and time.
        Index("ix_reminder_ledger_status_available_at", "status", "available_at"),
        # A chat's earlier rows still waiting hold its later ones back (order per chat).
        Index(
            "ix_reminder_ledger_recipient_status_scheduled_at",
            "recipient",
            "status",
            "scheduled_at",
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # assignment|occurrence|platform:chat_id|kind, or digest|week|platform:chat_id
    key: Mapped[str] = mapped_column(String(300), unique=True)
    assignment_id: Mapped[int | None] = mapped_column(Integer, index=True)
    occurrence: Mapped[date] = mapped_column(Date)
    recipient: Mapped[str] = mapped_column(String(150))  # platform:chat_id
    kind: Mapped[str] = mapped_column(String(40))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    scheduled_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    available_at: Mapped[datetime] = mapped_column(UtcDateTime)  # not before (retry backoff)
    status: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    claimed_by: Mapped[str | None] = mapped_column(String(100))
    lease_until: Mapped[datetime | None] = mapped_column(UtcDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)


def table_names() -> frozenset[str]:
    """The tables this module defines."""
    return frozenset({str(ReminderLedgerRow.__tablename__)})
