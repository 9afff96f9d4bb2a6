"""The reminder tick: sends in order, retries, honours RetryAfter and rate limits, survives a
messenger that fails one call in five, and never sends a row it no longer holds."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import pytest

from knowledge.db import Database, open_database
from scheduler.ledger import LedgerEntry, ReminderLedger, RetryPolicy
from scheduler.messenger import ChatTarget, OutgoingMessage, TransientSendError
from scheduler.policy import Reminder
from scheduler.ratelimit import TELEGRAM_LIMITS, RateLimiter, RateLimits
from scheduler.sender import ReminderSender, SenderSettings
from tests.scheduler.fakes import FakeClock, FakeTelegramApi, FlakyMessenger, RecordingMessenger

T0 = datetime(2026, 3, 9, 1, 0, tzinfo=UTC)  # Monday 08:00 in Hà Nội
A = ChatTarget("telegram", "-100111")
B = ChatTarget("telegram", "-100222")


@pytest.fixture
def database() -> Iterator[Database]:
    db = open_database("sqlite://")
    try:
        yield db
    finally:
        db.dispose()


@pytest.fixture
def ledger(database: Database) -> ReminderLedger:
    return ReminderLedger(
        database.session_factory,
        retry=RetryPolicy(max_attempts=8, first_delay=timedelta(seconds=10)),
    )


def reminder(i: int, chat: ChatTarget = A, at: datetime = T0) -> Reminder:
    return Reminder(
        assignment_id=i,
        occurrence=date(2026, 3, 9),
        recipient=chat,
        kind="due",
        scheduled_at=at,
    )


def render(entry: LedgerEntry) -> OutgoingMessage:
    return OutgoingMessage(
        f"{entry.assignment_id}", buttons=(("Đã hoàn thành", f"done:{entry.assignment_id}"),)
    )


def sender(
    ledger: ReminderLedger,
    messenger: RecordingMessenger,
    clock: FakeClock,
    *,
    limits: RateLimits | None = None,
    settings: SenderSettings | None = None,
    render_with: object = render,
    worker: str = "w1",
) -> ReminderSender:
    limiters = {"telegram": RateLimiter(limits, clock)} if limits else {}
    return ReminderSender(
        ledger,
        {"telegram": messenger},
        render_with,  # type: ignore[arg-type]
        clock,
        limiters=limiters,
        settings=settings,
        worker_id=worker,
        sleep=clock.sleep,
        offload=False,
    )


async def test_due_reminders_go_out_in_order_and_only_once(ledger: ReminderLedger) -> None:
    clock = FakeClock(T0)
    ledger.plan(
        [
            reminder(3, B, T0 + timedelta(minutes=1)),
            reminder(1, A, T0),
            reminder(2, A, T0 + timedelta(minutes=1)),
            reminder(4, A, T0 + timedelta(hours=1)),  # later today
        ],
        T0,
    )
    messenger = RecordingMessenger(clock)
    tick = sender(ledger, messenger, clock)
    clock.set(T0 + timedelta(minutes=5))
    report = await tick.tick()
    assert (report.claimed, report.sent) == (3, 3)
    assert messenger.texts() == ["1", "2", "3"]
    assert messenger.sent[0][2].buttons == (("Đã hoàn thành", "done:1"),)
    assert (await tick.tick()).sent == 0
    clock.set(T0 + timedelta(hours=1))
    assert (await tick.tick()).sent == 1
    assert messenger.texts() == ["1", "2", "3", "4"]
    assert ledger.counts() == {"sent": 4}


async def test_nothing_goes_out_in_quiet_hours(ledger: ReminderLedger) -> None:
    clock = FakeClock(T0 + timedelta(hours=14))  # 22:00 in Hà Nội
    ledger.plan([reminder(1, at=T0 + timedelta(hours=13))], T0)
    messenger = RecordingMessenger(clock)
    report = await sender(ledger, messenger, clock).tick()
    assert report.quiet
    assert messenger.sent == []
    assert ledger.counts() == {"pending": 1}


async def test_rendering_nothing_cancels_and_a_rendering_bug_fails_only_that_row(
    ledger: ReminderLedger,
) -> None:
    clock = FakeClock(T0)
    ledger.plan([reminder(1), reminder(2, B), reminder(3, ChatTarget("zalo", "z1"))], T0)

    def picky(entry: LedgerEntry) -> OutgoingMessage | None:
        if entry.assignment_id == 1:
            return None  # the assignment was removed meanwhile
        if entry.assignment_id == 2:
            raise KeyError("template")
        return render(entry)

    messenger = RecordingMessenger(clock)
    report = await sender(ledger, messenger, clock, render_with=picky).tick()
    assert (report.cancelled, report.failed, report.sent) == (1, 2, 0)  # no zalo messenger
    assert {e.assignment_id: e.status for e in ledger.entries()} == {
        1: "cancelled",
        2: "failed",
        3: "failed",
    }
    errors = {e.assignment_id: e.last_error for e in ledger.entries(statuses=["failed"])}
    assert "KeyError" in (errors[2] or "")
    assert "zalo" in (errors[3] or "")


async def test_a_transient_failure_is_retried_and_keeps_the_chat_in_order(
    ledger: ReminderLedger,
) -> None:
    clock = FakeClock(T0)
    ledger.plan([reminder(1, A), reminder(2, A, T0 + timedelta(seconds=1)), reminder(3, B)], T0)
    messenger = FlakyMessenger(clock, failure_rate=0.0)
    fail_first = {"left": 1}
    original = messenger.send

    async def send_once_failing(chat: ChatTarget, message: OutgoingMessage) -> None:
        if message.text == "1" and fail_first["left"]:
            fail_first["left"] -= 1
            raise TransientSendError("502 Bad Gateway")
        await original(chat, message)

    messenger.send = send_once_failing  # type: ignore[method-assign]
    tick = sender(ledger, messenger, clock)
    clock.set(T0 + timedelta(seconds=5))
    report = await tick.tick()
    assert (report.sent, report.retried, report.deferred) == (1, 1, 1)
    assert messenger.texts() == ["3"]  # chat A waits for its first reminder
    clock.advance(9)
    assert (await tick.tick()).sent == 0  # the backoff (10 s) has not passed
    clock.advance(1)
    assert (await tick.tick()).sent == 2
    assert messenger.texts() == ["3", "1", "2"]
    (first,) = [e for e in ledger.entries() if e.assignment_id == 1]
    assert (first.status, first.attempts, first.last_error) == (
        "sent",
        2,
        "TransientSendError: 502 Bad Gateway",
    )


async def test_retry_after_pauses_every_send_for_that_long(ledger: ReminderLedger) -> None:
    clock = FakeClock(T0)
    ledger.plan([reminder(i, A if i % 2 else B) for i in range(1, 7)], T0)
    api = FakeTelegramApi(clock, overall=2, per_chat=100)  # a tiny limit the sender ignores
    tick = sender(ledger, api, clock)
    report = await tick.tick()
    assert (report.sent, report.retried) == (2, 1)
    assert report.deferred == 3
    assert api.refused == 1
    assert (await tick.tick()).sent == 0  # retry_after = 1 s not over
    clock.advance(1)
    await tick.tick()
    clock.advance(1)
    await tick.tick()
    clock.advance(1)
    await tick.tick()
    assert sorted(api.texts(), key=int) == ["1", "2", "3", "4", "5", "6"]
    assert all(e.attempts <= 1 for e in ledger.entries())  # 429s used no attempts


async def test_a_permanent_failure_is_recorded_and_the_rest_goes_on(
    ledger: ReminderLedger,
) -> None:
    clock = FakeClock(T0)
    ledger.plan([reminder(1, A), reminder(2, B), reminder(3, A)], T0)
    messenger = FlakyMessenger(clock, failure_rate=0.0, gone=frozenset({A.key}))
    report = await sender(ledger, messenger, clock).tick()
    assert (report.sent, report.failed) == (1, 2)
    failed = ledger.entries(statuses=["failed"])
    assert [e.assignment_id for e in failed] == [1, 3]
    assert all("kicked" in (e.last_error or "") for e in failed)


async def test_the_sender_stops_before_its_lease_runs_out(ledger: ReminderLedger) -> None:
    clock = FakeClock(T0)
    ledger.plan([reminder(i, ChatTarget("telegram", f"-{i}")) for i in range(10)], T0)
    messenger = RecordingMessenger(clock, latency=10.0)  # each send takes 10 s
    settings = SenderSettings(
        batch_size=10, lease=timedelta(seconds=60), lease_margin=timedelta(seconds=15)
    )
    report = await sender(ledger, messenger, clock, settings=settings).tick()
    # 0 s, 10, 20, 30 start with >= 15 s of lease left; at 40 s only 20 s remain... at 50 s, 10.
    assert report.sent == 5
    assert report.deferred == 5
    assert {e.status for e in ledger.entries() if e.assignment_id >= 5} == {"pending"}
    report = await sender(ledger, messenger, clock, settings=settings).tick()
    assert ledger.counts() == {"sent": 10}
    assert len(messenger.sent) == 10


async def test_a_send_that_outlives_its_claim_is_reported_lost(ledger: ReminderLedger) -> None:
    clock = FakeClock(T0)
    ledger.plan([reminder(1)], T0)
    messenger = RecordingMessenger(clock, latency=100.0)  # longer than the lease
    settings = SenderSettings(lease=timedelta(seconds=60), send_timeout=30)
    report = await sender(ledger, messenger, clock, settings=settings).tick()
    assert (report.sent, report.lost) == (0, 1)
    assert len(messenger.sent) == 1  # and the tick did not claim it back to send it again
    assert ledger.counts() == {"claimed": 1}  # another worker will take it over


async def test_the_limiter_keeps_a_group_to_twenty_a_minute(ledger: ReminderLedger) -> None:
    clock = FakeClock(T0)
    ledger.plan(
        [reminder(i, A, T0 - timedelta(milliseconds=100 - i)) for i in range(25)]
        + [reminder(99, B)],
        T0,
    )
    api = FakeTelegramApi(clock)
    tick = sender(ledger, api, clock, limits=TELEGRAM_LIMITS)
    report = await tick.tick()
    assert report.sent == 21  # 20 for A, 1 for B
    assert api.refused == 0
    held = [e for e in ledger.entries() if e.status == "pending"]
    assert [e.assignment_id for e in held] == [20, 21, 22, 23, 24]
    assert {e.available_at for e in held} == {T0 + timedelta(minutes=1)}  # 20 went at T0
    clock.set(T0 + timedelta(minutes=1))
    assert (await tick.tick()).sent == 5
    assert api.refused == 0
    assert [int(t) for t in api.texts() if t != "99"] == list(range(25))


async def test_fan_out_to_500_groups_stays_within_telegram_limits_near_the_floor(
    ledger: ReminderLedger,
) -> None:
    clock = FakeClock(T0)
    groups = [ChatTarget("telegram", f"-100{i:04d}") for i in range(500)]
    ledger.plan([reminder(i, groups[i % 500]) for i in range(1500)], T0)
    api = FakeTelegramApi(clock)
    tick = sender(
        ledger, api, clock, limits=TELEGRAM_LIMITS, settings=SenderSettings(batch_size=100)
    )
    while ledger.counts().get("pending"):
        await tick.tick()
        clock.advance(1)
    elapsed = (api.sent[-1][0] - T0).total_seconds()
    assert len(api.sent) == 1500
    assert api.refused == 0
    assert 1500 / 30 - 1 <= elapsed <= 1.1 * 1500 / 30


async def test_a_messenger_failing_one_call_in_five_still_delivers_everything_once(
    ledger: ReminderLedger,
) -> None:
    clock = FakeClock(T0)
    chats = [ChatTarget("telegram", f"-100{i}") for i in range(20)]
    planned = [reminder(i, chats[i % 20], T0 + timedelta(seconds=i // 20)) for i in range(400)]
    ledger.plan(planned, T0)
    messenger = FlakyMessenger(clock, failure_rate=0.2, seed=11)
    tick = sender(ledger, messenger, clock, limits=TELEGRAM_LIMITS)
    for _ in range(200):
        await tick.tick()
        if not ledger.counts().get("pending"):
            break
        clock.advance(5)
    assert ledger.counts() == {"sent": 400}
    assert sorted(int(t) for t in messenger.texts()) == list(range(400))  # each exactly once
    assert set(messenger.failures) == {"timeout", "5xx", "429"}
    assert sum(messenger.failures.values()) >= 60
    # each chat got its reminders in the order they were due
    for chat in chats:
        got = [int(message.text) for _, c, message in messenger.sent if c == chat]
        assert got == sorted(got)
