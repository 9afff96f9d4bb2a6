"""What the policy reads from the database: open assignments as snapshots, and who hears.

Assignments are live when they and their document are ("review" documents wait for the
office). A task reported done stops its reminders at once, even while the office has still
to confirm the report (a refused report starts them again); an approved extension moves the
date reminded about, as an edited deadline would.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, Connection, Select, exists, func, select, union
from sqlalchemy.orm import QueryableAttribute, Session, sessionmaker

from knowledge.chats import ChatDirectory, Role
from knowledge.data_version import data_version
from knowledge.models import AssignmentRow, AssignmentUnitRow, DocumentRow, OccurrenceRow, UnitRow
from knowledge.progress import (
    Confirmation,
    ExtensionRow,
    ExtensionState,
    ProgressSnapshot,
    ProgressState,
    effective_deadline,
    load_snapshots,
)
from scheduler.clock import Clock
from scheduler.messenger import ChatTarget
from scheduler.payload import AssignmentFacts
from scheduler.policy import AssignmentSnapshot

# Select's type parameters differ between SQLAlchemy 2.0 and 2.1; stay generic over them.
_SelectT = TypeVar("_SelectT", bound="Select[Any]")
_CHUNK = 5_000  # ids per IN (...) list: well under SQLite's bound-parameter limit


def _between(
    column: ColumnElement[Any] | QueryableAttribute[Any], first: date | None, last: date
) -> ColumnElement[bool]:
    return column <= last if first is None else column.between(first, last)


def _chunks(ids: Sequence[int]) -> Iterable[Sequence[int]]:
    for i in range(0, len(ids), _CHUNK):
        yield ids[i : i + _CHUNK]


def _stops_reminders(snapshot: ProgressSnapshot) -> bool:
    """Reported done and not refused by the office."""
    latest = snapshot.latest
    return (
        latest is not None
        and latest.state is ProgressState.DONE
        and latest.confirmation is not Confirmation.REJECTED
    )


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

    def candidate_ids(self, session: Session, first_due: date | None, last_due: date) -> list[int]:
        """Live assignments with a deadline, an occurrence or an approved new date in range."""
        by_deadline = self._live(
            select(AssignmentRow.id).where(_between(AssignmentRow.deadline, first_due, last_due))
        )
        by_occurrence = self._live(
            select(AssignmentRow.id)
            .join(OccurrenceRow, OccurrenceRow.assignment_id == AssignmentRow.id)
            .where(_between(OccurrenceRow.due, first_due, last_due))
        )
        new_due = func.coalesce(ExtensionRow.approved_due, ExtensionRow.proposed_due)
        by_extension = self._live(
            select(AssignmentRow.id)
            .join(ExtensionRow, ExtensionRow.assignment_id == AssignmentRow.id)
            .where(
                ExtensionRow.state == ExtensionState.APPROVED.value,
                _between(new_due, first_due, last_due),
            )
        )
        return sorted(set(session.scalars(union(by_deadline, by_occurrence, by_extension))))

    def version(self, now: datetime) -> tuple[int, bool]:
        """What the snapshots depend on besides the time: the data version, and whether a
        document is dated after `now` (knowledge.data_version). Read it before the snapshots."""
        with self._sessions() as session:
            return data_version(session.connection(), now)

    def snapshots(
        self, first_due: date | None, last_due: date, *, detail_from: date | None = None
    ) -> list[AssignmentSnapshot]:
        """Open assignments due in [first_due, last_due] (None: up to last_due), as snapshots.

        With `detail_from`, only assignments with a date from then on carry their facts (the
        digest lists older ones by id and date). Plain column rows on the session's connection:
        the weekly digest reads every open assignment, tens of thousands of them.
        """
        now = self._clock.now()
        today = now.astimezone(self._zone).date()
        out: list[AssignmentSnapshot] = []
        with self._sessions() as session:
            ids = self.candidate_ids(session, first_due, last_due)
            # The digest reads nearly everything with progress: one pass, no id lists.
            progress = load_snapshots(session, None if first_due is None else ids, self._zone)
            # Occurrences an approved extension moves are read whatever their date.
            moved = sorted(
                assignment_id
                for assignment_id, snapshot in progress.items()
                if any(o.extensions for o in snapshot.occurrences)
            )
            connection = session.connection()
            occurrences: dict[int, list[date]] = {}
            for chunk in _chunks(ids):
                for assignment_id, due in connection.execute(
                    select(OccurrenceRow.assignment_id, OccurrenceRow.due)
                    .where(
                        OccurrenceRow.assignment_id.in_(chunk),
                        _between(OccurrenceRow.due, first_due, last_due),
                    )
                    .order_by(OccurrenceRow.assignment_id, OccurrenceRow.due)
                ):
                    occurrences.setdefault(assignment_id, []).append(due)
            for chunk in _chunks(moved):
                every: dict[int, list[date]] = {}
                for assignment_id, due in connection.execute(
                    select(OccurrenceRow.assignment_id, OccurrenceRow.due)
                    .where(OccurrenceRow.assignment_id.in_(chunk))
                    .order_by(OccurrenceRow.assignment_id, OccurrenceRow.due)
                ):
                    every.setdefault(assignment_id, []).append(due)
                occurrences.update(every)
            for chunk in _chunks(ids):
                out.extend(
                    self._chunk(connection, chunk, occurrences, progress, now, today, detail_from)
                )
        return out

    def _chunk(
        self,
        connection: Connection,
        chunk: Sequence[int],
        occurrences: dict[int, list[date]],
        progress: dict[int, ProgressSnapshot],
        now: datetime,
        today: date,
        detail_from: date | None,
    ) -> list[AssignmentSnapshot]:
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
                # recurring: its occurrences, not its deadline, are reminded (even when none
                # falls in the range read)
                exists().where(OccurrenceRow.assignment_id == AssignmentRow.id),
            )
            .join(DocumentRow, DocumentRow.id == AssignmentRow.document_id)
            .where(AssignmentRow.id.in_(chunk))
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
            .where(AssignmentUnitRow.assignment_id.in_(chunk))
            .order_by(AssignmentUnitRow.assignment_id, AssignmentUnitRow.position)
        ):
            if role == "lead":
                lead.setdefault(assignment_id, []).append(key)
                lead_names.setdefault(assignment_id, []).append(written)
            elif role == "cooperate":
                cooperate.setdefault(assignment_id, []).append(key)
        out = []
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
            # what its reminders will say, read now: the renderer never fetches it
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
                occurrences.get(assignment_id, []),
                tuple(lead.get(assignment_id, ())),
                tuple(cooperate.get(assignment_id, ())),
                progress.get(assignment_id),
                # A clock set before the ingest (the demo's --date, replaying an old
                # notice) keeps every reminder of the replayed days.
                ingested_at if ingested_at <= now else None,
                today,
                facts if detail_from is None else None,
                recurring=bool(recurring),
            )
            if detail_from is not None and any(d >= detail_from for d in snapshot.due_dates):
                snapshot = replace(snapshot, facts=facts)
            out.append(snapshot)
        return out

    @staticmethod
    def _snapshot(
        assignment_id: int,
        deadline: date | None,
        occurrences: list[date],
        lead: tuple[str, ...],
        cooperate: tuple[str, ...],
        progress: ProgressSnapshot | None,
        since: datetime | None,
        today: date,
        facts: AssignmentFacts | None = None,
        *,
        recurring: bool | None = None,
    ) -> AssignmentSnapshot:
        if recurring is None:
            recurring = bool(occurrences)
        if progress is None:  # nothing reported: no extension, nothing done
            return AssignmentSnapshot(
                id=assignment_id,
                deadline=None if recurring else deadline,
                occurrences=tuple(occurrences),
                lead_keys=lead,
                cooperate_keys=cooperate,
                since=since,
                facts=facts,
            )
        top = progress
        if recurring:
            moved: list[date] = []
            done: set[date] = set()
            for occurrence in occurrences:
                judged = top.for_occurrence(occurrence)
                due = effective_deadline(occurrence, judged.approved_extension, today)
                assert due is not None  # an occurrence is a date
                moved.append(due)
                if _stops_reminders(judged):
                    done.add(due)
            return AssignmentSnapshot(
                id=assignment_id,
                occurrences=tuple(sorted(set(moved))),
                lead_keys=lead,
                cooperate_keys=cooperate,
                done_occurrences=frozenset(done),
                since=since,
                facts=facts,
            )
        return AssignmentSnapshot(
            id=assignment_id,
            deadline=effective_deadline(deadline, top.approved_extension, today),
            lead_keys=lead,
            cooperate_keys=cooperate,
            done=_stops_reminders(top),
            since=since,
            facts=facts,
        )


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
) -> Callable[[], DirectoryRecipients]:
    """A recipients factory for the planner.

    Without a clock every tick reads the directory again. With one, what was read is kept for
    `refresh`: bindings change rarely, and reading every unit's chats each 30-second tick
    would cost more than the rest of the tick; a chat bound now hears from the next refresh.
    """
    kept: list[tuple[datetime, DirectoryRecipients]] = []

    def recipients() -> DirectoryRecipients:
        if clock is None:
            return DirectoryRecipients(directory)
        now = clock.now()
        if not kept or not timedelta(0) <= now - kept[0][0] < refresh:
            kept[:] = [(now, DirectoryRecipients(directory))]
        return kept[0][1]

    return recipients
