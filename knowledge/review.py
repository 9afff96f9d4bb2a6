"""Corrections the office makes before a document goes live: units, deadline, task text,
tasks added or removed, discard."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session, sessionmaker

from knowledge.domain import Deadline
from knowledge.models import AssignmentRow, AssignmentUnitRow, DocumentRow, OccurrenceRow, UnitRow
from knowledge.text import fold, nfc


class ReviewError(Exception):
    """The assignment or document is not there, or no longer held for review."""


class SqlDocumentReview:
    """Edits of documents held for review (status "review"); live documents are not touched."""

    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self._sessions = session_factory

    def set_lead(self, assignment_id: int, unit_key: str) -> None:
        """Make `unit_key` the one lead unit of the assignment (cooperating units stay)."""
        with self._sessions.begin() as session:
            row = _reviewed_assignment(session, assignment_id)
            unit = session.scalar(select(UnitRow).where(UnitRow.key == unit_key))
            if unit is None:
                raise ReviewError(f"unit {unit_key!r}")
            session.execute(
                delete(AssignmentUnitRow).where(
                    AssignmentUnitRow.assignment_id == row.id,
                    (AssignmentUnitRow.role == "lead") | (AssignmentUnitRow.unit_id == unit.id),
                )
            )
            session.execute(
                insert(AssignmentUnitRow).values(
                    assignment_id=row.id,
                    unit_id=unit.id,
                    role="lead",
                    name_as_written=unit.name,
                    position=0,
                )
            )

    def set_deadline(self, assignment_id: int, deadline: Deadline | None) -> None:
        """Replace the assignment's deadline (None: no deadline) and its occurrences."""
        with self._sessions.begin() as session:
            row = _reviewed_assignment(session, assignment_id)
            recurrence = deadline.recurrence if deadline else None
            row.deadline = deadline.due if deadline else None
            row.deadline_time = deadline.due_time if deadline else None
            row.deadline_text = nfc(deadline.text) if deadline and deadline.text else None
            row.deadline_start = deadline.start if deadline else None
            row.deadline_flags = sorted(deadline.flags) if deadline else []
            row.recurrence_rule = recurrence.rule if recurrence else None
            row.recurrence_text = nfc(recurrence.text) if recurrence else None
            session.execute(delete(OccurrenceRow).where(OccurrenceRow.assignment_id == row.id))
            occurrences = sorted(set(recurrence.occurrences)) if recurrence else []
            if occurrences:
                rows = [{"assignment_id": row.id, "due": d} for d in occurrences]
                session.execute(insert(OccurrenceRow), rows)

    def assignment_ids(self, document_id: int) -> list[int]:
        """The document's live assignment ids, in document order."""
        with self._sessions() as session:
            return list(
                session.scalars(
                    select(AssignmentRow.id)
                    .where(AssignmentRow.document_id == document_id)
                    .where(AssignmentRow.status == "live")
                    .order_by(AssignmentRow.position)
                )
            )

    def discard(self, document_id: int) -> bool:
        """Delete a document held for review with its assignments; False if it is not held."""
        with self._sessions.begin() as session:
            document = session.get(DocumentRow, document_id)
            if document is None or document.status != "review":
                return False
            session.delete(document)
            return True


def _reviewed_assignment(session: Session, assignment_id: int) -> AssignmentRow:
    row = session.get(AssignmentRow, assignment_id)
    if row is None or row.status != "live":
        raise ReviewError(f"assignment {assignment_id}")
    document = session.get_one(DocumentRow, row.document_id)
    if document.status != "review":
        raise ReviewError(f"document {document.id} is {document.status}")
    return row


class SqlReviewEdits(SqlDocumentReview):
    """What the review page adds to the chat's edits: both unit lists, the task text, and
    adding or removing a task of a document held for review."""

    def set_units(
        self, assignment_id: int, lead_keys: Sequence[str], cooperate_keys: Sequence[str]
    ) -> None:
        """Replace the assignment's lead and cooperating units (keys, in order).

        A unit already named keeps the name the document wrote it with; a unit that is both
        lead and cooperating counts as lead only.
        """
        with self._sessions.begin() as session:
            row = _reviewed_assignment(session, assignment_id)
            written = {
                (link.unit_id, link.role): link.name_as_written
                for link in session.scalars(
                    select(AssignmentUnitRow).where(AssignmentUnitRow.assignment_id == row.id)
                )
            }
            session.execute(
                delete(AssignmentUnitRow).where(AssignmentUnitRow.assignment_id == row.id)
            )
            links = _unit_links(session, row.id, lead_keys, cooperate_keys, written)
            if links:
                session.execute(insert(AssignmentUnitRow), links)

    def set_task(self, assignment_id: int, task: str) -> None:
        """Replace the assignment's task text (the quote stays what the document says)."""
        text = nfc(task).strip()
        if not text:
            raise ReviewError("empty task")
        with self._sessions.begin() as session:
            row = _reviewed_assignment(session, assignment_id)
            row.task = text
            row.task_folded = fold(text)

    def add_assignment(
        self,
        document_id: int,
        task: str,
        lead_keys: Sequence[str],
        cooperate_keys: Sequence[str] = (),
    ) -> int:
        """A task the extraction missed, added at the end of the document; its id."""
        text = nfc(task).strip()
        if not text:
            raise ReviewError("empty task")
        with self._sessions.begin() as session:
            document = session.get(DocumentRow, document_id)
            if document is None or document.status != "review":
                raise ReviewError(f"document {document_id} is not held for review")
            last = session.scalar(
                select(func.max(AssignmentRow.position)).where(
                    AssignmentRow.document_id == document_id
                )
            )
            row = AssignmentRow(
                document_id=document_id,
                position=(last + 1) if last is not None else 0,
                place="",
                task=text,
                task_folded=fold(text),
                quote=text,
                quote_folded=fold(text),
                deadline_flags=[],
                status="live",
            )
            session.add(row)
            session.flush()
            links = _unit_links(session, row.id, lead_keys, cooperate_keys, {})
            if links:
                session.execute(insert(AssignmentUnitRow), links)
            return row.id

    def remove_assignment(self, assignment_id: int) -> None:
        """Delete a task of a document held for review (it never went live)."""
        with self._sessions.begin() as session:
            row = _reviewed_assignment(session, assignment_id)
            session.delete(row)


def _unit_links(
    session: Session,
    assignment_id: int,
    lead_keys: Sequence[str],
    cooperate_keys: Sequence[str],
    written: dict[tuple[int, str], str],
) -> list[dict[str, object]]:
    """Rows of assignment_units for the keys given; ReviewError for an unknown key."""
    links: list[dict[str, object]] = []
    seen: set[int] = set()
    for role, keys in (("lead", lead_keys), ("cooperate", cooperate_keys)):
        position = 0
        for key in keys:
            unit = session.scalar(select(UnitRow).where(UnitRow.key == key))
            if unit is None:
                raise ReviewError(f"unit {key!r}")
            if unit.id in seen:
                continue
            seen.add(unit.id)
            links.append(
                {
                    "assignment_id": assignment_id,
                    "unit_id": unit.id,
                    "role": role,
                    "name_as_written": written.get((unit.id, role), unit.name),
                    "position": position,
                }
            )
            position += 1
    return links
