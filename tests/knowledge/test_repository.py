"""SqlAlchemyDocumentRepository on SQLite and PostgreSQL (see the db_url fixture)."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import TypeVar

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.orm import Session, sessionmaker

from knowledge.domain import (
    Deadline,
    DocumentHeader,
    DocumentText,
    ExtractedAssignment,
    Extraction,
    Recurrence,
)
from knowledge.models import AssignmentUnitRow, UnitRow
from knowledge.repository import (
    AssignmentFilter,
    AssignmentView,
    DocumentRepository,
    IngestOutcome,
    SqlAlchemyDocumentRepository,
    StorageError,
    StorageProblem,
    identity_key,
    number_key,
)
from knowledge.text import fold
from knowledge.units import Unit, UnitRegistry

SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "s00-thong-bao-ket-luan.txt"
FIXED_NOW = datetime(2023, 3, 1, 2, 30, tzinfo=UTC)

NOI_VU = Unit(
    key="phong_noi_vu",
    name="Phòng Nội vụ huyện",
    kind="phong",
    level="huyen",
    aliases=("Phòng Nội vụ", "Phòng NV huyện"),
)
MTTQ = Unit(
    key="ubmttq_huyen",
    name="Ủy ban Mặt trận Tổ quốc Việt Nam huyện",
    kind="doan_the",
    level="huyen",
    aliases=("Ủy ban MTTQ Việt Nam huyện", "Ủy ban MTTQ huyện"),
)
TAI_CHINH = Unit(
    key="phong_tai_chinh_ke_hoach",
    name="Phòng Tài chính - Kế hoạch huyện",
    kind="phong",
    level="huyen",
)
NONG_DAN = Unit(key="hoi_nong_dan", name="Hội Nông dân huyện", kind="doan_the", level="huyen")
CTXH = Unit(
    key="cac_to_chuc_ctxh",
    name="các tổ chức chính trị - xã hội huyện",
    kind="nhom",
    level="huyen",
    members=("hoi_nong_dan",),
)
UNITS = (NOI_VU, MTTQ, TAI_CHINH, NONG_DAN, CTXH)

T = TypeVar("T")

UNKNOWN = "Ban Quản lý dự án đầu tư xây dựng huyện"


def some(value: T | None) -> T:
    assert value is not None
    return value


def header(
    number: str | None = "45/TB-UBND",
    issued: date | None = date(2023, 3, 1),
    issuer: str = "UBND huyện Tân Yên",
    title: str = "Kết luận của Chủ tịch UBND huyện",
) -> DocumentHeader:
    return DocumentHeader(
        number=number,
        symbol="TB-UBND",
        doc_type="thong_bao",
        doc_type_name="Thông báo",
        issuer=issuer,
        place="Tân Yên",
        issued=issued,
        issued_text="Tân Yên, ngày 01 tháng 3 năm 2023",
        title=title,
        signer="Nguyễn Công Lực",
        signer_title="CHÁNH VĂN PHÒNG",
        authority="TL.",
        recipients=("Thường trực Huyện ủy", "Lưu: VT"),
    )


def item(
    place: str,
    quote: str,
    lead: tuple[str, ...] = ("Phòng Nội vụ huyện",),
    *,
    cooperate: tuple[str, ...] = (),
    due: date | None = None,
    task: str | None = None,
    deadline: Deadline | None = None,
) -> ExtractedAssignment:
    if deadline is None and due is not None:
        deadline = Deadline(due=due, text=f"trước ngày {due:%d/%m/%Y}")
    return ExtractedAssignment(
        lead=lead,
        cooperate=cooperate,
        task=task or quote,
        deadline=deadline,
        quote=quote,
        place=place,
    )


QUOTE_1 = "Giao Phòng Nội vụ huyện hoàn thiện Quy chế phối hợp nhiệm kỳ 2021 - 2025"
QUOTE_2 = "Phòng Tài chính - Kế hoạch huyện cân đối kinh phí thực hiện quy chế"
QUOTE_3 = "Ủy ban MTTQ huyện nắm bắt tình hình, diễn biến trong nhân dân"


def first_version() -> Extraction:
    return Extraction(
        header=header(),
        assignments=(
            item("1", QUOTE_1, cooperate=("Ủy ban MTTQ huyện",), due=date(2023, 3, 5)),
            item("2", QUOTE_2, ("Phòng Tài chính - Kế hoạch huyện",), due=date(2023, 3, 31)),
            item("3", QUOTE_3, ("Ủy ban MTTQ huyện",)),
        ),
    )


def text_of(extraction: Extraction) -> str:
    h = extraction.header
    lines = [h.issuer or "", h.number or "", f"{h.issued}", h.title or ""]
    return "\n".join(lines + [a.quote for a in extraction.assignments])


@pytest.fixture
def repo(session_factory: sessionmaker[Session]) -> SqlAlchemyDocumentRepository:
    repository = SqlAlchemyDocumentRepository(
        session_factory, UnitRegistry(UNITS), now=lambda: FIXED_NOW
    )
    _: DocumentRepository = repository  # mypy checks the class against the Protocol
    return repository


def save(
    repo: SqlAlchemyDocumentRepository,
    extraction: Extraction,
    *,
    name: str = "tb45.txt",
    status: str = "live",
) -> IngestOutcome:
    return repo.save_extraction(
        extraction,
        text_of(extraction),
        source_name=name,
        status=status,  # type: ignore[arg-type]
    )


# --- pure helpers ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "key"),
    [
        ("45/TB-UBND", "45/tb-ubnd"),
        ("Số: 05/TB-UBND", "5/tb-ubnd"),
        ("128/2025/QĐ-UBND", "128/2025/qd-ubnd"),
        ("/TB-UBND", "/tb-ubnd"),
        ("  ", None),
        (None, None),
    ],
)
def test_number_key_folds_spaces_accents_and_leading_zeros(
    written: str | None, key: str | None
) -> None:
    assert number_key(written) == key


def test_identity_needs_a_number_and_takes_the_year() -> None:
    assert identity_key(header()) == "ubnd huyen tan yen|45/tb-ubnd|2023"
    # a blank number: the same title from the same issuer on the same day is the same notice
    blank = identity_key(header(number="/TB-UBND"))
    assert blank == "ubnd huyen tan yen|/tb-ubnd|2023-03-01|ket luan cua chu tich ubnd huyen"
    assert identity_key(header(number="/TB-UBND", issued=None)) is None
    assert identity_key(header(number=None, title="")) is None
    undated_qppl = header(number="12/2024/QĐ-UBND", issued=None)
    assert identity_key(undated_qppl) == "ubnd huyen tan yen|12/2024/qd-ubnd|2024"


# --- create / unchanged / replaced ----------------------------------------------------------


def test_new_document_is_created_with_its_assignments(repo: SqlAlchemyDocumentRepository) -> None:
    outcome = save(repo, first_version())

    assert outcome.action == "created"
    assert [a.place for a in outcome.assignments_added] == ["1", "2", "3"]
    assert outcome.new_units == ()
    views = repo.list_assignments()
    assert [v.place for v in views] == ["1", "2", "3"]  # dated first, then undated
    first = views[0]
    assert isinstance(first, AssignmentView)
    assert first.document_number == "45/TB-UBND"
    assert first.document_issued == date(2023, 3, 1)
    assert first.lead_keys == ("phong_noi_vu",)
    assert first.cooperate_keys == ("ubmttq_huyen",)
    assert first.cooperate_names == ("Ủy ban MTTQ huyện",)  # as written, not the registry name
    assert first.deadline == Deadline(due=date(2023, 3, 5), text="trước ngày 05/03/2023")
    assert views[2].deadline is None
    with pytest.raises(dataclasses.FrozenInstanceError):
        first.task = "x"  # type: ignore[misc]

    document = repo.get_document(outcome.document_id)
    assert document is not None
    assert document.status == "live"
    assert document.assignment_count == 3
    assert document.recipients == ("Thường trực Huyện ủy", "Lưu: VT")
    assert document.ingested_at == FIXED_NOW
    assert document.ingested_at.tzinfo is not None
    assert document.source_format == "txt"


def test_the_same_file_again_is_unchanged_and_writes_nothing(
    repo: SqlAlchemyDocumentRepository,
) -> None:
    created = save(repo, first_version())
    before = repo.counts()

    again = save(repo, first_version(), name="renamed.txt")

    assert again.action == "unchanged"
    assert again.document_id == created.document_id
    assert again.assignments_added == ()
    assert repo.counts() == before
    assert some(repo.get_document(created.document_id)).source_name == "tb45.txt"


def test_bytes_decide_sameness_when_given(repo: SqlAlchemyDocumentRepository) -> None:
    extraction = first_version()
    first = repo.save_extraction(extraction, "text", source_name="a.docx", content=b"\x01bytes")
    same = repo.save_extraction(extraction, "other", source_name="b.docx", content=b"\x01bytes")

    assert first.action == "created"
    assert same.action == "unchanged"
    assert some(repo.get_document(first.document_id)).source_format == "docx"


def test_a_corrected_version_replaces_assignments_and_says_what_changed(
    repo: SqlAlchemyDocumentRepository,
) -> None:
    created = save(repo, first_version())
    ids = {a.place: a.id for a in created.assignments_added}
    corrected = Extraction(
        header=header(),
        assignments=(
            # item 1 unchanged; item 2 gets a new deadline; item 3 is dropped; item 4 is new
            item("1", QUOTE_1, cooperate=("Ủy ban MTTQ huyện",), due=date(2023, 3, 5)),
            item("2", QUOTE_2, ("Phòng Tài chính - Kế hoạch huyện",), due=date(2023, 4, 15)),
            item(
                "4", "Hội Nông dân huyện tuyên truyền nếp sống văn minh", ("Hội Nông dân huyện",)
            ),
        ),
    )

    outcome = save(repo, corrected, name="tb45-sua.txt")

    assert outcome.action == "replaced"
    assert outcome.replaced_document_id == created.document_id
    assert outcome.document_id != created.document_id
    assert outcome.assignments_unchanged == 1
    assert [(c.id, c.fields) for c in outcome.assignments_changed] == [(ids["2"], ("deadline",))]
    assert [(r.id, r.place) for r in outcome.assignments_removed] == [(ids["3"], "3")]
    assert [a.place for a in outcome.assignments_added] == ["4"]

    views = {v.place: v for v in repo.list_assignments()}
    assert sorted(views) == ["1", "2", "4"]
    assert views["1"].id == ids["1"]
    assert views["2"].id == ids["2"]
    assert some(views["2"].deadline).due == date(2023, 4, 15)
    assert {v.document_id for v in views.values()} == {outcome.document_id}

    removed = repo.get_assignment(ids["3"])
    assert removed is not None
    assert removed.status == "removed"
    old = repo.get_document(created.document_id)
    assert some(old).status == "replaced"
    assert some(old).replaced_by_id == outcome.document_id
    assert [d.id for d in repo.list_documents()] == [outcome.document_id]
    assert len(repo.list_documents(include_replaced=True)) == 2
    counts = repo.counts()
    assert (counts.documents, counts.documents_replaced, counts.assignments) == (1, 1, 3)


def test_ids_survive_a_correction_that_reorders_rewords_and_relabels_units(
    repo: SqlAlchemyDocumentRepository,
) -> None:
    created = save(repo, first_version())
    ids = {a.place: a.id for a in created.assignments_added}
    reworded_1 = QUOTE_1.replace("hoàn thiện", "khẩn trương hoàn thiện")
    corrected = Extraction(
        header=header(),
        assignments=(
            item("1", QUOTE_3, ("Ủy ban MTTQ huyện",)),  # old item 3, moved to the top
            # old item 2's place, its quote rewritten beyond recognition, another lead
            item("2", "Kinh phí do Phòng Nội vụ bố trí", ("Phòng Nội vụ",)),
            # old item 1, reworded and renumbered
            item("3", reworded_1, cooperate=("Ủy ban MTTQ huyện",), due=date(2023, 3, 5)),
        ),
    )

    outcome = save(repo, corrected, name="v2.txt")

    changed = {c.id: set(c.fields) for c in outcome.assignments_changed}
    assert changed == {
        ids["3"]: {"place"},
        ids["2"]: {"task", "quote", "lead", "deadline"},
        ids["1"]: {"task", "quote", "place"},
    }
    assert outcome.assignments_added == ()
    assert outcome.assignments_removed == ()
    views = repo.list_assignments()
    assert [(v.place, v.id) for v in views] == [("3", ids["1"]), ("1", ids["3"]), ("2", ids["2"])]
    assert views[2].lead_names == ("Phòng Nội vụ",)


def test_a_different_year_or_issuer_with_the_same_number_is_another_document(
    repo: SqlAlchemyDocumentRepository,
) -> None:
    save(repo, first_version())
    next_year = Extraction(header=header(issued=date(2024, 2, 1)), assignments=())
    other_issuer = Extraction(header=header(issuer="UBND huyện Yên Thế"), assignments=())

    assert save(repo, next_year, name="2024.txt").action == "created"
    assert save(repo, other_issuer, name="yt.txt").action == "created"
    assert repo.counts().documents == 3


def test_documents_with_a_blank_number_are_told_apart_by_title_and_date(
    repo: SqlAlchemyDocumentRepository,
) -> None:
    draft = Extraction(header=header(number="/TB-UBND"), assignments=first_version().assignments)
    other = Extraction(
        header=header(number="/TB-UBND", title="Kết luận về công tác khác"),
        assignments=(item("1", QUOTE_1),),
    )
    same_notice_again = Extraction(
        header=header(number="/TB-UBND"), assignments=first_version().assignments
    )

    assert save(repo, draft, name="a.txt").action == "created"
    assert save(repo, other, name="b.txt").action == "created"
    assert repo.counts().assignments == 4
    # the same notice as another file (say .docx after .txt) replaces, it does not double
    again = repo.save_extraction(
        same_notice_again,
        text_of(same_notice_again),
        source_name="a.docx",
        content=b"the same notice saved as another file",
    )
    assert again.action == "replaced"
    assert again.assignments_unchanged == 3
    assert repo.counts().assignments == 4


def test_the_sample_notice_is_stored_with_its_full_text(
    repo: SqlAlchemyDocumentRepository,
) -> None:
    text = SAMPLE.read_text(encoding="utf-8")
    quote = (
        "Giao phòng Nội vụ huyện tiếp thu ý kiến của các vị đại biểu, phối hợp với Ủy ban "
        "Mặt trận Tổ quốc, các tổ chức chính trị - xã hội huyện"
    )
    assert quote in text
    extraction = Extraction(
        header=header(number="/TB-UBND", issued=None),
        assignments=(
            item(
                "5",
                quote,
                ("phòng Nội vụ huyện",),
                cooperate=("Ủy ban Mặt trận Tổ quốc Việt Nam huyện", CTXH.name),
                due=date(2023, 3, 5),
            ),
        ),
    )
    document_text = DocumentText(blocks=tuple(text.split("\n\n")), source_format="txt")

    outcome = repo.save_extraction(
        extraction, document_text, source_name=SAMPLE.name, content=SAMPLE.read_bytes()
    )

    stored = repo.document_text(outcome.document_id)
    assert stored == document_text.plain_text()
    assert "Nguyễn Công Lực" in stored
    (view,) = repo.list_assignments(unit_key="phong_noi_vu")
    assert view.cooperate_keys == ("ubmttq_huyen", "cac_to_chuc_ctxh")
    assert view.document_number == "/TB-UBND"


# --- units ----------------------------------------------------------------------------------


def test_an_unknown_unit_is_created_once_and_reused(repo: SqlAlchemyDocumentRepository) -> None:
    first = Extraction(header=header(), assignments=(item("1", QUOTE_1, (UNKNOWN,)),))
    second = Extraction(
        header=header(number="46/TB-UBND"),
        assignments=(item("1", QUOTE_2, (UNKNOWN.upper(),), cooperate=(UNKNOWN,)),),
    )

    outcome_1 = save(repo, first, name="a.txt")
    outcome_2 = save(repo, second, name="b.txt")

    assert outcome_1.new_units == (UNKNOWN,)
    assert outcome_2.new_units == ()
    strays = [u for u in repo.list_units() if not u.registered]
    assert len(strays) == 1
    (stray,) = strays
    assert stray.name == UNKNOWN
    assert (stray.lead_count, stray.cooperate_count) == (2, 1)
    views = repo.list_assignments(unit_key=stray.key)
    assert [v.lead_names for v in views] == [(UNKNOWN,), (UNKNOWN.upper(),)]
    assert repo.list_units(include_unregistered=False) == [
        u for u in repo.list_units() if u.registered
    ]
    assert repo.counts().unregistered_units == 1


def test_names_resolve_through_registry_aliases(repo: SqlAlchemyDocumentRepository) -> None:
    extraction = Extraction(
        header=header(),
        assignments=(item("1", QUOTE_1, ("Phòng NV huyện",), cooperate=("ỦY BAN MTTQ HUYỆN",)),),
    )
    outcome = save(repo, extraction)

    assert outcome.new_units == ()
    (view,) = repo.list_assignments()
    assert view.lead_keys == ("phong_noi_vu",)
    assert view.lead_names == ("Phòng NV huyện",)
    assert view.cooperate_keys == ("ubmttq_huyen",)


def test_an_alias_added_later_resolves_later_documents(repo: SqlAlchemyDocumentRepository) -> None:
    repo.sync_units(UnitRegistry(UNITS))
    repo.add_alias("phong_tai_chinh_ke_hoach", "Phòng TC-KH")

    outcome = save(
        repo,
        Extraction(header=header(), assignments=(item("1", QUOTE_2, ("phòng tc-kh",)),)),
    )

    assert outcome.new_units == ()
    (view,) = repo.list_assignments(unit_key="phong_tai_chinh_ke_hoach")
    assert view.lead_names == ("phòng tc-kh",)
    reloaded = repo.registry_from_db().get("phong_tai_chinh_ke_hoach")
    assert reloaded is not None
    assert "Phòng TC-KH" in reloaded.aliases
    assert some(repo.registry.get("phong_tai_chinh_ke_hoach")).aliases == ("Phòng TC-KH",)


def test_an_alias_naming_an_unregistered_unit_merges_it(
    repo: SqlAlchemyDocumentRepository,
) -> None:
    outcome = save(
        repo, Extraction(header=header(), assignments=(item("1", QUOTE_1, (UNKNOWN,)),))
    )
    assignment_id = outcome.assignments_added[0].id

    repo.add_alias("phong_noi_vu", UNKNOWN)

    view = repo.get_assignment(assignment_id)
    assert some(view).lead_keys == ("phong_noi_vu",)
    assert some(view).lead_names == (UNKNOWN,)
    assert [u for u in repo.list_units() if not u.registered] == []


def test_an_alias_of_another_registered_unit_is_refused(
    repo: SqlAlchemyDocumentRepository,
) -> None:
    repo.sync_units(UnitRegistry(UNITS))

    with pytest.raises(StorageError) as refused:
        repo.add_alias("phong_noi_vu", "Phòng Tài chính - Kế hoạch huyện")
    assert refused.value.problem is StorageProblem.ALIAS_TAKEN
    with pytest.raises(StorageError) as unknown:
        repo.add_alias("khong_co", "Phòng X")
    assert unknown.value.problem is StorageProblem.UNIT_NOT_FOUND
    with pytest.raises(StorageError) as empty:
        repo.add_alias("phong_noi_vu", "  ")
    assert empty.value.problem is StorageProblem.ALIAS_EMPTY
    repo.add_alias("phong_noi_vu", "phòng nội vụ")  # already its alias: no error, no change
    assert some(repo.registry_from_db().get("phong_noi_vu")).aliases == NOI_VU.aliases


def test_merge_units_moves_links_and_aliases(
    repo: SqlAlchemyDocumentRepository, session_factory: sessionmaker[Session]
) -> None:
    extraction = Extraction(
        header=header(),
        assignments=(
            item("1", QUOTE_1, (UNKNOWN,), cooperate=("Phòng Nội vụ huyện",)),
            item("2", QUOTE_2, (UNKNOWN, "Phòng Nội vụ huyện")),  # both leads: links collapse
        ),
    )
    outcome = save(repo, extraction)
    stray_key = next(u.key for u in repo.list_units() if not u.registered)
    repo.add_alias(stray_key, "BQL dự án huyện")

    repo.merge_units(stray_key, "phong_noi_vu")

    first, second = (repo.get_assignment(a.id) for a in outcome.assignments_added)
    assert some(first).lead_keys == ("phong_noi_vu",)
    assert some(first).cooperate_keys == ("phong_noi_vu",)
    assert some(second).lead_keys == ("phong_noi_vu",)
    noi_vu = next(u for u in repo.list_units() if u.key == "phong_noi_vu")
    assert {"BQL dự án huyện", UNKNOWN} <= set(noi_vu.aliases)
    assert (noi_vu.lead_count, noi_vu.cooperate_count) == (2, 1)
    assert stray_key not in {u.key for u in repo.list_units()}
    assert repo.registry_from_db().get(stray_key) is None
    with session_factory() as session:
        stray = session.scalar(select(UnitRow).where(UnitRow.key == stray_key))
        assert some(stray).merged_into_id is not None
        links = session.scalar(select(func.count()).select_from(AssignmentUnitRow))
        assert links == 3
    # a later document naming the merged unit lands on the target
    later = Extraction(
        header=header(number="50/TB-UBND"), assignments=(item("1", QUOTE_3, ("BQL dự án huyện",)),)
    )
    later_outcome = save(repo, later, name="later.txt")
    assert later_outcome.new_units == ()
    assert some(repo.get_assignment(later_outcome.assignments_added[0].id)).lead_keys == (
        "phong_noi_vu",
    )
    # and the queries follow the merge when asked by the old key
    assert len(repo.list_assignments(unit_key=stray_key)) == 3
    with pytest.raises(StorageError) as same:
        repo.merge_units("phong_noi_vu", "phong_noi_vu")
    assert same.value.problem is StorageProblem.SAME_UNIT


def test_sync_units_upserts_and_absorbs_strays_the_registry_now_knows(
    repo: SqlAlchemyDocumentRepository,
) -> None:
    save(repo, Extraction(header=header(), assignments=(item("1", QUOTE_1, (UNKNOWN,)),)))
    first = repo.sync_units(UnitRegistry(UNITS))
    assert first.merged == 0
    assert first.added == len(UNITS)

    ban_qlda = Unit(key="ban_qlda", name=UNKNOWN, kind="ban", level="huyen")
    renamed = dataclasses.replace(NOI_VU, name="Phòng Nội vụ")
    result = repo.sync_units(UnitRegistry((renamed, MTTQ, TAI_CHINH, NONG_DAN, CTXH, ban_qlda)))

    assert (result.added, result.updated, result.merged) == (1, 1, 1)
    (view,) = repo.list_assignments(unit_key="ban_qlda")
    assert view.lead_names == (UNKNOWN,)
    assert repo.counts().unregistered_units == 0
    assert some(repo.registry_from_db().get("phong_noi_vu")).name == "Phòng Nội vụ"
    assert repo.registry.get("ban_qlda") is not None


def test_registry_from_db_keeps_groups_and_can_add_unregistered_units(
    repo: SqlAlchemyDocumentRepository,
) -> None:
    repo.sync_units(UnitRegistry(UNITS))
    save(repo, Extraction(header=header(), assignments=(item("1", QUOTE_1, (UNKNOWN,)),)))

    registry = repo.registry_from_db()

    assert some(registry.get("cac_to_chuc_ctxh")).members == ("hoi_nong_dan",)
    assert [u.key for u in registry.units()] == [u.key for u in UNITS]
    with_strays = repo.registry_from_db(include_unregistered=True)
    assert [u.name for u in with_strays.units() if not u.registered] == [UNKNOWN]


def test_registry_from_db_lists_a_merged_member_under_its_new_unit(
    repo: SqlAlchemyDocumentRepository,
) -> None:
    renamed = Unit(
        key="hoi_nong_dan_moi", name="Hội Nông dân Việt Nam huyện", kind="hoi", level="huyen"
    )
    repo.sync_units(UnitRegistry((*UNITS, renamed)))

    repo.merge_units("hoi_nong_dan", "hoi_nong_dan_moi")

    registry = repo.registry_from_db()
    assert some(registry.get("cac_to_chuc_ctxh")).members == ("hoi_nong_dan_moi",)
    assert registry.get("hoi_nong_dan") is None
    assert registry.resolve("Hội Nông dân huyện") is not None  # the old name is an alias now


# --- queries --------------------------------------------------------------------------------


@pytest.fixture
def filled(repo: SqlAlchemyDocumentRepository) -> SqlAlchemyDocumentRepository:
    save(repo, first_version(), name="45.txt")
    save_plan_and_review(repo)
    return repo


def save_plan_and_review(
    repo: SqlAlchemyDocumentRepository, cooperate: tuple[str, ...] = ("Hội Nông dân huyện",)
) -> None:
    """Save "07/KH-UBND" (a monthly report, a group's task, a task with a time and flags; its
    I.3 cooperated on by `cooperate`) and "9/CV-UBND" in review."""
    monthly = Deadline(
        due=None,
        text=None,
        recurrence=Recurrence(
            rule="FREQ=MONTHLY;BYMONTHDAY=20",
            text="trước ngày 20 hằng tháng",
            occurrences=(date(2023, 4, 20), date(2023, 5, 20)),
        ),
    )
    second = Extraction(
        header=header(number="07/KH-UBND", title="Kế hoạch tuyên truyền"),
        assignments=(
            item(
                "I.1",
                "Hội Nông dân huyện báo cáo hằng tháng",
                ("Hội Nông dân huyện",),
                deadline=monthly,
            ),
            item("I.2", "Các tổ chức CTXH vận động hội viên", (CTXH.name,), due=date(2023, 3, 10)),
            item(
                "I.3",
                "Phòng Nội vụ huyện tổng hợp trước 17 giờ",
                cooperate=cooperate,
                deadline=Deadline(
                    due=date(2023, 6, 30),
                    text="trước 17 giờ ngày 30/6/2023",
                    due_time=time(17, 0),
                    flags=frozenset({"weekend", "fuzzy"}),
                ),
            ),
        ),
    )
    save(repo, second, name="07.txt")
    review = Extraction(
        header=header(number="9/CV-UBND"),
        assignments=(item("1", "Phòng Nội vụ huyện rà soát biên chế", due=date(2023, 3, 2)),),
    )
    save(repo, review, name="09.txt", status="review")


def places(views: list[AssignmentView]) -> list[str]:
    return [v.place for v in views]


def test_list_by_unit_includes_cooperation_and_groups(
    filled: SqlAlchemyDocumentRepository,
) -> None:
    assert places(filled.list_assignments(unit_key="phong_noi_vu")) == ["1", "I.3"]
    assert places(filled.list_assignments(unit_key="hoi_nong_dan")) == ["I.2", "I.3", "I.1"]
    direct = filled.list_assignments(unit_key="hoi_nong_dan", include_groups=False)
    assert places(direct) == ["I.3", "I.1"]
    assert filled.list_assignments(unit_key="khong_co") == []


NUMBER_QUERIES = [
    ("45/TB-UBND", ["1", "2", "3"]),
    ("45/tb-ubnd", ["1", "2", "3"]),
    ("số 45", ["1", "2", "3"]),
    ("45", ["1", "2", "3"]),
    ("7", ["I.2", "I.3", "I.1"]),
    ("07/KH", ["I.2", "I.3", "I.1"]),
    ("46", []),
    ("45/KH-UBND", []),
]


def test_list_by_document_number_loosely(filled: SqlAlchemyDocumentRepository) -> None:
    found = {query: places(filled.list_assignments(document=query)) for query, _ in NUMBER_QUERIES}
    assert found == dict(NUMBER_QUERIES)


def test_list_by_due_dates_counts_recurring_occurrences(
    filled: SqlAlchemyDocumentRepository,
) -> None:
    assert places(filled.list_assignments(due_before=date(2023, 3, 10))) == ["1", "I.2"]
    assert places(filled.list_assignments(due_after=date(2023, 3, 31))) == ["2", "I.3", "I.1"]
    window = filled.list_assignments(due_after=date(2023, 5, 1), due_before=date(2023, 5, 31))
    assert places(window) == ["I.1"]
    assert some(window[0].recurrence).occurrences == (date(2023, 4, 20), date(2023, 5, 20))
    assert some(window[0].deadline).due is None
    assert filled.list_assignments(due_after=date(2023, 7, 1)) == []


def test_overdue_means_deadline_strictly_before_the_day(
    filled: SqlAlchemyDocumentRepository,
) -> None:
    assert places(filled.list_assignments(overdue_on=date(2023, 3, 5))) == []
    assert places(filled.list_assignments(overdue_on=date(2023, 3, 6))) == ["1"]
    assert places(filled.list_assignments(overdue_on=date(2023, 4, 1))) == ["1", "I.2", "2"]
    combined = filled.list_assignments(unit_key="phong_noi_vu", overdue_on=date(2023, 12, 31))
    assert places(combined) == ["1", "I.3"]


def test_documents_in_review_are_hidden_until_confirmed(
    filled: SqlAlchemyDocumentRepository,
) -> None:
    assert "rà soát" not in " ".join(v.task for v in filled.list_assignments())
    with_review = filled.list_assignments(include_review=True, limit=1)
    assert [v.document_status for v in with_review] == ["review"]
    review_id = with_review[0].document_id
    assert filled.counts().documents_review == 1

    assert filled.confirm_document(review_id) is True
    assert filled.confirm_document(review_id) is False
    assert filled.list_assignments(limit=1)[0].document_id == review_id
    with pytest.raises(StorageError) as missing:
        filled.confirm_document(10_000)
    assert missing.value.problem is StorageProblem.DOCUMENT_NOT_FOUND


def test_deadline_details_round_trip(filled: SqlAlchemyDocumentRepository) -> None:
    (view,) = filled.list_assignments(document="07", due_after=date(2023, 6, 1))
    assert view.deadline == Deadline(
        due=date(2023, 6, 30),
        text="trước 17 giờ ngày 30/6/2023",
        due_time=time(17, 0),
        flags=frozenset({"weekend", "fuzzy"}),
    )
    assert view.recurrence is None
    assert filled.get_assignment(10_000) is None
    assert filled.get_document(10_000) is None


def test_limit_and_counts(filled: SqlAlchemyDocumentRepository) -> None:
    assert len(filled.list_assignments(limit=2)) == 2
    counts = filled.counts()
    assert (counts.documents, counts.documents_review, counts.assignments) == (2, 1, 6)
    assert counts.units == 5
    assert [d.number for d in filled.list_documents()] == ["9/CV-UBND", "07/KH-UBND", "45/TB-UBND"]


def test_documents_are_listed_by_status_and_type(filled: SqlAlchemyDocumentRepository) -> None:
    review = filled.list_documents(status="review")
    assert len(review) == 1
    assert all(d.status == "review" for d in review)
    live = filled.list_documents(status="live")
    assert {d.number for d in live} | {d.number for d in review} == {
        "9/CV-UBND",
        "07/KH-UBND",
        "45/TB-UBND",
    }
    # the fixture's headers are all thông báo
    assert len(filled.list_documents(doc_type="thong_bao")) == 3
    assert filled.list_documents(doc_type="ke_hoach") == []
    assert filled.list_documents(status="live", doc_type="chi_thi") == []


# --- id-level reads for answering: facts to rank, counts, views of a page -------------------

FACT_FILTERS: list[tuple[AssignmentFilter, list[str]]] = [
    (AssignmentFilter(), ["1", "I.2", "2", "I.3", "3", "I.1"]),
    (AssignmentFilter(unit_keys=("hoi_nong_dan",)), ["I.2", "I.3", "I.1"]),
    (AssignmentFilter(unit_keys=("hoi_nong_dan",), include_groups=False), ["I.3", "I.1"]),
    (AssignmentFilter(unit_keys=("phong_tai_chinh_ke_hoach", "ubmttq_huyen")), ["1", "2", "3"]),
    (AssignmentFilter(document="07/KH"), ["I.2", "I.3", "I.1"]),
    (AssignmentFilter(document="45"), ["1", "2", "3"]),
    (AssignmentFilter(due_after=date(2023, 4, 1)), ["I.3", "I.1"]),
    (AssignmentFilter(due_after=date(2023, 5, 1), due_before=date(2023, 5, 31)), ["I.1"]),
    (AssignmentFilter(overdue_on=date(2023, 4, 1)), ["1", "I.2", "2"]),
    # "sắp đến hạn": the deadline itself, not the occurrences of a recurring one
    (AssignmentFilter(deadline_from=date(2023, 3, 10)), ["I.2", "2", "I.3"]),
    (AssignmentFilter(unit_keys=("phong_noi_vu",), overdue_on=date(2023, 3, 6)), ["1"]),
    (AssignmentFilter(include_review=True, overdue_on=date(2023, 3, 6)), ["1", "1"]),
]


@pytest.mark.parametrize(("where", "expected"), FACT_FILTERS)
def test_facts_and_counts_follow_the_filter_in_deadline_order(
    filled: SqlAlchemyDocumentRepository, where: AssignmentFilter, expected: list[str]
) -> None:
    facts = filled.find_assignment_facts(where)
    views = {v.id: v for v in filled.get_assignments([f.id for f in facts])}
    assert [views[f.id].place for f in facts] == expected
    assert filled.count_assignments(where) == len(expected)
    assert filled.count_assignments(where, cap=2) == min(2, len(expected))
    assert filled.find_assignment_facts(where, limit=1) == facts[:1]


def test_list_assignments_reads_as_the_facts_do(filled: SqlAlchemyDocumentRepository) -> None:
    for where, expected in FACT_FILTERS:
        if len(where.unit_keys) > 1 or where.deadline_from:
            continue  # list_assignments takes one unit and has no deadline_from
        listed = filled.list_assignments(
            unit_key=where.unit_keys[0] if where.unit_keys else None,
            document=where.document,
            due_before=where.due_before,
            due_after=where.due_after,
            overdue_on=where.overdue_on,
            include_review=where.include_review,
            include_groups=where.include_groups,
        )
        assert places(listed) == expected


def test_facts_say_what_the_views_say(filled: SqlAlchemyDocumentRepository) -> None:
    facts = filled.find_assignment_facts(AssignmentFilter(include_review=True))
    assert len(facts) == 7
    for f in facts:
        view = some(filled.get_assignment(f.id))
        assert (f.document_id, f.document_number, f.document_type) == (
            view.document_id,
            view.document_number,
            view.document_type,
        )
        assert (f.document_title, f.document_issuer, f.position) == (
            view.document_title,
            view.document_issuer,
            view.position,
        )
        assert (f.task, f.quote, f.status) == (view.task, view.quote, view.status)
        assert (f.lead_names, f.cooperate_names) == (view.lead_names, view.cooperate_names)
        assert (f.lead_keys, f.cooperate_keys) == (view.lead_keys, view.cooperate_keys)
        assert f.due == (view.deadline.due if view.deadline else None)
        assert f.occurrences == (view.recurrence.occurrences if view.recurrence else ())
        assert (f.task_folded, f.quote_folded) == (fold(view.task), fold(view.quote))
    assert filled.assignment_facts([facts[2].id, 10_000, facts[0].id]) == [facts[2], facts[0]]
    assert filled.assignment_facts([]) == []


def test_views_read_by_id_are_the_views_read_one_by_one(
    filled: SqlAlchemyDocumentRepository,
) -> None:
    # a correction removes item 3: a removed assignment is still read by id, and says so
    save(filled, dataclasses.replace(first_version(), assignments=first_version().assignments[:2]))
    ids = [f.id for f in filled.find_assignment_facts(AssignmentFilter(include_review=True))]
    removed = [i for i in range(1, 20) if (v := filled.get_assignment(i)) and v.status != "live"]
    assert removed
    wanted = [*reversed(ids), *removed, 10_000]
    views = filled.get_assignments(wanted)
    assert views == [some(filled.get_assignment(i)) for i in wanted[:-1]]
    recurring = [v for v in views if v.recurrence is not None]
    assert [v.recurrence.occurrences for v in recurring if v.recurrence] == [
        (date(2023, 4, 20), date(2023, 5, 20))
    ]
    assert any(v.deadline and v.deadline.due_time == time(17, 0) for v in views)


def test_a_bad_status_is_refused(repo: SqlAlchemyDocumentRepository) -> None:
    with pytest.raises(StorageError) as refused:
        save(repo, first_version(), status="replaced")
    assert refused.value.problem is StorageProblem.BAD_STATUS


def _statements(session_factory: sessionmaker[Session], word: str) -> list[str]:
    """The statements run from now on whose SQL names `word` (a table), as they are run."""
    seen: list[str] = []
    engine = session_factory.kw["bind"]

    @event.listens_for(engine, "before_cursor_execute")
    def _seen(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        if word in statement:
            seen.append(statement)

    return seen


def test_a_page_is_made_from_the_rows_ranking_read_in_the_same_scope(
    repo: SqlAlchemyDocumentRepository, session_factory: sessionmaker[Session]
) -> None:
    recurring = Deadline(
        due=None,
        text="hằng tháng",
        recurrence=Recurrence(rule="monthly", text="hằng tháng", occurrences=(date(2024, 5, 5),)),
        flags=frozenset({"recurring"}),
    )
    outcome = save(
        repo,
        Extraction(
            header=header(),
            assignments=(
                item("1", QUOTE_1, cooperate=("Hội Nông dân huyện",), due=date(2024, 6, 1)),
                item("2", QUOTE_2, deadline=recurring),
            ),
        ),
    )
    ids = [a.id for a in outcome.assignments_added]
    outside = repo.get_assignments(ids)
    postgres = session_factory.kw["bind"].dialect.name == "postgresql"
    with session_factory.reading():  # type: ignore[attr-defined]
        repo.assignment_facts(ids)
        views = _statements(session_factory, "FROM assignments")
        links = _statements(session_factory, "FROM assignment_units")
        inside = repo.get_assignments(ids)
        counted = (len(views), len(links))
        # an id the facts did not read is read (and one that is nowhere is left out)
        assert repo.get_assignments([10_000, *reversed(ids)]) == outside[::-1]
    assert inside == outside
    # on PostgreSQL the scope kept what a view needs with the facts, their units' links
    # among it: no second read of either (SQLite keeps nothing: it has no round trips to save)
    assert counted == ((0, 0) if postgres else (1, 1))


def test_unit_keys_follow_merges_and_are_looked_up_once_in_a_scope(
    repo: SqlAlchemyDocumentRepository, session_factory: sessionmaker[Session]
) -> None:
    repo.sync_units(UnitRegistry(UNITS))
    extraction = Extraction(
        header=header(),
        assignments=(
            item("1", QUOTE_1, ("Phòng Tài chính - Kế hoạch huyện",)),
            item("2", QUOTE_2, ("Hội Nông dân huyện",)),
        ),
    )
    first, second = (a.id for a in save(repo, extraction).assignments_added)
    repo.merge_units("phong_noi_vu", "phong_tai_chinh_ke_hoach")
    by_key = AssignmentFilter(unit_keys=("phong_noi_vu", "no_such_unit"))
    assert repo.find_assignment_ids(by_key) == [first]  # the unit it was merged into
    with session_factory() as session, session.begin():
        # a chain merge_units never leaves (it re-points earlier merges): followed all the same
        rows = {r.key: r for r in session.scalars(select(UnitRow))}
        rows["phong_tai_chinh_ke_hoach"].merged_into_id = rows["hoi_nong_dan"].id
    assert repo.find_assignment_ids(by_key) == [second]
    by_both = AssignmentFilter(unit_keys=("phong_tai_chinh_ke_hoach", "hoi_nong_dan"))
    assert repo.find_assignment_ids(by_both) == [second]
    with session_factory.reading():  # type: ignore[attr-defined]
        assert repo.find_assignment_ids(by_key) == [second]
        looked_up = _statements(session_factory, "FROM units")
        assert repo.find_assignment_ids(by_key, limit=1) == [second]
        assert repo.count_assignments(by_key) == 1
    postgres = session_factory.kw["bind"].dialect.name == "postgresql"
    # the reads join units; on PostgreSQL the keys were looked up (statements of their own)
    # only by the first read of the scope (SQLite keeps nothing: each read looks again)
    lookups = [s for s in looked_up if s.startswith("SELECT units.") and "CAST" not in s]
    assert (not lookups) == postgres


def test_a_documents_links_and_occurrences_are_inserted_in_one_statement_each(
    repo: SqlAlchemyDocumentRepository, session_factory: sessionmaker[Session]
) -> None:
    # psycopg runs an executemany as one INSERT per row, and PostgreSQL's statement-level
    # search trigger then rebuilt an assignment's index row once per link
    inserts: list[tuple[str, int]] = []  # (table, rows in its VALUES list) per statement run
    engine = session_factory.kw["bind"]

    @event.listens_for(engine, "before_cursor_execute")
    def _seen(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        table = statement.split()[2] if statement.startswith("INSERT INTO") else ""
        if table in ("assignment_units", "assignment_occurrences"):
            inserts.append((table, statement.count("), (") + 1))

    monthly = Deadline(
        due=None,
        text="hằng tháng",
        recurrence=Recurrence(
            rule="monthly", text="hằng tháng", occurrences=(date(2024, 5, 5), date(2024, 6, 5))
        ),
    )
    lead = ("Phòng Nội vụ huyện", "Hội Nông dân huyện")
    extraction = Extraction(
        header=header(),
        assignments=(
            item("1", QUOTE_1, lead, cooperate=("Phòng Tài chính - Kế hoạch huyện",)),
            item("2", QUOTE_2, lead, deadline=monthly),
        ),
    )
    outcome = save(repo, extraction)
    event.remove(engine, "before_cursor_execute", _seen)
    assert sorted(inserts) == [("assignment_occurrences", 2), ("assignment_units", 5)]
    first, second = (some(repo.get_assignment(a.id)) for a in outcome.assignments_added)
    assert first.cooperate_keys == ("phong_tai_chinh_ke_hoach",)
    assert len(first.lead_keys) == len(second.lead_keys) == 2
    assert some(second.recurrence).occurrences == (date(2024, 5, 5), date(2024, 6, 5))
