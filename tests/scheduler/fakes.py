"""Test doubles for the scheduler: a clock moved by hand, messengers that record or fail."""

from __future__ import annotations

import random
from collections import deque
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from scheduler.messenger import (
    ChatTarget,
    OutgoingMessage,
    PermanentSendError,
    RetryAfter,
    TransientSendError,
)


class FakeClock:
    """A clock that moves only when told (or when someone sleeps on it)."""

    def __init__(self, start: datetime) -> None:
        self._now = start

    def now(self) -> datetime:
        return self._now

    def set(self, instant: datetime) -> None:
        self._now = instant

    def advance(self, seconds: float) -> None:
        self._now += timedelta(seconds=seconds)

    async def sleep(self, seconds: float) -> None:
        self.advance(seconds)


@dataclass
class RecordingMessenger:
    """Records every message with the fake time it arrived."""

    clock: FakeClock
    sent: list[tuple[datetime, ChatTarget, OutgoingMessage]] = field(default_factory=list)
    # Fake time a send takes (moves the clock).
    latency: float = 0.0

    async def send(self, chat: ChatTarget, message: OutgoingMessage) -> None:
        self.clock.advance(self.latency)
        self.sent.append((self.clock.now(), chat, message))

    def texts(self) -> list[str]:
        return [message.text for _, _, message in self.sent]


@dataclass
class FlakyMessenger(RecordingMessenger):
    """Fails a share of calls with timeouts, 5xx and 429s; fails chats listed as gone for good."""

    failure_rate: float = 0.2
    seed: int = 5
    gone: frozenset[str] = frozenset()
    calls: int = 0
    failures: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._random = random.Random(self.seed)

    async def send(self, chat: ChatTarget, message: OutgoingMessage) -> None:
        self.calls += 1
        if chat.key in self.gone:
            raise PermanentSendError("Forbidden: bot was kicked from the group chat")
        if self._random.random() < self.failure_rate:
            kind = self._random.choice(["timeout", "5xx", "429"])
            self.failures[kind] = self.failures.get(kind, 0) + 1
            if kind == "timeout":
                raise TransientSendError("Timed out")
            if kind == "5xx":
                raise TransientSendError("502 Bad Gateway")
            raise RetryAfter(self._random.choice([1, 3, 7]))
        await super().send(chat, message)


@dataclass
class FakeTelegramApi(RecordingMessenger):
    """Answers 429 exactly when Telegram's limits would be broken: 30 a second, 20 a minute
    per chat (sliding windows on the fake clock)."""

    overall: int = 30
    per_chat: int = 20
    refused: int = 0

    def __post_init__(self) -> None:
        self._window: deque[datetime] = deque()
        self._chats: dict[str, deque[datetime]] = {}

    async def send(self, chat: ChatTarget, message: OutgoingMessage) -> None:
        now = self.clock.now()
        while self._window and self._window[0] <= now - timedelta(seconds=1):
            self._window.popleft()
        mine = self._chats.setdefault(chat.key, deque())
        while mine and mine[0] <= now - timedelta(minutes=1):
            mine.popleft()
        if len(self._window) >= self.overall or len(mine) >= self.per_chat:
            self.refused += 1
            raise RetryAfter(1)
        self._window.append(now)
        mine.append(now)
        await super().send(chat, message)
