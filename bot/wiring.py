"""The composition root: builds what the commands and the bots use from config, once per process.

The command line (bot/cli.py) parses arguments and calls services; `giaoviec run`
(bot/runtime.py) and the reminder service (bot/reminders.py) take their collaborators from here.
What is opened here (the database, the units synced into it) is opened once per process.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, TextIO
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
    from knowledge.domain import DocumentText, Extraction
    from knowledge.progress import SqlProgressRepository
    from knowledge.reports import Report
    from knowledge.repository import SqlAlchemyDocumentRepository
    from knowledge.storage_types import DocumentSaver, DocumentStatus, IngestOutcome
    from knowledge.units import UnitRegistry
    from scheduler.policy import ReminderRules

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


class Closable(Protocol):
    """Something opened for this run that must be closed with it."""

    def close(self) -> None:
        """Release it."""


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
    # what a short command opened on the SQLite file besides the database (closed with it)
    _light: list[Closable] = field(default_factory=list, init=False, repr=False)

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
            repo.sync_units(registry, source_digest=self.units_digest())
            self._units_synced = True
        return SqlAlchemyDocumentRepository(database.session_factory, repo.registry_from_db())

    def sqlite_file(self) -> Path | None:
        """The SQLite file of a plain `sqlite:///PATH` URL (None for anything else: another
        database, an in-memory one, a URL with options)."""
        path = self.db_url.removeprefix("sqlite:///")
        if path == self.db_url or not path or "?" in path or path.startswith(":memory:"):
            return None
        return Path(path)

    def units_digest(self) -> str | None:
        """The units file's digest (None when it cannot be read again: then sync anyway)."""
        import hashlib

        try:
            return hashlib.sha256(self.units_path.read_bytes()).hexdigest()
        except OSError:
            return None

    def document_saver(self) -> DocumentSaver:
        """What `ingest` saves with: on a plain SQLite file that is new or at the newest
        schema, the sqlite3 writer (no SQLAlchemy to import; a correction of a stored
        document still goes through the full store); anything else, the full store."""
        path = self.sqlite_file()
        if path is not None:
            from datetime import UTC, datetime

            from knowledge.sqlite_ingest import open_sqlite_writer

            writer = open_sqlite_writer(
                path,
                registry=self.registry(),
                units_digest=self.units_digest(),
                full_save=self._full_save,
                now=lambda: datetime.now(UTC),
            )
            if writer is not None:
                self.keep_open(writer)
                return writer
        return self.repository()

    def _full_save(
        self,
        extraction: Extraction,
        text: DocumentText | str,
        source_name: str,
        content: bytes | None,
        status: DocumentStatus,
    ) -> IngestOutcome:
        return self.repository().save_extraction(
            extraction, text, source_name=source_name, content=content, status=status
        )

    def analyze_after_bulk_load(self) -> None:
        """Refresh PostgreSQL's planner statistics after a batch (knowledge.db); SQLite is
        left as it is, without opening it through SQLAlchemy."""
        if self.db_url.startswith("sqlite"):
            return
        from knowledge.db import analyze_after_bulk_load

        analyze_after_bulk_load(self.database().engine)

    def keep_open(self, light: Closable) -> None:
        """Close `light` (a short command's sqlite3 store) when the app closes."""
        self._light.append(light)

    def close(self) -> None:
        """Close the database connections this run opened (another database syncs again)."""
        while self._light:
            self._light.pop().close()
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

    repo = app.repository()
    search = None
    try:
        from knowledge.search import SqlAssignmentSearch

        search = SqlAssignmentSearch(app.database().session_factory)
    except ImportError:  # the index is optional: without it questions scan the assignments
        search = None
    return Services(
        repository=repo,
        registry=repo.registry_from_db(include_unregistered=True),
        search=search,
        progress=_progress(app),
        due_soon_days=app.settings.progress.due_soon_days,
        calendar=app.calendar(),
        reading=app.database().session_factory.reading,
    )


def _progress(app: App) -> SqlProgressRepository:
    from knowledge.progress import SqlProgressRepository

    return SqlProgressRepository(
        app.database().session_factory,
        require_confirmation=app.settings.progress.require_confirmation,
        zone=office_zone(app.settings.timezone),
    )


def short_services_for(app: App) -> Services:
    """What answering needs for one short command (`giaoviec ask`): on a small SQLite file at
    the newest schema with the units file synced, the small store, read whole through sqlite3
    (no SQLAlchemy to import); anything else, services_for. Never for a long-running bot: the
    small store does not see what is stored after it was read."""
    from handlers.answering import Services
    from knowledge.small_store import SmallStoreProgress, SmallStoreSearch, open_small_store

    path = app.sqlite_file()
    store = (
        open_small_store(
            path,
            units_digest=app.units_digest(),
            office_registry=app.registry(),
            full_store=app.repository,
        )
        if path is not None
        else None
    )
    if store is None:
        return services_for(app)
    app.keep_open(store)
    return Services(
        repository=store,
        registry=store.registry_from_db(include_unregistered=True),
        search=SmallStoreSearch(store.connection),
        progress=SmallStoreProgress(store.connection, lambda: _progress(app)),
        due_soon_days=app.settings.progress.due_soon_days,
        calendar=app.calendar(),
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
