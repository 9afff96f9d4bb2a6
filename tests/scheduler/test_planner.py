"""Planning ticks: the ledger follows the data (done tasks, edited deadlines), catches up after
downtime, and a simulated fortnight of ticks sends every reminder once, on time."""

from __future__ import annotations

import gc
import threading
from collections.abc import Collection, Iterator, Mapping
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import delete
from sqlalchemy.orm import Session, sessionmaker

from knowledge.calendar import WorkCalendar
from knowledge.db import Database, open_database
from scheduler.ledger import LedgerEntry, PlanResult, ReminderLedger
from scheduler.messenger import ChatTarget, OutgoingMessage
from scheduler.models import ReminderLedgerRow
from scheduler.planner import ReminderPlanner, StaticSnapshots
from scheduler.policy import (
    AssignmentSnapshot,
    OverdueCount,
    ReminderRules,
    StaticRecipients,
    overdue_by_unit,
    reminders_between,
)
from scheduler.sender import ReminderSender
from tests.scheduler.fakes import FakeClock, RecordingMessenger

VN = ZoneInfo("Asia/Ho_Chi_Minh")
NOI_VU = ChatTarget("telegram", "-100111")
TAI_CHINH = ChatTarget("telegram", "-100222")
OFFICE = ChatTarget("telegram", "-100999")
RECIPIENTS = StaticRecipients(
    units={"phong-noi-vu": (NOI_VU,), "phong-tai-chinh": (TAI_CHINH,)},
    leaders=(OFFICE,),
    digest=(OFFICE,),
)
RULES = ReminderRules()


@pytest.fixture(scope="module")
def cal() -> WorkCalendar:
    return WorkCalendar()


def local(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=VN).astimezone(UTC)


class MutableSnapshots:
    """A source the test edits between ticks, as users would edit the database."""

    def __init__(self, *items: AssignmentSnapshot) -> None:
        self.items = {s.id: s for s in items}

    def snapshots(
        self,
        first_due: date | None,
        last_due: date,
        *,
        days: Collection[date] | None = None,
        detail_days: Collection[date] | None = None,
    ) -> list[AssignmentSnapshot]:
        items = StaticSnapshots(tuple(self.items.values()))
        return list(items.snapshots(first_due, last_due, days=days))

    def overdue(self, day: date) -> Mapping[str, OverdueCount]:
        return overdue_by_unit(self.items.values(), day)


def planner(
    ledger: ReminderLedger, source: MutableSnapshots | StaticSnapshots, cal: WorkCalendar
) -> ReminderPlanner:
    return ReminderPlanner(ledger, source, lambda: RECIPIENTS, RULES, cal)


def task(id_: int, deadline: date, **kwargs: object) -> AssignmentSnapshot:
    return AssignmentSnapshot(
        id=id_,
        deadline=deadline,
        lead_keys=("phong-noi-vu",),
        cooperate_keys=("phong-tai-chinh",),
        **kwargs,
    )


def by_status(ledger: ReminderLedger) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for e in ledger.entries():
        out.setdefault(e.status, set()).add(f"{e.assignment_id}:{e.kind}")
    return out


def test_the_first_tick_after_downtime_records_the_missed_week(
    session_factory: sessionmaker[Session], cal: WorkCalendar
) -> None:
    ledger = ReminderLedger(session_factory, grace=RULES.grace)
    source = MutableSnapshots(task(1, date(2026, 3, 11)), task(2, date(2026, 3, 20)))
    plan = planner(ledger, source, cal)
    now = local(date(2026, 3, 11), 9, 0)  # Wednesday; the service was down since last week
    assert plan.window(now) == (now - RULES.lookback, now)
    result = plan.plan(now)
    # Monday's digest is not rebuilt on Wednesday: it is past the grace window. What is older
    # than the 12-hour grace is on record as skipped, with no message built for it.
    assert by_status(ledger) == {
        "pending": {"1:due", "2:before:7"},
        "skipped": {"1:before:3", "1:cooperate:3", "1:before:1"},
    }
    assert result.inserted == 5
    assert all(e.payload == {} for e in ledger.entries(statuses=["skipped"]))
    assert all(e.payload["kind"] for e in ledger.entries(statuses=["pending"]))
    claimed = ledger.claim("w", now, 50, timedelta(minutes=1))
    assert {f"{e.assignment_id}:{e.kind}" for e in claimed} == {"1:due", "2:before:7"}
    assert by_status(ledger)["skipped"] == {"1:before:3", "1:cooperate:3", "1:before:1"}
    # Later ticks only look back over the grace window and find nothing new.
    later = now + timedelta(seconds=30)
    assert plan.window(later) == (later - RULES.grace, later)
    assert plan.plan(later).inserted == 0


def test_a_digest_within_the_grace_window_is_planned_on_a_late_start(
    session_factory: sessionmaker[Session], cal: WorkCalendar
) -> None:
    ledger = ReminderLedger(session_factory, grace=RULES.grace)
    plan = planner(ledger, MutableSnapshots(task(1, date(2026, 3, 4))), cal)
    plan.plan(local(date(2026, 3, 9), 11, 0))  # Monday, three hours late
    (digest,) = [e for e in ledger.entries() if e.kind == "digest"]
    # what the message shows of the overdue: the count per unit and the oldest one's age
    assert digest.payload["digest"]["overdue_by_unit"] == {
        "phong-noi-vu": {"count": 1, "days": 3, "oldest": "2026-03-04"}
    }
    assert digest.scheduled_at == local(date(2026, 3, 9), 8, 0)


class CountedMeanwhile(MutableSnapshots):
    """Snapshots read only once the overdue count has started (or `wait` seconds passed)."""

    def __init__(self, *items: AssignmentSnapshot, wait: float) -> None:
        super().__init__(*items)
        self.wait = wait
        self.counting = threading.Event()
        self.counted = 0
        self.overlapped = False

    def snapshots(
        self,
        first_due: date | None,
        last_due: date,
        *,
        days: Collection[date] | None = None,
        detail_days: Collection[date] | None = None,
    ) -> list[AssignmentSnapshot]:
        self.overlapped = self.counting.wait(self.wait)
        return super().snapshots(first_due, last_due, days=days)

    def overdue(self, day: date) -> Mapping[str, OverdueCount]:
        self.counted += 1
        self.counting.set()
        return super().overdue(day)


def test_the_digest_counts_the_overdue_while_the_snapshots_are_read_and_only_once(
    session_factory: sessionmaker[Session], cal: WorkCalendar
) -> None:
    ledger = ReminderLedger(session_factory, grace=RULES.grace)
    source = CountedMeanwhile(task(1, date(2026, 3, 4)), wait=5.0)
    planner(ledger, source, cal).plan(local(date(2026, 3, 9), 11, 0))  # Monday
    # the count ran in another thread while this one read the snapshots
    assert (source.overlapped, source.counted) == (True, 1)
    (digest,) = [e for e in ledger.entries() if e.kind == "digest"]
    assert digest.payload["digest"]["overdue_by_unit"]["phong-noi-vu"]["count"] == 1
    # another process on Monday finds the digest planned: nothing is counted again
    again = CountedMeanwhile(task(1, date(2026, 3, 4)), wait=0.0)
    assert planner(ledger, again, cal).plan(local(date(2026, 3, 9), 11, 5)).inserted == 0
    assert again.counted == 0


def test_a_done_task_and_an_edited_deadline_change_the_pending_rows_at_once(
    session_factory: sessionmaker[Session], cal: WorkCalendar
) -> None:
    ledger = ReminderLedger(session_factory, grace=RULES.grace)
    source = MutableSnapshots(task(1, date(2026, 3, 11)), task(2, date(2026, 3, 11)))
    plan = planner(ledger, source, cal)
    now = local(date(2026, 3, 11), 8, 0)
    plan.plan(now)
    assert by_status(ledger)["pending"] >= {"1:due", "2:due"}
    source.items[1] = replace(source.items[1], done=True)
    source.items[2] = replace(source.items[2], deadline=date(2026, 3, 12))  # one day more
    result = plan.plan(now + timedelta(minutes=1))
    assert result.cancelled == 2
    statuses = by_status(ledger)
    assert {"1:due", "2:due"} <= statuses["cancelled"]
    assert "2:before:1" in statuses["pending"]  # 11/3 is now one working day before 12/3
    moved = [e for e in ledger.entries() if (e.assignment_id, e.kind) == (2, "before:1")]
    assert {(e.occurrence, e.status) for e in moved} == {
        (date(2026, 3, 11), "skipped"),  # yesterday's, past the grace when planned
        (date(2026, 3, 12), "pending"),
    }


def test_a_gap_longer_than_the_grace_is_planned_from_where_the_last_tick_stopped(
    session_factory: sessionmaker[Session], cal: WorkCalendar
) -> None:
    ledger = ReminderLedger(session_factory, grace=RULES.grace)
    plan = planner(ledger, MutableSnapshots(task(1, date(2026, 3, 13))), cal)
    first = local(date(2026, 3, 11), 7, 0)
    plan.plan(first)
    later = first + timedelta(days=2, hours=2)  # the machine slept two days
    assert plan.window(later) == (first, later)
    plan.plan(later)
    kinds = {e.kind for e in ledger.entries()}
    assert {"before:1", "due"} <= kinds


@pytest.fixture
def memory_db() -> Iterator[Database]:
    db = open_database("sqlite://")
    try:
        yield db
    finally:
        db.dispose()


async def test_a_fortnight_of_ticks_sends_every_reminder_once_on_working_days(
    memory_db: Database, cal: WorkCalendar
) -> None:
    # Tết 2026 in the middle: 14-22/2 off; 40 tasks due between 9/2 and 6/3.
    tasks = [task(i, date(2026, 2, 9) + timedelta(days=i % 26)) for i in range(1, 41)]
    monthly = AssignmentSnapshot(
        id=99, occurrences=(date(2026, 2, 10), date(2026, 3, 10)), lead_keys=("phong-noi-vu",)
    )
    snapshots = (*tasks, monthly)
    source = StaticSnapshots(snapshots)
    ledger = ReminderLedger(memory_db.session_factory, grace=RULES.grace)
    plan = planner(ledger, source, cal)
    start = local(date(2026, 2, 9), 0, 0)
    end = local(date(2026, 2, 28), 0, 0)
    clock = FakeClock(start)
    messenger = RecordingMessenger(clock)

    def render(entry: LedgerEntry) -> OutgoingMessage:
        return OutgoingMessage(entry.key)

    send = ReminderSender(
        ledger,
        {"telegram": messenger},
        render,
        clock,
        rules=RULES,
        sleep=clock.sleep,
        offload=False,
    )
    plan.plan(start)  # the process starts on Monday 9/2 at midnight
    while clock.now() < end:
        plan.plan(clock.now())
        await send.tick()
        clock.advance(30 * 60)  # a tick every half hour
    expected = reminders_between(snapshots, RECIPIENTS, RULES, cal, start - RULES.lookback, end)
    expected_keys = sorted(r.key for r in expected if r.scheduled_at >= start - RULES.grace)
    got = [message.text for _, _, message in messenger.sent]
    assert sorted(got) == expected_keys  # each once
    assert len(got) > 150
    due_at = {r.key: r.scheduled_at for r in expected}
    for at, _, message in messenger.sent:
        assert timedelta(0) <= at - due_at[message.text] < timedelta(minutes=30)
        assert cal.is_working_day(at.astimezone(VN).date())
        assert time(7, 0) <= at.astimezone(VN).time() < time(21, 0)
    # What was due before the process started (older than the grace) is on record as skipped.
    skipped = ledger.entries(statuses=["skipped"])
    assert skipped
    assert all(e.scheduled_at < start - RULES.grace for e in skipped)


class CountedSnapshots(MutableSnapshots):
    """A mutable source that counts its reads."""

    def __init__(self, *items: AssignmentSnapshot) -> None:
        super().__init__(*items)
        self.reads = 0

    def snapshots(
        self,
        first_due: date | None,
        last_due: date,
        *,
        days: Collection[date] | None = None,
        detail_days: Collection[date] | None = None,
    ) -> list[AssignmentSnapshot]:
        self.reads += 1
        return super().snapshots(first_due, last_due, days=days)


def ledger_state(ledger: ReminderLedger) -> dict[str, str]:
    return {e.key: e.status for e in ledger.entries()}


def test_a_versioned_planner_reads_only_on_changes_and_new_instants_and_plans_the_same(
    session_factory: sessionmaker[Session], memory_db: Database, cal: WorkCalendar
) -> None:
    tasks = [task(i, date(2026, 3, 9) + timedelta(days=i % 12)) for i in range(1, 13)]
    source = CountedSnapshots(*tasks)
    version = [0]
    versioned = ReminderLedger(session_factory, grace=RULES.grace)
    reference = ReminderLedger(memory_db.session_factory, grace=RULES.grace)
    fast = ReminderPlanner(
        versioned, source, lambda: RECIPIENTS, RULES, cal, changes=lambda now: version[0]
    )
    full = planner(reference, source, cal)
    edits = {
        # Monday noon: task 3 (due Thursday, reminded this morning) is done; Wednesday noon:
        # task 5's deadline moves a week on; Thursday noon: a new task due on Monday
        local(date(2026, 3, 9), 12, 0): lambda: source.items.update(
            {3: replace(source.items[3], done=True)}
        ),
        local(date(2026, 3, 11), 12, 0): lambda: source.items.update(
            {5: replace(source.items[5], deadline=date(2026, 3, 20))}
        ),
        local(date(2026, 3, 12), 12, 0): lambda: source.items.update(
            {99: task(99, date(2026, 3, 16))}
        ),
    }
    now = local(date(2026, 3, 9), 6, 0)
    ticks = 0
    while now < local(date(2026, 3, 14), 0, 0):
        edit = edits.get(now)
        if edit is not None:
            edit()
            version[0] += 1
        fast.plan(now)
        full.plan(now)
        assert ledger_state(versioned) == ledger_state(reference), now
        now += timedelta(minutes=30)
        ticks += 1
    # the first tick, one read per new day (Tuesday to Friday), per morning's send instant
    # (Monday to Friday) and per edit; every other tick read nothing
    reads = 1 + 4 + 5 + len(edits)
    assert source.reads - ticks == reads
    assert fast.skipped == ticks - reads
    assert {"cancelled", "pending"} <= set(ledger_state(versioned).values())


def test_new_recipients_or_a_new_day_make_a_versioned_planner_read_again(
    session_factory: sessionmaker[Session], cal: WorkCalendar
) -> None:
    source = CountedSnapshots(task(1, date(2026, 3, 13)))
    chosen = [RECIPIENTS]
    plan = ReminderPlanner(
        ReminderLedger(session_factory, grace=RULES.grace),
        source,
        lambda: chosen[0],
        RULES,
        cal,
        changes=lambda now: 7,
    )
    now = local(date(2026, 3, 10), 9, 0)  # Tuesday: "before:3" of Friday's task at 08:00
    plan.plan(now)
    plan.plan(now + timedelta(seconds=30))
    assert source.reads == 1
    # a chat bound since: the factory hands out other recipients
    chosen[0] = replace(RECIPIENTS, units={**RECIPIENTS.units, "phong-noi-vu": (OFFICE,)})
    result = plan.plan(now + timedelta(seconds=60))
    assert source.reads == 2
    # this morning's reminder goes to the new chat, not to the one the unit left
    assert (result.inserted, result.cancelled) == (1, 1)
    plan.plan(local(date(2026, 3, 10), 23, 59))
    assert source.reads == 2
    plan.plan(local(date(2026, 3, 11), 0, 1))  # a new day: an extension may take effect
    assert source.reads == 3


def test_a_row_another_replica_cancels_is_reopened_by_the_next_versioned_tick(
    session_factory: sessionmaker[Session], cal: WorkCalendar
) -> None:
    from knowledge.data_version import data_version

    def stored_version(now: datetime) -> int:
        with session_factory() as session:
            return data_version(session.connection(), now)[0]

    ledger = ReminderLedger(session_factory, grace=RULES.grace)
    current = MutableSnapshots(task(1, date(2026, 3, 11)))
    stale = MutableSnapshots()  # a replica that read the data before the task was saved
    here = ReminderPlanner(ledger, current, lambda: RECIPIENTS, RULES, cal, changes=stored_version)
    there = ReminderPlanner(ledger, stale, lambda: RECIPIENTS, RULES, cal, changes=stored_version)
    now = local(date(2026, 3, 11), 8, 5)
    here.plan(now)
    assert by_status(ledger)["pending"] >= {"1:due"}
    assert there.plan(now).cancelled >= 1  # "1:due" is pending in its window, unasked for
    assert "1:due" in by_status(ledger)["cancelled"]
    # the cancellation moved the data version: the next tick here plans again and reopens it
    assert here.plan(now + timedelta(seconds=30)).reopened >= 1
    assert "1:due" in by_status(ledger)["pending"]
    assert here.plan(now + timedelta(seconds=60)) == here.plan(now + timedelta(seconds=90))
    assert here.skipped >= 1


class CountedOverdue(CountedSnapshots):
    """Counts the digests built too (each asks for the overdue counts once)."""

    def __init__(self, *items: AssignmentSnapshot) -> None:
        super().__init__(*items)
        self.digests = 0

    def overdue(self, day: date) -> Mapping[str, OverdueCount]:
        self.digests += 1
        return super().overdue(day)


def test_a_new_process_over_a_current_ledger_takes_up_the_stored_plan(
    session_factory: sessionmaker[Session], memory_db: Database, cal: WorkCalendar
) -> None:
    """A restart (or a replica) with persist=True plans as the process before it would have
    gone on planning: nothing twice, nothing read while the data is as the stored plan read
    it, and every tick leaves the ledger an unversioned planner leaves."""
    tasks = [task(i, date(2026, 3, 9) + timedelta(days=i % 12)) for i in range(1, 13)]
    source = CountedOverdue(*tasks)
    version = [0]
    ledger = ReminderLedger(session_factory, grace=RULES.grace)
    reference = ReminderLedger(memory_db.session_factory, grace=RULES.grace)
    full = planner(reference, source, cal)

    def process() -> ReminderPlanner:
        return ReminderPlanner(
            ledger,
            source,
            lambda: RECIPIENTS,
            RULES,
            cal,
            changes=lambda now: version[0],
            persist=True,
        )

    now = local(date(2026, 3, 9), 8, 30)  # Monday, after the digest
    # the office ran before (a process that stored no plan): not its first start
    planner(ledger, source, cal).plan(now - timedelta(days=1))
    full.plan(now - timedelta(days=1))
    first = process()
    assert first.plan(now).inserted > 0
    full.plan(now)
    planned = ledger_state(ledger)
    reads, digests = source.reads, source.digests
    # a restart half an hour later: the stored plan holds; nothing is read or written
    now += timedelta(minutes=30)
    again = process()
    assert again.plan(now) == PlanResult(inserted=0, reopened=0, cancelled=0)
    assert (source.reads, source.digests) == (reads, digests)
    assert again.skipped == 1
    full.plan(now)
    assert ledger_state(ledger) == planned == ledger_state(reference)
    # restarts each morning, with a task done on Tuesday at noon: the ledger is the
    # unversioned planner's after every tick
    current = again
    while now < local(date(2026, 3, 13), 18, 0):
        now += timedelta(minutes=30)
        if now == local(date(2026, 3, 10), 12, 0):
            source.items[4] = replace(source.items[4], done=True)
            version[0] += 1
        if now.astimezone(VN).time() == time(7, 0):
            current = process()
        current.plan(now)
        full.plan(now)
        assert ledger_state(ledger) == ledger_state(reference), now
    assert "cancelled" in set(ledger_state(ledger).values())
    # a ledger emptied since: the stored plan is ignored, and what can still go out is
    # planned again, as on a first start
    with session_factory() as session, session.begin():
        session.execute(delete(ReminderLedgerRow))
    assert process().plan(now).inserted > 0
    assert not ledger.entries(statuses=["skipped"])
    # other rules plan other reminders: a plan stored under others is not taken up
    reads = source.reads
    other = ReminderPlanner(
        ledger,
        source,
        lambda: RECIPIENTS,
        replace(RULES, offsets=(5, 1, 0)),
        cal,
        changes=lambda now: version[0],
        persist=True,
    )
    other.plan(now + timedelta(seconds=30))
    assert source.reads == reads + 1


def test_an_office_s_first_start_plans_only_what_can_still_go_out(
    session_factory: sessionmaker[Session], memory_db: Database, cal: WorkCalendar
) -> None:
    """No stored plan and an empty ledger: nothing fell due for this ledger before, so the week
    behind is not recorded as missed; what the grace window still allows is planned as an
    unversioned planner plans it. A later restart after downtime records the gap as before."""
    tasks = [task(i, date(2026, 3, 4) + timedelta(days=i)) for i in range(1, 13)]
    source = CountedOverdue(*tasks)
    ledger = ReminderLedger(session_factory, grace=RULES.grace)
    reference = ReminderLedger(memory_db.session_factory, grace=RULES.grace)

    def process() -> ReminderPlanner:
        return ReminderPlanner(
            ledger, source, lambda: RECIPIENTS, RULES, cal, changes=lambda now: 0, persist=True
        )

    now = local(date(2026, 3, 11), 9, 0)  # Wednesday
    first = process()
    assert first.window(now) == (now - RULES.lookback, now)  # nothing known yet
    assert first.plan(now).inserted > 0
    assert not ledger.entries(statuses=["skipped"])
    planner(reference, source, cal).plan(now)
    assert ledger_state(ledger) == {
        key: status for key, status in ledger_state(reference).items() if status != "skipped"
    }
    assert "skipped" in set(ledger_state(reference).values())  # the lookback's week
    # down from Wednesday to Monday: the new process records what it missed meanwhile
    later = local(date(2026, 3, 16), 9, 0)
    process().plan(later)
    missed = {f"{e.assignment_id}:{e.kind}" for e in ledger.entries(statuses=["skipped"])}
    assert missed
    assert all(
        e.scheduled_at > now for e in ledger.entries(statuses=["skipped"])
    )  # the gap, not the week before the first start


def test_a_digest_the_ledger_holds_is_not_built_again(
    session_factory: sessionmaker[Session], cal: WorkCalendar
) -> None:
    source = CountedOverdue(task(1, date(2026, 3, 4)), task(2, date(2026, 3, 11)))
    ledger = ReminderLedger(session_factory, grace=RULES.grace)
    monday = local(date(2026, 3, 9), 8, 0)
    planner(ledger, source, cal).plan(monday + timedelta(seconds=30))
    assert source.digests == 1
    (digest,) = [e for e in ledger.entries() if e.kind == "digest"]
    # another process (or a tick after a change) over the same window: the rows are there
    result = planner(ledger, source, cal).plan(monday + timedelta(minutes=5))
    assert (result.inserted, result.cancelled, source.digests) == (0, 0, 1)
    assert [e.payload for e in ledger.entries() if e.kind == "digest"] == [digest.payload]
    # a dry run still shows what it would say
    shown = planner(ledger, source, cal).wanted(monday - timedelta(minutes=1), monday)
    assert [r.digest for r in shown if r.kind == "digest"] == [digest.payload["digest"]]
    assert source.digests == 2


def test_a_plan_holds_the_collector_off_and_leaves_it_as_it_found_it(
    session_factory: sessionmaker[Session], cal: WorkCalendar
) -> None:
    collector_on: list[bool] = []

    def recipients() -> StaticRecipients:
        collector_on.append(gc.isenabled())  # read once per plan, inside it
        return RECIPIENTS

    ledger = ReminderLedger(session_factory, grace=RULES.grace)
    source = MutableSnapshots(task(1, date(2026, 3, 11)))
    plan = ReminderPlanner(ledger, source, recipients, RULES, cal)
    assert gc.isenabled()
    plan.plan(local(date(2026, 3, 11), 9, 0))
    assert collector_on == [False]
    assert gc.isenabled()
    gc.disable()
    try:
        plan.plan(local(date(2026, 3, 12), 9, 0))
        assert not gc.isenabled()  # held off by someone else: still off
    finally:
        gc.enable()
