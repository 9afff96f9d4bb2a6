"""What the policy reads from the database: open assignments as snapshots, and who hears.

Assignments are live when they and their document are ("review" documents wait for the
office). A task reported done stops its reminders at once, even while the office has still
to confirm the report (a refused report starts them again); an approved extension moves the
date reminded about, as an edited deadline would.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Hashable, Sequence
from datetime import date, datetime, timedelta
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from sqlalchemy import (
    BindParameter,
    ColumnElement,
    Connection,
    Date,
    Integer,
    Select,
    String,
    bindparam,
    cast,
    exists,
    func,
    select,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import QueryableAttribute, Session, sessionmaker

from knowledge.chats import ChatDirectory, Role
from knowledge.data_version import data_version
from knowledge.models import AssignmentRow, AssignmentUnitRow, DocumentRow, OccurrenceRow, UnitRow
from knowledge.progress import (
    Confirmation,
    ExtensionRow,
    ExtensionState,
    ProgressReportRow,
    ProgressSnapshot,
    ProgressState,
    effective_deadline,
    load_snapshots,
)
from scheduler.clock import Clock
from scheduler.messenger import ChatTarget
from scheduler.payload import AssignmentFacts
from scheduler.policy import (
    AssignmentSnapshot,
    OverdueCount,
    merge_overdue,
    overdue_by_unit,
)

# Select's type parameters differ between SQLAlchemy 2.0 and 2.1; stay generic over them.
_SelectT = TypeVar("_SelectT", bound="Select[Any]")
_DONE = ProgressState.DONE.value
_REJECTED = Confirmation.REJECTED.value


def _between(
    column: ColumnElement[Any] | QueryableAttribute[Any], first: date | None, last: date
) -> ColumnElement[bool]:
    return column <= last if first is None else column.between(first, last)


# The open tasks due before :day by lead unit (SqlSnapshotSource.overdue): one-off tasks by
# their deadline, recurring ones by each occurrence, "done" when the latest report of that task
# and occurrence says so and the office has not refused it; tasks with an approved extension
# are left to the snapshots. PostgreSQL counts both kinds in one aggregate and finds each
# latest report by one `DISTINCT ON` sort (80 ms of lookups by id before).
_PG_OVERDUE_SQL = """
WITH stops AS (
  SELECT assignment_id, occurrence FROM (
    SELECT DISTINCT ON (assignment_id, occurrence) assignment_id, occurrence, state, confirmation
    FROM progress_reports ORDER BY assignment_id, occurrence, id DESC
  ) AS latest WHERE state = :done AND confirmation <> :rejected
), extended AS (
  SELECT assignment_id FROM extension_requests WHERE state = :approved
), items AS (
  SELECT a.id AS id, a.deadline AS due
  FROM assignments AS a
  JOIN documents AS d ON d.id = a.document_id
  WHERE a.status = 'live' AND d.status = 'live' AND a.deadline < :day
    AND NOT EXISTS (SELECT 1 FROM assignment_occurrences AS o WHERE o.assignment_id = a.id)
    AND NOT EXISTS (
      SELECT 1 FROM stops AS s WHERE s.assignment_id = a.id AND s.occurrence IS NULL
    )
    AND a.id NOT IN (SELECT assignment_id FROM extended)
  UNION ALL
  SELECT a.id, o.due
  FROM assignment_occurrences AS o
  CROSS JOIN assignments AS a
  JOIN documents AS d ON d.id = a.document_id
  WHERE a.id = o.assignment_id AND o.due < :day
    AND a.status = 'live' AND d.status = 'live'
    AND NOT EXISTS (
      SELECT 1 FROM stops AS s WHERE s.assignment_id = a.id AND s.occurrence = o.due
    )
    AND a.id NOT IN (SELECT assignment_id FROM extended)
)
SELECT au.unit_id AS unit, count(*) AS n, min(i.due) AS oldest
FROM items AS i
LEFT JOIN assignment_units AS au ON au.assignment_id = i.id AND au.role = 'lead'
GROUP BY au.unit_id
"""
# SQLite counts the one-off tasks and the occurrences in two aggregates (their counts are
# added per unit afterwards): the same union read as one co-routine and grouped after a join
# took 310-420 ms at 100,000 tasks, the two 160-230 ms. Each reads through the index named:
# without statistics SQLite would take every live task by the status index and read its row;
# the narrow covering index on (id, status, deadline, document_id) is read whole instead, no
# task row touched; the occurrences, a narrow table, are read whole (by the due-date index,
# each of 17,000 rows was a page visit: 170-290 ms where the whole table takes 45-110). Each
# task's latest report is one probe of the (assignment, occurrence, id)
# index, where a set of the latest done reports was built and searched before.
_SQLITE_LATEST_STOPS = """coalesce((
      SELECT p.state = :done AND p.confirmation <> :rejected FROM progress_reports AS p
      WHERE p.assignment_id = a.id AND p.occurrence {occurrence} ORDER BY p.id DESC LIMIT 1
    ), 0) = 0"""
_SQLITE_OVERDUE_SQL = (
    f"""
SELECT au.unit_id AS unit, count(*) AS n, min(a.deadline) AS oldest
FROM assignments AS a INDEXED BY ix_assignments_id_filter
JOIN documents AS d INDEXED BY ix_documents_id_status ON d.id = a.document_id
LEFT JOIN assignment_units AS au ON au.assignment_id = a.id AND au.role = 'lead'
WHERE a.status = 'live' AND d.status = 'live' AND a.deadline < :day
  AND NOT EXISTS (SELECT 1 FROM assignment_occurrences AS o WHERE o.assignment_id = a.id)
  AND {_SQLITE_LATEST_STOPS.format(occurrence="IS NULL")}
  AND a.id NOT IN (SELECT assignment_id FROM extension_requests WHERE state = :approved)
GROUP BY au.unit_id
""",
    f"""
SELECT au.unit_id AS unit, count(*) AS n, min(o.due) AS oldest
FROM assignment_occurrences AS o NOT INDEXED
CROSS JOIN assignments AS a INDEXED BY ix_assignments_id_filter
JOIN documents AS d INDEXED BY ix_documents_id_status ON d.id = a.document_id
LEFT JOIN assignment_units AS au ON au.assignment_id = a.id AND au.role = 'lead'
WHERE a.id = o.assignment_id AND o.due < :day AND a.status = 'live' AND d.status = 'live'
  AND {_SQLITE_LATEST_STOPS.format(occurrence="= o.due")}
  AND a.id NOT IN (SELECT assignment_id FROM extension_requests WHERE state = :approved)
GROUP BY au.unit_id
""",
)
_SQLITE_INDEXES = {
    "assignments": " INDEXED BY ix_assignments_id_filter",
    "documents": " INDEXED BY ix_documents_id_status",
    "occurrences": " INDEXED BY ix_assignment_occurrences_due",
    "deadlines": " INDEXED BY ix_assignments_deadline",
}
_NO_INDEXES = dict.fromkeys(_SQLITE_INDEXES, "")
# Live assignments with a deadline, an occurrence or an approved new date in range, each
# branch from its due-date index (on SQLite by name, as above: the status index would be
# walked instead, 120 ms for a week's range at 100,000 assignments).
_CANDIDATES_SQL = """
SELECT a.id FROM assignments AS a{deadlines}
JOIN documents AS d{documents} ON d.id = a.document_id
WHERE a.deadline {dates} AND a.status = 'live' AND d.status = 'live'
UNION
SELECT a.id FROM assignment_occurrences AS o{occurrences}
CROSS JOIN assignments AS a{assignments}
JOIN documents AS d{documents} ON d.id = a.document_id
WHERE a.id = o.assignment_id AND o.due {dates} AND a.status = 'live' AND d.status = 'live'
UNION
SELECT a.id FROM extension_requests AS e
JOIN assignments AS a ON a.id = e.assignment_id
JOIN documents AS d ON d.id = a.document_id
WHERE e.state = :approved AND coalesce(e.approved_due, e.proposed_due) {low}
  AND a.status = 'live' AND d.status = 'live'
"""


class SqlSnapshotSource:
    """SnapshotSource over the knowledge tables and the progress reports."""

    def __init__(
        self,
        session_factory: sessionmaker[Session],
        clock: Clock,
        *,
        zone: ZoneInfo | None = None,
    ) -> None:
        """`clock` and `zone` give "today", the day extensions are judged on."""
        self._sessions = session_factory
        self._clock = clock
        self._zone = zone or ZoneInfo("Asia/Ho_Chi_Minh")

    @staticmethod
    def _live(stmt: _SelectT) -> _SelectT:
        return stmt.join(DocumentRow, DocumentRow.id == AssignmentRow.document_id).where(
            AssignmentRow.status == "live", DocumentRow.status == "live"
        )

    def candidate_ids(
        self,
        session: Session,
        first_due: date | None,
        last_due: date,
        days: Collection[date] | None = None,
    ) -> list[int]:
        """Live assignments with a deadline, an occurrence or an approved new date in range;
        with `days`, only deadlines and occurrences on those days (an approved new date
        anywhere in range still counts: the few extended tasks are judged on "today")."""
        connection = session.connection()
        sqlite = connection.dialect.name == "sqlite"
        indexes = _SQLITE_INDEXES if sqlite else _NO_INDEXES
        bounds: list[BindParameter[Any]] = [bindparam("last", last_due, type_=Date)]
        low = "<= :last"
        if first_due is not None:
            bounds.append(bindparam("first", first_due, type_=Date))
            low = "BETWEEN :first AND :last"
        dates = low
        if days is not None:
            wanted = sorted(
                d for d in days if (first_due is None or first_due <= d) and d <= last_due
            )
            if sqlite:
                # the dates as SQLite stores them (ISO text), looked up one by one in the index
                bounds.append(
                    bindparam("days", json.dumps([d.isoformat() for d in wanted]), type_=String)
                )
                dates = "IN (SELECT value FROM json_each(:days))"
            else:
                bounds.append(bindparam("days", wanted, type_=ARRAY(Date)))
                dates = "= ANY(:days)"
        found = connection.execute(
            text(_CANDIDATES_SQL.format(low=low, dates=dates, **indexes)).bindparams(
                *bounds, approved=ExtensionState.APPROVED.value
            )
        )
        return sorted(set(found.scalars().all()))

    def version(self, now: datetime) -> tuple[int, datetime | None]:
        """What the snapshots depend on besides the time: the data version, and the first
        ingest dated after `now` (knowledge.data_version). Read it before the snapshots."""
        with self._sessions() as session:
            return data_version(session.connection(), now)

    def snapshots(
        self,
        first_due: date | None,
        last_due: date,
        *,
        days: Collection[date] | None = None,
        detail_days: Collection[date] | None = None,
    ) -> list[AssignmentSnapshot]:
        """Open assignments due in [first_due, last_due] (None: up to last_due), as snapshots;
        with `days`, those due on one of them (candidate_ids).

        With `detail_days`, only assignments due on one of them carry their facts. Plain
        column rows, the ids passed as one parameter: without a lower bound this reads every
        open assignment, tens of thousands of them (the digest counts those by `overdue`).
        """
        with self._sessions() as session:
            ids = self.candidate_ids(session, first_due, last_due, days)
            return self._build(session, ids, first_due, last_due, detail_days)

    def _build(
        self,
        session: Session,
        ids: list[int],
        first_due: date | None,
        last_due: date,
        detail_days: Collection[date] | None = None,
    ) -> list[AssignmentSnapshot]:
        """The snapshots of `ids`, with their occurrences in [first_due, last_due]."""
        now = self._clock.now()
        today = now.astimezone(self._zone).date()
        if not ids:
            return []
        connection = session.connection()
        done, extended = self._progress(session, ids, first_due is None)
        # Occurrences an approved extension moves are read whatever their date.
        moved = [a for a, snapshot in extended.items() if snapshot.occurrences]
        occurrences: dict[int, list[date]] = {}
        for assignment_id, due in connection.execute(
            select(OccurrenceRow.assignment_id, OccurrenceRow.due)
            .where(
                _among(connection, OccurrenceRow.assignment_id, ids),
                _between(OccurrenceRow.due, first_due, last_due),
            )
            .order_by(OccurrenceRow.assignment_id, OccurrenceRow.due)
        ).all():
            occurrences.setdefault(assignment_id, []).append(due)
        if moved:
            every: dict[int, list[date]] = {}
            for assignment_id, due in connection.execute(
                select(OccurrenceRow.assignment_id, OccurrenceRow.due)
                .where(_among(connection, OccurrenceRow.assignment_id, moved))
                .order_by(OccurrenceRow.assignment_id, OccurrenceRow.due)
            ).all():
                every.setdefault(assignment_id, []).append(due)
            occurrences.update(every)
        rows = connection.execute(
            select(
                AssignmentRow.id,
                AssignmentRow.deadline,
                DocumentRow.ingested_at,
                AssignmentRow.task,
                AssignmentRow.place,
                DocumentRow.doc_type_name,
                DocumentRow.number,
                DocumentRow.issued,
                # recurring: its occurrences, not its deadline, are reminded (even when
                # none falls in the range read)
                exists().where(OccurrenceRow.assignment_id == AssignmentRow.id),
            )
            .join(DocumentRow, DocumentRow.id == AssignmentRow.document_id)
            .where(_among(connection, AssignmentRow.id, ids))
            .order_by(AssignmentRow.id)
        ).all()
        lead: dict[int, list[str]] = {}
        cooperate: dict[int, list[str]] = {}
        lead_names: dict[int, list[str]] = {}
        for assignment_id, role, key, written in connection.execute(
            select(
                AssignmentUnitRow.assignment_id,
                AssignmentUnitRow.role,
                UnitRow.key,
                AssignmentUnitRow.name_as_written,
            )
            .join(UnitRow, UnitRow.id == AssignmentUnitRow.unit_id)
            .where(_among(connection, AssignmentUnitRow.assignment_id, ids))
            .order_by(AssignmentUnitRow.assignment_id, AssignmentUnitRow.position)
        ).all():
            if role == "lead":
                lead.setdefault(assignment_id, []).append(key)
                lead_names.setdefault(assignment_id, []).append(written)
            elif role == "cooperate":
                cooperate.setdefault(assignment_id, []).append(key)
        out: list[AssignmentSnapshot] = []
        for (
            assignment_id,
            deadline,
            ingested_at,
            task,
            place,
            kind,
            number,
            issued,
            recurring,
        ) in rows:
            facts = AssignmentFacts(
                task=task,
                lead_names=tuple(lead_names.get(assignment_id, ())),
                document_type_name=kind,
                document_number=number,
                document_issued=issued,
                place=place or "",
            )
            snapshot = self._snapshot(
                assignment_id,
                deadline,
                occurrences.get(assignment_id, ()),
                tuple(lead.get(assignment_id, ())),
                tuple(cooperate.get(assignment_id, ())),
                done.get(assignment_id),
                extended.get(assignment_id),
                # A clock set before the ingest (the demo's --date, replaying an old notice)
                # keeps every reminder of the replayed days.
                ingested_at if ingested_at <= now else None,
                today,
                bool(recurring),
                # what its reminders will say, read now: the renderer never fetches it
                facts,
                detail_days,
            )
            out.append(snapshot)
        return out

    def overdue(self, day: date) -> dict[str, OverdueCount]:
        """The open tasks due before `day` by lead unit, as policy.overdue_by_unit counts them
        from every open snapshot, but counted by the database: the weekly digest no longer
        reads tens of thousands of tasks to show a count and an age per unit.

        One aggregate over the plain tasks (a deadline, or occurrences of a recurring one),
        the latest report per task and occurrence deciding "done"; the few tasks with an
        approved extension (their date depends on "today") go through the snapshots.
        """
        with self._sessions() as session:
            connection = session.connection()
            sqlite = connection.dialect.name == "sqlite"
            parts = []
            for sql in _SQLITE_OVERDUE_SQL if sqlite else (_PG_OVERDUE_SQL,):
                counted = text(sql).bindparams(
                    bindparam("day", day, type_=Date),
                    done=_DONE,
                    rejected=_REJECTED,
                    approved=ExtensionState.APPROVED.value,
                )
                parts.append(connection.execute(counted).all())
            # units by id afterwards: 500 rows, not a lookup per overdue task
            keys = dict(connection.execute(select(UnitRow.id, UnitRow.key)).all())
            found = merge_overdue(
                *(
                    {
                        keys[unit] if unit is not None else "": OverdueCount(
                            int(count), _as_date(oldest)
                        )
                        for unit, count, oldest in counts
                    }
                    for counts in parts
                )
            )
            extended = select(ExtensionRow.assignment_id).where(
                ExtensionRow.state == ExtensionState.APPROVED.value
            )
            special = self._live(select(AssignmentRow.id).where(AssignmentRow.id.in_(extended)))
            ids = sorted(set(connection.scalars(special).all()))
            snapshots = self._build(session, ids, date.min, date.max, detail_days=())
        return merge_overdue(found, overdue_by_unit(snapshots, day))

    def _progress(
        self, session: Session, ids: list[int], everything: bool
    ) -> tuple[dict[int, list[tuple[date | None, bool]]], dict[int, ProgressSnapshot]]:
        """Per assignment, (occurrence, stops reminders) of each latest report; and the full
        progress snapshots of the few assignments with an approved extension."""
        connection = session.connection()
        latest = select(func.max(ProgressReportRow.id)).group_by(
            ProgressReportRow.assignment_id, ProgressReportRow.occurrence
        )
        extended_ids = select(ExtensionRow.assignment_id).where(
            ExtensionRow.state == ExtensionState.APPROVED.value
        )
        if not everything:  # the digest reads nearly everything: no id list then
            latest = latest.where(_among(connection, ProgressReportRow.assignment_id, ids))
            extended_ids = extended_ids.where(_among(connection, ExtensionRow.assignment_id, ids))
        done: dict[int, list[tuple[date | None, bool]]] = {}
        for assignment_id, occurrence, state, confirmation in connection.execute(
            select(
                ProgressReportRow.assignment_id,
                ProgressReportRow.occurrence,
                ProgressReportRow.state,
                ProgressReportRow.confirmation,
            ).where(ProgressReportRow.id.in_(latest.scalar_subquery()))
        ).all():
            stops = state == _DONE and confirmation != _REJECTED
            done.setdefault(assignment_id, []).append((occurrence, stops))
        wanted = sorted(set(connection.scalars(extended_ids.distinct())))
        extended = load_snapshots(session, wanted, self._zone) if wanted else {}
        return done, extended

    @staticmethod
    def _snapshot(
        assignment_id: int,
        deadline: date | None,
        occurrences: Sequence[date],
        lead: tuple[str, ...],
        cooperate: tuple[str, ...],
        reports: list[tuple[date | None, bool]] | None,
        extended: ProgressSnapshot | None,
        since: datetime | None,
        today: date,
        recurring: bool,
        facts: AssignmentFacts | None = None,
        detail_days: Collection[date] | None = None,
    ) -> AssignmentSnapshot:
        """The snapshot of one task; with `detail_days`, it carries `facts` only when it is
        due on one of them (built once: a copy with its facts cost 12 us a task)."""
        stopped = {occurrence for occurrence, stops in reports or () if stops}
        if recurring:
            moved: list[date] = []
            done: set[date] = set()
            for occurrence in occurrences:
                due = occurrence
                if extended is not None:
                    judged = extended.for_occurrence(occurrence)
                    due = effective_deadline(occurrence, judged.approved_extension, today) or due
                moved.append(due)
                if occurrence in stopped:
                    done.add(due)
            dues = tuple(sorted(set(moved)))
            return AssignmentSnapshot(
                id=assignment_id,
                occurrences=dues,
                lead_keys=lead,
                cooperate_keys=cooperate,
                done_occurrences=frozenset(done),
                since=since,
                facts=_detailed(facts, dues, detail_days),
            )
        if extended is not None:
            deadline = effective_deadline(deadline, extended.approved_extension, today)
        return AssignmentSnapshot(
            id=assignment_id,
            deadline=deadline,
            lead_keys=lead,
            cooperate_keys=cooperate,
            done=None in stopped,
            since=since,
            facts=_detailed(facts, (deadline,) if deadline else (), detail_days),
        )


def _detailed(
    facts: AssignmentFacts | None, dues: Sequence[date], detail_days: Collection[date] | None
) -> AssignmentFacts | None:
    """`facts`, for a task due on one of `detail_days` (or every task, without them)."""
    if detail_days is None or any(d in detail_days for d in dues):
        return facts
    return None


def _as_date(value: date | str) -> date:
    """A date aggregated by SQL (SQLite returns the stored text)."""
    return value if isinstance(value, date) else date.fromisoformat(value)


def _among(
    connection: Connection, column: QueryableAttribute[int], ids: Sequence[int]
) -> ColumnElement[bool]:
    """`column IN ids` with the ids as one parameter (a JSON array on SQLite, an array on
    PostgreSQL): tens of thousands of bound parameters cost more to render than to run. The
    array goes as its text, cast by the server: psycopg dumps a list element by element in
    Python (3,400 ids: 5-10 ms a statement, five statements a tick). The ids are a set the
    server builds once (unnest): `= ANY(array)` of a cast text is no constant to the planner,
    which then looks each row up in the array from its start (a first tick's occurrences:
    1,000 rows against 2,929 ids, 150 ms instead of 4)."""
    if connection.dialect.name == "postgresql":
        listed = bindparam(None, "{" + ",".join(str(int(i)) for i in ids) + "}", type_=String)
        return column.in_(select(func.unnest(cast(listed, ARRAY(Integer)))))
    values = func.json_each(bindparam(None, json.dumps(list(ids)), type_=String)).table_valued(
        "value"
    )
    return column.in_(select(values.c.value))


class DirectoryRecipients:
    """Recipients from the chat directory: units' bound chats and approved officials, leaders'
    private chats (who also get the weekly digest). Read once per instance: make one per tick."""

    def __init__(self, directory: ChatDirectory) -> None:
        """Nothing is read until asked."""
        self._directory = directory
        self._units: dict[str, tuple[ChatTarget, ...]] | None = None
        self._leaders: tuple[ChatTarget, ...] | None = None

    def unit_chats(self, unit_key: str) -> Sequence[ChatTarget]:
        """The unit's active bound chats and its approved officials' private chats."""
        if self._units is None:  # every unit at once: a tick asks for hundreds
            self._units = {
                key: tuple(ChatTarget(a.platform, a.chat_id) for a in chats)
                for key, chats in self._directory.chats_by_unit().items()
            }
        return self._units.get(unit_key, ())

    def leader_chats(self) -> Sequence[ChatTarget]:
        """Private chats of people with the leader role."""
        if self._leaders is None:
            chats = self._directory.private_chats(Role.LEADER)
            self._leaders = tuple(sorted({ChatTarget(c.platform, c.chat_id) for c in chats}))
        return self._leaders

    def digest_chats(self) -> Sequence[ChatTarget]:
        """The weekly digest goes to the leaders."""
        return self.leader_chats()


def directory_recipients(
    directory: ChatDirectory,
    clock: Clock | None = None,
    *,
    refresh: timedelta = timedelta(minutes=5),
    changes: Callable[[], Hashable] | None = None,
) -> Callable[[], DirectoryRecipients]:
    """A recipients factory for the planner.

    Without a clock every tick reads the directory again. With one, what was read is kept for
    `refresh`: bindings change rarely, and reading every unit's chats each 30-second tick
    would cost more than the rest of the tick; a chat bound now hears from the next refresh.
    With `changes` (the data version, which bindings and people's roles and units bump), what
    was read is kept while it stays the same instead: a chat bound now hears from the next
    tick, and a versioned planner is not made to plan again every `refresh`.
    """
    kept: list[tuple[datetime, DirectoryRecipients]] = []
    seen: list[tuple[Hashable, DirectoryRecipients]] = []

    def recipients() -> DirectoryRecipients:
        if changes is not None:
            version = changes()
            if not seen or seen[0][0] != version:
                seen[:] = [(version, DirectoryRecipients(directory))]
            return seen[0][1]
        if clock is None:
            return DirectoryRecipients(directory)
        now = clock.now()
        if not kept or not timedelta(0) <= now - kept[0][0] < refresh:
            kept[:] = [(now, DirectoryRecipients(directory))]
        return kept[0][1]

    return recipients
