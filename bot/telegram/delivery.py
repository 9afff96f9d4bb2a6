"""Sending to Telegram: flood limits kept (by the project's one limiter), RetryAfter honoured,
network errors retried."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Coroutine, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from telegram import LinkPreviewOptions, Message, ReplyParameters
from telegram.constants import ParseMode
from telegram.error import BadRequest, ChatMigrated, Forbidden, NetworkError, RetryAfter
from telegram.ext import BaseRateLimiter, ExtBot

from bot.telegram.render import render_reply
from bot.telegram.translate import PLATFORM
from handlers.messages import Reply
from scheduler.clock import SystemClock
from scheduler.pacing import platform_limiter
from scheduler.ratelimit import RateLimiter

log = logging.getLogger(__name__)

Sleep = Callable[[float], Awaitable[None]]
JSONResult = bool | dict[str, Any] | list[dict[str, Any]]

MAX_RETRIES = 3
# Seconds to wait before the 1st, 2nd, 3rd retry of a request that failed on the network.
NETWORK_BACKOFF = (1.0, 3.0, 9.0)
# Telegram's retry_after is a lower bound; a little more avoids a second 429.
RETRY_AFTER_MARGIN = 0.5
# Start-up calls fail at once: the operator sees a wrong token or URL now, not in 13 seconds.
FAIL_FAST = frozenset({"getMe", "setWebhook", "deleteWebhook", "getWebhookInfo"})


@dataclass(frozen=True)
class Retries:
    """A bot call's `rate_limit_args`: how many times it is retried, and whether the caller
    already counted it against the limits (the reminder sender asks the limiter itself).

    A value object, not an int: PTB drops a falsy rate_limit_args, so 0 would read as "default".
    """

    count: int
    paced: bool = False


NO_RETRY = Retries(0)
ONE_RETRY = Retries(1)
# A reminder: the sender paced it through the same limiter and retries it itself.
PACED = Retries(0, paced=True)


def retry_after_seconds(error: RetryAfter) -> float:
    """The wait a 429 asks for, in seconds (PTB 22 gives an int or, opted in, a timedelta)."""
    value: int | float | timedelta = error.retry_after
    if isinstance(value, timedelta):
        return value.total_seconds()
    return float(value)


class RetryingRateLimiter(BaseRateLimiter[Retries]):
    """Every Bot API call paced by the project's limiter (scheduler.pacing's token buckets
    within scheduler.ratelimit's limits: 30 a second overall, 20 a minute per group, 60 a
    minute per private chat), with retries:

    - RetryAfter (429): every request waits the time Telegram asks (the limiter is paused, so
      the reminder sender waits too), then this one is retried;
    - a network failure or a 5xx (PTB's NetworkError, BadRequest excepted): retried after
      NETWORK_BACKOFF. A send that timed out may have arrived, so a rare duplicate is possible;
      it is preferred to a lost reminder.

    It is the only throttle: the reminder sender shares its `limiter` and marks its sends
    PACED, so they are counted once (PTB's AIORateLimiter used to throttle them a second time).
    `rate_limit_args=Retries(n)` on a bot call sets its retries (NO_RETRY for a look-up that
    has a fallback, such as the group administrators); start-up calls (FAIL_FAST) get none.
    """

    def __init__(
        self,
        limiter: RateLimiter | None = None,
        *,
        max_retries: int = MAX_RETRIES,
        backoff: Sequence[float] = NETWORK_BACKOFF,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self.limiter = (
            limiter if limiter is not None else platform_limiter("telegram", SystemClock())
        )
        self._max_retries = max_retries
        self._backoff = tuple(backoff) or (1.0,)
        self._sleep = sleep
        self._open = asyncio.Event()
        self._open.set()

    async def initialize(self) -> None:
        """Nothing to start: the limiter is plain data."""

    async def shutdown(self) -> None:
        """Nothing to stop."""

    async def _pace(self, chat: str | None) -> None:
        while (wait := self.limiter.acquire(chat)) > 0:
            await self._sleep(wait)

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, JSONResult]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: Retries | None,
    ) -> JSONResult:
        """Run one Bot API request within the limits, retrying as the class says."""
        retries = self._max_retries if rate_limit_args is None else rate_limit_args.count
        paced = rate_limit_args is not None and rate_limit_args.paced
        if endpoint in FAIL_FAST:
            retries = 0
        chat_id = data.get("chat_id")
        chat = f"{PLATFORM}:{chat_id}" if chat_id is not None else None
        attempt = 0
        while True:
            await self._open.wait()
            if not paced or attempt:
                await self._pace(chat)
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as exc:
                if attempt >= retries:
                    raise  # a reminder's: the sender pauses the shared limiter itself
                wait = retry_after_seconds(exc) + RETRY_AFTER_MARGIN
                log.warning("Telegram asked to wait %.1f s (%s); retrying", wait, endpoint)
                # hold every request, not only this one: the limit is the bot's, not the chat's
                self._open.clear()
                try:
                    await self._sleep(wait)
                finally:
                    self._open.set()
            except BadRequest:
                raise  # our request is wrong: sending it again cannot help
            except NetworkError as exc:
                if attempt >= retries:
                    raise
                wait = self._backoff[min(attempt, len(self._backoff) - 1)]
                log.warning("%s failed (%s); retry %d in %.0f s", endpoint, exc, attempt + 1, wait)
                await self._sleep(wait)
            attempt += 1


async def send_reply(
    bot: ExtBot[Any],
    chat_id: int,
    reply: Reply,
    *,
    reply_to: int | None = None,
    retries: Retries | None = None,
) -> list[Message]:
    """Send one reply (its messages, then its file); a migrated group is followed once.

    `retries` overrides the rate limiter's retries (NO_RETRY: the caller retries, as the
    reminder sender does). Errors other than a migration are raised for the caller to log or map.
    """
    try:
        return await _send(bot, chat_id, reply, reply_to, retries)
    except ChatMigrated as exc:
        # a group became a supergroup: the same chat under a new id
        log.warning("chat %s moved to %s; sending there", chat_id, exc.new_chat_id)
        return await _send(bot, exc.new_chat_id, reply, None, retries)


async def _send(
    bot: ExtBot[Any],
    chat_id: int,
    reply: Reply,
    reply_to: int | None,
    retries: Retries | None,
) -> list[Message]:
    sent: list[Message] = []
    if bot.rate_limiter is None:
        retries = None  # PTB refuses rate_limit_args on a bot without a limiter
    for n, out in enumerate(render_reply(reply)):
        sent.append(
            await bot.send_message(
                chat_id,
                out.html,
                parse_mode=ParseMode.HTML,
                reply_markup=out.keyboard,
                link_preview_options=LinkPreviewOptions(is_disabled=True),
                reply_parameters=(
                    ReplyParameters(reply_to, allow_sending_without_reply=True)
                    if reply_to is not None and n == 0
                    else None
                ),
                rate_limit_args=retries,
            )
        )
    file = reply.file
    if file is not None and file.mime_type.startswith("image/"):
        # a chart is shown in the chat, not as an attachment to open
        sent.append(
            await bot.send_photo(
                chat_id, file.content, filename=file.filename, rate_limit_args=retries
            )
        )
    elif file is not None:
        sent.append(
            await bot.send_document(
                chat_id, file.content, filename=file.filename, rate_limit_args=retries
            )
        )
    return sent


def describe(error: Exception) -> str:
    """A short English description of a send failure for the log."""
    if isinstance(error, Forbidden):
        return f"the bot may not write there (removed or blocked): {error}"
    return f"{type(error).__name__}: {error}"
