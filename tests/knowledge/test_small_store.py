"""The small store reads what the SQLAlchemy store reads, on the same SQLite file, filter for
filter; and it stands aside (None) whenever the full store must answer."""

from __future__ import annotations

import itertools
import sqlite3
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from knowledge.db import Database, open_database
from knowledge.fts5 import ROW_BUDGET
from knowledge.pipeline import extract_file
from knowledge.repository import AssignmentFilter, SqlAlchemyDocumentRepository
from knowledge.search import ROW_BUDGET as SEARCH_ROW_BUDGET
from knowledge.search import SqlAssignmentSearch
from knowledge.small_store import (
    SmallSqliteStore,
    SmallStoreProgress,
    SmallStoreSearch,
    open_small_store,
)
from knowledge.store_rows import FACT_COLUMN_NAMES, VIEW_COLUMN_NAMES
from knowledge.units import Unit, UnitRegistry
from tests.knowledge.test_repository import (
    QUOTE_1,
    UNITS,
    first_version,
    item,
    save,
    save_plan_and_review,
)

SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "s00-thong-bao-ket-luan.txt"
DIGEST = "units-file-digest"
RENAMED = Unit(
    key="hoi_nong_dan_moi", name="Hội Nông dân Việt Nam huyện", kind="hoi", level="huyen"
)
REGISTRY = UnitRegistry((*UNITS, RENAMED))


@pytest.fixture
def stored(tmp_path: Path) -> Iterator[tuple[Path, Database, SqlAlchemyDocumentRepository]]:
    """A SQLite file holding what the filters tell apart: groups, a merge, an unregistered
    unit, a correction (a replaced document and a removed assignment), a document in review,
    recurring occurrences, deadlines with a time and flags, and the sample notice."""
    path = tmp_path / "giaoviec.db"
    database = open_database(f"sqlite:///{path}")
    repo = SqlAlchemyDocumentRepository(database.session_factory, REGISTRY)
    repo.sync_units(REGISTRY, source_digest=DIGEST)
    save(repo, first_version(), name="45.txt")
    corrected = first_version()
    corrected = replace(
        corrected,
        assignments=(
            corrected.assignments[0],
            item("3", "Ủy ban MTTQ huyện nắm bắt dư luận", ("Ủy ban MTTQ huyện",)),
            item("4", "Ban Quản lý dự án huyện rà soát công trình", ("Ban Quản lý dự án huyện",)),
        ),
    )
    save(repo, corrected, name="45-sua.txt")
    save_plan_and_review(repo, ("Hội Nông dân huyện", "Phòng Tài chính - Kế hoạch huyện"))
    text, sample = extract_file(SAMPLE)
    repo.save_extraction(sample, text, source_name=SAMPLE.name)
    repo.merge_units("hoi_nong_dan", "hoi_nong_dan_moi")
    try:
        yield path, database, repo
    finally:
        database.dispose()


def _small(path: Path, repo: SqlAlchemyDocumentRepository) -> SmallSqliteStore:
    store = open_small_store(
        path, units_digest=DIGEST, office_registry=REGISTRY, full_store=lambda: repo
    )
    assert store is not None
    return store


def _filters(repo: SqlAlchemyDocumentRepository) -> list[AssignmentFilter]:
    keys = [(), ("phong_noi_vu",), ("hoi_nong_dan",), ("hoi_nong_dan_moi",), ("khong_co",)]
    keys += [("ubmttq_huyen", "phong_tai_chinh_ke_hoach")]
    keys += [(u.key,) for u in repo.registry_from_db(include_unregistered=True).units()]
    documents = [None, "45", "45/TB-UBND", "45/tb", "07/KH", "số 7", "9/CV-UBND", "zz", "  "]
    days = [None, date(2023, 3, 5), date(2023, 4, 30)]
    found = []
    for unit_keys, document in itertools.product(keys, documents):
        for include_groups, include_review in ((True, False), (False, True)):
            found.append(
                AssignmentFilter(
                    unit_keys=unit_keys,
                    include_groups=include_groups,
                    document=document,
                    include_review=include_review,
                )
            )
    for before, after, overdue, since in itertools.product(days, days, days[:2], days[::2]):
        found.append(
            AssignmentFilter(
                due_before=before, due_after=after, overdue_on=overdue, deadline_from=since
            )
        )
        found.append(
            AssignmentFilter(
                unit_keys=("hoi_nong_dan_moi",),
                due_before=before,
                due_after=after,
                overdue_on=overdue,
            )
        )
    found.append(AssignmentFilter(document_ids=(1, 3)))
    return found


def test_every_read_answers_as_the_sqlalchemy_store_does(
    stored: tuple[Path, Database, SqlAlchemyDocumentRepository],
) -> None:
    path, _database, repo = stored
    small = _small(path, repo)
    try:
        for where in _filters(repo):
            for limit, leads_first in ((None, False), (2, False), (None, True), (1, True)):
                assert small.find_assignment_ids(
                    where, limit, leads_first=leads_first
                ) == repo.find_assignment_ids(where, limit, leads_first=leads_first), where
                assert small.find_assignment_facts(
                    where, limit, leads_first=leads_first
                ) == repo.find_assignment_facts(where, limit, leads_first=leads_first), where
            assert small.find_assignment_words(where, 3) == repo.find_assignment_words(where, 3)
            for cap in (None, 1, 2):
                assert small.count_assignments(where, cap) == repo.count_assignments(where, cap)
        ids = [*range(0, 40), 2**31, 2**63, -1]
        assert small.get_assignments(ids) == repo.get_assignments(ids)
        assert small.assignment_facts(ids[1:]) == repo.assignment_facts(ids[1:])
        for i in ids:
            assert small.get_assignment(i) == repo.get_assignment(i)
            assert small.document_text(i) == repo.document_text(i)
        assert any(v.status == "removed" for v in small.get_assignments(ids))  # the correction
        for folded in ("45/tb-ubnd", "07/kh", "quy che", "100%", "a_b", "khong co"):
            assert small.documents_mentioning(folded) == repo.documents_mentioning(folded)
        for include in (False, True):
            ours = small.registry_from_db(include_unregistered=include)
            theirs = repo.registry_from_db(include_unregistered=include)
            assert list(ours.units()) == list(theirs.units())
            assert ours.office == theirs.office
    finally:
        small.close()


def test_search_ranks_as_the_store_search_does(
    stored: tuple[Path, Database, SqlAlchemyDocumentRepository],
) -> None:
    path, database, repo = stored
    small = _small(path, repo)
    ours, theirs = (
        SmallStoreSearch(small.connection),
        SqlAssignmentSearch(database.session_factory),
    )
    try:
        for query in ("quy chế phối hợp", "Hội Nông dân", "45/TB", "báo cáo", "🙂", "", "xyz"):
            for ids in (None, [1, 2, 3, 7], []):
                for include_review in (False, True):
                    assert ours.search(
                        query, limit=5, assignment_ids=ids, include_review=include_review
                    ) == theirs.search(
                        query, limit=5, assignment_ids=ids, include_review=include_review
                    ), query
    finally:
        small.close()
    assert ROW_BUDGET == SEARCH_ROW_BUDGET


def test_progress_is_none_until_someone_reports_then_the_full_stores(
    stored: tuple[Path, Database, SqlAlchemyDocumentRepository],
) -> None:
    path, _database, repo = stored
    small = _small(path, repo)
    asked: list[list[int]] = []

    class Full:
        def current(self, ids: object) -> dict[int, object]:
            asked.append(list(ids))  # type: ignore[call-overload]
            return {}

    try:
        assert SmallStoreProgress(small.connection, Full).current([1, 2]) == {}  # type: ignore[arg-type]
        assert asked == []  # nothing reported: the full store is never built
        small.connection.execute(
            "INSERT INTO progress_reports (assignment_id, state, note, reported_at,"
            " actor_platform, actor_user_id, actor_name, confirmation)"
            " VALUES (1, 'in_progress', '', '2023-03-01 00:00:00', 'console', 'local', 'An',"
            " 'not_required')"
        )
        SmallStoreProgress(small.connection, Full).current([1, 2])  # type: ignore[arg-type]
        assert asked == [[1, 2]]
    finally:
        small.close()


def test_the_small_store_stands_aside_when_the_full_store_must_answer(
    stored: tuple[Path, Database, SqlAlchemyDocumentRepository], tmp_path: Path
) -> None:
    path, _database, repo = stored

    def opened(at: Path, digest: str | None = DIGEST, most: int = 3_000) -> bool:
        store = open_small_store(
            at,
            units_digest=digest,
            office_registry=REGISTRY,
            full_store=lambda: repo,
            max_assignments=most,
        )
        if store is not None:
            store.close()
        return store is not None

    assert opened(path)
    assert not opened(path, digest="another units file")  # it must be synced first
    assert not opened(path, digest=None)
    assert not opened(path, most=3)  # too big: the indexed SQL answers
    assert not opened(tmp_path / "missing.db")
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"not a database" * 100)
    assert not opened(garbage)
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '0001'")
    assert not opened(path)  # an older schema must migrate first


def test_the_column_lists_are_the_sqlalchemy_stores() -> None:
    from knowledge.row_views import _FACT_COLUMNS, _VIEW_COLUMNS

    def names(columns: tuple[object, ...]) -> tuple[str, ...]:
        return tuple(f"{c.table.name}.{c.name}" for c in columns)  # type: ignore[attr-defined]

    assert names(_VIEW_COLUMNS) == VIEW_COLUMN_NAMES
    assert names(_FACT_COLUMNS) == FACT_COLUMN_NAMES


def test_the_full_store_takes_what_the_small_store_does_not_read(
    stored: tuple[Path, Database, SqlAlchemyDocumentRepository],
) -> None:
    path, _database, repo = stored
    small = _small(path, repo)
    try:
        assert small.counts() == repo.counts()
        assert small.list_documents() == repo.list_documents()
        assert small.list_assignments(unit_key="phong_noi_vu") == repo.list_assignments(
            unit_key="phong_noi_vu"
        )
        assert small.full() is repo
        assert QUOTE_1 in (small.document_text(1) or "")
    finally:
        small.close()
