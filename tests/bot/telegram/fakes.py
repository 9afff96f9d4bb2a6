"""Offline Telegram: a fake Bot API behind PTB's request seam, a recording router, updates."""

from __future__ import annotations

import json
from collections import defaultdict, deque
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from telegram import Update
from telegram.ext import ExtBot
from telegram.request import BaseRequest, RequestData

from bot.config import TelegramSettings
from bot.telegram.app import TelegramAdapter, TelegramApp, Transport, build_application
from bot.telegram.delivery import RetryingRateLimiter
from handlers.messages import ChatRef, IncomingMessage, Reply
from scheduler.ratelimit import RateLimiter

DATA = Path(__file__).resolve().parents[2] / "data" / "telegram"
TOKEN = "123456789:AAHsecret-TEST_token_never_logged"
BOT_USER = {
    "id": 777000111,
    "is_bot": True,
    "first_name": "Giao việc",
    "username": "GiaoViecBot",
    "can_join_groups": True,
    "can_read_all_group_messages": False,
    "supports_inline_queries": False,
}
FILE_BASE = "https://api.telegram.org/file/bot"


def load_update(name: str) -> dict[str, Any]:
    """A recorded, anonymised update from tests/data/telegram/<name>.json."""
    data: dict[str, Any] = json.loads((DATA / f"{name}.json").read_text(encoding="utf-8"))
    return data


@dataclass
class Call:
    """One Bot API request PTB made: the method and its parameters (JSON-ready values)."""

    method: str
    params: dict[str, Any]


class UnplannedCall(AssertionError):
    """The code under test called a method the test did not plan for."""


class FakeTelegramRequest(BaseRequest):
    """A Bot API that records every request and answers from a table.

    `queue(method, status, body)` plans one answer ahead of the table's (a 429, a 403...).
    A method with no answer fails the test.
    """

    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.files: dict[str, bytes] = {}  # file_path -> content, for downloads
        self.administrators: dict[int, list[int]] = {}
        self._queued: dict[str, deque[tuple[int, dict[str, Any]]]] = defaultdict(deque)
        self._message_id = 1000
        self.downloads: list[str] = []

    # --- planning -----------------------------------------------------------------------------

    def queue(self, method: str, status: int, body: dict[str, Any]) -> None:
        self._queued[method].append((status, body))

    def queue_error(self, method: str, status: int, description: str, **parameters: Any) -> None:
        body: dict[str, Any] = {"ok": False, "error_code": status, "description": description}
        if parameters:
            body["parameters"] = parameters
        self.queue(method, status, body)

    def calls_to(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method == method]

    def methods(self) -> list[str]:
        return [c.method for c in self.calls]

    # --- BaseRequest --------------------------------------------------------------------------

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None

    @property
    def read_timeout(self) -> float | None:
        return 1.0

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = None,
        write_timeout: Any = None,
        connect_timeout: Any = None,
        pool_timeout: Any = None,
    ) -> tuple[int, bytes]:
        path = urlsplit(url).path
        if "/file/bot" in path:
            file_path = path.split("/", 3)[-1]  # /file/bot<token>/<file_path>
            self.downloads.append(file_path)
            if file_path not in self.files:
                return 404, b'{"ok":false,"error_code":404,"description":"Not Found"}'
            return 200, self.files[file_path]
        api_method = path.rsplit("/", 1)[-1]
        params = dict(request_data.parameters) if request_data is not None else {}
        self.calls.append(Call(api_method, params))
        if self._queued[api_method]:
            status, body = self._queued[api_method].popleft()
            return status, json.dumps(body).encode()
        answer = self._answer(api_method, params)
        return 200, json.dumps({"ok": True, "result": answer}).encode()

    def _answer(self, method: str, params: dict[str, Any]) -> Any:
        if method == "getMe":
            return BOT_USER
        if method in (
            "setMyCommands",
            "answerCallbackQuery",
            "deleteWebhook",
            "setWebhook",
        ):
            return True
        if method == "getUpdates":
            return []
        if method == "sendMessage":
            self._message_id += 1
            return {
                "message_id": self._message_id,
                "date": 1_700_000_000,
                "chat": {"id": int(params["chat_id"]), "type": "private"},
                "from": BOT_USER,
                "text": params.get("text", ""),
            }
        if method == "sendDocument":
            self._message_id += 1
            return {
                "message_id": self._message_id,
                "date": 1_700_000_000,
                "chat": {"id": int(params["chat_id"]), "type": "private"},
                "document": {"file_id": "sent", "file_unique_id": "sent"},
            }
        if method == "sendPhoto":
            self._message_id += 1
            return {
                "message_id": self._message_id,
                "date": 1_700_000_000,
                "chat": {"id": int(params["chat_id"]), "type": "private"},
                "photo": [{"file_id": "p", "file_unique_id": "p", "width": 800, "height": 600}],
            }
        if method == "getChatAdministrators":
            chat_id = int(params["chat_id"])
            if chat_id not in self.administrators:
                raise UnplannedCall(f"no administrators planned for chat {chat_id}")
            return [
                {
                    "status": "administrator" if n else "creator",
                    "user": {"id": uid, "is_bot": False, "first_name": f"Admin {uid}"},
                    "is_anonymous": False,
                    **(
                        {
                            "can_be_edited": False,
                            "can_manage_chat": True,
                            "can_delete_messages": True,
                            "can_manage_video_chats": True,
                            "can_restrict_members": True,
                            "can_promote_members": False,
                            "can_change_info": True,
                            "can_invite_users": True,
                            "can_post_stories": False,
                            "can_edit_stories": False,
                            "can_delete_stories": False,
                        }
                        if n
                        else {}
                    ),
                }
                for n, uid in enumerate(self.administrators[chat_id])
            ]
        if method == "getFile":
            file_id = params["file_id"]
            path = f"documents/{file_id}"
            size = len(self.files[path]) if path in self.files else None
            return {
                "file_id": file_id,
                "file_unique_id": f"u-{file_id}",
                "file_size": size,
                "file_path": path,
            }
        raise UnplannedCall(f"the fake Bot API has no answer for {method}({params})")


@dataclass
class FakeRouter:
    """The core stand-in: records each message and answers from a plan (or a function)."""

    replies: list[Reply] = field(default_factory=list)
    answer: Callable[[IncomingMessage], list[Reply]] | None = None
    received: list[IncomingMessage] = field(default_factory=list)

    def dispatch(self, message: IncomingMessage) -> list[Reply]:
        self.received.append(message)
        if self.answer is not None:
            return self.answer(message)
        return list(self.replies)


@dataclass
class RemovalRouter(FakeRouter):
    """A core with the chat_removed entry."""

    removed: list[ChatRef] = field(default_factory=list)
    removal_replies: list[Reply] = field(default_factory=list)

    def chat_removed(self, chat: ChatRef) -> list[Reply]:
        self.removed.append(chat)
        return list(self.removal_replies)


@dataclass
class MigrationRouter(FakeRouter):
    """A core with the chat_migrated entry."""

    migrated: list[tuple[ChatRef, ChatRef]] = field(default_factory=list)

    def chat_migrated(self, old: ChatRef, new: ChatRef) -> list[Reply]:
        self.migrated.append((old, new))
        return []


class FakeSleep:
    """Records the waits asked for instead of waiting."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


def offline_app(
    router: Any,
    request: BaseRequest,
    *,
    commands: Sequence[tuple[str, str]] = (),
    max_upload_bytes: int = 20 * 1024 * 1024,
    sleep: Callable[[float], Awaitable[None]] | None = None,
    admins: Any = None,
    settings: TelegramSettings | None = None,
    limiter: RateLimiter | None = None,
) -> tuple[TelegramApp, TelegramAdapter]:
    """A real PTB Application whose every request goes to `request` (paced by `limiter`)."""
    adapter = TelegramAdapter(
        router, commands=commands, max_upload_bytes=max_upload_bytes, admins=admins
    )
    throttle = RetryingRateLimiter(limiter, sleep=sleep or FakeSleep())
    app = build_application(
        TOKEN,
        settings or TelegramSettings(),
        adapter,
        Transport(request=request, get_updates_request=request, rate_limiter=throttle),
    )
    return app, adapter


async def feed(app: TelegramApp, payload: dict[str, Any]) -> None:
    """Process one recorded update as if Telegram had sent it."""
    bot: ExtBot[Any] = app.bot
    await app.process_update(Update.de_json(payload, bot))
