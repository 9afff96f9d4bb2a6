"""Snapshots and recipients read from the database: live assignments only, done reports and
approved extensions applied, bound chats and leaders; a planned tick over stored data."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy.orm import Session, sessionmaker

from knowledge.calendar import WorkCalendar
from knowledge.chats import ChatAddress, Role, SqlChatDirectory
from knowledge.progress import ProgressState, SqlProgressRepository
from scheduler.ledger import ReminderLedger
from scheduler.messenger import ChatTarget
from scheduler.planner import ReminderPlanner
from scheduler.policy import OverdueCount, ReminderRules, overdue_by_unit
from scheduler.source import DirectoryRecipients, SqlSnapshotSource, directory_recipients
from tests.progress_data import OFFICE_ADMIN, UNIT_MEMBER, Office, at, seed_office
from tests.scheduler.fakes import FakeClock

MARCH = (date(2023, 3, 1), date(2023, 3, 31))


@pytest.fixture
def office(session_factory: sessionmaker[Session]) -> Office:
    return seed_office(session_factory)


def source(session_factory: sessionmaker[Session], day: date) -> SqlSnapshotSource:
    return SqlSnapshotSource(session_factory, FakeClock(at(day)))


def test_only_live_assignments_with_a_date_in_range_are_read(
    session_factory: sessionmaker[Session], office: Office
) -> None:
    found = {s.id: s for s in source(session_factory, date(2023, 3, 1)).snapshots(*MARCH)}
    assert set(found) == {office.friday, office.saturday, office.monthly, office.later}
    friday = found[office.friday]
    assert (friday.deadline, friday.lead_keys, friday.cooperate_keys, friday.done) == (
        date(2023, 3, 10),
        ("phong_noi_vu",),
        ("trung_tam_y_te",),
        False,
    )
    assert friday.since is None  # the clock is before the ingest: a replayed notice
    today = SqlSnapshotSource(session_factory, FakeClock(datetime.now(UTC) + timedelta(days=1)))
    live = {s.id: s for s in today.snapshots(*MARCH)}
    assert live[office.friday].since is not None  # nothing before the ingest is produced
    assert live[office.friday].since < datetime.now(UTC)
    monthly = found[office.monthly]
    assert monthly.deadline is None
    # only the occurrences in the range read: the others can give no reminder in the window
    assert monthly.occurrences == (date(2023, 3, 20),)
    narrow = source(session_factory, date(2023, 3, 1)).snapshots(
        date(2023, 4, 1), date(2023, 4, 30)
    )
    assert [(s.id, s.occurrences) for s in narrow] == [(office.monthly, (date(2023, 4, 20),))]
    # no lower bound (the weekly digest): everything open due up to the date
    upto = source(session_factory, date(2023, 3, 1)).snapshots(None, date(2023, 3, 10))
    assert {s.id for s in upto} == {office.friday}


def test_only_tasks_due_on_the_detail_days_carry_what_their_messages_say(
    session_factory: sessionmaker[Session], office: Office
) -> None:
    read = source(session_factory, date(2023, 3, 1))
    every = {s.id: s.facts for s in read.snapshots(*MARCH)}
    assert all(facts is not None and facts.task for facts in every.values())
    some = {s.id: s.facts for s in read.snapshots(*MARCH, detail_days={date(2023, 3, 10)})}
    assert set(some) == set(every)  # the same tasks, their reminders still planned
    assert some[office.friday] == every[office.friday]  # due on 10/3
    assert {i for i, facts in some.items() if facts is None} == set(every) - {office.friday}


def test_a_done_report_stops_reminders_even_before_the_office_confirms(
    session_factory: sessionmaker[Session], office: Office
) -> None:
    progress = SqlProgressRepository(session_factory, require_confirmation=True)
    now = at(date(2023, 3, 8))
    progress.report(office.friday, UNIT_MEMBER, ProgressState.DONE, now=now)
    progress.report(
        office.monthly, UNIT_MEMBER, ProgressState.DONE, now=now, occurrence=date(2023, 3, 20)
    )
    progress.report(office.saturday, UNIT_MEMBER, ProgressState.IN_PROGRESS, now=now)
    found = {s.id: s for s in source(session_factory, date(2023, 3, 8)).snapshots(*MARCH)}
    assert found[office.friday].done
    assert not found[office.saturday].done
    assert found[office.monthly].done_occurrences == {date(2023, 3, 20)}
    # the office refuses the report: reminders start again
    progress.confirm_completion(office.friday, OFFICE_ADMIN, now=now, accept=False)
    again = {s.id: s for s in source(session_factory, date(2023, 3, 8)).snapshots(*MARCH)}
    assert not again[office.friday].done


def test_an_approved_extension_moves_the_date_once_decided(
    session_factory: sessionmaker[Session], office: Office
) -> None:
    progress = SqlProgressRepository(session_factory)
    asked = progress.request_extension(
        office.friday, UNIT_MEMBER, date(2023, 3, 17), "chờ số liệu", now=at(date(2023, 3, 6))
    )
    window = (date(2023, 3, 15), date(2023, 3, 18))
    before = source(session_factory, date(2023, 3, 7)).snapshots(*window)
    assert office.friday not in {s.id for s in before}  # a pending request changes nothing
    progress.decide_extension(asked.id, OFFICE_ADMIN, True, now=at(date(2023, 3, 7)))
    after = {s.id: s for s in source(session_factory, date(2023, 3, 7)).snapshots(*window)}
    assert after[office.friday].deadline == date(2023, 3, 17)


def test_recipients_come_from_bindings_and_leader_roles(
    session_factory: sessionmaker[Session], office: Office
) -> None:
    directory = SqlChatDirectory(session_factory, now=lambda: at(date(2023, 3, 1)))
    directory.bind_chat(ChatAddress("telegram", "-100200"), "group", "phong_noi_vu", by="cli")
    leader = directory.touch_person("telegram", "77", "Chủ tịch", private_chat_id="77")
    directory.set_role(leader.id, Role.LEADER)
    directory.touch_person("zalo", "88", "Phó Chủ tịch")  # a leader without a private chat yet
    directory.set_role(directory.person("zalo", "88").id, Role.LEADER)  # type: ignore[union-attr]
    recipients = DirectoryRecipients(directory)
    assert recipients.unit_chats("phong_noi_vu") == (ChatTarget("telegram", "-100200"),)
    assert recipients.unit_chats("trung_tam_y_te") == ()
    assert recipients.unit_chats("khong_co") == ()
    assert recipients.leader_chats() == (ChatTarget("telegram", "77"),)
    assert recipients.digest_chats() == recipients.leader_chats()


def test_a_tick_plans_from_stored_data_and_follows_a_done_report(
    session_factory: sessionmaker[Session], office: Office
) -> None:
    directory = SqlChatDirectory(session_factory, now=lambda: at(date(2023, 3, 1)))
    group = ChatAddress("telegram", "-100200")
    directory.bind_chat(group, "group", "phong_noi_vu", by="cli")
    directory.bind_chat(ChatAddress("telegram", "-100300"), "group", "trung_tam_y_te", by="cli")
    rules = ReminderRules(weekly_digest=False)
    clock = FakeClock(datetime(2023, 3, 7, 1, 0, tzinfo=UTC))  # Tuesday 08:00
    ledger = ReminderLedger(session_factory, grace=rules.grace)
    snapshots = SqlSnapshotSource(session_factory, clock)
    recipients = DirectoryRecipients(directory)
    planner = ReminderPlanner(
        ledger,
        snapshots,
        lambda: recipients,
        rules,
        WorkCalendar(),
        changes=snapshots.version,  # as the bot wires it: the report bumps the data version
    )
    planner.plan(clock.now())
    due_now = {(e.assignment_id, e.kind, e.recipient.chat_id) for e in ledger.entries()}
    # 10/3 is Friday: 3 working days before is Tuesday 7/3, for the lead and the cooperating unit
    assert (office.friday, "before:3", "-100200") in due_now
    assert (office.friday, "cooperate:3", "-100300") in due_now
    SqlProgressRepository(session_factory).report(
        office.friday, UNIT_MEMBER, ProgressState.DONE, now=clock.now()
    )
    clock.advance(60)
    result = planner.plan(clock.now())
    assert result.cancelled == 2
    statuses = {e.kind: e.status for e in ledger.entries() if e.assignment_id == office.friday}
    assert statuses == {
        "before:3": "cancelled",
        "cooperate:3": "cancelled",
        "before:7": "skipped",  # a week old when planned: on record, never to be sent
    }
    assert not [
        e
        for e in ledger.claim("w", clock.now(), 50, timedelta(minutes=1))
        if e.assignment_id == office.friday
    ]
    clock.set(clock.now() + timedelta(days=3))  # Friday: nothing more for a done task
    planner.plan(clock.now())
    assert {e.kind for e in ledger.entries() if e.assignment_id == office.friday} == {
        "before:7",
        "before:3",
        "cooperate:3",
    }


def test_recipients_are_kept_for_the_refresh_period_when_a_clock_is_given(
    session_factory: sessionmaker[Session], office: Office
) -> None:
    directory = SqlChatDirectory(session_factory, now=lambda: at(date(2023, 3, 1)))
    clock = FakeClock(at(date(2023, 3, 1)))
    cached = directory_recipients(directory, clock, refresh=timedelta(minutes=5))
    fresh = directory_recipients(directory)
    assert cached().unit_chats("phong_noi_vu") == ()
    directory.bind_chat(ChatAddress("telegram", "-1"), "group", "phong_noi_vu", by="cli")
    assert fresh().unit_chats("phong_noi_vu") == (ChatTarget("telegram", "-1"),)
    clock.advance(299)
    assert cached().unit_chats("phong_noi_vu") == ()  # read 299 s ago
    clock.advance(1)
    assert cached().unit_chats("phong_noi_vu") == (ChatTarget("telegram", "-1"),)


def test_the_data_version_counts_what_reminders_are_planned_from(
    session_factory: sessionmaker[Session], office: Office
) -> None:
    snapshots = source(session_factory, date(2023, 3, 1))
    now = datetime.now(UTC) + timedelta(days=1)
    directory = SqlChatDirectory(session_factory, now=lambda: now)
    seen = [snapshots.version(now)]

    def changed() -> bool:
        seen.append(snapshots.version(now))
        return seen[-1] != seen[-2]

    # documents dated after the clock (a replayed notice): their reminders change with time
    assert seen[0][1] is None
    first_ingest = snapshots.version(at(date(2023, 3, 1)))[1]
    assert first_ingest is not None
    assert first_ingest > at(date(2023, 3, 1))
    # the clock passing that ingest changes what the snapshots say: so does the version
    assert snapshots.version(first_ingest)[1] != first_ingest
    SqlProgressRepository(session_factory).report(
        office.friday, UNIT_MEMBER, ProgressState.IN_PROGRESS, now=now
    )
    assert changed()
    person = directory.touch_person("telegram", "77", "Chủ tịch", private_chat_id="77")
    assert changed()
    directory.touch_person("telegram", "77", "Chủ tịch UBND", private_chat_id="77")
    assert not changed()  # a new display name decides nothing
    directory.set_role(person.id, Role.LEADER)
    assert changed()
    directory.bind_chat(ChatAddress("telegram", "-100200"), "group", "phong_noi_vu", by="cli")
    assert changed()
    assert not changed()
    ledger = ReminderLedger(session_factory)
    rules = ReminderRules()
    planner = ReminderPlanner(
        ledger, snapshots, directory_recipients(directory), rules, WorkCalendar()
    )
    planner.plan(datetime(2023, 3, 7, 1, 30, tzinfo=UTC))
    assert ledger.entries()
    assert not changed()  # planned rows are no change
    (entry,) = ledger.claim("w", datetime(2023, 3, 7, 1, 30, tzinfo=UTC), 1, timedelta(minutes=1))
    assert ledger.cancel(entry.id, "w", datetime(2023, 3, 7, 1, 30, tzinfo=UTC), "gone")
    assert changed()  # a row cancelled by anyone: planners plan again


def test_recipients_kept_while_the_data_version_stays_are_read_again_when_it_moves(
    session_factory: sessionmaker[Session], office: Office
) -> None:
    directory = SqlChatDirectory(session_factory, now=lambda: at(date(2023, 3, 1)))
    snapshots = source(session_factory, date(2023, 3, 1))
    reads = []

    def version() -> object:
        reads.append(1)
        return snapshots.version(at(date(2023, 3, 1)))

    versioned = directory_recipients(directory, changes=version)
    first = versioned()
    assert first.unit_chats("phong_noi_vu") == ()
    assert versioned() is first  # the same version: the same recipients, nothing re-read
    directory.bind_chat(ChatAddress("telegram", "-1"), "group", "phong_noi_vu", by="cli")
    again = versioned()  # no timer: the binding moved the version
    assert again is not first
    assert again.unit_chats("phong_noi_vu") == (ChatTarget("telegram", "-1"),)
    assert len(reads) == 3


def test_the_overdue_counted_by_sql_is_what_the_snapshots_count(
    session_factory: sessionmaker[Session], office: Office
) -> None:
    """SqlSnapshotSource.overdue (one aggregate) against policy.overdue_by_unit over every open
    snapshot (what the digest read before): done reports, a refused one, a done occurrence, an
    approved extension, a document waiting for review."""
    progress = SqlProgressRepository(session_factory, require_confirmation=True)
    now = at(date(2023, 3, 8))
    progress.report(office.friday, UNIT_MEMBER, ProgressState.DONE, now=now)
    progress.report(office.saturday, UNIT_MEMBER, ProgressState.DONE, now=now)
    progress.confirm_completion(office.saturday, OFFICE_ADMIN, now=now, accept=False)
    progress.report(
        office.monthly, UNIT_MEMBER, ProgressState.DONE, now=now, occurrence=date(2023, 4, 20)
    )
    asked = progress.request_extension(
        office.later, UNIT_MEMBER, date(2023, 4, 7), "chờ số liệu", now=now
    )
    progress.decide_extension(asked.id, OFFICE_ADMIN, True, now=now)
    for day in (date(2023, 3, 13), date(2023, 4, 3), date(2023, 4, 10), date(2023, 6, 5)):
        read = source(session_factory, day)
        everything = read.snapshots(None, day)
        assert read.overdue(day) == overdue_by_unit(everything, day), day
    june = source(session_factory, date(2023, 6, 5)).overdue(date(2023, 6, 5))
    # the refused report counts again; the done one and the done occurrence do not; the
    # extended task counts from its new date; the document in review not at all
    assert june == {
        "phong_noi_vu": OverdueCount(2, date(2023, 3, 20)),  # March and May occurrences
        "phong_tai_chinh_ke_hoach": OverdueCount(1, date(2023, 3, 11)),
        "trung_tam_y_te": OverdueCount(1, date(2023, 4, 7)),
    }
