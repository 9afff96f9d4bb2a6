"""Input no message may break: control characters, NUL, lone surrogates, numbers past any id,
and a step that failed half way (on SQLite and PostgreSQL)."""

from __future__ import annotations

import io

from openpyxl import load_workbook
from sqlalchemy import text

from handlers import texts
from handlers.messages import ChatRef, Reply, Sender
from knowledge.progress import ProgressProblem, ProgressState
from tests.handlers.test_access import (
    ADMIN,
    ADMIN_CHAT,
    Office,
    elsewhere,
    office,
    press,
    say,
)

__all__ = ["office"]  # the fixture, shared with the access tests

HUGE = str(2**63)


def noi_vu_task(o: Office) -> int:
    (listing,) = say(o.router, "/viec Phòng Nội vụ", ADMIN_CHAT, ADMIN)
    return int(listing.buttons[0].callback.split(":")[1])


def member(o: Office, sender: Sender, chat: ChatRef, unit: str = "Phòng Nội vụ") -> None:
    """`sender` asks to join `unit` privately and the office approves."""
    request = elsewhere(say(o.router, f"/dangky {unit}", chat, sender))[0]
    press(o.router, request.buttons[0].callback, ADMIN_CHAT, ADMIN)


def no_failure(replies: list[Reply]) -> list[Reply]:
    assert all(r.title != texts.ROUTER_FAILED for r in replies), replies
    return replies


def test_nul_and_control_characters_are_cleaned_where_they_come_in(office: Office) -> None:
    # on PostgreSQL a NUL in a name failed every message of its sender
    sender = Sender("22", "Chị\x00 Lan\ud800")
    chat = ChatRef("telegram", "22")
    member(office, sender, chat)
    person = office.directory.person("telegram", "22")
    assert person is not None
    assert person.display_name == "Chị  Lan "

    assignment_id = noi_vu_task(office)
    typed = f"xong {assignment_id} theo báo cáo số 30/BC-NV\x01"
    (done,) = no_failure(say(office.router, typed, chat, sender))
    assert done.title.startswith(f"Đã ghi nhận việc {assignment_id}")
    snapshot = office.progress.current([assignment_id])[assignment_id]
    assert snapshot.state is ProgressState.DONE
    assert snapshot.latest is not None
    assert "\x01" not in snapshot.latest.note
    assert snapshot.latest.evidence_number == "30/BC-NV"

    # the note does not poison later reports
    for _ in range(2):
        _, workbook, chart = no_failure(say(office.router, "/baocao", ADMIN_CHAT, ADMIN))
        assert workbook.file is not None
        assert chart.file is not None
        load_workbook(io.BytesIO(workbook.file.content))
    (answer,) = no_failure(say(office.router, "đơn vị tôi được giao gì?\x00\udc00", chat, sender))
    assert answer.title != texts.ACCESS_REGISTER_FIRST


NUMBERS_TYPED = (
    f"/chitiet {HUGE}",
    f"/chitiet {'9' * 900}",
    f"chi tiết {HUGE}",
    f"xong {HUGE}",
    f"việc {'9' * 900} đã hoàn thành",
    f"/capnhat {HUGE} xong",
    f"xin gia hạn việc {HUGE} đến 20/3/2023",
    f"tiến độ thông báo {HUGE}",
    HUGE,
)
NUMBERS_PRESSED = (
    f"detail:{HUGE}",
    f"done:{HUGE}",
    f"blocked:{'9' * 5000}",
    f"extend:{2**64}",
    f"extok:{HUGE}",
    f"cfok:{HUGE}:-",
    f"cfno:{'9' * 5000}:2023-03-03",
    "approve:²",
    f"refuse:{HUGE}",
    f"bindok:{HUGE}",
    "docok:١٢",
    f"docedit:{HUGE}",
    f"editone:{HUGE}",
    f"editlead:{HUGE}",
    f"setlead:{HUGE}:phong-noi-vu",
    f"bind:{HUGE}",
    "more:" + "x" * 5000,
)


def test_a_number_past_any_id_is_no_such_task(office: Office) -> None:
    for typed in NUMBERS_TYPED:
        (reply,) = no_failure(say(office.router, typed, ADMIN_CHAT, ADMIN))
        assert reply.title, typed  # answered in words
    for callback in NUMBERS_PRESSED:
        (reply,) = no_failure(press(office.router, callback, ADMIN_CHAT, ADMIN))
        not_live = texts.progress_problem(
            ProgressProblem.ASSIGNMENT_NOT_LIVE.value, callback.split(":")[1]
        )
        assert reply.title in (texts.BUTTON_EXPIRED, texts.DOC_NOT_IN_REVIEW, not_live), callback


def test_a_step_that_failed_is_cleared_and_the_next_text_read_afresh(office: Office) -> None:
    sender = Sender("22", "Chị Lan")
    chat = ChatRef("telegram", "22")
    member(office, sender, chat)
    assignment_id = noi_vu_task(office)
    # the database refuses this reason (a real failure of the store, not a refusal by rule)
    with office.database.engine.begin() as connection:
        if connection.dialect.name == "sqlite":
            connection.execute(
                text(
                    "CREATE TRIGGER refuse_reason BEFORE INSERT ON progress_reports "
                    "WHEN NEW.reason LIKE '%kinh phí%' BEGIN SELECT RAISE(ABORT, 'no'); END"
                )
            )
        else:
            connection.execute(
                text(
                    "ALTER TABLE progress_reports ADD CONSTRAINT refuse_reason "
                    "CHECK (reason IS NULL OR reason NOT LIKE '%kinh phí%')"
                )
            )
    (ask,) = press(office.router, f"blocked:{assignment_id}", chat, sender)
    assert ask.title == texts.PROGRESS_ASK_REASON.format(id=assignment_id)
    (failed,) = say(office.router, "thiếu kinh phí", chat, sender)
    assert failed.title == texts.ROUTER_FAILED
    # the next, unrelated question is answered, not saved as the reason
    (answer,) = no_failure(say(office.router, "đơn vị tôi được giao gì?", chat, sender))
    assert "Phòng Nội vụ" in answer.text()
    assert office.progress.current([assignment_id]) == {}
