"""The composition root: builds what the commands and the bots use from config, once per process.

The command line (bot/cli.py) parses arguments and calls services; `giaoviec run`
(bot/runtime.py) and the reminder service (bot/reminders.py) take their collaborators from here.
What is opened here (the database, the units synced into it) is opened once per process.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, TextIO
from zoneinfo import ZoneInfo

from bot.config import Settings
from handlers import texts

# Start-up: `giaoviec --help` imports this module; what it builds is imported inside functions.
if TYPE_CHECKING:
    from handlers.answering import Services
    from handlers.leadership import ReportDesk
    from handlers.report_files import FormalHeading
    from handlers.router import OfficeClock, Router
    from knowledge.calendar import WorkCalendar
    from knowledge.db import Database
    from knowledge.reports import Report
    from knowledge.repository import SqlAlchemyDocumentRepository
    from knowledge.units import UnitRegistry
    from scheduler.policy import ReminderRules

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


class CliError(Exception):
    """A refusal explained to the user in Vietnamese; exit status 2."""


@dataclass
class App:
    """What a command needs: settings, database, units and calendar, each opened once, on demand.

    The units file is read once and synced into the database once per database opened (the
    first repository asked for), not on every call: building a service never writes.
    """

    settings: Settings
    db_url: str
    units_path: Path
    out: TextIO
    err: TextIO
    inp: TextIO | None = None  # the chat's input; None: standard input
    _database: Database | None = field(default=None, init=False, repr=False)
    _registry: UnitRegistry | None = field(default=None, init=False, repr=False)
    _units_synced: bool = field(default=False, init=False, repr=False)
    _calendar: WorkCalendar | None = field(default=None, init=False, repr=False)

    def registry(self) -> UnitRegistry:
        """The office's units file, read on first use."""
        from knowledge.units import UnitRegistry

        if self._registry is None:
            try:
                self._registry = UnitRegistry.from_file(self.units_path)
            except (OSError, ValueError) as exc:
                raise CliError(
                    texts.CLI_UNITS_FILE_ERROR.format(path=self.units_path, detail=exc)
                ) from exc
        return self._registry

    def database(self) -> Database:
        """This run's database, opened (and migrated) on first use."""
        from knowledge.db import open_database

        if self._database is None:
            if self.db_url.startswith("sqlite:///"):
                Path(self.db_url.removeprefix("sqlite:///")).parent.mkdir(
                    parents=True, exist_ok=True
                )
            self._database = open_database(self.db_url)
        return self._database

    def repository(self) -> SqlAlchemyDocumentRepository:
        """The store, resolving names with the stored units (aliases taught since included).

        The first call on a database syncs the units file into it; later calls only read.
        """
        from knowledge.repository import SqlAlchemyDocumentRepository

        database = self.database()
        registry = self.registry()
        repo = SqlAlchemyDocumentRepository(database.session_factory, registry)
        if not self._units_synced:
            repo.sync_units(registry, source_digest=self._units_digest())
            self._units_synced = True
        return SqlAlchemyDocumentRepository(database.session_factory, repo.registry_from_db())

    def _units_digest(self) -> str | None:
        """The units file's digest (None when it cannot be read again: then sync anyway)."""
        import hashlib

        try:
            return hashlib.sha256(self.units_path.read_bytes()).hexdigest()
        except OSError:
            return None

    def close(self) -> None:
        """Close the database connections this run opened (another database syncs again)."""
        if self._database is not None:
            self._database.dispose()
            self._database = None
        self._units_synced = False

    def calendar(self) -> WorkCalendar:
        """Working days: public holidays, the shipped overrides and the config's [calendar]."""
        from knowledge.calendar import HolidayOverride, WorkCalendar

        if self._calendar is None:
            overrides = [
                HolidayOverride(day, "off" if kind == "off" else "work", source="config.toml")
                for day, kind in self.settings.calendar_overrides
            ]
            self._calendar = WorkCalendar(overrides)
        return self._calendar


def services_for(app: App) -> Services:
    """What answering needs, over this run's database."""
    from handlers.answering import Services
    from knowledge.progress import SqlProgressRepository

    repo = app.repository()
    search = None
    try:
        from knowledge.search import SqlAssignmentSearch

        search = SqlAssignmentSearch(app.database().session_factory)
    except ImportError:  # the index is optional: without it questions scan the assignments
        search = None
    progress = SqlProgressRepository(
        app.database().session_factory,
        require_confirmation=app.settings.progress.require_confirmation,
        zone=office_zone(app.settings.timezone),
    )
    return Services(
        repository=repo,
        registry=repo.registry_from_db(include_unregistered=True),
        search=search,
        progress=progress,
        due_soon_days=app.settings.progress.due_soon_days,
        calendar=app.calendar(),
        reading=app.database().session_factory.reading,
    )


CONSOLE_ADMIN = ("console", "local")  # whoever runs the console is the office


def router_for(app: App, clock: OfficeClock) -> Router:
    """The conversation over this run's database: access rules, bindings, documents in chat."""
    from handlers.access import AccessPolicy
    from handlers.documents import DocumentDesk
    from handlers.router import Router
    from knowledge.chats import SqlChatDirectory
    from knowledge.progress import SqlProgressRepository
    from knowledge.review import SqlReviewEdits

    settings = app.settings
    database = app.database()
    access = AccessPolicy(
        require_approval=settings.access.require_approval,
        strangers_may_ask=settings.access.strangers_may_ask,
        office_admins=(CONSOLE_ADMIN, *settings.access.office_admins),
    )
    desk = DocumentDesk(
        review=SqlReviewEdits(database.session_factory),
        calendar=app.calendar(),
        max_bytes=settings.max_upload_mb * 1024 * 1024,
    )
    directory = SqlChatDirectory(database.session_factory)
    # The configured admins are admins before they first write (failure reports, approvals);
    # written here, at start, so building a router never touches the database.
    directory.ensure_admins(access.office_admins)
    return Router(
        services_for(app),
        clock=clock,
        directory=directory,
        access=access,
        desk=desk,
        progress=SqlProgressRepository(
            database.session_factory,
            require_confirmation=settings.progress.require_confirmation,
            zone=office_zone(settings.timezone),
        ),
        reports=report_desk(app),
    )


def report_heading(app: App) -> FormalHeading:
    """The báo cáo's heading and signature from config [report]."""
    from handlers.report_files import FormalHeading

    r = app.settings.report
    return FormalHeading(
        issuer=r.issuer,
        parent=r.parent,
        number=r.number,
        symbol=r.symbol,
        place=r.place,
        authority=r.authority,
        signer_title=r.signer_title,
        signer_name=r.signer_name,
        recipients=r.recipients,
    )


def report_desk(app: App) -> ReportDesk:
    """Progress reports over this run's database, with the Excel and chart renderers."""
    from functools import partial

    from handlers.leadership import ReportDesk
    from knowledge.db import is_sqlite_memory
    from knowledge.reports import build_report

    def xlsx(report: Report) -> bytes:
        from handlers.report_files import report_xlsx  # openpyxl loads only when asked

        return report_xlsx(report, report_heading(app))

    def chart(report: Report) -> bytes:
        from handlers.report_files import report_chart_png  # matplotlib loads only when asked

        return report_chart_png(report)

    calendar = app.calendar()
    build = partial(
        build_report,
        app.database().session_factory,
        calendar,
        soon_days=app.settings.progress.due_soon_days,
        zone=office_zone(app.settings.timezone),
        expand_groups=True,
    )
    files = None
    url = app.database().engine.url
    if url.get_backend_name() != "sqlite" or not is_sqlite_memory(url.database):
        from bot.report_worker import ReportJob

        # the child opens the database itself: an in-memory one only this process sees
        files = ReportJob(
            app.db_url,
            calendar,
            app.settings.progress.due_soon_days,
            office_zone(app.settings.timezone),
            report_heading(app),
        )
    return ReportDesk(build=build, calendar=calendar, xlsx=xlsx, chart=chart, files=files)


def office_zone(name: str) -> ZoneInfo:
    """The office's time zone by name; Vietnam's when the name is none the system knows."""
    try:
        return ZoneInfo(name)
    except (ValueError, KeyError):  # ZoneInfoNotFoundError is a KeyError
        return VIETNAM


def reminder_rules(app: App) -> ReminderRules:
    """The office's reminder rules from config [reminders]."""
    from scheduler.policy import ReminderRules

    r = app.settings.reminders
    try:
        return ReminderRules(
            offsets=r.offsets,
            overdue_every=r.overdue_every,
            overdue_limit=r.overdue_limit,
            leader_after=r.leader_after,
            send_time=r.send_time,
            timezone=app.settings.timezone,
            quiet_start=r.quiet_start,
            quiet_end=r.quiet_end,
            remind_cooperating=r.remind_cooperating,
            cooperate_offsets=r.cooperate_offsets,
            grace=timedelta(hours=r.grace_hours),
            lookback=max(timedelta(days=7), timedelta(hours=r.grace_hours)),
            weekly_digest=r.weekly_digest,
            summaries=app.settings.progress.summaries,
        )
    except ValueError as exc:
        raise CliError(texts.CLI_BAD_REMINDER_RULES.format(detail=exc)) from None
