"""New documents saved into a SQLite file through sqlite3: `giaoviec ingest` without SQLAlchemy.

Importing SQLAlchemy cost an ingest of one file more than reading and extracting it. On a SQLite
file that is new or at the newest schema, with the units file synced (or a new file, synced
here), a new document is written here with the rows the SQLAlchemy store writes for it
(knowledge.repository save_extraction, row_writes._insert_assignments and _UnitResolver; a test
saves the same documents both ways and compares every table). A correction of a stored document,
a units file that changed, or an older schema go to the full store.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Callable
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any

from knowledge.domain import DocumentText, Extraction
from knowledge.schema_snapshot import create_sqlite_schema, head_revision
from knowledge.storage_types import (
    AssignmentBrief,
    DocumentStatus,
    IngestOutcome,
    StorageError,
    StorageProblem,
)
from knowledge.store_keys import UNITS_DIGEST_KEY, identity_key, number_key, number_seq
from knowledge.store_rows import (
    UnitTable,
    assignment_values,
    occurrence_dates,
    text_and_format,
    unit_links,
    unit_values,
)
from knowledge.text import clean_text, fold, nfc
from knowledge.units import Unit, UnitRegistry, WritingLevel, writing_level

# The full store's save_extraction(extraction, text, source_name, content, status)
FullSave = Callable[
    [Extraction, DocumentText | str, str, bytes | None, DocumentStatus], IngestOutcome
]


def _sql_value(value: Any) -> Any:
    """A value as SQLAlchemy stores it on SQLite (dates, times and instants as ISO text)."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).replace(tzinfo=None).strftime("%Y-%m-%d %H:%M:%S.%f")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.strftime("%H:%M:%S.%f")
    if isinstance(value, list):
        return json.dumps(value)
    return value


def _insert(connection: sqlite3.Connection, table: str, values: dict[str, Any]) -> int:
    columns = ", ".join(f'"{name}"' for name in values)
    marks = ", ".join("?" for _ in values)
    cursor = connection.execute(
        f"INSERT INTO {table} ({columns}) VALUES ({marks})",
        [_sql_value(v) for v in values.values()],
    )
    return int(cursor.lastrowid or 0)


class _Units:
    """Unit rows by name for one save, as row_writes._UnitResolver finds and makes them."""

    def __init__(
        self,
        connection: sqlite3.Connection,
        registry: UnitRegistry,
        writing: WritingLevel | None,
        known: dict[str, int],
    ) -> None:
        self._connection = connection
        self._registry = registry
        self._writing = writing
        self._known = known  # folded name -> unit id, for the writer's saves
        self.new_units: list[str] = []

    def id_for(self, name: str) -> int:
        """The id of the (current) unit a name resolves to; unknown names become units."""
        name = self._registry.in_context(name, self._writing)
        folded = fold(name)
        known = self._known.get(folded)
        if known is not None:
            return known
        found = self._by_folded(folded)
        if found is None:
            match = self._registry.resolve(name)
            if match is not None and match.exact:
                found = upsert_unit(self._connection, match.unit)
            else:
                # an unsure match is not guessed: the name stays unregistered, for review
                found = self._unregistered(name, folded)
        unit_id = self._current(found)
        self._known[folded] = unit_id
        return unit_id

    def _by_folded(self, folded: str) -> int | None:
        alias = self._connection.execute(
            "SELECT unit_id FROM unit_aliases WHERE alias_folded = ?", (folded,)
        ).fetchone()
        if alias is not None:
            return int(alias[0])
        row = self._connection.execute(
            "SELECT id FROM units WHERE name_folded = ?"
            " ORDER BY merged_into_id IS NOT NULL, registered DESC, id LIMIT 1",
            (folded,),
        ).fetchone()
        return int(row[0]) if row is not None else None

    def _current(self, unit_id: int) -> int:
        """The unit a row stands for now: follows merges, guarding against a cycle."""
        seen = {unit_id}
        while True:
            row = self._connection.execute(
                "SELECT merged_into_id FROM units WHERE id = ?", (unit_id,)
            ).fetchone()
            target = row[0] if row is not None else None
            if target is None or target in seen:
                return unit_id
            seen.add(target)
            unit_id = target

    def _unregistered(self, name: str, folded: str) -> int:
        unit = self._registry.unregistered(name)
        row = self._connection.execute(
            'SELECT id, name_folded FROM units WHERE "key" = ?', (unit.key,)
        ).fetchone()
        if row is not None:
            # Another spelling that slugs the same: remember it so the next lookup is exact.
            add_alias(self._connection, int(row[0]), row[1], name)
            return int(row[0])
        unit_id = _insert(
            self._connection,
            "units",
            {
                "key": unit.key,
                "name": nfc(name).strip(),
                "name_folded": folded,
                "kind": unit.kind,
                "level": unit.level,
                "registered": False,
                "members": list(unit.members),
            },
        )
        self.new_units.append(nfc(name).strip())
        return unit_id


def add_alias(connection: sqlite3.Connection, unit_id: int, name_folded: str, alias: str) -> bool:
    """Attach `alias` to a unit unless its fold is the unit's name or already taken."""
    folded = fold(alias)
    if not folded or folded == name_folded:
        return False
    taken = connection.execute(
        "SELECT 1 FROM unit_aliases WHERE alias_folded = ?", (folded,)
    ).fetchone()
    if taken is not None:
        return False
    _insert(
        connection,
        "unit_aliases",
        {"unit_id": unit_id, "alias": nfc(alias).strip(), "alias_folded": folded},
    )
    return True


def upsert_unit(connection: sqlite3.Connection, unit: Unit) -> int:
    """The row of a registry unit, created or brought up to date, with its aliases."""
    fields = unit_values(unit)
    row = connection.execute('SELECT id FROM units WHERE "key" = ?', (unit.key,)).fetchone()
    if row is None:
        unit_id = _insert(connection, "units", {"key": unit.key, **fields})
    else:
        unit_id = int(row[0])
        assignments = ", ".join(f'"{name}" = ?' for name in fields)
        # only when something differs, as the ORM writes only changed rows
        connection.execute(
            f"UPDATE units SET {assignments} WHERE id = ? AND NOT ("
            + " AND ".join(f'"{name}" IS ?' for name in fields)
            + ")",
            [*(_sql_value(v) for v in fields.values()), unit_id]
            + [_sql_value(v) for v in fields.values()],
        )
    for alias in unit.aliases:
        add_alias(connection, unit_id, fields["name_folded"], alias)
    return unit_id


class SqliteDocumentWriter:
    """save_extraction of new documents on a SQLite file; corrections go to `full_save`."""

    def __init__(
        self,
        connection: sqlite3.Connection,
        registry: UnitRegistry,
        full_save: FullSave,
        *,
        now: Callable[[], datetime],
    ) -> None:
        self._connection = connection
        self._registry = registry
        self._full_save = full_save
        self._now = now
        self._known: dict[str, int] = {}

    def close(self) -> None:
        """Close the connection."""
        self._connection.close()

    def save_extraction(
        self,
        extraction: Extraction,
        text: DocumentText | str,
        *,
        source_name: str,
        content: bytes | None = None,
        status: DocumentStatus = "live",
    ) -> IngestOutcome:
        """Store a new document and its assignments (the same content again: "unchanged"; a
        correction of a stored document: the full store's save)."""
        if status not in ("live", "review"):
            raise StorageError(StorageProblem.BAD_STATUS, status)
        source_name = clean_text(source_name)  # a file name may hold any byte the disk allows
        full_text, source_format = text_and_format(text, source_name)
        digest = hashlib.sha256(
            content if content is not None else full_text.encode("utf-8")
        ).hexdigest()
        header = extraction.header
        identity = identity_key(header)
        connection = self._connection
        connection.execute("BEGIN IMMEDIATE")
        try:
            same = connection.execute(
                "SELECT id FROM documents WHERE content_sha256 = ?", (digest,)
            ).fetchone()
            if same is not None:
                connection.execute("ROLLBACK")
                return IngestOutcome(document_id=int(same[0]), action="unchanged")
            previous = (
                connection.execute(
                    "SELECT 1 FROM documents WHERE identity_key = ? AND status != 'replaced'",
                    (identity,),
                ).fetchone()
                if identity is not None
                else None
            )
            if previous is not None:
                connection.execute("ROLLBACK")
                return self._full_save(extraction, text, source_name, content, status)
            key = number_key(header.number)
            document_id = _insert(
                connection,
                "documents",
                {
                    "issuer": header.issuer,
                    "issuer_folded": fold(header.issuer) if header.issuer else None,
                    "parent_issuer": header.parent_issuer,
                    "number": header.number,
                    "number_key": key,
                    "number_seq": number_seq(key),
                    "identity_key": identity,
                    "symbol": header.symbol,
                    "doc_type": header.doc_type,
                    "doc_type_name": header.doc_type_name,
                    "title": header.title,
                    "place": header.place,
                    "issued": header.issued,
                    "issued_text": header.issued_text,
                    "signer": header.signer,
                    "signer_title": header.signer_title,
                    "authority": header.authority,
                    "recipients": list(header.recipients),
                    "source_name": source_name,
                    "source_format": source_format,
                    "content_sha256": digest,
                    "text": full_text,
                    "text_folded": fold(full_text),
                    "status": status,
                    "ingested_at": self._now(),
                    "replaced_by_id": None,
                },
            )
            units = _Units(
                connection,
                self._registry,
                writing_level(header.issuer, header.parent_issuer),
                self._known,
            )
            briefs = self._insert_assignments(document_id, extraction, units)
            connection.execute("COMMIT")
        except BaseException:
            if connection.in_transaction:
                connection.execute("ROLLBACK")
            self._known.clear()  # ids of rows rolled back must not be reused
            raise
        return IngestOutcome(
            document_id=document_id,
            action="created",
            assignments_added=briefs,
            new_units=tuple(units.new_units),
        )

    def _insert_assignments(
        self, document_id: int, extraction: Extraction, units: _Units
    ) -> tuple[AssignmentBrief, ...]:
        """Each assignment's unit links and occurrences first, then its row, under the id
        SQLite would give it (the largest plus one; the writer holds the write lock): the
        search index triggers index an assignment when its row and each of its links is
        inserted, and a row inserted last is indexed once, with its units, instead of once
        per link after it (three or four times). The links' foreign key is checked at commit.
        """
        connection = self._connection
        connection.execute("PRAGMA defer_foreign_keys = ON")  # until this transaction ends
        (last,) = connection.execute("SELECT coalesce(max(id), 0) FROM assignments").fetchone()
        briefs = []
        for position, item in enumerate(extraction.assignments):
            assignment_id = int(last) + 1 + position
            values = assignment_values(item, position)
            for link in unit_links(item, units.id_for):
                _insert(connection, "assignment_units", {"assignment_id": assignment_id, **link})
            for due in occurrence_dates(item):
                _insert(
                    connection,
                    "assignment_occurrences",
                    {"assignment_id": assignment_id, "due": due},
                )
            _insert(
                connection,
                "assignments",
                {"id": assignment_id, "document_id": document_id, **values, "status": "live"},
            )
            briefs.append(AssignmentBrief(assignment_id, values["place"], values["task"]))
        return tuple(briefs)


def open_sqlite_writer(
    path: Path,
    *,
    registry: UnitRegistry,
    units_digest: str | None,
    full_save: FullSave,
    now: Callable[[], datetime],
) -> SqliteDocumentWriter | None:
    """The writer over the SQLite file at `path` (made from the schema snapshot when new, and
    the units file synced into it then), or None when the full store must save: a schema not
    at the newest revision, a units file changed since it was synced, or any error opening."""
    if units_digest is None:
        return None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(path, timeout=30.0, isolation_level=None)
    except (OSError, sqlite3.Error):
        return None
    try:
        connection.execute("PRAGMA foreign_keys=ON")
        # as knowledge.db sets them: WAL lets the bot read while an ingest writes
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=NORMAL")
        head = head_revision()
        create_sqlite_schema(connection, head)
        connection.execute("BEGIN IMMEDIATE")
        revision = connection.execute("SELECT version_num FROM alembic_version").fetchall()
        digest = connection.execute(
            "SELECT value FROM app_state WHERE key = ?", (UNITS_DIGEST_KEY,)
        ).fetchone()
        (stored_units,) = connection.execute("SELECT count(*) FROM units").fetchone()
        if revision != [(head,)] or (digest is None and stored_units):
            connection.execute("ROLLBACK")
            connection.close()
            return None
        if digest is None:  # a new file: the units file goes in first, as the full store does
            for unit in registry.units():
                upsert_unit(connection, unit)
            _insert(connection, "app_state", {"key": UNITS_DIGEST_KEY, "value": units_digest})
        elif digest[0] != units_digest:
            connection.execute("ROLLBACK")
            connection.close()
            return None
        connection.execute("COMMIT")
        stored = UnitTable.read(connection).registry(registry.office)
        return SqliteDocumentWriter(connection, stored, full_save, now=now)
    except (sqlite3.Error, ValueError):
        if connection.in_transaction:
            connection.execute("ROLLBACK")
        connection.close()
        return None
