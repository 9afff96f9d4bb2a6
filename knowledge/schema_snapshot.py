"""The SQLite schema at the newest revision, kept as SQL, to create a new database in one step.

Running every revision through Alembic costs a new database about a quarter of a second, most of
it importing Alembic; a command that opens a new SQLite file pays it before doing anything. Like
Rails' structure.sql, the schema the revisions build is dumped once into
`migrations/sqlite_head.sql` and a new, empty SQLite database is made from it and stamped at that
revision. Existing databases, PostgreSQL, and any snapshot older than the newest revision go
through Alembic as before. A test builds the schema both ways and requires the same result, so
the snapshot cannot drift; `knowledge.db.write_sqlite_snapshot()` rewrites it after a revision.
This module imports nothing of the project, nor SQLAlchemy: knowledge.db builds on it, and a
short command on SQLite reads the head revision here without loading SQLAlchemy.
"""

from __future__ import annotations

import re
import sqlite3
from importlib.util import find_spec
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy import Engine

# The database is one schema with one linear chain of revisions, but each package that owns
# tables keeps its own revisions in <package>/migrations/versions and its models in the modules
# below. They are named here, not imported: knowledge sees no layer above it, and the Alembic
# environment (migrations/env.py) imports the models only when it compares them with a database.
SCHEMA_OWNERS = ("knowledge", "scheduler")
# Migration files are named NNNN_what.py with revision "NNNN", each revising the one before.
_REVISION_FILE = re.compile(r"(\d{4})_\w+\.py")
SNAPSHOT_PATH = Path(__file__).resolve().parent / "migrations" / "sqlite_head.sql"
_REVISION_LINE = "-- revision: "


def dump_sqlite_schema(connection: sqlite3.Connection) -> list[str]:
    """The statements that rebuild this database's schema and the rows its revisions seed.

    Objects come in creation order (rowid of sqlite_schema); tables an FTS5 table makes for
    itself (its shadow tables) and SQLite's own indexes are left to their owners to recreate.
    """
    shadow = {
        name
        for _schema, name, kind, *_rest in connection.execute("PRAGMA main.table_list")
        if kind == "shadow"
    }
    statements = [
        sql
        for name, sql in connection.execute(
            "SELECT name, sql FROM sqlite_schema WHERE sql IS NOT NULL ORDER BY rowid"
        )
        if name not in shadow
    ]
    # the rows revisions seed (the Alembic stamp, a data version's one row), as literals
    tables = [
        name
        for _schema, name, kind, *_rest in connection.execute("PRAGMA main.table_list")
        if kind == "table" and not name.startswith("sqlite_")
    ]
    for table in sorted(tables):
        columns = [row[1] for row in connection.execute(f'PRAGMA table_info("{table}")')]
        quoted = ", ".join(f'quote("{c}")' for c in columns)
        for values in connection.execute(f'SELECT {quoted} FROM "{table}"'):
            names = ", ".join(columns)
            statements.append(f"INSERT INTO {table} ({names}) VALUES ({', '.join(values)})")
    return statements


def render_snapshot(revision: str, statements: list[str]) -> str:
    """The snapshot file's text: its revision on the first line, then one statement a block."""
    header = (
        f"{_REVISION_LINE}{revision}\n"
        "-- Written by knowledge.db.write_sqlite_snapshot() from the migrations; do not edit.\n"
    )
    return header + "".join(f"\n{statement};\n" for statement in statements)


def parse_snapshot(text: str) -> tuple[str, list[str]]:
    """The revision and the statements of a snapshot file's text."""
    first, _, body = text.partition("\n")
    if not first.startswith(_REVISION_LINE):
        raise ValueError("not a schema snapshot: its first line names no revision")
    statements: list[str] = []
    pending = ""
    for line in body.splitlines(keepends=True):
        if not pending and (not line.strip() or line.startswith("--")):
            continue
        pending += line
        # a trigger's body holds semicolons of its own: SQLite says when a statement is whole
        if sqlite3.complete_statement(pending):
            statements.append(pending.strip().removesuffix(";"))
            pending = ""
    if pending.strip():
        raise ValueError("schema snapshot ends inside a statement")
    return first.removeprefix(_REVISION_LINE).strip(), statements


def create_from_snapshot(engine: Engine, head: str, path: Path = SNAPSHOT_PATH) -> bool:
    """Make an empty SQLite database's schema from the snapshot; whether it did.

    Does nothing (False) for another database kind, a database holding anything, or a snapshot
    that is missing or not at `head` (the newest revision): the caller then migrates as usual.
    """
    if engine.dialect.name != "sqlite":
        return False
    raw = engine.raw_connection()
    try:
        connection: sqlite3.Connection = raw.driver_connection  # type: ignore[assignment]
        previous = connection.isolation_level
        connection.isolation_level = None  # the transaction is ours, not the driver's
        try:
            return create_sqlite_schema(connection, head, path)
        finally:
            connection.isolation_level = previous
    finally:
        raw.close()


def create_sqlite_schema(
    connection: sqlite3.Connection, head: str, path: Path = SNAPSHOT_PATH
) -> bool:
    """create_from_snapshot on a plain sqlite3 connection in autocommit mode (isolation_level
    None). The check for emptiness and the creation are one write transaction, so two processes
    opening the same new file cannot both create it."""
    if not path.is_file():
        return False
    revision, statements = parse_snapshot(path.read_text(encoding="utf-8"))
    if revision != head:
        return False
    connection.execute("BEGIN IMMEDIATE")
    try:
        (objects,) = connection.execute("SELECT count(*) FROM sqlite_schema").fetchone()
        if objects:
            connection.execute("ROLLBACK")
            return False
        for statement in statements:
            connection.execute(statement)
        connection.execute("COMMIT")
    except BaseException:
        if connection.in_transaction:
            connection.execute("ROLLBACK")
        raise
    return True


def version_locations() -> list[Path]:
    """The folders holding revisions, one per package that owns tables (none is imported)."""
    folders = []
    for package in SCHEMA_OWNERS:
        spec = find_spec(package)
        if spec is None or not spec.submodule_search_locations:
            raise RuntimeError(f"package {package} owns tables but cannot be found")
        folders.append(Path(next(iter(spec.submodule_search_locations))) / "migrations/versions")
    return folders


def head_revision() -> str:
    """The newest migration's revision, read from the file names (no alembic import)."""
    files = (path for folder in version_locations() for path in folder.iterdir())
    found = (_REVISION_FILE.fullmatch(path.name) for path in files)
    return max(m.group(1) for m in found if m)
