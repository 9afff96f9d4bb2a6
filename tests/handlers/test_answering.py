"""Answering questions over stored assignments: the right ones first, nothing rather than wrong."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator
from datetime import date

import pytest

from handlers import answering
from handlers.answering import (
    GROUP_BY_DOCUMENT,
    GROUP_BY_LEAD,
    AskContext,
    Services,
    answer_text,
    group_header,
)
from knowledge.db import open_database
from knowledge.domain import (
    Deadline,
    DocumentHeader,
    ExtractedAssignment,
    Extraction,
)
from knowledge.repository import AssignmentView, SqlAlchemyDocumentRepository
from knowledge.search import SqlAssignmentSearch
from knowledge.units import UnitRegistry, example_units_path
from tests.handlers.notice_services import services_over

PLAN = """ỦY BAN NHÂN DÂN
HUYỆN ĐÔNG ANH
Số: 125/KH-UBND
Đông Anh, ngày 10 tháng 3 năm 2024
KẾ HOẠCH
Triển khai công tác chuyển đổi số năm 2024
III. TỔ CHỨC THỰC HIỆN
1. Phòng Văn hóa và Thông tin
- Chủ trì, phối hợp với các cơ quan, đơn vị triển khai Kế hoạch này; tổng hợp, báo cáo UBND huyện kết quả thực hiện trước ngày 15/12/2024.
- Hướng dẫn UBND các xã, thị trấn rà soát hạ tầng mạng; hoàn thành trong tháng 6/2024.
2. Phòng Tài chính - Kế hoạch: Tham mưu bố trí kinh phí thực hiện Kế hoạch.
3. UBND các xã, thị trấn xây dựng kế hoạch triển khai tại địa phương, gửi về Phòng Văn hóa và Thông tin trước ngày 30/4/2024.
Nơi nhận:
- Lưu: VT.
TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
Nguyễn Văn A
"""
NOTICE = """UBND HUYỆN ĐÔNG ANH
Số: 30/TB-UBND
Đông Anh, ngày 02 tháng 4 năm 2024
THÔNG BÁO
Kết luận của Chủ tịch UBND huyện về công tác phòng cháy, chữa cháy
1. Giao Phòng Nội vụ chủ trì, phối hợp với Công an huyện hoàn thiện quy chế phối hợp phòng cháy, chữa cháy tại công sở, hoàn thành trước ngày 20/4/2024.
2. Đề nghị Hội Liên hiệp Phụ nữ huyện tuyên truyền hội viên về an toàn điện trong gia đình.
Văn phòng HĐND và UBND huyện thông báo để các cơ quan, đơn vị biết, thực hiện./.
Nơi nhận:
- Lưu: VT.
"""


@pytest.fixture
def services(db_url: str) -> Iterator[Services]:
    with services_over(db_url, {"kh125.txt": PLAN, "tb30.txt": NOTICE}) as services:
        yield services


TODAY = date(2024, 4, 10)


def tasks(services: Services, question: str, **kw: object) -> list[str]:
    answer = answer_text(question, services, today=TODAY, **kw)  # type: ignore[arg-type]
    return [a.task for a in answer.assignments]


def test_a_named_unit_gets_its_own_tasks_with_and_without_diacritics(services: Services) -> None:
    for question in (
        "Phòng Văn hóa và Thông tin được giao việc gì?",
        "phong van hoa thong tin co viec j",
    ):
        found = tasks(services, question)
        assert len(found) == 2
        assert all("Phòng Văn hóa" not in t for t in found)


def test_a_unit_with_nothing_gets_an_honest_no(services: Services) -> None:
    answer = answer_text(
        "Hội Chữ thập đỏ huyện có được giao việc gì không?", services, today=TODAY
    )
    assert answer.assignments == ()
    assert "Không có việc nào" in answer.reply.text()


def test_an_unknown_unit_is_not_answered_with_the_closest_wrong_one(services: Services) -> None:
    answer = answer_text("Sở Ngoại vụ tỉnh phải làm gì?", services, today=TODAY)
    assert answer.assignments == ()


def test_overdue_as_of_a_stated_date(services: Services) -> None:
    found = tasks(services, "tính đến ngày 25/4/2024 việc nào quá hạn?")
    assert len(found) == 1
    assert "quy chế" in found[0]
    assert tasks(services, "tính đến ngày 1/4/2024 việc nào quá hạn?") == []


def test_due_in_a_month_and_a_topic_question(services: Services) -> None:
    assert len(tasks(services, "tháng 6/2024 có việc gì đến hạn?")) == 1
    found = tasks(services, "ai lo kinh phí chuyển đổi số?")
    assert found[0].startswith("Tham mưu bố trí kinh phí")


def test_the_deadline_of_a_topic_names_the_lead_and_date(services: Services) -> None:
    answer = answer_text("hạn hoàn thiện quy chế phòng cháy là ngày nào", services, today=TODAY)
    assert "20/04/2024" in answer.reply.text()
    assert "Phòng Nội vụ" in answer.reply.text()


def test_a_document_by_number(services: Services) -> None:
    assert len(tasks(services, "thông báo 30 giao những gì?")) == 2
    assert len(tasks(services, "KH 125/KH-UBND giao cho ai?")) == 4


PORTAL_ITEM = """Chấn chỉnh khai thác cát trái phép
Sáng nay, Chủ tịch UBND tỉnh đã ký công văn yêu cầu xử lý nghiêm khai thác cát trái phép.
Theo đó, công văn do ông Chủ tịch ký (số 2638) yêu cầu Công an tỉnh rà soát toàn bộ hồ sơ vụ việc.
"""


def test_a_bare_number_a_portal_item_writes_after_so_finds_its_document(db_url: str) -> None:
    with services_over(db_url, {"tin.txt": PORTAL_ITEM, "tb30.txt": NOTICE}) as services:
        assert tasks(services, "công văn 2638 yêu cầu gì?") == ["Rà soát toàn bộ hồ sơ vụ việc"]
        assert tasks(services, "công văn 263 yêu cầu gì?") == []  # another number


def test_the_cooperating_unit_is_told_its_role(services: Services) -> None:
    answer = answer_text("Công an huyện được giao gì?", services, today=TODAY)
    assert len(answer.assignments) == 1
    assert "phối hợp" in answer.reply.lines[0]


def test_follow_ups_page_and_quote(services: Services) -> None:
    first = answer_text("việc của phòng văn hóa và thông tin", services, today=TODAY)
    detail = answer_text("chi tiết 1", services, today=TODAY, context=first.context(None))
    assert first.assignments[0].quote in detail.reply.text()


def test_own_unit_needs_a_binding(services: Services) -> None:
    unbound = answer_text("đơn vị tôi được giao gì?", services, today=TODAY)
    assert unbound.assignments == ()
    assert "/dangky" in unbound.reply.text()
    key = services.registry.resolve("Phòng Nội vụ")
    assert key is not None
    bound = answer_text(
        "đơn vị tôi được giao gì?",
        services,
        today=TODAY,
        context=AskContext(own_unit_key=key.unit.key),
    )
    # its own task first, then the one it cooperates on through "các cơ quan, đơn vị"
    assert len(bound.assignments) == 2
    assert "Phòng Nội vụ" in bound.assignments[0].lead_names


@pytest.mark.parametrize("text", ["", "😀😀😀", "???", "a" * 5000, "ổ ẩ ỡ", "/"])
def test_odd_messages_get_a_reply_and_no_answer(services: Services, text: str) -> None:
    answer = answer_text(text, services, today=TODAY)
    assert answer.reply.text()


# --- long answers: grouped under short headers, counted, paged --------------------------------

NOI_VU, TU_PHAP, CONG_AN = "Phòng Nội vụ", "Phòng Tư pháp", "Công an huyện"
DOCUMENTS = (
    # (number, kind, kind name, issued, [(lead, task, due)])
    (
        "12/TB-UBND",
        "thong_bao",
        "Thông báo",
        date(2024, 1, 5),
        [
            (NOI_VU, "Rà soát vị trí việc làm", date(2024, 2, 1)),
            (NOI_VU, "Tổng hợp biên chế năm 2024", date(2024, 3, 10)),
            (TU_PHAP, "Thẩm định dự thảo quy chế", date(2024, 2, 15)),
        ],
    ),
    (
        "20/KH-UBND",
        "ke_hoach",
        "Kế hoạch",
        date(2024, 1, 10),
        [
            (NOI_VU, "Xây dựng đề án sắp xếp thôn", date(2024, 2, 5)),
            (NOI_VU, "Hướng dẫn bầu trưởng thôn", date(2024, 3, 1)),
            (TU_PHAP, "Tuyên truyền pháp luật về hòa giải", date(2024, 1, 20)),
            (CONG_AN, "Bảo đảm an ninh trật tự ngày bầu cử", date(2024, 2, 20)),
        ],
    ),
    (
        "31/UBND-VP",
        "cong_van",
        "Công văn",
        date(2024, 1, 15),
        [
            (NOI_VU, "Báo cáo công tác thi đua khen thưởng", date(2024, 2, 10)),
            (NOI_VU, "Kiện toàn hội đồng thi đua", date(2024, 4, 1)),
        ],
    ),
)
ASKED_ON = date(2024, 3, 15)


@pytest.fixture
def office(db_url: str) -> Iterator[Services]:
    """Three documents whose tasks fall to three units: answers longer than a page."""
    database = open_database(db_url)
    registry = UnitRegistry.from_file(example_units_path("huyen-truoc-2025"))
    repo = SqlAlchemyDocumentRepository(database.session_factory, registry)
    repo.sync_units(registry)
    for number, kind, kind_name, issued, tasks in DOCUMENTS:
        items = tuple(
            ExtractedAssignment(
                lead=(lead,),
                cooperate=(),
                task=task,
                deadline=Deadline(due=due, text=f"trước ngày {due:%d/%m/%Y}"),
                quote=f"Giao {lead} {task[0].lower()}{task[1:]}, xong trước ngày {due:%d/%m/%Y}.",
                place=str(k + 1),
            )
            for k, (lead, task, due) in enumerate(tasks)
        )
        header = DocumentHeader(
            number=number, doc_type=kind, doc_type_name=kind_name, issued=issued, title=number
        )
        extraction = Extraction(header=header, assignments=items)
        repo.save_extraction(extraction, "\n".join(a.quote for a in items), source_name=number)
    yield Services(
        repository=repo,
        registry=repo.registry_from_db(include_unregistered=True),
        search=SqlAssignmentSearch(database.session_factory),
    )
    database.dispose()


def numbered(reply_lines: Iterable[str]) -> list[str]:
    """The task of each numbered line, in the order shown."""
    return [line.split(". ", 1)[1].split(" — ")[0] for line in reply_lines if line[0].isdigit()]


def test_date_filters_are_applied_before_the_read_stops(
    office: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    # an office so large that one question reads (and scores) only two rows: they must be
    # rows that can answer, not the unit's two earliest deadlines
    monkeypatch.setattr(answering, "UNIT_READ_LIMIT", 2)
    monkeypatch.setattr(answering, "LIST_LIMIT", 2)
    monkeypatch.setattr(answering, "SCORE_LIMIT", 2)
    # "sắp đến hạn" within 15 working days of 15/3: to 05/4
    soon = dataclasses.replace(office, due_soon_days=15)
    upcoming = answer_text("phong noi vu co viec gi sap den han", soon, today=ASKED_ON)
    assert [a.task for a in upcoming.assignments] == ["Kiện toàn hội đồng thi đua"]
    march = answer_text(
        "Phòng Nội vụ có việc gì đến hạn trong tháng 3/2024?", office, today=ASKED_ON
    )
    assert [a.task for a in march.assignments] == [
        "Hướng dẫn bầu trưởng thôn",
        "Tổng hợp biên chế năm 2024",
    ]
    overdue = answer_text("Phòng Tư pháp còn việc gì quá hạn?", office, today=date(2024, 2, 1))
    assert [a.task for a in overdue.assignments] == ["Tuyên truyền pháp luật về hòa giải"]


def test_a_list_without_words_is_counted_and_paged_past_the_rows_scored(
    office: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    question = "Phòng Nội vụ được giao việc gì?"
    scored_all = answer_text(question, office, today=ASKED_ON)
    monkeypatch.setattr(answering, "SCORE_LIMIT", 2)
    scored_two = answer_text(question, office, today=ASKED_ON)
    # rows past those scored follow in deadline order: the same list, the same count
    assert scored_two.reply == scored_all.reply
    assert scored_two.context(None).last_ids == scored_all.context(None).last_ids
    assert scored_two.reply.title == "Phòng Nội vụ: 6 việc"


def test_a_list_longer_than_the_chat_keeps_says_how_many_and_how_to_narrow(
    office: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a store where one date question finds more than a chat keeps and more than is counted
    monkeypatch.setattr(answering, "LIST_LIMIT", 6)
    monkeypatch.setattr(answering, "COUNT_LIMIT", 7)
    answer = answer_text("việc nào quá hạn?", office, today=ASKED_ON)
    assert answer.reply.title == "Hơn 7 việc quá hạn tính đến ngày 15/03/2024:"
    assert answer.reply.footer == "Còn hơn 2 việc nữa: gõ «xem thêm»."
    assert len(answer.context(None).last_ids) == 6
    more = answer_text("xem thêm", office, today=ASKED_ON, context=answer.context(None))
    assert len(numbered(more.reply.lines)) == 1  # the sixth and last id the chat kept
    assert more.reply.lines[-1].startswith("6. ")
    assert more.reply.footer.startswith("Đã hiện 6 việc đầu trong hơn 7 việc.")
    assert all(b.callback != "more" for b in more.reply.buttons)
    again = answer_text("xem thêm", office, today=ASKED_ON, context=more.context(None))
    assert again.reply.title == more.reply.footer


def test_a_long_answer_groups_its_page_by_document(office: Services) -> None:
    answer = answer_text("Phòng Nội vụ được giao việc gì?", office, today=ASKED_ON)
    lines = answer.reply.lines
    assert answer.reply.title == "Phòng Nội vụ: 6 việc"
    # the five earliest deadlines, each document's lines together under its header, groups in
    # the order of their earliest line, deadline order inside each group
    assert lines == (
        "Theo Thông báo 12/TB-UBND ngày 05/01/2024:",
        "1. Rà soát vị trí việc làm — chủ trì — hạn 01/02/2024 (quá hạn 43 ngày) — mục 1",
        "2. Tổng hợp biên chế năm 2024 — chủ trì — hạn 10/03/2024 (quá hạn 5 ngày) — mục 2",
        "Theo Kế hoạch 20/KH-UBND ngày 10/01/2024:",
        "3. Xây dựng đề án sắp xếp thôn — chủ trì — hạn 05/02/2024 (quá hạn 39 ngày) — mục 1",
        "4. Hướng dẫn bầu trưởng thôn — chủ trì — hạn 01/03/2024 (quá hạn 14 ngày) — mục 2",
        "Theo Công văn 31/UBND-VP ngày 15/01/2024:",
        "5. Báo cáo công tác thi đua khen thưởng — chủ trì — hạn 10/02/2024 (quá hạn 34 ngày) — "
        "mục 1",
    )
    assert answer.reply.footer == "Còn 1 việc nữa: gõ «xem thêm»."
    # "chi tiết N" and the buttons follow the numbers shown
    assert [a.task for a in answer.assignments] == numbered(lines)
    assert [b.label for b in answer.reply.buttons][:5] == [f"Chi tiết {n}" for n in range(1, 6)]
    assert [b.callback for b in answer.reply.buttons][:5] == [
        f"detail:{a.id}" for a in answer.assignments
    ]
    detail = answer_text("chi tiết 2", office, today=ASKED_ON, context=answer.context(None))
    assert "Tổng hợp biên chế năm 2024" in detail.reply.title


def test_the_next_page_goes_on_numbering_under_its_headers(office: Services) -> None:
    first = answer_text("Phòng Nội vụ được giao việc gì?", office, today=ASKED_ON)
    more = answer_text("xem thêm", office, today=ASKED_ON, context=first.context(None))
    assert more.reply.lines == (
        "Theo Công văn 31/UBND-VP ngày 15/01/2024:",
        "6. Kiện toàn hội đồng thi đua — chủ trì — hạn 01/04/2024 (còn 17 ngày) — mục 2",
    )
    assert more.reply.footer == "Gõ «chi tiết N» để xem nguyên văn việc số N."
    detail = answer_text("chi tiết 6", office, today=ASKED_ON, context=more.context(None))
    assert "Kiện toàn hội đồng thi đua" in detail.reply.title


def test_an_overdue_list_groups_its_page_by_lead_unit(office: Services) -> None:
    answer = answer_text("việc nào quá hạn?", office, today=ASKED_ON)
    assert answer.reply.title == "8 việc quá hạn tính đến ngày 15/03/2024:"
    assert answer.reply.lines == (
        "Phòng Tư pháp chủ trì:",
        "1. Tuyên truyền pháp luật về hòa giải — hạn 20/01/2024 (quá hạn 55 ngày) — "
        "Kế hoạch 20/KH-UBND ngày 10/01/2024, mục 3",
        "2. Thẩm định dự thảo quy chế — hạn 15/02/2024 (quá hạn 29 ngày) — "
        "Thông báo 12/TB-UBND ngày 05/01/2024, mục 3",
        "Phòng Nội vụ chủ trì:",
        "3. Rà soát vị trí việc làm — hạn 01/02/2024 (quá hạn 43 ngày) — "
        "Thông báo 12/TB-UBND ngày 05/01/2024, mục 1",
        "4. Xây dựng đề án sắp xếp thôn — hạn 05/02/2024 (quá hạn 39 ngày) — "
        "Kế hoạch 20/KH-UBND ngày 10/01/2024, mục 1",
        "5. Báo cáo công tác thi đua khen thưởng — hạn 10/02/2024 (quá hạn 34 ngày) — "
        "Công văn 31/UBND-VP ngày 15/01/2024, mục 1",
    )
    assert answer.reply.footer == "Còn 3 việc nữa: gõ «xem thêm»."
    detail = answer_text("chi tiết 2", office, today=ASKED_ON, context=answer.context(None))
    assert "Thẩm định dự thảo quy chế" in detail.reply.title


def test_an_answer_of_one_page_or_one_document_is_not_grouped(office: Services) -> None:
    one_page = answer_text("Phòng Tư pháp được giao việc gì?", office, today=ASKED_ON)
    assert [line[0].isdigit() for line in one_page.reply.lines] == [True, True]
    assert "Kế hoạch 20/KH-UBND ngày 10/01/2024, mục 3" in one_page.reply.lines[0]
    one_document = answer_text("kế hoạch 20 giao những việc gì?", office, today=ASKED_ON)
    assert len(one_document.reply.lines) == 4
    assert all(line[0].isdigit() for line in one_document.reply.lines)


def test_a_page_whose_lines_share_nothing_is_not_headed(
    office: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    # three lines from three documents: headers would only add three lines
    monkeypatch.setattr(answering, "PAGE_SIZE", 3)
    answer = answer_text("Phòng Nội vụ được giao việc gì?", office, today=ASKED_ON)
    assert answer.reply.lines == (
        "1. Rà soát vị trí việc làm — chủ trì — hạn 01/02/2024 (quá hạn 43 ngày) — "
        "Thông báo 12/TB-UBND ngày 05/01/2024, mục 1",
        "2. Xây dựng đề án sắp xếp thôn — chủ trì — hạn 05/02/2024 (quá hạn 39 ngày) — "
        "Kế hoạch 20/KH-UBND ngày 10/01/2024, mục 1",
        "3. Báo cáo công tác thi đua khen thưởng — chủ trì — hạn 10/02/2024 (quá hạn 34 ngày) — "
        "Công văn 31/UBND-VP ngày 15/01/2024, mục 1",
    )


def view(**changes: object) -> AssignmentView:
    base = AssignmentView(
        id=1,
        document_id=1,
        document_number="/TB-UBND",
        document_type="thong_bao",
        document_type_name="Thông báo",
        document_title="Kết luận giao ban tháng 8",
        document_issued=date(2022, 8, 5),
        document_issuer="UBND xã",
        document_status="live",
        position=0,
        place="1",
        task="Rà soát hộ nghèo",
        quote="Các bản rà soát hộ nghèo.",
        lead_names=("các bản",),
        cooperate_names=(),
        lead_keys=("cac-ban",),
        cooperate_keys=(),
        deadline=None,
        recurrence=None,
        status="live",
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def test_headers_name_an_unnumbered_document_by_its_title_and_a_lead_capitalised() -> None:
    assert group_header(GROUP_BY_DOCUMENT, view()) == (
        "Theo Thông báo ngày 05/08/2022 «Kết luận giao ban tháng 8»:"
    )
    numbered_view = view(document_number="27/TB-UBND")
    assert group_header(GROUP_BY_DOCUMENT, numbered_view) == (
        "Theo Thông báo 27/TB-UBND ngày 05/08/2022:"
    )
    assert group_header(GROUP_BY_LEAD, view()) == "Các bản chủ trì:"
    assert group_header(GROUP_BY_LEAD, view(lead_names=())) == "Chưa rõ đơn vị chủ trì:"


def test_a_stored_document_that_gives_no_task_says_so(db_url: str) -> None:
    decision = (
        "ỦY BAN NHÂN DÂN\nTỈNH THANH HÓA\nSố: 346/QĐ-UBND\n"
        "Thanh Hóa, ngày 10 tháng 4 năm 2024\nQUYẾT ĐỊNH\n"
        "Về việc công nhận xã đạt chuẩn nông thôn mới năm 2023\n"
        "Căn cứ Luật Tổ chức chính quyền địa phương;\nQUYẾT ĐỊNH:\n"
        "Điều 1. Công nhận xã Hoằng Phú đạt chuẩn nông thôn mới năm 2023.\n"
        "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.\n"
    )
    with services_over(db_url, {"qd346.txt": decision}) as services:
        stored = answer_text("quyết định 346 giao việc gì?", services, today=date(2024, 4, 15))
        missing = answer_text("công văn 999 giao gì", services, today=date(2024, 4, 15))
    assert stored.assignments == ()
    assert stored.reply.text().startswith("Văn bản số 346 (và các văn bản nhắc đến số này)")
    assert missing.reply.text().startswith("Không tìm thấy văn bản số 999")
