"""ZaloMessenger (the scheduler's Messenger port), its pacing, the back-off and [zalo] config."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest

from bot.config import ConfigError, ZaloSettings, load_settings
from bot.zalo.client import ZaloClient
from bot.zalo.messenger import (
    DEFAULT_RETRY_AFTER,
    PARTS_MEMORY_SECONDS,
    LimiterPacer,
    Pacer,
    ZaloMessenger,
)
from bot.zalo.runner import Backoff, ZaloBot, build_zalo_bot
from bot.zalo.schema import ZaloUpdate, parse_update
from handlers import texts
from handlers.messages import IncomingMessage, Reply
from scheduler.clock import SystemClock
from scheduler.messenger import (
    ChatTarget,
    OutgoingMessage,
    PermanentSendError,
    RetryAfter,
    TransientSendError,
)
from scheduler.pacing import platform_limiter
from tests.scheduler.fakes import FakeClock

TOKEN = "99:messenger-token"
ZALO = ChatTarget("zalo", "u-1")


class FakeTime:
    """A clock that moves only when slept on."""

    def __init__(self) -> None:
        self.now = 100.0
        self.waits: list[float] = []

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.waits.append(round(seconds, 6))
        self.now += seconds


def messenger_for(
    answers: list[httpx.Response], time: FakeTime, interval: float = 0.5
) -> tuple[ZaloMessenger, list[dict[str, object]]]:
    sent: list[dict[str, object]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(json.loads(request.content))
        return (
            answers.pop(0)
            if answers
            else httpx.Response(200, json={"ok": True, "result": {"message_id": "m", "date": 1}})
        )

    client = ZaloClient(
        TOKEN, base_url="https://zalo.test", transport=httpx.MockTransport(handler)
    )
    pacer = Pacer(interval, clock=time.clock, sleep=time.sleep)
    return ZaloMessenger(client, pacer, clock=time.clock), sent


async def test_a_reminder_s_buttons_become_the_commands_to_type() -> None:
    time = FakeTime()
    messenger, sent = messenger_for([], time)
    await messenger.send(
        ZALO,
        OutgoingMessage(
            "Nhắc hạn: Phòng Nội vụ — báo cáo quý I [việc 12]",
            (
                ("Đã hoàn thành", "done:12"),
                ("Đang thực hiện", "doing:12"),
                ("Xin gia hạn", "extend:12"),
                ("Chi tiết", "detail:12"),  # no typed form: left out
            ),
        ),
    )
    hint = texts.TYPED_CHOICES.format(
        choices=" · ".join(
            [
                "«xong 12» (Đã hoàn thành)",
                "«/capnhat 12 dang» (Đang thực hiện)",
                "«xin gia hạn việc 12 đến ngày/tháng» (Xin gia hạn)",
            ]
        )
    )
    assert sent == [
        {"chat_id": "u-1", "text": "Nhắc hạn: Phòng Nội vụ — báo cáo quý I [việc 12]\n" + hint}
    ]


async def test_a_long_message_goes_in_parts_spaced_by_the_interval() -> None:
    time = FakeTime()
    messenger, sent = messenger_for([], time)
    text = "\n".join(f"{i}. nhắc việc số {i} của Phòng Tư pháp" for i in range(200))
    await messenger.send(ZALO, OutgoingMessage(text))
    assert len(sent) >= 3
    assert "\n".join(str(m["text"]) for m in sent) == text
    assert time.waits == [0.5] * (len(sent) - 1)  # the first goes at once


async def test_the_pacer_spaces_sends_and_holds_after_a_429() -> None:
    time = FakeTime()
    pacer = Pacer(1.0, clock=time.clock, sleep=time.sleep)
    await pacer.wait()
    time.now += 0.25
    await pacer.wait()
    assert time.waits == [0.75]
    time.now += 5
    await pacer.wait()  # long after: no wait
    pacer.hold(10)
    await pacer.wait()
    assert time.waits == [0.75, 10.0]
    with pytest.raises(ValueError, match="negative"):
        Pacer(-1)


@pytest.mark.parametrize(
    ("response", "error"),
    [
        (
            httpx.Response(200, json={"ok": False, "error_code": 403, "description": "Forbidden"}),
            PermanentSendError,
        ),
        (
            httpx.Response(
                200, json={"ok": False, "error_code": 400, "description": "Bad chat_id"}
            ),
            PermanentSendError,
        ),
        (
            httpx.Response(
                200, json={"ok": False, "error_code": 401, "description": "Unauthorized"}
            ),
            TransientSendError,
        ),
        (httpx.Response(503, text="busy"), TransientSendError),
        (
            httpx.Response(429, json={"ok": False, "error_code": 429, "description": "quota"}),
            RetryAfter,
        ),
    ],
    ids=["403", "400", "401-token", "503", "429"],
)
async def test_zalo_errors_come_out_as_the_port_s_errors(
    response: httpx.Response, error: type[Exception]
) -> None:
    time = FakeTime()
    messenger, _ = messenger_for([response], time)
    with pytest.raises(error) as caught:
        await messenger.send(ZALO, OutgoingMessage("nhắc"))
    assert "messenger-token" not in str(caught.value)


async def test_a_429_holds_every_later_send() -> None:
    time = FakeTime()
    answer = httpx.Response(
        429, headers={"Retry-After": "12"}, json={"ok": False, "error_code": 429}
    )
    messenger, _ = messenger_for([answer], time, interval=0.0)
    with pytest.raises(RetryAfter) as caught:
        await messenger.send(ZALO, OutgoingMessage("nhắc"))
    assert caught.value.seconds == 12
    await messenger.send(ChatTarget("zalo", "u-2"), OutgoingMessage("nhắc khác"))
    assert time.waits == [12.0]
    silent = httpx.Response(429, json={"ok": False, "error_code": 429})
    messenger, _ = messenger_for([silent], FakeTime())
    with pytest.raises(RetryAfter) as caught:
        await messenger.send(ZALO, OutgoingMessage("nhắc"))
    assert caught.value.seconds == DEFAULT_RETRY_AFTER


async def test_other_platforms_and_empty_messages_are_refused() -> None:
    messenger, sent = messenger_for([], FakeTime())
    with pytest.raises(PermanentSendError, match="not a Zalo chat"):
        await messenger.send(ChatTarget("telegram", "5"), OutgoingMessage("x"))
    with pytest.raises(PermanentSendError, match="empty"):
        await messenger.send(ZALO, OutgoingMessage("  "))
    assert sent == []


GROUPS = {"g-bound": True, "g-left": False}  # Zalo groups bound to a unit, and one no longer


@pytest.mark.parametrize(
    ("chat_id", "can_join", "refusal"),
    [
        ("u-1", False, None),  # a private chat: always
        ("g-bound", True, None),
        ("g-bound", False, "cannot join groups"),
        ("g-left", True, "no longer bound"),
    ],
)
async def test_a_group_is_written_to_only_when_the_bot_may_join_groups_and_it_is_bound(
    chat_id: str, can_join: bool, refusal: str | None
) -> None:
    messenger, sent = messenger_for([], FakeTime())
    messenger.groups = GROUPS.get
    messenger.can_join_groups = can_join
    target = ChatTarget("zalo", chat_id)
    if refusal is None:
        await messenger.send(target, OutgoingMessage("nhắc hạn"))
        assert [m["chat_id"] for m in sent] == [chat_id]
        return
    with pytest.raises(PermanentSendError, match=refusal):
        await messenger.send(target, OutgoingMessage("nhắc hạn"))
    assert sent == []


async def test_a_message_in_parts_is_one_delivery_a_retry_sends_only_the_rest() -> None:
    time = FakeTime()
    failure = httpx.Response(503, text="busy")
    ok = httpx.Response(200, json={"ok": True, "result": {"message_id": "m", "date": 1}})
    messenger, sent = messenger_for([ok, failure], time, interval=0.0)
    text = "\n".join(f"{i}. nhắc việc số {i} của Phòng Tư pháp" for i in range(200))
    with pytest.raises(TransientSendError):
        await messenger.send(ZALO, OutgoingMessage(text))
    first, failed = (str(m["text"]) for m in sent)
    await messenger.send(ZALO, OutgoingMessage(text))  # the sender's retry
    rest = [str(m["text"]) for m in sent[2:]]
    assert rest[0] == failed  # the part that failed, then the others; the first not again
    assert "\n".join([first, *rest]) == text
    # once whole, the same text later (another day's reminder) goes in full
    await messenger.send(ZALO, OutgoingMessage(text))
    assert [str(m["text"]) for m in sent[2 + len(rest) :]] == [first, *rest]


async def test_the_parts_memory_expires() -> None:
    time = FakeTime()
    failure = httpx.Response(503, text="busy")
    ok = httpx.Response(200, json={"ok": True, "result": {"message_id": "m", "date": 1}})
    messenger, sent = messenger_for([ok, failure], time, interval=0.0)
    text = "\n".join(f"{i}. nhắc việc số {i} của Phòng Tư pháp" for i in range(200))
    with pytest.raises(TransientSendError):
        await messenger.send(ZALO, OutgoingMessage(text))
    time.now += PARTS_MEMORY_SECONDS + 1
    await messenger.send(ZALO, OutgoingMessage(text))
    assert sent[2]["text"] == sent[0]["text"]  # a day later: sent whole again


def test_backoff_doubles_up_to_its_ceiling() -> None:
    backoff = Backoff(first=1.0, factor=2.0, most=10.0)
    assert [backoff.delay(n) for n in range(1, 7)] == [1.0, 2.0, 4.0, 8.0, 10.0, 10.0]


# --- [zalo] in config.toml ----------------------------------------------------------------------


def write_config(tmp_path: Path, zalo: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(f"[zalo]\n{zalo}\n", encoding="utf-8")
    return path


def test_zalo_settings_default_and_from_the_file(tmp_path: Path) -> None:
    assert load_settings(write_config(tmp_path, "")).zalo == ZaloSettings()
    settings = load_settings(
        write_config(
            tmp_path,
            'mode = "webhook"\nwebhook_url = "https://bot.example.gov.vn/zalo"\n'
            'base_url = "https://bot-api.zapps.me"\nwebhook_port = 9000\nsend_interval = 2\n'
            "poll_timeout = 20",
        )
    ).zalo
    assert (settings.mode, settings.webhook_url, settings.base_url) == (
        "webhook",
        "https://bot.example.gov.vn/zalo",
        "https://bot-api.zapps.me",
    )
    assert (settings.webhook_port, settings.send_interval, settings.poll_timeout) == (
        9000,
        2.0,
        20,
    )


def test_the_example_config_reads(tmp_path: Path) -> None:
    example = Path(__file__).resolve().parents[3] / "config.example.toml"
    assert load_settings(example).zalo == ZaloSettings()


@pytest.mark.parametrize(
    ("zalo", "key"),
    [
        ('mode = "push"', "zalo.mode"),
        ('mode = "webhook"', "zalo.webhook_url"),
        ('mode = "webhook"\nwebhook_url = "http://plain.example"', "zalo.webhook_url"),
        ('base_url = "bot-api.zaloplatforms.com"', "zalo.base_url"),
        ("webhook_port = 70000", "zalo.webhook_port"),
        ("send_interval = -1", "zalo.send_interval"),
        ('send_interval = "fast"', "zalo.send_interval"),
        ("poll_timeout = 0", "zalo.poll_timeout"),
    ],
)
def test_bad_zalo_settings_name_the_key(tmp_path: Path, zalo: str, key: str) -> None:
    with pytest.raises(ConfigError, match=key):
        load_settings(write_config(tmp_path, zalo))


# --- building the bot from [zalo] ---------------------------------------------------------------


class NoCore:
    def dispatch(self, message: IncomingMessage) -> list[Reply]:
        return []


async def test_the_bot_is_built_as_the_settings_say() -> None:
    polling = build_zalo_bot(
        ZaloSettings(poll_timeout=12, send_interval=2.0), TOKEN, None, NoCore()
    )
    assert (polling.mode, polling.poll_timeout, polling.messenger.pacer.interval) == (
        "polling",
        12,
        2.0,
    )
    assert polling.client.base_url == "https://bot-api.zaloplatforms.com"
    await polling.client.aclose()
    hook = ZaloSettings(
        mode="webhook", webhook_url="https://bot.example.gov.vn/zalo", webhook_port=9001
    )
    webhook = build_zalo_bot(hook, TOKEN, "s" * 16, NoCore())
    assert webhook.mode == "webhook"
    assert webhook.webhook is not None
    assert (webhook.webhook.url, webhook.webhook.port) == ("https://bot.example.gov.vn/zalo", 9001)
    await webhook.client.aclose()
    for secret in (None, "short"):
        with pytest.raises(ValueError, match="8-256"):
            build_zalo_bot(hook, TOKEN, secret, NoCore())


def text_update(message_id: str) -> ZaloUpdate:
    return parse_update(
        {
            "event_name": "message.text.received",
            "message": {
                "message_id": message_id,
                "chat": {"id": "u-1", "chat_type": "PRIVATE"},
                "from": {"id": "u-1"},
                "text": "hỏi",
            },
        }
    )


async def test_a_full_queue_refuses_an_update_and_takes_its_retry_later() -> None:
    client = ZaloClient(TOKEN, base_url="https://zalo.test")
    bot = ZaloBot(client, NoCore(), queue_size=1)
    assert bot.accept(text_update("a"))
    assert not bot.accept(text_update("b"))  # full: Zalo is answered 503
    assert bot.accept(text_update("a"))  # a retry of what is queued: taken once
    assert bot._queue.qsize() == 1
    bot._queue.get_nowait()
    assert bot.accept(text_update("b"))  # the retry of the refused one is welcome
    assert bot._queue.qsize() == 1
    await client.aclose()


# --- one limiter for Zalo, shared with the reminder sender ---------------------------------------


def test_replies_and_reminders_share_one_zalo_budget_counted_once() -> None:
    clock = FakeClock(datetime(2024, 4, 1, 8, 0, tzinfo=UTC))
    limiter = platform_limiter("zalo", clock)
    replies = LimiterPacer(limiter, sleep=clock.sleep)
    reminders = LimiterPacer(limiter, counted=True, sleep=clock.sleep)

    async def run() -> None:
        start = clock.now()
        for _ in range(20):
            await replies.wait()  # each reply takes the bot's token, waiting when it must
        spent = (clock.now() - start).total_seconds()
        # Zalo's budget: after the burst the replies are spaced, never faster than its limit
        assert spent >= (20 - 5) / limiter.limits.overall - 1e-6
        # a reminder's tokens were taken by the sender: its messenger takes none again
        before = clock.now()
        await reminders.wait()
        assert clock.now() == before
        # a 429 seen by either holds both: the sender's next acquire waits too
        reminders.hold(7.0)
        assert limiter.acquire("u-9") >= 7.0 - 1e-6

    asyncio.run(run())


def test_the_running_bot_paces_zalo_by_the_shared_limiter() -> None:
    limiter = platform_limiter("zalo", SystemClock())
    bot = build_zalo_bot(ZaloSettings(), TOKEN, None, dispatcher=_no_dispatch, limiter=limiter)
    assert isinstance(bot.messenger.pacer, LimiterPacer)
    assert bot.messenger.pacer.limiter is limiter
    twin = bot.messenger.counted_by_caller()
    assert isinstance(twin.pacer, LimiterPacer)
    assert twin.pacer.counted
    assert twin.pacer.limiter is limiter
    # without a limiter (no reminders run) the configured spacing stays
    alone = build_zalo_bot(ZaloSettings(), TOKEN, None, dispatcher=_no_dispatch)
    assert isinstance(alone.messenger.pacer, Pacer)
    assert alone.messenger.counted_by_caller() is alone.messenger


async def _no_dispatch(message: IncomingMessage) -> list[Reply]:
    return []
