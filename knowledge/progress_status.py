"""Progress values and statuses, pure: states, actions, reports, extensions, official status."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Protocol
from zoneinfo import ZoneInfo

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

    Labels live in handlers/texts/. DUE_SOON is an in-time task close to its deadline and
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
    """Why a progress request was refused; handlers/texts/ words each for users."""

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


class ProgressSnapshots(Protocol):
    """Where assignments stand: what answering reads of the progress store."""

    def current(self, assignment_ids: Iterable[int]) -> dict[int, ProgressSnapshot]:
        """Snapshots of the assignments given that have any report or extension."""
        ...
