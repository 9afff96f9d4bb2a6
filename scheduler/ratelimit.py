"""Send-rate limits per bot token: sliding windows over all chats and per chat, on any clock.

The limiter never sleeps: `acquire` either records a send and returns 0, or says how many
seconds to wait; the async caller awaits that (tests advance a fake clock instead).

One limiter per token and process: the Telegram adapter paces every Bot API call through it
(bot/telegram/delivery.py) and the reminder sender asks the same one before each reminder,
so no send is throttled twice and none escapes the count.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from datetime import datetime, timedelta

from scheduler.clock import Clock

_SWEEP_EVERY = 1000  # sends between sweeps of idle chats' windows (memory stays bounded)


@dataclass(frozen=True)
class RateLimits:
    """At most `overall` sends per `overall_window` for the token, `per_chat` per `chat_window`
    for each chat (`private_per_chat` for a private chat, when set)."""

    overall: int = 30
    overall_window: timedelta = timedelta(seconds=1)
    per_chat: int = 20
    chat_window: timedelta = timedelta(minutes=1)
    # A private chat's limit: chats whose id (after "platform:") does not start with "-",
    # which is how Telegram numbers groups. None: `per_chat` for every chat.
    private_per_chat: int | None = None

    def __post_init__(self) -> None:
        """Refuse limits that would never let a message through."""
        if self.overall < 1 or self.per_chat < 1 or (self.private_per_chat or 1) < 1:
            raise ValueError("rate limits must allow at least one message")
        if self.overall_window <= timedelta(0) or self.chat_window <= timedelta(0):
            raise ValueError("rate-limit windows must be positive")

    def chat_limit(self, chat: str) -> int:
        """Sends a chat ("telegram:-100123", "telegram:42") may get per `chat_window`."""
        if self.private_per_chat is None or chat.rpartition(":")[2].startswith("-"):
            return self.per_chat
        return self.private_per_chat


# Telegram Bot API FAQ: about 30 messages a second overall, 20 a minute in one group, and
# about one a second in a private chat (short bursts tolerated).
TELEGRAM_LIMITS = RateLimits(overall=30, per_chat=20, private_per_chat=60)
# Zalo publishes no figure for bots: a conservative guess until one is measured.
ZALO_LIMITS = RateLimits(overall=5, per_chat=10)


class RateLimiter:
    """Sliding-window limits shared by every sender using one bot token.

    Safe within one asyncio loop (no await between check and record); several processes
    each keep their own windows.
    """

    def __init__(self, limits: RateLimits, clock: Clock) -> None:
        """Start with empty windows."""
        self._limits = limits
        self._clock = clock
        self._overall: deque[datetime] = deque()
        self._chats: dict[str, deque[datetime]] = {}
        self._paused_until: datetime | None = None
        self._sends = 0

    @property
    def limits(self) -> RateLimits:
        """The limits applied."""
        return self._limits

    def wait_time(self, chat: str | None) -> float:
        """Seconds before a message to `chat` may go out (0.0: now); None: a call to no chat,
        which counts against the overall limit only."""
        now = self._clock.now()
        limits = self._limits
        _drop_older(self._overall, now - limits.overall_window)
        waits = [0.0]
        if len(self._overall) >= limits.overall:
            oldest = self._overall[-limits.overall]
            waits.append((oldest + limits.overall_window - now).total_seconds())
        sent = self._chats.get(chat) if chat is not None else None
        if sent is not None and chat is not None:
            _drop_older(sent, now - limits.chat_window)
            per_chat = limits.chat_limit(chat)
            if len(sent) >= per_chat:
                oldest = sent[-per_chat]
                waits.append((oldest + limits.chat_window - now).total_seconds())
        # A clock stepped backwards must not block for longer than a window.
        wait = min(max(waits), max(limits.overall_window, limits.chat_window).total_seconds())
        if self._paused_until is not None and self._paused_until > now:
            wait = max(wait, (self._paused_until - now).total_seconds())
        return max(0.0, wait)

    def acquire(self, chat: str | None) -> float:
        """Record a send to `chat` and return 0.0 if allowed now, else the seconds to wait."""
        wait = self.wait_time(chat)
        if wait > 0:
            return wait
        now = self._clock.now()
        self._overall.append(now)
        if chat is not None:
            self._chats.setdefault(chat, deque()).append(now)
        self._sends += 1
        if self._sends % _SWEEP_EVERY == 0:
            horizon = now - self._limits.chat_window
            for idle in [c for c, sent in self._chats.items() if not sent or sent[-1] <= horizon]:
                del self._chats[idle]
        return 0.0

    def pause(self, seconds: float) -> None:
        """Send nothing for `seconds` (the platform answered 429 with retry_after)."""
        until = self._clock.now() + timedelta(seconds=max(0.0, seconds))
        if self._paused_until is None or until > self._paused_until:
            self._paused_until = until


def _drop_older(sent: deque[datetime], horizon: datetime) -> None:
    while sent and sent[0] <= horizon:
        sent.popleft()
