"""Buttons of pushed messages as typed commands: the words, and the core doing the same with them."""

from __future__ import annotations

from handlers import texts
from handlers.messages import Reply, ReplyFile
from handlers.platforms import pushed_message, typed_choices, typed_command
from knowledge.progress import ProgressState
from scheduler.messenger import OutgoingMessage
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


def test_each_kind_of_pushed_button_has_its_command() -> None:
    assert typed_command("done:12") == "xong 12"
    assert typed_command("doing:12") == "/capnhat 12 dang"
    assert typed_command("blocked:12") == "/capnhat 12 vuongmac <lý do>"
    assert typed_command("extend:12") == "xin gia hạn việc 12 đến ngày/tháng"
    assert typed_command("more") == "xem thêm"
    assert typed_command("approve:3") == typed_command("refuse:3") == "/choduyet"
    # the office's other decisions are listed by /choduyet too
    assert typed_command("extok:4") == typed_command("cfno:7:-") == "/choduyet"
    assert typed_command("unit:Phòng Nội vụ") == "/viec Phòng Nội vụ"
    assert typed_command("bind:phong-noi-vu", "Phòng Nội vụ") == "/dangky Phòng Nội vụ"
    for nothing in ("detail:12", "docok:2", "done:", "done:abc", "done:١٢", "bind:x"):
        assert typed_command(nothing) is None, nothing


def test_buttons_answered_by_one_command_share_it_and_the_others_are_left_out() -> None:
    line = typed_choices(
        [("Duyệt", "approve:3"), ("Từ chối", "refuse:3"), ("Chi tiết", "detail:4")]
    )
    assert line == texts.TYPED_CHOICES.format(choices="«/choduyet» (Duyệt / Từ chối)")
    assert typed_choices([("Chi tiết", "detail:1")]) == ""
    assert typed_choices([]) == ""


def test_a_pushed_reply_keeps_its_words_and_buttons_but_not_its_file() -> None:
    reply = Reply(
        title="Tiêu đề",
        lines=("dòng",),
        footer="cuối",
        file=ReplyFile("a.xlsx", b"PK"),
    )
    assert pushed_message(reply) == OutgoingMessage("Tiêu đề\ndòng\ncuối")


def noi_vu_task(o: Office) -> int:
    (listing,) = say(o.router, "/viec Phòng Nội vụ", ADMIN_CHAT, ADMIN)
    return int(listing.buttons[0].callback.split(":")[1])


def test_the_typed_commands_do_what_the_buttons_do(office: Office) -> None:
    assignment_id = noi_vu_task(office)
    bind_group(office, "Phòng Nội vụ")
    for kind, state in (("doing", ProgressState.IN_PROGRESS), ("done", ProgressState.DONE)):
        callback = f"{kind}:{assignment_id}"
        command = typed_command(callback)
        assert command is not None
        pressed = press(office.router, callback, GROUP, CLERK)
        typed = say(office.router, command, GROUP, CLERK)
        assert typed == pressed
        assert office.progress.current([assignment_id])[assignment_id].state is state
    history = office.progress.history(assignment_id)
    assert [entry.accepted for entry in history] == [True] * 4


def test_the_typed_blocked_and_extension_commands_take_their_words(office: Office) -> None:
    assignment_id = noi_vu_task(office)
    bind_group(office, "Phòng Nội vụ")
    blocked = typed_command(f"blocked:{assignment_id}")
    assert blocked is not None
    (recorded,) = say(office.router, blocked.replace("<lý do>", "thiếu kinh phí"), GROUP, CLERK)
    assert recorded.title.startswith(f"Đã ghi nhận việc {assignment_id}")
    snapshot = office.progress.current([assignment_id])[assignment_id]
    assert snapshot.state is ProgressState.BLOCKED
    extend = typed_command(f"extend:{assignment_id}")
    assert extend is not None
    replies = say(office.router, extend.replace(texts.TYPED_DATE, "20/3/2023"), GROUP, CLERK)
    assert replies[0].title == texts.EXTEND_SENT.format(id=assignment_id, date="20/03/2023")


def test_a_registration_pushed_to_the_office_is_decided_from_choduyet(office: Office) -> None:
    replies = say(office.router, "/dangky Phòng Nội vụ", CLERK_CHAT, CLERK)
    [request] = [r for r in replies if r.to == ADMIN_CHAT]
    command = typed_command(request.buttons[0].callback)
    assert command == "/choduyet"
    (waiting,) = say(office.router, command, ADMIN_CHAT, ADMIN)
    assert [b.callback for b in waiting.buttons] == [b.callback for b in request.buttons]
    approved = say(office.router, "1", ADMIN_CHAT, ADMIN)  # the first choice of that list
    assert approved[0].title.startswith("Đã duyệt")
