"""TelegramMessenger: the scheduler's Messenger port over the PTB bot."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    InvalidToken,
    RetryAfter,
    TelegramError,
)
from telegram.ext import ExtBot

from bot.telegram.delivery import (
    NO_RETRY,
    PACED,
    RetryingRateLimiter,
    describe,
    retry_after_seconds,
    send_reply,
)
from bot.telegram.translate import PLATFORM
from handlers.messages import Button, Reply
from scheduler.messenger import (
    ChatTarget,
    OutgoingMessage,
    PermanentSendError,
    TransientSendError,
)
from scheduler.messenger import RetryAfter as RetryLater
from scheduler.ratelimit import RateLimiter

log = logging.getLogger(__name__)


def reply_for(message: OutgoingMessage) -> Reply:
    """A pushed message as a core Reply, so it is rendered like every answer."""
    return Reply(
        lines=tuple(message.text.split("\n")),
        buttons=tuple(Button(label, data) for label, data in message.buttons),
    )


class TelegramMessenger:
    """Sends reminders to Telegram chats; Telegram's errors become the port's three errors.

    It does not retry: the reminder sender does, with its own ledger, so a failure is reported
    at once. `paced`: the caller (the reminder sender) counted each send against the bot's
    limiter already, so the bot does not count it again; otherwise the bot paces it.
    """

    def __init__(self, bot: ExtBot[Any], *, paced: bool = False) -> None:
        self.bot = bot
        self.paced = paced

    async def send(self, chat: ChatTarget, message: OutgoingMessage) -> None:
        """Deliver `message` to `chat`, or raise RetryAfter / Transient / PermanentSendError."""
        if chat.platform != PLATFORM:
            raise PermanentSendError(f"not a Telegram chat: {chat.key}")
        try:
            chat_id = int(chat.chat_id)
        except ValueError as exc:
            raise PermanentSendError(f"not a Telegram chat id: {chat.chat_id!r}") from exc
        try:
            retries = PACED if self.paced else NO_RETRY
            await send_reply(self.bot, chat_id, reply_for(message), retries=retries)
        except RetryAfter as exc:
            raise RetryLater(retry_after_seconds(exc), describe(exc)) from exc
        except (Forbidden, ChatMigrated) as exc:
            # removed, blocked, or a group that moved twice: this chat cannot be reached
            raise PermanentSendError(describe(exc)) from exc
        except BadRequest as exc:
            # "chat not found" and friends: sending again will not help
            raise PermanentSendError(describe(exc)) from exc
        except InvalidToken as exc:
            # the bot's token, not the chat, is wrong: every chat fails until it is fixed
            raise TransientSendError(describe(exc)) from exc
        except TelegramError as exc:  # NetworkError, TimedOut, 5xx
            raise TransientSendError(describe(exc)) from exc


class MessengerUnavailable(Exception):
    """The bot could not start: Telegram unreachable, or the token refused (no token inside)."""

    def __init__(self, detail: str, *, token_rejected: bool = False) -> None:
        super().__init__(detail)
        self.token_rejected = token_rejected


@asynccontextmanager
async def telegram_messenger(
    token: str, base_url: str = "", limiter: RateLimiter | None = None
) -> AsyncIterator[TelegramMessenger]:
    """A messenger on its own initialised bot (``giaoviec remind --send-now``).

    With a `limiter` the bot paces its calls with it (RetryingRateLimiter) and the messenger
    is `paced`: the reminder sender counts each reminder against the same limiter, once.
    Raises MessengerUnavailable when getMe fails: nothing has been sent then.
    """
    bot: ExtBot[Any] = ExtBot(
        token,
        base_url=base_url or "https://api.telegram.org/bot",
        rate_limiter=RetryingRateLimiter(limiter) if limiter is not None else None,
    )
    try:
        await bot.initialize()
    except InvalidToken as exc:
        raise MessengerUnavailable(describe(exc), token_rejected=True) from None
    except TelegramError as exc:
        raise MessengerUnavailable(describe(exc).replace(token, "…")) from None
    try:
        yield TelegramMessenger(bot, paced=limiter is not None)
    finally:
        await bot.shutdown()
