"""Units in the database: synced from the units file, aliases taught, units merged, listed."""

from __future__ import annotations

from sqlalchemy import Text, cast, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload, sessionmaker

from knowledge.db import STORE_WRITES, write_lock
from knowledge.models import (
    AppStateRow,
    AssignmentRow,
    AssignmentUnitRow,
    DocumentRow,
    UnitAliasRow,
    UnitRow,
    current_unit,
)
from knowledge.row_writes import (
    _add_alias_row,
    _merge_rows,
    _StoredUnits,
    _unit_by_folded,
    _unit_by_key,
    _upsert_registry_unit,
)
from knowledge.storage_types import (
    StorageError,
    StorageProblem,
    UnitSyncResult,
    UnitView,
)
from knowledge.store_keys import UNITS_DIGEST_KEY
from knowledge.store_rows import UnitTable
from knowledge.text import fold
from knowledge.units import UnitRegistry


class UnitStore:
    """The units part of the store (SqlAlchemyDocumentRepository is one): what the office's
    units file says, kept in the database with every alias and merge taught since."""

    _session_factory: sessionmaker[Session]
    _registry: UnitRegistry
    _known_units: dict[str, int]  # cleared whenever units change

    def sync_units(
        self, registry: UnitRegistry, *, source_digest: str | None = None
    ) -> UnitSyncResult:
        """Upsert the registry's units and aliases (units file -> DB) and resolve with it.

        Unregistered units whose name the registry now knows exactly are merged into the
        registered unit, so their assignments follow. With `source_digest` (the units file's),
        a file already synced unchanged is not synced again: every command opens the store,
        and the units it would write are there.
        """
        self._known_units.clear()
        added = updated = merged = 0
        if source_digest is not None and self._synced_digest() == source_digest:
            self._registry = registry
            return UnitSyncResult(added=0, updated=0, merged=0)
        with self._session_factory() as session, session.begin():
            # processes starting at once on a new store would each add the same units
            write_lock(session, STORE_WRITES)
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
        if source_digest is not None:
            self._record_digest(source_digest)
        return UnitSyncResult(added=added, updated=updated, merged=merged)

    def _synced_digest(self) -> str | None:
        with self._session_factory() as session:
            state = session.get(AppStateRow, UNITS_DIGEST_KEY)
            return state.value if state is not None else None

    def _record_digest(self, digest: str) -> None:
        """Remember the file synced (after the sync committed: a failed sync is redone)."""
        try:
            with self._session_factory() as session, session.begin():
                state = session.get(AppStateRow, UNITS_DIGEST_KEY)
                if state is None:
                    session.add(AppStateRow(key=UNITS_DIGEST_KEY, value=digest))
                else:
                    state.value = digest
        except IntegrityError:  # another process recorded it at the same moment
            with self._session_factory() as session, session.begin():
                state = session.get(AppStateRow, UNITS_DIGEST_KEY)
                if state is not None:
                    state.value = digest

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
            connection = session.connection()
            table = UnitTable.of(
                connection.execute(
                    select(
                        UnitRow.id,
                        UnitRow.key,
                        UnitRow.name,
                        UnitRow.kind,
                        UnitRow.level,
                        UnitRow.registered,
                        cast(UnitRow.members, Text),  # JSON text, as the SQLite file holds it
                        UnitRow.merged_into_id,
                    ).order_by(UnitRow.id)
                ),
                connection.execute(
                    select(UnitAliasRow.unit_id, UnitAliasRow.alias).order_by(UnitAliasRow.id)
                ),
            )
        return table.registry(self._registry.office, include_unregistered=include_unregistered)

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


def _alias_id(alias: UnitAliasRow) -> int:
    return alias.id
