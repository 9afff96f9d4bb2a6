"""Storage of documents, units and assignments, and the queries the handlers ask of it."""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    exists,
    func,
    or_,
    select,
    union,
)
from sqlalchemy.orm import Session, aliased, contains_eager, defer, selectinload, sessionmaker

from knowledge.db import (
    POSITIONAL_ROWS,
    STORE_WRITES,
    among,
    is_row_id,
    read_memo,
    utc_now,
    write_lock,
)
from knowledge.domain import (
    DocumentText,
    ExtractedAssignment,
    Extraction,
)
from knowledge.models import (
    AssignmentRow,
    AssignmentUnitRow,
    DocumentRow,
    OccurrenceRow,
    UnitRow,
    current_unit,
    with_groups_holding,
)
from knowledge.row_views import (
    _assignment_view,
    _deadline_order,
    _dialect,
    _document_condition,
    _document_view,
    _facts,
    _number_seq,
    _pair_assignments,
    _plain,
    _SelectT,
    _signature,
    _views,
    _with_assignment_details,
    fact_columns,
    identity_key,
    number_key,
)
from knowledge.row_writes import (
    _insert_assignments,
    _unit_by_key,
    _UnitResolver,
)
from knowledge.storage_types import (
    AssignmentBrief as AssignmentBrief,
)
from knowledge.storage_types import (
    AssignmentChange as AssignmentChange,
)
from knowledge.storage_types import (
    AssignmentFacts as AssignmentFacts,
)
from knowledge.storage_types import (
    AssignmentFilter as AssignmentFilter,
)
from knowledge.storage_types import (
    AssignmentView as AssignmentView,
)
from knowledge.storage_types import (
    DocumentRepository as DocumentRepository,
)
from knowledge.storage_types import (
    DocumentStatus as DocumentStatus,
)
from knowledge.storage_types import (
    DocumentView as DocumentView,
)
from knowledge.storage_types import (
    IngestAction as IngestAction,
)
from knowledge.storage_types import (
    IngestOutcome as IngestOutcome,
)
from knowledge.storage_types import (
    StorageCounts as StorageCounts,
)
from knowledge.storage_types import (
    StorageError as StorageError,
)
from knowledge.storage_types import (
    StorageProblem as StorageProblem,
)
from knowledge.storage_types import (
    UnitSyncResult as UnitSyncResult,
)
from knowledge.storage_types import (
    UnitView as UnitView,
)
from knowledge.store_rows import assignment_values as _assignment_values
from knowledge.store_rows import assignment_words
from knowledge.store_rows import text_and_format as _text_and_format
from knowledge.text import clean_text, fold, nfc
from knowledge.unit_store import UnitStore
from knowledge.units import UnitRegistry, writing_level

# --- the repository -----------------------------------------------------------------------


@functools.cache
def _current_keys_select() -> Select[str, int, int, str, int | None]:
    # built once: an alias per question costs more than the statement it makes
    target = aliased(UnitRow)
    return select(UnitRow.key, UnitRow.id, target.id, target.key, target.merged_into_id).outerjoin(
        target, target.id == UnitRow.merged_into_id
    )


def _current_keys(session: Session, unit_keys: Sequence[str]) -> dict[str, str]:
    """Each of these units' keys as current_unit has it (merges followed), in one plain
    statement; a key no unit has stays as it is."""
    found = {key: key for key in unit_keys}
    rows = session.connection().execute(
        _current_keys_select().where(UnitRow.key.in_(unit_keys)),
        execution_options=POSITIONAL_ROWS,
    )
    for key, own_id, target_id, target_key, further in rows:
        if target_key is None or target_id == own_id:
            continue  # not merged (or into itself): its own key
        if further is None or further in (own_id, target_id):
            found[key] = target_key  # merged once (merges re-point earlier ones)
        else:
            # a chain: current_unit follows it, as before
            row = _unit_by_key(session, key)
            if row is not None:
                found[key] = current_unit(session, row).key
    return found


class SqlAlchemyDocumentRepository(UnitStore):
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
            # a correction decided on what another process is writing would leave two live
            # versions of one notice, and the same file saved twice at once would fail on its
            # content hash: decide under the store's write lock (knowledge.sqlite_ingest too)
            write_lock(session, STORE_WRITES)
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
                (id_, assignment_words(task, quote, title))
                for id_, task, quote, title in _plain(session, stmt)
            ]

    def find_assignment_facts(
        self, where: AssignmentFilter, limit: int | None = None, *, leads_first: bool = False
    ) -> list[AssignmentFacts]:
        """What ranking reads of the assignments `where` admits, in find_assignment_ids' order;
        plain SELECTs, no ORM objects."""
        with self._session_factory() as session:
            columns = fact_columns(session)
            stmt = self._read(session, select(*columns), where, limit, leads_first)
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
                select(*fact_columns(session))
                .join(DocumentRow, DocumentRow.id == AssignmentRow.document_id)
                .where(among(AssignmentRow.id, assignment_ids, _dialect(session))),
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
        # Inside a reading scope a question asks this of the same units for each read (ids,
        # window, count): the keys are looked up once in it, in one plain statement.
        memo = read_memo(session)
        current: dict[str, str] = memo.setdefault("current_keys", {}) if memo is not None else {}
        missing = [k for k in dict.fromkeys(unit_keys) if k not in current]
        if missing:
            current.update(_current_keys(session, missing))
        keys = {current[k] for k in unit_keys}
        return with_groups_holding(session, keys) if include_groups else keys

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
