"""Corrections the office makes before a document goes live: lead unit, deadline, discard."""

from __future__ import annotations

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session, sessionmaker

from knowledge.domain import Deadline
from knowledge.models import AssignmentRow, AssignmentUnitRow, DocumentRow, OccurrenceRow, UnitRow
from knowledge.text import nfc


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
