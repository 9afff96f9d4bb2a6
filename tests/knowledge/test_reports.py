"""Report data: rows, statuses, counts by unit and document, the overdue list, periods."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from sqlalchemy.orm import Session, sessionmaker

from knowledge.calendar import WorkCalendar
from knowledge.progress import ProgressState, SqlProgressRepository, Status
from knowledge.reports import Report, build_report
from tests.progress_data import OFFICE_ADMIN, UNIT_MEMBER, Office, at, seed_office

CALENDAR = WorkCalendar()
TODAY = date(2023, 3, 14)  # a Tuesday


@pytest.fixture
def office(session_factory: sessionmaker[Session]) -> Office:
    office = seed_office(session_factory)
    repo = SqlProgressRepository(session_factory)
    repo.report(office.saturday, UNIT_MEMBER, ProgressState.DONE, now=at(date(2023, 3, 13)))
    repo.report(
        office.later,
        UNIT_MEMBER,
        ProgressState.IN_PROGRESS,
        now=at(TODAY),
        percent=50,
        note="đã tiêm 3/8 xã",
    )
    return office


def report(
    session_factory: sessionmaker[Session], today: date = TODAY, **kwargs: object
) -> Report:
    return build_report(session_factory, CALENDAR, today, **kwargs)  # type: ignore[arg-type]


def statuses(r: Report) -> dict[tuple[int, date | None], Status]:
    return {(row.assignment_id, row.occurrence): row.status for row in r.rows}


def test_every_live_assignment_is_a_row_with_its_status(
    session_factory: sessionmaker[Session], office: Office
) -> None:
    r = report(session_factory)
    assert statuses(r) == {
        (office.friday, None): Status.IN_PROGRESS_OVERDUE,
        (office.saturday, None): Status.DONE_ON_TIME,  # Saturday's deadline runs to Monday
        (office.monthly, date(2023, 3, 20)): Status.IN_PROGRESS_ON_TIME,
        (office.undated, None): Status.NO_DEADLINE,
        (office.later, None): Status.IN_PROGRESS_ON_TIME,
    }
    assert [row.assignment_id for row in r.rows] == [
        office.friday,
        office.saturday,
        office.monthly,
        office.undated,
        office.later,
    ]
    friday = r.rows[0]
    assert (friday.document_number, friday.place, friday.task) == (
        "45/TB-UBND",
        "1",
        "hoàn thiện Quy chế phối hợp",
    )
    assert friday.lead_names == ("Phòng Nội vụ huyện",)
    assert friday.cooperate_names == ("Trung tâm Y tế huyện",)
    assert (friday.deadline, friday.effective_deadline, friday.days_overdue) == (
        date(2023, 3, 10),
        date(2023, 3, 10),
        2,
    )
    later = r.rows[-1]
    assert (later.progress_state, later.percent, later.note) == (
        ProgressState.IN_PROGRESS,
        50,
        "đã tiêm 3/8 xã",
    )
    assert report(session_factory, soon_days=5).rows[2].status is Status.DUE_SOON


def test_counts_by_unit_and_document_and_the_overdue_list(
    session_factory: sessionmaker[Session], office: Office
) -> None:
    r = report(session_factory)
    by_unit = {u.unit_name: dict(u.counts) for u in r.by_unit}
    assert by_unit == {
        "Phòng Nội vụ huyện": {Status.IN_PROGRESS_OVERDUE: 1, Status.IN_PROGRESS_ON_TIME: 1},
        "Phòng Tài chính - Kế hoạch huyện": {Status.DONE_ON_TIME: 1},
        "Trung tâm Y tế huyện": {Status.NO_DEADLINE: 1, Status.IN_PROGRESS_ON_TIME: 1},
    }
    assert [u.unit_name for u in r.by_unit] == sorted(by_unit)
    assert [(d.number, d.total, d.overdue, d.done) for d in r.by_document] == [
        ("45/TB-UBND", 4, 1, 1),
        ("12/TB-UBND", 1, 0, 0),
    ]
    assert [row.assignment_id for row in r.overdue] == [office.friday]
    assert r.totals.total == 5
    assert r.totals.get(Status.DONE_LATE) == 0


def test_the_overdue_list_is_worst_first(
    session_factory: sessionmaker[Session], office: Office
) -> None:
    r = report(session_factory, today=date(2023, 4, 3))
    assert [(row.assignment_id, row.days_overdue) for row in r.overdue] == [
        (office.friday, 16),  # (10/3, 3/4]: 16 working days
        (office.monthly, 10),  # (20/3, 3/4]
        (office.later, 1),  # 31/3 -> 3/4
    ]


def test_a_period_keeps_deadlines_in_force_within_it(
    session_factory: sessionmaker[Session], office: Office
) -> None:
    march = report(session_factory, start=date(2023, 3, 1), end=date(2023, 3, 31))
    assert set(statuses(march)) == {
        (office.friday, None),
        (office.saturday, None),
        (office.monthly, date(2023, 3, 20)),
        (office.later, None),
    }
    repo = SqlProgressRepository(session_factory)
    ext = repo.request_extension(
        office.friday, UNIT_MEMBER, date(2023, 4, 5), "chờ góp ý", now=at(date(2023, 3, 9))
    )
    repo.decide_extension(ext.id, OFFICE_ADMIN, True, now=at(date(2023, 3, 13)))
    april = report(session_factory, start=date(2023, 4, 1), end=date(2023, 4, 30))
    assert statuses(april) == {
        (office.friday, None): Status.IN_PROGRESS_ON_TIME,
        (office.monthly, date(2023, 4, 20)): Status.IN_PROGRESS_ON_TIME,
    }
    friday = april.rows[0]
    assert (friday.deadline, friday.effective_deadline, friday.extended) == (
        date(2023, 3, 10),
        date(2023, 4, 5),
        True,
    )
    # Open-ended: issued in February or due from 1/5.
    assert set(statuses(report(session_factory, start=date(2023, 5, 1)))) == {
        (office.monthly, date(2023, 5, 20))
    }
    assert (office.undated, None) in statuses(report(session_factory, end=date(2023, 2, 28)))


def test_a_unit_sees_what_it_leads(session_factory: sessionmaker[Session], office: Office) -> None:
    r = report(session_factory, unit_key="phong_noi_vu")
    assert r.unit_name == "Phòng Nội vụ huyện"
    assert {row.assignment_id for row in r.rows} == {office.friday, office.monthly}
    assert [u.unit_key for u in r.by_unit] == ["phong_noi_vu"]
    assert report(session_factory, unit_key="nobody").rows == ()


def test_a_document_filter(session_factory: sessionmaker[Session], office: Office) -> None:
    r = report(session_factory)
    second = r.by_document[1].document_id
    only = report(session_factory, document_ids=[second])
    assert [row.assignment_id for row in only.rows] == [office.later]


def test_recurring_rows_follow_their_reports(
    session_factory: sessionmaker[Session], office: Office
) -> None:
    repo = SqlProgressRepository(session_factory)
    repo.report(office.monthly, UNIT_MEMBER, ProgressState.DONE, now=at(date(2023, 3, 21)))
    r = report(session_factory, today=date(2023, 3, 22))
    assert statuses(r)[(office.monthly, date(2023, 4, 20))] is Status.IN_PROGRESS_ON_TIME
    quarter = report(
        session_factory, today=date(2023, 3, 22), start=date(2023, 3, 1), end=date(2023, 5, 31)
    )
    assert {k: v for k, v in statuses(quarter).items() if k[0] == office.monthly} == {
        (office.monthly, date(2023, 3, 20)): Status.DONE_LATE,
        (office.monthly, date(2023, 4, 20)): Status.IN_PROGRESS_ON_TIME,
        (office.monthly, date(2023, 5, 20)): Status.IN_PROGRESS_ON_TIME,
    }


def _counted_day_by_day(a: date, b: date) -> int:
    """Working days in (a, b], one day at a time: what the calendar's counts must agree with."""
    if b < a:
        return -_counted_day_by_day(b, a)
    return sum(CALENDAR.is_working_day(a + timedelta(days=i)) for i in range(1, (b - a).days + 1))


def test_the_calendars_working_day_counts_agree_with_a_day_by_day_count() -> None:
    rng = random.Random(6)
    days = [date(1998, 12, 30), date(2000, 1, 1), date(2026, 2, 13), date(2026, 2, 23)]
    days += [
        date.fromordinal(
            rng.randrange(date(1999, 1, 1).toordinal(), date(2027, 12, 31).toordinal())
        )
        for _ in range(40)
    ]
    for a in days:
        for b in days[:8]:
            assert CALENDAR.working_days_between(a, b) == _counted_day_by_day(a, b), (a, b)


def test_groups_open_into_their_member_units_nested_and_without_cycles() -> None:
    from knowledge.reports import _member_units

    members = {
        "all": ("phong", "ubnd-xa-a", "all"),  # a group naming itself
        "phong": ("noi-vu", "tu-phap", "ghost"),  # "ghost" is no stored unit
    }
    names = {"noi-vu": "Phòng Nội vụ", "tu-phap": "Phòng Tư pháp", "ubnd-xa-a": "UBND xã A"}
    opened = _member_units(members, names)
    assert opened["phong"] == (("noi-vu", "Phòng Nội vụ"), ("tu-phap", "Phòng Tư pháp"))
    assert opened["all"] == (
        ("noi-vu", "Phòng Nội vụ"),
        ("tu-phap", "Phòng Tư pháp"),
        ("ubnd-xa-a", "UBND xã A"),
    )
