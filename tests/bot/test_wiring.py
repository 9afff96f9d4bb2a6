"""The composition root builds each thing once per process and never writes while building."""

from __future__ import annotations

import io
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from bot.config import Settings
from bot.runtime import bot_limiter
from bot.wiring import CONSOLE_ADMIN, App, router_for, services_for
from handlers.access import AccessPolicy
from handlers.router import FixedClock, Router
from knowledge.chats import Role, SqlChatDirectory
from knowledge.repository import SqlAlchemyDocumentRepository
from knowledge.units import example_units_path
from scheduler.pacing import TokenBucketLimiter
from scheduler.send_budget import SendBudgetRow, SharedBudgetLimiter

UNITS = example_units_path("huyen-truoc-2025")


def _app(db_url: str) -> App:
    return App(Settings(), db_url, UNITS, io.StringIO(), io.StringIO())


def test_the_units_file_is_synced_once_per_database(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    synced: list[object] = []
    real = SqlAlchemyDocumentRepository.sync_units

    def counting(self: SqlAlchemyDocumentRepository, registry: object, **kw: Any) -> object:
        synced.append(registry)
        return real(self, registry, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(SqlAlchemyDocumentRepository, "sync_units", counting)
    app = _app(db_url)
    try:
        for _ in range(3):
            repo = app.repository()
        assert repo.registry.get("phong-noi-vu") is not None
        router_for(app, FixedClock(date(2023, 3, 3)))
        assert len(synced) == 1
        assert app.registry() is app.registry()  # the units file is read once
        assert app.calendar() is app.calendar()
        app.close()  # another database (the demo's) is synced again
        app.repository()
        assert len(synced) == 2
    finally:
        app.close()


def test_building_a_router_writes_nothing_and_the_wiring_makes_the_admins(db_url: str) -> None:
    app = _app(db_url)
    try:
        services = services_for(app)
        directory = SqlChatDirectory(app.database().session_factory)
        admins = (("telegram", "1"),)
        Router(
            services,
            clock=FixedClock(date(2023, 3, 3)),
            directory=directory,
            access=AccessPolicy(office_admins=admins),
        )
        assert directory.people(role=Role.ADMIN) == []

        router_for(app, FixedClock(date(2023, 3, 3)))
        made = {(p.platform, p.user_id) for p in directory.people(role=Role.ADMIN)}
        assert made == {CONSOLE_ADMIN}
    finally:
        app.close()


def test_a_bot_shares_its_send_budget_with_its_replicas_on_postgresql(db_url: str) -> None:
    token = "123456:AAE-secret-part"
    app = _app(db_url)
    try:
        limiter = bot_limiter(app, "telegram", token)
        if db_url.startswith("postgresql"):
            assert isinstance(limiter, SharedBudgetLimiter)
            with app.database().session_factory() as session:
                bots = session.scalars(select(SendBudgetRow.bot)).all()
            assert bots == ["telegram:123456"]  # the bot's id, never its token
        else:
            # one process per SQLite file: the process's own buckets
            assert isinstance(limiter, TokenBucketLimiter)
    finally:
        app.close()


def test_an_unchanged_units_file_is_not_written_again_by_the_next_command(
    db_url: str, tmp_path: Path
) -> None:
    units = tmp_path / "units.toml"
    shutil.copyfile(UNITS, units)

    def command() -> tuple[int, int, int]:
        app = App(Settings(), db_url, units, io.StringIO(), io.StringIO())
        try:
            database = app.database()
            repo = SqlAlchemyDocumentRepository(database.session_factory, app.registry())
            result = repo.sync_units(app.registry(), source_digest=app.units_digest())
            return result.added, result.updated, result.merged
        finally:
            app.close()

    assert command()[0] > 0  # the first command writes the units
    assert command() == (0, 0, 0)  # the next one finds the same file synced: no write
    units.write_text(
        units.read_text(encoding="utf-8").replace(
            'name = "Phòng Y tế"', 'name = "Phòng Y tế huyện"'
        ),
        encoding="utf-8",
    )
    assert command()[1] == 1  # an edited file is synced again


def test_baocao_files_are_made_in_a_child_process_like_in_the_bot(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from bot.wiring import report_desk
    from tests.progress_data import seed_office

    app = _app(f"sqlite:///{tmp_path / 'giaoviec.db'}")
    try:
        seed_office(app.database().session_factory)
        desk = report_desk(app)
        assert desk.files is not None
        today = date(2023, 3, 22)
        made = desk.files(today)
        here = desk.build(today)
    finally:
        app.close()
    assert made.report.rows == ()  # the rows stayed in the child
    assert here.rows
    assert made.report.totals == here.totals
    assert made.report.overdue == here.overdue[:5]
    assert made.chart.startswith(b"\x89PNG")
    book = load_workbook(io.BytesIO(made.xlsx), read_only=True)
    assert len(book.sheetnames) == 4


def test_an_in_memory_database_makes_its_files_in_process() -> None:
    from bot.wiring import report_desk

    app = _app("sqlite://")
    try:
        assert report_desk(app).files is None  # a child could not see it
    finally:
        app.close()
