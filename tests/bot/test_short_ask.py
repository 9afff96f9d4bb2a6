"""`giaoviec ask` on a small SQLite file answers from the small store (no SQLAlchemy) exactly as
the full store answers, question for question, over the corpora read for causes."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

import bot.cli
import bot.wiring
import knowledge.small_store as small_store
from bot.cli import main as giaoviec
from knowledge.small_store import SmallSqliteStore
from tests.imports import storage_packages_imported

ROOT = Path(__file__).resolve().parents[2]
CORPORA = [ROOT / "eval" / name for name in ("tuning", "probe", "probe5", "probe6", "probe7")]
PASSAGES = sorted(p for corpus in CORPORA for p in corpus.glob("*.txt"))


def _ask(db: str, questions: str) -> list[dict[str, object]]:
    out, err = io.StringIO(), io.StringIO()
    code = giaoviec(
        ["--db", db, "ask", "--json", "--today", "2024-06-03"], out, err, io.StringIO(questions)
    )
    assert code == 0, err.getvalue()
    return [json.loads(line) for line in out.getvalue().splitlines()]


@pytest.mark.parametrize("passage", PASSAGES, ids=[f"{p.parent.name}/{p.stem}" for p in PASSAGES])
def test_the_small_store_answers_as_the_full_store(
    passage: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    labels = json.loads(passage.with_suffix(".json").read_text(encoding="utf-8"))
    questions = "".join(q["q"].replace("\n", " ") + "\n" for q in labels.get("questions") or [])
    questions += "việc nào quá hạn?\nviệc nào sắp đến hạn?\nchi tiết 1\nxem tiếp\n"
    db = f"sqlite:///{tmp_path / 'eval.db'}"
    issued = ["--issued", labels["issued_date"]] if labels.get("issued_date") else []
    assert (
        giaoviec(["--db", db, "ingest", *issued, str(passage)], io.StringIO(), io.StringIO()) == 0
    )

    opened: list[SmallSqliteStore | None] = []
    original = small_store.open_small_store

    def spying(*args: object, **kwargs: object) -> SmallSqliteStore | None:
        store = original(*args, **kwargs)  # type: ignore[arg-type]
        opened.append(store)
        return store

    monkeypatch.setattr(small_store, "open_small_store", spying)
    small = _ask(db, questions)
    assert opened
    assert opened[0] is not None  # the small store answered
    monkeypatch.setattr(bot.cli, "short_services_for", bot.wiring.services_for)
    full = _ask(db, questions)
    assert small == full


def test_ask_on_a_small_database_never_imports_sqlalchemy(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'eval.db'}"
    sample = ROOT / "samples" / "s00-thong-bao-ket-luan.txt"
    assert giaoviec(["--db", db, "ingest", str(sample)], io.StringIO(), io.StringIO()) == 0
    question = ["ask", "--json", "Phòng Nội vụ được giao việc gì?"]
    assert storage_packages_imported(["--db", db, *question], "Phòng Nội vụ") == []
