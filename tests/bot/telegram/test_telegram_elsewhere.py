"""TelegramAdapter.deliver: replies addressed to another platform's chat go through its messenger."""

from __future__ import annotations

import logging

import pytest

from handlers.messages import Button, ChatRef, Reply, ReplyFile
from scheduler.messenger import ChatTarget, OutgoingMessage, PermanentSendError
from tests.bot.telegram.fakes import FakeRouter, FakeTelegramRequest, offline_app

ORIGIN = ChatRef("telegram", "1001")
ZALO_OFFICIAL = ChatRef("zalo", "z-7")


class RecordingMessenger:
    def __init__(self, fail: bool = False) -> None:
        self.sent: list[tuple[ChatTarget, OutgoingMessage]] = []
        self.fail = fail

    async def send(self, chat: ChatTarget, message: OutgoingMessage) -> None:
        if self.fail:
            raise PermanentSendError("blocked the bot")
        self.sent.append((chat, message))


async def test_a_reply_for_a_zalo_chat_goes_through_the_zalo_messenger() -> None:
    request = FakeTelegramRequest()
    zalo = RecordingMessenger()
    app, adapter = offline_app(FakeRouter(), request)
    adapter.others["zalo"] = zalo
    replies = [
        Reply(title="Đã duyệt: Trần Văn Bình thuộc Phòng Nội vụ."),
        Reply(
            title="Văn phòng đã duyệt: bạn thuộc Phòng Nội vụ.",
            lines=("Gõ /viec để xem việc của đơn vị.",),
            buttons=(Button("Xem việc", "unit:Phòng Nội vụ"),),
            to=ZALO_OFFICIAL,
        ),
    ]
    async with app:
        assert await adapter.deliver(app.bot, replies, ORIGIN) == 2
    assert [c.params["chat_id"] for c in request.calls_to("sendMessage")] == [1001]
    assert zalo.sent == [
        (
            ChatTarget("zalo", "z-7"),
            OutgoingMessage(
                "Văn phòng đã duyệt: bạn thuộc Phòng Nội vụ.\nGõ /viec để xem việc của đơn vị.",
                (("Xem việc", "unit:Phòng Nội vụ"),),
            ),
        )
    ]


async def test_a_reply_for_a_platform_without_messenger_or_failing_is_logged_not_raised(
    caplog: pytest.LogCaptureFixture,
) -> None:
    request = FakeTelegramRequest()
    app, adapter = offline_app(FakeRouter(), request)
    caplog.set_level(logging.WARNING)
    replies = [Reply(title="một", to=ZALO_OFFICIAL), Reply(title="hai")]
    async with app:
        assert await adapter.deliver(app.bot, replies, ORIGIN) == 1  # the Telegram one
        adapter.others["zalo"] = RecordingMessenger(fail=True)
        assert await adapter.deliver(app.bot, replies, ORIGIN) == 1
    assert "no messenger for zalo" in caplog.text
    assert "blocked the bot" in caplog.text


async def test_a_file_is_not_pushed_to_another_platform(
    caplog: pytest.LogCaptureFixture,
) -> None:
    request = FakeTelegramRequest()
    zalo = RecordingMessenger()
    app, adapter = offline_app(FakeRouter(), request)
    adapter.others["zalo"] = zalo
    report = Reply(title="Báo cáo", file=ReplyFile("bao-cao.xlsx", b"PK"), to=ZALO_OFFICIAL)
    async with app:
        await adapter.deliver(app.bot, [report], ORIGIN)
    assert zalo.sent == [(ChatTarget("zalo", "z-7"), OutgoingMessage("Báo cáo"))]
    assert "bao-cao.xlsx left out" in caplog.text
