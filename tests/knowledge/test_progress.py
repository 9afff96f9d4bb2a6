"""Progress: official statuses at their boundaries, and the repository on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, event, func, select
from sqlalchemy.orm import Session, sessionmaker

from knowledge import progress
from knowledge.calendar import HolidayOverride, WorkCalendar
from knowledge.db import Base
from knowledge.progress import (
    Action,
    Actor,
    Confirmation,
    Extension,
    ExtensionState,
    ProgressError,
    ProgressProblem,
    ProgressReport,
    ProgressRepository,
    ProgressSnapshot,
    ProgressState,
    SqlProgressRepository,
    Status,
    current_occurrence,
    official_four,
    official_status,
    status_line,
)
from tests.progress_data import OFFICE_ADMIN, UNIT_MEMBER, Office, at, seed_office

CALENDAR = WorkCalendar()
FRIDAY = date(2023, 3, 10)
SATURDAY = date(2023, 3, 11)
MONDAY = date(2023, 3, 13)
NOON = datetime(2023, 3, 1, 5, 0, tzinfo=UTC)


# --- pure statuses ------------------------------------------------------------------------


def done(on: date, confirmation: Confirmation = Confirmation.NOT_REQUIRED) -> ProgressSnapshot:
    report = ProgressReport(
        id=1,
        assignment_id=1,
        occurrence=None,
        state=ProgressState.DONE,
        percent=100,
        note="",
        completed_on=on,
        evidence_number=None,
        evidence_file=None,
        reason=None,
        reported_at=NOON,
        reported_by=UNIT_MEMBER,
        confirmation=confirmation,
    )
    return ProgressSnapshot(1, latest=report)


def extension(
    to: date,
    requested: date,
    decided: date | None,
    state: ExtensionState = ExtensionState.APPROVED,
) -> Extension:
    return Extension(
        id=1,
        assignment_id=1,
        occurrence=None,
        previous_due=FRIDAY,
        proposed_due=to,
        reason="chờ số liệu",
        state=state,
        requested_at=NOON,
        requested_on=requested,
        requested_by=UNIT_MEMBER,
        decided_at=NOON if decided else None,
        decided_on=decided,
    )


def status(
    today: date,
    snapshot: ProgressSnapshot | None = None,
    ext: Extension | None = None,
    deadline: date | None = FRIDAY,
    soon: int = 0,
) -> Status:
    return official_status(deadline, ext, snapshot, today, CALENDAR, soon)


def test_done_on_the_deadline_day_is_on_time_and_a_day_late_is_late() -> None:
    assert status(MONDAY, done(FRIDAY)) is Status.DONE_ON_TIME
    assert status(MONDAY, done(date(2023, 3, 9))) is Status.DONE_ON_TIME
    # Saturday is a day off: a Friday deadline is not moved, so Saturday is a day late.
    assert status(MONDAY, done(SATURDAY)) is Status.DONE_LATE
    assert status(MONDAY, done(MONDAY)) is Status.DONE_LATE


def test_a_deadline_on_a_day_off_runs_to_the_next_working_day() -> None:
    assert status(MONDAY, done(MONDAY), deadline=SATURDAY) is Status.DONE_ON_TIME
    assert status(date(2023, 3, 14), done(date(2023, 3, 14)), deadline=SATURDAY) is (
        Status.DONE_LATE
    )
    assert status(MONDAY, deadline=SATURDAY) is Status.IN_PROGRESS_ON_TIME
    assert status(date(2023, 3, 14), deadline=SATURDAY) is Status.IN_PROGRESS_OVERDUE


def test_a_deadline_before_tet_runs_past_the_break() -> None:
    # Tết 2026: 14-22/02/2026 off (weekends and the holiday); a deadline of 16/02 runs to 23/02.
    assert status(date(2026, 2, 23), deadline=date(2026, 2, 16)) is Status.IN_PROGRESS_ON_TIME
    assert status(date(2026, 2, 24), deadline=date(2026, 2, 16)) is Status.IN_PROGRESS_OVERDUE


def test_open_work_is_on_time_through_the_deadline_day_then_overdue() -> None:
    assert status(FRIDAY) is Status.IN_PROGRESS_ON_TIME
    assert status(SATURDAY) is Status.IN_PROGRESS_OVERDUE
    assert status(MONDAY) is Status.IN_PROGRESS_OVERDUE


def test_due_soon_counts_working_days() -> None:
    # Monday 6/3 to Friday 10/3 is 4 working days; Wednesday 8/3 is 2.
    assert status(date(2023, 3, 6), soon=3) is Status.IN_PROGRESS_ON_TIME
    assert status(date(2023, 3, 7), soon=3) is Status.DUE_SOON
    assert status(FRIDAY, soon=3) is Status.DUE_SOON
    assert status(FRIDAY, soon=0) is Status.IN_PROGRESS_ON_TIME
    assert official_four(Status.DUE_SOON) is Status.IN_PROGRESS_ON_TIME


def test_no_deadline_and_done_without_one() -> None:
    assert status(MONDAY, deadline=None) is Status.NO_DEADLINE
    assert status(MONDAY, done(FRIDAY), deadline=None) is Status.DONE_ON_TIME


def test_a_completion_dated_after_today_does_not_count_yet() -> None:
    assert status(date(2023, 3, 9), done(FRIDAY)) is Status.IN_PROGRESS_ON_TIME


def test_a_completion_awaiting_or_refused_confirmation_is_still_open() -> None:
    assert status(MONDAY, done(FRIDAY, Confirmation.PENDING)) is Status.IN_PROGRESS_OVERDUE
    assert status(MONDAY, done(FRIDAY, Confirmation.REJECTED)) is Status.IN_PROGRESS_OVERDUE
    assert status(MONDAY, done(FRIDAY, Confirmation.CONFIRMED)) is Status.DONE_ON_TIME


def test_extension_granted_before_the_deadline_moves_it() -> None:
    ext = extension(date(2023, 3, 20), requested=date(2023, 3, 8), decided=date(2023, 3, 9))
    assert status(MONDAY, ext=ext) is Status.IN_PROGRESS_ON_TIME
    assert status(date(2023, 3, 17), done(date(2023, 3, 17)), ext=ext) is Status.DONE_ON_TIME
    assert status(date(2023, 3, 21), done(date(2023, 3, 21)), ext=ext) is Status.DONE_LATE
    assert status(date(2023, 3, 21), ext=ext) is Status.IN_PROGRESS_OVERDUE


def test_extension_granted_after_the_deadline_counts_from_its_decision() -> None:
    ext = extension(date(2023, 3, 20), requested=FRIDAY, decided=date(2023, 3, 14))
    assert status(MONDAY, ext=ext) is Status.IN_PROGRESS_OVERDUE  # not decided yet on 13/3
    assert status(date(2023, 3, 14), ext=ext) is Status.IN_PROGRESS_ON_TIME
    # Finished while the request waited: the approval covers it.
    assert status(date(2023, 3, 15), done(MONDAY), ext=ext) is Status.DONE_ON_TIME


def test_extension_asked_after_finishing_does_not_rewrite_the_finish() -> None:
    ext = extension(date(2023, 3, 20), requested=date(2023, 3, 14), decided=date(2023, 3, 14))
    assert status(date(2023, 3, 15), done(MONDAY), ext=ext) is Status.DONE_LATE


def test_a_refused_or_pending_extension_changes_nothing() -> None:
    refused = extension(date(2023, 3, 20), FRIDAY, MONDAY, ExtensionState.REFUSED)
    pending = extension(date(2023, 3, 20), FRIDAY, None, ExtensionState.PENDING)
    assert status(date(2023, 3, 14), ext=refused) is Status.IN_PROGRESS_OVERDUE
    assert status(date(2023, 3, 14), ext=pending) is Status.IN_PROGRESS_OVERDUE


def test_an_announced_day_off_counts_as_off() -> None:
    calendar = WorkCalendar([HolidayOverride(FRIDAY, "off", "nghỉ bù")])
    assert official_status(FRIDAY, None, None, MONDAY, calendar, 0) is Status.IN_PROGRESS_ON_TIME
    assert official_status(FRIDAY, None, None, MONDAY, CALENDAR, 0) is Status.IN_PROGRESS_OVERDUE


def occurrence_snapshot(reports: dict[date, date]) -> ProgressSnapshot:
    """A recurring assignment's snapshot with occurrences done on the given dates."""
    return ProgressSnapshot(
        1,
        occurrences=tuple(
            ProgressSnapshot(1, occurrence, done(on).latest) for occurrence, on in reports.items()
        ),
    )


MARCH_20, APRIL_20, MAY_20 = date(2023, 3, 20), date(2023, 4, 20), date(2023, 5, 20)
OCCURRENCES = (MARCH_20, APRIL_20, MAY_20)


def test_a_recurring_assignment_is_judged_by_its_earliest_open_occurrence() -> None:
    assert current_occurrence(OCCURRENCES, None) == MARCH_20
    snap = occurrence_snapshot({MARCH_20: date(2023, 3, 20)})
    assert current_occurrence(OCCURRENCES, snap) == APRIL_20
    line = status_line(None, OCCURRENCES, snap, date(2023, 4, 3), CALENDAR, 3)
    assert (line.status, line.occurrence, line.deadline) == (
        Status.IN_PROGRESS_ON_TIME,
        APRIL_20,
        APRIL_20,
    )
    # A missed occurrence is overdue even once the next one is near.
    missed = status_line(None, OCCURRENCES, None, date(2023, 4, 19), CALENDAR, 3)
    assert (missed.status, missed.occurrence) == (Status.IN_PROGRESS_OVERDUE, MARCH_20)
    every = occurrence_snapshot(dict.fromkeys(OCCURRENCES, date(2023, 3, 20)))
    assert current_occurrence(OCCURRENCES, every) == MAY_20


def test_a_late_occurrence_is_done_late() -> None:
    snap = occurrence_snapshot({MARCH_20: date(2023, 3, 22)})
    line = status_line(None, (MARCH_20,), snap, date(2023, 3, 25), CALENDAR, 3)
    assert (line.status, line.occurrence) == (Status.DONE_LATE, MARCH_20)


# --- storage ------------------------------------------------------------------------------


@pytest.fixture
def office(session_factory: sessionmaker[Session]) -> Office:
    return seed_office(session_factory)


@pytest.fixture
def repo(session_factory: sessionmaker[Session]) -> SqlProgressRepository:
    return SqlProgressRepository(session_factory)


def test_the_sql_repository_meets_the_protocol(repo: SqlProgressRepository) -> None:
    port: ProgressRepository = repo
    assert port.current([]) == {}


def test_models_match_the_migration(engine: Engine) -> None:
    ours = progress.table_names()

    def include(obj: object, name: str | None, type_: str, *_: object) -> bool:
        table = obj if type_ == "table" else getattr(obj, "table", None)
        table_name = name if type_ == "table" else getattr(table, "name", None)
        return table_name in ours

    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "include_object": include}
        )
        assert compare_metadata(context, Base.metadata) == []


def test_a_report_is_stored_audited_and_becomes_current(
    repo: SqlProgressRepository, office: Office
) -> None:
    now = at(date(2023, 3, 6))
    first = repo.report(
        office.friday, UNIT_MEMBER, ProgressState.IN_PROGRESS, now=now, percent=60, note="dự thảo"
    )
    assert (first.state, first.percent, first.note, first.completed_on) == (
        ProgressState.IN_PROGRESS,
        60,
        "dự thảo",
        None,
    )
    done_report = repo.report(
        office.friday,
        UNIT_MEMBER,
        ProgressState.DONE,
        now=at(FRIDAY),
        evidence_number="30/BC-NV",
    )
    assert (done_report.completed_on, done_report.percent) == (FRIDAY, 100)
    assert done_report.confirmation is Confirmation.NOT_REQUIRED
    snap = repo.current([office.friday, office.saturday])
    assert set(snap) == {office.friday}
    assert snap[office.friday].latest == done_report
    assert snap[office.friday].done
    line = status_line(FRIDAY, (), snap[office.friday], MONDAY, CALENDAR, 3)
    assert line.status is Status.DONE_ON_TIME

    history = repo.history(office.friday)
    assert [(h.action, h.accepted) for h in history] == [("report", True), ("report", True)]
    assert history[0].before is None
    assert history[0].after == {
        "state": "in_progress",
        "percent": 60,
        "note": "dự thảo",
        "confirmation": "not_required",
    }
    assert history[1].before == history[0].after
    assert history[1].after is not None
    assert history[1].after["evidence_number"] == "30/BC-NV"
    assert history[1].after["completed_on"] == "2023-03-10"
    assert history[1].actor == UNIT_MEMBER
    assert history[1].at == at(FRIDAY)
    assert history[1].at.tzinfo is not None


def test_done_a_day_late_is_late(repo: SqlProgressRepository, office: Office) -> None:
    repo.report(
        office.friday, UNIT_MEMBER, ProgressState.DONE, now=at(MONDAY), completed_on=SATURDAY
    )
    snap = repo.current([office.friday])[office.friday]
    assert status_line(FRIDAY, (), snap, MONDAY, CALENDAR, 3).status is Status.DONE_LATE


def test_completion_waits_for_the_office_when_config_says_so(
    session_factory: sessionmaker[Session], office: Office
) -> None:
    repo = SqlProgressRepository(session_factory, require_confirmation=True)
    report = repo.report(office.friday, UNIT_MEMBER, ProgressState.DONE, now=at(FRIDAY))
    assert report.confirmation is Confirmation.PENDING
    assert repo.pending_confirmations() == [report]
    snap = repo.current([office.friday])[office.friday]
    assert status_line(FRIDAY, (), snap, MONDAY, CALENDAR, 3).status is (
        Status.IN_PROGRESS_OVERDUE
    )
    confirmed = repo.confirm_completion(office.friday, OFFICE_ADMIN, now=at(MONDAY))
    assert confirmed.confirmation is Confirmation.CONFIRMED
    assert confirmed.confirmed_by == Actor("telegram", "9001", "Lê Văn Chánh")
    snap = repo.current([office.friday])[office.friday]
    # Confirmed on Monday, finished on Friday: on time.
    assert status_line(FRIDAY, (), snap, MONDAY, CALENDAR, 3).status is Status.DONE_ON_TIME
    assert repo.pending_confirmations() == []

    with pytest.raises(ProgressError) as refused:
        repo.confirm_completion(office.friday, OFFICE_ADMIN, now=at(MONDAY))
    assert refused.value.problem is ProgressProblem.NOTHING_TO_CONFIRM
    trail = [(h.action, h.accepted, h.refusal) for h in repo.history(office.friday)]
    assert trail == [
        ("report", True, None),
        ("confirm_completion", True, None),
        ("confirm_completion", False, "nothing_to_confirm"),
    ]


def test_a_rejected_completion_does_not_count(
    session_factory: sessionmaker[Session], office: Office
) -> None:
    repo = SqlProgressRepository(session_factory, require_confirmation=True)
    repo.report(office.later, UNIT_MEMBER, ProgressState.DONE, now=at(MONDAY))
    rejected = repo.confirm_completion(
        office.later, OFFICE_ADMIN, now=at(MONDAY), accept=False, note="thiếu báo cáo"
    )
    assert rejected.confirmation is Confirmation.REJECTED
    assert not repo.current([office.later])[office.later].done


def test_extension_approved_before_the_deadline(
    repo: SqlProgressRepository, office: Office
) -> None:
    ext = repo.request_extension(
        office.friday, UNIT_MEMBER, date(2023, 3, 20), "chờ số liệu", now=at(date(2023, 3, 8))
    )
    assert (ext.state, ext.previous_due, ext.requested_on) == (
        ExtensionState.PENDING,
        FRIDAY,
        date(2023, 3, 8),
    )
    assert repo.pending_extensions() == [ext]
    approved = repo.decide_extension(ext.id, OFFICE_ADMIN, True, now=at(date(2023, 3, 9)))
    assert (approved.state, approved.new_due, approved.decided_on) == (
        ExtensionState.APPROVED,
        date(2023, 3, 20),
        date(2023, 3, 9),
    )
    assert repo.pending_extensions() == []
    snap = repo.current([office.friday])[office.friday]
    line = status_line(FRIDAY, (), snap, MONDAY, CALENDAR, 0)
    assert (line.status, line.effective_deadline, line.extended) == (
        Status.IN_PROGRESS_ON_TIME,
        date(2023, 3, 20),
        True,
    )
    # The deadline in force is now the 20th: asking again must go past it.
    with pytest.raises(ProgressError) as refused:
        repo.request_extension(
            office.friday, UNIT_MEMBER, date(2023, 3, 18), "", now=at(date(2023, 3, 14))
        )
    assert refused.value.problem is ProgressProblem.EXTENSION_NOT_LATER


def test_extension_approved_after_the_deadline_to_another_date(
    repo: SqlProgressRepository, office: Office
) -> None:
    ext = repo.request_extension(
        office.friday, UNIT_MEMBER, date(2023, 3, 31), "thiếu nhân lực", now=at(SATURDAY)
    )
    snap = repo.current([office.friday])[office.friday]
    assert status_line(FRIDAY, (), snap, MONDAY, CALENDAR, 0).status is (
        Status.IN_PROGRESS_OVERDUE
    )
    decided = repo.decide_extension(
        ext.id, OFFICE_ADMIN, True, now=at(MONDAY), approved_due=date(2023, 3, 17)
    )
    assert decided.new_due == date(2023, 3, 17)
    snap = repo.current([office.friday])[office.friday]
    assert status_line(FRIDAY, (), snap, MONDAY, CALENDAR, 0).status is (
        Status.IN_PROGRESS_ON_TIME
    )
    assert status_line(FRIDAY, (), snap, date(2023, 3, 20), CALENDAR, 0).status is (
        Status.IN_PROGRESS_OVERDUE
    )
    with pytest.raises(ProgressError) as twice:
        repo.decide_extension(ext.id, OFFICE_ADMIN, False, now=at(MONDAY))
    assert twice.value.problem is ProgressProblem.EXTENSION_DECIDED
    decisions = [h for h in repo.history(office.friday) if h.action == "decide_extension"]
    assert [(h.accepted, h.refusal) for h in decisions] == [
        (True, None),
        (False, "extension_decided"),
    ]
    assert (decisions[0].before or {}).get("state") == "pending"
    assert (decisions[0].after or {}).get("approved_due") == "2023-03-17"


def test_a_refused_extension_keeps_the_deadline(
    repo: SqlProgressRepository, office: Office
) -> None:
    ext = repo.request_extension(
        office.friday, UNIT_MEMBER, date(2023, 3, 20), "", now=at(date(2023, 3, 8))
    )
    with pytest.raises(ProgressError) as pending:
        repo.request_extension(
            office.friday, UNIT_MEMBER, date(2023, 3, 25), "", now=at(date(2023, 3, 8))
        )
    assert pending.value.problem is ProgressProblem.EXTENSION_PENDING
    refused = repo.decide_extension(ext.id, OFFICE_ADMIN, False, now=at(FRIDAY), note="không")
    assert (refused.state, refused.new_due, refused.decision_note) == (
        ExtensionState.REFUSED,
        None,
        "không",
    )
    snap = repo.current([office.friday])[office.friday]
    assert status_line(FRIDAY, (), snap, MONDAY, CALENDAR, 0).status is (
        Status.IN_PROGRESS_OVERDUE
    )


def test_recurring_reports_go_to_the_open_occurrence(
    repo: SqlProgressRepository, office: Office
) -> None:
    first = repo.report(office.monthly, UNIT_MEMBER, ProgressState.DONE, now=at(MARCH_20))
    second = repo.report(
        office.monthly, UNIT_MEMBER, ProgressState.IN_PROGRESS, now=at(MARCH_20), percent=10
    )
    assert (first.occurrence, second.occurrence) == (MARCH_20, APRIL_20)
    named = repo.report(
        office.monthly,
        UNIT_MEMBER,
        ProgressState.BLOCKED,
        now=at(MARCH_20),
        occurrence=MAY_20,
        reason="chưa có biểu mẫu",
    )
    assert (named.occurrence, named.reason) == (MAY_20, "chưa có biểu mẫu")
    snap = repo.current([office.monthly])[office.monthly]
    assert snap.latest is None
    assert [s.occurrence for s in snap.occurrences] == [MARCH_20, APRIL_20, MAY_20]
    line = status_line(None, OCCURRENCES, snap, date(2023, 4, 21), CALENDAR, 3)
    assert (line.status, line.occurrence) == (Status.IN_PROGRESS_OVERDUE, APRIL_20)
    assert line.snapshot.latest == second

    ext = repo.request_extension(
        office.monthly, UNIT_MEMBER, date(2023, 4, 25), "", now=at(date(2023, 4, 3))
    )
    assert (ext.occurrence, ext.previous_due) == (APRIL_20, APRIL_20)

    for bad, problem in ((date(2023, 3, 21), ProgressProblem.OCCURRENCE_NOT_FOUND),):
        with pytest.raises(ProgressError) as refused:
            repo.report(
                office.monthly, UNIT_MEMBER, ProgressState.DONE, now=at(MARCH_20), occurrence=bad
            )
        assert refused.value.problem is problem
    with pytest.raises(ProgressError) as not_recurring:
        repo.report(
            office.friday, UNIT_MEMBER, ProgressState.DONE, now=at(FRIDAY), occurrence=MARCH_20
        )
    assert not_recurring.value.problem is ProgressProblem.NOT_RECURRING


@pytest.mark.parametrize(
    ("which", "kwargs", "problem"),
    [
        ("friday", {"state": ProgressState.IN_PROGRESS, "percent": 120}, "bad_percent"),
        (
            "friday",
            {"state": ProgressState.DONE, "completed_on": date(2023, 3, 7)},
            "completed_in_future",
        ),
        ("missing", {"state": ProgressState.DONE}, "assignment_not_found"),
        ("in_review", {"state": ProgressState.DONE}, "assignment_not_live"),
    ],
)
def test_refused_reports_change_nothing_and_are_audited(
    repo: SqlProgressRepository,
    office: Office,
    session_factory: sessionmaker[Session],
    which: str,
    kwargs: dict[str, object],
    problem: str,
) -> None:
    assignment_id = getattr(office, which, 999_999)
    with pytest.raises(ProgressError) as refused:
        repo.report(assignment_id, UNIT_MEMBER, now=at(date(2023, 3, 6)), **kwargs)  # type: ignore[arg-type]
    assert refused.value.problem.value == problem
    with session_factory() as session:
        assert session.scalar(select(func.count(progress.ProgressReportRow.id))) == 0
    [entry] = repo.history(assignment_id)
    assert (entry.action, entry.accepted, entry.refusal, entry.actor.chat_id) == (
        "report",
        False,
        problem,
        "-100200",
    )
    assert (entry.after or {}).get("state") == kwargs["state"]


def test_extension_refusals(repo: SqlProgressRepository, office: Office) -> None:
    cases = [
        (office.undated, date(2023, 4, 1), ProgressProblem.NO_DEADLINE),
        (office.friday, FRIDAY, ProgressProblem.EXTENSION_NOT_LATER),
    ]
    for assignment_id, proposed, problem in cases:
        with pytest.raises(ProgressError) as refused:
            repo.request_extension(assignment_id, UNIT_MEMBER, proposed, "", now=at(MONDAY))
        assert refused.value.problem is problem
    repo.report(office.later, UNIT_MEMBER, ProgressState.DONE, now=at(MONDAY))
    with pytest.raises(ProgressError) as finished:
        repo.request_extension(office.later, UNIT_MEMBER, date(2023, 4, 5), "", now=at(MONDAY))
    assert finished.value.problem is ProgressProblem.ALREADY_DONE
    with pytest.raises(ProgressError) as unknown:
        repo.decide_extension(404, OFFICE_ADMIN, True, now=at(MONDAY))
    assert unknown.value.problem is ProgressProblem.EXTENSION_NOT_FOUND
    assert repo.pending_extensions() == []


def test_permission_refusals_are_recorded_when_the_caller_says_so(
    repo: SqlProgressRepository, office: Office
) -> None:
    stranger = Actor("zalo", "z-77", "Người lạ", chat_id="z-77")
    entry = repo.record_refusal(
        office.friday,
        stranger,
        Action.REPORT,
        ProgressProblem.NOT_OWN_UNIT,
        now=at(MONDAY),
        attempted={"state": ProgressState.DONE},
    )
    repo.record_refusal(
        office.friday, UNIT_MEMBER, Action.DECIDE_EXTENSION, "not_office_admin", now=at(MONDAY)
    )
    assert repo.history(office.friday) == [
        entry,
        repo.history(office.friday)[1],
    ]
    assert (entry.actor, entry.after, entry.refusal, entry.accepted) == (
        stranger,
        {"state": "done"},
        "not_own_unit",
        False,
    )
    assert repo.history(office.friday)[1].refusal == "not_office_admin"
    assert repo.current([office.friday]) == {}


def test_naive_instants_are_refused(repo: SqlProgressRepository, office: Office) -> None:
    with pytest.raises(ValueError, match="naive"):
        repo.report(office.friday, UNIT_MEMBER, ProgressState.DONE, now=datetime(2023, 3, 10))


def test_today_is_the_office_date_not_the_utc_date(
    repo: SqlProgressRepository, office: Office
) -> None:
    # 23:30 UTC on the 9th is 06:30 on the 10th in Hà Nội.
    late = datetime(2023, 3, 9, 23, 30, tzinfo=UTC)
    report = repo.report(office.friday, UNIT_MEMBER, ProgressState.DONE, now=late)
    assert report.completed_on == FRIDAY


def test_current_reads_many_ids_in_chunks(repo: SqlProgressRepository, office: Office) -> None:
    repo.report(office.later, UNIT_MEMBER, ProgressState.BLOCKED, now=at(MONDAY), reason="x")
    ids = [*range(100_000, 112_000), office.later]
    assert set(repo.current(ids)) == {office.later}
    assert repo.current(ids)[office.later].state is ProgressState.BLOCKED


def test_reports_and_extension_requests_are_read_in_one_statement(
    repo: SqlProgressRepository, office: Office, session_factory: sessionmaker[Session]
) -> None:
    repo.report(office.friday, UNIT_MEMBER, ProgressState.IN_PROGRESS, now=at(MONDAY), percent=10)
    repo.report(office.friday, UNIT_MEMBER, ProgressState.BLOCKED, now=at(MONDAY), reason="x")
    first = repo.request_extension(
        office.friday, UNIT_MEMBER, date(2023, 3, 20), "", now=at(date(2023, 3, 8))
    )
    repo.decide_extension(first.id, OFFICE_ADMIN, False, now=at(FRIDAY), note="không")
    second = repo.request_extension(
        office.friday, UNIT_MEMBER, date(2023, 3, 24), "lại", now=at(SATURDAY)
    )
    asked_only = repo.request_extension(
        office.saturday, UNIT_MEMBER, date(2023, 3, 31), "", now=at(SATURDAY)
    )
    read: list[str] = []

    @event.listens_for(session_factory.kw["bind"], "before_cursor_execute")
    def _read(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        read.append(statement)

    snapshots = repo.current([office.friday, office.saturday, office.undated])
    event.remove(session_factory.kw["bind"], "before_cursor_execute", _read)
    assert len(read) == 1  # the latest reports and the extension requests, in one UNION ALL
    assert set(snapshots) == {office.friday, office.saturday}
    friday = snapshots[office.friday]
    assert friday.latest is not None
    assert (friday.latest.state, friday.latest.reason) == (ProgressState.BLOCKED, "x")
    assert [(e.id, e.state) for e in friday.extensions] == [
        (first.id, ExtensionState.REFUSED),
        (second.id, ExtensionState.PENDING),
    ]
    assert friday.extensions[0].decided_on == FRIDAY
    assert friday.extensions[1].requested_on == SATURDAY
    saturday = snapshots[office.saturday]
    assert (saturday.latest, saturday.extensions) == (None, (asked_only,))
