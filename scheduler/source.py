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

from sqlalchemy import ColumnElement, Select, func, select, union
from sqlalchemy.orm import QueryableAttribute, Session, sessionmaker

from knowledge.chats import ChatDirectory, Role
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

    def snapshots(self, first_due: date | None, last_due: date) -> list[AssignmentSnapshot]:
        """Open assignments due in [first_due, last_due] (None: up to last_due), as snapshots."""
        now = self._clock.now()
        today = now.astimezone(self._zone).date()
        out: list[AssignmentSnapshot] = []
        with self._sessions() as session:
            ids = self.candidate_ids(session, first_due, last_due)
            progress = load_snapshots(session, ids, self._zone)
            for chunk in _chunks(ids):
                rows = session.execute(
                    select(
                        AssignmentRow.id,
                        AssignmentRow.deadline,
                        DocumentRow.ingested_at,
                        AssignmentRow.task,
                        AssignmentRow.place,
                        DocumentRow.doc_type_name,
                        DocumentRow.number,
                        DocumentRow.issued,
                    )
                    .join(DocumentRow, DocumentRow.id == AssignmentRow.document_id)
                    .where(AssignmentRow.id.in_(chunk))
                    .order_by(AssignmentRow.id)
                ).all()
                occurrences: dict[int, list[date]] = {}
                for assignment_id, due in session.execute(
                    select(OccurrenceRow.assignment_id, OccurrenceRow.due)
                    .where(OccurrenceRow.assignment_id.in_(chunk))
                    .order_by(OccurrenceRow.assignment_id, OccurrenceRow.due)
                ):
                    occurrences.setdefault(assignment_id, []).append(due)
                units: dict[tuple[int, str], list[str]] = {}
                lead_names: dict[int, list[str]] = {}
                for assignment_id, role, key, written in session.execute(
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
                    units.setdefault((assignment_id, role), []).append(key)
                    if role == "lead":
                        lead_names.setdefault(assignment_id, []).append(written)
                for (
                    assignment_id,
                    deadline,
                    ingested_at,
                    task,
                    place,
                    kind,
                    number,
                    issued,
                ) in rows:
                    snapshot = self._snapshot(
                        assignment_id,
                        deadline,
                        occurrences.get(assignment_id, []),
                        tuple(units.get((assignment_id, "lead"), ())),
                        tuple(units.get((assignment_id, "cooperate"), ())),
                        progress.get(assignment_id),
                        # A clock set before the ingest (the demo's --date, replaying an
                        # old notice) keeps every reminder of the replayed days.
                        ingested_at if ingested_at <= now else None,
                        today,
                    )
                    # what its reminders will say, read now: the renderer never fetches it
                    facts = AssignmentFacts(
                        task=task,
                        lead_names=tuple(lead_names.get(assignment_id, ())),
                        document_type_name=kind,
                        document_number=number,
                        document_issued=issued,
                        place=place or "",
                    )
                    out.append(replace(snapshot, facts=facts))
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
    ) -> AssignmentSnapshot:
        top = progress or ProgressSnapshot(assignment_id)
        if occurrences:
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
            )
        return AssignmentSnapshot(
            id=assignment_id,
            deadline=effective_deadline(deadline, top.approved_extension, today),
            lead_keys=lead,
            cooperate_keys=cooperate,
            done=_stops_reminders(top),
            since=since,
        )


class DirectoryRecipients:
    """Recipients from the chat directory: units' bound chats and approved officials, leaders'
    private chats (who also get the weekly digest). Read once per instance: make one per tick."""

    def __init__(self, directory: ChatDirectory) -> None:
        """Nothing is read until asked."""
        self._directory = directory
        self._units: dict[str, tuple[ChatTarget, ...]] = {}
        self._leaders: tuple[ChatTarget, ...] | None = None

    def unit_chats(self, unit_key: str) -> Sequence[ChatTarget]:
        """The unit's active bound chats and its approved officials' private chats."""
        found = self._units.get(unit_key)
        if found is None:
            found = self._units[unit_key] = tuple(
                ChatTarget(a.platform, a.chat_id) for a in self._directory.chats_for_unit(unit_key)
            )
        return found

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
