"""Rows written inside a session: units (upsert, alias, merge, names resolved) and assignments."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    insert,
    select,
)
from sqlalchemy.orm import Session

from knowledge.domain import (
    Extraction,
)
from knowledge.models import (
    AssignmentRow,
    AssignmentUnitRow,
    OccurrenceRow,
    UnitAliasRow,
    UnitRow,
    current_unit,
)
from knowledge.storage_types import (
    AssignmentBrief,
    StorageError,
    StorageProblem,
)
from knowledge.store_rows import assignment_values as _assignment_values
from knowledge.store_rows import occurrence_dates, unit_links, unit_values
from knowledge.text import fold, nfc
from knowledge.units import Unit, UnitRegistry, WritingLevel

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
    if stored is not None:
        stored.aliases.add(folded)  # what is taken is known here: the next query flushes
    else:
        session.flush()
    return True


def _upsert_registry_unit(
    session: Session, unit: Unit, stored: _StoredUnits | None = None
) -> tuple[UnitRow, bool, bool]:
    """The row of a registry unit, created or brought up to date: (row, added, updated).

    With `stored`, rows and aliases are looked up there (and what is added goes there too),
    and nothing is flushed here: the session's next query or its commit writes the rows,
    a units file's in a few statements instead of one flush per unit and alias (a new
    store's 44 units and 28 aliases were a sixth of an `ingest`'s time).
    """
    row = stored.by_key.get(unit.key) if stored is not None else _unit_by_key(session, unit.key)
    fields = unit_values(unit)
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
    if stored is None:
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
        links += [
            {"assignment_id": assignment_id, **link} for link in unit_links(item, resolver.id_for)
        ]
        occurrences += [{"assignment_id": assignment_id, "due": d} for d in occurrence_dates(item)]
    # RETURNING makes each a single multi-row INSERT (SQLAlchemy's "insertmanyvalues"):
    # without it psycopg runs one INSERT per row, and PostgreSQL's statement-level search
    # trigger rebuilt an assignment's index row once for every one of its links
    if links:
        session.execute(insert(AssignmentUnitRow).returning(AssignmentUnitRow.id), links)
    if occurrences:
        session.execute(insert(OccurrenceRow).returning(OccurrenceRow.id), occurrences)
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
