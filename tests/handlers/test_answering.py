"""Answering questions over stored assignments: the right ones first, nothing rather than wrong."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from handlers.answering import AskContext, Services, answer_text
from knowledge.db import open_database
from knowledge.domain import DocumentText
from knowledge.pipeline import extract_text
from knowledge.repository import SqlAlchemyDocumentRepository
from knowledge.search import SqlAssignmentSearch
from knowledge.units import UnitRegistry, example_units_path

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
    database = open_database(db_url)
    registry = UnitRegistry.from_file(example_units_path("huyen-truoc-2025"))
    repo = SqlAlchemyDocumentRepository(database.session_factory, registry)
    repo.sync_units(registry)
    for name, text in (("kh125.txt", PLAN), ("tb30.txt", NOTICE)):
        doc = DocumentText(tuple(text.splitlines()), "txt")
        repo.save_extraction(extract_text(doc), doc, source_name=name)
    yield Services(
        repository=repo,
        registry=repo.registry_from_db(include_unregistered=True),
        search=SqlAssignmentSearch(database.session_factory),
    )
    database.dispose()


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
    assert len(bound.assignments) == 1


@pytest.mark.parametrize("text", ["", "😀😀😀", "???", "a" * 5000, "ổ ẩ ỡ", "/"])
def test_odd_messages_get_a_reply_and_no_answer(services: Services, text: str) -> None:
    answer = answer_text(text, services, today=TODAY)
    assert answer.reply.text()
