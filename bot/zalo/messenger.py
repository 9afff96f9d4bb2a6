"""ZaloMessenger: the scheduler's Messenger port over ZaloClient, paced and with typed errors."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable

from bot.zalo.client import (
    ZaloApiError,
    ZaloClient,
    ZaloRetryAfter,
    ZaloTransientError,
)
from bot.zalo.translate import PLATFORM, choices_text, split_text
from scheduler.messenger import (
    ChatTarget,
    OutgoingMessage,
    PermanentSendError,
    RetryAfter,
    TransientSendError,
)

log = logging.getLogger(__name__)

# Zalo publishes no rate limits, so sends are spaced conservatively: one every half second
# across all chats (config [zalo] send_interval).
DEFAULT_SEND_INTERVAL = 0.5
# Zalo's 429 does not say how long to wait; this much, at least, before the next send.
DEFAULT_RETRY_AFTER = 5.0
# Codes that say this chat cannot be written to: bad chat id, forbidden, no such chat.
_CHAT_CODES = frozenset({400, 403, 404})

Sleep = Callable[[float], Awaitable[None]]


class Pacer:
    """Keeps sends at least `interval` seconds apart, and all of them waiting after a 429.

    Hand-written rather than aiolimiter's leaky bucket: the clock and the sleep are injected,
    so tests check the spacing without waiting.
    """

    def __init__(
        self,
        interval: float,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        if interval < 0:
            raise ValueError("the send interval cannot be negative")
        self.interval = interval
        self._clock = clock
        self._sleep = sleep
        self._lock = asyncio.Lock()
        self._next = 0.0  # the clock reading before which nothing is sent

    async def wait(self) -> None:
        """Return when the next send may go; the caller sends at once."""
        async with self._lock:
            delay = self._next - self._clock()
            if delay > 0:
                await self._sleep(delay)
            self._next = self._clock() + self.interval

    def hold(self, seconds: float) -> None:
        """Send nothing for `seconds` from now (Zalo said 429)."""
        self._next = max(self._next, self._clock() + seconds)


class ZaloMessenger:
    """Delivers a reminder or a reply to a Zalo chat as one or more plain-text messages.

    Buttons become numbered choices; text longer than 2,000 characters goes in several
    messages. Errors come out as the port's RetryAfter, TransientSendError or
    PermanentSendError. A message split in parts that fails midway may repeat its first
    parts when sent again.
    """

    def __init__(self, client: ZaloClient, pacer: Pacer | None = None) -> None:
        self._client = client
        self.pacer = pacer if pacer is not None else Pacer(DEFAULT_SEND_INTERVAL)

    async def send(self, chat: ChatTarget, message: OutgoingMessage) -> None:
        """Deliver `message` to `chat` (a "zalo" target)."""
        if chat.platform != PLATFORM:
            raise PermanentSendError(f"not a Zalo chat: {chat.key}")
        lines = [message.text] if message.text else []
        lines.extend(choices_text([label for label, _ in message.buttons]))
        parts = split_text("\n".join(lines))
        if not parts:
            raise PermanentSendError("nothing to send: the message is empty")
        for part in parts:
            await self.send_text(chat.chat_id, part)

    async def send_text(self, chat_id: str, text: str) -> None:
        """One sendMessage of at most 2,000 characters, paced; errors in the port's terms."""
        await self.pacer.wait()
        try:
            await self._client.send_message(chat_id, text)
        except ZaloRetryAfter as exc:
            seconds = exc.retry_after if exc.retry_after is not None else DEFAULT_RETRY_AFTER
            self.pacer.hold(seconds)
            raise RetryAfter(seconds, str(exc)) from None
        except ZaloTransientError as exc:
            raise TransientSendError(str(exc)) from None
        except ZaloApiError as exc:
            if exc.error_code in _CHAT_CODES:
                raise PermanentSendError(str(exc)) from None
            # 401 (a token reset) and codes Zalo has not documented: fixable, so try later
            raise TransientSendError(str(exc)) from None
