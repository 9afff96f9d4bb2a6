"""Sending under Telegram's rules: 429 waited out, network errors retried, the rest raised."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from telegram.error import BadRequest, Forbidden, NetworkError

from bot.telegram.delivery import NETWORK_BACKOFF, RETRY_AFTER_MARGIN, send_reply
from bot.telegram.messenger import TelegramMessenger
from handlers.messages import Reply, ReplyFile
from scheduler.messenger import ChatTarget, OutgoingMessage
from scheduler.ratelimit import TELEGRAM_LIMITS, RateLimiter
from tests.bot.telegram.fakes import FakeRouter, FakeSleep, FakeTelegramRequest, offline_app
from tests.scheduler.fakes import FakeClock

REPLY = Reply(title="Nhắc hạn", lines=("Việc #7 đến hạn ngày 05/03/2023",))


async def test_retry_after_is_waited_out_then_the_message_goes() -> None:
    request = FakeTelegramRequest()
    request.queue_error("sendMessage", 429, "Too Many Requests: retry after 7", retry_after=7)
    sleep = FakeSleep()
    app, _ = offline_app(FakeRouter(), request, sleep=sleep)
    async with app:
        [message] = await send_reply(app.bot, -1001234567890, REPLY)
    assert sleep.waits == [7 + RETRY_AFTER_MARGIN]
    assert len(request.calls_to("sendMessage")) == 2
    assert message.text == "<b>Nhắc hạn</b>\nViệc #7 đến hạn ngày 05/03/2023"


async def test_network_errors_are_retried_with_growing_waits() -> None:
    request = FakeTelegramRequest()
    request.queue_error("sendMessage", 502, "Bad Gateway")
    request.queue_error("sendMessage", 500, "Internal Server Error")
    sleep = FakeSleep()
    app, _ = offline_app(FakeRouter(), request, sleep=sleep)
    async with app:
        await send_reply(app.bot, 1001, REPLY)
    assert sleep.waits == list(NETWORK_BACKOFF[:2])
    assert len(request.calls_to("sendMessage")) == 3


async def test_retries_end_and_the_error_is_raised() -> None:
    request = FakeTelegramRequest()
    for _ in range(4):
        request.queue_error("sendMessage", 502, "Bad Gateway")
    sleep = FakeSleep()
    app, _ = offline_app(FakeRouter(), request, sleep=sleep)
    async with app:
        with pytest.raises(NetworkError):
            await send_reply(app.bot, 1001, REPLY)
    assert sleep.waits == list(NETWORK_BACKOFF)
    assert len(request.calls_to("sendMessage")) == 4


@pytest.mark.parametrize(
    ("status", "description", "error"),
    [
        (400, "Bad Request: can't parse entities", BadRequest),
        (403, "Forbidden: bot was kicked from the supergroup chat", Forbidden),
    ],
)
async def test_refusals_are_not_retried(status: int, description: str, error: type) -> None:
    request = FakeTelegramRequest()
    request.queue_error("sendMessage", status, description)
    sleep = FakeSleep()
    app, _ = offline_app(FakeRouter(), request, sleep=sleep)
    async with app:
        with pytest.raises(error):
            await send_reply(app.bot, -1001234567890, REPLY)
    assert sleep.waits == []
    assert len(request.calls_to("sendMessage")) == 1


async def test_a_group_that_became_a_supergroup_is_followed() -> None:
    request = FakeTelegramRequest()
    request.queue_error(
        "sendMessage",
        400,
        "Bad Request: group chat was upgraded to a supergroup chat",
        migrate_to_chat_id=-1009876543210,
    )
    app, _ = offline_app(FakeRouter(), request)
    async with app:
        await send_reply(app.bot, -4001, REPLY)
    first, second = request.calls_to("sendMessage")
    assert (first.params["chat_id"], second.params["chat_id"]) == (-4001, -1009876543210)


async def test_a_file_follows_the_text_as_a_document() -> None:
    request = FakeTelegramRequest()
    app, _ = offline_app(FakeRouter(), request)
    report = ReplyFile("bao-cao.xlsx", b"PK\x03\x04", "application/vnd.ms-excel")
    async with app:
        await send_reply(app.bot, 1001, Reply(title="Báo cáo tuần", file=report))
    assert request.methods()[-2:] == ["sendMessage", "sendDocument"]
    assert request.calls_to("sendDocument")[0].params["chat_id"] == 1001


async def test_a_chart_follows_the_text_as_a_photo() -> None:
    request = FakeTelegramRequest()
    app, _ = offline_app(FakeRouter(), request)
    chart = ReplyFile("tien-do.png", b"\x89PNG\r\n\x1a\n", "image/png")
    async with app:
        await send_reply(app.bot, 1001, Reply(title="Biểu đồ tiến độ theo đơn vị.", file=chart))
    assert request.methods()[-2:] == ["sendMessage", "sendPhoto"]
    assert request.calls_to("sendPhoto")[0].params["chat_id"] == 1001
    assert request.calls_to("sendDocument") == []


async def test_start_up_calls_fail_fast() -> None:
    request = FakeTelegramRequest()
    request.queue_error("getMe", 502, "Bad Gateway")
    sleep = FakeSleep()
    app, _ = offline_app(FakeRouter(), request, sleep=sleep)
    with pytest.raises(NetworkError):
        await app.initialize()
    assert sleep.waits == []
    assert request.methods() == ["getMe"]


async def test_one_limiter_counts_each_send_once_reminders_and_replies_alike() -> None:
    # PTB's AIORateLimiter used to throttle reminders the sender had paced already
    clock = FakeClock(datetime(2023, 3, 3, 1, 0, tzinfo=UTC))
    limiter = RateLimiter(TELEGRAM_LIMITS, clock)
    request = FakeTelegramRequest()
    app, _ = offline_app(FakeRouter(), request, sleep=clock.sleep, limiter=limiter)
    group = ChatTarget("telegram", "-1001234567890")
    message = OutgoingMessage("Nhắc hạn: việc #7 đến hạn ngày 05/03/2023")
    async with app:
        reminders = TelegramMessenger(app.bot, paced=True)
        for _ in range(TELEGRAM_LIMITS.per_chat):
            assert limiter.acquire(group.key) == 0.0  # what the reminder sender does
            await reminders.send(group, message)
            clock.advance(1)
        assert len(limiter._chats[group.key]) == TELEGRAM_LIMITS.per_chat  # not counted twice
        # the group's minute is used up by reminders: an answer there waits for it
        started = clock.now()
        await send_reply(app.bot, -1001234567890, REPLY)
        assert (clock.now() - started).total_seconds() == pytest.approx(40.0)
        # a push to a chat nobody paced (a reply addressed across platforms) is counted here
        await TelegramMessenger(app.bot).send(ChatTarget("telegram", "42"), message)
    assert len(request.calls_to("sendMessage")) == TELEGRAM_LIMITS.per_chat + 2
    assert len(limiter._chats[group.key]) == TELEGRAM_LIMITS.per_chat  # slid: 1 left, 1 added
    assert len(limiter._chats["telegram:42"]) == 1
