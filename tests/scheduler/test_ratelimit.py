"""The send-rate limiter: sliding windows overall and per chat, pauses, on a fake clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from scheduler.ratelimit import TELEGRAM_LIMITS, ZALO_LIMITS, RateLimiter, RateLimits
from tests.scheduler.fakes import FakeClock

T0 = datetime(2026, 3, 9, 1, 0, tzinfo=UTC)


def test_thirty_a_second_overall_then_wait_for_the_window_to_slide() -> None:
    clock = FakeClock(T0)
    limiter = RateLimiter(TELEGRAM_LIMITS, clock)
    assert [limiter.acquire(f"chat{i}") for i in range(30)] == [0.0] * 30
    assert limiter.acquire("chat31") == pytest.approx(1.0)
    clock.advance(0.4)
    assert limiter.wait_time("chat31") == pytest.approx(0.6)
    clock.advance(0.6)
    assert limiter.acquire("chat31") == 0.0


def test_twenty_a_minute_per_chat_while_other_chats_go_on() -> None:
    clock = FakeClock(T0)
    limiter = RateLimiter(TELEGRAM_LIMITS, clock)
    for _ in range(20):
        assert limiter.acquire("-100a") == 0.0
        clock.advance(1)  # one a second: the overall limit never bites
    assert limiter.acquire("-100a") == pytest.approx(40.0)  # the first send leaves at 60 s
    assert limiter.acquire("-100b") == 0.0
    clock.advance(40)
    assert limiter.acquire("-100a") == 0.0


def test_a_private_chat_gets_a_minute_of_sixty_and_calls_to_no_chat_count_overall_only() -> None:
    clock = FakeClock(T0)
    limiter = RateLimiter(TELEGRAM_LIMITS, clock)
    for _ in range(60):
        assert limiter.acquire("telegram:42") == 0.0
        clock.advance(0.5)
    assert limiter.acquire("telegram:42") == pytest.approx(30.0)
    assert limiter.acquire("telegram:-1001") == 0.0  # a group's own window
    for _ in range(28):
        assert limiter.acquire(None) == 0.0  # answerCallbackQuery: no chat
    # the overall 30 a second: the private send of 0.5 s ago is the oldest in the window
    assert limiter.acquire(None) == pytest.approx(0.5)
    assert ZALO_LIMITS.chat_limit("zalo:42") == ZALO_LIMITS.per_chat


def test_a_pause_holds_every_chat_until_it_ends() -> None:
    clock = FakeClock(T0)
    limiter = RateLimiter(TELEGRAM_LIMITS, clock)
    limiter.pause(7)
    assert limiter.acquire("x") == pytest.approx(7.0)
    limiter.pause(3)  # a shorter pause does not shorten the longer one
    clock.advance(5)
    assert limiter.wait_time("y") == pytest.approx(2.0)
    clock.advance(2)
    assert limiter.acquire("y") == 0.0


def test_a_clock_stepped_back_never_blocks_longer_than_a_window() -> None:
    clock = FakeClock(T0)
    limiter = RateLimiter(RateLimits(overall=1, per_chat=1), clock)
    assert limiter.acquire("x") == 0.0
    clock.set(T0 - timedelta(hours=1))
    assert 0 < limiter.wait_time("x") <= 60.0


def test_idle_chats_are_forgotten() -> None:
    clock = FakeClock(T0)
    limiter = RateLimiter(RateLimits(overall=10_000, per_chat=5), clock)
    for i in range(999):
        limiter.acquire(f"chat{i}")
    clock.advance(61)
    limiter.acquire("last")  # the 1000th send sweeps
    assert list(limiter._chats) == ["last"]


def test_zalo_limits_are_more_conservative_and_limits_are_validated() -> None:
    assert ZALO_LIMITS.overall < TELEGRAM_LIMITS.overall
    with pytest.raises(ValueError, match="at least one"):
        RateLimits(overall=0)
    with pytest.raises(ValueError, match="positive"):
        RateLimits(chat_window=timedelta(0))
