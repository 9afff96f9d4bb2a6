"""Leaders ask for progress in chat; units update by words; /baocao sends Excel and a chart."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date
from typing import Any

from openpyxl import load_workbook

from handlers import texts
from handlers.desks import RenderedReport
from handlers.leadership import read_capnhat, read_text_update
from knowledge.progress import ProgressState
from tests.handlers.test_access import (
    ADMIN,
    ADMIN_CHAT,
    CLERK,
    CLERK_CHAT,
    GROUP,
    Office,
    bind_group,
    office,
    press,
    say,
)

__all__ = ["office"]  # the fixture, shared with the access tests


def noi_vu_task(o: Office) -> int:
    (listing,) = say(o.router, "/viec Phòng Nội vụ", ADMIN_CHAT, ADMIN)
    return int(listing.buttons[0].callback.split(":")[1])


def test_progress_phrases_are_read_with_or_without_diacritics() -> None:
    done = read_text_update("Việc 12 đã hoàn thành theo báo cáo số 30/BC-NV")
    assert done is not None
    assert (done.kind, done.assignment_id) == ("done", 12)
    assert done.rest == "theo báo cáo số 30/BC-NV"
    assert read_text_update("xong 7") is not None
    extend = read_text_update("xin gia han viec 12 den 20/3 cho y kien So")
    assert extend is not None
    assert (extend.kind, extend.assignment_id) == ("extend", 12)
    blocked = read_text_update("việc 3 gặp vướng mắc về kinh phí")
    assert blocked is not None
    assert blocked.kind == "blocked"
    assert blocked.rest == "về kinh phí"
    assert read_text_update("Phòng Nội vụ được giao việc gì?") is None
    assert read_text_update("việc 12 hạn khi nào?") is None
    capnhat = read_capnhat("12 dang 50% đã họp tổ soạn thảo")
    assert capnhat is not None
    assert (capnhat.kind, capnhat.rest) == ("doing", "50% đã họp tổ soạn thảo")
    assert read_capnhat("12 lung tung") is None


def test_a_unit_reports_done_in_words_with_its_evidence(office: Office) -> None:
    assignment_id = noi_vu_task(office)
    bind_group(office, "Phòng Nội vụ")
    (reply,) = say(
        office.router, f"việc {assignment_id} đã hoàn thành theo báo cáo số 30/BC-NV", GROUP, CLERK
    )
    assert reply.title.startswith(f"Đã ghi nhận việc {assignment_id}")
    snapshot = office.progress.current([assignment_id])[assignment_id]
    assert snapshot.state is ProgressState.DONE
    assert snapshot.latest is not None
    assert snapshot.latest.evidence_number == "30/BC-NV"


def test_capnhat_and_extension_in_words(office: Office) -> None:
    assignment_id = noi_vu_task(office)
    bind_group(office, "Phòng Nội vụ")
    (usage,) = say(office.router, "/capnhat", GROUP, CLERK)
    assert usage.title == texts.CAPNHAT_USAGE
    (doing,) = say(office.router, f"/capnhat {assignment_id} dang 40% đã lấy ý kiến", GROUP, CLERK)
    assert "Đang thực hiện" in doing.title
    snapshot = office.progress.current([assignment_id])[assignment_id]
    assert snapshot.latest is not None
    assert snapshot.latest.percent == 40
    replies = say(
        office.router, f"xin gia hạn việc {assignment_id} đến 20/3/2023 chờ Sở", GROUP, CLERK
    )
    assert replies[0].title == texts.EXTEND_SENT.format(id=assignment_id, date="20/03/2023")
    assert any(r.to == ADMIN_CHAT for r in replies)


def test_another_units_assignment_cannot_be_updated_in_words(office: Office) -> None:
    assignment_id = noi_vu_task(office)
    bind_group(office, "Phòng Tư pháp")
    (refused,) = say(office.router, f"xong {assignment_id}", GROUP, CLERK)
    assert refused.title == texts.PROGRESS_NOT_YOURS.format(id=assignment_id)
    assert office.progress.current([assignment_id]) == {}
    history = office.progress.history(assignment_id)
    assert [entry.accepted for entry in history] == [False]


def test_leaders_get_progress_by_document_unit_and_period(office: Office) -> None:
    assignment_id = noi_vu_task(office)
    say(office.router, "/capquyen 2 lanhdao", ADMIN_CHAT, ADMIN)
    (by_document,) = say(office.router, "tiến độ thông báo", CLERK_CHAT, CLERK)
    assert by_document.title.startswith("Tiến độ")
    (everything,) = say(office.router, "/tiendo", CLERK_CHAT, CLERK)
    assert everything.title.startswith(f"Tiến độ {texts.PROGRESS_SCOPE_ALL} (tính đến 03/03/2023)")
    (unit,) = say(office.router, "tien do phong noi vu", CLERK_CHAT, CLERK)
    assert unit.title.startswith("Tiến độ Phòng Nội vụ")
    assert "Đang thực hiện trong hạn" in unit.text() or "Sắp đến hạn" in unit.text()
    (month,) = say(office.router, "tổng hợp tháng 3/2023", CLERK_CHAT, CLERK)
    assert "01/03/2023" in month.title
    (slowest,) = say(office.router, "đơn vị nào chậm nhất?", CLERK_CHAT, CLERK)
    assert slowest.title.startswith("Không đơn vị nào") or slowest.title.startswith("Đơn vị chậm")
    assert assignment_id > 0


def test_a_member_sees_only_their_own_units_progress(office: Office) -> None:
    bind_group(office, "Phòng Nội vụ")
    (own,) = say(office.router, "/tiendo", GROUP, CLERK)
    assert own.title.startswith("Tiến độ Phòng Nội vụ")
    (other,) = say(office.router, "/tiendo Phòng Tư pháp", GROUP, CLERK)
    assert other.title == texts.PROGRESS_LEADERS_ONLY
    (report,) = say(office.router, "/baocao", GROUP, CLERK)
    assert report.title == texts.PROGRESS_LEADERS_ONLY


def test_baocao_sends_a_workbook_and_a_chart_to_leaders(office: Office) -> None:
    summary, workbook, chart = say(office.router, "/baocao", ADMIN_CHAT, ADMIN)
    assert summary.title.startswith("Tiến độ")
    assert workbook.file is not None
    assert workbook.file.filename == "tien-do-20230303.xlsx"
    book = load_workbook(io.BytesIO(workbook.file.content))
    assert len(book.sheetnames) >= 3
    assert chart.file is not None
    assert chart.file.content.startswith(b"\x89PNG")
    # the chat remembers no buttons from files: a bare number is still a question
    (answer,) = press(office.router, "more", ADMIN_CHAT, ADMIN)
    assert answer.title


def test_a_task_reported_done_is_no_longer_overdue(office: Office) -> None:
    office.router.services.progress = office.progress
    assignment_id = noi_vu_task(office)
    (before,) = say(office.router, "việc nào quá hạn tính đến ngày 10/3/2023?", ADMIN_CHAT, ADMIN)
    assert f"detail:{assignment_id}" in [b.callback for b in before.buttons]
    bind_group(office, "Phòng Nội vụ")
    say(office.router, f"xong {assignment_id}", GROUP, CLERK)
    (after,) = say(office.router, "việc nào quá hạn tính đến ngày 10/3/2023?", ADMIN_CHAT, ADMIN)
    assert f"detail:{assignment_id}" not in [b.callback for b in after.buttons]
    (listing,) = say(office.router, "/viec Phòng Nội vụ", ADMIN_CHAT, ADMIN)
    assert "đã hoàn thành ngày 03/03/2023" in listing.text()


def test_the_office_decides_extensions_and_confirms_completions_from_choduyet(
    office: Office,
) -> None:
    from knowledge.progress import SqlProgressRepository

    # an office that confirms completions before they count
    strict = SqlProgressRepository(office.database.session_factory, require_confirmation=True)
    office.router.progress = strict
    assignment_id = noi_vu_task(office)
    bind_group(office, "Phòng Nội vụ")
    replies = say(office.router, f"xong {assignment_id} theo báo cáo số 30/BC-NV", GROUP, CLERK)
    asked = [r for r in replies if r.to == ADMIN_CHAT]
    assert len(asked) == 1
    assert "30/BC-NV" in asked[0].title
    say(office.router, f"xin gia hạn việc {assignment_id} đến 20/3/2023 chờ Sở", GROUP, CLERK)

    waiting = say(office.router, "/choduyet", ADMIN_CHAT, ADMIN)
    labels = [b.label for r in waiting for b in r.buttons]
    assert labels == [
        texts.EXTEND_APPROVE,
        texts.EXTEND_REFUSE,
        texts.CONFIRM_ACCEPT,
        texts.CONFIRM_REJECT,
    ]
    # a clerk cannot confirm; the attempt is audited
    (denied,) = press(office.router, waiting[1].buttons[0].callback, GROUP, CLERK)
    assert denied.title == texts.ACCESS_ADMIN_ONLY
    # on a platform without buttons the admin answers with numbers: 3 = Xác nhận hoàn thành
    confirmed = say(office.router, "3", ADMIN_CHAT, ADMIN)
    assert confirmed[0].title == texts.CONFIRM_DECIDED_ADMIN.format(
        decision=texts.CONFIRM_WORD_ACCEPTED, id=assignment_id
    )
    snapshot = strict.current([assignment_id])[assignment_id]
    assert snapshot.latest is not None
    assert snapshot.latest.counts_as_done
    refusals = [e for e in strict.history(assignment_id) if not e.accepted]
    assert [e.action for e in refusals] == ["confirm_completion"]


def test_progress_of_a_numbered_document_reads_the_documents_an_answer_reads(
    office: Office,
) -> None:
    from tests.handlers.test_access import upload

    (preview,) = upload(office)
    press(office.router, preview.buttons[0].callback, ADMIN_CHAT, ADMIN)  # Xác nhận
    (reply,) = say(office.router, "tiến độ thông báo 52", ADMIN_CHAT, ADMIN)
    assert reply.title.startswith("Tiến độ Thông báo 52/TB-UBND (tính đến 03/03/2023): 2 việc")
    (missing,) = say(office.router, "tiến độ thông báo 99", ADMIN_CHAT, ADMIN)
    assert missing.title == texts.PROGRESS_NO_DOCUMENT.format(document="thông báo 99")


def test_lateness_is_worded_in_working_days_or_as_just_late() -> None:
    assert texts.late_words(3) == "quá hạn 3 ngày làm việc"
    # due on a Friday, asked on the Sunday: late, but no working day has passed yet
    assert texts.late_words(0) == "vừa quá hạn"


def test_baocao_made_apart_says_and_sends_the_same(office: Office) -> None:
    desk = office.router.reports
    assert desk is not None
    calls: list[date] = []

    def files(today: date, **scope: Any) -> RenderedReport:
        calls.append(today)  # as bot.report_worker does, in this process
        report = desk.build(today, **scope)
        stripped = replace(report, rows=(), overdue=report.overdue[:5])
        return RenderedReport(stripped, desk.xlsx(report), desk.chart(report))

    here = say(office.router, "/baocao", ADMIN_CHAT, ADMIN)
    office.router.reports = replace(desk, files=files)
    apart = say(office.router, "/baocao", ADMIN_CHAT, ADMIN)
    assert calls
    assert [r.text() for r in apart] == [r.text() for r in here]
    assert [r.file.filename for r in apart if r.file] == [r.file.filename for r in here if r.file]
