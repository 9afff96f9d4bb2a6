"""ZaloMessenger: the scheduler's Messenger port over ZaloClient, paced and with typed errors."""

from __future__ import annotations

import asyncio
import hashlib
import logging
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable

from bot.zalo.client import (
    ZaloApiError,
    ZaloClient,
    ZaloRetryAfter,
    ZaloTransientError,
)
from bot.zalo.translate import PLATFORM, push_text, split_text
from scheduler.messenger import (
    ChatTarget,
    OutgoingMessage,
    PermanentSendError,
    RetryAfter,
    TransientSendError,
)
from scheduler.ratelimit import RateLimiter

log = logging.getLogger(__name__)

# Zalo publishes no rate limits, so sends are spaced conservatively: one every half second
# across all chats (config [zalo] send_interval).
DEFAULT_SEND_INTERVAL = 0.5
# Zalo's 429 does not say how long to wait; this much, at least, before the next send.
DEFAULT_RETRY_AFTER = 5.0
# Codes that say this chat cannot be written to: bad chat id, forbidden, no such chat.
_CHAT_CODES = frozenset({400, 403, 404})
# A message sent in parts that failed midway: which parts went is remembered this long (the
# sender retries within minutes), for this many messages at most.
PARTS_MEMORY_SECONDS = 24 * 3600.0
PARTS_MEMORY_SIZE = 10_000

Sleep = Callable[[float], Awaitable[None]]
# Whether a Zalo chat is a group bound to a unit: None when it is not a known group (a
# private chat), True when bound, False when its binding is no longer active. It reads the
# database, so it is called in a worker thread.
GroupLookup = Callable[[str], bool | None]


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


class LimiterPacer:
    """Paces a Zalo messenger by the bot's one limiter (scheduler.pacing's token buckets), the
    same object the reminder sender counts its sends against: replies and reminders then share
    Zalo's budget once, instead of a fixed spacing on top of the sender's buckets.

    `counted`: the caller (the reminder sender) has already taken this send's tokens, so the
    pacer does not take them again; a 429 still pauses the shared limiter for everyone.
    """

    def __init__(
        self, limiter: RateLimiter, *, counted: bool = False, sleep: Sleep = asyncio.sleep
    ) -> None:
        self.limiter = limiter
        self.counted = counted
        self._sleep = sleep

    async def wait(self) -> None:
        """Return when the bot's token is taken (at once when the caller took it)."""
        if self.counted:
            return
        while (delay := self.limiter.acquire(None)) > 0:
            await self._sleep(delay)

    def hold(self, seconds: float) -> None:
        """Send nothing for `seconds` from now, on any sender of this bot (Zalo said 429)."""
        self.limiter.pause(seconds)


class ZaloMessenger:
    """Delivers a reminder or a reply to a Zalo chat as one or more plain-text messages.

    Buttons become the typed commands the core reads («xong 12»): a pushed message is not the
    chat's last answer, so numbered choices would pick from something else. Text longer than
    2,000 characters goes in several messages. Errors come out as the port's RetryAfter,
    TransientSendError or PermanentSendError.

    A group chat is written to only when getMe said the bot may join groups
    (`can_join_groups`, set by ZaloBot.start) and the group is bound: otherwise the send is
    refused as permanent, with the reason, for the ledger to record.

    A message in parts counts as one delivery. The port does not carry the ledger key, so
    the parts already sent are remembered by chat and text (a reminder's text names its task,
    date and id) until the message is complete: a retry after a failure midway sends only
    the rest. The memory is this process's (a restart may repeat the first parts) and an
    entry is dropped once the message is whole, so a later identical message goes in full.
    """

    def __init__(
        self,
        client: ZaloClient,
        pacer: Pacer | LimiterPacer | None = None,
        *,
        groups: GroupLookup | None = None,
        can_join_groups: bool = False,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._client = client
        self.pacer = pacer if pacer is not None else Pacer(DEFAULT_SEND_INTERVAL)
        self.groups = groups
        self.can_join_groups = can_join_groups
        self._clock = clock
        # (chat key, text digest) -> (parts sent, when the first went)
        self._partial: OrderedDict[tuple[str, str], tuple[int, float]] = OrderedDict()

    def counted_by_caller(self) -> ZaloMessenger:
        """A messenger on the same client and limiter for a caller that takes each send's
        tokens itself (the reminder sender); itself when the pacing is not a shared limiter."""
        if not isinstance(self.pacer, LimiterPacer):
            return self
        return ZaloMessenger(
            self._client,
            LimiterPacer(self.pacer.limiter, counted=True),
            groups=self.groups,
            can_join_groups=self.can_join_groups,
            clock=self._clock,
        )

    async def send(self, chat: ChatTarget, message: OutgoingMessage) -> None:
        """Deliver `message` to `chat` (a "zalo" target)."""
        if chat.platform != PLATFORM:
            raise PermanentSendError(f"not a Zalo chat: {chat.key}")
        text = push_text(message.text, message.buttons)
        parts = split_text(text)
        if not parts:
            raise PermanentSendError("nothing to send: the message is empty")
        await self._check_group(chat.chat_id)
        key = (chat.key, hashlib.sha256(text.encode("utf-8")).hexdigest())
        for index in range(self._parts_sent(key), len(parts)):
            await self.send_text(chat.chat_id, parts[index])
            if index + 1 < len(parts):
                self._remember(key, index + 1)
        self._partial.pop(key, None)

    async def _check_group(self, chat_id: str) -> None:
        if self.groups is None:
            return
        bound = await asyncio.to_thread(self.groups, chat_id)
        if bound is None:
            return  # not a group
        if not self.can_join_groups:
            raise PermanentSendError(
                f"Zalo group {chat_id}: getMe says this bot cannot join groups "
                "(can_join_groups is false); its unit is reached through officials' private chats"
            )
        if not bound:
            raise PermanentSendError(f"Zalo group {chat_id} is no longer bound to a unit")

    def _parts_sent(self, key: tuple[str, str]) -> int:
        entry = self._partial.get(key)
        if entry is None:
            return 0
        sent, since = entry
        if self._clock() - since > PARTS_MEMORY_SECONDS:
            del self._partial[key]
            return 0
        return sent

    def _remember(self, key: tuple[str, str], sent: int) -> None:
        since = self._partial[key][1] if key in self._partial else self._clock()
        self._partial[key] = (sent, since)
        self._partial.move_to_end(key)
        while len(self._partial) > PARTS_MEMORY_SIZE:
            self._partial.popitem(last=False)

    async def send_text(self, chat_id: str, text: str) -> None:
        """One sendMessage of at most 2,000 characters, paced; errors in the port's terms."""
        await self._paced(lambda: self._client.send_message(chat_id, text))

    async def send_photo(self, chat_id: str, photo_url: str, caption: str = "") -> None:
        """One sendPhoto (Zalo fetches `photo_url`), paced; errors in the port's terms."""
        await self._paced(lambda: self._client.send_photo(chat_id, photo_url, caption))

    async def _paced(self, call: Callable[[], Awaitable[object]]) -> None:
        await self.pacer.wait()
        try:
            await call()
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
