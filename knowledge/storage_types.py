"""What storage hands out and takes: views, outcomes, filters, errors, the repository protocol."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from typing import Literal, Protocol

from knowledge.domain import (
    Deadline,
    DocumentText,
    Extraction,
    Recurrence,
)
from knowledge.units import UnitRegistry

IngestAction = Literal["created", "unchanged", "replaced"]
DocumentStatus = Literal["live", "review"]


class StorageProblem(Enum):
    """Why a storage request was refused; handlers/texts/ words it for users."""

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


class DocumentSaver(Protocol):
    """What ingesting asks of a store: save a document and its assignments."""

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

    def sync_units(
        self, registry: UnitRegistry, *, source_digest: str | None = None
    ) -> UnitSyncResult:
        """Upsert the registry's units and aliases, and resolve with it from now on (not again
        when `source_digest`, the units file's, is the one last synced)."""
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
