"""The reminder policy: offsets in working days, Tết and make-up Saturdays, quiet hours,
recurrence, done tasks, edited deadlines, recipients and the weekly digest."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from knowledge.calendar import WorkCalendar
from scheduler.messenger import ChatTarget
from scheduler.policy import (
    AssignmentSnapshot,
    Reminder,
    ReminderRules,
    StaticRecipients,
    digest_day,
    due_day,
    due_range,
    due_reminders,
    in_quiet_hours,
    reminders_between,
    send_instant,
    weekly_digest,
)

VN = ZoneInfo("Asia/Ho_Chi_Minh")
NOI_VU = ChatTarget("telegram", "-100111")
TAI_CHINH = ChatTarget("telegram", "-100222")
TU_PHAP = ChatTarget("zalo", "tp-9")
LEADER = ChatTarget("telegram", "501")
OFFICE = ChatTarget("telegram", "-100999")
RECIPIENTS = StaticRecipients(
    units={
        "phong-noi-vu": (NOI_VU,),
        "phong-tai-chinh": (TAI_CHINH,),
        "phong-tu-phap": (TU_PHAP,),
    },
    leaders=(LEADER,),
    digest=(OFFICE,),
)
NO_DIGEST = StaticRecipients(units=RECIPIENTS.units, leaders=RECIPIENTS.leaders)


@pytest.fixture(scope="module")
def cal() -> WorkCalendar:
    return WorkCalendar()


def at(day: date, hour: int = 8, minute: int = 0, zone: ZoneInfo = VN) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=zone).astimezone(UTC)


def task(
    id_: int = 1,
    deadline: date | None = None,
    *,
    lead: tuple[str, ...] = ("phong-noi-vu",),
    cooperate: tuple[str, ...] = (),
    **kwargs: object,
) -> AssignmentSnapshot:
    return AssignmentSnapshot(
        id=id_, deadline=deadline, lead_keys=lead, cooperate_keys=cooperate, **kwargs
    )


def everything(
    snapshots: list[AssignmentSnapshot],
    cal: WorkCalendar,
    rules: ReminderRules | None = None,
    recipients: StaticRecipients = NO_DIGEST,
) -> list[Reminder]:
    """Every reminder over a wide window around the test dates."""
    start = datetime(2025, 11, 1, tzinfo=UTC)
    end = datetime(2026, 12, 31, tzinfo=UTC)
    return reminders_between(snapshots, recipients, rules or ReminderRules(), cal, start, end)


def days_by_kind(reminders: list[Reminder], chat: ChatTarget = NOI_VU) -> dict[str, date]:
    out: dict[str, date] = {}
    for r in reminders:
        if r.recipient == chat:
            assert r.kind not in out, f"{r.kind} twice for {chat}"
            out[r.kind] = r.scheduled_at.astimezone(VN).date()
    return out


# --- offsets ----------------------------------------------------------------------------------


def test_each_offset_lands_on_the_working_day_counted_back_from_the_deadline(
    cal: WorkCalendar,
) -> None:
    reminders = everything([task(deadline=date(2026, 3, 11))], cal)  # a Wednesday
    assert days_by_kind(reminders) == {
        "before:7": date(2026, 3, 2),  # Mon: 10 9 6 5 4 3 2, the weekend not counted
        "before:3": date(2026, 3, 6),
        "before:1": date(2026, 3, 10),
        "due": date(2026, 3, 11),
        "overdue:2": date(2026, 3, 13),
        "overdue:4": date(2026, 3, 17),
        "overdue:6": date(2026, 3, 19),
    }
    assert days_by_kind(reminders, LEADER) == {"leader": date(2026, 3, 18)}
    assert {r.scheduled_at.astimezone(VN).time() for r in reminders} == {time(8, 0)}
    assert all(r.scheduled_at.tzinfo is UTC for r in reminders)
    left = {r.kind: r.working_days for r in reminders if r.recipient == NOI_VU}
    assert left == {
        "before:7": 7,
        "before:3": 3,
        "before:1": 1,
        "due": 0,
        "overdue:2": 2,
        "overdue:4": 4,
        "overdue:6": 6,
    }


def test_a_reminder_is_due_from_its_instant_not_a_minute_before(cal: WorkCalendar) -> None:
    snapshot = [task(deadline=date(2026, 3, 11))]
    rules = ReminderRules()
    instant = at(date(2026, 3, 6))  # before:3
    before = due_reminders(snapshot, NO_DIGEST, rules, cal, instant - timedelta(minutes=1))
    exactly = due_reminders(snapshot, NO_DIGEST, rules, cal, instant)
    assert "before:3" not in {r.kind for r in before}
    assert {r.kind for r in exactly} == {"before:7", "before:3"}  # 7 is still in the lookback
    later = due_reminders(snapshot, NO_DIGEST, rules, cal, instant + timedelta(days=8))
    assert "before:7" not in {r.kind for r in later}  # past the 7-day lookback


def test_configured_offsets_and_overdue_cadence(cal: WorkCalendar) -> None:
    rules = ReminderRules(
        offsets=(5, 0), overdue_every=3, overdue_limit=2, leader_after=None, send_time=time(9, 30)
    )
    reminders = everything([task(deadline=date(2026, 3, 11))], cal, rules)
    assert days_by_kind(reminders) == {
        "before:5": date(2026, 3, 4),
        "due": date(2026, 3, 11),
        "overdue:3": date(2026, 3, 16),
        "overdue:6": date(2026, 3, 19),
    }
    assert {r.scheduled_at.astimezone(VN).time() for r in reminders} == {time(9, 30)}
    assert not any(r.kind == "leader" for r in reminders)


# --- working days: Tết 2026 and make-up Saturdays --------------------------------------------


def test_reminders_skip_the_tet_2026_break(cal: WorkCalendar) -> None:
    # Tết 2026: 14-22/2 off (16-20/2 holidays from the package, weekends around them).
    reminders = everything([task(deadline=date(2026, 2, 24))], cal)
    assert days_by_kind(reminders) == {
        "before:7": date(2026, 2, 6),
        "before:3": date(2026, 2, 12),
        "before:1": date(2026, 2, 23),
        "due": date(2026, 2, 24),
        "overdue:2": date(2026, 2, 26),
        "overdue:4": date(2026, 3, 2),
        "overdue:6": date(2026, 3, 4),
    }


def test_a_deadline_inside_tet_is_due_on_the_last_working_day_before_it(
    cal: WorkCalendar,
) -> None:
    assert due_day(date(2026, 2, 18), cal) == date(2026, 2, 13)
    reminders = everything([task(deadline=date(2026, 2, 18))], cal)
    days = days_by_kind(reminders)
    assert days["due"] == date(2026, 2, 13)
    assert days["before:1"] == date(2026, 2, 12)
    assert days["overdue:2"] == date(2026, 2, 24)  # 23 and 24 are the first working days after
    assert all(cal.is_working_day(r.scheduled_at.astimezone(VN).date()) for r in reminders)
    assert {r.occurrence for r in reminders} == {date(2026, 2, 18)}  # keys keep the stated date


def test_make_up_saturdays_are_working_days_for_reminders(cal: WorkCalendar) -> None:
    # 10/1/2026 is worked (override table) to make up for 2/1; 22/8/2026 per the package.
    monday = everything([task(deadline=date(2026, 1, 12))], cal)
    assert days_by_kind(monday)["before:1"] == date(2026, 1, 10)
    sunday = everything([task(deadline=date(2026, 1, 11))], cal)
    assert days_by_kind(sunday)["due"] == date(2026, 1, 10)
    august = everything([task(deadline=date(2026, 8, 24))], cal)
    assert days_by_kind(august)["before:1"] == date(2026, 8, 22)
    # ... while 2/1/2026 (a Friday given off) is not: 1-4/1 are skipped.
    january = everything([task(deadline=date(2026, 1, 5))], cal)
    assert days_by_kind(january)["before:1"] == date(2025, 12, 31)


def test_no_reminder_ever_lands_on_a_day_off(cal: WorkCalendar) -> None:
    snapshots = [
        task(i, date(2026, 1, 1) + timedelta(days=i), cooperate=("phong-tai-chinh",))
        for i in range(0, 365, 3)
    ]
    reminders = everything(snapshots, cal, recipients=RECIPIENTS)
    assert len(reminders) > 1000
    assert all(cal.is_working_day(r.scheduled_at.astimezone(VN).date()) for r in reminders)


# --- quiet hours and time zones --------------------------------------------------------------


def test_quiet_hours_overnight_and_within_the_day() -> None:
    rules = ReminderRules()  # 21:00-07:00
    assert in_quiet_hours(at(date(2026, 3, 2), 21, 0), rules)
    assert in_quiet_hours(at(date(2026, 3, 2), 6, 59), rules)
    assert not in_quiet_hours(at(date(2026, 3, 2), 7, 0), rules)
    assert not in_quiet_hours(at(date(2026, 3, 2), 20, 59), rules)
    noon = ReminderRules(quiet_start=time(11, 30), quiet_end=time(13, 30))
    assert in_quiet_hours(at(date(2026, 3, 2), 12, 0), noon)
    assert not in_quiet_hours(at(date(2026, 3, 2), 21, 0), noon)
    none = ReminderRules(quiet_start=None, quiet_end=None)
    assert not in_quiet_hours(at(date(2026, 3, 2), 3, 0), none)


def test_a_send_time_inside_quiet_hours_moves_to_their_end(cal: WorkCalendar) -> None:
    early = ReminderRules(send_time=time(6, 0))
    assert send_instant(date(2026, 3, 6), early, cal) == at(date(2026, 3, 6), 7, 0)
    # 22:00 on a Friday is quiet until Saturday 07:00, a day off: Monday 07:00.
    late = ReminderRules(send_time=time(22, 0))
    assert send_instant(date(2026, 3, 6), late, cal) == at(date(2026, 3, 9), 7, 0)
    lunch = ReminderRules(send_time=time(12, 0), quiet_start=time(11, 30), quiet_end=time(13, 30))
    assert send_instant(date(2026, 3, 6), lunch, cal) == at(date(2026, 3, 6), 13, 30)
    reminders = everything([task(deadline=date(2026, 3, 11))], cal, late)
    assert days_by_kind(reminders)["due"] == date(2026, 3, 12)  # 22:00 -> next morning 07:00
    assert not any(in_quiet_hours(r.scheduled_at, late) for r in reminders)


@pytest.mark.parametrize("zone", ["Asia/Ho_Chi_Minh", "UTC", "Europe/Berlin"])
def test_send_instants_are_local_time_in_the_configured_zone(zone: str, cal: WorkCalendar) -> None:
    rules = ReminderRules(timezone=zone)
    # Europe/Berlin moves its clocks on Sunday 29/3/2026: Friday and Monday differ in UTC.
    friday, monday = (
        send_instant(date(2026, 3, 27), rules, cal),
        send_instant(date(2026, 3, 30), rules, cal),
    )
    for day, instant in ((date(2026, 3, 27), friday), (date(2026, 3, 30), monday)):
        local = instant.astimezone(ZoneInfo(zone))
        assert (local.date(), local.time()) == (day, time(8, 0))
        assert instant.tzinfo is UTC
    hours = (monday - friday) / timedelta(hours=1)
    assert hours == (71 if zone == "Europe/Berlin" else 72)


def test_naive_window_is_refused(cal: WorkCalendar) -> None:
    with pytest.raises(ValueError, match="aware"):
        reminders_between(
            [], RECIPIENTS, ReminderRules(), cal, datetime(2026, 1, 1), datetime(2026, 1, 2)
        )


# --- recurrence, done, edits ------------------------------------------------------------------


def test_a_recurring_assignment_is_reminded_per_occurrence(cal: WorkCalendar) -> None:
    # "báo cáo trước ngày 20 hằng tháng": 20/3 (Fri), 20/4 (Mon), 20/5 (Wed).
    occurrences = (date(2026, 3, 20), date(2026, 4, 20), date(2026, 5, 20))
    snapshot = AssignmentSnapshot(id=7, occurrences=occurrences, lead_keys=("phong-noi-vu",))
    due = [r for r in everything([snapshot], cal) if r.kind == "due"]
    assert [(r.occurrence, r.scheduled_at.astimezone(VN).date()) for r in due] == [
        (date(2026, 3, 20), date(2026, 3, 20)),
        (date(2026, 4, 20), date(2026, 4, 20)),
        (date(2026, 5, 20), date(2026, 5, 20)),
    ]
    assert len({r.key for r in due}) == 3
    done_april = AssignmentSnapshot(
        id=7,
        occurrences=occurrences,
        lead_keys=("phong-noi-vu",),
        done_occurrences=frozenset({date(2026, 4, 20)}),
    )
    assert {r.occurrence for r in everything([done_april], cal)} == {
        date(2026, 3, 20),
        date(2026, 5, 20),
    }


def test_a_done_assignment_gets_no_reminder_and_leaves_the_digest(cal: WorkCalendar) -> None:
    open_ = task(deadline=date(2026, 3, 11))
    done = task(deadline=date(2026, 3, 11), done=True)
    assert everything([open_], cal)
    assert everything([done], cal) == []
    monday = date(2026, 3, 16)
    assert weekly_digest([open_], ReminderRules(), cal, monday)["overdue_by_unit"]
    assert weekly_digest([done], ReminderRules(), cal, monday)["overdue_by_unit"] == {}


def test_an_edited_deadline_gives_new_keys_and_instants_at_once(cal: WorkCalendar) -> None:
    rules = ReminderRules()
    now = at(date(2026, 3, 12), 9, 0)
    before = due_reminders([task(deadline=date(2026, 3, 11))], NO_DIGEST, rules, cal, now)
    after = due_reminders([task(deadline=date(2026, 3, 20))], NO_DIGEST, rules, cal, now)
    assert {r.kind for r in before if r.recipient == NOI_VU} == {"before:3", "before:1", "due"}
    assert [(r.kind, r.scheduled_at) for r in after] == [("before:7", at(date(2026, 3, 11)))]
    assert not {r.key for r in before} & {r.key for r in after}


def test_an_edited_deadline_moves_each_instant(cal: WorkCalendar) -> None:
    old = everything([task(deadline=date(2026, 3, 11))], cal)
    new = everything([task(deadline=date(2026, 3, 25))], cal)
    assert days_by_kind(new)["due"] == date(2026, 3, 25)
    assert days_by_kind(old)["due"] == date(2026, 3, 11)
    assert not {r.key for r in old} & {r.key for r in new}


def test_nothing_is_produced_before_the_assignment_existed(cal: WorkCalendar) -> None:
    since = at(date(2026, 3, 9), 10, 0)  # ingested on Monday morning, after 08:00
    reminders = everything([task(deadline=date(2026, 3, 11), since=since)], cal)
    assert set(days_by_kind(reminders)) == {
        "before:1",
        "due",
        "overdue:2",
        "overdue:4",
        "overdue:6",
    }
    assert all(r.scheduled_at >= since for r in reminders)


def test_an_assignment_without_a_date_gets_no_reminder(cal: WorkCalendar) -> None:
    assert everything([task(deadline=None)], cal) == []


# --- recipients ------------------------------------------------------------------------------


def test_lead_cooperating_and_leader_chats_hear_their_own_kinds(cal: WorkCalendar) -> None:
    snapshot = task(
        deadline=date(2026, 3, 11),
        lead=("phong-noi-vu",),
        cooperate=("phong-tai-chinh", "phong-tu-phap"),
    )
    reminders = everything([snapshot], cal)
    assert days_by_kind(reminders, TAI_CHINH) == {"cooperate:3": date(2026, 3, 6)}
    assert days_by_kind(reminders, TU_PHAP) == {"cooperate:3": date(2026, 3, 6)}
    assert set(days_by_kind(reminders, LEADER)) == {"leader"}
    assert not any(r.kind.startswith("cooperate") for r in reminders if r.recipient == NOI_VU)
    quiet = ReminderRules(remind_cooperating=False)
    assert not any(r.recipient == TAI_CHINH for r in everything([snapshot], cal, quiet))


def test_a_chat_bound_to_two_units_of_one_assignment_hears_once(cal: WorkCalendar) -> None:
    shared = StaticRecipients(
        units={"phong-noi-vu": (NOI_VU,), "ubnd-xa-a": (NOI_VU,), "phong-tai-chinh": (NOI_VU,)}
    )
    snapshot = task(
        deadline=date(2026, 3, 11),
        lead=("phong-noi-vu", "ubnd-xa-a"),
        cooperate=("phong-tai-chinh",),
    )
    reminders = everything([snapshot], cal, recipients=shared)
    due = [r for r in reminders if r.kind == "due"]
    assert len(due) == 1
    assert due[0].unit_keys == ("phong-noi-vu", "ubnd-xa-a")
    assert not any(r.kind.startswith("cooperate") for r in reminders)  # it hears as lead


def test_unbound_units_get_nothing_but_leaders_still_hear(cal: WorkCalendar) -> None:
    reminders = everything([task(deadline=date(2026, 3, 11), lead=("phong-khong-co",))], cal)
    assert [(r.recipient, r.kind) for r in reminders] == [(LEADER, "leader")]


def test_keys_are_unique_and_payloads_are_json_ready(cal: WorkCalendar) -> None:
    snapshots = [
        task(1, date(2026, 3, 11), cooperate=("phong-tai-chinh",)),
        task(2, date(2026, 3, 11), cooperate=("phong-tai-chinh",)),
    ]
    reminders = everything(snapshots, cal, recipients=RECIPIENTS)
    keys = [r.key for r in reminders]
    assert len(keys) == len(set(keys))
    first = next(r for r in reminders if r.kind == "before:3" and r.assignment_id == 1)
    assert first.key == "1|2026-03-11|telegram:-100111|before:3"
    assert first.payload() == {
        "kind": "before:3",
        "assignment_id": 1,
        "occurrence": "2026-03-11",
        "recipient": "telegram:-100111",
        "units": ["phong-noi-vu"],
        "working_days": 3,
        "due_day": "2026-03-11",
    }
    assert reminders == sorted(reminders, key=lambda r: (r.scheduled_at, r.key))


@pytest.mark.parametrize(
    ("start", "end"),
    [
        # a morning's send instant, a Monday's (weekend deadlines), a week's lookback, a
        # window across Tết 2026 and quiet hours ending after the send time
        (datetime(2026, 3, 11, 0, 59, tzinfo=UTC), datetime(2026, 3, 11, 1, 1, tzinfo=UTC)),
        (datetime(2026, 3, 9, 0, 59, tzinfo=UTC), datetime(2026, 3, 9, 1, 1, tzinfo=UTC)),
        (datetime(2026, 3, 2, 1, 0, tzinfo=UTC), datetime(2026, 3, 9, 1, 0, tzinfo=UTC)),
        (datetime(2026, 2, 10, 0, 0, tzinfo=UTC), datetime(2026, 2, 25, 12, 0, tzinfo=UTC)),
    ],
)
def test_only_the_due_days_the_ladder_reaches_have_reminders_in_a_window(
    cal: WorkCalendar, start: datetime, end: datetime
) -> None:
    from scheduler.policy import due_days_between

    for rules in (ReminderRules(), ReminderRules(send_time=time(6, 30), weekly_digest=False)):
        first, last = due_range(
            start.astimezone(VN).date() - timedelta(days=3), end.astimezone(VN).date(), rules, cal
        )
        tasks = [
            task(n, first + timedelta(days=n), cooperate=("phong-tai-chinh",))
            for n in range((last - first).days + 1)
        ]
        days = set(due_days_between(rules, cal, start, end))
        reached = [t for t in tasks if t.deadline in days]
        assert len(reached) < len(tasks)
        wanted = reminders_between(tasks, NO_DIGEST, rules, cal, start, end)
        # the office's rules send in each window; 06:30 is none of the morning ones
        assert bool(wanted) == (rules.send_time == time(8, 0) or end - start > timedelta(1))
        assert reminders_between(reached, NO_DIGEST, rules, cal, start, end) == wanted


def test_payload_text_is_the_payload_as_json_dumps_writes_it(cal: WorkCalendar) -> None:
    import json

    from scheduler.payload import AssignmentFacts

    facts = AssignmentFacts(
        task='báo cáo "quý" \\ 1',
        lead_names=("Phòng Nội vụ",),
        document_type_name="Kế hoạch",
        document_number="12/KH-UBND",
        document_issued=date(2026, 1, 5),
        place="xã A",
    )
    snapshots = [
        replace(task(1, date(2026, 3, 11), cooperate=("phong-tai-chinh",)), facts=facts),
        task(2, date(2026, 3, 11)),
    ]
    reminders = everything(snapshots, cal, recipients=RECIPIENTS)
    assert any(r.facts is not None for r in reminders)
    assert any(r.digest is not None for r in reminders)
    texts: dict[int, str] = {}
    for reminder in reminders:
        assert reminder.payload_text(texts) == json.dumps(reminder.payload())


# --- the weekly digest -----------------------------------------------------------------------


def test_the_digest_goes_out_on_monday_at_eight_with_the_week_and_the_overdue_by_unit(
    cal: WorkCalendar,
) -> None:
    snapshots = [
        task(1, date(2026, 3, 4)),  # overdue by Monday 9/3
        task(2, date(2026, 3, 6), lead=("phong-tai-chinh", "phong-noi-vu")),  # overdue
        task(3, date(2026, 3, 11)),  # due this week
        task(4, date(2026, 3, 15), lead=("phong-tu-phap",)),  # Sunday: this week
        task(5, date(2026, 3, 16)),  # next week: neither
        task(6, date(2026, 3, 2), done=True),
    ]
    monday = at(date(2026, 3, 9))
    digests = [
        r
        for r in reminders_between(
            snapshots, RECIPIENTS, ReminderRules(), cal, monday - timedelta(hours=1), monday
        )
        if r.kind == "digest"
    ]
    assert [(r.recipient, r.scheduled_at, r.key) for r in digests] == [
        (OFFICE, monday, "digest|2026-03-09|telegram:-100999")
    ]
    assert digests[0].digest == {
        "week_start": "2026-03-09",
        "day": "2026-03-09",
        "due_this_week": [
            {"assignment_id": 3, "due": "2026-03-11", "units": ["phong-noi-vu"]},
            {"assignment_id": 4, "due": "2026-03-15", "units": ["phong-tu-phap"]},
        ],
        # per lead unit: how many, and the oldest one's age in working days
        "overdue_by_unit": {
            "phong-noi-vu": {"count": 2, "days": 3, "oldest": "2026-03-04"},
            "phong-tai-chinh": {"count": 1, "days": 1, "oldest": "2026-03-06"},
        },
    }
    assert digests[0].payload()["digest"] == digests[0].digest


def test_the_digest_moves_to_the_first_working_day_of_the_week(cal: WorkCalendar) -> None:
    assert digest_day(date(2026, 3, 9), cal) == date(2026, 3, 9)
    assert digest_day(date(2026, 4, 27), cal) == date(2026, 4, 28)  # nghỉ bù Giỗ Tổ on Monday
    assert digest_day(date(2026, 8, 31), cal) == date(2026, 9, 3)  # 31/8, 1/9, 2/9 off
    assert digest_day(date(2026, 2, 16), cal) is None  # Tết: no working day that week
    digests = [r for r in everything([], cal, recipients=RECIPIENTS) if r.kind == "digest"]
    days = [r.scheduled_at.astimezone(VN).date() for r in digests]
    assert date(2026, 4, 28) in days
    assert date(2026, 9, 3) in days
    assert not [d for d in days if date(2026, 2, 14) <= d <= date(2026, 2, 22)]
    assert all(d == digest_day(d - timedelta(days=d.weekday()), cal) for d in days)


# --- loaders' window and settings ------------------------------------------------------------


def test_due_range_holds_every_deadline_a_day_can_remind_about(cal: WorkCalendar) -> None:
    rules = ReminderRules(send_time=time(22, 0))  # quiet hours push to the next working day
    deadlines = [date(2025, 12, 1) + timedelta(days=i) for i in range(150)]
    snapshots = [task(i, d, cooperate=("phong-tai-chinh",)) for i, d in enumerate(deadlines)]
    for day in (date(2026, 1, 5), date(2026, 2, 13), date(2026, 2, 23), date(2026, 3, 2)):
        start = datetime.combine(day, time(0, 0), tzinfo=VN)
        end = start + timedelta(days=1) - timedelta(microseconds=1)
        found = reminders_between(snapshots, NO_DIGEST, rules, cal, start, end)
        assert found, day
        first, last = due_range(day, day, rules, cal)
        assert all(first <= r.occurrence <= last for r in found), day
        # and the range is not wildly wider than needed
        assert (last - first).days < 40


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"offsets": (3, 3)}, "offsets"),
        ({"offsets": (-1,)}, "offsets"),
        ({"overdue_every": 0}, "overdue_every"),
        ({"leader_after": 0}, "leader_after"),
        ({"quiet_start": None}, "quiet_start"),
        ({"quiet_start": time(7, 0)}, "quiet hours"),
        ({"grace": timedelta(days=8)}, "grace"),
        ({"timezone": "Asia/Hanoi_Nowhere"}, "Asia/Hanoi_Nowhere"),
    ],
)
def test_meaningless_settings_are_refused(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(Exception, match=message):
        ReminderRules(**kwargs)  # type: ignore[arg-type]


def test_the_digest_counts_overdue_working_days_like_the_calendar(cal: WorkCalendar) -> None:
    day = date(2026, 3, 9)
    deadlines = [day - timedelta(days=n) for n in (1, 2, 3, 30, 40, 200, 400, 750)]
    ages = {
        d.isoformat(): weekly_digest([task(0, d)], ReminderRules(), cal, day)["overdue_by_unit"][
            "phong-noi-vu"
        ]["days"]
        for d in deadlines
    }
    oldest = weekly_digest(
        [task(i, d) for i, d in enumerate(deadlines)], ReminderRules(), cal, day
    )
    assert oldest["overdue_by_unit"]["phong-noi-vu"]["days"] == max(ages.values())
    assert ages == {
        d.isoformat(): cal.working_days_between(due_day(d, cal), day) for d in deadlines
    }
    assert ages[date(2026, 3, 6).isoformat()] == 1  # Friday, counted on Monday


def test_month_and_quarter_summaries_go_out_on_the_first_working_day_after() -> None:
    from scheduler.policy import summary_instants_between

    rules = ReminderRules(summaries=("month", "quarter"), weekly_digest=False)
    calendar = WorkCalendar()
    start = datetime(2023, 3, 30, tzinfo=UTC)
    end = datetime(2023, 4, 8, tzinfo=UTC)
    got = summary_instants_between(rules, calendar, start, end)
    # 1-2 April 2023 are a weekend: Monday 3 April at 08:00 in Hà Nội
    at = datetime(2023, 4, 3, 1, 0, tzinfo=UTC)
    assert got == [
        ("month", date(2023, 3, 1), date(2023, 3, 31), at),
        ("quarter", date(2023, 1, 1), date(2023, 3, 31), at),
    ]
    leaders = StaticRecipients(digest=(ChatTarget("telegram", "9"),))
    planned = reminders_between([], leaders, rules, calendar, start, end)
    assert [(r.kind, r.key) for r in planned] == [
        ("summary:month", "summary:month|2023-03-01|telegram:9"),
        ("summary:quarter", "summary:quarter|2023-01-01|telegram:9"),
    ]
    with pytest.raises(ValueError, match="summaries"):
        ReminderRules(summaries=("year",))


def test_the_digest_lists_the_whole_week_with_the_facts_of_the_earliest(
    cal: WorkCalendar,
) -> None:
    from scheduler.payload import AssignmentFacts
    from scheduler.policy import DIGEST_DETAILED

    facts = AssignmentFacts(task="báo cáo", lead_names=("Phòng Nội vụ",))
    week = [
        replace(task(i, date(2026, 3, 10) + timedelta(days=i % 5)), facts=facts)
        for i in range(1, DIGEST_DETAILED + 21)
    ]
    digest = weekly_digest(week, ReminderRules(), cal, date(2026, 3, 9))
    listed = digest["due_this_week"]
    assert len(listed) == DIGEST_DETAILED + 20
    assert all("assignment" in item for item in listed[:DIGEST_DETAILED])
    assert not any("assignment" in item for item in listed[DIGEST_DETAILED:])
