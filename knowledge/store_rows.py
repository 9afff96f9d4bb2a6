"""Plain rows of the store made into views and facts, free of SQLAlchemy.

The SQLAlchemy store (knowledge.row_views) and the small store of short commands
(knowledge.small_store) read the same columns in the same order and build their views here, so
an assignment reads the same whichever store answered.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from knowledge.domain import Deadline, Recurrence
from knowledge.storage_types import AssignmentFacts, AssignmentView

# The columns of a view row (VIEW_COLUMN_NAMES) and of a facts row (FACT_COLUMN_NAMES), as
# "table.column" over assignments joined to their documents.
VIEW_COLUMN_NAMES = (
    "assignments.id",
    "assignments.document_id",
    "documents.number",
    "documents.doc_type",
    "documents.doc_type_name",
    "documents.title",
    "documents.issued",
    "documents.issuer",
    "documents.status",
    "assignments.position",
    "assignments.place",
    "assignments.task",
    "assignments.quote",
    "assignments.deadline",
    "assignments.deadline_text",
    "assignments.deadline_start",
    "assignments.deadline_time",
    "assignments.deadline_flags",
    "assignments.recurrence_rule",
    "assignments.recurrence_text",
    "assignments.status",
)
FACT_COLUMN_NAMES = (
    "assignments.id",
    "assignments.document_id",
    "documents.number",
    "documents.doc_type",
    "documents.title",
    "documents.issuer",
    "assignments.position",
    "assignments.task",
    "assignments.quote",
    "assignments.task_folded",
    "assignments.quote_folded",
    "assignments.deadline",
    "assignments.recurrence_rule",
    "assignments.status",
)
VIEW_RULE = VIEW_COLUMN_NAMES.index("assignments.recurrence_rule")
FACT_RULE = FACT_COLUMN_NAMES.index("assignments.recurrence_rule")


@dataclass
class Links:
    """An assignment's units as the ORM relationship orders them (role, then position)."""

    lead_names: list[str] = field(default_factory=list)
    cooperate_names: list[str] = field(default_factory=list)
    lead_keys: list[str] = field(default_factory=list)
    cooperate_keys: list[str] = field(default_factory=list)

    def add(self, role: str, name: str, key: str) -> None:
        """One more unit, in its role's lists."""
        if role == "lead":
            self.lead_names.append(name)
            self.lead_keys.append(key)
        else:
            self.cooperate_names.append(name)
            self.cooperate_keys.append(key)


NO_LINKS = Links()


def facts_from_row(row: Sequence[Any], own: Links, occurrences: Sequence[date]) -> AssignmentFacts:
    """AssignmentFacts of a row of FACT_COLUMN_NAMES, its units and its occurrences."""
    (id_, document_id, number, doc_type, title, issuer, position, task, quote) = row[:9]
    task_folded, quote_folded, deadline, _rule, status = row[9:14]
    return AssignmentFacts(
        id=id_,
        document_id=document_id,
        document_number=number,
        document_type=doc_type,
        document_title=title,
        document_issuer=issuer,
        position=position,
        task=task,
        quote=quote,
        task_folded=task_folded,
        quote_folded=quote_folded,
        due=deadline,
        occurrences=tuple(occurrences),
        lead_names=tuple(own.lead_names),
        cooperate_names=tuple(own.cooperate_names),
        lead_keys=tuple(own.lead_keys),
        cooperate_keys=tuple(own.cooperate_keys),
        status=status,
    )


def view_from_row(row: Sequence[Any], own: Links, occurrences: Sequence[date]) -> AssignmentView:
    """AssignmentView of a row of VIEW_COLUMN_NAMES, its units and its occurrences."""
    (id_, document_id, number, doc_type, doc_type_name, title, issued, issuer) = row[:8]
    (document_status, position, place, task, quote, due, due_text, start) = row[8:16]
    (due_time, flags, rule, recurrence_text, status) = row[16:21]
    recurrence = (
        Recurrence(rule=rule, text=recurrence_text or "", occurrences=tuple(occurrences))
        if rule
        else None
    )
    deadline = None
    if not all(p is None for p in (due, due_text, start, due_time, recurrence)) or flags:
        deadline = Deadline(
            due=due,
            text=due_text,
            start=start,
            due_time=due_time,
            recurrence=recurrence,
            flags=frozenset(flags or ()),
        )
    return AssignmentView(
        id=id_,
        document_id=document_id,
        document_number=number,
        document_type=doc_type,
        document_type_name=doc_type_name,
        document_title=title,
        document_issued=issued,
        document_issuer=issuer,
        document_status=document_status,
        position=position,
        place=place,
        task=task,
        quote=quote,
        lead_names=tuple(own.lead_names),
        cooperate_names=tuple(own.cooperate_names),
        lead_keys=tuple(own.lead_keys),
        cooperate_keys=tuple(own.cooperate_keys),
        deadline=deadline,
        recurrence=recurrence,
        status=status,
    )
