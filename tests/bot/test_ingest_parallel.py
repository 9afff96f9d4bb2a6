"""A batch read by parallel processes stores exactly what one process stores."""

from __future__ import annotations

import io
import json
from pathlib import Path

from bot.cli import main
from tests.bot.test_cli import NOTICE_12


def _batch(folder: Path) -> None:
    folder.mkdir()
    for n in range(1, 11):
        text = NOTICE_12.replace("Số: 12/TB-UBND", f"Số: {n}/TB-UBND").replace(
            "vắc xin", f"vắc xin đợt {n}"
        )
        (folder / f"tb-{n:02d}.txt").write_text(text, encoding="utf-8")
    (folder / "hong.docx").write_bytes(b"PK\x03\x04 not really a zip")


def _run(db: str, folder: Path, jobs: int) -> tuple[int, str, list[dict[str, object]]]:
    out, err = io.StringIO(), io.StringIO()
    status = main(["--db", db, "ingest", "--jobs", str(jobs), str(folder)], out=out, err=err)
    listing = io.StringIO()
    main(["--db", db, "list", "--json"], out=listing, err=io.StringIO())
    rows = [json.loads(line) for line in listing.getvalue().splitlines()]
    return status, err.getvalue(), rows


def _essence(rows: list[dict[str, object]]) -> list[tuple[object, ...]]:
    return sorted(
        (r["document"], r["place"], str(r["lead"]), r["deadline"], r["quote"]) for r in rows
    )


def test_parallel_readers_store_what_one_process_stores(tmp_path: Path) -> None:
    folder = tmp_path / "batch"
    _batch(folder)
    one = _run(f"sqlite:///{tmp_path / 'one.db'}", folder, jobs=1)
    two = _run(f"sqlite:///{tmp_path / 'two.db'}", folder, jobs=2)
    assert one[0] == two[0] == 1  # the broken file makes the batch exit non-zero
    assert "hong.docx" in one[1]
    assert "hong.docx" in two[1]
    assert len(one[2]) == 20
    assert _essence(one[2]) == _essence(two[2])
