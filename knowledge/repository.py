"""Storage of documents, units and assignments, and the queries the handlers ask of it."""

from __future__ import annotations

import functools
import hashlib
import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from difflib import SequenceMatcher
from enum import Enum
from pathlib import Path
from typing import Any, Literal, Protocol, TypeVar

from sqlalchemy import (
    ColumnElement,
    Executable,
    Select,
    Text,
    and_,
    cast,
    exists,
    func,
    insert,
    or_,
    select,
    union,
)
from sqlalchemy.orm import Session, contains_eager, defer, selectinload, sessionmaker

from knowledge.db import is_row_id, utc_now
from knowledge.domain import (
    Deadline,
    DocumentHeader,
    DocumentText,
    ExtractedAssignment,
    Extraction,
    Recurrence,
)
from knowledge.models import (
    AssignmentRow,
    AssignmentUnitRow,
    DocumentRow,
    OccurrenceRow,
    UnitAliasRow,
    UnitRow,
    current_unit,
)
from knowledge.text import clean_text, fold, nfc
from knowledge.units import Unit, UnitRegistry, WritingLevel, writing_level

IngestAction = Literal["created", "unchanged", "replaced"]
DocumentStatus = Literal["live", "review"]

# Select's type parameters differ between SQLAlchemy 2.0 and 2.1; stay generic over them.
_SelectT = TypeVar("_SelectT", bound="Select[Any]")

# A rewritten quote still counts as the same assignment above this similarity (difflib ratio).
SIMILAR_QUOTE_RATIO = 0.75


class StorageProblem(Enum):
    """Why a storage request was refused; handlers/texts.py words it for users."""

    UNIT_NOT_FOUND = "unit_not_found"
    ALIAS_TAKEN = "alias_taken"
    ALIAS_EMPTY = "alias_empty"
    SAME_UNIT = "same_unit"
    DOCUMENT_NOT_FOUND = "document_not_found"
    BAD_STATUS = "bad_status"


class StorageError(Exception):
    """A refused storage request; `problem` says why, `detail` names the thing (for logs)."""

    def __init__(self, problem: StorageProblem, detail: str = "") -> None:
        super().__init__(f"{problem.value}: {detail}".strip())
        self.problem = problem
        self.detail = detail


@dataclass(frozen=True)
class AssignmentBrief:
    """An assignment named in an ingest outcome."""

    id: int
    place: str
    task: str


@dataclass(frozen=True)
class AssignmentChange:
    """An assignment a corrected document changed; `fields` name what changed.

    Field codes: "task", "quote", "place", "deadline", "recurrence", "lead", "cooperate".
    """

    id: int
    place: str
    task: str
    fields: tuple[str, ...]


@dataclass(frozen=True)
class IngestOutcome:
    """What saving an extraction did."""

    document_id: int
    action: IngestAction
    assignments_added: tuple[AssignmentBrief, ...] = ()
    assignments_removed: tuple[AssignmentBrief, ...] = ()
    assignments_changed: tuple[AssignmentChange, ...] = ()
    assignments_unchanged: int = 0
    new_units: tuple[str, ...] = ()  # names of unregistered units created, as written
    replaced_document_id: int | None = None


@dataclass(frozen=True)
class AssignmentView:
    """An assignment with what a reply needs of its document; plain data, no ORM."""

    id: int
    document_id: int
    document_number: str | None
    document_type: str | None
    document_type_name: str | None
    document_title: str | None
    document_issued: date | None
    document_issuer: str | None
    document_status: str
    position: int
    place: str
    task: str
    quote: str
    lead_names: tuple[str, ...]  # as the document writes them
    cooperate_names: tuple[str, ...]
    lead_keys: tuple[str, ...]
    cooperate_keys: tuple[str, ...]
    deadline: Deadline | None
    recurrence: Recurrence | None
    status: str


@dataclass(frozen=True)
class AssignmentFacts:
    """What ranking an assignment reads: its units, deadline, words and document.

    Read for many assignments at once by a few plain SELECTs (no ORM objects); a reply then
    loads full AssignmentViews for the few lines it shows.
    """

    id: int
    document_id: int
    document_number: str | None
    document_type: str | None
    document_title: str | None
    document_issuer: str | None
    position: int
    task: str
    quote: str
    task_folded: str
    quote_folded: str
    due: date | None
    occurrences: tuple[date, ...]  # the dates of a recurring deadline, earliest first
    lead_names: tuple[str, ...]  # as the document writes them
    cooperate_names: tuple[str, ...]
    lead_keys: tuple[str, ...]
    cooperate_keys: tuple[str, ...]
    status: str


@dataclass(frozen=True)
class AssignmentFilter:
    """Which assignments a query reads: live ones of live documents passing every field given.

    unit_keys: one of the units is lead or cooperating (with include_groups, also through a
    group that lists it as a member). document: a number, loosely ("45/TB-UBND", "số 45",
    "45"). document_ids: one of these documents. due_before / due_after: the deadline, or an
    occurrence of a recurring one, falls on or before / on or after the date. overdue_on: the
    deadline is strictly before that date. deadline_from: the deadline itself (not an
    occurrence) is on or after that date. Documents in review count too with include_review.
    """

    unit_keys: tuple[str, ...] = ()
    include_groups: bool = True
    document: str | None = None
    document_ids: tuple[int, ...] = ()
    due_before: date | None = None
    due_after: date | None = None
    overdue_on: date | None = None
    deadline_from: date | None = None
    include_review: bool = False


@dataclass(frozen=True)
class DocumentView:
    """A stored document's header and bookkeeping, without its text."""

    id: int
    number: str | None
    symbol: str | None
    doc_type: str | None
    doc_type_name: str | None
    title: str | None
    issuer: str | None
    parent_issuer: str | None
    place: str | None
    issued: date | None
    issued_text: str | None
    signer: str | None
    signer_title: str | None
    authority: str | None
    recipients: tuple[str, ...]
    source_name: str
    source_format: str
    content_sha256: str
    status: str
    ingested_at: datetime
    replaced_by_id: int | None
    assignment_count: int


@dataclass(frozen=True)
class UnitView:
    """A stored unit with how many live assignments name it."""

    key: str
    name: str
    kind: str
    level: str | None
    registered: bool
    aliases: tuple[str, ...]
    members: tuple[str, ...]
    lead_count: int
    cooperate_count: int


@dataclass(frozen=True)
class UnitSyncResult:
    """What sync_units did: units added, units updated, unregistered units merged in."""

    added: int
    updated: int
    merged: int


@dataclass(frozen=True)
class StorageCounts:
    """Sizes for a status reply."""

    documents: int
    documents_review: int
    documents_replaced: int
    assignments: int
    units: int
    unregistered_units: int


class DocumentRepository(Protocol):
    """The store of documents, units and assignments.

    Every method runs in its own transaction and returns plain frozen dataclasses. Methods
    raise StorageError for refused requests (unknown unit, alias of another unit...).
    """

    def save_extraction(
        self,
        extraction: Extraction,
        text: DocumentText | str,
        *,
        source_name: str,
        content: bytes | None = None,
        status: DocumentStatus = "live",
    ) -> IngestOutcome:
        """Store a document and its assignments; a correction replaces the older version."""
        ...

    def sync_units(self, registry: UnitRegistry) -> UnitSyncResult:
        """Upsert the registry's units and aliases, and resolve with it from now on."""
        ...

    def registry_from_db(self, *, include_unregistered: bool = False) -> UnitRegistry:
        """A registry of the stored units not merged away, aliases added later included."""
        ...

    def add_alias(self, unit_key: str, alias: str) -> None:
        """Teach another name of a unit."""
        ...

    def merge_units(self, from_key: str, into_key: str) -> None:
        """Fold one unit into another: assignment links and aliases move."""
        ...

    def list_units(self, include_unregistered: bool = True) -> list[UnitView]:
        """Every unit not merged away, with assignment counts."""
        ...

    def list_assignments(
        self,
        unit_key: str | None = None,
        document: str | None = None,
        due_before: date | None = None,
        due_after: date | None = None,
        overdue_on: date | None = None,
        include_review: bool = False,
        limit: int | None = None,
        *,
        include_groups: bool = True,
    ) -> list[AssignmentView]:
        """Live assignments that pass every filter given, earliest deadline first."""
        ...

    def get_assignment(self, assignment_id: int) -> AssignmentView | None:
        """One assignment by id, whatever its status."""
        ...

    def get_assignments(self, assignment_ids: Sequence[int]) -> list[AssignmentView]:
        """Several assignments by id in one query, in the order given."""
        ...

    def find_assignment_ids(
        self, where: AssignmentFilter, limit: int | None = None, *, leads_first: bool = False
    ) -> list[int]:
        """Ids of the assignments `where` admits, earliest deadline first (with leads_first,
        those a unit of where.unit_keys leads before those it cooperates on)."""
        ...

    def find_assignment_words(
        self, where: AssignmentFilter, limit: int | None = None
    ) -> list[tuple[int, str]]:
        """(id, folded words of task, quote and document title) of the assignments `where`
        admits, earliest deadline first."""
        ...

    def find_assignment_facts(
        self, where: AssignmentFilter, limit: int | None = None, *, leads_first: bool = False
    ) -> list[AssignmentFacts]:
        """What ranking reads of the assignments `where` admits, in find_assignment_ids' order."""
        ...

    def assignment_facts(self, assignment_ids: Sequence[int]) -> list[AssignmentFacts]:
        """What ranking reads of these assignments (whatever their status), in the order given."""
        ...

    def count_assignments(self, where: AssignmentFilter, cap: int | None = None) -> int:
        """How many assignments `where` admits, counting no further than `cap` (None: all)."""
        ...

    def get_document(self, document_id: int) -> DocumentView | None:
        """One document by id."""
        ...

    def document_text(self, document_id: int) -> str | None:
        """The full NFC text of a document."""
        ...

    def documents_mentioning(self, folded: str, limit: int = 50) -> list[int]:
        """Live documents whose folded text holds `folded` (a number a portal item cites)."""
        ...

    def list_documents(
        self,
        include_replaced: bool = False,
        *,
        status: str | None = None,
        doc_type: str | None = None,
    ) -> list[DocumentView]:
        """Documents, newest issue date first; only those of `status` / `doc_type` when given."""
        ...

    def confirm_document(self, document_id: int) -> bool:
        """Move a document from review to live; False when it was not in review."""
        ...

    def counts(self) -> StorageCounts:
        """How much is stored."""
        ...


# --- pure helpers -------------------------------------------------------------------------

_LEADING_SO = re.compile(r"^so:?(?=[\d/])")
_LEADING_ZEROS = re.compile(r"^0+(?=\d)")
_SEQ = re.compile(r"^(\d+)")
_YEAR_IN_NUMBER = re.compile(r"^\d+/((?:19|20)\d\d)/")


def number_key(number: str | None) -> str | None:
    """A document number folded for comparison: "Số: 05/TB-UBND" -> "5/tb-ubnd"."""
    if not number:
        return None
    key = re.sub(r"\s+", "", fold(number))
    key = _LEADING_ZEROS.sub("", _LEADING_SO.sub("", key))
    return key or None


def _number_seq(key: str | None) -> int | None:
    match = _SEQ.match(key or "")
    return int(match.group(1)) if match else None


def identity_key(header: DocumentHeader) -> str | None:
    """(issuer, number, year) of a numbered document; (issuer, date, title) when the number is
    blank; None when neither can be told.

    Numbers restart every year, so the year belongs to the identity; a QPPL number carries
    its own year, which stands in when the date line is missing.
    """
    key = number_key(header.number)
    if key is None or _number_seq(key) is None:
        # A notice with a blank number is still one notice: the same title from the same
        # issuer on the same day, whether it arrives as .txt, .docx or .pdf.
        if header.title and header.issued is not None and header.issuer:
            title = re.sub(r"\W+", " ", fold(header.title)).strip()
            return f"{fold(header.issuer)}|{key or ''}|{header.issued.isoformat()}|{title}"
        return None
    if header.issued is not None:
        year = str(header.issued.year)
    else:
        in_number = _YEAR_IN_NUMBER.match(key)
        year = in_number.group(1) if in_number else ""
    return f"{fold(header.issuer or '')}|{key}|{year}"


def _text_and_format(text: DocumentText | str, source_name: str) -> tuple[str, str]:
    if isinstance(text, DocumentText):
        return nfc(text.plain_text()), text.source_format
    return nfc(text), Path(source_name).suffix.lower().lstrip(".") or "txt"


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


def _plain(session: Session, stmt: Executable) -> Sequence[Any]:
    """Rows of a column SELECT run as plain Core on the session's connection: the ORM's row
    processing cost several times the query on a few hundred rows."""
    return session.connection().execute(stmt).all()


@dataclass
class _Links:
    """An assignment's units as the ORM relationship orders them (role, then position)."""

    lead_names: list[str] = field(default_factory=list)
    cooperate_names: list[str] = field(default_factory=list)
    lead_keys: list[str] = field(default_factory=list)
    cooperate_keys: list[str] = field(default_factory=list)


_NO_LINKS = _Links()


def _links(session: Session, ids: Sequence[int]) -> dict[int, _Links]:
    """The units named on each of these assignments, lead and cooperating."""
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
        .where(AssignmentUnitRow.assignment_id.in_(ids))
        .order_by(AssignmentUnitRow.role, AssignmentUnitRow.position, AssignmentUnitRow.id),
    ):
        own = links.get(assignment_id)
        if own is None:
            own = links[assignment_id] = _Links()
        if role == "lead":
            own.lead_names.append(name)
            own.lead_keys.append(key)
        else:
            own.cooperate_names.append(name)
            own.cooperate_keys.append(key)
    return links


def _occurrence_dates(session: Session, ids: Sequence[int]) -> dict[int, list[date]]:
    """The expanded due dates of these (recurring) assignments, earliest first."""
    occurrences: dict[int, list[date]] = {}
    if ids:
        for assignment_id, due in _plain(
            session,
            select(OccurrenceRow.assignment_id, OccurrenceRow.due)
            .where(OccurrenceRow.assignment_id.in_(ids))
            .order_by(OccurrenceRow.due),
        ):
            occurrences.setdefault(assignment_id, []).append(due)
    return occurrences


def _facts(session: Session, rows: Sequence[Any]) -> list[AssignmentFacts]:
    """AssignmentFacts for rows of _FACT_COLUMNS, their units and occurrences read in two more
    plain SELECTs."""
    if not rows:
        return []
    links = _links(session, [row[0] for row in rows])
    occurrences = _occurrence_dates(session, [row[0] for row in rows if row[12]])
    out = []
    for row in rows:
        (id_, document_id, number, doc_type, title, issuer, position, task, quote) = row[:9]
        task_folded, quote_folded, deadline, _rule, status = row[9:]
        own = links.get(id_, _NO_LINKS)
        out.append(
            AssignmentFacts(
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
                occurrences=tuple(occurrences.get(id_, ())),
                lead_names=tuple(own.lead_names),
                cooperate_names=tuple(own.cooperate_names),
                lead_keys=tuple(own.lead_keys),
                cooperate_keys=tuple(own.cooperate_keys),
                status=status,
            )
        )
    return out


def _views(session: Session, ids: Sequence[int]) -> dict[int, AssignmentView]:
    """AssignmentViews of these assignments by id, read as plain rows (what _assignment_view
    makes of ORM rows, in three SELECTs without building ORM objects)."""
    if not ids:
        return {}
    rows = _plain(
        session,
        select(*_VIEW_COLUMNS)
        .join(DocumentRow, DocumentRow.id == AssignmentRow.document_id)
        .where(AssignmentRow.id.in_(list(ids))),
    )
    links = _links(session, [row[0] for row in rows])
    occurrences = _occurrence_dates(session, [row[0] for row in rows if row[18]])
    views = {}
    for row in rows:
        (id_, document_id, number, doc_type, doc_type_name, title, issued, issuer) = row[:8]
        (document_status, position, place, task, quote, due, due_text, start) = row[8:16]
        (due_time, flags, rule, recurrence_text, status) = row[16:]
        recurrence = (
            Recurrence(
                rule=rule,
                text=recurrence_text or "",
                occurrences=tuple(occurrences.get(id_, ())),
            )
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
        own = links.get(id_, _NO_LINKS)
        views[id_] = AssignmentView(
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
    return views


@functools.lru_cache(maxsize=4096)
def _folded_title(title: str) -> str:
    # many assignments share a document's title
    return fold(title)


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


# --- unit rows inside a session -------------------------------------------------------------


def _unit_by_key(session: Session, key: str) -> UnitRow | None:
    return session.scalar(select(UnitRow).where(UnitRow.key == key))


def _unit_by_folded(session: Session, folded: str) -> UnitRow | None:
    alias = session.scalar(select(UnitAliasRow).where(UnitAliasRow.alias_folded == folded))
    if alias is not None:
        return alias.unit
    return session.scalars(
        select(UnitRow)
        .where(UnitRow.name_folded == folded)
        .order_by(UnitRow.merged_into_id.is_not(None), UnitRow.registered.desc(), UnitRow.id)
    ).first()


@dataclass
class _StoredUnits:
    """Every unit row by key and every alias fold taken, read in two queries: what syncing a
    units file compares with, instead of two queries per unit and alias."""

    by_key: dict[str, UnitRow]
    aliases: set[str]

    @classmethod
    def read(cls, session: Session) -> _StoredUnits:
        rows = session.scalars(select(UnitRow)).all()
        return cls(
            {row.key: row for row in rows}, set(session.scalars(select(UnitAliasRow.alias_folded)))
        )


def _add_alias_row(
    session: Session, unit: UnitRow, alias: str, stored: _StoredUnits | None = None
) -> bool:
    """Attach `alias` to `unit` unless its fold is the unit's name or already taken."""
    folded = fold(alias)
    if not folded or folded == unit.name_folded:
        return False
    if stored is not None:
        if folded in stored.aliases:
            return False
    else:
        taken = session.scalar(select(UnitAliasRow.id).where(UnitAliasRow.alias_folded == folded))
        if taken is not None:
            return False
    session.add(UnitAliasRow(unit=unit, alias=nfc(alias).strip(), alias_folded=folded))
    session.flush()
    if stored is not None:
        stored.aliases.add(folded)
    return True


def _upsert_registry_unit(
    session: Session, unit: Unit, stored: _StoredUnits | None = None
) -> tuple[UnitRow, bool, bool]:
    """The row of a registry unit, created or brought up to date: (row, added, updated).

    With `stored`, rows and aliases are looked up there (and what is added goes there too),
    and nothing is flushed when nothing changed.
    """
    row = stored.by_key.get(unit.key) if stored is not None else _unit_by_key(session, unit.key)
    fields = {
        "name": nfc(unit.name),
        "name_folded": fold(unit.name),
        "kind": unit.kind,
        "level": unit.level,
        "registered": unit.registered,
        "members": list(unit.members),
    }
    added = updated = False
    if row is None:
        row = UnitRow(key=unit.key, **fields)
        session.add(row)
        added = True
        if stored is not None:
            stored.by_key[unit.key] = row
    else:
        for name, value in fields.items():
            if getattr(row, name) != value:
                setattr(row, name, value)
                updated = True
    if stored is None or added or updated:
        session.flush()
    for alias in unit.aliases:
        updated = _add_alias_row(session, row, alias, stored) or updated
    return row, added, updated and not added


def _merge_rows(session: Session, source: UnitRow, target: UnitRow) -> None:
    if source.id == target.id:
        raise StorageError(StorageProblem.SAME_UNIT, source.key)
    links = session.scalars(
        select(AssignmentUnitRow).where(AssignmentUnitRow.unit_id == source.id)
    ).all()
    for link in links:
        duplicate = session.scalar(
            select(AssignmentUnitRow.id).where(
                AssignmentUnitRow.assignment_id == link.assignment_id,
                AssignmentUnitRow.unit_id == target.id,
                AssignmentUnitRow.role == link.role,
            )
        )
        if duplicate is not None:
            session.delete(link)
        else:
            link.unit_id = target.id
    session.flush()
    for alias in list(source.aliases):
        alias.unit = target
    session.flush()
    _add_alias_row(session, target, source.name)
    for earlier in session.scalars(select(UnitRow).where(UnitRow.merged_into_id == source.id)):
        earlier.merged_into_id = target.id
    source.merged_into_id = target.id
    session.flush()


def _assignment_values(item: ExtractedAssignment, position: int) -> dict[str, Any]:
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


def _insert_assignments(
    session: Session, document_id: int, extraction: Extraction, resolver: _UnitResolver
) -> tuple[AssignmentBrief, ...]:
    """Insert a new document's assignments, links and occurrences in three batched statements
    (the unit of work would emit and track them one object at a time)."""
    items = extraction.assignments
    if not items:
        return ()
    values = [
        {**_assignment_values(item, position), "document_id": document_id, "status": "live"}
        for position, item in enumerate(items)
    ]
    ids = session.scalars(
        insert(AssignmentRow).returning(AssignmentRow.id, sort_by_parameter_order=True), values
    ).all()
    links: list[dict[str, Any]] = []
    occurrences: list[dict[str, Any]] = []
    for assignment_id, item in zip(ids, items, strict=True):
        seen: set[tuple[int, str]] = set()
        for role, names in (("lead", item.lead), ("cooperate", item.cooperate)):
            for name in names:
                if not name.strip():
                    continue
                unit_id = resolver.id_for(name)
                if (unit_id, role) in seen:
                    continue  # two spellings of one unit in one role: the first wins
                seen.add((unit_id, role))
                links.append(
                    {
                        "assignment_id": assignment_id,
                        "unit_id": unit_id,
                        "role": role,
                        "name_as_written": nfc(name).strip(),
                        "position": len(seen) - 1,
                    }
                )
        recurrence = item.deadline.recurrence if item.deadline else None
        for due in sorted(set(recurrence.occurrences) if recurrence else ()):
            occurrences.append({"assignment_id": assignment_id, "due": due})
    if links:
        session.execute(insert(AssignmentUnitRow), links)
    if occurrences:
        session.execute(insert(OccurrenceRow), occurrences)
    return tuple(
        AssignmentBrief(assignment_id, v["place"], v["task"])
        for assignment_id, v in zip(ids, values, strict=True)
    )


class _UnitResolver:
    """Turns unit names as written into unit rows for one save; unknown names become rows."""

    def __init__(
        self,
        session: Session,
        registry: UnitRegistry,
        known: dict[str, int] | None = None,
        writing: WritingLevel | None = None,
    ) -> None:
        self._session = session
        self._registry = registry
        self._writing = writing
        self._cache: dict[str, UnitRow] = {}
        # folded name -> unit id, shared by the saves of one repository: resolution of the
        # same spelling is done once, not once per document.
        self._known = known if known is not None else {}
        self.new_units: list[str] = []

    def id_for(self, name: str) -> int:
        """The id of the (current) unit a name resolves to; known names cost no query."""
        known_id = self._known.get(fold(self._registry.in_context(name, self._writing)))
        if known_id is not None:
            return known_id
        return self.row_for(name).id

    def row_for(self, name: str) -> UnitRow:
        # "Công an" in a commune's letter is the commune's police, not the district's
        name = self._registry.in_context(name, self._writing)
        folded = fold(name)
        cached = self._cache.get(folded)
        if cached is not None:
            return cached
        with self._session.no_autoflush:
            found = _unit_by_folded(self._session, folded)
        row: UnitRow
        if found is not None:
            row = found
        else:
            match = self._registry.resolve(name)
            if match is not None and match.exact:
                row, _added, _updated = _upsert_registry_unit(self._session, match.unit)
            else:
                # an unsure match ("Phòng Kinh tế" for "Phòng Kinh tế và Hạ tầng") is not
                # guessed: the name stays unregistered, for the office to map in review
                row = self._unregistered(name, folded)
        row = current_unit(self._session, row)
        self._cache[folded] = row
        if row.id is not None:
            self._known[folded] = row.id
        return row

    def _unregistered(self, name: str, folded: str) -> UnitRow:
        unit = self._registry.unregistered(name)
        row = _unit_by_key(self._session, unit.key)
        if row is not None:
            # Another spelling that slugs the same: remember it so the next lookup is exact.
            _add_alias_row(self._session, row, name)
            return row
        row = UnitRow(
            key=unit.key,
            name=nfc(name).strip(),
            name_folded=folded,
            kind=unit.kind,
            level=unit.level,
            registered=False,
            members=list(unit.members),
        )
        self._session.add(row)
        self._session.flush()
        self.new_units.append(row.name)
        return row


# --- the repository -----------------------------------------------------------------------


class SqlAlchemyDocumentRepository:
    """DocumentRepository on SQLAlchemy; SQLite and PostgreSQL alike."""

    def __init__(
        self,
        session_factory: sessionmaker[Session],
        registry: UnitRegistry,
        *,
        now: Callable[[], datetime] = utc_now,
    ) -> None:
        self._session_factory = session_factory
        self._registry = registry
        self._now = now
        self._known_units: dict[str, int] = {}  # cleared whenever units change

    @property
    def registry(self) -> UnitRegistry:
        """The registry unit names are resolved with (aliases added since included)."""
        return self._registry

    # --- ingest ---------------------------------------------------------------------------

    def save_extraction(
        self,
        extraction: Extraction,
        text: DocumentText | str,
        *,
        source_name: str,
        content: bytes | None = None,
        status: DocumentStatus = "live",
    ) -> IngestOutcome:
        """Store a document and its assignments.

        The same content again changes nothing ("unchanged"). A document with the same
        issuer, number and year but other content is a correction ("replaced"): the old row
        is kept as replaced, assignments that continue keep their ids, the rest are marked
        removed, and the outcome lists what was added, removed and changed.
        """
        if status not in ("live", "review"):
            raise StorageError(StorageProblem.BAD_STATUS, status)
        source_name = clean_text(source_name)  # a file name may hold any byte the disk allows
        full_text, source_format = _text_and_format(text, source_name)
        digest = hashlib.sha256(
            content if content is not None else full_text.encode("utf-8")
        ).hexdigest()
        header = extraction.header
        with self._session_factory() as session, session.begin():
            same = session.scalar(select(DocumentRow).where(DocumentRow.content_sha256 == digest))
            if same is not None:
                return IngestOutcome(document_id=same.id, action="unchanged")

            identity = identity_key(header)
            previous = None
            if identity is not None:
                previous = session.scalars(
                    select(DocumentRow)
                    .where(DocumentRow.identity_key == identity, DocumentRow.status != "replaced")
                    .order_by(DocumentRow.id.desc())
                ).first()

            key = number_key(header.number)
            document = DocumentRow(
                issuer=header.issuer,
                issuer_folded=fold(header.issuer) if header.issuer else None,
                parent_issuer=header.parent_issuer,
                number=header.number,
                number_key=key,
                number_seq=_number_seq(key),
                identity_key=identity,
                symbol=header.symbol,
                doc_type=header.doc_type,
                doc_type_name=header.doc_type_name,
                title=header.title,
                place=header.place,
                issued=header.issued,
                issued_text=header.issued_text,
                signer=header.signer,
                signer_title=header.signer_title,
                authority=header.authority,
                recipients=list(header.recipients),
                source_name=source_name,
                source_format=source_format,
                content_sha256=digest,
                text=full_text,
                text_folded=fold(full_text),
                status=status,
                ingested_at=self._now(),
            )
            session.add(document)
            session.flush()
            resolver = _UnitResolver(
                session,
                self._registry,
                self._known_units,
                writing_level(header.issuer, header.parent_issuer),
            )

            if previous is None:
                briefs = _insert_assignments(session, document.id, extraction, resolver)
                return IngestOutcome(
                    document_id=document.id,
                    action="created",
                    assignments_added=briefs,
                    new_units=tuple(resolver.new_units),
                )
            return self._replace(session, previous, document, extraction, resolver)

    def _replace(
        self,
        session: Session,
        previous: DocumentRow,
        document: DocumentRow,
        extraction: Extraction,
        resolver: _UnitResolver,
    ) -> IngestOutcome:
        old_rows = session.scalars(
            _with_assignment_details(
                select(AssignmentRow)
                .where(AssignmentRow.document_id == previous.id, AssignmentRow.status == "live")
                .order_by(AssignmentRow.position)
            )
        ).all()
        pairs = _pair_assignments(old_rows, extraction.assignments)
        added: list[AssignmentBrief] = []
        changed: list[AssignmentChange] = []
        unchanged = 0
        for position, item in enumerate(extraction.assignments):
            row = pairs.get(position)
            if row is None:
                new = self._new_assignment(session, document, item, position, resolver)
                session.flush()
                added.append(AssignmentBrief(new.id, new.place, new.task))
                continue
            before = _signature(row)
            row.document = document
            self._fill(session, row, item, position, resolver)
            session.flush()
            after = _signature(row)
            fields = tuple(name for name in before if before[name] != after[name])
            if fields:
                changed.append(AssignmentChange(row.id, row.place, row.task, fields))
            else:
                unchanged += 1
        kept = {row.id for row in pairs.values()}
        removed = []
        for row in old_rows:
            if row.id not in kept:
                # Kept on the old version, not deleted: progress notes may hang off it.
                row.status = "removed"
                removed.append(AssignmentBrief(row.id, row.place, row.task))
        previous.status = "replaced"
        previous.replaced_by_id = document.id
        session.flush()
        return IngestOutcome(
            document_id=document.id,
            action="replaced",
            assignments_added=tuple(added),
            assignments_removed=tuple(removed),
            assignments_changed=tuple(changed),
            assignments_unchanged=unchanged,
            new_units=tuple(resolver.new_units),
            replaced_document_id=previous.id,
        )

    def _new_assignment(
        self,
        session: Session,
        document: DocumentRow,
        item: ExtractedAssignment,
        position: int,
        resolver: _UnitResolver,
    ) -> AssignmentRow:
        # Empty collections given up front: a new row has no links or occurrences, and _fill
        # would otherwise lazy-load both (two SELECTs per assignment) after an autoflush.
        row = AssignmentRow(document=document, status="live", units=[], occurrences=[])
        session.add(row)
        self._fill(session, row, item, position, resolver)
        return row  # flushed by the caller, once for all new rows (inserts go in batches)

    def _fill(
        self,
        session: Session,
        row: AssignmentRow,
        item: ExtractedAssignment,
        position: int,
        resolver: _UnitResolver,
    ) -> None:
        """Write an extracted assignment onto a row, reconciling unit links and occurrences."""
        deadline = item.deadline
        recurrence = deadline.recurrence if deadline else None
        for column, value in _assignment_values(item, position).items():
            setattr(row, column, value)

        wanted: dict[tuple[int, str], tuple[str, int]] = {}
        for role, names in (("lead", item.lead), ("cooperate", item.cooperate)):
            for name in names:
                if not name.strip():
                    continue
                unit_id = resolver.id_for(name)
                # Two spellings of one unit in one role: the first as written wins.
                wanted.setdefault((unit_id, role), (nfc(name).strip(), len(wanted)))
        existing = {(link.unit_id, link.role): link for link in row.units}
        stale = [link for key, link in existing.items() if key not in wanted]
        for link in stale:
            row.units.remove(link)
        if stale:
            session.flush()  # the (unit, role) of a removed link may be added back below
        for (unit_id, role), (name, order) in wanted.items():
            found_link = existing.get((unit_id, role))
            if found_link is None:
                row.units.append(
                    AssignmentUnitRow(
                        unit_id=unit_id, role=role, name_as_written=name, position=order
                    )
                )
            else:
                found_link.name_as_written = name
                found_link.position = order

        dues = set(recurrence.occurrences) if recurrence else set()
        for occurrence in list(row.occurrences):
            if occurrence.due not in dues:
                row.occurrences.remove(occurrence)
        have = {occurrence.due for occurrence in row.occurrences}
        for due in sorted(dues - have):
            row.occurrences.append(OccurrenceRow(due=due))

    # --- units ----------------------------------------------------------------------------

    def sync_units(self, registry: UnitRegistry) -> UnitSyncResult:
        """Upsert the registry's units and aliases (units file -> DB) and resolve with it.

        Unregistered units whose name the registry now knows exactly are merged into the
        registered unit, so their assignments follow.
        """
        self._known_units.clear()
        added = updated = merged = 0
        with self._session_factory() as session, session.begin():
            stored = _StoredUnits.read(session)
            for unit in registry.units():
                _row, was_added, was_updated = _upsert_registry_unit(session, unit, stored)
                added += was_added
                updated += was_updated
            strays = session.scalars(
                select(UnitRow).where(
                    UnitRow.registered.is_(False), UnitRow.merged_into_id.is_(None)
                )
            ).all()
            for stray in strays:
                target = self._registered_target(session, registry, stray)
                if target is not None and target.id != stray.id:
                    _merge_rows(session, stray, target)
                    merged += 1
        self._registry = registry
        return UnitSyncResult(added=added, updated=updated, merged=merged)

    @staticmethod
    def _registered_target(
        session: Session, registry: UnitRegistry, stray: UnitRow
    ) -> UnitRow | None:
        alias = session.scalar(
            select(UnitAliasRow).where(UnitAliasRow.alias_folded == stray.name_folded)
        )
        if alias is not None and alias.unit.registered:
            return current_unit(session, alias.unit)
        match = registry.resolve(stray.name)
        if match is None or not match.exact or not match.unit.registered:
            return None
        target = _unit_by_key(session, match.unit.key)
        return current_unit(session, target) if target is not None else None

    def registry_from_db(self, *, include_unregistered: bool = False) -> UnitRegistry:
        """A registry of the stored units not merged away, with every alias added since.

        Unregistered units are left out by default: their names were never confirmed, and
        the database finds them again by exact name anyway. The office settings come from
        the registry in use.
        """
        with self._session_factory() as session:
            stmt = (
                select(UnitRow)
                .where(UnitRow.merged_into_id.is_(None))
                .options(selectinload(UnitRow.aliases))
                .order_by(UnitRow.id)
            )
            if not include_unregistered:
                stmt = stmt.where(UnitRow.registered.is_(True))
            rows = session.scalars(stmt).all()
            keys = {row.key for row in rows}
            merged: dict[str, int] = {
                old: new
                for old, new in session.execute(
                    select(UnitRow.key, UnitRow.merged_into_id).where(
                        UnitRow.merged_into_id.is_not(None)
                    )
                )
                if new is not None
            }
            by_id = {row.id: row.key for row in rows}
            units = []
            for row in rows:
                members: list[str] = []
                for member in row.members or ():
                    # A member merged away is listed under the unit it became.
                    target = by_id.get(merged[member]) if member in merged else member
                    if target in keys and target not in members:
                        members.append(target)
                units.append(
                    Unit(
                        key=row.key,
                        name=row.name,
                        kind=row.kind,
                        level=row.level,
                        aliases=tuple(a.alias for a in sorted(row.aliases, key=_alias_id)),
                        members=tuple(members),
                        registered=row.registered,
                    )
                )
        return UnitRegistry(units, office=self._registry.office)

    def add_alias(self, unit_key: str, alias: str) -> None:
        """Teach another name of a unit.

        An unregistered unit already stored under that name is merged into this one, so the
        assignments it collected follow. Raises StorageError when the unit is unknown, the
        alias is empty, or the name belongs to another registered unit.
        """
        self._known_units.clear()
        folded = fold(alias)
        if not folded:
            raise StorageError(StorageProblem.ALIAS_EMPTY, unit_key)
        with self._session_factory() as session, session.begin():
            row = self._unit_for_key(session, unit_key)
            holder = _unit_by_folded(session, folded)
            if holder is not None:
                holder = current_unit(session, holder)
                if holder.id == row.id:
                    return
                if holder.registered:
                    raise StorageError(StorageProblem.ALIAS_TAKEN, f"{alias} -> {holder.key}")
                _merge_rows(session, holder, row)
            _add_alias_row(session, row, alias)
            key = row.key
        if self._registry.get(key) is not None:
            self._registry = self._registry.with_alias(key, alias)

    def merge_units(self, from_key: str, into_key: str) -> None:
        """Fold unit `from_key` into `into_key`: links and aliases move, the old row is marked.

        The old name becomes an alias of the target, so later documents resolve to it.
        """
        self._known_units.clear()
        with self._session_factory() as session, session.begin():
            source = self._unit_for_key(session, from_key)
            target = self._unit_for_key(session, into_key)
            _merge_rows(session, source, target)

    def _unit_for_key(self, session: Session, key: str) -> UnitRow:
        """The current row of a unit key; a registry unit not stored yet is stored now."""
        row = _unit_by_key(session, key)
        if row is None:
            unit = self._registry.get(key)
            if unit is None:
                raise StorageError(StorageProblem.UNIT_NOT_FOUND, key)
            row, _added, _updated = _upsert_registry_unit(session, unit)
        return current_unit(session, row)

    def list_units(self, include_unregistered: bool = True) -> list[UnitView]:
        """Every unit not merged away, with counts of live assignments naming it per role."""
        with self._session_factory() as session:
            stmt = (
                select(UnitRow)
                .where(UnitRow.merged_into_id.is_(None))
                .options(selectinload(UnitRow.aliases))
                .order_by(UnitRow.registered.desc(), UnitRow.name_folded, UnitRow.id)
            )
            if not include_unregistered:
                stmt = stmt.where(UnitRow.registered.is_(True))
            rows = session.scalars(stmt).all()
            count_rows = session.execute(
                select(AssignmentUnitRow.unit_id, AssignmentUnitRow.role, func.count())
                .join(AssignmentRow, AssignmentRow.id == AssignmentUnitRow.assignment_id)
                .join(DocumentRow, DocumentRow.id == AssignmentRow.document_id)
                .where(AssignmentRow.status == "live", DocumentRow.status == "live")
                .group_by(AssignmentUnitRow.unit_id, AssignmentUnitRow.role)
            ).all()
            counts = {(unit_id, role): int(n) for unit_id, role, n in count_rows}
            return [
                UnitView(
                    key=row.key,
                    name=row.name,
                    kind=row.kind,
                    level=row.level,
                    registered=row.registered,
                    aliases=tuple(alias.alias for alias in sorted(row.aliases, key=_alias_id)),
                    members=tuple(row.members or ()),
                    lead_count=counts.get((row.id, "lead"), 0),
                    cooperate_count=counts.get((row.id, "cooperate"), 0),
                )
                for row in rows
            ]

    # --- queries --------------------------------------------------------------------------

    def list_assignments(
        self,
        unit_key: str | None = None,
        document: str | None = None,
        due_before: date | None = None,
        due_after: date | None = None,
        overdue_on: date | None = None,
        include_review: bool = False,
        limit: int | None = None,
        *,
        include_groups: bool = True,
    ) -> list[AssignmentView]:
        """Live assignments that pass every filter given, earliest deadline first.

        unit_key: the unit is lead or cooperating (with include_groups, also through a group
        that lists it as a member). document: a number, loosely ("45/TB-UBND", "số 45",
        "45"). due_before / due_after: the deadline, or an occurrence of a recurring one,
        falls on or before / on or after the date. overdue_on: the deadline is strictly
        before that date. Documents in review are left out unless include_review.
        """
        where = AssignmentFilter(
            unit_keys=(unit_key,) if unit_key is not None else (),
            include_groups=include_groups,
            document=document,
            due_before=due_before,
            due_after=due_after,
            overdue_on=overdue_on,
            include_review=include_review,
        )
        with self._session_factory() as session:
            stmt = (
                select(AssignmentRow)
                .join(AssignmentRow.document)
                .options(contains_eager(AssignmentRow.document))
            )
            stmt = self._filtered(session, stmt, where).order_by(*_deadline_order(where))
            if limit is not None:
                stmt = stmt.limit(limit)
            rows = session.scalars(_with_assignment_details(stmt)).unique().all()
            return [_assignment_view(row) for row in rows]

    def find_assignment_ids(
        self, where: AssignmentFilter, limit: int | None = None, *, leads_first: bool = False
    ) -> list[int]:
        """Ids of the assignments `where` admits, earliest deadline first (undated last), at
        most `limit`; with leads_first, those a unit of where.unit_keys leads come first."""
        with self._session_factory() as session:
            stmt = self._read(session, select(AssignmentRow.id), where, limit, leads_first)
            return [row[0] for row in _plain(session, stmt)]

    def find_assignment_words(
        self, where: AssignmentFilter, limit: int | None = None
    ) -> list[tuple[int, str]]:
        """(id, folded words of task, quote and document title) of the assignments `where`
        admits, earliest deadline first (undated last), at most `limit`: what a question's
        words are looked for in before anything else is read."""
        with self._session_factory() as session:
            columns: tuple[Any, ...] = (
                AssignmentRow.id,
                AssignmentRow.task_folded,
                AssignmentRow.quote_folded,
                DocumentRow.title,
            )
            stmt = self._read(session, select(*columns), where, limit)
            return [
                (id_, f"{task}\n{quote}\n{_folded_title(title or '')}")
                for id_, task, quote, title in _plain(session, stmt)
            ]

    def find_assignment_facts(
        self, where: AssignmentFilter, limit: int | None = None, *, leads_first: bool = False
    ) -> list[AssignmentFacts]:
        """What ranking reads of the assignments `where` admits, in find_assignment_ids' order;
        plain SELECTs, no ORM objects."""
        with self._session_factory() as session:
            stmt = self._read(session, select(*_FACT_COLUMNS), where, limit, leads_first)
            return _facts(session, _plain(session, stmt))

    def _read(
        self,
        session: Session,
        columns: _SelectT,
        where: AssignmentFilter,
        limit: int | None,
        leads_first: bool = False,
    ) -> _SelectT:
        """`columns` from assignments joined to their documents, filtered and ordered."""
        keys = (
            self._keys_for(session, where.unit_keys, where.include_groups)
            if where.unit_keys
            else set()
        )
        stmt = self._filtered(
            session,
            columns.join(DocumentRow, DocumentRow.id == AssignmentRow.document_id),
            where,
            keys,
        )
        order = _deadline_order(where)
        if leads_first and where.unit_keys:
            led = AssignmentRow.id.in_(
                select(AssignmentUnitRow.assignment_id)
                .join(UnitRow, AssignmentUnitRow.unit_id == UnitRow.id)
                .where(UnitRow.key.in_(keys), AssignmentUnitRow.role == "lead")
            )
            order = (led.desc(), *order)
        stmt = stmt.order_by(*order)
        return stmt.limit(limit) if limit is not None else stmt

    def assignment_facts(self, assignment_ids: Sequence[int]) -> list[AssignmentFacts]:
        """What ranking reads of these assignments (whatever their status), in the order given."""
        if not assignment_ids:
            return []
        with self._session_factory() as session:
            rows = _plain(
                session,
                select(*_FACT_COLUMNS)
                .join(DocumentRow, DocumentRow.id == AssignmentRow.document_id)
                .where(AssignmentRow.id.in_(list(assignment_ids))),
            )
            by_id = {facts.id: facts for facts in _facts(session, rows)}
        return [by_id[i] for i in assignment_ids if i in by_id]

    def count_assignments(self, where: AssignmentFilter, cap: int | None = None) -> int:
        """How many assignments `where` admits, counting no further than `cap` (None: all)."""
        with self._session_factory() as session:
            if cap is None:
                stmt = self._filtered(
                    session,
                    select(func.count())
                    .select_from(AssignmentRow)
                    .join(DocumentRow, DocumentRow.id == AssignmentRow.document_id),
                    where,
                )
                return int(session.scalar(stmt) or 0)
            # Counting stops at the cap: tens of thousands of overdue rows would each be read.
            rows = self._filtered(
                session,
                select(AssignmentRow.id).join(
                    DocumentRow, DocumentRow.id == AssignmentRow.document_id
                ),
                where,
            ).limit(cap)
            return int(session.scalar(select(func.count()).select_from(rows.subquery())) or 0)

    def _filtered(
        self,
        session: Session,
        stmt: _SelectT,
        where: AssignmentFilter,
        unit_keys: set[str] | None = None,
    ) -> _SelectT:
        """`stmt`, over assignments joined to their documents, narrowed to what `where` admits
        (a document number that cannot be read as one filters nothing); `unit_keys`: the
        units' keys with their groups, when the caller looked them up already."""
        statuses = ("live", "review") if where.include_review else ("live",)
        status: ColumnElement[str] = AssignmentRow.status.expression
        document_status: ColumnElement[str] = DocumentRow.status.expression
        if session.get_bind().dialect.name == "sqlite":
            # SQLite has no statistics unless ANALYZE ran, and then starts from a status index,
            # which nearly every row shares, and walks every live assignment. With the statuses
            # hidden from it ("|| ''") it starts from what narrows: the units' links, the
            # document's number, the dates (a deadline range read in order, up to the limit).
            status, document_status = status.concat(""), document_status.concat("")
        stmt = stmt.where(status == "live", document_status.in_(statuses))
        if where.unit_keys:
            keys = unit_keys or self._keys_for(session, where.unit_keys, where.include_groups)
            # Driven from the units' links (an IN list the planner reads first), not an EXISTS
            # per assignment in deadline order, which scans the whole table when the unit has
            # few tasks.
            stmt = stmt.where(
                AssignmentRow.id.in_(
                    select(AssignmentUnitRow.assignment_id)
                    .join(UnitRow, AssignmentUnitRow.unit_id == UnitRow.id)
                    .where(UnitRow.key.in_(keys))
                )
            )
        if where.document is not None:
            condition = _document_condition(where.document)
            if condition is not None:
                # the documents that match, then their assignments: a number's prefix match
                # (LIKE) serves no index, and scanning documents costs a tenth of assignments
                stmt = stmt.where(
                    AssignmentRow.document_id.in_(select(DocumentRow.id).where(condition))
                )
        if where.document_ids:
            stmt = stmt.where(AssignmentRow.document_id.in_(where.document_ids))
        if where.due_before is not None or where.due_after is not None:
            on_deadline: list[ColumnElement[bool]] = [AssignmentRow.deadline.is_not(None)]
            on_occurrence: list[ColumnElement[bool]] = []
            if where.due_before is not None:
                on_deadline.append(AssignmentRow.deadline <= where.due_before)
                on_occurrence.append(OccurrenceRow.due <= where.due_before)
            if where.due_after is not None:
                on_deadline.append(AssignmentRow.deadline >= where.due_after)
                on_occurrence.append(OccurrenceRow.due >= where.due_after)
            if where.unit_keys or where.document is not None or where.document_ids:
                # the units' or the document's rows are few: test each of them
                occurs = exists().where(OccurrenceRow.assignment_id == AssignmentRow.id)
                stmt = stmt.where(or_(and_(*on_deadline), occurs.where(*on_occurrence)))
            else:
                # the dates alone: two index range reads (deadlines, occurrences), not an OR
                # with EXISTS, which no index serves and which tests every assignment
                stmt = stmt.where(
                    AssignmentRow.id.in_(
                        union(
                            select(AssignmentRow.id).where(*on_deadline),
                            select(OccurrenceRow.assignment_id).where(*on_occurrence),
                        )
                    )
                )
        if where.overdue_on is not None:
            stmt = stmt.where(AssignmentRow.deadline < where.overdue_on)
        if where.deadline_from is not None:
            stmt = stmt.where(AssignmentRow.deadline >= where.deadline_from)
        return stmt

    @staticmethod
    def _keys_for(session: Session, unit_keys: Iterable[str], include_groups: bool) -> set[str]:
        """The units' keys as they stand now (merges followed) and, with include_groups, the
        keys of every group that lists one of them, however deeply."""
        keys = set()
        for unit_key in unit_keys:
            row = _unit_by_key(session, unit_key)
            keys.add(current_unit(session, row).key if row is not None else unit_key)
        if not include_groups:
            return keys
        # Group membership lives in a JSON list, read as text so that only groups' lists are
        # decoded (building ORM objects for every unit cost more than the question).
        members = cast(UnitRow.members, Text)
        groups = [
            (key, set(json.loads(listed)))
            for key, listed in _plain(
                session,
                select(UnitRow.key, members).where(
                    UnitRow.merged_into_id.is_(None), members.not_in(("[]", "null"))
                ),
            )
            if listed
        ]
        grew = True
        while grew:
            grew = False
            for key, listed_members in groups:
                if key not in keys and listed_members & keys:
                    keys.add(key)
                    grew = True
        return keys

    def get_assignment(self, assignment_id: int) -> AssignmentView | None:
        """One assignment by id, whatever its status (a removed one says so in `status`)."""
        if not is_row_id(assignment_id):
            return None  # a number typed in chat, past any id: no such assignment
        with self._session_factory() as session:
            row = session.scalar(
                _with_assignment_details(
                    select(AssignmentRow)
                    .where(AssignmentRow.id == assignment_id)
                    .options(selectinload(AssignmentRow.document))
                )
            )
            return _assignment_view(row) if row is not None else None

    def get_assignments(self, assignment_ids: Sequence[int]) -> list[AssignmentView]:
        """Several assignments by id (whatever their status), in the order of
        `assignment_ids`; plain SELECTs, no ORM objects."""
        assignment_ids = [i for i in assignment_ids if is_row_id(i)]
        if not assignment_ids:
            return []
        with self._session_factory() as session:
            by_id = _views(session, assignment_ids)
        return [by_id[i] for i in assignment_ids if i in by_id]

    def get_document(self, document_id: int) -> DocumentView | None:
        """One document by id, with the number of its live assignments."""
        if not is_row_id(document_id):
            return None
        with self._session_factory() as session:
            row = session.get(DocumentRow, document_id)
            if row is None:
                return None
            return _document_view(row, self._assignment_counts(session, [row.id]).get(row.id, 0))

    def documents_mentioning(self, folded: str, limit: int = 50) -> list[int]:
        """Live documents whose folded text holds `folded` (a number a portal item cites)."""
        escaped = folded.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        with self._session_factory() as session:
            return list(
                session.scalars(
                    select(DocumentRow.id)
                    .where(
                        DocumentRow.status == "live",
                        DocumentRow.text_folded.like(f"%{escaped}%", escape="\\"),
                    )
                    .order_by(DocumentRow.id.desc())
                    .limit(limit)
                )
            )

    def document_text(self, document_id: int) -> str | None:
        """The full NFC text of a document, as stored."""
        if not is_row_id(document_id):
            return None
        with self._session_factory() as session:
            return session.scalar(select(DocumentRow.text).where(DocumentRow.id == document_id))

    def list_documents(
        self,
        include_replaced: bool = False,
        *,
        status: str | None = None,
        doc_type: str | None = None,
    ) -> list[DocumentView]:
        """Documents, newest issue date first (undated last), then newest ingested; only those
        of `status` / `doc_type` when given. The texts are not read (views do not hold them)."""
        with self._session_factory() as session:
            stmt = (
                select(DocumentRow)
                .options(defer(DocumentRow.text), defer(DocumentRow.text_folded))
                .order_by(
                    DocumentRow.issued.is_(None), DocumentRow.issued.desc(), DocumentRow.id.desc()
                )
            )
            if not include_replaced:
                stmt = stmt.where(DocumentRow.status != "replaced")
            if status is not None:
                stmt = stmt.where(DocumentRow.status == status)
            if doc_type is not None:
                stmt = stmt.where(DocumentRow.doc_type == doc_type)
            rows = session.scalars(stmt).all()
            counts = self._assignment_counts(session, [row.id for row in rows])
            return [_document_view(row, counts.get(row.id, 0)) for row in rows]

    @staticmethod
    def _assignment_counts(session: Session, document_ids: Iterable[int]) -> dict[int, int]:
        ids = list(document_ids)
        if not ids:
            return {}
        rows = session.execute(
            select(AssignmentRow.document_id, func.count())
            .where(AssignmentRow.document_id.in_(ids), AssignmentRow.status == "live")
            .group_by(AssignmentRow.document_id)
        ).all()
        return {document_id: int(n) for document_id, n in rows}

    def confirm_document(self, document_id: int) -> bool:
        """Move a document from review to live; False when it was not in review."""
        with self._session_factory() as session, session.begin():
            row = session.get(DocumentRow, document_id)
            if row is None:
                raise StorageError(StorageProblem.DOCUMENT_NOT_FOUND, str(document_id))
            if row.status != "review":
                return False
            row.status = "live"
            return True

    def counts(self) -> StorageCounts:
        """How many documents (by status), live assignments and units are stored."""
        with self._session_factory() as session:
            by_status: dict[str, int] = {
                status: n
                for status, n in session.execute(
                    select(DocumentRow.status, func.count()).group_by(DocumentRow.status)
                )
            }
            assignments = session.scalar(
                select(func.count())
                .select_from(AssignmentRow)
                .join(DocumentRow, DocumentRow.id == AssignmentRow.document_id)
                .where(AssignmentRow.status == "live", DocumentRow.status == "live")
            )
            units: dict[bool, int] = {
                bool(registered): n
                for registered, n in session.execute(
                    select(UnitRow.registered, func.count())
                    .where(UnitRow.merged_into_id.is_(None))
                    .group_by(UnitRow.registered)
                )
            }
            return StorageCounts(
                documents=int(by_status.get("live", 0)),
                documents_review=int(by_status.get("review", 0)),
                documents_replaced=int(by_status.get("replaced", 0)),
                assignments=int(assignments or 0),
                units=int(units.get(True, 0)),
                unregistered_units=int(units.get(False, 0)),
            )


def _alias_id(alias: UnitAliasRow) -> int:
    return alias.id
