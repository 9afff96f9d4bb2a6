"""A small SQLite database read whole through sqlite3: the reads of a short command, no SQLAlchemy.

`giaoviec ask` on the embedded database spent most of its time importing SQLAlchemy (a third of
a second) to answer a few questions over a few hundred rows. A database at the newest schema,
with the units file synced and no more than SMALL_STORE_MAX_ASSIGNMENTS assignments, is read
here in six plain SELECTs, and the questions are filtered and ordered in memory exactly as the
store's SQL does (knowledge.repository `_filtered`, `_read`, `_deadline_order`; a test runs the
same questions through both and requires the same answers). Full-text ranking runs the same
FTS5 query (knowledge.fts5). What a short command does not ask (writes, document lists) goes to
the full store, built on first use.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, time
from pathlib import Path
from time import monotonic
from typing import TYPE_CHECKING, Any

from knowledge.domain import DocumentText, Extraction
from knowledge.fts5 import ROW_BUDGET, Fts5Ranking, SearchHit, search_request
from knowledge.schema_snapshot import head_revision
from knowledge.storage_types import (
    AssignmentFacts,
    AssignmentFilter,
    AssignmentView,
    DocumentRepository,
    DocumentStatus,
    DocumentView,
    IngestOutcome,
    StorageCounts,
    UnitSyncResult,
    UnitView,
)
from knowledge.store_keys import (
    UNITS_DIGEST_KEY,
    close_over_groups,
    is_row_id,
    number_key,
    number_matches,
)
from knowledge.store_rows import (
    FACT_COLUMN_NAMES,
    NO_LINKS,
    VIEW_COLUMN_NAMES,
    Links,
    UnitTable,
    assignment_words,
    facts_from_row,
    view_from_row,
)
from knowledge.units import UnitRegistry

if TYPE_CHECKING:  # the progress module's dataclasses cost an ask with no report to read
    from knowledge.progress_status import ProgressSnapshot, ProgressSnapshots

# Above this many assignments the store's indexed SQL beats reading everything (about 10 ms a
# thousand rows here), and the full store answers.
SMALL_STORE_MAX_ASSIGNMENTS = 3_000

_DATE_COLUMNS = frozenset(
    {"documents.issued", "assignments.deadline", "assignments.deadline_start"}
)
_JSON_COLUMNS = frozenset({"assignments.deadline_flags"})
_TIME_COLUMNS = frozenset({"assignments.deadline_time"})


def _decoder(name: str) -> Callable[[Any], Any]:
    """How a column stored by SQLAlchemy on SQLite reads back as the ORM reads it."""
    if name in _DATE_COLUMNS:
        return lambda v: date.fromisoformat(v) if v is not None else None
    if name in _TIME_COLUMNS:
        return lambda v: time.fromisoformat(v) if v is not None else None
    if name in _JSON_COLUMNS:
        return lambda v: json.loads(v) if v is not None else None
    return lambda v: v


# One SELECT reads what both a view and the facts need: the view's columns, then the facts'
# columns a view lacks.
_EXTRA_FACT_COLUMNS = tuple(c for c in FACT_COLUMN_NAMES if c not in VIEW_COLUMN_NAMES)
_COLUMNS = (
    *VIEW_COLUMN_NAMES,
    *_EXTRA_FACT_COLUMNS,
    "documents.number_key",
    "documents.number_seq",
)
_POSITION = {name: i for i, name in enumerate(_COLUMNS)}
_VIEW_AT = tuple(_POSITION[name] for name in VIEW_COLUMN_NAMES)
_FACT_AT = tuple(_POSITION[name] for name in FACT_COLUMN_NAMES)
_DECODERS = tuple(_decoder(name) for name in _COLUMNS)
_ASSIGNMENTS_SQL = (
    f"SELECT {', '.join(_COLUMNS)} FROM assignments"
    " JOIN documents ON documents.id = assignments.document_id"
)


@dataclass(frozen=True)
class _Assignment:
    """One stored assignment as the filters read it: its view and facts, its document's number
    and its words; what the filters test is read off them."""

    view: AssignmentView
    facts: AssignmentFacts
    document_number_key: str | None
    document_number_seq: int | None
    words: str  # folded task, quote and document title
    unit_keys: frozenset[str]  # the units named on it, lead or cooperating

    @property
    def deadline(self) -> date | None:
        return self.facts.due

    @property
    def occurrences(self) -> tuple[date, ...]:
        return self.facts.occurrences


class SmallSqliteStore:
    """DocumentRepository's reads over a small SQLite database loaded whole; the rest of the
    repository (writes, document lists) is the full store's, built by `full_store` when first
    asked."""

    def __init__(
        self,
        connection: sqlite3.Connection,
        office_registry: UnitRegistry,
        full_store: Callable[[], DocumentRepository],
    ) -> None:
        self._connection = connection
        self._office = office_registry.office
        self._full_store = full_store
        self._full: DocumentRepository | None = None
        self._units = UnitTable.read(connection)
        self._rows = self._load()
        self._order = sorted(self._rows.values(), key=_deadline_order)

    def _load(self) -> dict[int, _Assignment]:
        links: dict[int, Links] = {}
        for assignment_id, role, name, key in self._connection.execute(
            "SELECT l.assignment_id, l.role, l.name_as_written, u.key FROM assignment_units l"
            " JOIN units u ON u.id = l.unit_id ORDER BY l.role, l.position, l.id"
        ):
            links.setdefault(assignment_id, Links()).add(role, name, key)
        occurrences: dict[int, list[date]] = {}
        for assignment_id, due in self._connection.execute(
            "SELECT assignment_id, due FROM assignment_occurrences ORDER BY due"
        ):
            occurrences.setdefault(assignment_id, []).append(date.fromisoformat(due))
        rows: dict[int, _Assignment] = {}
        for raw in self._connection.execute(_ASSIGNMENTS_SQL):
            row = [decode(value) for decode, value in zip(_DECODERS, raw, strict=True)]
            id_ = row[0]
            own = links.get(id_, NO_LINKS)
            dates = tuple(occurrences.get(id_, ()))
            view = view_from_row([row[i] for i in _VIEW_AT], own, dates)
            facts = facts_from_row([row[i] for i in _FACT_AT], own, dates)
            rows[id_] = _Assignment(
                view=view,
                facts=facts,
                document_number_key=row[_POSITION["documents.number_key"]],
                document_number_seq=row[_POSITION["documents.number_seq"]],
                words=assignment_words(facts.task_folded, facts.quote_folded, view.document_title),
                unit_keys=frozenset((*own.lead_keys, *own.cooperate_keys)),
            )
        return rows

    @property
    def connection(self) -> sqlite3.Connection:
        """The connection the store was read from (search and progress read through it too)."""
        return self._connection

    def close(self) -> None:
        """Close the connection (the full store, when one was built, closes with its app)."""
        self._connection.close()

    # --- units ----------------------------------------------------------------------------

    def registry_from_db(self, *, include_unregistered: bool = False) -> UnitRegistry:
        """A registry of the stored units not merged away, with every alias added since."""
        return self._units.registry(self._office, include_unregistered=include_unregistered)

    def _keys_for(self, unit_keys: Iterable[str], include_groups: bool) -> set[str]:
        """The units' keys as they stand now (merges followed) and, with include_groups, the
        keys of every group that lists one of them, however deeply (knowledge.models
        with_groups_holding)."""
        by_key = {row[1]: row for row in self._units.rows}
        by_id = {row[0]: row for row in self._units.rows}
        keys = set()
        for key in unit_keys:
            row = by_key.get(key)
            seen = set()
            while row is not None and row[7] is not None and row[0] not in seen:
                seen.add(row[0])
                target = by_id.get(row[7])
                if target is None or target[0] in seen:
                    break
                row = target
            keys.add(row[1] if row is not None else key)
        if not include_groups:
            return keys
        groups = [
            (row[1], set(json.loads(row[6])))
            for row in self._units.rows
            if row[7] is None and row[6] not in (None, "[]", "null")
        ]
        return close_over_groups(keys, groups)

    # --- the questions' reads -------------------------------------------------------------

    def _admitted(
        self, where: AssignmentFilter, limit: int | None = None, *, leads_first: bool = False
    ) -> list[_Assignment]:
        statuses = ("live", "review") if where.include_review else ("live",)
        keys = self._keys_for(where.unit_keys, where.include_groups) if where.unit_keys else None
        document = number_key(where.document) if where.document is not None else None
        document_ids = set(where.document_ids)
        found = []
        for row in self._order:
            if row.view.status != "live" or row.view.document_status not in statuses:
                continue
            if keys is not None and not row.unit_keys & keys:
                continue
            if document is not None and not number_matches(
                document, row.document_number_key, row.document_number_seq
            ):
                continue
            if document_ids and row.view.document_id not in document_ids:
                continue
            if not _due_within(row, where.due_before, where.due_after):
                continue
            if where.overdue_on is not None and not (
                row.deadline is not None and row.deadline < where.overdue_on
            ):
                continue
            if where.deadline_from is not None and not (
                row.deadline is not None and row.deadline >= where.deadline_from
            ):
                continue
            found.append(row)
        if leads_first and keys is not None:
            # stable: the deadline order is kept among those led and among the rest
            found.sort(key=lambda row: keys.isdisjoint(row.view.lead_keys))
        return found[:limit] if limit is not None else found

    def find_assignment_ids(
        self, where: AssignmentFilter, limit: int | None = None, *, leads_first: bool = False
    ) -> list[int]:
        """Ids of the assignments `where` admits, earliest deadline first (undated last)."""
        return [row.view.id for row in self._admitted(where, limit, leads_first=leads_first)]

    def find_assignment_words(
        self, where: AssignmentFilter, limit: int | None = None
    ) -> list[tuple[int, str]]:
        """(id, folded task, quote and document title) of the assignments `where` admits."""
        return [(row.view.id, row.words) for row in self._admitted(where, limit)]

    def find_assignment_facts(
        self, where: AssignmentFilter, limit: int | None = None, *, leads_first: bool = False
    ) -> list[AssignmentFacts]:
        """What ranking reads of the assignments `where` admits, in find_assignment_ids' order."""
        return [row.facts for row in self._admitted(where, limit, leads_first=leads_first)]

    def assignment_facts(self, assignment_ids: Sequence[int]) -> list[AssignmentFacts]:
        """What ranking reads of these assignments (whatever their status), in the order given."""
        return [self._rows[i].facts for i in assignment_ids if i in self._rows]

    def count_assignments(self, where: AssignmentFilter, cap: int | None = None) -> int:
        """How many assignments `where` admits, counting no further than `cap` (None: all)."""
        return len(self._admitted(where, cap))

    def get_assignment(self, assignment_id: int) -> AssignmentView | None:
        """One assignment by id, whatever its status."""
        row = self._rows.get(assignment_id) if is_row_id(assignment_id) else None
        return row.view if row is not None else None

    def get_assignments(self, assignment_ids: Sequence[int]) -> list[AssignmentView]:
        """Several assignments by id (whatever their status), in the order given."""
        return [self._rows[i].view for i in assignment_ids if i in self._rows]

    def document_text(self, document_id: int) -> str | None:
        """The full NFC text of a document, as stored."""
        if not is_row_id(document_id):
            return None
        row = self._connection.execute(
            "SELECT text FROM documents WHERE id = ?", (document_id,)
        ).fetchone()
        return row[0] if row is not None else None

    def documents_mentioning(self, folded: str, limit: int = 50) -> list[int]:
        """Live documents whose folded text holds `folded` (a number a portal item cites)."""
        escaped = folded.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        return [
            row[0]
            for row in self._connection.execute(
                "SELECT id FROM documents WHERE status = 'live' AND text_folded LIKE ? ESCAPE '\\'"
                " ORDER BY id DESC LIMIT ?",
                (f"%{escaped}%", limit),
            )
        ]

    # --- what short commands do not ask: the full store -----------------------------------

    def full(self) -> DocumentRepository:
        """The full store over the same database, built on first use."""
        if self._full is None:
            self._full = self._full_store()
        return self._full

    def save_extraction(
        self,
        extraction: Extraction,
        text: DocumentText | str,
        *,
        source_name: str,
        content: bytes | None = None,
        status: DocumentStatus = "live",
    ) -> IngestOutcome:
        """The full store's save (this store's rows are then out of date: short commands read
        only)."""
        return self.full().save_extraction(
            extraction, text, source_name=source_name, content=content, status=status
        )

    def sync_units(
        self, registry: UnitRegistry, *, source_digest: str | None = None
    ) -> UnitSyncResult:
        """The full store's sync."""
        return self.full().sync_units(registry, source_digest=source_digest)

    def add_alias(self, unit_key: str, alias: str) -> None:
        """The full store's."""
        self.full().add_alias(unit_key, alias)

    def merge_units(self, from_key: str, into_key: str) -> None:
        """The full store's."""
        self.full().merge_units(from_key, into_key)

    def list_units(self, include_unregistered: bool = True) -> list[UnitView]:
        """The full store's."""
        return self.full().list_units(include_unregistered)

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
        """The full store's."""
        return self.full().list_assignments(
            unit_key,
            document,
            due_before,
            due_after,
            overdue_on,
            include_review,
            limit,
            include_groups=include_groups,
        )

    def get_document(self, document_id: int) -> DocumentView | None:
        """The full store's."""
        return self.full().get_document(document_id)

    def list_documents(
        self,
        include_replaced: bool = False,
        *,
        status: str | None = None,
        doc_type: str | None = None,
    ) -> list[DocumentView]:
        """The full store's."""
        return self.full().list_documents(include_replaced, status=status, doc_type=doc_type)

    def confirm_document(self, document_id: int) -> bool:
        """The full store's."""
        return self.full().confirm_document(document_id)

    def counts(self) -> StorageCounts:
        """The full store's."""
        return self.full().counts()


def _deadline_order(row: _Assignment) -> tuple[bool, date, int, int]:
    # earliest deadline first, undated last, then document and item (row_views._deadline_order)
    return (
        row.deadline is None,
        row.deadline or date.min,
        row.view.document_id,
        row.view.position,
    )


def _due_within(row: _Assignment, before: date | None, after: date | None) -> bool:
    """The deadline, or an occurrence of a recurring one, falls within [after, before]."""
    if before is None and after is None:
        return True

    def within(day: date) -> bool:
        return (before is None or day <= before) and (after is None or day >= after)

    return (row.deadline is not None and within(row.deadline)) or any(
        within(day) for day in row.occurrences
    )


class SmallStoreSearch:
    """AssignmentSearch on the small store's connection: the same FTS5 query and ranking as
    knowledge.search on SQLite."""

    def __init__(
        self, connection: sqlite3.Connection, *, clock: Callable[[], float] = monotonic
    ) -> None:
        self._connection = connection
        self._fts5 = Fts5Ranking(clock)

    def _rows(self, sql: str, params: Mapping[str, Any]) -> Sequence[Sequence[Any]]:
        return self._connection.execute(sql, dict(params)).fetchall()

    def search(
        self,
        query: str,
        *,
        limit: int = 50,
        assignment_ids: Collection[int] | None = None,
        include_review: bool = False,
    ) -> list[SearchHit]:
        """The best matches for any of the folded words of `query`, best first."""
        request = search_request(query, limit, assignment_ids)
        if request is None:
            return []
        terms, ids = request
        return self._fts5.search(self._rows, terms, limit, ids, include_review, ROW_BUDGET)


class SmallStoreProgress:
    """Progress snapshots for answering: none when nobody has reported anything (checked once),
    else the full progress store's, built on first use."""

    def __init__(
        self, connection: sqlite3.Connection, full: Callable[[], ProgressSnapshots]
    ) -> None:
        self._full_factory = full
        self._full: ProgressSnapshots | None = None
        (self._any,) = connection.execute(
            "SELECT EXISTS (SELECT 1 FROM progress_reports)"
            " OR EXISTS (SELECT 1 FROM extension_requests)"
        ).fetchone()

    def current(self, assignment_ids: Iterable[int]) -> dict[int, ProgressSnapshot]:
        """Snapshots of the assignments given that have any report or extension."""
        if not self._any:
            return {}
        if self._full is None:
            self._full = self._full_factory()
        return self._full.current(assignment_ids)


def open_small_store(
    path: Path,
    *,
    units_digest: str | None,
    office_registry: UnitRegistry,
    full_store: Callable[[], DocumentRepository],
    max_assignments: int = SMALL_STORE_MAX_ASSIGNMENTS,
) -> SmallSqliteStore | None:
    """The small store over the SQLite file at `path`, or None when the full store must answer:
    no such file, a schema not at the newest revision (it must migrate), a units file not
    synced as it now reads (`units_digest`), more than `max_assignments`, or any error."""
    if units_digest is None or not path.is_file():
        return None
    try:
        connection = sqlite3.connect(path, timeout=30.0, isolation_level=None)
    except sqlite3.Error:
        return None
    try:
        # one read transaction: the rows loaded are one consistent state
        connection.execute("BEGIN")
        revision = connection.execute("SELECT version_num FROM alembic_version").fetchall()
        digest = connection.execute(
            "SELECT value FROM app_state WHERE key = ?", (UNITS_DIGEST_KEY,)
        ).fetchone()
        (count,) = connection.execute("SELECT count(*) FROM assignments").fetchone()
        if (
            revision != [(head_revision(),)]
            or digest is None
            or digest[0] != units_digest
            or count > max_assignments
        ):
            connection.close()
            return None
        store = SmallSqliteStore(connection, office_registry, full_store)
        connection.execute("COMMIT")
        return store
    except (sqlite3.Error, ValueError):
        connection.close()
        return None
