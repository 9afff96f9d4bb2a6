"""Questions beyond task lookups: social talk, off-topic talk, the due-soon window, aliases."""

from __future__ import annotations

import dataclasses
import io
import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from bot.cli import main
from handlers import texts
from handlers.answering import Services, answer_text
from tests.handlers.notice_services import services_over

NOTICE = """UBND HUYỆN ĐÔNG ANH
Số: 30/TB-UBND
Đông Anh, ngày 02 tháng 4 năm 2024
THÔNG BÁO
Kết luận của Chủ tịch UBND huyện về công tác phòng cháy, chữa cháy
1. Giao Phòng Nội vụ chủ trì, phối hợp với Công an huyện hoàn thiện quy chế phối hợp phòng cháy, chữa cháy tại công sở, hoàn thành trước ngày 19/4/2024.
2. Giao Phòng Tư pháp rà soát văn bản quy phạm pháp luật về đất đai, hoàn thành trước ngày 30/4/2024.
3. Đề nghị Hội Liên hiệp Phụ nữ huyện tuyên truyền hội viên về an toàn điện trong gia đình.
Văn phòng HĐND và UBND huyện thông báo để các cơ quan, đơn vị biết, thực hiện./.
"""
TODAY = date(2024, 4, 10)  # a Wednesday; 18/4/2024 is Giỗ Tổ Hùng Vương, a day off


@pytest.fixture
def services(db_url: str) -> Iterator[Services]:
    with services_over(db_url, {"tb30.txt": NOTICE}) as services:
        yield services


def ask(services: Services, question: str) -> tuple[str, list[str]]:
    answer = answer_text(question, services, today=TODAY)
    return answer.reply.title, [a.task for a in answer.assignments]


@pytest.mark.parametrize("text", ["cảm ơn 👍", "ok cảm ơn bot nhé", "👍", "tks", "Dạ vâng"])
def test_thanks_get_a_short_reply_and_no_task_list(services: Services, text: str) -> None:
    assert ask(services, text) == (texts.ANSWER_THANKS, [])


@pytest.mark.parametrize("text", ["bạn là ai?", "ban la ai vay", "bot tên gì"])
def test_who_are_you_is_answered_honestly(services: Services, text: str) -> None:
    assert ask(services, text) == (texts.ANSWER_ABOUT, [])


@pytest.mark.parametrize(
    "text", ["thời tiết hôm nay thế nào", "lịch thi đấu bóng đá tối nay", "giá vàng"]
)
def test_off_topic_talk_is_told_what_the_bot_answers(services: Services, text: str) -> None:
    assert ask(services, text) == (texts.ANSWER_OFF_TOPIC, [])


def test_a_bare_topic_still_finds_its_task(services: Services) -> None:
    title, found = ask(services, "quy chế phòng cháy chữa cháy")
    assert title != texts.ANSWER_OFF_TOPIC
    assert found
    assert "quy chế phối hợp phòng cháy" in found[0]
    # thanks that carry a task word are a question, not talk
    assert ask(services, "cảm ơn, việc quy chế phòng cháy hạn khi nào")[1]


def test_due_soon_means_the_configured_window_of_working_days(services: Services) -> None:
    # 3 working days after 10/4: 11, 12, 15/4: neither deadline is that close
    title, found = ask(services, "việc nào sắp đến hạn?")
    assert found == []
    assert title == texts.ANSWER_NONE_DUE_SOON.format(date="15/04/2024")
    # 6 working days (18/4 is a holiday): up to 19/4, the quy chế, not the 30/4 task
    wider = dataclasses.replace(services, due_soon_days=6)
    title, found = ask(wider, "viec nao sap den han")
    assert len(found) == 1
    assert "quy chế" in found[0]
    unit_title, unit_found = ask(wider, "phong tu phap co viec gi sap den han")
    assert unit_found == []
    assert "Phòng Tư pháp" in unit_title


def test_an_acronym_alias_given_by_the_office_names_its_unit_in_chat(services: Services) -> None:
    noi_vu = services.registry.resolve("Phòng Nội vụ")
    assert noi_vu is not None
    aliased = dataclasses.replace(
        services,
        registry=services.registry.with_alias(noi_vu.unit.key, "PNVH").with_alias(
            noi_vu.unit.key, "P.NVH"
        ),
    )
    for question in ("PNVH được giao gì?", "pnvh co viec gi", "P.NVH có việc gì"):
        title, found = ask(aliased, question)
        assert title.startswith("Phòng Nội vụ"), question
        assert any("quy chế" in t for t in found)
    # an alias that is a plain word is no name in a sentence
    worded = dataclasses.replace(
        services, registry=services.registry.with_alias(noi_vu.unit.key, "ban")
    )
    assert ask(worded, "bạn có việc gì không")[1] == []


def run(*argv: str | Path) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main([str(a) for a in argv], out=out, err=err)
    return code, out.getvalue() + err.getvalue()


def test_ask_answers_leaders_questions_as_the_chat_does(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'ask.db'}"
    source = tmp_path / "tb30.txt"
    source.write_text(NOTICE, encoding="utf-8")
    assert run("--db", db, "ingest", source)[0] == 0
    code, out = run("--db", db, "ask", "--today", "2024-04-25", "đơn vị nào chậm?")
    assert code == 0
    assert "Phòng Nội vụ" in out
    assert "quá hạn" in out
    code, out = run("--db", db, "ask", "--json", "--today", "2024-04-25", "tiến độ thông báo 30")
    assert code == 0
    reply = json.loads(out)["reply"]
    assert reply.startswith("Tiến độ")
    assert "Đang thực hiện quá hạn: 1" in reply
