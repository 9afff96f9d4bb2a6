"""The Zalo Bot API's JSON shapes as frozen dataclasses, parsed tolerantly."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

# Event names the platform documents; others (newer ones) are kept as they come, not refused.
TEXT_EVENT = "message.text.received"
IMAGE_EVENT = "message.image.received"
STICKER_EVENT = "message.sticker.received"
VOICE_EVENT = "message.voice.received"
UNSUPPORTED_EVENT = "message.unsupported.received"

PRIVATE = "PRIVATE"
GROUP = "GROUP"

# sendMessage text and sendPhoto caption: 1-2,000 characters. Whether Zalo counts code points or
# UTF-16 units is not documented, so lengths are measured in UTF-16 units (never fewer).
MAX_TEXT = 2000
# setWebhook's secret_token: 8-256 characters.
SECRET_MIN, SECRET_MAX = 8, 256


def text_length(text: str) -> int:
    """Length in UTF-16 code units: a character outside the BMP (an emoji) counts twice."""
    return len(text.encode("utf-16-le")) // 2


class ZaloSchemaError(ValueError):
    """A payload that is not a Zalo update, or lacks what a reply needs (the chat id)."""


@dataclass(frozen=True)
class ZaloUser:
    """The sender of a message."""

    id: str
    display_name: str = ""
    is_bot: bool = False


@dataclass(frozen=True)
class ZaloChat:
    """Where a message was written; `chat_type` is "PRIVATE" or "GROUP"."""

    id: str
    chat_type: str = PRIVATE

    @property
    def is_group(self) -> bool:
        """Whether this is a group chat (private is the default when the field is missing)."""
        return self.chat_type.upper() == GROUP


@dataclass(frozen=True)
class ZaloMessage:
    """One inbound message; which fields are set depends on the event."""

    message_id: str
    chat: ZaloChat
    sender: ZaloUser
    date_ms: int = 0  # epoch milliseconds
    text: str = ""
    photo_url: str = ""
    caption: str = ""
    sticker: str = ""
    voice_url: str = ""
    message_type: str = ""


@dataclass(frozen=True)
class ZaloUpdate:
    """One update: an event name and, for message events, the message."""

    event_name: str
    message: ZaloMessage | None = None


@dataclass(frozen=True)
class BotInfo:
    """getMe: who the bot is and whether it may be added to groups."""

    id: str
    account_name: str = ""
    account_type: str = ""
    can_join_groups: bool = False
    display_name: str = ""


@dataclass(frozen=True)
class WebhookInfo:
    """setWebhook / deleteWebhook / getWebhookInfo: the URL ("" when none) and when it changed."""

    url: str = ""
    updated_at_ms: int = 0


@dataclass(frozen=True)
class SentMessage:
    """sendMessage / sendPhoto: the id the platform gave the message."""

    message_id: str
    date_ms: int = 0


# Ids are short strings (20 hex characters seen); the database keeps at most 100.
MAX_ID_CHARS = 100
_MAX_INT = 2**63
_MAX_INT_DIGITS = 18


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return ""
    if isinstance(value, int | float):
        return str(value)
    return ""


def _int(value: object) -> int:
    """A number such as a date in milliseconds; 0 for anything else (never raises)."""
    if isinstance(value, bool):
        return 0
    if isinstance(value, int):
        return value if abs(value) < _MAX_INT else 0
    if isinstance(value, float):
        return int(value) if math.isfinite(value) and abs(value) < _MAX_INT else 0
    if isinstance(value, str):
        digits = value.strip()
        if digits.isascii() and digits.isdigit() and len(digits) <= _MAX_INT_DIGITS:
            return int(digits)
    return 0


def _dict(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def parse_update(payload: object) -> ZaloUpdate:
    """A webhook body or a getUpdates result: the envelope {"ok", "result"} or the bare update.

    Unknown event names and missing optional fields are accepted; a message without a chat id
    cannot be answered and raises ZaloSchemaError.
    """
    if not isinstance(payload, dict):
        raise ZaloSchemaError("an update must be a JSON object")
    body = payload
    if "result" in body and "event_name" not in body:
        body = _dict(body.get("result"))
    event_name = _text(body.get("event_name"))
    raw = body.get("message")
    if raw is None:
        if not event_name:
            raise ZaloSchemaError("neither event_name nor message in the update")
        return ZaloUpdate(event_name)
    if not isinstance(raw, dict):
        raise ZaloSchemaError("message must be a JSON object")
    chat = _dict(raw.get("chat"))
    sender = _dict(raw.get("from"))
    chat_id = _text(chat.get("id")) or _text(sender.get("id"))
    if not chat_id:
        raise ZaloSchemaError("the message has no chat id")
    if len(chat_id) > MAX_ID_CHARS or len(_text(sender.get("id"))) > MAX_ID_CHARS:
        raise ZaloSchemaError("an id longer than any Zalo id")
    user = ZaloUser(
        id=_text(sender.get("id")) or chat_id,
        # older payloads name the sender first_name or name
        display_name=_text(
            sender.get("display_name") or sender.get("first_name") or sender.get("name")
        ),
        is_bot=sender.get("is_bot") is True,
    )
    message = ZaloMessage(
        message_id=_text(raw.get("message_id")),
        chat=ZaloChat(chat_id, _text(chat.get("chat_type")) or PRIVATE),
        sender=user,
        date_ms=_int(raw.get("date")),
        text=_text(raw.get("text")),
        # the docs say photo, real payloads say photo_url
        photo_url=_text(raw.get("photo_url") or raw.get("photo")),
        caption=_text(raw.get("caption")),
        sticker=_text(raw.get("sticker")),
        voice_url=_text(raw.get("voice_url")),
        message_type=_text(raw.get("message_type")),
    )
    if not event_name and message.text:
        event_name = TEXT_EVENT  # a bare stored message without its event name
    return ZaloUpdate(event_name, message)


def parse_bot_info(result: object) -> BotInfo:
    """getMe's result."""
    raw = _dict(result)
    return BotInfo(
        id=_text(raw.get("id")),
        account_name=_text(raw.get("account_name")),
        account_type=_text(raw.get("account_type")),
        can_join_groups=raw.get("can_join_groups") is True,
        display_name=_text(raw.get("display_name")),
    )


def parse_webhook_info(result: object) -> WebhookInfo:
    """The webhook methods' result."""
    raw = _dict(result)
    return WebhookInfo(url=_text(raw.get("url")), updated_at_ms=_int(raw.get("updated_at")))


def parse_sent_message(result: object) -> SentMessage:
    """sendMessage's and sendPhoto's result."""
    raw = _dict(result)
    return SentMessage(message_id=_text(raw.get("message_id")), date_ms=_int(raw.get("date")))
