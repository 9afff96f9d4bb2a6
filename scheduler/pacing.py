"""Send pacing by token buckets: one bucket per bot token and one per chat, in one limiter.

The sliding windows of scheduler.ratelimit let 30 messages leave at once and then nothing for
a second. Sent concurrently over a network whose round trip varies, such a burst reaches the
platform unevenly and the edge of one second's burst overlaps the next: Telegram answers 429.
A bucket spaces the sends instead: one every (window + margin) / limit seconds for the bot
once its few burst tokens are spent (a reply of a few messages still leaves at once), and a
sliding window of the limit over the window plus that margin caps any run, so consecutive
sends more than the limit apart always span more than the window plus the margin, less the
slack: that much difference in transit times is absorbed. A chat's bucket holds `chat_burst`
sends (half the chat's limit unless set: three reminders, or a reply in several messages,
leave together) and refills slowly enough that no window of `chat_window` ever holds more
than the chat's limit.

Like RateLimiter (which it extends, so the Telegram adapter and the reminder sender share one
object), it never sleeps: `acquire` records a send and returns 0, or returns the seconds to
wait, on any clock.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from scheduler.clock import Clock
from scheduler.ratelimit import TELEGRAM_LIMITS, ZALO_LIMITS, RateLimiter, RateLimits

_SWEEP_EVERY = 1000  # sends between sweeps of full (idle) chat buckets


@dataclass(frozen=True)
class Pacing:
    """How a bucket limiter spaces sends within `limits`.

    `margin` stretches the bot's window (1 s + 50 ms: 5 % under the platform's rate); `slack`
    is how late a send may leave without the next one being pushed back (a loop waking up a
    millisecond late must not slow every later send); it must stay below `margin`, since the
    two together bound how unevenly sends may arrive. `chat_burst` sends leave at once to a
    chat whose bucket is full (None: half the chat's limit), `bot_burst` over all chats.
    """

    margin: timedelta = timedelta(milliseconds=50)
    slack: timedelta = timedelta(milliseconds=10)
    chat_burst: int | None = None
    bot_burst: int = 5

    def __post_init__(self) -> None:
        """Refuse a pacing that could exceed the limits it paces for."""
        if self.margin < timedelta(0) or self.slack < timedelta(0):
            raise ValueError("margin and slack must not be negative")
        if self.slack > self.margin:
            raise ValueError("slack must not exceed margin")
        if self.bot_burst < 1:
            raise ValueError("bot_burst must be at least 1")
        if self.chat_burst is not None and self.chat_burst < 1:
            raise ValueError("chat_burst must be at least 1")


class TokenBucketLimiter(RateLimiter):
    """Token buckets per bot and per chat (see the module's docstring), one object per token.

    A bucket is kept as the earliest time its next token is ready (`ready`), the generic cell
    rate algorithm: a send is allowed when `now >= ready - tolerance` and moves `ready` one
    interval on. Safe within one asyncio loop (no await between check and record).
    """

    def __init__(self, limits: RateLimits, clock: Clock, pacing: Pacing | None = None) -> None:
        """Start with full buckets."""
        super().__init__(limits, clock)
        self._pacing = pacing or Pacing()
        self._interval = (limits.overall_window + self._pacing.margin) / limits.overall
        self._tolerance = self._interval * (min(self._pacing.bot_burst, limits.overall) - 1)
        # the run cap: `overall` sends per this window (see the module's docstring)
        self._run_window = limits.overall_window + self._pacing.margin - self._pacing.slack
        self._ready: datetime | None = None  # the bot's bucket
        self._chat_ready: dict[str, datetime] = {}
        self._bucket_sends = 0

    @property
    def pacing(self) -> Pacing:
        """The spacing applied."""
        return self._pacing

    def chat_burst(self, chat: str) -> int:
        """Sends that may leave at once to `chat` when its bucket is full."""
        limit = self._limits.chat_limit(chat)
        burst = self._pacing.chat_burst
        return min(burst, limit) if burst is not None else max(1, limit // 2)

    def chat_interval(self, chat: str) -> timedelta:
        """A chat's refill interval: its burst at once plus one per interval stays within its
        limit over any `chat_window` (burst + window / interval < limit + 1)."""
        limits = self._limits
        refills = max(1, limits.chat_limit(chat) - self.chat_burst(chat))
        return (limits.chat_window + self._pacing.margin) / refills

    def _chat_tolerance(self, chat: str) -> tuple[timedelta, timedelta]:
        interval = self.chat_interval(chat)
        return interval, interval * (self.chat_burst(chat) - 1)

    def wait_time(self, chat: str | None) -> float:
        """Seconds before a message to `chat` may go out (0.0: now); None: a call to no chat,
        which only takes the bot's token."""
        now = self._clock.now()
        limits = self._limits
        wait = timedelta(0)
        if self._ready is not None:
            wait = max(wait, self._ready - self._tolerance - now)
        sent = self._overall
        while sent and sent[0] <= now - self._run_window:
            sent.popleft()
        if len(sent) >= limits.overall:
            wait = max(wait, sent[-limits.overall] + self._run_window - now)
        if chat is not None:
            ready = self._chat_ready.get(chat)
            if ready is not None:
                _, tolerance = self._chat_tolerance(chat)
                wait = max(wait, ready - tolerance - now)
        # A clock stepped backwards must not block for longer than a window.
        longest = max(self._limits.overall_window, self._limits.chat_window)
        seconds = min(wait, longest).total_seconds()
        if self._paused_until is not None and self._paused_until > now:
            seconds = max(seconds, (self._paused_until - now).total_seconds())
        return max(0.0, seconds)

    def acquire(self, chat: str | None) -> float:
        """Take the bot's token and the chat's and return 0.0 if both are ready now, else the
        seconds to wait (nothing is taken then)."""
        wait = self.wait_time(chat)
        if wait > 0:
            return wait
        now = self._clock.now()
        # Late by up to `slack`: the next token stays where it was due, so the spacing does
        # not drift by each wake-up's delay.
        ready = self._ready if self._ready is not None else now
        self._ready = max(ready, now - self._pacing.slack) + self._interval
        self._overall.append(now)
        if chat is not None:
            interval, _ = self._chat_tolerance(chat)
            chat_ready = self._chat_ready.get(chat, now)
            self._chat_ready[chat] = max(chat_ready, now) + interval
        self._bucket_sends += 1
        if self._bucket_sends % _SWEEP_EVERY == 0:
            for idle in [c for c, ready in self._chat_ready.items() if ready <= now]:
                del self._chat_ready[idle]  # a full bucket is the same as none
        return 0.0


# Zalo publishes no figures (ZALO_LIMITS is a guess): its bucket keeps the same spacing.
PLATFORM_LIMITS = {"telegram": TELEGRAM_LIMITS, "zalo": ZALO_LIMITS}


def platform_limiter(platform: str, clock: Clock, pacing: Pacing | None = None) -> RateLimiter:
    """The bucket limiter for a platform's bot ("telegram", "zalo"; others get Zalo's)."""
    return TokenBucketLimiter(PLATFORM_LIMITS.get(platform, ZALO_LIMITS), clock, pacing)
