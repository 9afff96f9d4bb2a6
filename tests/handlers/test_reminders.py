"""Reminder words: what each kind of reminder says, with its buttons and citation."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from handlers import texts
from handlers.reminders import ReminderRenderer
from knowledge.db import Database, open_database
from knowledge.pipeline import load_and_extract
from knowledge.repository import SqlAlchemyDocumentRepository
from knowledge.units import UnitRegistry, example_units_path
from scheduler.ledger import LedgerEntry
from scheduler.messenger import ChatTarget
from tests import documents

AT = datetime(2023, 3, 2, 1, 0, tzinfo=UTC)


@pytest.fixture
def stored(db_url: str) -> Iterator[tuple[Database, SqlAlchemyDocumentRepository]]:
    database = open_database(db_url)
    registry = UnitRegistry.from_file(example_units_path("huyen-truoc-2025"))
    repo = SqlAlchemyDocumentRepository(database.session_factory, registry)
    repo.sync_units(registry)
    repo = SqlAlchemyDocumentRepository(database.session_factory, repo.registry_from_db())
    loaded = load_and_extract(documents.SEED, issued=date(2023, 2, 28))
    repo.save_extraction(
        loaded.extraction, loaded.text, source_name="s00.txt", content=loaded.content
    )
    try:
        yield database, repo
    finally:
        database.dispose()


def entry(assignment_id: int | None, kind: str, payload: dict[str, object]) -> LedgerEntry:
    return LedgerEntry(
        id=1,
        key="k",
        assignment_id=assignment_id,
        occurrence=date(2023, 3, 5),
        recipient=ChatTarget("telegram", "-1001"),
        kind=kind,
        payload=payload,
        scheduled_at=AT,
        available_at=AT,
        status="claimed",
        attempts=0,
        claimed_by="w",
        lease_until=None,
        sent_at=None,
        last_error=None,
    )


def noi_vu_assignment(repo: SqlAlchemyDocumentRepository) -> int:
    views = repo.list_assignments(unit_key="phong-noi-vu")
    dated = [v for v in views if v.deadline and v.deadline.due == date(2023, 3, 5)]
    return dated[0].id


def test_each_kind_of_reminder_says_what_when_and_where_from(
    stored: tuple[Database, SqlAlchemyDocumentRepository],
) -> None:
    _, repo = stored
    render = ReminderRenderer(repo, repo.registry_from_db())
    assignment_id = noi_vu_assignment(repo)
    units = {"units": ["phong-noi-vu"], "working_days": 3}

    before = render(entry(assignment_id, "before:3", units))
    assert before is not None
    assert before.text.startswith("Nhắc hạn: Phòng Nội vụ")
    assert "hạn 05/03/2023 (còn 3 ngày làm việc)" in before.text
    assert "Thông báo" in before.text
    assert [cb for _, cb in before.buttons] == [
        f"done:{assignment_id}",
        f"doing:{assignment_id}",
        f"extend:{assignment_id}",
    ]
    overdue = render(entry(assignment_id, "overdue:2", {**units, "working_days": 2}))
    assert overdue is not None
    assert overdue.text.startswith("Quá hạn:")
    assert "quá 2 ngày làm việc" in overdue.text
    leader = render(entry(assignment_id, "leader", {**units, "working_days": 5}))
    assert leader is not None
    assert leader.text.startswith("Báo cáo lãnh đạo")
    assert leader.buttons == ()
    cooperate = render(
        entry(assignment_id, "cooperate:3", {"units": ["ubmttq"], "working_days": 3})
    )
    assert cooperate is not None
    assert cooperate.text.startswith("Nhắc phối hợp")


def test_nothing_is_said_about_a_removed_or_unknown_assignment(
    stored: tuple[Database, SqlAlchemyDocumentRepository],
) -> None:
    _, repo = stored
    render = ReminderRenderer(repo, repo.registry_from_db())
    assert render(entry(999_999, "due", {"units": []})) is None


def test_the_weekly_digest_lists_due_and_overdue_by_unit(
    stored: tuple[Database, SqlAlchemyDocumentRepository],
) -> None:
    _, repo = stored
    render = ReminderRenderer(repo, repo.registry_from_db())
    assignment_id = noi_vu_assignment(repo)
    digest = {
        "day": "2023-03-06",
        "due_this_week": [{"assignment_id": assignment_id, "due": "2023-03-05", "units": []}],
        "overdue": {
            "phong-noi-vu": [{"assignment_id": assignment_id, "due": "2023-03-01", "days": 3}]
        },
    }
    message = render(entry(None, "digest", {"digest": digest}))
    assert message is not None
    lines = message.text.splitlines()
    assert lines[0] == texts.DIGEST_TITLE.format(date="06/03/2023")
    assert any("Phòng Nội vụ" in line and "quá 3 ngày" in line for line in lines)
    assert render(entry(None, "digest", {})) is None


def test_the_digest_and_the_summaries_carry_the_status_breakdown(
    stored: tuple[Database, SqlAlchemyDocumentRepository],
) -> None:
    from functools import partial

    from knowledge.calendar import WorkCalendar
    from knowledge.reports import build_report

    database, repo = stored
    report = partial(build_report, database.session_factory, WorkCalendar())
    render = ReminderRenderer(repo, repo.registry_from_db(), report)
    digest = {"day": "2023-03-08", "due_this_week": [], "overdue": {}}
    message = render(entry(None, "digest", {"digest": digest}))
    assert message is not None
    assert "Tình hình chung" in message.text
    assert "Đang thực hiện quá hạn: 1" in message.text

    period = {"period": "month", "start": "2023-03-01", "end": "2023-03-31", "day": "2023-04-03"}
    summary = render(entry(None, "summary:month", {"digest": period}))
    assert summary is not None
    lines = summary.text.splitlines()
    assert lines[0].startswith("Tổng hợp tiến độ tháng (01/03/2023 – 31/03/2023): 1 việc")
    assert "• Đang thực hiện quá hạn: 1" in lines
    assert any("Phòng Nội vụ" in line and "1/1 việc quá hạn" in line for line in lines)
    # without a report source there is nothing to say about a period
    assert (
        ReminderRenderer(repo, repo.registry_from_db())(
            entry(None, "summary:month", {"digest": period})
        )
        is None
    )


def test_a_due_reminder_says_so_when_the_deadline_is_a_day_off(
    stored: tuple[Database, SqlAlchemyDocumentRepository],
) -> None:
    _, repo = stored
    render = ReminderRenderer(repo, repo.registry_from_db())
    assignment_id = noi_vu_assignment(repo)
    # 05/3/2023 is a Sunday: the policy reminds on Friday 03/3 (due_day)
    friday = render(
        entry(assignment_id, "due", {"units": ["phong-noi-vu"], "due_day": "2023-03-03"})
    )
    assert friday is not None
    assert friday.text.startswith(texts.REMIND_DUE_BEFORE_DAY_OFF.split("{")[0])
    same_day = render(
        entry(assignment_id, "due", {"units": ["phong-noi-vu"], "due_day": "2023-03-05"})
    )
    assert same_day is not None
    assert same_day.text.startswith("Hôm nay đến hạn")


class NoStorage:
    """A repository the renderer must not need: any read fails the test."""

    def __getattr__(self, name: str) -> object:
        raise AssertionError(f"the renderer read storage: {name}")


def test_a_deadline_reaches_its_reminder_reading_storage_once(
    stored: tuple[Database, SqlAlchemyDocumentRepository],
) -> None:
    from datetime import timedelta

    from sqlalchemy import event

    from knowledge.calendar import WorkCalendar
    from scheduler.policy import ReminderRules, StaticRecipients, reminders_between
    from scheduler.source import SqlSnapshotSource

    database, repo = stored
    chat = ChatTarget("telegram", "-1001")
    leaders = ChatTarget("telegram", "-2002")
    recipients = StaticRecipients(units={"phong-noi-vu": (chat,)}, leaders=(leaders,))
    rules = ReminderRules()

    class Clock:
        def now(self) -> datetime:
            return datetime(2023, 3, 20, tzinfo=UTC)

    # the one read: open assignments with what their reminders will say
    snapshots = SqlSnapshotSource(database.session_factory, Clock(), zone=rules.zone).snapshots(
        None, date(2023, 3, 31)
    )
    start = datetime(2023, 2, 20, tzinfo=UTC)
    wanted = reminders_between(
        snapshots, recipients, rules, WorkCalendar(), start, start + timedelta(days=30)
    )
    kinds = {r.kind.partition(":")[0] for r in wanted}
    assert {"before", "due", "overdue", "leader"} <= kinds

    statements: list[str] = []

    def count(*args: object) -> None:
        statements.append(str(args[2]))

    offline = ReminderRenderer(NoStorage(), repo.registry_from_db())  # type: ignore[arg-type]
    legacy = ReminderRenderer(repo, repo.registry_from_db())
    event.listen(database.engine, "before_cursor_execute", count)
    try:
        said = [offline(LedgerEntry.planned(r)) for r in wanted]
    finally:
        event.remove(database.engine, "before_cursor_execute", count)
    assert statements == []
    # word for word what reading the assignment again would have said (rows planned before
    # payloads carried the facts still read it)
    for reminder, message in zip(wanted, said, strict=True):
        planned = LedgerEntry.planned(reminder)
        older = {k: v for k, v in planned.payload.items() if k != "assignment"}
        assert message is not None
        assert message == legacy(replace(planned, payload=older))


def test_a_digest_of_counts_reads_as_the_digest_that_listed_every_overdue_task(
    stored: tuple[Database, SqlAlchemyDocumentRepository],
) -> None:
    """The digest stores each unit's count and oldest age (issue 14, fifth session) where it
    listed every overdue task: the message is the same, and rows planned before still read."""
    _, repo = stored
    render = ReminderRenderer(repo, repo.registry_from_db())

    def listed(n: int, days: int) -> list[dict[str, object]]:
        return [{"assignment_id": i + 1, "due": "2023-03-01", "days": days - i} for i in range(n)]

    before = {
        "day": "2023-03-06",
        "due_this_week": [],
        "overdue": {"": listed(1, 2), "phong-noi-vu": listed(3, 9), "phong-tu-phap": listed(3, 4)},
    }
    after = {
        "day": "2023-03-06",
        "due_this_week": [],
        "overdue_by_unit": {
            "": {"count": 1, "days": 2, "oldest": "2023-03-01"},
            "phong-noi-vu": {"count": 3, "days": 9, "oldest": "2023-02-20"},
            "phong-tu-phap": {"count": 3, "days": 4, "oldest": "2023-02-27"},
        },
    }
    old = render(entry(None, "digest", {"digest": before}))
    new = render(entry(None, "digest", {"digest": after}))
    assert old is not None
    assert new is not None
    assert new.text == old.text
    assert texts.DIGEST_OVERDUE_HEAD.format(count=7) in new.text


def test_the_digest_carries_the_facts_of_every_task_its_message_lists() -> None:
    from scheduler.policy import DIGEST_DETAILED

    assert texts.DIGEST_MAX_LINES <= DIGEST_DETAILED
