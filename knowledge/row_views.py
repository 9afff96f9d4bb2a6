"""Rows read into views inside a session: assignments, documents, deadlines, the filters' SQL."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from datetime import date
from difflib import SequenceMatcher
from typing import Any, TypeVar

from sqlalchemy import (
    ColumnElement,
    Executable,
    Select,
    func,
    or_,
    select,
)
from sqlalchemy.orm import Session, aliased, selectinload

from knowledge.db import POSITIONAL_ROWS, among, read_memo
from knowledge.domain import (
    Deadline,
    ExtractedAssignment,
    Recurrence,
)
from knowledge.models import (
    AssignmentRow,
    AssignmentUnitRow,
    DocumentRow,
    OccurrenceRow,
    UnitRow,
)
from knowledge.storage_types import (
    AssignmentFacts,
    AssignmentFilter,
    AssignmentView,
    DocumentView,
)
from knowledge.store_keys import identity_key as identity_key
from knowledge.store_keys import number_key as number_key
from knowledge.store_keys import number_seq
from knowledge.store_rows import (
    FACT_RULE,
    NO_LINKS,
    VIEW_RULE,
    Links,
    facts_from_row,
    view_from_row,
)
from knowledge.text import fold

# Select's type parameters differ between SQLAlchemy 2.0 and 2.1; stay generic over them.
_SelectT = TypeVar("_SelectT", bound="Select[Any]")

# A rewritten quote still counts as the same assignment above this similarity (difflib ratio).
SIMILAR_QUOTE_RATIO = 0.75


# --- pure helpers -------------------------------------------------------------------------

_number_seq = number_seq


def _like_prefix(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return escaped + "%"


def _document_condition(query: str) -> ColumnElement[bool] | None:
    key = number_key(query)
    if key is None:
        return None
    if key.isdigit():
        return DocumentRow.number_seq == int(key)
    return or_(
        DocumentRow.number_key == key,
        DocumentRow.number_key.like(_like_prefix(key), escape="\\"),
    )


def _pair_assignments(
    old: Sequence[AssignmentRow], new: Sequence[ExtractedAssignment]
) -> dict[int, AssignmentRow]:
    """Which stored assignment each new one continues: same quote, similar quote, same place."""
    pairs: dict[int, AssignmentRow] = {}
    free = list(old)
    new_quotes = [fold(item.quote) for item in new]

    for index, quote in enumerate(new_quotes):
        for row in free:
            if row.quote_folded == quote:
                pairs[index] = row
                free.remove(row)
                break

    scored: list[tuple[float, int, int]] = []
    for index, quote in enumerate(new_quotes):
        if index in pairs:
            continue
        for slot, row in enumerate(free):
            matcher = SequenceMatcher(None, quote, row.quote_folded, autojunk=False)
            if matcher.quick_ratio() >= SIMILAR_QUOTE_RATIO:
                ratio = matcher.ratio()
                if ratio >= SIMILAR_QUOTE_RATIO:
                    scored.append((ratio, index, slot))
    taken: set[int] = set()
    for _ratio, index, slot in sorted(scored, key=lambda t: (-t[0], t[1], t[2])):
        if index in pairs or slot in taken:
            continue
        pairs[index] = free[slot]
        taken.add(slot)
    free = [row for slot, row in enumerate(free) if slot not in taken]

    for index, item in enumerate(new):
        place = fold(item.place)
        if index in pairs or not place:
            continue
        for row in free:
            if fold(row.place) == place:
                pairs[index] = row
                free.remove(row)
                break
    return pairs


def _signature(row: AssignmentRow) -> dict[str, object]:
    """What a correction may change, in comparable form."""
    return {
        "task": row.task,
        "quote": row.quote,
        "place": row.place,
        "deadline": (
            row.deadline,
            row.deadline_time,
            row.deadline_text,
            row.deadline_start,
            tuple(sorted(row.deadline_flags or ())),
        ),
        "recurrence": (row.recurrence_rule, row.recurrence_text),
        "lead": tuple(
            (link.unit_id, link.name_as_written) for link in row.units if link.role == "lead"
        ),
        "cooperate": tuple(
            (link.unit_id, link.name_as_written) for link in row.units if link.role == "cooperate"
        ),
    }


def _deadline_of(row: AssignmentRow) -> Deadline | None:
    recurrence = (
        Recurrence(
            rule=row.recurrence_rule,
            text=row.recurrence_text or "",
            occurrences=tuple(occurrence.due for occurrence in row.occurrences),
        )
        if row.recurrence_rule
        else None
    )
    flags = frozenset(row.deadline_flags or ())
    parts = (row.deadline, row.deadline_text, row.deadline_start, row.deadline_time, recurrence)
    if all(part is None for part in parts) and not flags:
        return None
    return Deadline(
        due=row.deadline,
        text=row.deadline_text,
        start=row.deadline_start,
        due_time=row.deadline_time,
        recurrence=recurrence,
        flags=flags,
    )


def _assignment_view(row: AssignmentRow) -> AssignmentView:
    doc = row.document
    leads = [link for link in row.units if link.role == "lead"]
    cooperating = [link for link in row.units if link.role == "cooperate"]
    deadline = _deadline_of(row)
    return AssignmentView(
        id=row.id,
        document_id=doc.id,
        document_number=doc.number,
        document_type=doc.doc_type,
        document_type_name=doc.doc_type_name,
        document_title=doc.title,
        document_issued=doc.issued,
        document_issuer=doc.issuer,
        document_status=doc.status,
        position=row.position,
        place=row.place,
        task=row.task,
        quote=row.quote,
        lead_names=tuple(link.name_as_written for link in leads),
        cooperate_names=tuple(link.name_as_written for link in cooperating),
        lead_keys=tuple(link.unit.key for link in leads),
        cooperate_keys=tuple(link.unit.key for link in cooperating),
        deadline=deadline,
        recurrence=deadline.recurrence if deadline else None,
        status=row.status,
    )


# Typed loosely: a Select of this many columns has no type that fits a generic Select[Any].
_FACT_COLUMNS: tuple[Any, ...] = (
    AssignmentRow.id,
    AssignmentRow.document_id,
    DocumentRow.number,
    DocumentRow.doc_type,
    DocumentRow.title,
    DocumentRow.issuer,
    AssignmentRow.position,
    AssignmentRow.task,
    AssignmentRow.quote,
    AssignmentRow.task_folded,
    AssignmentRow.quote_folded,
    AssignmentRow.deadline,
    AssignmentRow.recurrence_rule,
    AssignmentRow.status,
)

# What an AssignmentView holds beyond its units and occurrences, read as plain rows.
_VIEW_COLUMNS: tuple[Any, ...] = (
    AssignmentRow.id,
    AssignmentRow.document_id,
    DocumentRow.number,
    DocumentRow.doc_type,
    DocumentRow.doc_type_name,
    DocumentRow.title,
    DocumentRow.issued,
    DocumentRow.issuer,
    DocumentRow.status,
    AssignmentRow.position,
    AssignmentRow.place,
    AssignmentRow.task,
    AssignmentRow.quote,
    AssignmentRow.deadline,
    AssignmentRow.deadline_text,
    AssignmentRow.deadline_start,
    AssignmentRow.deadline_time,
    AssignmentRow.deadline_flags,
    AssignmentRow.recurrence_rule,
    AssignmentRow.recurrence_text,
    AssignmentRow.status,
)

# What a view needs beyond the facts. Inside a reading scope the facts are read with these too
# and kept (fact_columns, _facts), so the page a question shows is made from the rows its
# ranking read: on PostgreSQL a statement (a round trip) less per question.
_VIEW_EXTRA: tuple[Any, ...] = (
    DocumentRow.doc_type_name,
    DocumentRow.issued,
    DocumentRow.status,
    AssignmentRow.place,
    AssignmentRow.deadline_text,
    AssignmentRow.deadline_start,
    AssignmentRow.deadline_time,
    AssignmentRow.deadline_flags,
    AssignmentRow.recurrence_text,
)
# A row of _FACT_COLUMNS + _VIEW_EXTRA rearranged as a row of _VIEW_COLUMNS
_VIEW_FROM_FACTS = (0, 1, 2, 3, 14, 4, 15, 5, 16, 6, 17, 7, 8, 11, 18, 19, 20, 21, 12, 22, 13)


def fact_columns(session: Session) -> tuple[Any, ...]:
    """The columns to read facts with: _FACT_COLUMNS, and inside a reading scope (PostgreSQL)
    the rest of a view's and the units' links too, as one JSON array (_facts keeps both for
    _views and _links: two statements less)."""
    if read_memo(session) is None or _dialect(session) != "postgresql":
        return _FACT_COLUMNS
    return _postgres_fact_columns()


@functools.cache
def _postgres_fact_columns() -> tuple[Any, ...]:
    # built once: making the aliases and the subquery cost more than the statement saved
    # (imported here: the command line on SQLite never loads PostgreSQL's dialect)
    from sqlalchemy.dialects.postgresql import aggregate_order_by

    link, unit = aliased(AssignmentUnitRow), aliased(UnitRow)
    # the unit's key by its own subquery (its primary key): joined, the planner hashes all
    # units again for every assignment (0.06 ms a row)
    key = select(unit.key).where(unit.id == link.unit_id).scalar_subquery()
    links = (
        select(
            func.json_agg(
                aggregate_order_by(
                    func.json_build_array(link.role, link.name_as_written, key),
                    link.role,
                    link.position,
                    link.id,
                )
            )
        )
        .where(link.assignment_id == AssignmentRow.id)
        .scalar_subquery()
    )
    return (*_FACT_COLUMNS, *_VIEW_EXTRA, links)


def _dialect(session: Session) -> str:
    return session.get_bind().dialect.name


def _plain(session: Session, stmt: Executable) -> Sequence[Any]:
    """Rows of a column SELECT run as plain Core on the session's connection: the ORM's row
    processing cost several times the query on a few hundred rows."""
    return session.connection().execute(stmt, execution_options=POSITIONAL_ROWS).all()


_Links = Links
_NO_LINKS = NO_LINKS


def _links(session: Session, ids: Sequence[int]) -> dict[int, _Links]:
    """The units named on each of these assignments, lead and cooperating; inside a reading
    scope, those read earlier in it are not read again (a question reads the links of the
    rows it ranks, then of the page it shows)."""
    memo = read_memo(session)
    if memo is None:
        return _read_links(session, ids)
    known: dict[int, _Links] = memo.setdefault("links", {})
    missing = [i for i in ids if i not in known]
    if missing:
        read = _read_links(session, missing)
        for i in missing:
            known[i] = read.get(i, _NO_LINKS)
    return {i: own for i in ids if (own := known[i]) is not _NO_LINKS}


def _links_of(listed: list[list[str]] | None) -> _Links:
    """An assignment's links from fact_columns' JSON array of [role, name, key], in order."""
    if not listed:
        return _NO_LINKS
    own = _Links()
    for role, name, key in listed:
        own.add(role, name, key)
    return own


def _read_links(session: Session, ids: Sequence[int]) -> dict[int, _Links]:
    links: dict[int, _Links] = {}
    for assignment_id, role, name, key in _plain(
        session,
        select(
            AssignmentUnitRow.assignment_id,
            AssignmentUnitRow.role,
            AssignmentUnitRow.name_as_written,
            UnitRow.key,
        )
        .join(UnitRow, UnitRow.id == AssignmentUnitRow.unit_id)
        .where(among(AssignmentUnitRow.assignment_id, ids, _dialect(session)))
        .order_by(AssignmentUnitRow.role, AssignmentUnitRow.position, AssignmentUnitRow.id),
    ):
        links.setdefault(assignment_id, _Links()).add(role, name, key)
    return links


def _occurrence_dates(session: Session, ids: Sequence[int]) -> dict[int, list[date]]:
    """The expanded due dates of these (recurring) assignments, earliest first."""
    occurrences: dict[int, list[date]] = {}
    if ids:
        for assignment_id, due in _plain(
            session,
            select(OccurrenceRow.assignment_id, OccurrenceRow.due)
            .where(among(OccurrenceRow.assignment_id, ids, _dialect(session)))
            .order_by(OccurrenceRow.due),
        ):
            occurrences.setdefault(assignment_id, []).append(due)
    return occurrences


def _facts(session: Session, rows: Sequence[Any]) -> list[AssignmentFacts]:
    """AssignmentFacts for rows of _FACT_COLUMNS, their units and occurrences read in two more
    plain SELECTs."""
    if not rows:
        return []
    memo = read_memo(session)
    if memo is not None and len(rows[0]) > len(_FACT_COLUMNS):
        known: dict[int, tuple[Any, ...]] = memo.setdefault("views", {})
        known_links: dict[int, _Links] = memo.setdefault("links", {})
        for row in rows:
            known[row[0]] = tuple(row[i] for i in _VIEW_FROM_FACTS)
            known_links[row[0]] = _links_of(row[-1])
    links = _links(session, [row[0] for row in rows])
    occurrences = _occurrence_dates(session, [row[0] for row in rows if row[FACT_RULE]])
    return [
        facts_from_row(row, links.get(row[0], NO_LINKS), occurrences.get(row[0], ()))
        for row in rows
    ]


def _views(session: Session, ids: Sequence[int]) -> dict[int, AssignmentView]:
    """AssignmentViews of these assignments by id, read as plain rows (what _assignment_view
    makes of ORM rows, in three SELECTs without building ORM objects)."""
    if not ids:
        return {}
    memo = read_memo(session)
    known: dict[int, tuple[Any, ...]] = memo.get("views", {}) if memo is not None else {}
    rows: list[Any] = [known[i] for i in ids if i in known]
    missing = [i for i in ids if i not in known]
    if missing:
        rows += _plain(
            session,
            select(*_VIEW_COLUMNS)
            .join(DocumentRow, DocumentRow.id == AssignmentRow.document_id)
            .where(among(AssignmentRow.id, missing, _dialect(session))),
        )
    links = _links(session, [row[0] for row in rows])
    occurrences = _occurrence_dates(session, [row[0] for row in rows if row[VIEW_RULE]])
    return {
        row[0]: view_from_row(row, links.get(row[0], NO_LINKS), occurrences.get(row[0], ()))
        for row in rows
    }


def _deadline_range_only(where: AssignmentFilter) -> bool:
    """The filter is a deadline range and nothing else that an index could start from."""
    return (
        (where.overdue_on is not None or where.deadline_from is not None)
        and not where.unit_keys
        and where.document is None
        and not where.document_ids
        and where.due_before is None
        and where.due_after is None
    )


def _deadline_order(where: AssignmentFilter) -> tuple[ColumnElement[Any], ...]:
    """Earliest deadline first, undated last, then document and item; when the filter leaves no
    undated row, the plain order, which the deadline index gives without sorting."""
    order: tuple[ColumnElement[Any], ...] = (
        AssignmentRow.deadline.expression,
        AssignmentRow.document_id.expression,
        AssignmentRow.position.expression,
    )
    if where.overdue_on is not None or where.deadline_from is not None:
        return order
    return (AssignmentRow.deadline.is_(None), *order)


def _document_view(row: DocumentRow, assignment_count: int) -> DocumentView:
    return DocumentView(
        id=row.id,
        number=row.number,
        symbol=row.symbol,
        doc_type=row.doc_type,
        doc_type_name=row.doc_type_name,
        title=row.title,
        issuer=row.issuer,
        parent_issuer=row.parent_issuer,
        place=row.place,
        issued=row.issued,
        issued_text=row.issued_text,
        signer=row.signer,
        signer_title=row.signer_title,
        authority=row.authority,
        recipients=tuple(row.recipients or ()),
        source_name=row.source_name,
        source_format=row.source_format,
        content_sha256=row.content_sha256,
        status=row.status,
        ingested_at=row.ingested_at,
        replaced_by_id=row.replaced_by_id,
        assignment_count=assignment_count,
    )


def _with_assignment_details(stmt: _SelectT) -> _SelectT:
    return stmt.options(
        selectinload(AssignmentRow.units).selectinload(AssignmentUnitRow.unit),
        selectinload(AssignmentRow.occurrences),
    )
