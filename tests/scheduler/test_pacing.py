"""Token-bucket pacing on a fake clock, and concurrent sends that keep each chat's order."""

from __future__ import annotations

import asyncio
import itertools
import random
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import pytest

from knowledge.db import Database, open_database
from scheduler.ledger import LedgerEntry, ReminderLedger
from scheduler.messenger import ChatTarget, OutgoingMessage
from scheduler.pacing import Pacing, TokenBucketLimiter, platform_limiter
from scheduler.policy import Reminder
from scheduler.ratelimit import TELEGRAM_LIMITS, ZALO_LIMITS, RateLimits
from scheduler.sender import ReminderSender, SenderSettings
from tests.scheduler.fakes import FakeClock, FakeTelegramApi

T0 = datetime(2026, 3, 9, 1, 0, tzinfo=UTC)


def _send_all(
    limiter: TokenBucketLimiter, clock: FakeClock, chats: list[str], late: float = 0.0
) -> list[tuple[datetime, str]]:
    """Send to `chats` in turn as soon as allowed, waking up to `late` seconds late."""
    rng = random.Random(3)
    sent = []
    for chat in chats:
        while (wait := limiter.acquire(chat)) > 0:
            clock.advance(wait + rng.uniform(0, late))
        sent.append((clock.now(), chat))
    return sent


def _most_in_any_window(times: list[datetime], window: timedelta) -> int:
    most, first = 0, 0
    for last, instant in enumerate(times):
        while times[first] <= instant - window:
            first += 1
        most = max(most, last - first + 1)
    return most


def test_the_bots_bucket_lets_a_few_go_at_once_then_spaces_sends_evenly() -> None:
    clock = FakeClock(T0)
    limiter = TokenBucketLimiter(TELEGRAM_LIMITS, clock)
    interval = (1 + 0.05) / 30
    assert [limiter.acquire(f"telegram:-{n}") for n in range(5)] == [0.0] * 5  # bot_burst
    assert limiter.acquire("telegram:-6") == pytest.approx(interval, abs=1e-5)
    clock.advance(interval)
    assert limiter.acquire("telegram:-6") == 0.0
    assert limiter.acquire("telegram:-7") == pytest.approx(interval, abs=1e-5)
    # after a quiet spell the burst is back, no more
    clock.advance(10)
    assert [limiter.acquire(f"telegram:-{n}") for n in range(6)][:5] == [0.0] * 5
    assert limiter.wait_time(None) > 0


def test_thirty_one_sends_span_more_than_a_second_plus_the_margin_left_by_late_wakeups() -> None:
    clock = FakeClock(T0)
    pacing = Pacing(margin=timedelta(milliseconds=40), slack=timedelta(milliseconds=10))
    limiter = TokenBucketLimiter(TELEGRAM_LIMITS, clock, pacing)
    sent = _send_all(limiter, clock, [f"telegram:-{n}" for n in range(600)], late=0.02)
    times = [t for t, _ in sent]
    spans = [(times[k + 30] - times[k]).total_seconds() for k in range(len(times) - 30)]
    assert min(spans) >= 1.0 + 0.04 - 0.01 - 1e-9
    assert _most_in_any_window(times, timedelta(seconds=1)) <= 30


def test_a_wakeup_late_within_the_slack_does_not_slow_the_pace() -> None:
    def elapsed(late: float) -> float:
        clock = FakeClock(T0)
        limiter = TokenBucketLimiter(TELEGRAM_LIMITS, clock)
        sent = _send_all(limiter, clock, [f"telegram:-{n}" for n in range(301)], late=late)
        return (sent[-1][0] - sent[0][0]).total_seconds()

    on_time = elapsed(0.0)
    assert 300 / 30 < on_time <= 300 * 1.05 / 30  # at most 5 % under 30 a second
    # ~300 wake-ups up to 9 ms late (4.5 ms on average): without the slack about 1.3 s
    # would be lost; with it, little more than the last one's delay
    assert elapsed(0.009) <= on_time + 0.1


def test_a_chat_gets_its_burst_then_stays_under_its_limit_in_any_window() -> None:
    clock = FakeClock(T0)
    limiter = TokenBucketLimiter(TELEGRAM_LIMITS, clock)
    group = "telegram:-1001"
    assert limiter.chat_burst(group) == 10  # half of 20 a minute
    sent = _send_all(limiter, clock, [group] * 10)
    assert (sent[-1][0] - sent[0][0]).total_seconds() < 0.4  # at once (bot spacing only)
    sent += _send_all(limiter, clock, [group] * 60)
    times = [t for t, _ in sent]
    assert _most_in_any_window(times, timedelta(minutes=1)) <= TELEGRAM_LIMITS.per_chat
    assert limiter.chat_interval(group) == (timedelta(minutes=1, milliseconds=50)) / 10
    steady = [(b - a).total_seconds() for a, b in itertools.pairwise(times[10:])]
    assert min(steady) == pytest.approx(60.05 / 10, abs=1e-5)
    # a private chat's limit is its own (60 a minute on Telegram)
    assert limiter.chat_interval("telegram:42") < limiter.chat_interval(group)


def test_other_chats_go_on_while_one_waits_for_its_bucket() -> None:
    clock = FakeClock(T0)
    limiter = TokenBucketLimiter(ZALO_LIMITS, clock)
    _send_all(limiter, clock, ["zalo:a"] * 5)  # its burst: half of 10 a minute
    assert limiter.wait_time("zalo:a") > 5  # its bucket is empty
    assert limiter.wait_time("zalo:b") <= 1.05  # the bot's five a second only


def test_a_pause_holds_every_chat_and_calls_to_no_chat_take_the_bots_token_only() -> None:
    clock = FakeClock(T0)
    limiter = platform_limiter("telegram", clock)
    limiter.pause(7)
    assert limiter.acquire("telegram:-1") == pytest.approx(7.0)
    clock.advance(7)
    assert limiter.acquire(None) == 0.0
    clock.advance(1)
    assert limiter.acquire("telegram:-1") == 0.0


def test_a_pacing_that_could_break_the_limits_is_refused() -> None:
    with pytest.raises(ValueError, match="slack"):
        Pacing(margin=timedelta(milliseconds=5), slack=timedelta(milliseconds=10))
    with pytest.raises(ValueError, match="chat_burst"):
        Pacing(chat_burst=0)
    tiny = TokenBucketLimiter(
        RateLimits(overall=5, per_chat=2), FakeClock(T0), Pacing(chat_burst=9)
    )
    # a burst larger than the limit is cut to it: 2 at once, then one a minute
    assert tiny.chat_burst("zalo:x") == 2
    assert tiny.chat_interval("zalo:x") == timedelta(minutes=1, milliseconds=50)


# --- concurrent sends --------------------------------------------------------------------


class GatedMessenger:
    """Holds every send until the test opens the gate; records overlap and order."""

    def __init__(self) -> None:
        self.gate = asyncio.Event()
        self.in_flight: dict[str, int] = {}
        self.peak = 0
        self.peak_per_chat = 0
        self.sent: list[tuple[str, str]] = []

    async def send(self, chat: ChatTarget, message: OutgoingMessage) -> None:
        self.in_flight[chat.key] = self.in_flight.get(chat.key, 0) + 1
        self.peak = max(self.peak, sum(self.in_flight.values()))
        self.peak_per_chat = max(self.peak_per_chat, self.in_flight[chat.key])
        await self.gate.wait()
        self.in_flight[chat.key] -= 1
        self.sent.append((chat.key, message.text))


@pytest.fixture
def database() -> Iterator[Database]:
    db = open_database("sqlite://")
    try:
        yield db
    finally:
        db.dispose()


def _plan(ledger: ReminderLedger, chats: list[ChatTarget], count: int) -> None:
    ledger.plan(
        [
            Reminder(
                assignment_id=i,
                occurrence=date(2026, 3, 9),
                recipient=chats[i % len(chats)],
                kind="due",
                scheduled_at=T0
                - timedelta(seconds=1)
                + timedelta(milliseconds=i),  # due, in order
            )
            for i in range(count)
        ],
        T0,
    )


def _render(entry: LedgerEntry) -> OutgoingMessage:
    return OutgoingMessage(str(entry.assignment_id))


async def test_sends_are_in_flight_together_one_per_chat_in_the_ledgers_order(
    database: Database,
) -> None:
    clock = FakeClock(T0)
    ledger = ReminderLedger(database.session_factory)
    chats = [ChatTarget("telegram", f"-100{n}") for n in range(10)]
    _plan(ledger, chats, 30)
    messenger = GatedMessenger()
    sender = ReminderSender(
        ledger,
        {"telegram": messenger},
        _render,
        clock,
        limiters={"telegram": TokenBucketLimiter(TELEGRAM_LIMITS, clock)},
        settings=SenderSettings(batch_size=100, max_in_flight=8),
        sleep=clock.sleep,
        offload=False,
    )
    tick = asyncio.create_task(sender.tick())
    for _ in range(10_000):  # the sender starts sends without waiting for their answers
        if messenger.peak >= 8:
            break
        await asyncio.sleep(0)
    assert not messenger.sent
    messenger.gate.set()
    report = await tick
    assert (report.sent, report.lost) == (30, 0)
    assert messenger.peak == 8  # max_in_flight
    assert messenger.peak_per_chat == 1
    for chat in chats:
        mine = [int(text) for key, text in messenger.sent if key == chat.key]
        assert mine == sorted(mine)
    assert ledger.counts() == {"sent": 30}


async def test_a_429_while_sends_are_in_flight_stops_the_tick_and_loses_nothing(
    database: Database,
) -> None:
    clock = FakeClock(T0)
    ledger = ReminderLedger(database.session_factory)
    chats = [ChatTarget("telegram", f"-100{n}") for n in range(50)]
    _plan(ledger, chats, 100)
    api = FakeTelegramApi(clock, overall=7, per_chat=100)  # stricter than the limiter
    sender = ReminderSender(
        ledger,
        {"telegram": api},
        _render,
        clock,
        limiters={"telegram": TokenBucketLimiter(TELEGRAM_LIMITS, clock)},
        settings=SenderSettings(batch_size=100),
        sleep=clock.sleep,
        offload=False,
    )
    for _ in range(100):
        await sender.tick()
        clock.advance(1)
        if ledger.counts() == {"sent": 100}:
            break
    assert ledger.counts() == {"sent": 100}
    texts = api.texts()
    assert sorted(texts, key=int) == [str(i) for i in range(100)]  # each once
    assert api.refused >= 1
