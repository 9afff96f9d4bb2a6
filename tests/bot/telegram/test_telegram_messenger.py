"""TelegramMessenger: the scheduler's port; Telegram's errors become the port's errors."""

from __future__ import annotations

import pytest
from telegram.ext import ExtBot

from bot.telegram.messenger import TelegramMessenger
from scheduler.messenger import (
    ChatTarget,
    OutgoingMessage,
    PermanentSendError,
    RetryAfter,
    TransientSendError,
)
from tests.bot.telegram.fakes import (
    TOKEN,
    FakeRouter,
    FakeSleep,
    FakeTelegramRequest,
    offline_app,
)

GROUP = ChatTarget("telegram", "-1001234567890")
REMINDER = OutgoingMessage(
    "Nhắc hạn: <Phòng Nội vụ> còn 2 ngày\nViệc #7: hoàn thiện quy chế",
    (("Đã hoàn thành", "done:7"), ("Gặp vướng mắc", "blocked:7")),
)


async def test_a_reminder_is_sent_escaped_with_its_buttons() -> None:
    request = FakeTelegramRequest()
    app, _ = offline_app(FakeRouter(), request)
    async with app:
        await TelegramMessenger(app.bot).send(GROUP, REMINDER)
    [call] = request.calls_to("sendMessage")
    assert call.params["chat_id"] == -1001234567890
    assert call.params["text"] == (
        "Nhắc hạn: &lt;Phòng Nội vụ&gt; còn 2 ngày\nViệc #7: hoàn thiện quy chế"
    )
    assert call.params["reply_markup"] == {
        "inline_keyboard": [
            [
                {"text": "Đã hoàn thành", "callback_data": "done:7"},
                {"text": "Gặp vướng mắc", "callback_data": "blocked:7"},
            ]
        ]
    }


@pytest.mark.parametrize(
    ("status", "description", "parameters", "error"),
    [
        (429, "Too Many Requests: retry after 12", {"retry_after": 12}, RetryAfter),
        (403, "Forbidden: bot was kicked from the group chat", {}, PermanentSendError),
        (400, "Bad Request: chat not found", {}, PermanentSendError),
        (502, "Bad Gateway", {}, TransientSendError),
        (500, "Internal Server Error", {}, TransientSendError),
    ],
)
async def test_telegram_errors_become_the_ports_errors_without_retrying(
    status: int, description: str, parameters: dict[str, int], error: type[Exception]
) -> None:
    request = FakeTelegramRequest()
    request.queue_error("sendMessage", status, description, **parameters)
    sleep = FakeSleep()
    app, _ = offline_app(FakeRouter(), request, sleep=sleep)
    async with app:
        with pytest.raises(error) as raised:
            await TelegramMessenger(app.bot).send(GROUP, REMINDER)
    # the reminder sender retries with its ledger; the messenger reports at once
    assert len(request.calls_to("sendMessage")) == 1
    assert sleep.waits == []
    if isinstance(raised.value, RetryAfter):
        assert raised.value.seconds == 12


async def test_a_chat_of_another_platform_or_a_bad_id_is_permanent() -> None:
    request = FakeTelegramRequest()
    app, _ = offline_app(FakeRouter(), request)
    async with app:
        messenger = TelegramMessenger(app.bot)
        with pytest.raises(PermanentSendError):
            await messenger.send(ChatTarget("zalo", "abc"), REMINDER)
        with pytest.raises(PermanentSendError):
            await messenger.send(ChatTarget("telegram", "not-a-number"), REMINDER)
    assert request.calls_to("sendMessage") == []


async def test_a_bot_without_a_rate_limiter_still_sends() -> None:
    request = FakeTelegramRequest()
    bot: ExtBot[None] = ExtBot(TOKEN, request=request, get_updates_request=request)
    async with bot:
        await TelegramMessenger(bot).send(GROUP, REMINDER)
    assert len(request.calls_to("sendMessage")) == 1
