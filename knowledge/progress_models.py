"""Tables of progress: reports, extension requests and the audit trail."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from knowledge.db import Base, UtcDateTime
from knowledge.progress_status import (
    Confirmation,
    ExtensionState,
    ProgressState,
)

# --- ORM ----------------------------------------------------------------------------------

PROGRESS_STATES = tuple(s.value for s in ProgressState)
CONFIRMATIONS = tuple(c.value for c in Confirmation)
EXTENSION_STATES = tuple(s.value for s in ExtensionState)


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class ProgressReportRow(Base):
    """One report a unit made on an assignment (or on one occurrence of a recurring one).

    Reports are never edited except for the office's confirmation; the latest (highest id) per
    (assignment, occurrence) is the current state.
    """

    __tablename__ = "progress_reports"
    __table_args__ = (
        CheckConstraint(_in("state", PROGRESS_STATES), name="state"),
        CheckConstraint(_in("confirmation", CONFIRMATIONS), name="confirmation"),
        CheckConstraint("percent IS NULL OR (percent >= 0 AND percent <= 100)", name="percent"),
        Index("ix_progress_reports_latest", "assignment_id", "occurrence", "id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assignment_id: Mapped[int] = mapped_column(
        ForeignKey("assignments.id", ondelete="CASCADE"), index=True
    )
    occurrence: Mapped[date | None] = mapped_column(Date)
    state: Mapped[str] = mapped_column(String(16))
    percent: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(Text, default="")
    completed_on: Mapped[date | None] = mapped_column(Date)
    evidence_number: Mapped[str | None] = mapped_column(Text)  # "30/BC-NV"
    evidence_file: Mapped[str | None] = mapped_column(Text)  # a stored file's name
    reason: Mapped[str | None] = mapped_column(Text)  # what blocks the work
    reported_at: Mapped[datetime] = mapped_column(UtcDateTime)
    actor_platform: Mapped[str] = mapped_column(String(20))
    actor_user_id: Mapped[str] = mapped_column(String(100))
    actor_name: Mapped[str] = mapped_column(Text, default="")
    chat_id: Mapped[str | None] = mapped_column(String(100))
    confirmation: Mapped[str] = mapped_column(String(16), default=Confirmation.NOT_REQUIRED)
    confirmed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    confirmed_by_platform: Mapped[str | None] = mapped_column(String(20))
    confirmed_by_user_id: Mapped[str | None] = mapped_column(String(100))
    confirmed_by_name: Mapped[str | None] = mapped_column(Text)
    confirmation_note: Mapped[str | None] = mapped_column(Text)


class ExtensionRow(Base):
    """A request to move an assignment's deadline, and the office's decision on it."""

    __tablename__ = "extension_requests"
    __table_args__ = (CheckConstraint(_in("state", EXTENSION_STATES), name="state"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assignment_id: Mapped[int] = mapped_column(
        ForeignKey("assignments.id", ondelete="CASCADE"), index=True
    )
    occurrence: Mapped[date | None] = mapped_column(Date)
    previous_due: Mapped[date] = mapped_column(Date)  # the deadline in force when asked
    proposed_due: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text, default="")
    state: Mapped[str] = mapped_column(String(16), default=ExtensionState.PENDING, index=True)
    requested_at: Mapped[datetime] = mapped_column(UtcDateTime)
    requester_platform: Mapped[str] = mapped_column(String(20))
    requester_user_id: Mapped[str] = mapped_column(String(100))
    requester_name: Mapped[str] = mapped_column(Text, default="")
    chat_id: Mapped[str | None] = mapped_column(String(100))
    decided_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    decider_platform: Mapped[str | None] = mapped_column(String(20))
    decider_user_id: Mapped[str | None] = mapped_column(String(100))
    decider_name: Mapped[str | None] = mapped_column(Text)
    approved_due: Mapped[date | None] = mapped_column(Date)  # the office may grant another date
    decision_note: Mapped[str | None] = mapped_column(Text)


class ProgressAuditRow(Base):
    """Every progress change and every refused attempt: who, when, what, from which chat.

    No foreign key to the assignment: the trail outlives what it describes.
    """

    __tablename__ = "progress_audit"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    assignment_id: Mapped[int | None] = mapped_column(Integer, index=True)
    occurrence: Mapped[date | None] = mapped_column(Date)
    actor_platform: Mapped[str] = mapped_column(String(20))
    actor_user_id: Mapped[str] = mapped_column(String(100))
    actor_name: Mapped[str] = mapped_column(Text, default="")
    chat_id: Mapped[str | None] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(32))
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    accepted: Mapped[bool] = mapped_column(Boolean)
    refusal: Mapped[str | None] = mapped_column(Text)  # a ProgressProblem value, or the caller's


def table_names() -> frozenset[str]:
    """The tables this module adds to the shared Base."""
    rows: tuple[type[Base], ...] = (ProgressReportRow, ExtensionRow, ProgressAuditRow)
    return frozenset(str(row.__tablename__) for row in rows)
