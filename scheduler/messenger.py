"""The Messenger port: what a reminder is sent as, where to, and how sending may fail.

Plain data only; bot/telegram and bot/zalo implement `Messenger` and translate their platform's
exceptions into the three errors below, so the sender never sees a platform.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Protocol


@dataclass(frozen=True, order=True)
class ChatTarget:
    """A chat on a platform; ids are text (Telegram ids are large integers, Zalo's strings)."""

    platform: str  # "telegram", "zalo", "console"
    chat_id: str

    @cached_property
    def key(self) -> str:
        """ "platform:chat_id", the form the ledger stores and reminder keys carry."""
        return f"{self.platform}:{self.chat_id}"

    @classmethod
    def parse(cls, key: str) -> ChatTarget:
        """The target written as "platform:chat_id"; ValueError when either part is missing."""
        platform, sep, chat_id = key.partition(":")
        if not sep or not platform.strip() or not chat_id.strip():
            raise ValueError(f"a chat is written platform:chat_id, got {key!r}")
        return cls(platform.strip(), chat_id.strip())

    def __str__(self) -> str:
        return self.key


@dataclass(frozen=True)
class OutgoingMessage:
    """A message to push: text plus inline buttons as (label, callback data) pairs.

    Platforms without buttons render them as text choices; `text` is plain (adapters escape).
    """

    text: str
    buttons: tuple[tuple[str, str], ...] = ()


class SendError(Exception):
    """A message could not be delivered; the subclass tells the sender what to do next."""


class RetryAfter(SendError):
    """The platform asks us to wait `seconds` before sending again (Telegram's 429)."""

    def __init__(self, seconds: float, detail: str = "") -> None:
        super().__init__(detail or f"retry after {seconds:g} s")
        self.seconds = max(0.0, float(seconds))


class TransientSendError(SendError):
    """A failure worth retrying later: a timeout, a network error, a 5xx answer."""


class PermanentSendError(SendError):
    """A failure retrying cannot fix: the bot was removed from the chat, the chat is gone."""


class Messenger(Protocol):
    """Delivers one message to one chat.

    `send` returns once the platform accepted the message. It raises RetryAfter, a
    TransientSendError or a PermanentSendError, and nothing else, for a message that was not
    delivered; any other exception is a bug in the adapter and is treated as transient.
    """

    async def send(self, chat: ChatTarget, message: OutgoingMessage) -> None:
        """Deliver `message` to `chat`."""
        ...
