"""Talking to the telegram-test-api emulator: PTB's side (fix-ups) and the user's side."""

from __future__ import annotations

import asyncio
import base64
import html
import itertools
import json
import re
import time
from dataclasses import dataclass, field
from typing import Any

import httpx
from telegram.request import BaseRequest, HTTPXRequest

# The emulator's bot account (its getMe).
BOT_USERNAME = "TestNameBot"
_MS_DATES = 10**11  # a Unix date above this is in milliseconds
_TAG = re.compile(r"</?[a-z]+>")
_JSON_TEXT_FIELDS = frozenset({"link_preview_options", "reply_parameters"})


def visible(rendered: str) -> str:
    """What a Telegram client shows for the bot's HTML."""
    return html.unescape(_TAG.sub("", rendered))


def _fix(value: Any, key: str = "") -> Any:
    """The emulator's JSON as the Bot API would send it.

    - getMe's user has no is_bot (PTB: "missing is_bot");
    - the bot's own messages come back with millisecond dates (PTB: "year out of range");
    - a callback_query has no chat_instance;
    - the echo of a sent message holds object parameters as PTB posted them: JSON text.
    """
    if isinstance(value, list):
        return [_fix(v, key) for v in value]
    if key in _JSON_TEXT_FIELDS and isinstance(value, str):
        return _fix(json.loads(value), key)
    if not isinstance(value, dict):
        if key == "date" and isinstance(value, int) and value > _MS_DATES:
            return value // 1000
        return value
    fixed = {k: _fix(v, k) for k, v in value.items()}
    if "first_name" in fixed and "id" in fixed and "type" not in fixed:
        fixed.setdefault("is_bot", key == "result")  # a user; getMe's result is the bot
    if key == "callback_query":
        fixed.setdefault("chat_instance", "emulator")
    return fixed


class EmulatorRequest(HTTPXRequest):
    """PTB's HTTPX request with the emulator's answers fixed up (tests only, never the product)."""

    @staticmethod
    def parse_json_payload(payload: bytes) -> dict[str, Any]:
        data: dict[str, Any] = _fix(BaseRequest.parse_json_payload(payload))
        return data


@dataclass
class BotMessage:
    """What the bot sent, as the emulator stored it."""

    message_id: int
    chat_id: str
    text: str
    parse_mode: str | None
    buttons: list[tuple[str, str]]  # (label, callback data), row by row

    def button(self, label: str) -> str:
        """The callback data of the button labelled `label`."""
        for text, data in self.buttons:
            if text == label:
                return data
        raise AssertionError(f"no button {label!r} in {self.buttons}")


@dataclass
class EmulatedChat:
    """A chat as the user's client describes it to the emulator."""

    id: int
    type: str = "private"
    title: str = ""
    label: str = ""  # how the transcript names the chat

    def json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "type": self.type}
        if self.title:
            data["title"] = self.title
        return data


@dataclass
class EmulatedUser:
    id: int
    first_name: str

    def json(self) -> dict[str, Any]:
        return {"id": self.id, "is_bot": False, "first_name": self.first_name}


@dataclass
class Conversation:
    """The users' side of one bot token on the emulator, with a transcript of what was said."""

    url: str
    token: str
    client: httpx.AsyncClient
    transcript: list[str] = field(default_factory=list)
    _file_ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    async def _post(self, path: str, body: dict[str, Any]) -> Any:
        response = await self.client.post(
            f"{self.url}{path}", json={"botToken": self.token, **body}
        )
        response.raise_for_status()
        return response.json()

    def _note(self, chat: EmulatedChat, who: str, what: str) -> None:
        where = chat.label or chat.title or ("nhóm" if chat.type != "private" else "riêng")
        self.transcript.append(f"[{where}] {who}: {what}")

    async def say(
        self,
        chat: EmulatedChat,
        user: EmulatedUser,
        text: str,
        *,
        mention: bool = False,
        reply_to: BotMessage | None = None,
    ) -> None:
        """A text message; "/..." goes as a command, `mention` prefixes @bot as an entity."""
        message: dict[str, Any] = {
            "date": int(time.time()),
            "chat": chat.json(),
            "from": user.json(),
        }
        if mention:
            text = f"@{BOT_USERNAME} {text}"
            message["entities"] = [
                {"offset": 0, "length": len(BOT_USERNAME) + 1, "type": "mention"}
            ]
        if reply_to is not None:
            message["reply_to_message"] = {
                "message_id": reply_to.message_id,
                "date": int(time.time()),
                "chat": chat.json(),
                "from": {"id": 666, "is_bot": True, "first_name": "Bot", "username": BOT_USERNAME},
                "text": reply_to.text,
            }
        message["text"] = text
        self._note(chat, user.first_name, text)
        if text.startswith("/"):
            command = text.split()[0]
            message["entities"] = [{"offset": 0, "length": len(command), "type": "bot_command"}]
            await self._post("/sendCommand", message)
        else:
            await self._post("/sendMessage", message)

    async def send_document(
        self, chat: EmulatedChat, user: EmulatedUser, filename: str, content: bytes
    ) -> None:
        """A document message; the bytes wait in the emulator for the bot's getFile."""
        file_id = f"file-{next(self._file_ids)}"
        await self._post(
            "/uploadFile",
            {"fileId": file_id, "contentBase64": base64.b64encode(content).decode()},
        )
        self._note(chat, user.first_name, f"(gửi tệp {filename}, {len(content)} byte)")
        await self._post(
            "/sendMessage",
            {
                "date": int(time.time()),
                "chat": chat.json(),
                "from": user.json(),
                "document": {
                    "file_id": file_id,
                    "file_unique_id": f"u-{file_id}",
                    "file_name": filename,
                    "file_size": len(content),
                },
            },
        )

    async def press(
        self, chat: EmulatedChat, user: EmulatedUser, message: BotMessage, label: str
    ) -> None:
        """Press the button labelled `label` under one of the bot's messages."""
        data = message.button(label)
        self._note(chat, user.first_name, f"[bấm «{label}»]")
        await self._post(
            "/sendCallback",
            {
                "data": data,
                "from": user.json(),
                "message": {
                    "message_id": message.message_id,
                    "date": int(time.time()),
                    "chat": chat.json(),
                    "text": message.text,
                },
            },
        )

    async def replies(
        self, chat: EmulatedChat, count: int = 1, within: float = 20.0
    ) -> list[BotMessage]:
        """The bot's next `count` messages to `chat` (fails after `within` seconds)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + within
        got: list[BotMessage] = []
        while len(got) < count:
            answer = await self.client.post(
                f"{self.url}/getUpdates", json={"token": self.token, "chatId": chat.id}
            )
            for item in answer.json()["result"]:
                m = item["message"]
                markup = m.get("reply_markup") or {}
                buttons = [
                    (b["text"], b.get("callback_data", ""))
                    for row in markup.get("inline_keyboard", [])
                    for b in row
                ]
                got.append(
                    BotMessage(
                        item["messageId"],
                        str(m["chat_id"]),
                        m["text"],
                        m.get("parse_mode"),
                        buttons,
                    )
                )
                labels = " ".join(f"[{label}]" for label, _ in buttons)
                shown = visible(m["text"]) + (f"\n      {labels}" if labels else "")
                self._note(chat, "Bot", shown)
            if len(got) >= count:
                break
            if loop.time() > deadline:
                raise AssertionError(f"waited {within} s for {count} messages, got {got}")
            await asyncio.sleep(0.05)
        return got

    async def silence(self, chat: EmulatedChat, seconds: float = 1.0) -> list[BotMessage]:
        """What the bot sends to `chat` within `seconds` (expected: nothing)."""
        try:
            return await self.replies(chat, count=1, within=seconds)
        except AssertionError:
            return []
