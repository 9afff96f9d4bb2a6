"""A send budget shared by processes on one database: replicas of one bot stay within its rate
together, a 429 seen by one holds them all, and each chat's bucket stays the process's own."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from knowledge.db import Database
from scheduler.ratelimit import TELEGRAM_LIMITS, RateLimits
from scheduler.send_budget import SharedBudgetLimiter
from tests.scheduler.fakes import FakeClock

START = datetime(2024, 4, 1, 8, 0, tzinfo=UTC)


def _most_in_any_window(times: list[datetime], window: timedelta) -> int:
    most, first = 0, 0
    for last, when in enumerate(times):
        while when - times[first] >= window:
            first += 1
        most = max(most, last - first + 1)
    return most


def test_three_replicas_of_one_bot_stay_within_its_rate_together(database: Database) -> None:
    clock = FakeClock(START)
    replicas = [
        SharedBudgetLimiter("telegram:bot", TELEGRAM_LIMITS, clock, database.session_factory)
        for _ in range(3)
    ]
    admitted: list[datetime] = []
    n = 0
    # each replica tries every 5 ms, each to chats of its own, for 3 seconds
    while clock.now() < START + timedelta(seconds=3):
        for k, limiter in enumerate(replicas):
            n += 1
            if limiter.acquire(f"telegram:-100{k}{n % 200:04d}") == 0.0:
                admitted.append(clock.now())
        clock.advance(0.005)
    assert _most_in_any_window(admitted, timedelta(seconds=1)) <= 30
    # and the budget is used, not starved: a slot every 35 ms, seen on a 5 ms step (40 ms)
    assert len(admitted) >= 3 * 1000 // 40


def test_a_replica_that_must_wait_is_told_how_long_and_takes_nothing(database: Database) -> None:
    clock = FakeClock(START)
    one = SharedBudgetLimiter("zalo:bot", RateLimits(overall=5), clock, database.session_factory)
    two = SharedBudgetLimiter("zalo:bot", RateLimits(overall=5), clock, database.session_factory)
    assert one.acquire("zalo:a") == 0.0
    wait = two.acquire("zalo:b")
    assert 0.0 < wait <= 0.2101  # a slot every (1 s + 50 ms) / 5
    assert two.wait_time("zalo:b") == wait
    clock.advance(wait)
    assert two.acquire("zalo:b") == 0.0


def test_a_429_seen_by_one_replica_holds_every_replica(database: Database) -> None:
    clock = FakeClock(START)
    one = SharedBudgetLimiter("telegram:bot", TELEGRAM_LIMITS, clock, database.session_factory)
    two = SharedBudgetLimiter("telegram:bot", TELEGRAM_LIMITS, clock, database.session_factory)
    one.pause(7.0)
    assert two.acquire("telegram:-1001") >= 7.0 - 1e-6
    clock.advance(7.0)
    assert two.acquire("telegram:-1001") == 0.0


def test_each_chat_keeps_its_own_bucket_and_other_bots_their_own_budget(
    database: Database,
) -> None:
    clock = FakeClock(START)
    limits = RateLimits(overall=30, per_chat=2)
    bot = SharedBudgetLimiter("telegram:a", limits, clock, database.session_factory)
    other = SharedBudgetLimiter("telegram:b", limits, clock, database.session_factory)
    assert bot.acquire("telegram:-1") == 0.0
    clock.advance(0.1)
    # the chat's bucket (one at once of its two a minute) says wait; the bot's budget is fine
    assert bot.acquire("telegram:-1") > 1.0
    # another bot token has its own row
    assert other.acquire("telegram:-1") == 0.0


def test_a_huge_retry_after_holds_the_replicas_an_hour_at_most(database: Database) -> None:
    clock = FakeClock(START)
    one = SharedBudgetLimiter("telegram:bot", TELEGRAM_LIMITS, clock, database.session_factory)
    two = SharedBudgetLimiter("telegram:bot", TELEGRAM_LIMITS, clock, database.session_factory)
    one.pause(10**12)
    assert 3599.0 <= two.acquire("telegram:-1001") <= 3600.0 + 1e-6
    clock.advance(3600.0)
    assert two.acquire("telegram:-1001") == 0.0
