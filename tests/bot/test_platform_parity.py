"""One conversation through the Telegram adapter and the Zalo adapter: the same words reach the
user (HTML stripped; Telegram's buttons against Zalo's numbered choices)."""

from __future__ import annotations

import copy
import html
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest

from bot.telegram.app import TelegramApp
from bot.wiring import App, router_for
from bot.zalo.client import ZaloClient
from bot.zalo.messenger import Pacer, ZaloMessenger
from bot.zalo.runner import ZaloBot
from bot.zalo.schema import parse_update
from handlers import texts
from handlers.router import FixedClock
from tests.bot.office import copy_office, ingest_notice, open_app, write_config
from tests.bot.telegram.fakes import FakeTelegramRequest, feed, load_update, offline_app

TODAY = FixedClock(date(2023, 3, 3))
TAG = re.compile(r"</?[a-z]+>")
CHOICE = re.compile(r"^(\d+)\. (.*)$")


@dataclass(frozen=True)
class Step:
    """What the user does: types `text`, or picks choice `pick` of the last answer."""

    text: str = ""
    pick: int = 0


CONVERSATION = (
    Step("/dangky Phòng Nội vụ"),
    Step("Phòng Nội vụ được giao việc gì?"),
    Step("phong noi vu duoc giao viec gi"),
    Step("chi tiết 1"),
    Step("xem thêm"),
    Step("/viec"),
    Step(pick=2),  # Chi tiết 2: a button on Telegram, "2" on Zalo
    Step("xong 3"),
    Step("/capnhat 4 dang"),
    Step("xin gia hạn việc 5 đến 30/3"),
    Step("/viec Phòng Kế hoạch"),  # a unit with no tasks here
)


@dataclass(frozen=True)
class Seen:
    """What one turn showed the user: the words, and the choices offered (labels in order)."""

    words: tuple[str, ...]
    choices: tuple[str, ...]


# --- Telegram ---------------------------------------------------------------------------------


def telegram_text(text: str) -> dict[str, Any]:
    update = copy.deepcopy(load_update("private_text"))
    update["message"]["text"] = text
    if text.startswith("/"):
        update["message"]["entities"] = [
            {"offset": 0, "length": len(text.split()[0]), "type": "bot_command"}
        ]
    return update


def telegram_press(data: str, n: int) -> dict[str, Any]:
    update = copy.deepcopy(load_update("callback_detail"))
    query = update["callback_query"]
    query["id"] = f"q-{n}"
    query["from"] = load_update("private_text")["message"]["from"]
    query["data"] = data
    query["message"]["chat"] = load_update("private_text")["message"]["chat"]
    return update


def keyboard_of(params: dict[str, Any]) -> list[tuple[str, str]]:
    markup = params.get("reply_markup")
    if markup is None:
        return []
    if isinstance(markup, str):
        markup = json.loads(markup)
    return [(b["text"], b["callback_data"]) for row in markup["inline_keyboard"] for b in row]


async def telegram_conversation(app: App) -> list[Seen]:
    request = FakeTelegramRequest()
    telegram: TelegramApp
    telegram, _ = offline_app(router_for(app, TODAY), request)
    seen: list[Seen] = []
    buttons: list[tuple[str, str]] = []
    async with telegram:
        for n, step in enumerate(CONVERSATION):
            before = len(request.calls_to("sendMessage"))
            if step.pick:
                await feed(telegram, telegram_press(buttons[step.pick - 1][1], n))
            else:
                await feed(telegram, telegram_text(step.text))
            sent = request.calls_to("sendMessage")[before:]
            buttons = [b for call in sent for b in keyboard_of(call.params)]
            shown = "\n".join(html.unescape(TAG.sub("", str(c.params["text"]))) for c in sent)
            seen.append(Seen(tuple(shown.split("\n")), tuple(label for label, _ in buttons)))
    return seen


# --- Zalo -------------------------------------------------------------------------------------


def zalo_text(text: str, n: int) -> dict[str, Any]:
    return {
        "event_name": "message.text.received",
        "message": {
            "message_id": f"m-{n}",
            "date": 1677600000000,
            "chat": {"id": "z-1001", "chat_type": "PRIVATE"},
            "from": {"id": "z-1001", "display_name": "Nguyễn Thị Lan", "is_bot": False},
            "text": text,
        },
    }


def zalo_seen(texts_sent: list[str]) -> Seen:
    """Words and choices of one turn: each "Trả lời bằng số" hint closes a run of numbered
    choices, numbered on from the previous run."""
    lines = "\n".join(texts_sent).split("\n")
    words: list[str] = []
    choices: list[str] = []
    block: list[str] = []
    for line in lines:
        if line != texts.ZALO_CHOICES_HINT:
            block.append(line)
            continue
        first = len(choices) + 1
        # the run is the last lines numbered first, first+1, ... up to the hint
        start = next(
            i
            for i in range(len(block) - 1, -1, -1)
            if (m := CHOICE.match(block[i])) is not None
            and int(m.group(1)) == first
            and all(
                (c := CHOICE.match(line)) is not None and int(c.group(1)) == first + k
                for k, line in enumerate(block[i:])
            )
        )
        words.extend(block[:start])
        choices.extend(CHOICE.match(line).group(2) for line in block[start:])  # type: ignore[union-attr]
        block = []
    words.extend(block)
    return Seen(tuple(words), tuple(choices))


async def zalo_conversation(app: App) -> list[Seen]:
    sent: list[dict[str, Any]] = []

    def zalo_api(request: httpx.Request) -> httpx.Response:
        method = request.url.path.rsplit("/", 1)[-1]
        if method == "sendMessage":
            sent.append(json.loads(request.content))
        return httpx.Response(200, json={"ok": True, "result": {"message_id": "x", "date": 1}})

    client = ZaloClient(
        "4711:parity", base_url="https://zalo.test", transport=httpx.MockTransport(zalo_api)
    )
    bot = ZaloBot(client, router_for(app, TODAY), messenger=ZaloMessenger(client, Pacer(0.0)))
    seen: list[Seen] = []
    try:
        for n, step in enumerate(CONVERSATION):
            before = len(sent)
            text = str(step.pick) if step.pick else step.text
            await bot.handle_update(parse_update(zalo_text(text, n)))
            assert all(m["chat_id"] == "z-1001" for m in sent[before:])
            seen.append(zalo_seen([str(m["text"]) for m in sent[before:]]))
    finally:
        await client.aclose()
    return seen


# --- the test ---------------------------------------------------------------------------------


@pytest.fixture
def offices(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[App, App]]:
    """Two offices with the same database state: one for each platform's conversation."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GIAOVIEC_CONFIG", raising=False)
    monkeypatch.setenv("PTB_TIMEDELTA", "true")
    config = write_config(tmp_path / "base", "[access]\nrequire_approval = false")
    ingest_notice(config)
    telegram = open_app(copy_office(config, tmp_path / "telegram"))
    zalo = open_app(copy_office(config, tmp_path / "zalo"))
    try:
        yield telegram, zalo
    finally:
        telegram.close()
        zalo.close()


async def test_one_conversation_reads_the_same_on_telegram_and_zalo(
    offices: tuple[App, App],
) -> None:
    telegram_app, zalo_app = offices
    on_telegram = await telegram_conversation(telegram_app)
    on_zalo = await zalo_conversation(zalo_app)
    assert len(on_telegram) == len(on_zalo) == len(CONVERSATION)
    for step, tg, zl in zip(CONVERSATION, on_telegram, on_zalo, strict=True):
        assert tg == zl, step
    # the conversation went where it should, on both
    registered, listing, folded, detail, more, own, picked, done, doing, extend, other = on_zalo
    assert registered.words == (texts.REGISTER_DONE.format(unit="Phòng Nội vụ"),)
    assert listing.words[0] == "Phòng Nội vụ: 7 việc"
    assert listing.choices == (*(f"Chi tiết {n}" for n in range(1, 6)), "Xem thêm")
    assert folded == listing == own
    assert detail.words[0].startswith("Việc #1: Rà soát, sắp xếp tổ chức bộ máy")
    assert detail.choices == ("Đã hoàn thành", "Đang thực hiện", "Gặp vướng mắc")
    assert any(line.startswith("6. Chuẩn bị hồ sơ thi đua") for line in more.words)
    assert picked.words[0].startswith("Việc #2: Tổng hợp nhu cầu đào tạo")
    assert done.words == (
        texts.PROGRESS_RECORDED.format(id=3, occurrence="", state="Đã hoàn thành"),
    )
    assert doing.words == (
        texts.PROGRESS_RECORDED.format(id=4, occurrence="", state="Đang thực hiện"),
    )
    assert extend.words[0].startswith("Đã gửi đề nghị gia hạn việc 5 đến ngày 30/03/2023")
    assert other.words[0].startswith("Không có việc nào giao cho Phòng Tài chính - Kế hoạch")
    assert other.choices == ()


def test_no_sentence_asks_to_press_a_button_zalo_does_not_have() -> None:
    pressing = [
        name
        for name, value in vars(texts).items()
        # "nhấn Ctrl+C" on the command line is a key, not a button
        if isinstance(value, str) and re.search(r"\b(bấm|nút)\b", value, re.IGNORECASE)
    ]
    assert pressing == []
