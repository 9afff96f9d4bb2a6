"""A new SQLite database made from the schema snapshot is the one the revisions build."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from knowledge.db import (
    build_sqlite_snapshot,
    current_revisions,
    head_revision,
    make_engine,
    migrate,
    open_database,
)
from knowledge.schema_snapshot import (
    SNAPSHOT_PATH,
    create_from_snapshot,
    parse_snapshot,
    render_snapshot,
)


def _schema(path: Path) -> tuple[list[tuple[str, ...]], dict[str, list[tuple[object, ...]]]]:
    """Every schema object (shadow tables included) and every row of the database."""
    connection = sqlite3.connect(path)
    try:
        objects = sorted(
            connection.execute("SELECT type, name, tbl_name, coalesce(sql, '') FROM sqlite_schema")
        )
        rows = {
            name: sorted(connection.execute(f'SELECT * FROM "{name}"'))
            for kind, name, *_ in objects
            if kind == "table" and name != "assignment_fts_vocab"
        }
        return objects, rows
    finally:
        connection.close()


def test_the_snapshot_is_the_schema_the_revisions_build() -> None:
    assert SNAPSHOT_PATH.read_text(encoding="utf-8") == build_sqlite_snapshot(), (
        "the schema snapshot is stale: run "
        '`.venv/bin/python -c "from knowledge.db import write_sqlite_snapshot as w; w()"`'
    )


def test_a_database_made_from_the_snapshot_equals_a_migrated_one(tmp_path: Path) -> None:
    migrated, snapped = tmp_path / "migrated.db", tmp_path / "snapped.db"
    engine = make_engine(f"sqlite:///{migrated}")
    migrate(engine)
    engine.dispose()
    engine = make_engine(f"sqlite:///{snapped}")
    assert create_from_snapshot(engine, head_revision())
    engine.dispose()

    objects, rows = _schema(snapped)
    assert (objects, rows) == _schema(migrated)
    assert ("table", "assignment_fts_data", "assignment_fts_data") in {o[:3] for o in objects}
    assert rows["alembic_version"] == [(head_revision(),)]


def test_open_database_makes_a_new_file_without_loading_alembic(tmp_path: Path) -> None:
    probe = (
        "import sys; from knowledge.db import open_database, current_revisions;"
        f"db = open_database('sqlite:///{tmp_path / 'new.db'}');"
        "print(sorted(current_revisions(db.engine)), 'alembic' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == [f"['{head_revision()}']", "False"]


def test_a_database_holding_anything_is_migrated_not_overwritten(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = make_engine(url)
    migrate(engine, "0005")
    assert not create_from_snapshot(engine, head_revision())
    engine.dispose()

    database = open_database(url)  # the usual way: alembic takes it from 0005 to head
    assert current_revisions(database.engine) == {head_revision()}
    database.dispose()
    assert not create_from_snapshot(make_engine(url), head_revision())


def test_a_snapshot_behind_the_newest_revision_is_not_used(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'new.db'}")
    assert not create_from_snapshot(engine, "9999")
    assert current_revisions(engine) == set()


def test_postgresql_is_always_migrated(tmp_path: Path) -> None:
    engine = make_engine("postgresql://nobody@127.0.0.1:1/none")  # never connected
    assert not create_from_snapshot(engine, head_revision())


def test_statements_holding_semicolons_come_back_whole(tmp_path: Path) -> None:
    statements = [
        "CREATE TABLE t (a TEXT DEFAULT ';')",
        "CREATE TRIGGER t_ins AFTER INSERT ON t BEGIN\n  DELETE FROM t WHERE a = 'x';\nEND",
    ]
    assert parse_snapshot(render_snapshot("0042", statements)) == ("0042", statements)
    with pytest.raises(ValueError, match="revision"):
        parse_snapshot("CREATE TABLE t (a);\n")
    with pytest.raises(ValueError, match="inside"):
        parse_snapshot("-- revision: 1\nCREATE TABLE t (a\n")
