"""Roles and bindings through the router: who may ask, bind, register, grant, ingest, confirm."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import partial

import pytest

from handlers import texts
from handlers.access import AccessPolicy
from handlers.answering import Services
from handlers.documents import DocumentDesk
from handlers.leadership import ReportDesk
from handlers.messages import Attachment, ChatKind, ChatRef, IncomingMessage, Reply, Sender
from handlers.report_files import report_chart_png, report_xlsx
from handlers.router import FixedClock, Router, parse_command
from knowledge.calendar import WorkCalendar
from knowledge.chats import ChatAddress, Registration, Role, SqlChatDirectory
from knowledge.db import Database, open_database
from knowledge.pipeline import load_and_extract
from knowledge.progress import ProgressState, SqlProgressRepository
from knowledge.reports import build_report
from knowledge.repository import SqlAlchemyDocumentRepository
from knowledge.review import SqlDocumentReview
from knowledge.search import SqlAssignmentSearch
from knowledge.units import UnitRegistry, example_units_path
from tests import documents

TODAY = date(2023, 3, 3)
NOW = datetime(2023, 3, 3, 2, 0, tzinfo=UTC)
ADMIN = Sender("1", "Văn phòng")
CLERK = Sender("2", "Chị Lan")
STRANGER = Sender("3", "Người lạ")
GROUP_ADMIN = Sender("4", "Trưởng nhóm", chat_admin=True)
ADMIN_CHAT = ChatRef("telegram", "1")
CLERK_CHAT = ChatRef("telegram", "2")
STRANGER_CHAT = ChatRef("telegram", "3")
GROUP = ChatRef("telegram", "-1001", ChatKind.GROUP)

# Written for these tests: two tasks, one per unit, with deadlines after TODAY.
UPLOAD = """UBND HUYỆN TÂN YÊN
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 52/TB-UBND
Tân Yên, ngày 01 tháng 3 năm 2023
THÔNG BÁO
Kết luận của Chủ tịch UBND huyện về công tác chuyển đổi số
1. Giao Phòng Văn hóa và Thông tin xây dựng kế hoạch tuyên truyền chuyển đổi số; hoàn thành \
trước ngày 20/3/2023.
2. Giao Phòng Tư pháp rà soát thủ tục hành chính trực tuyến toàn trình; hoàn thành trước ngày \
25/3/2023.
Nơi nhận:
- Như trên;
- Lưu: VT.
TL. CHỦ TỊCH
CHÁNH VĂN PHÒNG
Nguyễn Văn An
"""


@dataclass
class Office:
    router: Router
    directory: SqlChatDirectory
    services: Services
    progress: SqlProgressRepository
    database: Database


@pytest.fixture
def office(db_url: str) -> Iterator[Office]:
    database: Database = open_database(db_url)
    registry = UnitRegistry.from_file(example_units_path("huyen-truoc-2025"))
    repo = SqlAlchemyDocumentRepository(database.session_factory, registry)
    repo.sync_units(registry)
    repo = SqlAlchemyDocumentRepository(database.session_factory, repo.registry_from_db())
    loaded = load_and_extract(documents.SEED, issued=date(2023, 2, 28))
    repo.save_extraction(
        loaded.extraction, loaded.text, source_name="s00.txt", content=loaded.content
    )
    services = Services(
        repository=repo,
        registry=repo.registry_from_db(include_unregistered=True),
        search=SqlAssignmentSearch(database.session_factory),
    )
    directory = SqlChatDirectory(database.session_factory)
    directory.ensure_admins([("telegram", "1")])  # as bot.wiring does at start
    progress = SqlProgressRepository(database.session_factory)
    router = Router(
        services,
        clock=FixedClock(TODAY),
        directory=directory,
        access=AccessPolicy(office_admins=(("telegram", "1"),)),
        desk=DocumentDesk(review=SqlDocumentReview(database.session_factory)),
        progress=progress,
        now=lambda: NOW,
        reports=ReportDesk(
            build=partial(build_report, database.session_factory, WorkCalendar()),
            calendar=WorkCalendar(),
            xlsx=report_xlsx,
            chart=report_chart_png,
        ),
    )
    say(router, "/toi", ADMIN_CHAT, ADMIN)  # the admin has written to the bot privately
    try:
        yield Office(router, directory, services, progress, database)
    finally:
        database.dispose()


def say(
    router: Router,
    text: str,
    chat: ChatRef,
    sender: Sender,
    *,
    attachments: tuple[Attachment, ...] = (),
) -> list[Reply]:
    command, args = parse_command(text)
    return router.dispatch(
        IncomingMessage(
            chat,
            sender,
            text=text,
            command=command,
            args=args if command else "",
            attachments=attachments,
            mentions_bot=True,
        )
    )


def press(router: Router, callback: str, chat: ChatRef, sender: Sender) -> list[Reply]:
    return router.dispatch(IncomingMessage(chat, sender, callback=callback))


def bind_group(o: Office, unit: str, chat: ChatRef = GROUP, by: Sender = GROUP_ADMIN) -> None:
    """The group asks to be bound to `unit` and the office approves."""
    (request,) = elsewhere(say(o.router, f"/dangky {unit}", chat, by))
    (approved, told) = press(o.router, request.buttons[0].callback, ADMIN_CHAT, ADMIN)
    assert approved.title.startswith("Đã duyệt"), approved
    assert told.to == chat


def here(replies: list[Reply]) -> list[Reply]:
    return [r for r in replies if r.to is None]


def elsewhere(replies: list[Reply]) -> list[Reply]:
    return [r for r in replies if r.to is not None]


def test_a_stranger_is_asked_to_register_before_questions_are_answered(office: Office) -> None:
    for text in ("Phòng Nội vụ được giao việc gì?", "/viec Phòng Nội vụ", "/quahan"):
        (reply,) = say(office.router, text, STRANGER_CHAT, STRANGER)
        assert reply.title == texts.ACCESS_REGISTER_FIRST
    (help_reply,) = say(office.router, "/trogiup", STRANGER_CHAT, STRANGER)
    assert help_reply.title == texts.HELP_TITLE


def test_private_registration_waits_for_an_admin_then_questions_work(office: Office) -> None:
    replies = say(office.router, "/dangky Phòng Nội vụ", CLERK_CHAT, CLERK)
    (ack,) = here(replies)
    assert ack.title == texts.REGISTER_SENT.format(unit="Phòng Nội vụ")
    (request,) = elsewhere(replies)
    assert request.to == ADMIN_CHAT
    assert "Chị Lan" in request.title
    approve = request.buttons[0].callback
    assert approve.startswith("approve:")

    (pending,) = say(office.router, "đơn vị tôi được giao gì?", CLERK_CHAT, CLERK)
    assert pending.title == texts.ACCESS_PENDING.format(unit="Phòng Nội vụ")

    # someone else cannot approve, even by pressing the same button data
    (refused,) = press(office.router, approve, STRANGER_CHAT, STRANGER)
    assert refused.title == texts.ACCESS_ADMIN_ONLY

    decided = press(office.router, approve, ADMIN_CHAT, ADMIN)
    assert here(decided)[0].title.startswith("Đã duyệt")
    (told,) = elsewhere(decided)
    assert told.to == CLERK_CHAT
    assert told.title == texts.REGISTER_APPROVED_USER.format(unit="Phòng Nội vụ")
    again = press(office.router, approve, ADMIN_CHAT, ADMIN)
    assert again[0].title == texts.REGISTER_NOT_PENDING

    (answer,) = say(office.router, "đơn vị tôi được giao gì?", CLERK_CHAT, CLERK)
    assert "Quy chế" in answer.text() or "quy chế" in answer.text()
    assert office.directory.chats_for_unit("phong-noi-vu") == [ChatAddress("telegram", "2")]


def test_a_refused_registration_is_told_and_answers_stay_closed(office: Office) -> None:
    replies = say(office.router, "/dangky Phòng Nội vụ", CLERK_CHAT, CLERK)
    refuse = elsewhere(replies)[0].buttons[1].callback
    decided = press(office.router, refuse, ADMIN_CHAT, ADMIN)
    assert elsewhere(decided)[0].title == texts.REGISTER_REFUSED_USER.format(unit="Phòng Nội vụ")
    (reply,) = say(office.router, "/viec", CLERK_CHAT, CLERK)
    assert reply.title == texts.ACCESS_REGISTER_FIRST


def test_a_group_is_bound_only_once_the_office_approves(office: Office) -> None:
    # any member may ask (on Telegram anyone who creates a group is its admin): nothing changes
    # until the office decides
    replies = say(office.router, "/dangky Phòng Nội vụ", GROUP, CLERK)
    (sent,) = here(replies)
    assert sent.title == texts.BIND_GROUP_SENT.format(unit="Phòng Nội vụ")
    (request,) = elsewhere(replies)
    assert request.to == ADMIN_CHAT
    assert "telegram:-1001" in request.title
    assert "Chị Lan" in request.title
    approve, refuse = (b.callback for b in request.buttons)
    assert approve.startswith("bindok:")
    assert refuse.startswith("bindno:")

    address = ChatAddress("telegram", "-1001")
    assert office.directory.binding(address) is None
    assert office.directory.chats_for_unit("phong-noi-vu") == []
    (waiting,) = say(office.router, "việc nào quá hạn?", GROUP, CLERK)
    assert waiting.title == texts.ACCESS_GROUP_PENDING.format(unit="Phòng Nội vụ")
    (whoami,) = say(office.router, "/toi", GROUP, CLERK)
    assert "Phòng Nội vụ (chờ duyệt)" in whoami.title
    # asking again does not ask the office again
    (again,) = say(office.router, "/dangky Phòng Nội vụ", GROUP, GROUP_ADMIN)
    assert again.title == texts.BIND_GROUP_WAITING.format(unit="Phòng Nội vụ")
    (listed,) = say(office.router, "/choduyet", ADMIN_CHAT, ADMIN)
    assert listed.buttons == request.buttons

    # only the office decides, whoever presses the same button data
    for who, chat in ((CLERK, GROUP), (GROUP_ADMIN, GROUP), (CLERK, CLERK_CHAT)):
        (denied,) = press(office.router, approve, chat, who)
        assert denied.title == texts.ACCESS_ADMIN_ONLY
    assert office.directory.binding(address) is None

    decided = press(office.router, approve, ADMIN_CHAT, ADMIN)
    assert here(decided)[0].title == texts.BIND_GROUP_APPROVED_ADMIN.format(
        group="-1001", unit="Phòng Nội vụ"
    )
    (told,) = elsewhere(decided)
    assert told.to == GROUP
    assert told.title == texts.BIND_GROUP_APPROVED_GROUP.format(unit="Phòng Nội vụ")
    binding = office.directory.binding(address)
    assert binding is not None
    assert (binding.unit_key, binding.bound_by) == ("phong-noi-vu", "telegram:1")
    assert office.directory.chats_for_unit("phong-noi-vu") == [address]
    (twice,) = press(office.router, approve, ADMIN_CHAT, ADMIN)
    assert twice.title == texts.BIND_REQUEST_NOT_PENDING

    # any member of the bound group now speaks for the unit; unbinding is for group admins
    (answer,) = say(office.router, "đơn vị mình có việc gì?", GROUP, CLERK)
    assert "Phòng Nội vụ" in answer.text()
    (no_unbind,) = say(office.router, "/huydangky", GROUP, CLERK)
    assert no_unbind.title == texts.UNBIND_GROUP_DENIED
    (no_rebind,) = say(office.router, "/dangky Phòng Tư pháp", GROUP, CLERK)
    assert no_rebind.title == texts.BIND_GROUP_ALREADY.format(unit="Phòng Nội vụ")

    # the trail: who asked, who was refused, who decided
    trail = [
        (r.action, r.user_id, r.accepted, r.refusal) for _, r in office.directory.access_trail()
    ]
    assert ("request_binding", "2", True, None) in trail
    assert ("decide_binding", "2", False, "not_office_admin") in trail
    assert ("decide_binding", "4", False, "not_office_admin") in trail
    assert ("decide_binding", "1", True, None) in trail
    assert ("unbind_group", "2", False, "not_group_admin") in trail
    assert ("request_binding", "2", False, "already_bound") in trail


def test_a_self_bound_group_cannot_act_for_another_unit(office: Office) -> None:
    # the attack: make a group, /dangky it to a unit, mark that unit's task done
    (listing,) = say(office.router, "/viec Phòng Nội vụ", ADMIN_CHAT, ADMIN)
    assignment_id = int(listing.buttons[0].callback.split(":")[1])
    say(office.router, "/dangky Phòng Nội vụ", GROUP, GROUP_ADMIN)
    for text in (f"xong {assignment_id}", f"/capnhat {assignment_id} xong"):
        (refused,) = say(office.router, text, GROUP, CLERK)
        assert refused.title == texts.ACCESS_GROUP_PENDING.format(unit="Phòng Nội vụ")
    (pressed,) = press(office.router, f"done:{assignment_id}", GROUP, CLERK)
    assert pressed.title == texts.PROGRESS_NOT_YOURS.format(id=assignment_id)
    assert office.progress.current([assignment_id]) == {}


def test_a_refused_request_is_told_to_the_group_and_binds_nothing(office: Office) -> None:
    (request,) = elsewhere(say(office.router, "/dangky Phòng Nội vụ", GROUP, CLERK))
    decided = press(office.router, request.buttons[1].callback, ADMIN_CHAT, ADMIN)
    assert here(decided)[0].title == texts.BIND_GROUP_REFUSED_ADMIN.format(
        group="-1001", unit="Phòng Nội vụ"
    )
    assert elsewhere(decided)[0].title == texts.BIND_GROUP_REFUSED_GROUP.format(
        unit="Phòng Nội vụ"
    )
    assert office.directory.binding(ChatAddress("telegram", "-1001")) is None
    (closed,) = say(office.router, "việc nào quá hạn?", GROUP, CLERK)
    assert closed.title == texts.ACCESS_GROUP_NOT_BOUND
    # a request for another unit replaces a pending one; a group admin may withdraw it
    say(office.router, "/dangky Phòng Tư pháp", GROUP, CLERK)
    (other,) = elsewhere(say(office.router, "/dangky Phòng Nội vụ", GROUP, CLERK))
    pending = office.directory.binding_requests()
    assert [r.unit_key for r in pending] == ["phong-noi-vu"]
    (withdrawn,) = say(office.router, "/huydangky", GROUP, GROUP_ADMIN)
    assert withdrawn.title == texts.UNBIND_REQUEST_WITHDRAWN.format(unit="Phòng Nội vụ")
    (late,) = press(office.router, other.buttons[0].callback, ADMIN_CHAT, ADMIN)
    assert late.title == texts.BIND_REQUEST_NOT_PENDING
    assert office.directory.binding(ChatAddress("telegram", "-1001")) is None


def test_the_office_binds_a_group_itself(office: Office) -> None:
    (bound,) = say(office.router, "/dangky Phòng Nội vụ", GROUP, ADMIN)
    assert bound.title == texts.BIND_GROUP_DONE.format(unit="Phòng Nội vụ")
    assert office.directory.chats_for_unit("phong-noi-vu") == [ChatAddress("telegram", "-1001")]


def test_a_fuzzy_bind_offers_buttons_that_ask_the_office(office: Office) -> None:
    (offer,) = say(office.router, "/dangky phong tai chinh", GROUP, GROUP_ADMIN)
    assert offer.buttons
    callback = offer.buttons[0].callback
    replies = press(office.router, callback, GROUP, CLERK)
    assert here(replies)[0].title.startswith("Đã gửi yêu cầu gắn nhóm này")
    assert office.directory.binding(ChatAddress("telegram", "-1001")) is None
    (request,) = elsewhere(replies)
    press(office.router, request.buttons[0].callback, ADMIN_CHAT, ADMIN)
    assert office.directory.binding(ChatAddress("telegram", "-1001")) is not None


def test_roles_are_granted_only_by_the_office(office: Office) -> None:
    say(office.router, "/toi", CLERK_CHAT, CLERK)
    (denied,) = say(office.router, "/capquyen telegram:2 lanhdao", CLERK_CHAT, CLERK)
    assert denied.title == texts.ACCESS_ADMIN_ONLY
    clerk = office.directory.person("telegram", "2")
    assert clerk is not None
    assert clerk.role is None

    replies = say(office.router, "/capquyen 2 lanhdao", ADMIN_CHAT, ADMIN)
    assert here(replies)[0].title.startswith("Đã đặt vai trò")
    assert elsewhere(replies)[0].to == CLERK_CHAT
    leader = office.directory.person("telegram", "2")
    assert leader is not None
    assert leader.role is Role.LEADER
    # a leader may ask without belonging to a unit
    (answer,) = say(office.router, "việc nào quá hạn tính đến ngày 10/3/2023?", CLERK_CHAT, CLERK)
    assert "quá hạn" in answer.text()

    (usage,) = say(office.router, "/capquyen 2 vua", ADMIN_CHAT, ADMIN)
    assert usage.title == texts.GRANT_USAGE
    (own,) = say(office.router, "/capquyen 1 bo", ADMIN_CHAT, ADMIN)
    assert own.title == texts.GRANT_SELF
    (whoami,) = say(office.router, "/toi", CLERK_CHAT, CLERK)
    assert "telegram:2" in whoami.title
    assert "lãnh đạo" in whoami.title


def test_configured_admins_cannot_be_locked_out_by_the_database(office: Office) -> None:
    admin = office.directory.person("telegram", "1")
    assert admin is not None
    office.directory.set_role(admin.id, None)
    (reply,) = say(office.router, "/choduyet", ADMIN_CHAT, ADMIN)
    assert reply.title == texts.PENDING_NONE


def upload(office: Office, sender: Sender = ADMIN) -> list[Reply]:
    attachment = Attachment("tb52.txt", UPLOAD.encode("utf-8"))
    return say(
        office.router,
        "",
        ADMIN_CHAT if sender is ADMIN else CLERK_CHAT,
        sender,
        attachments=(attachment,),
    )


def test_only_the_office_sends_documents(office: Office) -> None:
    (refused,) = upload(office, CLERK)
    assert refused.title == texts.DOC_ONLY_ADMINS.format(filename="tb52.txt")
    assert all(d.number != "52/TB-UBND" for d in office.services.repository.list_documents())


def test_an_uploaded_document_is_live_only_once_confirmed(office: Office) -> None:
    (preview,) = upload(office)
    assert preview.title.startswith("Văn bản chờ xác nhận: Thông báo 52/TB-UBND")
    assert len(preview.lines) == 2
    assert "Phòng Tư pháp" in preview.lines[1]
    labels = [b.label for b in preview.buttons]
    assert labels == [texts.DOC_CONFIRM, texts.DOC_EDIT, texts.DOC_DISCARD]

    # not answered before confirmation
    (before,) = say(office.router, "Phòng Tư pháp được giao việc gì?", ADMIN_CHAT, ADMIN)
    assert "thủ tục hành chính" not in before.text()
    (member_press,) = press(office.router, preview.buttons[0].callback, CLERK_CHAT, CLERK)
    assert member_press.title == texts.ACCESS_ADMIN_ONLY

    (duplicate,) = upload(office)
    assert duplicate.title == texts.DOC_DUPLICATE.format(filename="tb52.txt", number="52/TB-UBND")

    (confirmed,) = press(office.router, preview.buttons[0].callback, ADMIN_CHAT, ADMIN)
    assert confirmed.title.startswith("Đã xác nhận Thông báo 52/TB-UBND: 2 việc")
    (after,) = say(office.router, "Phòng Tư pháp được giao việc gì?", ADMIN_CHAT, ADMIN)
    assert "thủ tục hành chính" in after.text()
    (twice,) = press(office.router, preview.buttons[0].callback, ADMIN_CHAT, ADMIN)
    assert twice.title == texts.DOC_NOT_IN_REVIEW


def test_the_office_edits_lead_and_deadline_before_confirming(office: Office) -> None:
    (preview,) = upload(office)
    (pick,) = press(office.router, preview.buttons[1].callback, ADMIN_CHAT, ADMIN)
    assert [b.label for b in pick.buttons] == ["Việc 1", "Việc 2"]
    (fields,) = press(office.router, pick.buttons[1].callback, ADMIN_CHAT, ADMIN)
    (ask_lead,) = press(office.router, fields.buttons[0].callback, ADMIN_CHAT, ADMIN)
    assert ask_lead.title == texts.DOC_ASK_LEAD.format(n=2)
    # the next text is the value, on the numbered-choice-free path
    edited, shown = say(office.router, "Phòng Nội vụ", ADMIN_CHAT, ADMIN)
    assert edited.title == texts.DOC_EDITED.format(n=2)
    assert "[Phòng Nội vụ huyện]" in shown.lines[1] or "[Phòng Nội vụ" in shown.lines[1]

    (fields,) = press(office.router, pick.buttons[0].callback, ADMIN_CHAT, ADMIN)
    press(office.router, fields.buttons[1].callback, ADMIN_CHAT, ADMIN)
    (bad,) = say(office.router, "mai kia", ADMIN_CHAT, ADMIN)
    assert bad.title == texts.DOC_BAD_DEADLINE.format(value="mai kia")
    edited, shown = say(office.router, "trước ngày 31/3/2023", ADMIN_CHAT, ADMIN)
    assert "31/03/2023" in shown.lines[0]

    press(office.router, preview.buttons[0].callback, ADMIN_CHAT, ADMIN)
    (answer,) = say(office.router, "/viec Phòng Nội vụ", ADMIN_CHAT, ADMIN)
    assert "thủ tục hành chính" in answer.text()


def test_a_discarded_document_leaves_nothing(office: Office) -> None:
    (preview,) = upload(office)
    (denied,) = press(office.router, preview.buttons[2].callback, CLERK_CHAT, CLERK)
    assert denied.title == texts.ACCESS_ADMIN_ONLY
    (gone,) = press(office.router, preview.buttons[2].callback, ADMIN_CHAT, ADMIN)
    assert gone.title == texts.DOC_DISCARDED.format(number="52/TB-UBND")
    assert all(d.number != "52/TB-UBND" for d in office.services.repository.list_documents())
    (waiting,) = say(office.router, "/choduyet", ADMIN_CHAT, ADMIN)
    assert waiting.title == texts.PENDING_NONE


def test_a_corrupt_or_wrong_file_gets_a_clear_reply(office: Office) -> None:
    for name, content in (("anh.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 64), ("rong.txt", b"")):
        (reply,) = say(
            office.router, "", ADMIN_CHAT, ADMIN, attachments=(Attachment(name, content),)
        )
        assert name in reply.title
        assert not reply.buttons


def test_removing_the_bot_from_a_group_deactivates_and_tells_the_office(office: Office) -> None:
    bind_group(office, "Phòng Nội vụ")
    (notice,) = office.router.chat_removed(GROUP)
    assert notice.to == ADMIN_CHAT
    assert "Phòng Nội vụ" in notice.title
    binding = office.directory.binding(ChatAddress("telegram", "-1001"))
    assert binding is not None
    assert not binding.active
    assert office.directory.chats_for_unit("phong-noi-vu") == []
    assert office.router.chat_removed(ChatRef("telegram", "-999", ChatKind.GROUP)) == []
    # added back, the group asks again and the office approves again
    bind_group(office, "Phòng Nội vụ")
    assert office.directory.chats_for_unit("phong-noi-vu") == [ChatAddress("telegram", "-1001")]


def test_a_number_presses_the_last_replys_button_and_memory_survives_a_restart(
    office: Office,
) -> None:
    say(office.router, "/dangky Phòng Nội vụ", CLERK_CHAT, CLERK)
    say(office.router, "/capquyen 2 lanhdao", ADMIN_CHAT, ADMIN)
    (offer,) = say(office.router, "/viec phong tai chinh", CLERK_CHAT, CLERK)
    assert len(offer.buttons) >= 2
    restarted = Router(
        office.services,
        clock=FixedClock(TODAY),
        directory=office.directory,
        access=AccessPolicy(office_admins=(("telegram", "1"),)),
    )
    (picked,) = say(restarted, "1", CLERK_CHAT, CLERK)
    assert offer.buttons[0].label in picked.text()
    (out_of_range,) = say(restarted, "/huy", CLERK_CHAT, CLERK)
    assert out_of_range.title == texts.NOTHING_TO_CANCEL


def test_registration_without_approval_when_the_office_says_so(office: Office) -> None:
    open_router = Router(
        office.services,
        clock=FixedClock(TODAY),
        directory=office.directory,
        access=AccessPolicy(require_approval=False),
    )
    (done,) = say(open_router, "/dangky Phòng Tư pháp", CLERK_CHAT, CLERK)
    assert done.title == texts.REGISTER_DONE.format(unit="Phòng Tư pháp")
    person = office.directory.person("telegram", "2")
    assert person is not None
    assert person.registration is Registration.APPROVED


def test_progress_buttons_record_for_the_lead_unit_only(office: Office) -> None:
    bind_group(office, "Phòng Nội vụ")
    (listing,) = say(office.router, "/viec", GROUP, CLERK)
    (detail,) = press(office.router, listing.buttons[0].callback, GROUP, CLERK)
    labels = [b.label for b in detail.buttons]
    assert labels[-3:] == ["Đã hoàn thành", "Đang thực hiện", "Gặp vướng mắc"]
    assignment_id = detail.assignment_ids[0]

    # another unit's group cannot touch it; the attempt is audited
    other = ChatRef("telegram", "-1002", ChatKind.GROUP)
    bind_group(office, "Phòng Tư pháp", other)
    (refused,) = press(office.router, f"done:{assignment_id}", other, CLERK)
    assert refused.title == texts.PROGRESS_NOT_YOURS.format(id=assignment_id)
    assert office.progress.current([assignment_id]) == {}

    (doing,) = press(office.router, f"doing:{assignment_id}", GROUP, CLERK)
    assert doing.title.startswith(f"Đã ghi nhận việc {assignment_id}")
    (ask,) = press(office.router, f"blocked:{assignment_id}", GROUP, CLERK)
    assert ask.title == texts.PROGRESS_ASK_REASON.format(id=assignment_id)
    say(office.router, "chờ ý kiến của Sở Nội vụ", GROUP, CLERK)
    (done,) = press(office.router, f"done:{assignment_id}", GROUP, CLERK)
    assert "Đã hoàn thành" in done.title

    snapshot = office.progress.current([assignment_id])[assignment_id]
    assert snapshot.state is ProgressState.DONE
    history = office.progress.history(assignment_id)
    assert len(history) == 4  # the refusal, then three reports
    assert not history[0].accepted
    assert any("Sở Nội vụ" in str(entry.after) for entry in history)


def test_an_extension_request_goes_to_the_office_which_decides(office: Office) -> None:
    bind_group(office, "Phòng Nội vụ")
    (listing,) = say(office.router, "/viec", GROUP, CLERK)
    assignment_id = int(listing.buttons[0].callback.split(":")[1])
    (ask,) = press(office.router, f"extend:{assignment_id}", GROUP, CLERK)
    assert ask.title == texts.EXTEND_ASK.format(id=assignment_id)
    (bad,) = say(office.router, "sớm nhất có thể", GROUP, CLERK)
    assert bad.title == texts.EXTEND_BAD.format(value="sớm nhất có thể")
    replies = say(office.router, "20/3/2023 chờ ý kiến của Sở Nội vụ", GROUP, CLERK)
    assert here(replies)[0].title == texts.EXTEND_SENT.format(id=assignment_id, date="20/03/2023")
    (request,) = elsewhere(replies)
    assert request.to == ADMIN_CHAT
    assert "chờ ý kiến của Sở Nội vụ" in request.title
    approve = request.buttons[0].callback

    (denied,) = press(office.router, approve, GROUP, CLERK)
    assert denied.title == texts.ACCESS_ADMIN_ONLY
    decided = press(office.router, approve, ADMIN_CHAT, ADMIN)
    assert here(decided)[0].title == texts.EXTEND_DECIDED_ADMIN.format(
        decision=texts.EXTEND_WORD_APPROVED, id=assignment_id
    )
    (told,) = elsewhere(decided)
    assert told.to is not None
    assert (told.to.platform, told.to.chat_id) == (GROUP.platform, GROUP.chat_id)
    snapshot = office.progress.current([assignment_id])[assignment_id]
    extension = snapshot.approved_extension
    assert extension is not None
    assert extension.new_due == date(2023, 3, 20)


def test_a_supergroup_upgrade_keeps_the_binding_and_uploads_are_checked_first(
    office: Office,
) -> None:
    bind_group(office, "Phòng Nội vụ")
    new = ChatRef("telegram", "-100777", ChatKind.GROUP)
    (moved,) = office.router.chat_migrated(GROUP, new)
    assert moved.title == texts.CHAT_MOVED.format(unit="Phòng Nội vụ")
    assert office.directory.chats_for_unit("phong-noi-vu") == [ChatAddress("telegram", "-100777")]
    (answer,) = say(office.router, "đơn vị mình có việc gì?", new, CLERK)
    assert "Phòng Nội vụ" in answer.text()

    def upload_by(sender: Sender, chat: ChatRef) -> IncomingMessage:
        return IncomingMessage(chat, sender, attachments=(Attachment("a.txt", b""),))

    assert office.router.may_upload(upload_by(ADMIN, ADMIN_CHAT))
    assert not office.router.may_upload(upload_by(CLERK, CLERK_CHAT))
    assert not office.router.may_upload(upload_by(GROUP_ADMIN, new))


def test_registering_again_to_the_same_unit_changes_nothing(office: Office) -> None:
    (request,) = elsewhere(say(office.router, "/dangky Phòng Nội vụ", CLERK_CHAT, CLERK))
    again = say(office.router, "/dangky Phòng Nội vụ", CLERK_CHAT, CLERK)
    assert [r.title for r in again] == [texts.ACCESS_PENDING.format(unit="Phòng Nội vụ")]
    press(office.router, request.buttons[0].callback, ADMIN_CHAT, ADMIN)
    (already,) = say(office.router, "/dangky Phòng Nội vụ", CLERK_CHAT, CLERK)
    assert already.title == texts.REGISTER_ALREADY.format(unit="Phòng Nội vụ")
    person = office.directory.person("telegram", "2")
    assert person is not None
    assert person.registration is Registration.APPROVED
