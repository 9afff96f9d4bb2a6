"""Progress report data: one row per assignment (or occurrence), counts by unit and document."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, Connection, and_, or_, select
from sqlalchemy.orm import Session, sessionmaker

from knowledge.calendar import WorkCalendar
from knowledge.db import among
from knowledge.models import (
    AssignmentRow,
    AssignmentUnitRow,
    DocumentRow,
    OccurrenceRow,
    UnitRow,
    with_groups_holding,
)
from knowledge.progress import (
    VIETNAM,
    ExtensionRow,
    ExtensionState,
    ProgressSnapshot,
    ProgressState,
    Status,
    current_occurrence,
    effective_deadline,
    load_snapshots,
    official_status,
)
from knowledge.text import fold

# Assignment ids read per IN list (SQLite's bound-parameter limit is 32,766).
_ID_CHUNK = 5_000


class ReportRow(NamedTuple):
    """One assignment, or one occurrence of a recurring assignment, with its status.

    A named tuple: a report makes one per assignment, and a tuple is built several times
    faster than a frozen dataclass and takes less memory.
    """

    assignment_id: int
    occurrence: date | None
    document_id: int
    document_number: str | None
    document_type_name: str | None
    document_issued: date | None
    document_title: str | None
    place: str  # the item in the document ("5", "II.2")
    task: str
    lead_keys: tuple[str, ...]
    lead_names: tuple[str, ...]  # registered names, in the document's order
    cooperate_names: tuple[str, ...]
    deadline: date | None  # as the document set it, or the occurrence
    deadline_text: str | None
    effective_deadline: date | None  # after an approved extension
    status: Status
    days_overdue: int  # working days past the deadline in force (0 unless overdue)
    progress_state: ProgressState | None
    percent: int | None
    note: str
    reason: str | None
    completed_on: date | None
    evidence_number: str | None
    evidence_file: str | None
    awaiting_confirmation: bool
    pending_extension_due: date | None
    reported_at: datetime | None

    @property
    def extended(self) -> bool:
        """An approved extension moved the deadline."""
        return self.effective_deadline != self.deadline


@dataclass(frozen=True)
class StatusCounts:
    """How many rows of a group are in each status."""

    counts: Mapping[Status, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        """Rows in the group."""
        return sum(self.counts.values())

    def get(self, status: Status) -> int:
        """Rows in `status` (0 when none)."""
        return self.counts.get(status, 0)

    @property
    def done(self) -> int:
        """Finished, on time or late."""
        return self.get(Status.DONE_ON_TIME) + self.get(Status.DONE_LATE)

    @property
    def overdue(self) -> int:
        """Open and past the deadline in force."""
        return self.get(Status.IN_PROGRESS_OVERDUE)


@dataclass(frozen=True)
class UnitCounts(StatusCounts):
    """Counts of one lead unit (an assignment with two lead units counts for both)."""

    unit_key: str = ""
    unit_name: str = ""


@dataclass(frozen=True)
class DocumentCounts(StatusCounts):
    """Counts of one document."""

    document_id: int = 0
    number: str | None = None
    type_name: str | None = None
    issued: date | None = None
    title: str | None = None


@dataclass(frozen=True)
class Report:
    """A progress report as of `today` over a period, and perhaps one unit's assignments.

    Rows are in document order. `overdue` holds the open overdue rows, worst (most working
    days late) first.
    """

    today: date
    start: date | None
    end: date | None
    unit_key: str | None
    unit_name: str | None
    rows: tuple[ReportRow, ...]
    by_unit: tuple[UnitCounts, ...]
    by_document: tuple[DocumentCounts, ...]
    overdue: tuple[ReportRow, ...]
    totals: StatusCounts


def _chunks(ids: Sequence[int]) -> Iterable[Sequence[int]]:
    for start in range(0, len(ids), _ID_CHUNK):
        yield ids[start : start + _ID_CHUNK]


def _conditions(
    unit_keys: set[str] | None, document_ids: Sequence[int] | None
) -> list[ColumnElement[bool]]:
    """Live assignments of live documents, led by one of `unit_keys`, in `document_ids`."""
    out: list[ColumnElement[bool]] = [
        AssignmentRow.status == "live",
        DocumentRow.status == "live",
    ]
    if unit_keys is not None:
        out.append(
            AssignmentRow.id.in_(
                select(AssignmentUnitRow.assignment_id)
                .join(UnitRow, UnitRow.id == AssignmentUnitRow.unit_id)
                .where(AssignmentUnitRow.role == "lead", UnitRow.key.in_(unit_keys))
            )
        )
    if document_ids is not None:
        out.append(AssignmentRow.document_id.in_(list(document_ids)))
    return out


def build_report(
    session_factory: sessionmaker[Session],
    calendar: WorkCalendar,
    today: date,
    *,
    start: date | None = None,
    end: date | None = None,
    unit_key: str | None = None,
    document_ids: Sequence[int] | None = None,
    soon_days: int = 3,
    zone: ZoneInfo = VIETNAM,
    expand_groups: bool = False,
) -> Report:
    """The report as of `today`.

    Without a period every live assignment is a row; a recurring one is judged by its current
    occurrence (the earliest not yet done). With a period (`start`, `end`, either may be open)
    a row is an assignment, or an occurrence, whose deadline in force falls in it; an
    assignment without a deadline is in it when its document was issued in it. `unit_key`
    keeps the assignments the unit leads (directly or through a group it belongs to).
    With `expand_groups` a task led by a group («Các phòng chuyên môn thuộc UBND huyện»)
    counts, in `by_unit`, for each of its member units instead of the group (rows keep the
    lead units as the document names them).
    """
    period = start is not None or end is not None
    rows: list[ReportRow] = []
    with session_factory() as session:
        # Column rows through Core: the ORM's row processing would double the time to read.
        connection = session.connection()
        dialect = connection.dialect.name
        unit_name: str | None = None
        unit_keys: set[str] | None = None
        if unit_key is not None:
            unit_name = session.scalar(select(UnitRow.name).where(UnitRow.key == unit_key))
            unit_keys = with_groups_holding(session, {unit_key})
        conditions = _conditions(unit_keys, document_ids)
        if period:
            conditions.append(_period_condition(start, end))
        # Ids first, in document order (undated documents last); then the rows are made a
        # batch of ids at a time, each batch's assignments, links and progress read and
        # dropped in turn: a report over 100,000 assignments holds its rows, never all that
        # they are made from besides.
        ordered = list(
            connection.scalars(
                select(AssignmentRow.id)
                .join(DocumentRow, DocumentRow.id == AssignmentRow.document_id)
                .where(*conditions)
                .order_by(
                    DocumentRow.issued.is_(None),
                    DocumentRow.issued,
                    AssignmentRow.document_id,
                    AssignmentRow.position,
                    AssignmentRow.id,
                )
            )
        )
        units = {
            unit_id: (key, name)
            for unit_id, key, name in connection.execute(
                select(UnitRow.id, UnitRow.key, UnitRow.name)
            )
        }
        members: dict[str, tuple[str, ...]] = {}
        if expand_groups:
            members = {
                key: tuple(keys or ())
                for key, keys in connection.execute(
                    select(UnitRow.key, UnitRow.members).where(UnitRow.merged_into_id.is_(None))
                )
                if keys
            }
        # Documents are read once each, not once per assignment: a report over 100,000
        # assignments would otherwise hold a copy of a document's title per task.
        documents: dict[int, Any] = {}  # id -> (id, number, type name, issued, title) row
        made = _RowMaker(today, calendar, soon_days, start, end)
        for batch in _chunks(ordered):
            assignments = {
                row.id: row
                for row in connection.execute(
                    select(
                        AssignmentRow.id,
                        AssignmentRow.document_id,
                        AssignmentRow.place,
                        AssignmentRow.task,
                        AssignmentRow.deadline,
                        AssignmentRow.deadline_text,
                        AssignmentRow.recurrence_rule,
                    ).where(among(AssignmentRow.id, batch, dialect))
                )
            }
            unread = sorted({row.document_id for row in assignments.values()} - set(documents))
            for group in _chunks(unread):
                for row in connection.execute(
                    select(
                        DocumentRow.id,
                        DocumentRow.number,
                        DocumentRow.doc_type_name,
                        DocumentRow.issued,
                        DocumentRow.title,
                    ).where(among(DocumentRow.id, group, dialect))
                ):
                    documents[row.id] = row
            links = _links(connection, batch, units)
            occurrences: dict[int, list[date]] = {}
            recurring = [i for i in batch if assignments[i].recurrence_rule]
            if recurring:
                for assignment_id, due in connection.execute(
                    select(OccurrenceRow.assignment_id, OccurrenceRow.due)
                    .where(among(OccurrenceRow.assignment_id, recurring, dialect))
                    .order_by(OccurrenceRow.assignment_id, OccurrenceRow.due)
                ):
                    occurrences.setdefault(assignment_id, []).append(due)
            snapshots = load_snapshots(session, batch, zone)
            for assignment_id in batch:
                a = assignments[assignment_id]
                made.rows_of(
                    rows,
                    a,
                    documents[a.document_id],
                    links.get(assignment_id, _NO_LINKS),
                    occurrences.get(assignment_id),
                    snapshots.get(assignment_id) or ProgressSnapshot(assignment_id),
                )
    member_units = _member_units(members, {key: name for key, name in units.values()})
    return _summarise(rows, today, start, end, unit_key, unit_name, member_units)


_Links = tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]
_NO_LINKS: _Links = ((), (), ())


def _links(
    connection: Connection, ids: Sequence[int], units: Mapping[int, tuple[str, str]]
) -> dict[int, _Links]:
    """Per assignment: lead keys, lead names, cooperating names, in the document's order."""
    found: dict[int, tuple[list[str], list[str], list[str]]] = {}
    for assignment_id, role, unit_id in connection.execute(
        select(AssignmentUnitRow.assignment_id, AssignmentUnitRow.role, AssignmentUnitRow.unit_id)
        .where(among(AssignmentUnitRow.assignment_id, ids, connection.dialect.name))
        .order_by(AssignmentUnitRow.assignment_id, AssignmentUnitRow.position)
    ):
        entry = found.get(assignment_id)
        if entry is None:
            entry = found[assignment_id] = ([], [], [])
        key, name = units[unit_id]
        if role == "lead":
            entry[0].append(key)
            entry[1].append(name)
        else:
            entry[2].append(name)
    return {i: (tuple(k), tuple(n), tuple(c)) for i, (k, n, c) in found.items()}


class _RowMaker:
    """Makes a report's rows as of `today`, sharing the values rows repeat (unit tuples, an
    item's place, a deadline's words): 100,000 rows hold one copy of each."""

    def __init__(
        self,
        today: date,
        calendar: WorkCalendar,
        soon_days: int,
        start: date | None,
        end: date | None,
    ) -> None:
        self.today = today
        self.calendar = calendar
        self.soon_days = soon_days
        self.start = start
        self.end = end
        self.period = start is not None or end is not None
        self._shared: dict[Any, Any] = {}

    def _once(self, value: Any) -> Any:
        return self._shared.setdefault(value, value)

    def rows_of(
        self,
        rows: list[ReportRow],
        a: Any,
        doc: Any,
        links: _Links,
        dates: list[date] | None,
        top: ProgressSnapshot,
    ) -> None:
        """Add the rows of assignment `a` (one, or one per occurrence in the period)."""
        today, calendar, once = self.today, self.calendar, self._once
        lead_keys, lead_names, cooperating = (once(part) for part in links)
        judged: Sequence[date | None]
        if not dates:
            judged = (None,)
        elif self.period:
            judged = dates
        else:
            picked = current_occurrence(dates, top)
            judged = (picked,) if picked is not None else ()
        for occurrence in judged:
            snapshot = top.for_occurrence(occurrence) if occurrence is not None else top
            due = occurrence if occurrence is not None else a.deadline
            extension = snapshot.approved_extension
            latest = snapshot.latest
            done_on = latest.completed_on if latest is not None and snapshot.done else None
            if done_on is not None and done_on > today:
                done_on = None  # as official_status: not finished yet as of today
            effective = effective_deadline(due, extension, today, done_on)
            if self.period and not _in_period(effective, doc.issued, self.start, self.end):
                continue
            status = official_status(due, extension, snapshot, today, calendar, self.soon_days)
            days_overdue = 0
            if status is Status.IN_PROGRESS_OVERDUE and effective is not None:
                days_overdue = calendar.working_days_between(
                    calendar.on_or_after(effective), today
                )
            pending = snapshot.pending_extension
            rows.append(
                ReportRow(
                    assignment_id=a.id,
                    occurrence=occurrence,
                    document_id=a.document_id,
                    document_number=doc.number,
                    document_type_name=doc.doc_type_name,
                    document_issued=doc.issued,
                    document_title=doc.title,
                    place=once(a.place or ""),
                    task=a.task,
                    lead_keys=lead_keys,
                    lead_names=lead_names,
                    cooperate_names=cooperating,
                    deadline=due,
                    deadline_text=once(a.deadline_text),
                    effective_deadline=effective,
                    status=status,
                    days_overdue=days_overdue,
                    progress_state=latest.state if latest is not None else None,
                    percent=latest.percent if latest is not None else None,
                    note=latest.note if latest is not None else "",
                    reason=latest.reason if latest is not None else None,
                    completed_on=latest.completed_on if latest is not None else None,
                    evidence_number=latest.evidence_number if latest is not None else None,
                    evidence_file=latest.evidence_file if latest is not None else None,
                    awaiting_confirmation=latest is not None and latest.awaiting_confirmation,
                    pending_extension_due=pending.proposed_due if pending is not None else None,
                    reported_at=latest.reported_at if latest is not None else None,
                )
            )


def _member_units(
    members: Mapping[str, tuple[str, ...]], names: Mapping[str, str]
) -> dict[str, tuple[tuple[str, str], ...]]:
    """Each group's member units (key, name), groups within groups opened, each unit once."""
    out: dict[str, tuple[tuple[str, str], ...]] = {}
    for group in members:
        found: list[tuple[str, str]] = []
        seen = {group}
        stack = list(reversed(members[group]))
        while stack:
            key = stack.pop()
            if key in seen:
                continue
            seen.add(key)
            if key in members:
                stack.extend(reversed(members[key]))
            elif key in names:
                found.append((key, names[key]))
        out[group] = tuple(found)
    return out


def _in_period(
    effective: date | None, issued: date | None, start: date | None, end: date | None
) -> bool:
    """The deadline in force (or, without one, the document's date) falls in [start, end]."""
    day = effective if effective is not None else issued
    if day is None:
        return False
    return (start is None or day >= start) and (end is None or day <= end)


def _period_condition(start: date | None, end: date | None) -> ColumnElement[bool]:
    """Assignments that may fall in the period, for SQL to keep; rows are checked exactly
    afterwards. An approved extension only ever moves a deadline later, so a deadline after
    `end` is out, and one before `start` is in only if some extension was approved."""
    dated: list[ColumnElement[bool]] = [AssignmentRow.deadline.is_not(None)]
    undated: list[ColumnElement[bool]] = [
        AssignmentRow.deadline.is_(None),
        AssignmentRow.recurrence_rule.is_(None),
    ]
    if end is not None:
        dated.append(AssignmentRow.deadline <= end)
        undated.append(DocumentRow.issued <= end)
    if start is not None:
        extended = select(ExtensionRow.assignment_id).where(
            ExtensionRow.state == ExtensionState.APPROVED.value
        )
        dated.append(or_(AssignmentRow.deadline >= start, AssignmentRow.id.in_(extended)))
        undated.append(DocumentRow.issued >= start)
    # Recurring assignments are kept whole: their occurrences are checked one by one.
    return or_(and_(*dated), and_(*undated), AssignmentRow.recurrence_rule.is_not(None))


def _summarise(
    rows: list[ReportRow],
    today: date,
    start: date | None,
    end: date | None,
    unit_key: str | None,
    unit_name: str | None,
    member_units: Mapping[str, tuple[tuple[str, str], ...]] | None = None,
) -> Report:
    by_unit: dict[str, Counter[Status]] = {}
    groups = member_units or {}
    unit_names: dict[str, str] = {}
    by_document: dict[int, Counter[Status]] = {}
    documents: dict[int, ReportRow] = {}
    totals: Counter[Status] = Counter()
    for row in rows:
        totals[row.status] += 1
        counted: dict[str, str] = {}
        for key, name in zip(row.lead_keys, row.lead_names, strict=True):
            opened = groups.get(key)
            for member_key, member_name in opened if opened else ((key, name),):
                counted.setdefault(member_key, member_name)
        for key, name in counted.items():  # a group and one of its members: counted once
            by_unit.setdefault(key, Counter())[row.status] += 1
            unit_names[key] = name
        by_document.setdefault(row.document_id, Counter())[row.status] += 1
        documents.setdefault(row.document_id, row)
    unit_counts = sorted(
        (UnitCounts(dict(c), key, unit_names[key]) for key, c in by_unit.items()),
        key=lambda u: (fold(u.unit_name), u.unit_key),
    )
    document_counts = [
        DocumentCounts(
            dict(c),
            document_id,
            documents[document_id].document_number,
            documents[document_id].document_type_name,
            documents[document_id].document_issued,
            documents[document_id].document_title,
        )
        for document_id, c in by_document.items()  # rows are in document order already
    ]
    overdue = sorted(
        (r for r in rows if r.status is Status.IN_PROGRESS_OVERDUE),
        key=lambda r: (-r.days_overdue, r.effective_deadline or date.max, r.assignment_id),
    )
    return Report(
        today=today,
        start=start,
        end=end,
        unit_key=unit_key,
        unit_name=unit_name,
        rows=tuple(rows),
        by_unit=tuple(unit_counts),
        by_document=tuple(document_counts),
        overdue=tuple(overdue),
        totals=StatusCounts(dict(totals)),
    )
