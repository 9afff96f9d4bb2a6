"""`giaoviec run` with Zalo: alone, or with Telegram in one asyncio loop, over the real router."""

from __future__ import annotations

import asyncio
import gc
import io
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from bot.cli import main
from bot.config import load_settings
from bot.runtime import run_bot
from bot.telegram.app import Transport
from bot.telegram.delivery import RetryingRateLimiter
from bot.wiring import App, CliError
from handlers import texts
from handlers.router import FixedClock
from tests.bot.telegram.fakes import FakeSleep, FakeTelegramRequest, load_update
from tests.bot.zalo.conftest import TOKEN, WAIT_SECONDS, FakeZalo

REPO = Path(__file__).resolve().parents[3]
TODAY = FixedClock(date(2023, 3, 3))
ZALO_TOKEN_ENV = "GIAOVIEC_ZALO_TOKEN"
ZALO_SECRET_ENV = "GIAOVIEC_ZALO_WEBHOOK_SECRET"
TELEGRAM_TOKEN_ENV = "GIAOVIEC_TELEGRAM_TOKEN"
TELEGRAM_TOKEN = "123456789:AAHsecret-TEST_token_never_logged"


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    for name in ("GIAOVIEC_CONFIG", ZALO_TOKEN_ENV, ZALO_SECRET_ENV, TELEGRAM_TOKEN_ENV):
        monkeypatch.delenv(name, raising=False)


def write_config(tmp_path: Path, zalo: str, extra: str = "") -> Path:
    path = tmp_path / "config.toml"
    path.write_text(
        f'[storage]\ndata_dir = "data"\n\n[zalo]\n{zalo}\n\n{extra}\n', encoding="utf-8"
    )
    return path


def make_app(config: Path) -> tuple[App, io.StringIO]:
    settings = load_settings(config)
    err = io.StringIO()
    units = REPO / "knowledge" / "data" / "units" / "huyen-truoc-2025.toml"
    return App(settings, settings.db_url, units, io.StringIO(), err), err


async def wait_for(condition: Callable[[], Any]) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + WAIT_SECONDS
    while not condition():
        if loop.time() > deadline:
            pytest.fail("the condition never came true")
        await asyncio.sleep(0.02)


def polling_config(fake: FakeZalo) -> str:
    return f'base_url = "{fake.url}"\npoll_timeout = 5\nsend_interval = 0'


def answered(chat_id: str, count: int = 1) -> Callable[[dict[str, Any]], bool]:
    def check(state: dict[str, Any]) -> bool:
        texts_sent = [
            m for m in state["sent"] if m["method"] == "sendMessage" and m["chat_id"] == chat_id
        ]
        return len(texts_sent) >= count

    return check


# --- Zalo alone -------------------------------------------------------------------------------


async def test_run_serves_zalo_alone_through_the_office_s_router(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fake: FakeZalo
) -> None:
    monkeypatch.setenv(ZALO_TOKEN_ENV, TOKEN)
    app, err = make_app(write_config(tmp_path, polling_config(fake)))
    stop = asyncio.Event()
    task = asyncio.create_task(run_bot(app, stop, clock=TODAY))
    try:
        await wait_for(lambda: "Bot Zalo" in err.getvalue())
        assert err.getvalue() == (
            texts.ZALO_RUN_STARTED.format(name="Bot Giao Viec", mode="polling") + "\n"
        )
        await fake.write("/trogiup", chat_id="z-1")
        await fake.wait_until(answered("z-1"))
        assert (await fake.sent_texts("z-1"))[0].startswith(texts.HELP_TITLE)
        # a stranger's question: the office's access rules apply on Zalo too
        await fake.write("Phòng Nội vụ được giao việc gì?", chat_id="z-1")
        await fake.wait_until(answered("z-1", 2))
        assert (await fake.sent_texts("z-1"))[1] == texts.ACCESS_REGISTER_FIRST
        # what start-up built is left out of the collector's passes while the bot serves
        assert gc.get_freeze_count() > 0
    finally:
        stop.set()
        await asyncio.wait_for(task, WAIT_SECONDS)
        app.close()
    assert task.result() is None
    assert gc.get_freeze_count() == 0  # and given back when it stops (tests run on)


@pytest.mark.parametrize(
    ("secret", "expected"),
    [
        (None, texts.ZALO_RUN_NO_SECRET.format(env=ZALO_SECRET_ENV)),
        ("short", texts.ZALO_RUN_BAD_SECRET.format(env=ZALO_SECRET_ENV)),
    ],
)
def test_zalo_webhook_mode_needs_a_secret(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, secret: str | None, expected: str
) -> None:
    monkeypatch.setenv(ZALO_TOKEN_ENV, TOKEN)
    if secret is not None:
        monkeypatch.setenv(ZALO_SECRET_ENV, secret)
    config = write_config(tmp_path, 'mode = "webhook"\nwebhook_url = "https://x.example/zalo"')
    out, err = io.StringIO(), io.StringIO()
    assert main(["--config", str(config), "run"], out, err) == 2
    assert err.getvalue() == expected + "\n"
    assert TOKEN not in err.getvalue()


async def test_a_rejected_zalo_token_stops_the_run_without_showing_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fake: FakeZalo
) -> None:
    monkeypatch.setenv(ZALO_TOKEN_ENV, "4711:not-the-right-one")
    app, _ = make_app(write_config(tmp_path, polling_config(fake)))
    try:
        with pytest.raises(CliError) as raised:
            await run_bot(app, asyncio.Event(), clock=TODAY)
    finally:
        app.close()
    assert str(raised.value) == texts.ZALO_RUN_TOKEN_REJECTED.format(env=ZALO_TOKEN_ENV)


async def test_a_zalo_webhook_port_in_use_is_a_clear_refusal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fake: FakeZalo
) -> None:
    monkeypatch.setenv(ZALO_TOKEN_ENV, TOKEN)
    monkeypatch.setenv(ZALO_SECRET_ENV, "a-secret-of-enough-length")
    busy = await asyncio.start_server(lambda r, w: None, "127.0.0.1", 0)
    port = busy.sockets[0].getsockname()[1]
    zalo = (
        f'{polling_config(fake)}\nmode = "webhook"\nwebhook_url = "https://x.example/zalo"\n'
        f"webhook_port = {port}"
    )
    app, _ = make_app(write_config(tmp_path, zalo))
    try:
        with pytest.raises(CliError) as raised:
            await run_bot(app, asyncio.Event(), clock=TODAY)
    finally:
        busy.close()
        await busy.wait_closed()
        app.close()
    assert str(raised.value).startswith(texts.ZALO_RUN_START_FAILED.format(detail=""))
    assert "a-secret-of-enough-length" not in str(raised.value)


# --- Telegram and Zalo together ---------------------------------------------------------------


async def test_telegram_and_zalo_share_one_loop_and_a_zalo_registration_reaches_a_telegram_admin(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fake: FakeZalo
) -> None:
    monkeypatch.setenv(ZALO_TOKEN_ENV, TOKEN)
    monkeypatch.setenv(TELEGRAM_TOKEN_ENV, TELEGRAM_TOKEN)
    access = '[access]\noffice_admins = ["telegram:1001"]\nrequire_approval = true'
    app, err = make_app(write_config(tmp_path, polling_config(fake), access))
    telegram = FakeTelegramRequest()
    # the office admin has written to the Telegram bot privately, so the bot can reach them
    hello = load_update("private_text")
    hello["message"]["text"] = "/toi"
    hello["message"]["entities"] = [{"offset": 0, "length": 4, "type": "bot_command"}]
    telegram.queue("getUpdates", 200, {"ok": True, "result": [hello]})
    transport = Transport(
        request=telegram,
        get_updates_request=telegram,
        rate_limiter=RetryingRateLimiter(sleep=FakeSleep()),
        poll_interval=0.05,
    )

    def to_admin() -> list[str]:
        return [
            str(c.params.get("text", ""))
            for c in telegram.calls_to("sendMessage")
            if str(c.params.get("chat_id")) == "1001"
        ]

    stop = asyncio.Event()
    task = asyncio.create_task(run_bot(app, stop, clock=TODAY, transport=transport))
    try:
        await wait_for(lambda: len(to_admin()) >= 1 and "Bot Zalo" in err.getvalue())
        await fake.write("/dangky Phòng Nội vụ", chat_id="z-2", display_name="Trần Văn Bình")
        await fake.wait_until(answered("z-2"))
        [answer] = await fake.sent_texts("z-2")
        assert answer.startswith("Đã gửi yêu cầu đăng ký vào Phòng Nội vụ")
        await wait_for(lambda: len(to_admin()) >= 2)
        request = to_admin()[1]
        assert "Trần Văn Bình" in request
        assert "Phòng Nội vụ" in request
        [call] = [c for c in telegram.calls_to("sendMessage") if "Trần Văn Bình" in str(c.params)]
        assert "Duyệt" in str(call.params.get("reply_markup"))  # buttons on Telegram
    finally:
        stop.set()
        await asyncio.wait_for(task, WAIT_SECONDS)
        app.close()
    assert "Bot Zalo" in err.getvalue()
    assert TOKEN not in err.getvalue()
