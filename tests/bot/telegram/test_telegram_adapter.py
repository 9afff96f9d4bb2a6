"""The PTB Application offline: recorded updates in, the Bot API calls it makes out."""

from __future__ import annotations

import logging

import pytest

from bot.telegram.app import AdminCache
from handlers import texts
from handlers.messages import Attachment, Button, ChatKind, ChatRef, Reply
from handlers.router import bot_commands
from tests.bot.telegram.fakes import (
    FakeRouter,
    FakeTelegramRequest,
    MigrationRouter,
    RemovalRouter,
    feed,
    load_update,
    offline_app,
)

GROUP_ID = -1001234567890
GROUP = ChatRef("telegram", str(GROUP_ID), ChatKind.GROUP)
OFFICE = ChatRef("telegram", "5005", ChatKind.PRIVATE)


class FakeMonotonic:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def test_a_private_question_is_answered_in_html_with_buttons() -> None:
    request = FakeTelegramRequest()
    router = FakeRouter(
        [
            Reply(
                title="Phòng <Nội vụ> & Tổ chức: 1 việc",
                lines=("1. Hoàn thiện <quy chế> — chủ trì — hạn 05/03/2023",),
                buttons=(Button("Chi tiết 1", "detail:7"),),
            )
        ]
    )
    app, _ = offline_app(router, request)
    async with app:
        await feed(app, load_update("private_text"))
    [message] = router.received
    assert message.text == "Phòng Nội vụ được giao việc gì?"
    assert message.chat == ChatRef("telegram", "1001", ChatKind.PRIVATE)
    assert not message.sender.chat_admin
    assert request.methods() == ["getMe", "sendMessage"]  # no admin look-up in private
    [sent] = request.calls_to("sendMessage")
    assert sent.params["chat_id"] == 1001
    assert sent.params["parse_mode"] == "HTML"
    assert sent.params["text"] == (
        "<b>Phòng &lt;Nội vụ&gt; &amp; Tổ chức: 1 việc</b>\n"
        "1. Hoàn thiện &lt;quy chế&gt; — chủ trì — hạn 05/03/2023"
    )
    assert sent.params["reply_markup"] == {
        "inline_keyboard": [[{"text": "Chi tiết 1", "callback_data": "detail:7"}]]
    }
    assert "reply_parameters" not in sent.params


async def test_group_chatter_is_not_dispatched_and_costs_no_request() -> None:
    request = FakeTelegramRequest()
    router = FakeRouter([Reply(title="không được gửi")])
    app, _ = offline_app(router, request)
    async with app:
        await feed(app, load_update("group_chatter"))
        await feed(app, load_update("document_group_unaddressed"))
        await feed(app, load_update("group_command_other_bot"))
    assert router.received == []
    assert request.methods() == ["getMe"]


async def test_a_group_command_knows_the_group_admin_and_quotes_the_question() -> None:
    request = FakeTelegramRequest()
    request.administrators[GROUP_ID] = [1001]  # Lan administers the group
    router = FakeRouter([Reply(title="Đã gắn")])
    app, _ = offline_app(router, request)
    async with app:
        await feed(app, load_update("group_command"))  # from Lan
        await feed(app, load_update("group_mention"))  # from Hùng, not an admin
    lan, hung = router.received
    assert (lan.command, lan.args, lan.sender.chat_admin) == ("dangky", "Phòng Nội vụ", True)
    assert hung.mentions_bot
    assert not hung.sender.chat_admin
    # the list is asked for once and reused
    assert len(request.calls_to("getChatAdministrators")) == 1
    first = request.calls_to("sendMessage")[0]
    assert first.params["chat_id"] == GROUP_ID
    assert first.params["reply_parameters"]["message_id"] == 21


async def test_the_admin_list_is_asked_again_after_its_time() -> None:
    request = FakeTelegramRequest()
    request.administrators[GROUP_ID] = [1002]
    clock = FakeMonotonic()
    router = FakeRouter()
    app, _ = offline_app(router, request, admins=AdminCache(300, clock=clock))
    async with app:
        await feed(app, load_update("group_mention"))
        clock.now += 299
        await feed(app, load_update("group_mention"))
        request.administrators[GROUP_ID] = []  # demoted meanwhile
        clock.now += 2
        await feed(app, load_update("group_mention"))
    assert [m.sender.chat_admin for m in router.received] == [True, True, False]
    assert len(request.calls_to("getChatAdministrators")) == 2


async def test_an_admin_look_up_that_fails_means_not_an_admin_without_retries() -> None:
    request = FakeTelegramRequest()
    # what the emulator and a Bot API hiccup answer
    request.queue("getChatAdministrators", 500, {"message": "not supported"})
    router = FakeRouter([Reply(title="ok")])
    app, _ = offline_app(router, request)
    async with app:
        await feed(app, load_update("group_command"))
    [message] = router.received
    assert not message.sender.chat_admin
    assert len(request.calls_to("getChatAdministrators")) == 1
    assert len(request.calls_to("sendMessage")) == 1


async def test_a_button_press_is_answered_first_then_dispatched() -> None:
    request = FakeTelegramRequest()
    request.administrators[GROUP_ID] = []
    router = FakeRouter([Reply(title="Việc #7: Hoàn thiện quy chế")])
    app, _ = offline_app(router, request)
    async with app:
        await feed(app, load_update("callback_detail"))
    [message] = router.received
    assert message.callback == "detail:7"
    assert message.chat == GROUP
    assert request.methods() == [
        "getMe",
        "answerCallbackQuery",
        "getChatAdministrators",
        "sendMessage",
    ]
    assert request.calls_to("answerCallbackQuery")[0].params["callback_query_id"] == (
        "4382bfdwdsb323b2d9"
    )


async def test_a_document_is_downloaded_and_handed_over_with_its_name() -> None:
    request = FakeTelegramRequest()
    request.files["documents/doc-45"] = "THÔNG BÁO\nKết luận của Chủ tịch".encode()
    router = FakeRouter([Reply(title="Đã nhận")])
    app, _ = offline_app(router, request)
    async with app:
        await feed(app, load_update("document_private"))
    [message] = router.received
    assert message.attachments == (
        Attachment("thong-bao-45.txt", "THÔNG BÁO\nKết luận của Chủ tịch".encode()),
    )
    assert message.text == "Thông báo kết luận mới"
    assert request.calls_to("getFile")[0].params["file_id"] == "doc-45"
    assert request.downloads == ["documents/doc-45"]


async def test_a_document_over_the_limit_is_refused_before_downloading() -> None:
    request = FakeTelegramRequest()
    router = FakeRouter([Reply(title="không được gọi")])
    app, _ = offline_app(router, request)
    async with app:
        await feed(app, load_update("document_too_large"))  # 25 MB
    assert router.received == []
    assert request.calls_to("getFile") == []
    [sent] = request.calls_to("sendMessage")
    assert sent.params["text"] == (
        "<b>Tệp ke-hoach-scan.pdf quá lớn (25,0 MB); giới hạn là 20 MB. "
        "Vui lòng gửi văn bản nhỏ hơn.</b>"
    )


async def test_a_download_that_fails_is_told_and_not_dispatched() -> None:
    request = FakeTelegramRequest()
    request.queue_error("getFile", 400, "Bad Request: file is too big")
    router = FakeRouter()
    app, _ = offline_app(router, request)
    async with app:
        await feed(app, load_update("document_private"))
    assert router.received == []
    [sent] = request.calls_to("sendMessage")
    assert (
        texts.TELEGRAM_DOWNLOAD_FAILED.format(filename="thong-bao-45.txt") in sent.params["text"]
    )


async def test_a_file_larger_than_it_said_is_refused_after_download() -> None:
    request = FakeTelegramRequest()
    request.files["documents/doc-45"] = b"x" * 3000  # the update said 2,048 bytes
    router = FakeRouter()
    app, _ = offline_app(router, request, max_upload_bytes=2500)
    async with app:
        await feed(app, load_update("document_private"))
    assert router.received == []
    assert "quá lớn" in request.calls_to("sendMessage")[0].params["text"]


async def test_replies_addressed_elsewhere_go_to_that_chat() -> None:
    request = FakeTelegramRequest()
    router = FakeRouter(
        [Reply(title="Đã gửi yêu cầu duyệt"), Reply(title="Duyệt đăng ký?", to=OFFICE)]
    )
    app, _ = offline_app(router, request)
    async with app:
        await feed(app, load_update("private_text"))
    asker, office = request.calls_to("sendMessage")
    assert asker.params["chat_id"] == 1001
    assert office.params["chat_id"] == 5005


async def test_the_bot_kicked_from_a_group_tells_the_core_and_the_office() -> None:
    request = FakeTelegramRequest()
    router = RemovalRouter(
        removal_replies=[
            Reply(title="Bot đã bị xóa khỏi nhóm Phòng Nội vụ", to=OFFICE),
            Reply(title="(không gửi được vào nhóm đã rời)"),
        ]
    )
    app, _ = offline_app(router, request)
    async with app:
        await feed(app, load_update("my_chat_member_added"))
        assert router.removed == []
        await feed(app, load_update("my_chat_member_kicked"))
    assert router.removed == [GROUP]
    [sent] = request.calls_to("sendMessage")
    assert sent.params["chat_id"] == 5005


async def test_a_core_without_the_removal_entry_is_logged_not_crashed(
    caplog: pytest.LogCaptureFixture,
) -> None:
    request = FakeTelegramRequest()
    app, _ = offline_app(FakeRouter(), request)
    with caplog.at_level(logging.WARNING, logger="bot.telegram.app"):
        async with app:
            await feed(app, load_update("my_chat_member_kicked"))
    assert "no chat_removed" in caplog.text
    assert request.methods() == ["getMe"]


async def test_a_reply_that_cannot_be_sent_does_not_stop_the_next(
    caplog: pytest.LogCaptureFixture,
) -> None:
    request = FakeTelegramRequest()
    request.queue_error("sendMessage", 403, "Forbidden: bot was blocked by the user")
    router = FakeRouter([Reply(title="một"), Reply(title="hai", to=OFFICE)])
    app, _ = offline_app(router, request)
    with caplog.at_level(logging.WARNING, logger="bot.telegram.app"):
        async with app:
            await feed(app, load_update("private_text"))
    first, second = request.calls_to("sendMessage")  # the 403 was not retried
    assert (first.params["chat_id"], second.params["chat_id"]) == (1001, 5005)
    assert "removed or blocked" in caplog.text


async def test_the_command_menu_is_published_with_vietnamese_descriptions() -> None:
    request = FakeTelegramRequest()
    commands = bot_commands()
    app, adapter = offline_app(FakeRouter(), request, commands=commands)
    async with app:
        assert await adapter.publish_commands(app.bot)
    [call] = request.calls_to("setMyCommands")
    assert call.params["commands"] == [{"command": n, "description": d} for n, d in commands]
    assert {"command": "dangky", "description": "Gắn cuộc trò chuyện này với một đơn vị"} in (
        call.params["commands"]
    )
    assert all(len(d) <= 256 and n.isascii() and n.islower() for n, d in commands)


async def test_a_refused_command_menu_is_logged_and_the_bot_goes_on(
    caplog: pytest.LogCaptureFixture,
) -> None:
    request = FakeTelegramRequest()
    for _ in range(2):  # the emulator's answer to setMyCommands, twice (one retry)
        request.queue(
            "setMyCommands", 500, {"message": "API method 'setMyCommands' is not supported"}
        )
    app, adapter = offline_app(FakeRouter(), request, commands=bot_commands())
    with caplog.at_level(logging.WARNING, logger="bot.telegram.app"):
        async with app:
            assert not await adapter.publish_commands(app.bot)
    assert len(request.calls_to("setMyCommands")) == 2
    assert "command menu not published" in caplog.text


async def test_a_group_that_became_a_supergroup_is_reported_once() -> None:
    request = FakeTelegramRequest()
    router = MigrationRouter()
    app, _ = offline_app(router, request)
    async with app:
        await feed(app, load_update("group_migrated"))
        await feed(app, load_update("supergroup_migrated_from"))
    assert router.migrated == [
        (
            ChatRef("telegram", "-4001", ChatKind.GROUP),
            ChatRef("telegram", "-1009876543210", ChatKind.GROUP),
        )
    ]
    assert router.received == []


async def test_a_core_without_the_migration_entry_is_logged(
    caplog: pytest.LogCaptureFixture,
) -> None:
    request = FakeTelegramRequest()
    app, _ = offline_app(FakeRouter(), request)
    with caplog.at_level(logging.WARNING, logger="bot.telegram.app"):
        async with app:
            await feed(app, load_update("group_migrated"))
    assert "no chat_migrated" in caplog.text
