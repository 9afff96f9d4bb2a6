"""ZaloBot end to end against a fake Zalo server process on loopback: polling and webhook."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

import httpx
import pytest

from bot.zalo.client import ZaloApiError, ZaloClient
from bot.zalo.messenger import Pacer, ZaloMessenger
from bot.zalo.runner import Backoff, WebhookOptions, ZaloBot
from bot.zalo.translate import render_replies
from bot.zalo.webhook import SECRET_HEADER
from handlers import texts
from handlers.answering import Services
from handlers.messages import Button, ChatRef, IncomingMessage, Reply, Sender
from handlers.router import FixedClock, Router
from knowledge.db import open_database
from knowledge.pipeline import load_and_extract
from knowledge.repository import SqlAlchemyDocumentRepository
from knowledge.units import UnitRegistry, example_units_path
from tests import documents
from tests.bot.zalo.conftest import TOKEN, WAIT_SECONDS, FakeZalo

SECRET = "webhook-secret-0123456789"
PUBLIC_URL = "https://bot.example.gov.vn/zalo"


# --- the bot under test -----------------------------------------------------------------------


class ScriptedCore:
    """A stand-in core: echoes with two buttons; "/dai" answers a list longer than 2,000."""

    def __init__(self) -> None:
        self.messages: list[IncomingMessage] = []

    def dispatch(self, message: IncomingMessage) -> list[Reply]:
        self.messages.append(message)
        if message.command == "dai":
            return [long_reply()]
        return [
            Reply(
                title=f"Bạn hỏi: {message.text}",
                buttons=(Button("Xem thêm", "more"), Button("Chi tiết", "detail:1")),
            )
        ]


def long_reply() -> Reply:
    lines = tuple(
        f"{i}. Phòng Nội vụ báo cáo kết quả thực hiện nhiệm vụ số {i}, hạn 15/3/2023"
        for i in range(1, 90)
    )
    return Reply(title="Danh sách việc", lines=lines, footer="Hết danh sách.")


class Sleeps:
    """An injected sleep: records each wait and yields once instead of waiting."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)
        await asyncio.sleep(0)


@dataclass
class Running:
    bot: ZaloBot
    core: ScriptedCore
    sleeps: Sleeps


BotFactory = Callable[..., Awaitable[Running]]


@pytest.fixture
async def start_bot(fake: FakeZalo) -> AsyncIterator[BotFactory]:
    started: list[ZaloBot] = []

    async def start(
        *, webhook: WebhookOptions | None = None, core: Any = None, token: str = TOKEN
    ) -> Running:
        sleeps = Sleeps()
        client = ZaloClient(token, base_url=fake.url)
        messenger = ZaloMessenger(client, Pacer(0.0, clock=lambda: 0.0, sleep=sleeps))
        bot = ZaloBot(
            client,
            core if core is not None else ScriptedCore(),
            webhook=webhook,
            poll_timeout=5,
            messenger=messenger,
            backoff=Backoff(first=1.0, factor=2.0, most=60.0),
            sleep=sleeps,
        )
        try:
            await bot.start()
        except BaseException:
            await client.aclose()
            raise
        started.append(bot)
        if webhook is not None:
            assert bot.server is not None
            await fake.control("route", {webhook.url: f"http://127.0.0.1:{bot.server.port}/zalo"})
        return Running(bot, bot.dispatcher, sleeps)  # type: ignore[arg-type]

    yield start
    for bot in started:
        await bot.stop(drain_seconds=5)


def webhook_options() -> WebhookOptions:
    return WebhookOptions(url=PUBLIC_URL, secret=SECRET, listen="127.0.0.1", port=0, path="zalo")


def sent_to(chat_id: str) -> Callable[[dict[str, Any]], bool]:
    return lambda state: any(
        m["method"] == "sendMessage" and m["chat_id"] == chat_id for m in state["sent"]
    )


# --- polling ----------------------------------------------------------------------------------


async def test_polling_rides_out_408_idles_and_answers_with_numbered_choices(
    fake: FakeZalo, start_bot: BotFactory
) -> None:
    running = await start_bot()
    await fake.wait_until(lambda s: s["idle_polls"] >= 3)
    await fake.write("Phòng Nội vụ được giao việc gì?", chat_id="u-1")
    state = await fake.wait_until(sent_to("u-1"))
    assert running.sleeps.waits == []  # an idle poll is not an error: no back-off
    assert [m["method"] for m in state["sent"]] == ["sendChatAction", "sendMessage"]
    assert state["sent"][1]["text"] == "\n".join(
        [
            "Bạn hỏi: Phòng Nội vụ được giao việc gì?",
            "1. Xem thêm",
            "2. Chi tiết",
            texts.ZALO_CHOICES_HINT,
        ]
    )
    assert state["calls"][:2] == ["getMe", "getWebhookInfo"]
    message = running.core.messages[0]
    assert message.chat == ChatRef("zalo", "u-1")


async def test_polling_backs_off_on_ok_false_and_429_then_goes_on(
    fake: FakeZalo, start_bot: BotFactory
) -> None:
    await fake.control(
        "fail",
        {
            "method": "getUpdates",
            "times": 2,
            "status": 200,
            "body": {"ok": False, "error_code": 500, "description": "Internal error"},
        },
    )
    await fake.control(
        "fail",
        {
            "method": "getUpdates",
            "status": 429,
            "body": {"ok": False, "error_code": 429, "description": "Quota exceeded"},
            "headers": {"Retry-After": "7"},
        },
    )
    running = await start_bot()
    await fake.write("còn đó không?", chat_id="u-2")
    await fake.wait_until(sent_to("u-2"))
    # 1 s, 2 s, then the longer of 4 s and the 7 s Zalo asked for
    assert running.sleeps.waits == [1.0, 2.0, 7.0]


async def test_a_reply_refused_with_429_is_sent_again_after_the_wait(
    fake: FakeZalo, start_bot: BotFactory
) -> None:
    await fake.control(
        "fail",
        {
            "method": "sendMessage",
            "status": 200,
            "body": {"ok": False, "error_code": 429, "description": "Quota exceeded"},
        },
    )
    running = await start_bot()
    await fake.write("xin chào", chat_id="u-3")
    state = await fake.wait_until(sent_to("u-3"))
    assert state["calls"].count("sendMessage") == 2
    # Zalo named no wait: the pacer holds every send 5 s, the retry waits its back-off too
    assert 5.0 in running.sleeps.waits
    assert len(await fake.sent_texts("u-3")) == 1


async def test_a_reply_refused_with_ok_false_is_not_retried_and_the_bot_goes_on(
    fake: FakeZalo, start_bot: BotFactory
) -> None:
    await fake.control(
        "fail",
        {
            "method": "sendMessage",
            "status": 200,
            "body": {"ok": False, "error_code": 403, "description": "Forbidden"},
        },
    )
    running = await start_bot()
    await fake.write("lần một", chat_id="u-4")
    await fake.write("lần hai", chat_id="u-4")
    state = await fake.wait_until(sent_to("u-4"))
    assert state["calls"].count("sendMessage") == 2  # the refused one, then the next answer
    assert await fake.sent_texts("u-4") == [
        "\n".join(["Bạn hỏi: lần hai", "1. Xem thêm", "2. Chi tiết", texts.ZALO_CHOICES_HINT])
    ]
    assert running.sleeps.waits == []


async def test_a_reply_over_2000_characters_arrives_split(
    fake: FakeZalo, start_bot: BotFactory
) -> None:
    await start_bot()
    await fake.write("/dai", chat_id="u-5")
    expected = long_reply().text()
    assert len(expected) > 2000

    def whole(state: dict[str, Any]) -> bool:
        got = [m["text"] for m in state["sent"] if m["method"] == "sendMessage"]
        return "\n".join(got) == expected

    await fake.wait_until(whole)
    parts = await fake.sent_texts("u-5")
    assert len(parts) >= 2
    assert all(len(p) <= 2000 for p in parts)  # the fake refuses longer texts anyway
    assert all(p.split("\n")[-1] in expected.split("\n") for p in parts)  # no line was cut


async def test_photos_and_unsupported_messages_get_a_notice_and_skip_the_core(
    fake: FakeZalo, start_bot: BotFactory
) -> None:
    running = await start_bot()
    await fake.control(
        "user_message",
        {
            "chat_id": "u-6",
            "event_name": "message.image.received",
            "extra": {"photo_url": "https://f.zalo.test/a.jpg"},
        },
    )
    await fake.control(
        "user_message", {"chat_id": "u-6", "event_name": "message.unsupported.received"}
    )
    await fake.wait_until(lambda s: len([m for m in s["sent"] if m["chat_id"] == "u-6"]) >= 2)
    assert await fake.sent_texts("u-6") == [texts.ZALO_NOT_TEXT, texts.ZALO_UNSUPPORTED]
    assert running.core.messages == []


async def test_starting_to_poll_removes_a_webhook_left_set(
    fake: FakeZalo, start_bot: BotFactory
) -> None:
    async with ZaloClient(TOKEN, base_url=fake.url) as client:
        await client.set_webhook(PUBLIC_URL, SECRET)
    await start_bot()
    state = await fake.wait_until(lambda s: s["idle_polls"] >= 1)
    assert state["webhook"] is None
    assert state["calls"][:4] == ["setWebhook", "getMe", "getWebhookInfo", "deleteWebhook"]


async def test_a_rejected_token_stops_the_start(fake: FakeZalo, start_bot: BotFactory) -> None:
    with pytest.raises(ZaloApiError) as caught:
        await start_bot(token="4711:wrong-token")
    assert caught.value.error_code == 401
    assert "wrong-token" not in str(caught.value)


# --- webhook ----------------------------------------------------------------------------------


async def test_webhook_delivery_with_the_right_secret_is_answered(
    fake: FakeZalo, start_bot: BotFactory
) -> None:
    running = await start_bot(webhook=webhook_options())
    state = await fake.state()
    assert state["webhook"] == {"url": PUBLIC_URL, "secret": SECRET}
    answer = await fake.write("/viec Phòng Nội vụ", chat_id="u-7")
    assert answer == {"status": 200}
    await fake.wait_until(sent_to("u-7"))
    message = running.core.messages[0]
    assert (message.command, message.args) == ("viec", "Phòng Nội vụ")
    # the bare form of the update (no envelope) is accepted too
    assert await fake.write("lần nữa", chat_id="u-7", bare=True) == {"status": 200}
    await fake.wait_until(lambda s: len([m for m in s["sent"] if m.get("text")]) >= 2)
    assert "getUpdates" not in (await fake.state())["calls"]


@pytest.mark.parametrize("secret", ["wrong", "missing"])
async def test_webhook_delivery_with_a_wrong_or_missing_secret_is_refused(
    fake: FakeZalo, start_bot: BotFactory, secret: str
) -> None:
    running = await start_bot(webhook=webhook_options())
    assert await fake.write("giả mạo", chat_id="u-8", secret=secret) == {"status": 403}
    # a right delivery after it is answered, and it is the only thing the core saw
    assert await fake.write("thật", chat_id="u-8") == {"status": 200}
    await fake.wait_until(sent_to("u-8"))
    assert [m.text for m in running.core.messages] == ["thật"]


async def test_webhook_refuses_a_wrong_secret_before_reading_the_body(
    fake: FakeZalo, start_bot: BotFactory
) -> None:
    """Headers announce a large body that never comes: the 403 must not wait for it."""
    running = await start_bot(webhook=webhook_options())
    assert running.bot.server is not None
    port = running.bot.server.port

    async def status_line(headers: str) -> bytes:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(headers.encode("latin-1"))
        await writer.drain()
        try:
            return await asyncio.wait_for(reader.readline(), WAIT_SECONDS)
        finally:
            writer.close()
            await writer.wait_closed()

    head = "POST /zalo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
    wrong = await status_line(head + f"{SECRET_HEADER}: nope\r\nContent-Length: 50000\r\n\r\n")
    assert wrong.startswith(b"HTTP/1.1 403")
    missing = await status_line(head + "Content-Length: 50000\r\n\r\n")
    assert missing.startswith(b"HTTP/1.1 403")
    too_big = await status_line(
        head + f"{SECRET_HEADER}: {SECRET}\r\nContent-Length: 5000000\r\n\r\n"
    )
    assert too_big.startswith(b"HTTP/1.1 413")
    assert running.core.messages == []


async def test_webhook_answers_bad_bodies_and_probes_without_dispatching(
    fake: FakeZalo, start_bot: BotFactory
) -> None:
    running = await start_bot(webhook=webhook_options())
    assert running.bot.server is not None
    url = f"http://127.0.0.1:{running.bot.server.port}/zalo"
    good = {SECRET_HEADER: SECRET}
    async with httpx.AsyncClient(timeout=WAIT_SECONDS) as http:
        probe = await http.post(url, headers=good, content=b"")
        not_json = await http.post(url, headers=good, content=b"{nope")
        no_chat = await http.post(url, headers=good, json={"message": {"text": "x"}})
        get = await http.get(url, headers=good)
        get_no_secret = await http.get(url)
    assert probe.status_code == 200
    assert not_json.status_code == 400
    assert no_chat.status_code == 400
    assert get.status_code == 405
    assert get_no_secret.status_code == 403
    assert running.core.messages == []


async def test_a_retried_webhook_delivery_is_answered_once(
    fake: FakeZalo, start_bot: BotFactory
) -> None:
    running = await start_bot(webhook=webhook_options())
    assert running.bot.server is not None
    url = f"http://127.0.0.1:{running.bot.server.port}/zalo"
    update = {
        "event_name": "message.text.received",
        "message": {
            "message_id": "00000000000000000abc",
            "chat": {"id": "u-9", "chat_type": "PRIVATE"},
            "from": {"id": "u-9"},
            "text": "một lần thôi",
        },
    }
    async with httpx.AsyncClient(timeout=WAIT_SECONDS) as http:
        for _ in range(2):
            answer = await http.post(url, headers={SECRET_HEADER: SECRET}, json=update)
            assert answer.status_code == 200
    await fake.wait_until(sent_to("u-9"))
    await running.bot.stop(drain_seconds=5)  # handles what was queued, then stops
    assert [m.text for m in running.core.messages] == ["một lần thôi"]


# --- the real core ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seeded_services(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Services]:
    folder = tmp_path_factory.mktemp("zalo")
    database = open_database(f"sqlite:///{folder / 'giaoviec.db'}")
    registry = UnitRegistry.from_file(example_units_path("huyen-truoc-2025"))
    repo = SqlAlchemyDocumentRepository(database.session_factory, registry)
    repo.sync_units(registry)
    repo = SqlAlchemyDocumentRepository(database.session_factory, repo.registry_from_db())
    loaded = load_and_extract(documents.SEED, issued=date(2023, 2, 28))
    repo.save_extraction(
        loaded.extraction, loaded.text, source_name=documents.SEED.name, content=loaded.content
    )
    yield Services(repository=repo, registry=repo.registry_from_db(include_unregistered=True))
    database.dispose()


async def test_the_router_s_answer_reaches_zalo_word_for_word(
    fake: FakeZalo, start_bot: BotFactory, seeded_services: Services
) -> None:
    today = FixedClock(date(2023, 3, 3))
    await start_bot(core=Router(seeded_services, clock=today))
    question = "Phòng Nội vụ được giao việc gì?"
    await fake.write(question, chat_id="u-10")
    # the same question to a router of its own, rendered for Zalo
    chat = ChatRef("zalo", "u-10")
    direct = Router(seeded_services, clock=today).dispatch(
        IncomingMessage(chat, Sender("u-10", "Người dùng"), text=question)
    )
    expected = [o.text for o in render_replies(direct, chat)]
    assert expected
    await fake.wait_until(lambda s: len([m for m in s["sent"] if m.get("text")]) >= len(expected))
    assert await fake.sent_texts("u-10") == expected
    assert "Phòng Nội vụ" in expected[0]
