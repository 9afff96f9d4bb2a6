"""Plain rows of the store made into views and facts, free of SQLAlchemy.

The SQLAlchemy store (knowledge.row_views) and the small store of short commands
(knowledge.small_store) read the same columns in the same order and build their views here, so
an assignment reads the same whichever store answered.
"""

from __future__ import annotations

import functools
import json
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from knowledge.domain import Deadline, DocumentText, ExtractedAssignment, Recurrence
from knowledge.storage_types import AssignmentFacts, AssignmentView
from knowledge.text import fold, nfc
from knowledge.units import Office, Unit, UnitRegistry

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


def assignment_words(task_folded: str, quote_folded: str, title: str | None) -> str:
    """What a question's words are looked for in first: the folded task, quote and title."""
    return f"{task_folded}\n{quote_folded}\n{_folded_title(title or '')}"


@functools.lru_cache(maxsize=4096)
def _folded_title(title: str) -> str:
    # many assignments share a document's title
    return fold(title)


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


def text_and_format(text: DocumentText | str, source_name: str) -> tuple[str, str]:
    """A document's NFC text and its format ("docx", "pdf", "txt": the file's suffix when
    the text came as a string)."""
    if isinstance(text, DocumentText):
        return nfc(text.plain_text()), text.source_format
    return nfc(text), Path(source_name).suffix.lower().lstrip(".") or "txt"


def assignment_values(item: ExtractedAssignment, position: int) -> dict[str, Any]:
    """The assignment table's columns for an extracted assignment."""
    deadline = item.deadline
    recurrence = deadline.recurrence if deadline else None
    return {
        "position": position,
        "place": nfc(item.place or "").strip(),
        "task": nfc(item.task),
        "task_folded": fold(item.task),
        "quote": nfc(item.quote),
        "quote_folded": fold(item.quote),
        "deadline": deadline.due if deadline else None,
        "deadline_time": deadline.due_time if deadline else None,
        "deadline_text": nfc(deadline.text) if deadline and deadline.text else None,
        "deadline_start": deadline.start if deadline else None,
        "deadline_flags": sorted(deadline.flags) if deadline else [],
        "recurrence_rule": recurrence.rule if recurrence else None,
        "recurrence_text": nfc(recurrence.text) if recurrence else None,
    }


def unit_values(unit: Unit) -> dict[str, Any]:
    """The units table's columns for a unit of the registry (its key aside)."""
    return {
        "name": nfc(unit.name),
        "name_folded": fold(unit.name),
        "kind": unit.kind,
        "level": unit.level,
        "registered": unit.registered,
        "members": list(unit.members),
    }


def unit_links(
    item: ExtractedAssignment, unit_id_for: Callable[[str], int]
) -> list[dict[str, Any]]:
    """The assignment_units rows of an extracted assignment (without its id): each unit named,
    lead then cooperating, as written; two spellings of one unit in one role: the first wins.
    Positions count across both roles, as the store has always numbered them."""
    links: list[dict[str, Any]] = []
    seen: set[tuple[int, str]] = set()
    for role, names in (("lead", item.lead), ("cooperate", item.cooperate)):
        for name in names:
            if not name.strip():
                continue
            unit_id = unit_id_for(name)
            if (unit_id, role) in seen:
                continue
            seen.add((unit_id, role))
            links.append(
                {
                    "unit_id": unit_id,
                    "role": role,
                    "name_as_written": nfc(name).strip(),
                    "position": len(seen) - 1,
                }
            )
    return links


def occurrence_dates(item: ExtractedAssignment) -> list[date]:
    """The expanded due dates of a recurring extracted assignment, earliest first."""
    recurrence = item.deadline.recurrence if item.deadline else None
    return sorted(set(recurrence.occurrences) if recurrence else ())


@dataclass(frozen=True)
class UnitTable:
    """The units table as plain rows (id, key, name, kind, level, registered, members as JSON
    text, merged_into_id) and each unit's aliases in the order they were added: what both
    stores build their registries from."""

    rows: list[tuple[Any, ...]]
    aliases: dict[int, list[str]]

    @classmethod
    def of(cls, rows: Iterable[Sequence[Any]], aliases: Iterable[Sequence[Any]]) -> UnitTable:
        """The table from its rows (ordered by id) and (unit_id, alias) rows (ordered by id)."""
        by_unit: dict[int, list[str]] = {}
        for unit_id, alias in aliases:
            by_unit.setdefault(unit_id, []).append(alias)
        return cls([tuple(row) for row in rows], by_unit)

    @classmethod
    def read(cls, connection: sqlite3.Connection) -> UnitTable:
        """Both tables of a SQLite file, in two SELECTs."""
        return cls.of(
            connection.execute(
                'SELECT id, "key", name, kind, level, registered, members, merged_into_id'
                " FROM units ORDER BY id"
            ),
            connection.execute("SELECT unit_id, alias FROM unit_aliases ORDER BY id"),
        )

    def registry(self, office: Office, *, include_unregistered: bool = False) -> UnitRegistry:
        """A registry of the units not merged away, with every alias added since (what
        UnitStore.registry_from_db builds); unregistered units only when asked."""
        live = [
            row for row in self.rows if row[7] is None and (include_unregistered or bool(row[5]))
        ]
        keys = {row[1] for row in live}
        merged = {row[1]: row[7] for row in self.rows if row[7] is not None}
        by_id = {row[0]: row[1] for row in live}
        units = []
        for id_, key, name, kind, level, registered, members, _merged in live:
            listed: list[str] = []
            for member in (json.loads(members) if members else None) or ():
                # A member merged away is listed under the unit it became.
                target = by_id.get(merged[member]) if member in merged else member
                if target is not None and target in keys and target not in listed:
                    listed.append(target)
            units.append(
                Unit(
                    key=key,
                    name=name,
                    kind=kind,
                    level=level,
                    aliases=tuple(self.aliases.get(id_, ())),
                    members=tuple(listed),
                    registered=bool(registered),
                )
            )
        return UnitRegistry(units, office=office)
