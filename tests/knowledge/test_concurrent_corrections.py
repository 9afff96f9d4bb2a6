"""Several processes saving versions of one notice at once leave one live version, on both stores."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from sqlalchemy import func, select

from knowledge.db import Database
from knowledge.models import DocumentRow

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "samples" / "s00-thong-bao-ket-luan.txt"


def _ingest_at_once(db_url: str, files: list[Path]) -> None:
    runs = [
        subprocess.Popen(
            [sys.executable, "-m", "bot", "--db", db_url, "ingest", str(f)],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for f in files
    ]
    for run in runs:
        _out, err = run.communicate(timeout=180)
        assert run.returncode == 0, err.decode()


def _statuses(database: Database) -> dict[str, int]:
    with database.session_factory() as session:
        rows = session.execute(
            select(DocumentRow.status, func.count()).group_by(DocumentRow.status)
        ).all()
    return {status: count for status, count in rows}


def test_corrections_ingested_at_once_leave_one_live_version(
    tmp_path: Path, database: Database, db_url: str
) -> None:
    text = SAMPLE.read_text(encoding="utf-8")
    files = []
    for n in range(6):
        version = tmp_path / f"tb-{n}.txt"
        version.write_text(f"{text}\nBổ sung lần {n}.\n", encoding="utf-8")
        files.append(version)
    _ingest_at_once(db_url, files)
    # each correction replaced the version live when it decided: one chain, one live version
    assert _statuses(database) == {"live": 1, "replaced": 5}


def test_one_file_ingested_at_once_is_stored_once(
    tmp_path: Path, database: Database, db_url: str
) -> None:
    copies = []
    for n in range(4):
        copy = tmp_path / f"copy-{n}.txt"
        copy.write_bytes(SAMPLE.read_bytes())
        copies.append(copy)
    # the same content by four processes: one stores it, the others find it "unchanged"
    # (before, a loser on PostgreSQL could fail on the unique content hash)
    _ingest_at_once(db_url, copies)
    assert _statuses(database) == {"live": 1}
