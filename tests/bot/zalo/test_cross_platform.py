"""`giaoviec run` with both bots: a reply addressed to a chat on the other platform gets there
(a registration asked on one platform and approved by an office admin on the other)."""

from __future__ import annotations

import asyncio
import copy
import io
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from bot.config import load_settings
from bot.runtime import run_bot
from bot.telegram.app import Transport
from bot.telegram.delivery import RetryingRateLimiter
from bot.wiring import App
from handlers import texts
from handlers.router import FixedClock
from knowledge.chats import Registration, SqlChatDirectory
from tests.bot.office import UNITS
from tests.bot.telegram.fakes import FakeSleep, FakeTelegramRequest, load_update
from tests.bot.zalo.conftest import TOKEN, WAIT_SECONDS, FakeZalo

TODAY = FixedClock(date(2023, 3, 3))
TELEGRAM_TOKEN = "123456789:AAHsecret-TEST_token_never_logged"


@dataclass
class Both:
    """The running bots: the fake Zalo server, the fake Telegram Bot API, the app."""

    zalo: FakeZalo
    telegram: FakeTelegramRequest
    app: App
    err: io.StringIO

    def telegram_texts(self, chat_id: int) -> list[str]:
        return [
            str(c.params.get("text", ""))
            for c in self.telegram.calls_to("sendMessage")
            if c.params.get("chat_id") == chat_id
        ]

    def telegram_keyboard(self, chat_id: int) -> list[tuple[str, str]]:
        [*_, last] = [
            c for c in self.telegram.calls_to("sendMessage") if c.params.get("chat_id") == chat_id
        ]
        markup = last.params["reply_markup"]
        return [(b["text"], b["callback_data"]) for row in markup["inline_keyboard"] for b in row]

    def telegram_writes(self, user_id: int, text: str) -> None:
        update = copy.deepcopy(load_update("private_text"))
        update["update_id"] += user_id + len(self.telegram.calls)
        message = update["message"]
        message["text"] = text
        message["chat"]["id"] = message["from"]["id"] = user_id
        if text.startswith("/"):
            message["entities"] = [
                {"offset": 0, "length": len(text.split()[0]), "type": "bot_command"}
            ]
        self.telegram.queue("getUpdates", 200, {"ok": True, "result": [update]})

    def telegram_presses(self, user_id: int, data: str) -> None:
        update = copy.deepcopy(load_update("callback_detail"))
        update["update_id"] += user_id + len(self.telegram.calls)
        query = update["callback_query"]
        query["from"] = {"id": user_id, "is_bot": False, "first_name": "Văn phòng"}
        query["message"]["chat"] = {"id": user_id, "type": "private", "first_name": "Văn phòng"}
        query["data"] = data
        self.telegram.queue("getUpdates", 200, {"ok": True, "result": [update]})


async def wait_for(condition: Callable[[], Any]) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + WAIT_SECONDS
    while not condition():
        if loop.time() > deadline:
            pytest.fail("the condition never came true")
        await asyncio.sleep(0.02)


def zalo_answered(chat_id: str, count: int) -> Callable[[dict[str, Any]], bool]:
    return lambda state: (
        len([m for m in state["sent"] if m["method"] == "sendMessage" and m["chat_id"] == chat_id])
        >= count
    )


def running_both(admins: str) -> Callable[..., Any]:
    """A fixture factory: both bots under `giaoviec run`, office admins as given."""

    @pytest.fixture
    async def both(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fake: FakeZalo
    ) -> AsyncIterator[Both]:
        monkeypatch.chdir(tmp_path)
        monkeypatch.delenv("GIAOVIEC_CONFIG", raising=False)
        monkeypatch.setenv("PTB_TIMEDELTA", "true")
        monkeypatch.setenv("GIAOVIEC_ZALO_TOKEN", TOKEN)
        monkeypatch.setenv("GIAOVIEC_TELEGRAM_TOKEN", TELEGRAM_TOKEN)
        config = tmp_path / "config.toml"
        config.write_text(
            f'[storage]\ndata_dir = "data"\n\n[zalo]\nbase_url = "{fake.url}"\n'
            f"poll_timeout = 5\nsend_interval = 0\n\n[reminders]\nenabled = false\n\n"
            f"[access]\noffice_admins = [{admins}]\nrequire_approval = true\n",
            encoding="utf-8",
        )
        settings = load_settings(config)
        err = io.StringIO()
        app = App(settings, settings.db_url, UNITS, io.StringIO(), err)
        telegram = FakeTelegramRequest()
        transport = Transport(
            request=telegram,
            get_updates_request=telegram,
            rate_limiter=RetryingRateLimiter(sleep=FakeSleep()),
            poll_interval=0.02,
        )
        stop = asyncio.Event()
        task = asyncio.create_task(run_bot(app, stop, clock=TODAY, transport=transport))
        try:
            await wait_for(lambda: "Bot Zalo" in err.getvalue() or task.done())
            await wait_for(lambda: "getUpdates" in telegram.methods() or task.done())
            assert not task.done(), err.getvalue()
            yield Both(fake, telegram, app, err)
        finally:
            stop.set()
            await asyncio.wait_for(task, WAIT_SECONDS)
            app.close()

    return both


telegram_office = running_both('"telegram:1001"')
zalo_office = running_both('"zalo:z-admin"')


async def test_a_zalo_registration_approved_on_telegram_is_announced_on_zalo(
    telegram_office: Both,
) -> None:
    both = telegram_office
    both.telegram_writes(1001, "/toi")  # the office admin has a private chat with the bot
    await wait_for(lambda: both.telegram_texts(1001))
    await both.zalo.write("/dangky Phòng Nội vụ", chat_id="z-2", display_name="Trần Văn Bình")
    await both.zalo.wait_until(zalo_answered("z-2", 1))
    await wait_for(lambda: len(both.telegram_texts(1001)) >= 2)
    assert "Trần Văn Bình" in both.telegram_texts(1001)[1]
    approve = dict(both.telegram_keyboard(1001))[texts.REGISTER_APPROVE]

    both.telegram_presses(1001, approve)
    await both.zalo.wait_until(zalo_answered("z-2", 2))
    sent, approved = await both.zalo.sent_texts("z-2")
    assert sent == texts.REGISTER_SENT.format(unit="Phòng Nội vụ")
    assert approved == texts.REGISTER_APPROVED_USER.format(unit="Phòng Nội vụ")
    await wait_for(lambda: len(both.telegram_texts(1001)) >= 3)
    assert both.telegram_texts(1001)[2] == (
        "<b>"
        + texts.REGISTER_APPROVED_ADMIN.format(person="Trần Văn Bình", unit="Phòng Nội vụ")
        + "</b>"
    )
    person = SqlChatDirectory(both.app.database().session_factory).person("zalo", "z-2")
    assert person is not None
    assert person.registration is Registration.APPROVED


async def test_a_telegram_registration_approved_on_zalo_is_announced_on_telegram(
    zalo_office: Both,
) -> None:
    both = zalo_office
    await both.zalo.write("/toi", chat_id="z-admin", display_name="Văn phòng")
    await both.zalo.wait_until(zalo_answered("z-admin", 1))
    both.telegram_writes(2002, "/dangky Phòng Nội vụ")
    await wait_for(lambda: both.telegram_texts(2002))
    assert both.telegram_texts(2002) == [
        "<b>" + texts.REGISTER_SENT.format(unit="Phòng Nội vụ") + "</b>"
    ]
    # the request reached the office admin on Zalo, from the Telegram side
    await both.zalo.wait_until(zalo_answered("z-admin", 2))
    request = (await both.zalo.sent_texts("z-admin"))[1]
    assert request.startswith("Lan Nguyễn Thị (mã telegram:2002) xin đăng ký thuộc Phòng Nội vụ.")

    await both.zalo.write("/choduyet", chat_id="z-admin")
    await both.zalo.wait_until(zalo_answered("z-admin", 3))
    waiting = (await both.zalo.sent_texts("z-admin"))[2]
    assert f"1. {texts.REGISTER_APPROVE}" in waiting
    await both.zalo.write("1", chat_id="z-admin")
    await both.zalo.wait_until(zalo_answered("z-admin", 4))
    assert (await both.zalo.sent_texts("z-admin"))[3] == texts.REGISTER_APPROVED_ADMIN.format(
        person="Lan Nguyễn Thị", unit="Phòng Nội vụ"
    )
    await wait_for(lambda: len(both.telegram_texts(2002)) >= 2)
    # pushed from the Zalo side: plain lines, no title
    assert both.telegram_texts(2002)[1] == texts.REGISTER_APPROVED_USER.format(unit="Phòng Nội vụ")
