"""`giaoviec run`: configuration, secrets kept out of logs and errors, the webhook's secret check,
and a clean stop on SIGTERM."""

from __future__ import annotations

import asyncio
import io
import json
import logging
import os
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import parse_qsl

import httpx
import pytest
from telegram.request import HTTPXRequest

from bot.cli import main
from bot.config import ConfigError, TelegramSettings, load_settings
from bot.runtime import REDACTED, configure_logging, run_bot
from bot.telegram.app import Transport
from bot.telegram.delivery import RetryingRateLimiter
from bot.wiring import App, CliError
from handlers import texts
from handlers.messages import Reply
from handlers.router import FixedClock
from tests.bot.telegram.fakes import (
    BOT_USER,
    TOKEN,
    FakeRouter,
    FakeSleep,
    FakeTelegramRequest,
    feed,
    load_update,
    offline_app,
)

REPO = Path(__file__).resolve().parents[3]
SECRET = "webhook-Secret_0123456789"
TOKEN_ENV = "GIAOVIEC_TELEGRAM_TOKEN"
SECRET_ENV = "GIAOVIEC_TELEGRAM_WEBHOOK_SECRET"
TODAY = FixedClock(date(2023, 3, 3))


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GIAOVIEC_CONFIG", raising=False)
    monkeypatch.delenv(TOKEN_ENV, raising=False)
    monkeypatch.delenv(SECRET_ENV, raising=False)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def write_config(path: Path, telegram: str) -> Path:
    path.write_text(f'[storage]\ndata_dir = "data"\n\n[telegram]\n{telegram}\n', encoding="utf-8")
    return path


def make_app(tmp_path: Path, config: Path) -> tuple[App, io.StringIO]:
    settings = load_settings(config)
    err = io.StringIO()
    units = REPO / "knowledge" / "data" / "units" / "huyen-truoc-2025.toml"
    return App(settings, settings.db_url, units, io.StringIO(), err), err


# --- configuration ----------------------------------------------------------------------------


def test_the_telegram_table_is_read_and_checked(tmp_path: Path) -> None:
    config = write_config(
        tmp_path / "config.toml",
        'mode = "webhook"\nwebhook_url = "https://bot.example.gov.vn/tg"\nwebhook_port = 8443\n'
        'base_url = "http://127.0.0.1:8081/bot"\nsecret_token_env = "MY_SECRET"',
    )
    telegram = load_settings(config).telegram
    assert telegram == TelegramSettings(
        mode="webhook",
        webhook_url="https://bot.example.gov.vn/tg",
        base_url="http://127.0.0.1:8081/bot",
        secret_token_env="MY_SECRET",
    )
    assert load_settings(tmp_path / "missing.toml").telegram == TelegramSettings()


@pytest.mark.parametrize(
    ("table", "key"),
    [
        ('mode = "push"', "telegram.mode"),
        ('mode = "webhook"', "telegram.webhook_url"),
        ("webhook_port = 70000", "telegram.webhook_port"),
        ("base_url = 5", "telegram.base_url"),
        ("admin_cache_seconds = 0", "telegram.admin_cache_seconds"),
    ],
)
def test_a_bad_telegram_setting_names_its_key(tmp_path: Path, table: str, key: str) -> None:
    with pytest.raises(ConfigError, match=key.replace(".", r"\.")):
        load_settings(write_config(tmp_path / "config.toml", table))


@pytest.mark.parametrize(
    ("table", "env", "expected"),
    [
        ("", {}, texts.RUN_NO_TOKEN.format(env=TOKEN_ENV)),
        (
            'mode = "webhook"\nwebhook_url = "https://x.example/tg"',
            {TOKEN_ENV: TOKEN},
            texts.RUN_NO_SECRET.format(env=SECRET_ENV),
        ),
        (
            'mode = "webhook"\nwebhook_url = "https://x.example/tg"',
            {TOKEN_ENV: TOKEN, SECRET_ENV: "có dấu và khoảng trắng"},
            texts.RUN_BAD_SECRET.format(env=SECRET_ENV),
        ),
    ],
)
def test_run_refuses_to_start_without_its_secrets(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    table: str,
    env: dict[str, str],
    expected: str,
) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    config = write_config(tmp_path / "config.toml", table)
    out, err = io.StringIO(), io.StringIO()
    assert main(["--config", str(config), "run"], out, err) == 2
    assert err.getvalue() == expected + "\n"
    assert TOKEN not in err.getvalue()


# --- the token stays out of logs and error messages -------------------------------------------


@pytest.fixture
def redacting() -> Iterator[None]:
    """configure_logging's filter on the root handlers (pytest's included), removed after."""
    redactor = configure_logging([TOKEN, SECRET])
    yield
    for handler in logging.getLogger().handlers:
        handler.removeFilter(redactor)
    logging.getLogger("httpx").setLevel(logging.NOTSET)
    logging.getLogger("httpcore").setLevel(logging.NOTSET)


def failing_transport(request: httpx.Request) -> httpx.Response:
    """getMe works; every send fails on the network, naming the URL (and so the token)."""
    if request.url.path.endswith("/getMe"):
        return httpx.Response(200, json={"ok": True, "result": BOT_USER})
    raise httpx.ConnectError(f"connection refused by {request.url}", request=request)


async def test_the_token_never_reaches_the_logs_during_an_error(
    redacting: None, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    request = HTTPXRequest(httpx_kwargs={"transport": httpx.MockTransport(failing_transport)})
    router = FakeRouter([Reply("ok")])
    app, _ = offline_app(router, request)
    async with app:
        await feed(app, load_update("private_text"))  # the reply fails after 3 retries
        try:
            await app.bot.send_message(1001, "x")
        except Exception:
            logging.getLogger("test").exception("send failed")
    text = caplog.text
    assert "connection refused by" in text  # the errors were logged...
    assert REDACTED in text  # ...with the token taken out
    assert TOKEN not in text
    for record in caplog.records:
        assert TOKEN not in record.getMessage()
        assert TOKEN not in (record.exc_text or "")
    # httpx's request lines (URL with the token) are not even written
    assert logging.getLogger("httpx").getEffectiveLevel() == logging.WARNING


@pytest.mark.parametrize(
    ("status", "description", "expected"),
    [
        (401, "Unauthorized", texts.RUN_TOKEN_REJECTED.format(env=TOKEN_ENV)),
        (500, "upstream failed for /bot{token}/getMe", None),
    ],
)
async def test_a_failed_start_says_why_without_the_token(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    status: int,
    description: str,
    expected: str | None,
) -> None:
    monkeypatch.setenv(TOKEN_ENV, TOKEN)

    def api(request: httpx.Request) -> httpx.Response:
        body = {"ok": False, "error_code": status, "description": description.format(token=TOKEN)}
        return httpx.Response(status, json=body)

    app, _ = make_app(tmp_path, write_config(tmp_path / "config.toml", ""))
    request = HTTPXRequest(httpx_kwargs={"transport": httpx.MockTransport(api)})
    try:
        with pytest.raises(CliError) as raised:
            await run_bot(
                app,
                asyncio.Event(),
                clock=TODAY,
                transport=Transport(request=request, get_updates_request=request),
            )
    finally:
        app.close()
    message = str(raised.value)
    assert TOKEN not in message
    if expected is not None:
        assert message == expected
    else:
        assert message == texts.RUN_START_FAILED.format(
            detail=f"NetworkError: upstream failed for /bot{REDACTED}/getMe"
        )


# --- webhook: the secret is checked ------------------------------------------------------------


async def _wait_for(condition: Any, seconds: float = 10.0) -> bool:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    while loop.time() < deadline:
        if condition():
            return True
        await asyncio.sleep(0.02)
    return bool(condition())


async def test_the_webhook_refuses_a_wrong_or_missing_secret(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(TOKEN_ENV, TOKEN)
    monkeypatch.setenv(SECRET_ENV, SECRET)
    port = free_port()
    config = write_config(
        tmp_path / "config.toml",
        f'mode = "webhook"\nwebhook_listen = "127.0.0.1"\nwebhook_port = {port}\n'
        'webhook_path = "hook"\nwebhook_url = "https://bot.example.gov.vn/hook"',
    )
    app, err = make_app(tmp_path, config)
    fake = FakeTelegramRequest()
    stop = asyncio.Event()
    transport = Transport(
        request=fake,
        get_updates_request=fake,
        rate_limiter=RetryingRateLimiter(sleep=FakeSleep()),
    )
    task = asyncio.create_task(run_bot(app, stop, clock=TODAY, transport=transport))
    try:
        assert await _wait_for(lambda: texts.RUN_STARTED.split(" ")[0] in err.getvalue())
        [hook] = fake.calls_to("setWebhook")
        assert hook.params["url"] == "https://bot.example.gov.vn/hook"
        assert hook.params["secret_token"] == SECRET
        update = load_update("private_text")
        update["message"]["text"] = "/trogiup"
        update["message"]["entities"] = [{"offset": 0, "length": 8, "type": "bot_command"}]
        url = f"http://127.0.0.1:{port}/hook"
        async with httpx.AsyncClient() as client:
            wrong = await client.post(
                url, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": "guess"}
            )
            missing = await client.post(url, json=update)
            await asyncio.sleep(0)  # anything accepted would now be queued
            assert (wrong.status_code, missing.status_code) == (403, 403)
            right = await client.post(
                url, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": SECRET}
            )
            assert right.status_code == 200
        # the accepted update is answered; the refused two never were
        assert await _wait_for(lambda: fake.calls_to("sendMessage"))
        await asyncio.sleep(0.2)
        assert len(fake.calls_to("sendMessage")) == 1
    finally:
        stop.set()
        await asyncio.wait_for(task, 10)
        app.close()


# --- `giaoviec run` as a process --------------------------------------------------------------


class _FakeBotApi(BaseHTTPRequestHandler):
    """A Bot API enough for start-up and idle polling; records the methods called."""

    calls: ClassVar[list[tuple[str, dict[str, Any]]]] = []
    polled: ClassVar[threading.Event] = threading.Event()

    def do_POST(self) -> None:
        method = self.path.rsplit("/", 1)[-1]
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length).decode() if length else ""
        # PTB posts a form whose nested values are JSON
        params = {k: _json_or_text(v) for k, v in parse_qsl(raw)}
        type(self).calls.append((method, params))
        result: Any
        if method == "getMe":
            result = BOT_USER
        elif method in ("deleteWebhook", "setMyCommands"):
            result = True
        elif method == "getUpdates":
            type(self).polled.set()
            threading.Event().wait(0.2)  # a short long-poll, so the client does not spin
            result = []
        else:
            self._send(404, {"ok": False, "error_code": 404, "description": "Not Found"})
            return
        self._send(200, {"ok": True, "result": result})

    def _send(self, status: int, body: dict[str, Any]) -> None:
        data = json.dumps(body).encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the bot stopped while a poll was held

    def log_message(self, format: str, *args: Any) -> None:
        return


def _json_or_text(value: str) -> Any:
    try:
        return json.loads(value)
    except ValueError:
        return value


@pytest.fixture
def fake_bot_api() -> Iterator[tuple[int, type[_FakeBotApi]]]:
    handler = type("Api", (_FakeBotApi,), {"calls": [], "polled": threading.Event()})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1], handler
    server.shutdown()
    server.server_close()


def test_run_serves_until_sigterm_then_stops_cleanly(
    tmp_path: Path, fake_bot_api: tuple[int, type[_FakeBotApi]]
) -> None:
    port, api = fake_bot_api
    config = write_config(tmp_path / "config.toml", f'base_url = "http://127.0.0.1:{port}/bot"')
    env = {k: v for k, v in os.environ.items() if k != "GIAOVIEC_CONFIG"}
    env[TOKEN_ENV] = TOKEN
    env["PTB_TIMEDELTA"] = "true"
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "--config", str(config), "run"],
        cwd=tmp_path,
        env={**env, "PYTHONPATH": str(REPO)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert api.polled.wait(60), "the bot never polled"
        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 0, err
    assert texts.RUN_STARTED.format(username="GiaoViecBot", mode="polling") in err
    assert err.rstrip().endswith(texts.RUN_STOPPED)
    assert TOKEN not in err + out
    methods = [m for m, _ in api.calls]
    assert methods[:3] == ["getMe", "setMyCommands", "deleteWebhook"]
    commands = dict(api.calls)["setMyCommands"]["commands"]
    assert {"command": "trogiup", "description": "Các lệnh và cách hỏi"} in commands
