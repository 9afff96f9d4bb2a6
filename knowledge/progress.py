"""Progress of assignments: reports, extensions, office confirmation, an audit trail, statuses."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Protocol
from zoneinfo import ZoneInfo

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    Row,
    String,
    Text,
    func,
    select,
)
from sqlalchemy.orm import Mapped, Session, mapped_column, sessionmaker

from knowledge.db import Base, UtcDateTime
from knowledge.models import AssignmentRow, DocumentRow, OccurrenceRow

if TYPE_CHECKING:
    from knowledge.calendar import WorkCalendar

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
# SQLite allows 32,766 bound parameters; PostgreSQL many more. Chunks keep both well clear.
_ID_CHUNK = 5_000


class ProgressState(StrEnum):
    """What a unit reports: đang thực hiện, hoàn thành, gặp vướng mắc."""

    IN_PROGRESS = "in_progress"
    DONE = "done"
    BLOCKED = "blocked"


class Confirmation(StrEnum):
    """Whether the office has accepted a "done" report (only asked when config requires it)."""

    NOT_REQUIRED = "not_required"
    PENDING = "pending"
    CONFIRMED = "confirmed"
    REJECTED = "rejected"


class ExtensionState(StrEnum):
    """Where an extension request (xin gia hạn) stands."""

    PENDING = "pending"
    APPROVED = "approved"
    REFUSED = "refused"


class Status(StrEnum):
    """The official statuses (QĐ 42/2014/QĐ-TTg) plus due soon and no deadline.

    Labels live in handlers/texts.py. DUE_SOON is an in-time task close to its deadline and
    counts as IN_PROGRESS_ON_TIME in the official four (see `official_four`).
    """

    DONE_ON_TIME = "done_on_time"
    DONE_LATE = "done_late"
    IN_PROGRESS_ON_TIME = "in_progress_on_time"
    DUE_SOON = "due_soon"
    IN_PROGRESS_OVERDUE = "in_progress_overdue"
    NO_DEADLINE = "no_deadline"


# Table and chart order: finished first, then open work from calm to alarming.
STATUS_ORDER: tuple[Status, ...] = tuple(Status)


def official_four(status: Status) -> Status:
    """The official status a computed one is reported under (due soon is still in time)."""
    return Status.IN_PROGRESS_ON_TIME if status is Status.DUE_SOON else status


class Action(StrEnum):
    """What an audit row records."""

    REPORT = "report"
    REQUEST_EXTENSION = "request_extension"
    DECIDE_EXTENSION = "decide_extension"
    CONFIRM_COMPLETION = "confirm_completion"


class ProgressProblem(StrEnum):
    """Why a progress request was refused; handlers/texts.py words each for users."""

    ASSIGNMENT_NOT_FOUND = "assignment_not_found"
    ASSIGNMENT_NOT_LIVE = "assignment_not_live"  # removed, or its document awaits review
    OCCURRENCE_NOT_FOUND = "occurrence_not_found"
    NOT_RECURRING = "not_recurring"
    BAD_PERCENT = "bad_percent"
    COMPLETED_IN_FUTURE = "completed_in_future"
    NO_DEADLINE = "no_deadline"  # nothing to extend
    EXTENSION_NOT_LATER = "extension_not_later"
    EXTENSION_PENDING = "extension_pending"
    EXTENSION_NOT_FOUND = "extension_not_found"
    EXTENSION_DECIDED = "extension_decided"
    ALREADY_DONE = "already_done"
    NOTHING_TO_CONFIRM = "nothing_to_confirm"
    # Permission refusals: decided in handlers/, recorded here through record_refusal.
    NOT_OWN_UNIT = "not_own_unit"
    NOT_OFFICE_ADMIN = "not_office_admin"


class ProgressError(Exception):
    """A refused progress request; the refusal is already in the audit trail."""

    def __init__(self, problem: ProgressProblem, detail: str = "") -> None:
        super().__init__(f"{problem.value}: {detail}".strip(": "))
        self.problem = problem
        self.detail = detail


@dataclass(frozen=True, slots=True)
class Actor:
    """Who asks for a change and from where: a person on a platform, in a chat."""

    platform: str  # "telegram", "zalo", "console", "cli"
    user_id: str
    display_name: str = ""
    chat_id: str | None = None  # the chat on `platform` the request came from


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


# --- plain values -------------------------------------------------------------------------

# Slots: a report over 100,000 assignments holds tens of thousands of these at once.


@dataclass(frozen=True, slots=True)
class ProgressReport:
    """One stored report, as plain data."""

    id: int
    assignment_id: int
    occurrence: date | None
    state: ProgressState
    percent: int | None
    note: str
    completed_on: date | None
    evidence_number: str | None
    evidence_file: str | None
    reason: str | None
    reported_at: datetime
    reported_by: Actor
    confirmation: Confirmation
    confirmed_at: datetime | None = None
    confirmed_by: Actor | None = None
    confirmation_note: str | None = None

    @property
    def counts_as_done(self) -> bool:
        """Done, and either no confirmation is needed or the office gave it."""
        return self.state is ProgressState.DONE and self.confirmation in (
            Confirmation.NOT_REQUIRED,
            Confirmation.CONFIRMED,
        )

    @property
    def awaiting_confirmation(self) -> bool:
        """Reported done; the office has not yet confirmed it."""
        return self.state is ProgressState.DONE and self.confirmation is Confirmation.PENDING


@dataclass(frozen=True, slots=True)
class Extension:
    """An extension request; `requested_on`/`decided_on` are local dates (office time zone)."""

    id: int
    assignment_id: int
    occurrence: date | None
    previous_due: date
    proposed_due: date
    reason: str
    state: ExtensionState
    requested_at: datetime
    requested_on: date
    requested_by: Actor
    decided_at: datetime | None = None
    decided_on: date | None = None
    decided_by: Actor | None = None
    approved_due: date | None = None
    decision_note: str | None = None

    @property
    def new_due(self) -> date | None:
        """The deadline this extension sets once approved (the office may change the date)."""
        if self.state is not ExtensionState.APPROVED:
            return None
        return self.approved_due or self.proposed_due


@dataclass(frozen=True, slots=True)
class ProgressSnapshot:
    """Where one assignment (or one occurrence of it) stands now.

    For a recurring assignment the top-level snapshot holds reports made without an
    occurrence (normally none) and `occurrences` one snapshot per occurrence reported on.
    """

    assignment_id: int
    occurrence: date | None = None
    latest: ProgressReport | None = None
    extensions: tuple[Extension, ...] = ()  # oldest first
    occurrences: tuple[ProgressSnapshot, ...] = ()

    @property
    def state(self) -> ProgressState | None:
        """The latest reported state; None when nobody has reported."""
        return self.latest.state if self.latest else None

    @property
    def done(self) -> bool:
        """The latest report is a completion that counts."""
        return self.latest is not None and self.latest.counts_as_done

    @property
    def approved_extension(self) -> Extension | None:
        """The latest approved extension, if any."""
        approved = [e for e in self.extensions if e.state is ExtensionState.APPROVED]
        return max(approved, key=lambda e: (e.decided_at or e.requested_at, e.id), default=None)

    @property
    def pending_extension(self) -> Extension | None:
        """The request awaiting the office, if any."""
        return next((e for e in self.extensions if e.state is ExtensionState.PENDING), None)

    def for_occurrence(self, occurrence: date) -> ProgressSnapshot:
        """The snapshot of one occurrence (an empty one when nothing was reported on it)."""
        for snapshot in self.occurrences:
            if snapshot.occurrence == occurrence:
                return snapshot
        return ProgressSnapshot(self.assignment_id, occurrence)


@dataclass(frozen=True)
class AuditEntry:
    """One row of the audit trail."""

    id: int
    at: datetime
    assignment_id: int | None
    occurrence: date | None
    actor: Actor
    action: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    accepted: bool
    refusal: str | None


# --- statuses (pure) ----------------------------------------------------------------------


def effective_deadline(
    deadline: date | None, extension: Extension | None, today: date, done_on: date | None = None
) -> date | None:
    """The deadline in force: an approved extension moves it once it is decided (by `today`).

    An extension asked for after the work was finished does not rewrite that finish.
    """
    if deadline is None or extension is None or extension.new_due is None:
        return deadline
    if extension.decided_on is not None and extension.decided_on > today:
        return deadline
    if done_on is not None and extension.requested_on > done_on:
        return deadline
    return extension.new_due


def official_status(
    deadline: date | None,
    extension: Extension | None,
    snapshot: ProgressSnapshot | None,
    today: date,
    calendar: WorkCalendar,
    soon_days: int,
) -> Status:
    """The status of an assignment (or one occurrence) with `deadline` as of `today`.

    A deadline that falls on a day off runs to the end of the next working day (Civil Code
    2015, art. 148.5). Done means a completion that counts (confirmed when the office requires
    it) dated no later than `today`. A done task without a deadline is done on time. An open
    task is due soon when its deadline is at most `soon_days` working days away (0: never).
    """
    done_on: date | None = None
    if snapshot is not None and snapshot.latest is not None and snapshot.done:
        done_on = snapshot.latest.completed_on
        if done_on is not None and done_on > today:
            done_on = None
    due = effective_deadline(deadline, extension, today, done_on)
    cutoff = calendar.on_or_after(due) if due is not None else None
    if done_on is not None:
        if cutoff is None or done_on <= cutoff:
            return Status.DONE_ON_TIME
        return Status.DONE_LATE
    if cutoff is None:
        return Status.NO_DEADLINE
    if today > cutoff:
        return Status.IN_PROGRESS_OVERDUE
    if soon_days > 0 and _within_working_days(calendar, today, cutoff, soon_days):
        return Status.DUE_SOON
    return Status.IN_PROGRESS_ON_TIME


def _within_working_days(calendar: WorkCalendar, today: date, cutoff: date, n: int) -> bool:
    """At most `n` working days in (today, cutoff]; stops counting past `n`, so a deadline
    a year away costs a few steps, not a year's."""
    count = 0
    day = today
    while day < cutoff:
        day += timedelta(days=1)
        count += calendar.is_working_day(day)
        if count > n:
            return False
    return True


def current_occurrence(
    occurrences: Sequence[date], snapshot: ProgressSnapshot | None
) -> date | None:
    """The occurrence a recurring assignment's progress is about: the earliest one not yet
    reported done (a missed one comes before the next), else the last; None without any."""
    ordered = sorted(occurrences)
    for occurrence in ordered:
        latest = snapshot.for_occurrence(occurrence).latest if snapshot else None
        if not _reported_done(latest):
            return occurrence
    return ordered[-1] if ordered else None


def _reported_done(report: ProgressReport | None) -> bool:
    """Done and not refused by the office (a pending confirmation still holds the occurrence)."""
    return (
        report is not None
        and report.state is ProgressState.DONE
        and report.confirmation is not Confirmation.REJECTED
    )


@dataclass(frozen=True)
class StatusLine:
    """An assignment's status with what a reply or a report row shows next to it."""

    status: Status
    occurrence: date | None  # the occurrence judged, for a recurring assignment
    deadline: date | None  # as the document set it (or the occurrence)
    effective_deadline: date | None  # after an approved extension
    snapshot: ProgressSnapshot  # of the occurrence judged, for a recurring assignment
    extension: Extension | None  # the approved extension in force, if any

    @property
    def extended(self) -> bool:
        """An approved extension moved the deadline."""
        return self.effective_deadline != self.deadline


def status_line(
    deadline: date | None,
    occurrences: Sequence[date],
    snapshot: ProgressSnapshot | None,
    today: date,
    calendar: WorkCalendar,
    soon_days: int,
    assignment_id: int = 0,
) -> StatusLine:
    """The status of an assignment: of its current occurrence when it recurs."""
    top = snapshot or ProgressSnapshot(assignment_id)
    occurrence = current_occurrence(occurrences, top) if occurrences else None
    judged = top.for_occurrence(occurrence) if occurrence is not None else top
    due = occurrence if occurrence is not None else deadline
    extension = judged.approved_extension
    status = official_status(due, extension, judged, today, calendar, soon_days)
    done_on = judged.latest.completed_on if judged.done and judged.latest else None
    effective = effective_deadline(due, extension, today, done_on)
    in_force = extension if effective != due else None
    return StatusLine(status, occurrence, due, effective, judged, in_force)


# --- storage ------------------------------------------------------------------------------


class ProgressRepository(Protocol):
    """The store of progress reports, extension requests and the audit trail.

    Every method runs in its own transaction and writes one audit row. A refused request
    raises ProgressError after its refusal is recorded. Who may do what is decided by the
    caller (handlers/), which records its own refusals with `record_refusal`.
    """

    def report(
        self,
        assignment_id: int,
        actor: Actor,
        state: ProgressState,
        *,
        now: datetime,
        occurrence: date | None = None,
        percent: int | None = None,
        note: str = "",
        completed_on: date | None = None,
        evidence_number: str | None = None,
        evidence_file: str | None = None,
        reason: str | None = None,
    ) -> ProgressReport:
        """Record a report; a recurring assignment's goes to its current occurrence unless
        `occurrence` names one. "done" is dated today unless `completed_on` says otherwise."""
        ...

    def request_extension(
        self,
        assignment_id: int,
        actor: Actor,
        proposed_due: date,
        reason: str,
        *,
        now: datetime,
        occurrence: date | None = None,
    ) -> Extension:
        """Ask for a later deadline; it waits for an office decision."""
        ...

    def decide_extension(
        self,
        extension_id: int,
        actor: Actor,
        approve: bool,
        *,
        now: datetime,
        approved_due: date | None = None,
        note: str = "",
    ) -> Extension:
        """Approve (optionally to another date) or refuse a pending request."""
        ...

    def confirm_completion(
        self,
        assignment_id: int,
        actor: Actor,
        *,
        now: datetime,
        accept: bool = True,
        occurrence: date | None = None,
        note: str = "",
    ) -> ProgressReport:
        """Confirm (or reject) a completion awaiting the office."""
        ...

    def record_refusal(
        self,
        assignment_id: int | None,
        actor: Actor,
        action: Action,
        reason: ProgressProblem | str,
        *,
        now: datetime,
        attempted: Mapping[str, Any] | None = None,
        occurrence: date | None = None,
    ) -> AuditEntry:
        """Write a refused attempt to the audit trail (a permission refusal, say)."""
        ...

    def history(self, assignment_id: int) -> list[AuditEntry]:
        """The audit trail of one assignment, oldest first, refusals included."""
        ...

    def current(self, assignment_ids: Iterable[int]) -> dict[int, ProgressSnapshot]:
        """Snapshots of the assignments given that have any report or extension."""
        ...

    def pending_extensions(self) -> list[Extension]:
        """Every request awaiting the office, oldest first."""
        ...

    def pending_confirmations(self) -> list[ProgressReport]:
        """Every completion awaiting the office's confirmation, oldest first."""
        ...


def _actor(platform: str | None, user_id: str | None, name: str | None) -> Actor | None:
    if platform is None or user_id is None:
        return None
    return Actor(platform, user_id, name or "")


# Value -> member, looked up per stored row (calling the Enum costs several times more).
_STATES = {s.value: s for s in ProgressState}
_CONFIRMATIONS = {c.value: c for c in Confirmation}
_EXTENSION_STATES = {s.value: s for s in ExtensionState}


def _report(row: ProgressReportRow | Row[Any]) -> ProgressReport:
    """A report from its ORM row or a Core row of the same columns."""
    return ProgressReport(
        id=row.id,
        assignment_id=row.assignment_id,
        occurrence=row.occurrence,
        state=_STATES[row.state],
        percent=row.percent,
        note=row.note or "",
        completed_on=row.completed_on,
        evidence_number=row.evidence_number,
        evidence_file=row.evidence_file,
        reason=row.reason,
        reported_at=row.reported_at,
        reported_by=Actor(row.actor_platform, row.actor_user_id, row.actor_name, row.chat_id),
        confirmation=_CONFIRMATIONS[row.confirmation],
        confirmed_at=row.confirmed_at,
        confirmed_by=_actor(
            row.confirmed_by_platform, row.confirmed_by_user_id, row.confirmed_by_name
        ),
        confirmation_note=row.confirmation_note,
    )


def _extension(row: ExtensionRow | Row[Any], zone: ZoneInfo) -> Extension:
    """An extension request from its ORM row or a Core row of the same columns."""
    return Extension(
        id=row.id,
        assignment_id=row.assignment_id,
        occurrence=row.occurrence,
        previous_due=row.previous_due,
        proposed_due=row.proposed_due,
        reason=row.reason or "",
        state=_EXTENSION_STATES[row.state],
        requested_at=row.requested_at,
        requested_on=row.requested_at.astimezone(zone).date(),
        requested_by=Actor(
            row.requester_platform, row.requester_user_id, row.requester_name, row.chat_id
        ),
        decided_at=row.decided_at,
        decided_on=row.decided_at.astimezone(zone).date() if row.decided_at else None,
        decided_by=_actor(row.decider_platform, row.decider_user_id, row.decider_name),
        approved_due=row.approved_due,
        decision_note=row.decision_note,
    )


def _audit(row: ProgressAuditRow) -> AuditEntry:
    return AuditEntry(
        id=row.id,
        at=row.at,
        assignment_id=row.assignment_id,
        occurrence=row.occurrence,
        actor=Actor(row.actor_platform, row.actor_user_id, row.actor_name, row.chat_id),
        action=row.action,
        before=row.before,
        after=row.after,
        accepted=row.accepted,
        refusal=row.refusal,
    )


def _json_value(value: object) -> object:
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, StrEnum):
        return value.value
    return value


def _report_json(report: ProgressReport) -> dict[str, Any]:
    fields = {
        "state": report.state,
        "percent": report.percent,
        "note": report.note,
        "completed_on": report.completed_on,
        "evidence_number": report.evidence_number,
        "evidence_file": report.evidence_file,
        "reason": report.reason,
        "confirmation": report.confirmation,
    }
    if report.occurrence is not None:
        fields["occurrence"] = report.occurrence
    return {k: _json_value(v) for k, v in fields.items() if v is not None and v != ""}


def _extension_json(extension: Extension) -> dict[str, Any]:
    fields = {
        "id": extension.id,
        "occurrence": extension.occurrence,
        "previous_due": extension.previous_due,
        "proposed_due": extension.proposed_due,
        "reason": extension.reason,
        "state": extension.state,
        "approved_due": extension.approved_due,
        "decision_note": extension.decision_note,
    }
    return {k: _json_value(v) for k, v in fields.items() if v is not None and v != ""}


def _chunks(ids: Sequence[int]) -> Iterator[Sequence[int]]:
    for start in range(0, len(ids), _ID_CHUNK):
        yield ids[start : start + _ID_CHUNK]


def load_snapshots(
    session: Session, assignment_ids: Iterable[int] | None, zone: ZoneInfo = VIETNAM
) -> dict[int, ProgressSnapshot]:
    """Snapshots of the assignments given (None: every assignment with any progress).

    Two queries per chunk of ids: the latest report per (assignment, occurrence), and the
    extension requests; plain column rows, not ORM objects (a report over 100,000 assignments
    reads tens of thousands of them).
    """
    report_columns = ProgressReportRow.__table__.columns
    extension_columns = ExtensionRow.__table__.columns
    reports: dict[tuple[int, date | None], ProgressReport] = {}
    extensions: dict[tuple[int, date | None], list[Extension]] = {}
    groups: list[Sequence[int] | None]
    groups = list(_chunks(sorted(set(assignment_ids)))) if assignment_ids is not None else [None]
    for ids in groups:
        latest = select(func.max(ProgressReportRow.id)).group_by(
            ProgressReportRow.assignment_id, ProgressReportRow.occurrence
        )
        ext_stmt = select(*extension_columns).order_by(ExtensionRow.id)
        if ids is not None:
            latest = latest.where(ProgressReportRow.assignment_id.in_(ids))
            ext_stmt = ext_stmt.where(ExtensionRow.assignment_id.in_(ids))
        for row in session.execute(
            select(*report_columns).where(ProgressReportRow.id.in_(latest.scalar_subquery()))
        ):
            reports[(row.assignment_id, row.occurrence)] = _report(row)
        for ext in session.execute(ext_stmt):
            extensions.setdefault((ext.assignment_id, ext.occurrence), []).append(
                _extension(ext, zone)
            )
    keys = set(reports) | set(extensions)
    by_assignment: dict[int, list[date]] = {}
    for assignment_id, occurrence in keys:
        dates = by_assignment.setdefault(assignment_id, [])
        if occurrence is not None:
            dates.append(occurrence)
    out: dict[int, ProgressSnapshot] = {}
    for assignment_id, dates in by_assignment.items():
        out[assignment_id] = ProgressSnapshot(
            assignment_id,
            None,
            reports.get((assignment_id, None)),
            tuple(extensions.get((assignment_id, None), ())),
            tuple(
                ProgressSnapshot(
                    assignment_id,
                    d,
                    reports.get((assignment_id, d)),
                    tuple(extensions.get((assignment_id, d), ())),
                )
                for d in sorted(dates)
            ),
        )
    return out


class _Refused(Exception):
    """Raised inside a request's transaction; turned into an audit row and ProgressError."""

    def __init__(
        self, problem: ProgressProblem, detail: str = "", *, assignment_id: int | None = None
    ) -> None:
        super().__init__(problem.value)
        self.problem = problem
        self.detail = detail
        self.assignment_id = assignment_id


@dataclass
class _Target:
    """An assignment a request is about, loaded inside the request's session."""

    row: AssignmentRow
    occurrences: list[date] = field(default_factory=list)

    @property
    def recurring(self) -> bool:
        return bool(self.row.recurrence_rule) or bool(self.occurrences)


def _clean(fields: Mapping[str, object]) -> dict[str, Any]:
    """JSON-ready fields, the empty ones left out."""
    return {k: _json_value(v) for k, v in fields.items() if v is not None and v != ""}


class SqlProgressRepository:
    """ProgressRepository on SQLAlchemy, SQLite and PostgreSQL alike.

    `require_confirmation`: a "done" report waits for an office admin's confirmation before it
    counts. `zone`: the office's time zone, which turns `now` into today's date.
    """

    def __init__(
        self,
        session_factory: sessionmaker[Session],
        *,
        require_confirmation: bool = False,
        zone: ZoneInfo = VIETNAM,
    ) -> None:
        self._session_factory = session_factory
        self._require_confirmation = require_confirmation
        self._zone = zone

    @property
    def require_confirmation(self) -> bool:
        """Whether completions wait for the office."""
        return self._require_confirmation

    # --- helpers --------------------------------------------------------------------------

    def _today(self, now: datetime) -> date:
        if now.tzinfo is None:
            raise ValueError("naive datetime given as now")
        return now.astimezone(self._zone).date()

    @staticmethod
    def _audit_row(
        session: Session,
        *,
        now: datetime,
        assignment_id: int | None,
        occurrence: date | None,
        actor: Actor,
        action: Action,
        before: Mapping[str, Any] | None,
        after: Mapping[str, Any] | None,
        refusal: str | None = None,
    ) -> ProgressAuditRow:
        row = ProgressAuditRow(
            at=now,
            assignment_id=assignment_id,
            occurrence=occurrence,
            actor_platform=actor.platform,
            actor_user_id=actor.user_id,
            actor_name=actor.display_name,
            chat_id=actor.chat_id,
            action=action.value,
            before=dict(before) if before is not None else None,
            after=dict(after) if after is not None else None,
            accepted=refusal is None,
            refusal=refusal,
        )
        session.add(row)
        session.flush()
        return row

    @contextmanager
    def _refusals(
        self,
        *,
        now: datetime,
        actor: Actor,
        action: Action,
        attempted: Mapping[str, Any],
        assignment_id: int | None,
        occurrence: date | None,
    ) -> Iterator[None]:
        """Turn a _Refused raised inside into an audit row and a ProgressError.

        The request's transaction has been rolled back by then; the refusal gets its own.
        """
        try:
            yield
        except _Refused as refused:
            self.record_refusal(
                refused.assignment_id if refused.assignment_id is not None else assignment_id,
                actor,
                action,
                refused.problem,
                now=now,
                attempted=attempted,
                occurrence=occurrence,
            )
            raise ProgressError(refused.problem, refused.detail) from None

    @staticmethod
    def _target(session: Session, assignment_id: int) -> _Target:
        row = session.get(AssignmentRow, assignment_id)
        if row is None:
            raise _Refused(ProgressProblem.ASSIGNMENT_NOT_FOUND, str(assignment_id))
        document_status = session.scalar(
            select(DocumentRow.status).where(DocumentRow.id == row.document_id)
        )
        if row.status != "live" or document_status != "live":
            raise _Refused(ProgressProblem.ASSIGNMENT_NOT_LIVE, str(assignment_id))
        occurrences = list(
            session.scalars(
                select(OccurrenceRow.due)
                .where(OccurrenceRow.assignment_id == assignment_id)
                .order_by(OccurrenceRow.due)
            )
        )
        return _Target(row, occurrences)

    def _occurrence(
        self,
        session: Session,
        target: _Target,
        occurrence: date | None,
        pick: Callable[[_Target, ProgressSnapshot | None], date | None],
    ) -> date | None:
        """The occurrence a request is about: the one named (checked), or picked."""
        if not target.recurring:
            if occurrence is not None:
                raise _Refused(ProgressProblem.NOT_RECURRING, occurrence.isoformat())
            return None
        if occurrence is not None:
            if occurrence not in target.occurrences:
                raise _Refused(ProgressProblem.OCCURRENCE_NOT_FOUND, occurrence.isoformat())
            return occurrence
        snapshot = load_snapshots(session, [target.row.id], self._zone).get(target.row.id)
        return pick(target, snapshot)

    @staticmethod
    def _current_pick(target: _Target, snapshot: ProgressSnapshot | None) -> date | None:
        return current_occurrence(target.occurrences, snapshot)

    @staticmethod
    def _latest_row(
        session: Session, assignment_id: int, occurrence: date | None
    ) -> ProgressReportRow | None:
        stmt = select(ProgressReportRow).where(ProgressReportRow.assignment_id == assignment_id)
        stmt = stmt.where(
            ProgressReportRow.occurrence.is_(None)
            if occurrence is None
            else ProgressReportRow.occurrence == occurrence
        )
        return session.scalar(stmt.order_by(ProgressReportRow.id.desc()).limit(1))

    def _snapshot_of(
        self, session: Session, assignment_id: int, occurrence: date | None
    ) -> ProgressSnapshot:
        top = load_snapshots(session, [assignment_id], self._zone).get(assignment_id)
        if top is None:
            return ProgressSnapshot(assignment_id, occurrence)
        return top.for_occurrence(occurrence) if occurrence is not None else top

    # --- writes ---------------------------------------------------------------------------

    def report(
        self,
        assignment_id: int,
        actor: Actor,
        state: ProgressState,
        *,
        now: datetime,
        occurrence: date | None = None,
        percent: int | None = None,
        note: str = "",
        completed_on: date | None = None,
        evidence_number: str | None = None,
        evidence_file: str | None = None,
        reason: str | None = None,
    ) -> ProgressReport:
        """Record a report (see ProgressRepository.report)."""
        today = self._today(now)
        state = ProgressState(state)
        attempted = _clean(
            {
                "state": state,
                "occurrence": occurrence,
                "percent": percent,
                "note": note,
                "completed_on": completed_on,
                "evidence_number": evidence_number,
                "evidence_file": evidence_file,
                "reason": reason,
            }
        )
        with self._refusals(
            now=now,
            actor=actor,
            action=Action.REPORT,
            attempted=attempted,
            assignment_id=assignment_id,
            occurrence=occurrence,
        ):
            if percent is not None and not 0 <= percent <= 100:
                raise _Refused(ProgressProblem.BAD_PERCENT, str(percent))
            if state is ProgressState.DONE:
                completed_on = completed_on or today
                if completed_on > today:
                    raise _Refused(ProgressProblem.COMPLETED_IN_FUTURE, completed_on.isoformat())
                percent = 100
            else:
                completed_on = None
            with self._session_factory() as session, session.begin():
                target = self._target(session, assignment_id)
                chosen = self._occurrence(session, target, occurrence, self._current_pick)
                previous = self._latest_row(session, assignment_id, chosen)
                pending = state is ProgressState.DONE and self._require_confirmation
                row = ProgressReportRow(
                    assignment_id=assignment_id,
                    occurrence=chosen,
                    state=state.value,
                    percent=percent,
                    note=note.strip(),
                    completed_on=completed_on,
                    evidence_number=(evidence_number or "").strip() or None,
                    evidence_file=(evidence_file or "").strip() or None,
                    reason=(reason or "").strip() or None,
                    reported_at=now,
                    actor_platform=actor.platform,
                    actor_user_id=actor.user_id,
                    actor_name=actor.display_name,
                    chat_id=actor.chat_id,
                    confirmation=(
                        Confirmation.PENDING if pending else Confirmation.NOT_REQUIRED
                    ).value,
                )
                session.add(row)
                session.flush()
                stored = _report(row)
                self._audit_row(
                    session,
                    now=now,
                    assignment_id=assignment_id,
                    occurrence=chosen,
                    actor=actor,
                    action=Action.REPORT,
                    before=_report_json(_report(previous)) if previous is not None else None,
                    after=_report_json(stored),
                )
                return stored

    def request_extension(
        self,
        assignment_id: int,
        actor: Actor,
        proposed_due: date,
        reason: str,
        *,
        now: datetime,
        occurrence: date | None = None,
    ) -> Extension:
        """Ask for a later deadline (see ProgressRepository.request_extension)."""
        today = self._today(now)
        attempted = _clean(
            {"proposed_due": proposed_due, "reason": reason, "occurrence": occurrence}
        )
        with (
            self._refusals(
                now=now,
                actor=actor,
                action=Action.REQUEST_EXTENSION,
                attempted=attempted,
                assignment_id=assignment_id,
                occurrence=occurrence,
            ),
            self._session_factory() as session,
            session.begin(),
        ):
            target = self._target(session, assignment_id)
            chosen = self._occurrence(session, target, occurrence, self._current_pick)
            due = chosen if chosen is not None else target.row.deadline
            if due is None:
                raise _Refused(ProgressProblem.NO_DEADLINE, str(assignment_id))
            snapshot = self._snapshot_of(session, assignment_id, chosen)
            if snapshot.done:
                raise _Refused(ProgressProblem.ALREADY_DONE, str(assignment_id))
            pending = snapshot.pending_extension
            if pending is not None:
                raise _Refused(ProgressProblem.EXTENSION_PENDING, str(pending.id))
            in_force = effective_deadline(due, snapshot.approved_extension, today) or due
            if proposed_due <= in_force:
                raise _Refused(ProgressProblem.EXTENSION_NOT_LATER, in_force.isoformat())
            row = ExtensionRow(
                assignment_id=assignment_id,
                occurrence=chosen,
                previous_due=in_force,
                proposed_due=proposed_due,
                reason=reason.strip(),
                state=ExtensionState.PENDING.value,
                requested_at=now,
                requester_platform=actor.platform,
                requester_user_id=actor.user_id,
                requester_name=actor.display_name,
                chat_id=actor.chat_id,
            )
            session.add(row)
            session.flush()
            stored = _extension(row, self._zone)
            self._audit_row(
                session,
                now=now,
                assignment_id=assignment_id,
                occurrence=chosen,
                actor=actor,
                action=Action.REQUEST_EXTENSION,
                before=None,
                after=_extension_json(stored),
            )
            return stored

    def decide_extension(
        self,
        extension_id: int,
        actor: Actor,
        approve: bool,
        *,
        now: datetime,
        approved_due: date | None = None,
        note: str = "",
    ) -> Extension:
        """Approve or refuse a pending request (see ProgressRepository.decide_extension)."""
        self._today(now)
        attempted = _clean(
            {
                "extension_id": extension_id,
                "approve": approve,
                "approved_due": approved_due,
                "note": note,
            }
        )
        with (
            self._refusals(
                now=now,
                actor=actor,
                action=Action.DECIDE_EXTENSION,
                attempted=attempted,
                assignment_id=None,
                occurrence=None,
            ),
            self._session_factory() as session,
            session.begin(),
        ):
            row = session.get(ExtensionRow, extension_id)
            if row is None:
                raise _Refused(ProgressProblem.EXTENSION_NOT_FOUND, str(extension_id))
            if row.state != ExtensionState.PENDING.value:
                raise _Refused(
                    ProgressProblem.EXTENSION_DECIDED, row.state, assignment_id=row.assignment_id
                )
            if approve and approved_due is not None and approved_due <= row.previous_due:
                raise _Refused(
                    ProgressProblem.EXTENSION_NOT_LATER,
                    row.previous_due.isoformat(),
                    assignment_id=row.assignment_id,
                )
            before = _extension_json(_extension(row, self._zone))
            row.state = (ExtensionState.APPROVED if approve else ExtensionState.REFUSED).value
            row.decided_at = now
            row.decider_platform = actor.platform
            row.decider_user_id = actor.user_id
            row.decider_name = actor.display_name
            row.approved_due = approved_due if approve else None
            row.decision_note = note.strip() or None
            session.flush()
            stored = _extension(row, self._zone)
            self._audit_row(
                session,
                now=now,
                assignment_id=row.assignment_id,
                occurrence=row.occurrence,
                actor=actor,
                action=Action.DECIDE_EXTENSION,
                before=before,
                after=_extension_json(stored),
            )
            return stored

    def confirm_completion(
        self,
        assignment_id: int,
        actor: Actor,
        *,
        now: datetime,
        accept: bool = True,
        occurrence: date | None = None,
        note: str = "",
    ) -> ProgressReport:
        """Confirm or reject a completion (see ProgressRepository.confirm_completion)."""
        self._today(now)
        attempted = _clean({"accept": accept, "occurrence": occurrence, "note": note})

        def awaiting(target: _Target, snapshot: ProgressSnapshot | None) -> date | None:
            for d in target.occurrences:
                latest = snapshot.for_occurrence(d).latest if snapshot else None
                if latest is not None and latest.awaiting_confirmation:
                    return d
            return None

        with (
            self._refusals(
                now=now,
                actor=actor,
                action=Action.CONFIRM_COMPLETION,
                attempted=attempted,
                assignment_id=assignment_id,
                occurrence=occurrence,
            ),
            self._session_factory() as session,
            session.begin(),
        ):
            target = self._target(session, assignment_id)
            chosen = self._occurrence(session, target, occurrence, awaiting)
            row = self._latest_row(session, assignment_id, chosen)
            if row is None or not _report(row).awaiting_confirmation:
                raise _Refused(ProgressProblem.NOTHING_TO_CONFIRM, str(assignment_id))
            before = _report_json(_report(row))
            row.confirmation = (Confirmation.CONFIRMED if accept else Confirmation.REJECTED).value
            row.confirmed_at = now
            row.confirmed_by_platform = actor.platform
            row.confirmed_by_user_id = actor.user_id
            row.confirmed_by_name = actor.display_name
            row.confirmation_note = note.strip() or None
            session.flush()
            stored = _report(row)
            self._audit_row(
                session,
                now=now,
                assignment_id=assignment_id,
                occurrence=chosen,
                actor=actor,
                action=Action.CONFIRM_COMPLETION,
                before=before,
                after=_report_json(stored),
            )
            return stored

    def record_refusal(
        self,
        assignment_id: int | None,
        actor: Actor,
        action: Action,
        reason: ProgressProblem | str,
        *,
        now: datetime,
        attempted: Mapping[str, Any] | None = None,
        occurrence: date | None = None,
    ) -> AuditEntry:
        """Write a refused attempt to the audit trail."""
        self._today(now)  # a naive `now` is refused before anything is written
        with self._session_factory() as session, session.begin():
            row = self._audit_row(
                session,
                now=now,
                assignment_id=assignment_id,
                occurrence=occurrence,
                actor=actor,
                action=Action(action),
                before=None,
                after=_clean(attempted or {}),
                refusal=str(reason.value if isinstance(reason, ProgressProblem) else reason),
            )
            return _audit(row)

    # --- reads ----------------------------------------------------------------------------

    def history(self, assignment_id: int) -> list[AuditEntry]:
        """The audit trail of one assignment, oldest first."""
        with self._session_factory() as session:
            rows = session.scalars(
                select(ProgressAuditRow)
                .where(ProgressAuditRow.assignment_id == assignment_id)
                .order_by(ProgressAuditRow.id)
            )
            return [_audit(row) for row in rows]

    def current(self, assignment_ids: Iterable[int]) -> dict[int, ProgressSnapshot]:
        """Snapshots of the assignments given that have any report or extension."""
        with self._session_factory() as session:
            return load_snapshots(session, list(assignment_ids), self._zone)

    def pending_extensions(self) -> list[Extension]:
        """Every request awaiting the office, oldest first."""
        with self._session_factory() as session:
            rows = session.scalars(
                select(ExtensionRow)
                .where(ExtensionRow.state == ExtensionState.PENDING.value)
                .order_by(ExtensionRow.id)
            )
            return [_extension(row, self._zone) for row in rows]

    def pending_confirmations(self) -> list[ProgressReport]:
        """Every completion awaiting the office (only the latest report of each counts)."""
        with self._session_factory() as session:
            snapshots = load_snapshots(session, None, self._zone)
        out = [
            snap.latest
            for top in snapshots.values()
            for snap in (top, *top.occurrences)
            if snap.latest is not None and snap.latest.awaiting_confirmation
        ]
        return sorted(out, key=lambda r: r.id)
