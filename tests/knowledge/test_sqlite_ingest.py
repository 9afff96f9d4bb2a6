"""`giaoviec ingest` on a SQLite file writes through sqlite3 the very rows the SQLAlchemy store
writes, table for table; and leaves to the full store what only it does."""

from __future__ import annotations

import io
import shutil
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.cli import main as giaoviec
from bot.wiring import App
from knowledge import models
from knowledge.sqlite_ingest import SqliteDocumentWriter, open_sqlite_writer
from knowledge.units import UnitRegistry, example_units_path
from tests.imports import storage_packages_imported

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "samples" / "s00-thong-bao-ket-luan.txt"
# every table a document's save writes (the reminder and chat tables stay empty)
TABLES = (*sorted(models.table_names()), "alembic_version")


def _dump(path: Path) -> dict[str, list[tuple[object, ...]]]:
    with sqlite3.connect(path) as connection:
        dump = {
            table: connection.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall()
            for table in TABLES
        }
        # the index the triggers keep, word for word
        dump["fts"] = connection.execute(
            "SELECT rowid, task, quote, units, document FROM assignment_fts ORDER BY rowid"
        ).fetchall()
        columns = [row[1] for row in connection.execute("PRAGMA table_info(documents)")]
    at = columns.index("ingested_at")
    dump["documents"] = [row[:at] + row[at + 1 :] for row in dump["documents"]]
    return dump


def _ingest(db: Path, *args: str) -> str:
    out, err = io.StringIO(), io.StringIO()
    code = giaoviec(["--db", f"sqlite:///{db}", "ingest", "--jobs", "1", *args], out, err)
    assert code == 0, err.getvalue()
    return out.getvalue()


def _corrected(tmp_path: Path) -> Path:
    """The sample notice again with one task reworded: a correction of a stored document."""
    text = SAMPLE.read_text(encoding="utf-8")
    changed = text.replace("Quy chế phối hợp", "Quy chế phối hợp công tác", 1)
    assert changed != text
    path = tmp_path / "s00-sua.txt"
    path.write_text(changed, encoding="utf-8")
    return path


def test_the_sqlite_writer_writes_the_rows_the_full_store_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = ROOT / "eval" / "tuning"
    correction = _corrected(tmp_path)
    light, full = tmp_path / "light" / "giaoviec.db", tmp_path / "full" / "giaoviec.db"
    saved: list[object] = []
    real_init = SqliteDocumentWriter.__init__

    def counting(self: SqliteDocumentWriter, *args: object, **kwargs: object) -> None:
        saved.append(self)
        real_init(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(SqliteDocumentWriter, "__init__", counting)
    steps = [
        (str(SAMPLE),),
        (str(corpus),),
        (str(correction),),  # replaced: the full store's save, inside the light ingest
        (str(SAMPLE),),  # unchanged
        ("--review", str(ROOT / "eval" / "probe5")),
    ]
    light_out = [_ingest(light, *step) for step in steps]
    assert len(saved) == len(steps)  # every step went through the writer
    monkeypatch.setattr(App, "document_saver", App.repository)
    full_out = [_ingest(full, *step) for step in steps]
    assert light_out == full_out
    assert "Đã cập nhật" in light_out[2] or "thay" in light_out[2]
    ours, theirs = _dump(light), _dump(full)
    for table in (*TABLES, "fts"):
        assert ours[table] == theirs[table], table
    assert len(ours["documents"]) > 60


def test_the_writer_stands_aside_when_the_full_store_must_save(tmp_path: Path) -> None:
    registry = UnitRegistry.from_file(example_units_path("huyen-truoc-2025"))

    def opened(path: Path, digest: str | None = "file") -> bool:
        writer = open_sqlite_writer(
            path,
            registry=registry,
            units_digest=digest,
            full_save=lambda *a: pytest.fail("no save here"),
            now=lambda: datetime.now(UTC),
        )
        if writer is not None:
            writer.close()
        return writer is not None

    db = tmp_path / "giaoviec.db"
    assert opened(db)  # a new file: made from the snapshot, the units file synced
    assert opened(db)  # the same units file
    assert not opened(db, digest="another units file")  # must sync (merge, update) first
    assert not opened(db, digest=None)
    with sqlite3.connect(db) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '0001'")
    assert not opened(db)  # an older schema must migrate first
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"not a database" * 100)
    assert not opened(garbage)
    assert opened(tmp_path / "a-new-folder" / "x.db")
    (tmp_path / "blocked").write_text("a file where the folder should be")
    assert not opened(tmp_path / "blocked" / "x.db")


def test_a_failing_write_is_told_in_vietnamese_and_stores_nothing_of_the_file(
    tmp_path: Path,
) -> None:
    db = tmp_path / "giaoviec.db"
    _ingest(db, str(SAMPLE))
    other = tmp_path / "other.txt"
    shutil.copy(sorted((ROOT / "eval" / "tuning").glob("*.txt"))[0], other)
    with sqlite3.connect(db) as connection:  # the disk refuses the second document's tasks
        connection.execute(
            "CREATE TRIGGER refuse AFTER INSERT ON assignments WHEN new.document_id > 1"
            " BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END"
        )
    before = _dump(db)
    out, err = io.StringIO(), io.StringIO()
    code = giaoviec(["--db", f"sqlite:///{db}", "ingest", str(other)], out, err)
    assert code == 2
    assert err.getvalue().startswith("Lỗi cơ sở dữ liệu"), err.getvalue()
    assert "disk I/O error" in err.getvalue()
    assert _dump(db) == before  # the document's row went with its transaction


def test_ingest_of_a_new_file_never_imports_sqlalchemy(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'new' / 'eval.db'}"
    ingest = ["--db", db, "ingest", str(SAMPLE)]
    assert storage_packages_imported(ingest, "nhiệm vụ") == []
