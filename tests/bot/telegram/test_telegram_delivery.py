"""Sending under Telegram's rules: 429 waited out, network errors retried, the rest raised."""

from __future__ import annotations

import pytest
from telegram.error import BadRequest, Forbidden, NetworkError

from bot.telegram.delivery import NETWORK_BACKOFF, RETRY_AFTER_MARGIN, send_reply
from handlers.messages import Reply, ReplyFile
from tests.bot.telegram.fakes import FakeRouter, FakeSleep, FakeTelegramRequest, offline_app

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
