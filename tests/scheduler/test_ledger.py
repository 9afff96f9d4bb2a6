"""The reminder ledger on SQLite and PostgreSQL: idempotent planning, leases, retries, grace."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from scheduler.ledger import ReminderLedger, RetryPolicy
from scheduler.messenger import ChatTarget
from scheduler.models import ReminderLedgerRow
from scheduler.policy import Reminder

T0 = datetime(2026, 3, 9, 1, 0, tzinfo=UTC)  # Monday 08:00 in Hà Nội
GROUP_A = ChatTarget("telegram", "-100111")
GROUP_B = ChatTarget("telegram", "-100222")
LEASE = timedelta(seconds=60)


def reminder(
    assignment_id: int,
    at: datetime = T0,
    chat: ChatTarget = GROUP_A,
    kind: str = "due",
    occurrence: date = date(2026, 3, 9),
) -> Reminder:
    return Reminder(
        assignment_id=assignment_id,
        occurrence=occurrence,
        recipient=chat,
        kind=kind,
        scheduled_at=at,
        unit_keys=("phong-noi-vu",),
    )


@pytest.fixture
def ledger(session_factory: sessionmaker[Session]) -> ReminderLedger:
    return ReminderLedger(
        session_factory,
        grace=timedelta(hours=12),
        retry=RetryPolicy(max_attempts=3, first_delay=timedelta(seconds=30)),
    )


def statuses(ledger: ReminderLedger) -> dict[str, str]:
    return {e.key: e.status for e in ledger.entries()}


# --- planning --------------------------------------------------------------------------------


def test_planning_twice_inserts_each_key_once(ledger: ReminderLedger) -> None:
    batch = [reminder(i) for i in range(1, 6)]
    first = ledger.plan(batch, T0)
    again = ledger.plan([*batch, reminder(6)], T0)
    assert (first.inserted, again.inserted) == (5, 1)
    entries = ledger.entries()
    assert len(entries) == 6
    assert len({e.key for e in entries}) == 6
    one = entries[0]
    assert one.payload["kind"] == "due"
    assert one.recipient == GROUP_A
    assert one.scheduled_at == T0
    assert one.scheduled_at.tzinfo is not None
    assert (one.status, one.attempts, one.claimed_by) == ("pending", 0, None)


def test_planning_a_window_cancels_what_the_data_no_longer_asks_for(
    ledger: ReminderLedger,
) -> None:
    window = (T0 - timedelta(hours=12), T0)
    old = reminder(1, kind="before:1", occurrence=date(2026, 3, 10))
    kept = reminder(2)
    ledger.plan([old, kept], T0, window=window)
    # The deadline of assignment 1 was edited: the tick now derives another key for it.
    moved = reminder(1, kind="before:3", occurrence=date(2026, 3, 12))
    result = ledger.plan([moved, kept], T0, window=window)
    assert (result.inserted, result.cancelled) == (1, 1)
    assert statuses(ledger) == {old.key: "cancelled", kept.key: "pending", moved.key: "pending"}
    # Edited back: the cancelled row is planned again, not duplicated.
    back = ledger.plan([old, kept], T0, window=window)
    assert (back.inserted, back.reopened, back.cancelled) == (0, 1, 1)
    assert statuses(ledger)[old.key] == "pending"


def test_cancelling_leaves_rows_outside_the_window_and_claimed_rows(
    ledger: ReminderLedger,
) -> None:
    earlier = reminder(1, at=T0 - timedelta(hours=2))
    held = reminder(2)
    ledger.plan([earlier, held], T0)
    ledger.claim("w1", T0, limit=10, lease=LEASE)  # claims both
    ledger.release([e.id for e in ledger.entries() if e.key == earlier.key], "w1", T0)
    result = ledger.plan([], T0, window=(T0 - timedelta(hours=1), T0))
    assert result.cancelled == 0
    assert statuses(ledger) == {earlier.key: "pending", held.key: "claimed"}


def test_naive_instants_are_refused(ledger: ReminderLedger) -> None:
    with pytest.raises(ValueError, match="aware"):
        ledger.plan([reminder(1)], datetime(2026, 3, 9, 8, 0))
    with pytest.raises(ValueError, match="aware"):
        ledger.claim("w", datetime(2026, 3, 9, 8, 0), 10, LEASE)


# --- claiming and leases --------------------------------------------------------------------


def test_claim_takes_due_rows_oldest_first_up_to_the_limit(ledger: ReminderLedger) -> None:
    ledger.plan(
        [
            reminder(1, T0 + timedelta(minutes=2), ChatTarget("zalo", "c")),
            reminder(2, T0, GROUP_A),
            reminder(3, T0 + timedelta(minutes=1), GROUP_B),
            reminder(4, T0 + timedelta(hours=1)),  # not due yet
        ],
        T0,
    )
    now = T0 + timedelta(minutes=5)
    first = ledger.claim("w1", now, limit=2, lease=LEASE)
    assert [e.assignment_id for e in first] == [2, 3]
    assert all(e.claimed_by == "w1" and e.lease_until == now + LEASE for e in first)
    assert all(e.attempts == 1 for e in first)
    second = ledger.claim("w2", now, limit=10, lease=LEASE)
    assert [e.assignment_id for e in second] == [1]
    assert ledger.claim("w3", now, limit=10, lease=LEASE) == []


def test_a_row_is_marked_sent_only_while_the_claim_is_held(ledger: ReminderLedger) -> None:
    ledger.plan([reminder(1), reminder(2, chat=GROUP_B)], T0)
    a, b = ledger.claim("w1", T0, limit=10, lease=LEASE)
    assert not ledger.mark_sent(a.id, "someone-else", T0)
    assert ledger.mark_sent(a.id, "w1", T0 + timedelta(seconds=59))
    assert not ledger.mark_sent(a.id, "w1", T0 + timedelta(seconds=59))  # once
    # b's lease runs out: another worker takes it over, and w1 can no longer mark it.
    late = T0 + LEASE
    assert not ledger.mark_sent(b.id, "w1", late)
    taken = ledger.claim("w2", late, limit=10, lease=LEASE)
    assert [(e.id, e.attempts) for e in taken] == [(b.id, 2)]
    assert not ledger.mark_sent(b.id, "w1", late)
    assert ledger.mark_sent(b.id, "w2", late)
    sent = {e.id: e for e in ledger.entries(statuses=["sent"])}
    assert sent[a.id].sent_at == T0 + timedelta(seconds=59)
    assert sent[b.id].claimed_by == "w2"
    assert ledger.counts() == {"sent": 2}


def test_an_expired_lease_makes_the_row_claimable_again(ledger: ReminderLedger) -> None:
    ledger.plan([reminder(1)], T0)
    assert ledger.claim("crashed", T0, limit=10, lease=LEASE)
    assert ledger.claim("w2", T0 + LEASE - timedelta(seconds=1), limit=10, lease=LEASE) == []
    again = ledger.claim("w2", T0 + LEASE, limit=10, lease=LEASE)
    assert [e.claimed_by for e in again] == ["w2"]


# --- failures, retries, grace ---------------------------------------------------------------


def test_a_transient_failure_is_retried_after_a_growing_backoff(ledger: ReminderLedger) -> None:
    ledger.plan([reminder(1)], T0)
    (entry,) = ledger.claim("w1", T0, 10, LEASE)
    first = ledger.mark_failed(entry.id, "w1", T0, "timeout")
    assert first is not None
    assert (first.status, first.available_at) == ("pending", T0 + timedelta(seconds=30))
    assert ledger.claim("w1", T0 + timedelta(seconds=29), 10, LEASE) == []
    now = T0 + timedelta(seconds=30)
    (entry,) = ledger.claim("w1", now, 10, LEASE)
    second = ledger.mark_failed(entry.id, "w1", now, "HTTP 502")
    assert second is not None
    assert second.available_at == now + timedelta(seconds=60)
    now += timedelta(seconds=60)
    (entry,) = ledger.claim("w1", now, 10, LEASE)
    third = ledger.mark_failed(entry.id, "w1", now, "HTTP 502 again")
    assert third is not None
    assert third.status == "failed"  # three attempts used up
    (failed,) = ledger.entries(statuses=["failed"])
    assert (failed.attempts, failed.last_error) == (3, "HTTP 502 again")
    assert ledger.claim("w1", now + timedelta(days=1), 10, LEASE) == []


def test_retry_after_is_honoured_and_permanent_errors_stop_at_once(
    ledger: ReminderLedger,
) -> None:
    ledger.plan([reminder(1), reminder(2, chat=GROUP_B)], T0)
    a, b = ledger.claim("w1", T0, 10, LEASE)
    waited = ledger.mark_failed(a.id, "w1", T0, "429", retry_after=95)
    assert waited is not None
    assert waited.available_at == T0 + timedelta(seconds=95)
    assert [e.attempts for e in ledger.entries() if e.id == a.id] == [0]  # a 429 is not a try
    gone = ledger.mark_failed(b.id, "w1", T0, "bot was kicked", permanent=True)
    assert gone is not None
    assert gone.status == "failed"
    assert ledger.mark_failed(b.id, "w1", T0, "again") is None  # not held any more
    assert statuses(ledger) == {
        reminder(1).key: "pending",
        reminder(2, chat=GROUP_B).key: "failed",
    }


def test_a_chat_waits_while_its_earlier_reminder_waits_for_a_retry(
    ledger: ReminderLedger,
) -> None:
    ledger.plan(
        [
            reminder(1, T0, GROUP_A),
            reminder(2, T0 + timedelta(minutes=1), GROUP_A),
            reminder(3, T0 + timedelta(minutes=1), GROUP_B),
        ],
        T0,
    )
    (first,) = ledger.claim("w1", T0, 1, LEASE)
    ledger.mark_failed(first.id, "w1", T0, "429", retry_after=120)
    now = T0 + timedelta(seconds=61)
    got = ledger.claim("w1", now, 10, LEASE)
    assert [e.assignment_id for e in got] == [3]  # chat A's later reminder waits for the first
    ledger.mark_sent(got[0].id, "w1", now)
    assert ledger.claim("w1", now + timedelta(seconds=58), 10, LEASE) == []
    got = ledger.claim("w1", T0 + timedelta(seconds=120), 10, LEASE)
    assert [e.assignment_id for e in got] == [1, 2]  # the retry first, then the next one


def test_reminders_due_at_the_same_instant_keep_their_order_in_a_chat(
    ledger: ReminderLedger,
) -> None:
    ledger.plan([reminder(1), reminder(2), reminder(3, chat=GROUP_B)], T0)
    (first,) = ledger.claim("w1", T0, 1, LEASE)
    assert first.assignment_id == 1
    ledger.mark_failed(first.id, "w1", T0, "timeout")
    assert [e.assignment_id for e in ledger.claim("w1", T0, 10, LEASE)] == [3]


def test_a_chat_holding_a_live_claim_holds_its_later_rows(ledger: ReminderLedger) -> None:
    ledger.plan([reminder(1, T0, GROUP_A), reminder(2, T0 + timedelta(seconds=1), GROUP_A)], T0)
    now = T0 + timedelta(seconds=5)
    assert [e.assignment_id for e in ledger.claim("w1", now, 1, LEASE)] == [1]
    assert ledger.claim("w2", now, 10, LEASE) == []
    ledger.mark_sent(ledger.entries(statuses=["claimed"])[0].id, "w1", now)
    assert [e.assignment_id for e in ledger.claim("w2", now, 10, LEASE)] == [2]


def test_reminders_past_the_grace_window_are_skipped_for_the_digest(
    ledger: ReminderLedger,
) -> None:
    ledger.plan(
        [
            reminder(1, T0 - timedelta(days=3)),  # missed while the service was down
            reminder(2, T0 - timedelta(hours=11), GROUP_B),  # late but still useful
        ],
        T0,
    )
    # what is already past the grace window when planned is on record as skipped at once,
    # with no message built for it; what can still go out waits with what it will say
    by_key = {e.assignment_id: e for e in ledger.entries()}
    assert (by_key[1].status, by_key[1].payload) == ("skipped", {})
    assert (by_key[2].status, by_key[2].payload["units"]) == ("pending", ["phong-noi-vu"])
    got = ledger.claim("w1", T0, 10, LEASE)
    assert [e.assignment_id for e in got] == [2]
    (skipped,) = ledger.entries(statuses=["skipped"], changed_since=T0 - timedelta(days=7))
    assert skipped.assignment_id == 1
    # planned again (a restart's lookback), it stays as it was
    assert ledger.plan([reminder(1, T0 - timedelta(days=3))], T0).inserted == 0
    # a claim that outlives the grace window is skipped too, not sent a day late
    later = T0 + timedelta(hours=2)
    assert ledger.claim("w2", later, 10, LEASE) == []
    assert statuses(ledger)[reminder(2, chat=GROUP_B).key] == "skipped"


def test_released_rows_keep_their_attempts_and_wait_until_told(ledger: ReminderLedger) -> None:
    ledger.plan([reminder(1), reminder(2, chat=GROUP_B)], T0)
    got = ledger.claim("w1", T0, 10, LEASE)
    assert ledger.release([e.id for e in got], "w2", T0) == 0  # not w2's
    until = T0 + timedelta(seconds=20)
    assert ledger.release([e.id for e in got], "w1", T0, available_at=until) == 2
    assert ledger.claim("w1", until - timedelta(seconds=1), 10, LEASE) == []
    again = ledger.claim("w1", until, 10, LEASE)
    assert [e.attempts for e in again] == [1, 1]


def test_a_held_row_can_be_cancelled_when_there_is_nothing_to_send(
    ledger: ReminderLedger,
) -> None:
    ledger.plan([reminder(1)], T0)
    (entry,) = ledger.claim("w1", T0, 10, LEASE)
    assert not ledger.cancel(entry.id, "w2", T0)
    assert ledger.cancel(entry.id, "w1", T0, "assignment removed")
    (row,) = ledger.entries()
    assert (row.status, row.last_error) == ("cancelled", "assignment removed")


# --- concurrency ----------------------------------------------------------------------------


def test_concurrent_claimers_never_share_a_row(
    ledger: ReminderLedger, session_factory: sessionmaker[Session]
) -> None:
    chats = [ChatTarget("telegram", f"-100{i}") for i in range(40)]
    ledger.plan(
        [reminder(i, T0 + timedelta(seconds=i % 7), chats[i % 40]) for i in range(400)], T0
    )
    now = T0 + timedelta(minutes=1)
    got: dict[str, list[int]] = {}
    errors: list[BaseException] = []

    def work(worker: str) -> None:
        mine: list[int] = []
        try:
            while batch := ledger.claim(worker, now, 7, LEASE):
                for entry in batch:
                    assert ledger.mark_sent(entry.id, worker, now)
                    mine.append(entry.id)
        except BaseException as exc:  # reported after the join
            errors.append(exc)
        got[worker] = mine

    threads = [threading.Thread(target=work, args=(f"w{i}",)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    every = [i for ids in got.values() for i in ids]
    assert len(every) == len(set(every)) == 400
    assert ledger.counts() == {"sent": 400}
    with session_factory() as session:
        rows = session.scalars(select(ReminderLedgerRow.attempts)).all()
    assert set(rows) == {1}


def test_concurrent_planners_agree(ledger: ReminderLedger) -> None:
    batch = [reminder(i, chat=ChatTarget("zalo", f"u{i % 13}")) for i in range(1200)]
    results: list[int] = []
    errors: list[BaseException] = []

    def work(order: int) -> None:
        try:
            mine = batch if order % 2 else list(reversed(batch))
            results.append(ledger.plan(mine, T0).inserted)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sum(results) == 1200
    assert len(ledger.entries()) == 1200


def test_rows_changed_behind_the_ledger_keep_the_lease_rule(
    ledger: ReminderLedger, session_factory: sessionmaker[Session]
) -> None:
    ledger.plan([reminder(1)], T0)
    (entry,) = ledger.claim("w1", T0, 10, LEASE)
    with session_factory() as session, session.begin():
        session.execute(update(ReminderLedgerRow).values(claimed_by="w9"))
    assert not ledger.mark_sent(entry.id, "w1", T0)


def test_planned_rows_are_stored_as_the_orm_stores_them(
    ledger: ReminderLedger, session_factory: sessionmaker[Session]
) -> None:
    """plan() writes rows without the ORM (arrays on PostgreSQL, pre-formatted values on
    SQLite): they must read back, compare and order exactly as rows the ORM writes."""
    at = datetime(2026, 3, 9, 1, 0, 0, 123456, tzinfo=UTC)
    planned = reminder(1, at=at)
    ledger.plan([planned, reminder(2, at=at, chat=GROUP_B)], T0)
    with session_factory() as session, session.begin():
        session.add(
            ReminderLedgerRow(
                key="by-the-orm",
                assignment_id=1,
                occurrence=planned.occurrence,
                recipient=GROUP_A.key,
                kind="due",
                payload=planned.payload(),
                scheduled_at=at,
                available_at=at,
                status="pending",
                attempts=0,
                created_at=T0,
                updated_at=T0,
            )
        )
    with session_factory() as session:
        columns = (
            ReminderLedgerRow.occurrence,
            ReminderLedgerRow.payload,
            ReminderLedgerRow.scheduled_at,
            ReminderLedgerRow.available_at,
            ReminderLedgerRow.created_at,
        )
        ours = session.execute(select(*columns).where(ReminderLedgerRow.key == planned.key)).one()
        orm = session.execute(select(*columns).where(ReminderLedgerRow.key == "by-the-orm")).one()
        assert ours == orm
        assert ours.scheduled_at == at
        # stored alike: equal instants compare equal in SQL (SQLite compares the text)
        same = session.scalars(
            select(ReminderLedgerRow.key).where(ReminderLedgerRow.scheduled_at == at)
        ).all()
        assert len(same) == 3
    assert ledger.plan([planned], T0).inserted == 0
