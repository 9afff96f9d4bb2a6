"""Full-text search over assignments on SQLite (FTS5) and PostgreSQL, kept right by triggers."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import Engine, delete, select, text, update
from sqlalchemy.orm import Session, sessionmaker

from knowledge.db import Database, migrate
from knowledge.domain import Deadline, DocumentHeader, ExtractedAssignment, Extraction
from knowledge.models import AssignmentRow, DocumentRow, UnitRow
from knowledge.repository import IngestOutcome, SqlAlchemyDocumentRepository
from knowledge.search import (
    MAX_TERMS,
    AssignmentSearch,
    SearchHit,
    SqlAssignmentSearch,
    fts5_query,
    fts_top10,
    query_terms,
)
from knowledge.units import Unit, UnitRegistry

FIXED_NOW = datetime(2024, 3, 1, 2, 30, tzinfo=UTC)

NOI_VU = Unit(
    key="phong_noi_vu",
    name="Phòng Nội vụ huyện",
    kind="phong",
    level="huyen",
    aliases=("Phòng Nội vụ", "Phòng NV huyện"),
)
TAI_CHINH = Unit(
    key="phong_tai_chinh_ke_hoach",
    name="Phòng Tài chính - Kế hoạch huyện",
    kind="phong",
    level="huyen",
)
NONG_DAN = Unit(key="hoi_nong_dan", name="Hội Nông dân huyện", kind="doan_the", level="huyen")
QUAN_SU = Unit(key="ban_chqs", name="Ban Chỉ huy Quân sự huyện", kind="ban", level="huyen")
UNITS = (NOI_VU, TAI_CHINH, NONG_DAN, QUAN_SU)

QUY_CHE = "Giao Phòng Nội vụ huyện hoàn thiện Quy chế phối hợp nhiệm kỳ 2021 - 2025"
BAU_CU = "Phòng Tài chính - Kế hoạch huyện cân đối kinh phí tổ chức bầu cử đại biểu Quốc hội"
DONG_ANH = "Đề nghị UBND xã Đông Anh rà soát hộ nghèo trên địa bàn"
TRU_SO = "Phòng Tài chính - Kế hoạch huyện bố trí kinh phí sửa chữa trụ sở làm việc"
UNG_CUU = "Chuẩn bị lực lượng, phương tiện ứng cứu khi có tình huống xảy ra"


def header(
    number: str = "45/TB-UBND",
    title: str = "Kết luận của Chủ tịch UBND huyện tại buổi làm việc",
    issued: date = date(2024, 3, 1),
    doc_type_name: str = "Thông báo",
) -> DocumentHeader:
    return DocumentHeader(
        number=number,
        symbol=number.split("/", 1)[-1],
        doc_type="thong_bao",
        doc_type_name=doc_type_name,
        issuer="UBND huyện Tân Yên",
        issued=issued,
        title=title,
    )


def item(
    place: str,
    quote: str,
    lead: tuple[str, ...] = ("Phòng Nội vụ huyện",),
    cooperate: tuple[str, ...] = (),
) -> ExtractedAssignment:
    deadline = Deadline(due=date(2024, 3, 31), text="trước ngày 31/3/2024")
    return ExtractedAssignment(
        lead=lead, cooperate=cooperate, task=quote, deadline=deadline, quote=quote, place=place
    )


def notice() -> Extraction:
    return Extraction(
        header=header(),
        assignments=(
            item("1", QUY_CHE),
            item("2", BAU_CU, ("Phòng Tài chính - Kế hoạch huyện",)),
            item("3", DONG_ANH, ("UBND xã Đông Anh",)),
            item("4", TRU_SO, ("Phòng Tài chính - Kế hoạch huyện",)),
        ),
    )


def plan() -> Extraction:
    return Extraction(
        header=header(
            number="12/KH-UBND",
            title="Kế hoạch phòng chống thiên tai và tìm kiếm cứu nạn năm 2024",
            doc_type_name="Kế hoạch",
        ),
        assignments=(
            item("II.1", UNG_CUU, ("Ban Chỉ huy Quân sự huyện",), ("Hội Nông dân huyện",)),
        ),
    )


def save(
    repo: SqlAlchemyDocumentRepository,
    extraction: Extraction,
    name: str,
    *,
    status: str = "live",
) -> IngestOutcome:
    body = "\n".join([extraction.header.number or "", *(a.quote for a in extraction.assignments)])
    return repo.save_extraction(
        extraction,
        body,
        source_name=name,
        status=status,  # type: ignore[arg-type]
    )


@pytest.fixture
def repo(session_factory: sessionmaker[Session]) -> SqlAlchemyDocumentRepository:
    return SqlAlchemyDocumentRepository(
        session_factory, UnitRegistry(UNITS), now=lambda: FIXED_NOW
    )


@pytest.fixture
def search(session_factory: sessionmaker[Session]) -> SqlAssignmentSearch:
    searcher = SqlAssignmentSearch(session_factory)
    _: AssignmentSearch = searcher  # mypy checks the class against the Protocol
    return searcher


@pytest.fixture
def ids(repo: SqlAlchemyDocumentRepository) -> dict[str, int]:
    """Both documents saved; assignment ids by a short name."""
    first = save(repo, notice(), "tb45.txt")
    second = save(repo, plan(), "kh12.txt")
    names = ("quy_che", "bau_cu", "dong_anh", "tru_so")
    found = {name: brief.id for name, brief in zip(names, first.assignments_added, strict=True)}
    found["ung_cuu"] = second.assignments_added[0].id
    return found


def found(search: AssignmentSearch, query: str, **kwargs: object) -> list[int]:
    return [hit.assignment_id for hit in search.search(query, **kwargs)]  # type: ignore[arg-type]


# --- the query, without a database ---------------------------------------------------------


def test_query_terms_fold_and_keep_only_words() -> None:
    assert query_terms("Đông Anh, 45/TB-UBND!") == ("dong", "anh", "45", "tb", "ubnd")
    assert query_terms("ĐÔNG  anh đông") == ("dong", "anh")
    assert query_terms("a B c") == ("a", "b", "c")  # one-letter words are words
    assert query_terms('"x" AND y* NEAR(z) -w col:v ^u') == (
        "x", "and", "y", "near", "z", "w", "col", "v", "u",
    )  # fmt: skip
    assert query_terms("😀 🎉 !!! ... ()") == ()
    assert query_terms("snake_case") == ("snake", "case")


def test_long_queries_keep_their_first_distinct_words() -> None:
    words = [f"tu{n}" for n in range(MAX_TERMS + 10)]
    assert query_terms(" ".join(words)) == tuple(words[:MAX_TERMS])


def test_fts5_query_quotes_every_term() -> None:
    assert fts5_query(("not", "dong")) == '"not" OR "dong"'


# --- finding --------------------------------------------------------------------------------


def test_words_match_with_or_without_diacritics_and_d_bar(
    search: SqlAssignmentSearch, ids: dict[str, int]
) -> None:
    for query in ("dong anh", "Đông Anh", "ĐÔNG ANH", "đong anh", "DONG-ANH?"):
        assert found(search, query)[0] == ids["dong_anh"], query
    assert ids["dong_anh"] in found(search, "ho ngheo")
    assert found(search, "hộ nghèo đông anh")[0] == ids["dong_anh"]


def test_any_word_may_match_and_the_better_match_ranks_first(
    search: SqlAssignmentSearch, ids: dict[str, int]
) -> None:
    hits = search.search("ai phụ trách kinh phí bầu cử?")
    assert [h.assignment_id for h in hits[:2]] == [ids["bau_cu"], ids["tru_so"]]
    assert all(isinstance(h, SearchHit) for h in hits)
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    assert hits[0].score > hits[1].score > 0

    assert found(search, "sửa chữa trụ sở")[0] == ids["tru_so"]
    assert found(search, "quy che phoi hop")[0] == ids["quy_che"]


def test_a_word_nobody_wrote_finds_nothing(
    search: SqlAssignmentSearch, ids: dict[str, int]
) -> None:
    assert found(search, "xyzzy") == []


def test_unit_names_as_written_and_as_registered_are_findable(
    repo: SqlAlchemyDocumentRepository, search: SqlAssignmentSearch, ids: dict[str, int]
) -> None:
    # UNG_CUU names no unit in its text: the lead and cooperating links are what match.
    assert found(search, "quân sự")[0] == ids["ung_cuu"]
    assert found(search, "hoi nong dan")[0] == ids["ung_cuu"]  # "hội" alone is in "Quốc hội"

    # written with an alias; the registered name is indexed too
    written = Extraction(
        header=header(number="50/TB-UBND"),
        assignments=(item("1", "Rà soát biên chế năm 2025", ("Phòng NV huyện",)),),
    )
    new_id = save(repo, written, "tb50.txt").assignments_added[0].id
    assert new_id in found(search, "NV")
    assert new_id in found(search, "nội vụ")


def test_document_number_type_and_title_are_findable(
    search: SqlAssignmentSearch, ids: dict[str, int]
) -> None:
    assert found(search, "12/KH-UBND")[0] == ids["ung_cuu"]
    assert ids["ung_cuu"] in found(search, "phòng chống thiên tai")[:2]  # "hoàn thiện" has "thien"
    assert found(search, "chống thiên tai")[0] == ids["ung_cuu"]
    assert found(search, "cứu nạn") == [ids["ung_cuu"]]
    assert found(search, "kế hoạch 12")[0] == ids["ung_cuu"]
    tb45 = set(found(search, "thông báo 45/TB-UBND"))
    assert {ids["quy_che"], ids["bau_cu"], ids["dong_anh"], ids["tru_so"]} <= tb45


def test_limit_and_candidate_restriction(search: SqlAssignmentSearch, ids: dict[str, int]) -> None:
    everything = found(search, "huyện")
    assert len(everything) == 5
    assert found(search, "huyện", limit=2) == everything[:2]
    assert found(search, "huyện", limit=0) == []

    only = [ids["tru_so"], ids["ung_cuu"], 10_000]
    assert set(found(search, "huyện", assignment_ids=only)) == {ids["tru_so"], ids["ung_cuu"]}
    assert found(search, "kinh phi", assignment_ids={ids["tru_so"]}) == [ids["tru_so"]]
    assert found(search, "kinh phi", assignment_ids=[ids["ung_cuu"]]) == []
    assert found(search, "kinh phi", assignment_ids=[]) == []
    many = range(1, 5000)  # more than SQLite's bound-variable limit of old
    assert set(found(search, "kinh phi", assignment_ids=many)) == {ids["bau_cu"], ids["tru_so"]}


# Looped, not parametrized: one database per engine for all of them keeps the file fast.
NOTHING_TO_SEARCH = (
    "😀🎉",
    "!!! ??? ...",
    "",
    "   ",
    '"',
    '""',
    "*",
    "()",
    ")(",
    ":",
    "-",
    "^",
    "+",
    "|",
    "&",
    "!",
    "<->",
    "'",
    "\\",
    "%",
    "{}",
    "NEAR(",
)

OPERATORS_AS_WORDS = (
    "dong AND anh",
    "dong OR anh",
    "NOT dong anh",
    "dong NOT anh",
    "NEAR(dong anh)",
    '"dong anh',
    "dong* anh",
    "dong:anh",
    "units:dong anh",
    "-dong anh",
    "(dong anh",
    "dong & anh | !x",
    "dong <-> anh",
    "dong'; DROP TABLE assignments; --",
    "dong 😀 anh",
)


def test_punctuation_and_emoji_only_queries_find_nothing_without_error(
    search: SqlAssignmentSearch, ids: dict[str, int]
) -> None:
    for query in NOTHING_TO_SEARCH:
        assert search.search(query) == [], query
        assert search.search(query, include_review=True, assignment_ids=[ids["dong_anh"]]) == []


def test_operators_are_plain_words(search: SqlAssignmentSearch, ids: dict[str, int]) -> None:
    for query in OPERATORS_AS_WORDS:
        assert found(search, query)[0] == ids["dong_anh"], query


# --- the index follows every change ------------------------------------------------------------


def test_a_correction_replaces_what_matches(
    repo: SqlAlchemyDocumentRepository, search: SqlAssignmentSearch, ids: dict[str, int]
) -> None:
    corrected = Extraction(
        header=header(title="Kết luận của Chủ tịch UBND huyện về công tác cải cách hành chính"),
        assignments=(
            item("1", QUY_CHE),  # continues, same id
            item("2", BAU_CU, ("Phòng Tài chính - Kế hoạch huyện",)),
            item(
                "5", "Đề nghị UBND xã Đông Anh kiểm tra an toàn thực phẩm", ("UBND xã Đông Anh",)
            ),
        ),
    )
    outcome = save(repo, corrected, "tb45-v2.txt")
    assert outcome.action == "replaced"
    removed = {brief.id for brief in outcome.assignments_removed}
    assert removed == {ids["tru_so"], ids["dong_anh"]}

    assert found(search, "sửa chữa trụ sở") == []
    assert found(search, "hộ nghèo") == []
    new_id = found(search, "an toàn thực phẩm")[0]
    assert new_id not in ids.values()
    # a continuing assignment is found by its new document's title, under its old id
    assert ids["quy_che"] in found(search, "cải cách hành chính")
    assert found(search, "kinh phi bau cu")[0] == ids["bau_cu"]


def test_removed_assignments_and_deleted_documents_vanish(
    session_factory: sessionmaker[Session], search: SqlAssignmentSearch, ids: dict[str, int]
) -> None:
    with session_factory() as session, session.begin():
        session.execute(
            update(AssignmentRow).where(AssignmentRow.id == ids["tru_so"]).values(status="removed")
        )
    assert found(search, "trụ sở") == []
    with session_factory() as session, session.begin():
        session.execute(
            update(AssignmentRow).where(AssignmentRow.id == ids["tru_so"]).values(status="live")
        )
    assert found(search, "trụ sở") == [ids["tru_so"]]

    with session_factory() as session, session.begin():
        session.execute(delete(AssignmentRow).where(AssignmentRow.id == ids["dong_anh"]))
    assert found(search, "dong anh") == []

    with session_factory() as session, session.begin():
        document = session.get(
            DocumentRow, session.get_one(AssignmentRow, ids["ung_cuu"]).document_id
        )
        session.delete(document)  # ORM delete, cascading to assignments and links
    assert found(search, "ứng cứu") == []
    assert found(search, "quan su") == []
    assert found(search, "trụ sở") == [ids["tru_so"]]


def test_replaced_documents_drop_out_and_edits_are_reindexed(
    session_factory: sessionmaker[Session], search: SqlAssignmentSearch, ids: dict[str, int]
) -> None:
    with session_factory() as session, session.begin():
        row = session.get_one(AssignmentRow, ids["quy_che"])
        row.task_folded = "xay dung de an vi tri viec lam"
        row.document.title = "Thông báo về đề án việc làm"
    assert found(search, "vị trí việc làm")[0] == ids["quy_che"]
    assert found(search, "phoi hop nhiem ky")[0] == ids["quy_che"]  # the quote still holds it
    assert ids["bau_cu"] in found(search, "đề án")  # the title is shared by the document

    with session_factory() as session, session.begin():
        session.execute(
            update(DocumentRow).where(DocumentRow.number == "45/TB-UBND").values(status="replaced")
        )
    assert found(search, "kinh phí") == []
    assert found(search, "ung cuu") == [ids["ung_cuu"]]


def test_review_documents_are_left_out_unless_asked(
    repo: SqlAlchemyDocumentRepository, search: SqlAssignmentSearch, ids: dict[str, int]
) -> None:
    draft = Extraction(
        header=header(number="7/TB-UBND", title="Dự thảo"),
        assignments=(item("1", "Tổng hợp ý kiến góp ý dự thảo Luật Đất đai"),),
    )
    outcome = save(repo, draft, "tb7.txt", status="review")
    draft_id = outcome.assignments_added[0].id

    assert found(search, "góp ý luật") == []
    assert found(search, "gop y luat", include_review=True) == [draft_id]
    assert found(search, "luat", include_review=True, assignment_ids=[draft_id]) == [draft_id]

    assert repo.confirm_document(outcome.document_id) is True
    assert found(search, "góp ý luật") == [draft_id]


def test_unit_links_moved_or_renamed_are_reindexed(
    session_factory: sessionmaker[Session],
    repo: SqlAlchemyDocumentRepository,
    search: SqlAssignmentSearch,
    ids: dict[str, int],
) -> None:
    # UBND xã Đông Anh is unregistered; merging it moves the link to another unit
    repo.merge_units(_key_of(repo, "UBND xã Đông Anh"), "hoi_nong_dan")
    assert ids["dong_anh"] in found(search, "hội nông dân")

    with session_factory() as session, session.begin():
        session.execute(
            update(UnitRow).where(UnitRow.key == "ban_chqs").values(name="Bộ Chỉ huy Biên phòng")
        )
    assert found(search, "biên phòng")[0] == ids["ung_cuu"]
    assert found(search, "bien") == [ids["ung_cuu"]]


def _key_of(repo: SqlAlchemyDocumentRepository, name: str) -> str:
    return next(unit.key for unit in repo.list_units() if unit.name == name)


def test_fts_top10_gives_the_ten_best_ids(
    session_factory: sessionmaker[Session], search: SqlAssignmentSearch, ids: dict[str, int]
) -> None:
    assert fts_top10(session_factory, "kinh phí") == found(search, "kinh phí", limit=10)
    assert fts_top10(session_factory, "huyện") == found(search, "huyện")[:10]
    assert fts_top10(session_factory, "😀 AND") == []


# --- the migration ----------------------------------------------------------------------------


def test_the_migration_indexes_assignments_stored_before_it(db_url: str) -> None:
    from knowledge.db import make_engine, make_session_factory

    engine: Engine = make_engine(db_url)
    try:
        migrate(engine, "0001")
        factory = make_session_factory(engine)
        repo = SqlAlchemyDocumentRepository(factory, UnitRegistry(UNITS), now=lambda: FIXED_NOW)
        before = save(repo, notice(), "tb45.txt").assignments_added
        migrate(engine)
        search = SqlAssignmentSearch(factory)
        assert found(search, "dong anh") == [before[2].id]
        assert found(search, "quy che") == [before[0].id]
        after = save(repo, plan(), "kh12.txt").assignments_added
        assert found(search, "ung cuu") == [after[0].id]
    finally:
        engine.dispose()


def test_the_index_holds_exactly_the_live_assignments(
    database: Database, search: SqlAssignmentSearch, ids: dict[str, int]
) -> None:
    table = "assignment_fts" if database.engine.dialect.name == "sqlite" else "assignment_search"
    key = "rowid" if table == "assignment_fts" else "assignment_id"
    with database.session_factory() as session:
        indexed = set(session.scalars(text(f"SELECT {key} FROM {table}")))
        live = set(session.scalars(select(AssignmentRow.id)))
    assert indexed == live == set(ids.values())


def test_the_commonest_words_are_left_out_past_the_row_budget(
    monkeypatch: pytest.MonkeyPatch,
    database: Database,
    search: SqlAssignmentSearch,
    ids: dict[str, int],
) -> None:
    if database.engine.dialect.name == "postgresql":
        with database.engine.begin() as connection:
            connection.exec_driver_sql("ANALYZE assignment_search")  # counts come from stats
    assert len(found(search, "huyện hộ nghèo")) == 5  # "huyện" is in every row
    assert len(found(search, "huyện")) == 5
    monkeypatch.setattr("knowledge.search.ROW_BUDGET", 2)
    monkeypatch.setattr("knowledge.search.POSTGRES_ROW_BUDGET", 2)
    # "hộ" and "nghèo" (one row each) fit the budget; "huyện" (five rows) does not
    assert found(search, "huyện hộ nghèo") == [ids["dong_anh"]]
    # the rarest word is kept; when it is in more rows than the budget, only as many of the
    # newest assignments are searched (the last two ids)
    assert set(found(search, "huyện")) == {ids["tru_so"], ids["ung_cuu"]}


def test_on_sqlite_a_new_word_is_found_at_once_despite_remembered_counts(
    database: Database, repo: SqlAlchemyDocumentRepository, ids: dict[str, int]
) -> None:
    now = [0.0]
    search = SqlAssignmentSearch(database.session_factory, clock=lambda: now[0])
    assert found(search, "karaoke huyện") != []
    assert found(search, "karaoke") == []
    late = Extraction(
        header=header(number="60/TB-UBND"),
        assignments=(item("1", "Kiểm tra các cơ sở karaoke"),),
    )
    new_id = save(repo, late, "tb60.txt").assignments_added[0].id
    assert found(search, "karaoke") == [new_id]
    now[0] = 10_000.0  # counts are looked up again after FREQUENCY_TTL_S
    assert found(search, "karaoke") == [new_id]
