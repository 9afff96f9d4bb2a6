"""The `giaoviec` command line: extract, ingest, list, units, ask, chat, demo."""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TextIO
from zoneinfo import ZoneInfo

from bot.config import ConfigError, Settings, load_settings
from handlers import texts
from knowledge.text import clean_text

# Start-up: `giaoviec --help` imports nothing beyond this; each command imports what it needs
# (SQLAlchemy, the answering chain, readers, openpyxl...) inside its function.
if TYPE_CHECKING:
    from concurrent.futures import Future

    from handlers.answering import Answer, Services
    from handlers.leadership import ReportDesk
    from handlers.report_files import FormalHeading
    from handlers.router import Clock, Router
    from knowledge.calendar import WorkCalendar
    from knowledge.db import Database
    from knowledge.domain import Deadline, ExtractedAssignment, Extraction
    from knowledge.errors import DocumentError
    from knowledge.pipeline import LoadedDocument
    from knowledge.progress import Actor, ProgressState
    from knowledge.reports import Report
    from knowledge.repository import (
        AssignmentView,
        DocumentRepository,
        IngestOutcome,
        SqlAlchemyDocumentRepository,
    )
    from knowledge.units import UnitRegistry

DOCUMENT_SUFFIXES = (".docx", ".pdf", ".txt", ".doc")
ANALYZE_FIRST_AT = 100  # documents saved in one batch before the first ANALYZE (PostgreSQL)

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
SAMPLES = Path(__file__).resolve().parent.parent / "samples"


class CliError(Exception):
    """A refusal explained to the user in Vietnamese; exit status 2."""


class UsageError(Exception):
    """Arguments argparse refused; main words it in Vietnamese instead of exiting."""


class _HelpFormatter(argparse.HelpFormatter):
    """argparse's help layout with its English "usage:" said in Vietnamese."""

    def add_usage(
        self,
        usage: str | None,
        actions: Any,
        groups: Any,
        prefix: str | None = None,
    ) -> None:
        """The usage line, prefixed «Cách dùng:»."""
        super().add_usage(
            usage, actions, groups, texts.CLI_HELP_USAGE if prefix is None else prefix
        )


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser in Vietnamese that raises instead of printing usage and exiting."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _HelpFormatter)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = texts.CLI_HELP_POSITIONALS
        self._optionals.title = texts.CLI_HELP_OPTIONS
        self.add_argument(
            "-h", "--help", action="help", default=argparse.SUPPRESS, help=texts.CLI_HELP_HELP
        )

    def error(self, message: str) -> NoReturn:
        """Hand the refusal to main (subparsers are built with this class too)."""
        raise UsageError(message)


def usage_message(message: str) -> str:
    """argparse's refusal in Vietnamese: its fixed phrases translated, names kept."""
    for english, vietnamese in texts.CLI_ARGPARSE_PHRASES:
        message = message.replace(english, vietnamese)
    return texts.CLI_USAGE_ERROR.format(detail=message.rstrip("."))


# --- shared pieces --------------------------------------------------------------------------


def _row_id(value: str) -> int:
    from knowledge.db import parse_id

    number = parse_id(value)
    if number is None:
        raise argparse.ArgumentTypeError(texts.CLI_BAD_ID.format(value=value[:40]))
    return number


def _cleaned(args: argparse.Namespace) -> argparse.Namespace:
    """Every text argument as it may be stored (no NUL or control character); paths kept."""
    for name, value in vars(args).items():
        if isinstance(value, str):
            setattr(args, name, clean_text(value))
    return args


def _date(value: str) -> date:
    """A date typed on the command line: 05/03/2023 (as officials write it) or 2023-03-05."""
    from handlers.dates import parse_day

    day = parse_day(value, DEMO_TODAY) if re.search(r"\d{4}", value) else None
    if day is None:
        raise argparse.ArgumentTypeError(texts.CLI_BAD_DATE.format(value=value))
    return day


def _add_clock(parser: argparse.ArgumentParser, help_text: str) -> None:
    """The clock flag every command spells the same: --date; --today stays as a hidden alias."""
    parser.add_argument("--date", dest="today", type=_date, metavar="NGÀY", help=help_text)
    parser.add_argument("--today", dest="today", type=_date, help=argparse.SUPPRESS)


def deadline_json(deadline: Deadline | None) -> dict[str, Any]:
    """The contract's deadline fields of an assignment."""
    if deadline is None:
        return {"deadline": None, "deadline_text": None, "recurrence": None}
    return {
        "deadline": deadline.due.isoformat() if deadline.due else None,
        "deadline_text": deadline.text,
        "recurrence": deadline.recurrence.text if deadline.recurrence else None,
        "recurrence_rule": deadline.recurrence.rule if deadline.recurrence else None,
        "deadline_start": deadline.start.isoformat() if deadline.start else None,
        "deadline_flags": sorted(deadline.flags),
    }


def assignment_json(a: ExtractedAssignment) -> dict[str, Any]:
    """One extracted assignment in the shape of the evaluation contract."""
    return {
        "lead": list(a.lead),
        "cooperate": list(a.cooperate),
        "task": a.task,
        **deadline_json(a.deadline),
        "quote": a.quote,
        "place": a.place,
    }


def view_json(a: AssignmentView) -> dict[str, Any]:
    """A stored assignment: its stable id and the contract's fields."""
    return {
        "id": a.id,
        "document": a.document_number,
        "document_title": a.document_title,
        "document_issued": a.document_issued.isoformat() if a.document_issued else None,
        "lead": list(a.lead_names),
        "cooperate": list(a.cooperate_names),
        "task": a.task,
        **deadline_json(a.deadline),
        "quote": a.quote,
        "place": a.place,
    }


def extraction_json(extraction: Extraction) -> dict[str, Any]:
    """The `extract --json` object."""
    h = extraction.header
    return {
        "document": {
            "number": h.number,
            "type": h.doc_type,
            "issuer": h.issuer,
            "issued": h.issued.isoformat() if h.issued else None,
            "title": h.title,
            "place": h.place,
            "signer": h.signer,
            "authority": h.authority,
            "recipients": list(h.recipients),
        },
        "assignments": [assignment_json(a) for a in extraction.assignments],
    }


def document_files(paths: Sequence[Path]) -> Iterator[Path]:
    """Files named, and document files inside folders named (sorted, recursive)."""
    for path in paths:
        if path.is_dir():
            yield from sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in DOCUMENT_SUFFIXES
            )
        else:
            yield path


@dataclass
class App:
    """What a command needs: settings, database, units and calendar, opened on demand."""

    settings: Settings
    db_url: str
    units_path: Path
    out: TextIO
    err: TextIO
    inp: TextIO | None = None  # the chat's input; None: standard input
    _database: Database | None = field(default=None, init=False, repr=False)

    def registry(self) -> UnitRegistry:
        """The office's units file."""
        from knowledge.units import UnitRegistry

        try:
            return UnitRegistry.from_file(self.units_path)
        except (OSError, ValueError) as exc:
            raise CliError(
                texts.CLI_UNITS_FILE_ERROR.format(path=self.units_path, detail=exc)
            ) from exc

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
        """The store, migrated, with the units file synced into it."""
        from knowledge.repository import SqlAlchemyDocumentRepository

        database = self.database()
        registry = self.registry()
        repo = SqlAlchemyDocumentRepository(database.session_factory, registry)
        repo.sync_units(registry)
        return SqlAlchemyDocumentRepository(database.session_factory, repo.registry_from_db())

    def close(self) -> None:
        """Close the database connections this run opened."""
        if self._database is not None:
            self._database.dispose()
            self._database = None

    def calendar(self) -> WorkCalendar:
        """Working days: public holidays, the shipped overrides and the config's [calendar]."""
        from knowledge.calendar import HolidayOverride, WorkCalendar

        overrides = [
            HolidayOverride(day, "off" if kind == "off" else "work", source="config.toml")
            for day, kind in self.settings.calendar_overrides
        ]
        return WorkCalendar(overrides)


# --- commands -------------------------------------------------------------------------------


def cmd_extract(app: App, args: argparse.Namespace) -> int:
    """Print the header and assignments of one document."""
    from handlers.answering import deadline_words
    from knowledge.errors import DocumentError
    from knowledge.pipeline import extract_file

    try:
        _, extraction = extract_file(args.path, issued=args.issued, calendar=app.calendar())
    except DocumentError as exc:
        raise CliError(_problem(exc)) from exc
    if args.json:
        app.out.write(json.dumps(extraction_json(extraction), ensure_ascii=False) + "\n")
        return 0
    h = extraction.header
    app.out.write(
        texts.CLI_EXTRACT_DOC.format(
            number=h.number or texts.CLI_UNKNOWN,
            type=h.doc_type_name or texts.CLI_UNKNOWN,
            issuer=h.issuer or texts.CLI_UNKNOWN,
            issued=h.issued.strftime("%d/%m/%Y") if h.issued else texts.CLI_UNKNOWN,
            title=h.title or texts.CLI_UNKNOWN,
        )
        + "\n"
    )
    for n, a in enumerate(extraction.assignments, 1):
        cooperate = (
            texts.CLI_EXTRACT_COOPERATE.format(names=", ".join(a.cooperate)) if a.cooperate else ""
        )
        app.out.write(
            texts.CLI_EXTRACT_ITEM.format(
                n=n,
                place=a.place or "-",
                lead=", ".join(a.lead) or texts.CLI_UNKNOWN,
                cooperate=cooperate,
                task=a.task,
                deadline=deadline_words(a.deadline),
            )
            + "\n"
        )
    return 0


def _problem(exc: DocumentError) -> str:
    from knowledge.readers import DEFAULT_MAX_BYTES

    return texts.document_problem(
        exc.problem, exc.path, exc.detail, limit=f"{DEFAULT_MAX_BYTES // (1024 * 1024)} MB"
    )


def default_jobs(files: int) -> int:
    """Reader processes for a batch: one per core (at most 4), none for a handful of files."""
    if files < 8:
        return 1
    return max(1, min(4, os.cpu_count() or 1))


def _load_one(path: Path, issued: date | None) -> LoadedDocument | DocumentError:
    from knowledge.errors import DocumentError
    from knowledge.pipeline import load_and_extract

    try:
        return load_and_extract(path, issued=issued, calendar=_worker_calendar())
    except DocumentError as exc:
        return exc


@lru_cache(maxsize=1)
def _worker_calendar() -> WorkCalendar:
    from knowledge.calendar import WorkCalendar

    return WorkCalendar()


def load_documents(
    files: Sequence[Path], *, issued: date | None, jobs: int
) -> Iterator[tuple[Path, LoadedDocument | DocumentError]]:
    """Read and extract files in order, in `jobs` processes while the caller saves.

    At most 2 x jobs documents are in flight, so memory stays bounded however long the batch.
    """
    from concurrent.futures import ProcessPoolExecutor

    if jobs <= 1:
        for path in files:
            yield path, _load_one(path, issued)
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        pending: deque[tuple[Path, Future[LoadedDocument | DocumentError]]] = deque()
        queue = iter(files)
        for path in islice(queue, 2 * jobs):
            pending.append((path, pool.submit(_load_one, path, issued)))
        while pending:
            path, future = pending.popleft()
            nxt = next(queue, None)
            if nxt is not None:
                pending.append((nxt, pool.submit(_load_one, nxt, issued)))
            yield path, future.result()


def cmd_ingest(app: App, args: argparse.Namespace) -> int:
    """Read files and folders into the database; go on past bad files; print a summary."""
    from tqdm import tqdm

    from knowledge.db import analyze_after_bulk_load
    from knowledge.errors import DocumentError
    from knowledge.repository import StorageError

    files = list(document_files(args.paths))
    if not files:
        raise CliError(texts.CLI_NO_FILES.format(paths=", ".join(map(str, args.paths))))
    repo = app.repository()
    documents = unchanged = assignments = failed = 0
    new_units: list[str] = []
    progress = tqdm(
        total=len(files), file=app.err, disable=len(files) < 2 or args.quiet, unit="tệp"
    )
    jobs = getattr(args, "jobs", 0) or default_jobs(len(files))
    # PostgreSQL plans by statistics: refreshed as the store grows (100, 200, 400... documents
    # saved) and once at the end, so a large batch into a new schema keeps its speed.
    analyze_at = ANALYZE_FIRST_AT
    for path, loaded_or_error in load_documents(files, issued=args.issued, jobs=jobs):
        progress.update()
        if documents >= analyze_at:
            analyze_after_bulk_load(app.database().engine)
            analyze_at *= 2
        try:
            if isinstance(loaded_or_error, DocumentError):
                raise loaded_or_error
            loaded = loaded_or_error
            extraction = loaded.extraction
            outcome = repo.save_extraction(
                extraction,
                loaded.text,
                source_name=path.name,
                content=loaded.content,
                status="review" if args.review else "live",
            )
        except DocumentError as exc:
            failed += 1
            progress.write(
                texts.CLI_FILE_FAILED.format(path=path, reason=_problem(exc)), file=app.err
            )
            continue
        except StorageError as exc:
            failed += 1
            progress.write(
                texts.CLI_FILE_FAILED.format(
                    path=path, reason=texts.storage_problem(exc.problem.value, exc.detail)
                ),
                file=app.err,
            )
            continue
        new_units.extend(n for n in outcome.new_units if n not in new_units)
        action = str(getattr(outcome.action, "value", outcome.action))
        if action == "unchanged":
            unchanged += 1
            message = texts.CLI_INGEST_UNCHANGED.format(path=path)
        elif action == "replaced":
            documents += 1
            message = texts.CLI_INGEST_REPLACED.format(
                path=path,
                added=len(outcome.assignments_added),
                removed=len(outcome.assignments_removed),
                changed=len(outcome.assignments_changed),
                unchanged=outcome.assignments_unchanged,
            )
            message = "\n".join([message, *_change_lines(outcome)])
            assignments += len(outcome.assignments_added) + len(outcome.assignments_changed)
        else:
            documents += 1
            assignments += len(extraction.assignments)
            message = texts.CLI_INGEST_CREATED.format(path=path, count=len(extraction.assignments))
        if not args.quiet:
            progress.write(message, file=app.out)
            if args.review and action != "unchanged":
                progress.write(texts.CLI_INGEST_REVIEW.format(path=path), file=app.out)
            if action != "unchanged":
                for note in header_notes(extraction):
                    progress.write(note, file=app.out)
    if documents:
        analyze_after_bulk_load(app.database().engine)
    if not args.quiet:
        if new_units:
            app.out.write(texts.CLI_NEW_UNITS.format(names="; ".join(new_units)) + "\n")
        app.out.write(
            texts.CLI_INGEST_SUMMARY.format(
                documents=documents,
                unchanged=unchanged,
                assignments=assignments,
                units=len(new_units),
                failed=failed,
            )
            + "\n"
        )
    return 1 if failed else 0


def header_notes(extraction: Extraction) -> list[str]:
    """What an office should know about a document's number and date: blank in the text,
    or read from elsewhere in it, and how to set them."""
    header = extraction.header
    notes = []
    if not header.number or not any(c.isdigit() for c in header.number.split("/")[0]):
        kind = header.doc_type_name or texts.DOCUMENT_WORD
        notes.append(texts.CLI_INGEST_NO_NUMBER.format(kind=kind))
    if header.issued is None:
        notes.append(texts.CLI_INGEST_NO_DATE)
    elif extraction.issued_from_body:
        day = header.issued.strftime("%d/%m/%Y")
        notes.append(texts.CLI_INGEST_DATE_FROM_BODY.format(date=day))
    return notes


def _change_lines(outcome: IngestOutcome) -> list[str]:
    """One line per assignment a corrected document added, removed or changed."""
    lines = [
        texts.CLI_CHANGE_ADDED.format(place=a.place, task=a.task)
        for a in outcome.assignments_added
    ]
    lines += [
        texts.CLI_CHANGE_REMOVED.format(place=a.place, task=a.task)
        for a in outcome.assignments_removed
    ]
    for c in outcome.assignments_changed:
        fields = ", ".join(texts.CLI_CHANGE_FIELDS.get(f, f) for f in c.fields)
        lines.append(texts.CLI_CHANGE_CHANGED.format(place=c.place, fields=fields, task=c.task))
    return lines


def cmd_list(app: App, args: argparse.Namespace) -> int:
    """Print stored assignments, filtered."""
    repo = app.repository()
    unit_key = None
    if args.unit:
        unit_key = _unit_key(repo, args.unit)
    views = repo.list_assignments(
        unit_key=unit_key,
        document=args.document,
        due_before=args.due_before,
        due_after=args.due_after,
        overdue_on=args.overdue,
    )
    if args.json:
        for v in views:
            app.out.write(json.dumps(view_json(v), ensure_ascii=False) + "\n")
        return 0
    if not views:
        app.out.write(texts.CLI_NO_ASSIGNMENTS + "\n")
        return 0
    _print_table(app.out, texts.CLI_TABLE_HEADER, [_row(v) for v in views])
    return 0


def _row(v: AssignmentView) -> tuple[str, ...]:
    from handlers.answering import deadline_words

    doc = v.document_number or v.document_type_name or ""
    if v.place:
        doc = f"{doc}, mục {v.place}"
    task = v.task if len(v.task) <= 70 else v.task[:69] + "…"
    deadline = deadline_words(v.deadline, v.recurrence)
    return (str(v.id), deadline, ", ".join(v.lead_names), task, doc)


def _print_table(out: TextIO, header: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    widths = [max(len(str(r[k])) for r in [header, *rows]) for k in range(len(header))]
    widths = [min(w, 60) for w in widths]
    for r in [header, *rows]:
        out.write(
            "  ".join(str(c)[: widths[k]].ljust(widths[k]) for k, c in enumerate(r)).rstrip()
        )
        out.write("\n")


def cmd_units(app: App, args: argparse.Namespace) -> int:
    """List units, add an alias, merge two units."""
    from knowledge.repository import StorageError

    repo = app.repository()
    try:
        if args.units_command == "alias":
            key = _unit_key(repo, args.unit)
            name = _unit_name(repo, key)
            repo.add_alias(key, args.alias)
            app.out.write(texts.CLI_ALIAS_ADDED.format(alias=args.alias, unit=name) + "\n")
            return 0
        if args.units_command == "merge":
            source, target = _unit_key(repo, args.source), _unit_key(repo, args.target)
            names = _unit_name(repo, source), _unit_name(repo, target)
            repo.merge_units(source, target)
            app.out.write(texts.CLI_MERGED.format(source=names[0], target=names[1]) + "\n")
            return 0
    except StorageError as exc:
        raise CliError(texts.storage_problem(exc.problem.value, exc.detail)) from exc
    units = repo.list_units(include_unregistered=True)
    if args.unregistered:
        units = [u for u in units if not u.registered]
    if args.json:
        for u in units:
            app.out.write(json.dumps(u.__dict__, ensure_ascii=False, default=list) + "\n")
        return 0
    rows = [
        (
            u.key,
            u.name,
            texts.UNIT_KINDS.get(u.kind, u.kind),
            texts.CLI_YES if u.registered else texts.CLI_NO,
            str(u.lead_count),
            str(u.cooperate_count),
        )
        for u in units
    ]
    _print_table(app.out, texts.CLI_UNITS_HEADER, rows)
    return 0


def _unit_key(repo: SqlAlchemyDocumentRepository, name: str) -> str:
    """The key a typed unit name or key means: registered units first, then unregistered ones
    (they must stay reachable, or they could never be merged into a registered unit)."""
    for include_unregistered in (False, True):
        registry = repo.registry_from_db(include_unregistered=include_unregistered)
        if registry.get(name):
            return name
        match = registry.resolve(name)
        if match is not None:
            return match.unit.key
    raise CliError(texts.CLI_UNKNOWN_UNIT.format(name=name))


def _unit_name(repo: SqlAlchemyDocumentRepository, key: str) -> str:
    """The name officials know a unit by (its key is internal)."""
    unit = repo.registry_from_db(include_unregistered=True).get(key)
    return unit.name if unit is not None else key


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
        zone=_zone(app.settings.timezone),
    )
    return Services(
        repository=repo,
        registry=repo.registry_from_db(include_unregistered=True),
        search=search,
        progress=progress,
        due_soon_days=app.settings.progress.due_soon_days,
        calendar=app.calendar(),
    )


CONSOLE_ADMIN = ("console", "local")  # whoever runs the console is the office


def router_for(app: App, clock: Clock) -> Router:
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
    return Router(
        services_for(app),
        clock=clock,
        directory=SqlChatDirectory(database.session_factory),
        access=access,
        desk=desk,
        progress=SqlProgressRepository(
            database.session_factory,
            require_confirmation=settings.progress.require_confirmation,
            zone=_zone(settings.timezone),
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
        zone=_zone(app.settings.timezone),
        expand_groups=True,
    )
    return ReportDesk(build=build, calendar=calendar, xlsx=xlsx, chart=chart)


def answer_json(answer: Answer, repository: DocumentRepository) -> dict[str, Any]:
    """One line of `ask --json`: the reply text and the ranked assignments (contract shape).

    An answer reads in full only the page it shows; the rest of what it ranks is read here.
    """
    ranked = (
        repository.get_assignments(list(answer.ranked_ids))
        if answer.ranked_ids
        else list(answer.assignments)
    )
    return {
        "reply": answer.reply.text(),
        "assignments": [{"id": a.id, **assignment_view_json(a)} for a in ranked],
    }


def assignment_view_json(a: AssignmentView) -> dict[str, Any]:
    """A stored assignment in the shape of the evaluation contract."""
    return {
        "lead": list(a.lead_names),
        "cooperate": list(a.cooperate_names),
        "task": a.task,
        **deadline_json(a.deadline),
        "quote": a.quote,
        "place": a.place,
        "document": a.document_number,
    }


def cmd_ask(app: App, args: argparse.Namespace) -> int:
    """Answer questions: the one given, or one per line of standard input (a conversation)."""
    from handlers.answering import AskContext, answer_text
    from handlers.progress_asks import asks_progress  # not the leadership chain

    services = services_for(app)
    today = args.today or datetime.now(VIETNAM).date()
    own = None
    if args.unit:
        match = services.registry.resolve(args.unit)
        if match is None:
            raise CliError(texts.CLI_UNKNOWN_UNIT.format(name=args.unit))
        own = match.unit.key
    questions = (
        [args.question]
        if args.question
        else (clean_text(line.rstrip("\n")) for line in (app.inp or sys.stdin))
    )
    context = AskContext(own_unit_key=own)
    router: Router | None = None
    for question in questions:
        if not question.strip():
            if args.json:
                app.out.write(json.dumps({"reply": "", "assignments": []}) + "\n")
            continue
        if asks_progress(question):
            # "tiến độ thông báo 45", "đơn vị nào chậm?": asked here as the office asks in chat
            from handlers.router import FixedClock  # the router's chain, only when asked

            router = router or router_for(app, FixedClock(today))
            _ask_the_office(app, router, question, as_json=args.json)
            continue
        answer = answer_text(question, services, today=today, context=context)
        context = answer.context(own)
        if args.json:
            app.out.write(
                json.dumps(answer_json(answer, services.repository), ensure_ascii=False) + "\n"
            )
        else:
            app.out.write(answer.reply.text() + "\n\n")
        app.out.flush()
    return 0


def _ask_the_office(app: App, router: Router, question: str, *, as_json: bool) -> None:
    """Answer one leaders' question through the conversation, as whoever runs the console."""
    from bot.console import console_chat
    from handlers.messages import IncomingMessage, Sender

    sender = Sender(CONSOLE_ADMIN[1], texts.CONSOLE_USER)
    replies = router.dispatch(IncomingMessage(console_chat(), sender, text=question))
    text = "\n".join(r.text() for r in replies if r.to is None)
    if not as_json:
        app.out.write(text + "\n\n")
        return
    ids = [i for r in replies if r.to is None for i in r.assignment_ids]
    views = router.services.repository.get_assignments(ids) if ids else []
    shown = [{"id": a.id, **assignment_view_json(a)} for a in views]
    app.out.write(json.dumps({"reply": text, "assignments": shown}, ensure_ascii=False) + "\n")


def _chat(app: App, args: argparse.Namespace, today: date, unit: str | None) -> int:
    """Run the console chat over this run's database until EOF or /thoat."""
    from bot.console import console_chat, run_console
    from handlers.messages import Sender
    from handlers.router import FixedClock
    from knowledge.chats import Registration

    router = router_for(app, FixedClock(today))
    chat = console_chat()
    sender = Sender(CONSOLE_ADMIN[1], texts.CONSOLE_USER)
    if router.directory is not None:
        person = router.directory.touch_person(chat.platform, sender.user_id, sender.display_name)
        if unit:
            match = router.services.registry.resolve(unit)
            if match is None:
                raise CliError(texts.CLI_UNKNOWN_UNIT.format(name=unit))
            router.directory.register(person.id, match.unit.key, Registration.APPROVED)
    return run_console(
        router,
        app.inp or sys.stdin,
        app.out,
        chat=chat,
        sender=sender,
        files_dir=app.settings.data_dir / "bao-cao",
    )


def cmd_chat(app: App, args: argparse.Namespace) -> int:
    """Chat in the console over the configured database."""
    from bot.console import is_terminal

    today = args.today or datetime.now(_zone(app.settings.timezone)).date()
    if is_terminal(app.inp or sys.stdin):
        app.out.write(texts.CONSOLE_WELCOME.format(today=today.strftime("%d/%m/%Y")) + "\n")
    _show_reminders(app, today)
    return _chat(app, args, today, args.unit)


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ValueError, KeyError):  # ZoneInfoNotFoundError is a KeyError
        return VIETNAM


def reminder_rules(app: App) -> Any:
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


def reminder_lines(app: App, day: date) -> list[str]:
    """What would be sent on `day`, one line per reminder: when, to whom, what."""
    from handlers.reminders import ReminderRenderer
    from knowledge.chats import SqlChatDirectory
    from scheduler.ledger import LedgerEntry
    from scheduler.policy import digest_instants_between, due_range, reminders_between
    from scheduler.source import DirectoryRecipients, SqlSnapshotSource

    rules = reminder_rules(app)
    zone = _zone(app.settings.timezone)
    start = datetime.combine(day, datetime.min.time(), zone)
    end = start + timedelta(days=1) - timedelta(microseconds=1)
    database = app.database()
    repo = app.repository()
    recipients = DirectoryRecipients(SqlChatDirectory(database.session_factory))
    calendar = app.calendar()

    class DayClock:
        def now(self) -> datetime:
            return end

    source = SqlSnapshotSource(database.session_factory, DayClock(), zone=rules.zone)
    # as the planner reads: only a digest day needs every open assignment
    first, last = due_range(day, day, rules, calendar)
    digest = bool(digest_instants_between(rules, calendar, start, end))
    if digest:
        last = max(last, day + timedelta(days=6 - day.weekday()))
    snapshots = list(source.snapshots(None if digest else first, last))
    wanted = reminders_between(snapshots, recipients, rules, calendar, start, end)
    render = ReminderRenderer(
        repo, repo.registry_from_db(include_unregistered=True), report_desk(app).build
    )
    lines = []
    for reminder in wanted:
        entry = LedgerEntry.planned(reminder)
        message = render(entry)
        if message is None:
            continue
        lines.append(
            texts.CLI_REMIND_LINE.format(
                time=reminder.scheduled_at.astimezone(zone).strftime("%H:%M"),
                chat=reminder.recipient.key,
                text=message.text,
            )
        )
    return lines


def cmd_remind(app: App, args: argparse.Namespace) -> int:
    """--dry-run: print what would be sent that day; --send-now: send what is due now."""
    if args.send_now:
        from bot.reminders import send_reminders_now

        return send_reminders_now(app)
    day = args.today or datetime.now(_zone(app.settings.timezone)).date()
    lines = reminder_lines(app, day)
    app.out.write(texts.CLI_REMIND_TITLE.format(date=day.strftime("%d/%m/%Y"), count=len(lines)))
    app.out.write("\n" + "\n".join(lines) + ("\n" if lines else ""))
    if not lines:
        app.out.write(texts.CLI_REMIND_NONE + "\n")
    return 0


def cmd_bind(app: App, args: argparse.Namespace) -> int:
    """Bind PLATFORM:CHAT_ID to a unit (what /dangky does in a group)."""
    from knowledge.chats import AccessRecord, ChatAddress, SqlChatDirectory

    platform, _, chat_id = args.chat.partition(":")
    if not platform or not chat_id:
        raise CliError(texts.CLI_BAD_CHAT.format(value=args.chat))
    key = _unit_key(app.repository(), args.unit)
    directory = SqlChatDirectory(app.database().session_factory)
    address = ChatAddress(platform, chat_id)
    binding = directory.bind_chat(address, "private" if args.private else "group", key, by="cli")
    directory.withdraw_requests(address)
    operator = _cli_actor()
    directory.record_access(
        AccessRecord(
            platform=operator.platform,
            user_id=operator.user_id,
            action="bind_group",
            accepted=True,
            target=str(address),
            detail={"unit": key},
        )
    )
    app.out.write(texts.CLI_BOUND.format(chat=args.chat, unit=binding.unit_name) + "\n")
    return 0


DEMO_TODAY = date(2023, 3, 3)  # two days before the sample's deadline of 05/3/2023


def demo_db_path(settings: Settings) -> Path:
    """The demo's own SQLite file, rebuilt on every `giaoviec demo`."""
    return settings.data_dir / "demo.db"


def _show_reminders(app: App, day: date) -> None:
    """The reminders of `day` as the bound chats would receive them (the console's view)."""
    reminders = reminder_lines(app, day)
    if reminders:
        app.out.write(texts.REMINDERS_TODAY_TITLE.format(date=day.strftime("%d/%m/%Y")) + "\n")
        app.out.write("\n".join(reminders) + "\n\n")


def _bind_demo_groups(app: App) -> None:
    """The demo's console groups: one per unit that leads a task, so reminders have a chat."""
    from knowledge.chats import ChatAddress, SqlChatDirectory

    directory = SqlChatDirectory(app.database().session_factory)
    repo = app.repository()
    for unit in repo.list_units(include_unregistered=False):
        if unit.lead_count:
            directory.bind_chat(
                ChatAddress("console", f"nhom-{unit.key}"), "group", unit.key, by="demo"
            )


def cmd_demo(app: App, args: argparse.Namespace) -> int:
    """A fresh local database with the sample documents, a welcome, then the console chat.

    With --db the named database is used as it is (never deleted: it may be a real one).
    """
    if not args.db:
        path = demo_db_path(app.settings).resolve()
        for stale in (
            path,
            *(path.with_name(path.name + s) for s in ("-wal", "-shm", "-journal")),
        ):
            stale.unlink(missing_ok=True)
        app.close()
        app.db_url = f"sqlite:///{path}"
    # the samples as shipped: what a document does not say about itself, the demo does not add
    ingest = argparse.Namespace(paths=[SAMPLES], issued=None, review=False, quiet=True)
    cmd_ingest(app, ingest)
    counts = app.repository().counts()
    today: date = args.today or DEMO_TODAY
    welcome = texts.CLI_DEMO_WELCOME.format(
        documents=counts.documents,
        assignments=counts.assignments,
        db=app.db_url,
        today=today.strftime("%d/%m/%Y"),
    )
    questions = [texts.DEMO_QUESTION_LINE.format(question=q) for q in texts.DEMO_QUESTIONS]
    lines = [welcome, *questions, texts.DEMO_MORE, texts.CLI_DEMO_FOOTER]
    app.out.write("\n".join(lines) + "\n\n")
    _bind_demo_groups(app)
    _show_reminders(app, today)
    app.out.flush()
    return _chat(app, args, today, None)


def cmd_run(app: App, args: argparse.Namespace) -> int:
    """Run the Telegram bot until SIGTERM or Ctrl+C (bot/runtime.py wires it)."""
    from bot.runtime import cmd_run as run  # PTB is loaded only by the command that needs it

    return run(app, args)


# --- progress and reports -------------------------------------------------------------------


def _write_file(path: Path, content: bytes) -> None:
    try:
        path.write_bytes(content)
    except OSError as exc:
        if isinstance(exc, FileNotFoundError):
            detail = texts.CLI_REPORT_NO_FOLDER
        elif isinstance(exc, PermissionError):
            detail = texts.CLI_REPORT_NO_PERMISSION
        elif isinstance(exc, IsADirectoryError):
            detail = texts.CLI_REPORT_IS_FOLDER
        else:
            detail = exc.strerror or type(exc).__name__
        raise CliError(texts.CLI_REPORT_WRITE_FAILED.format(path=path, detail=detail)) from exc


def cmd_report(app: App, args: argparse.Namespace) -> int:
    """Write the progress workbook (and the chart), and print the counts by status."""
    # matplotlib and openpyxl take a while to import: only this command loads them.
    from handlers.report_files import report_chart_png, report_xlsx, scope_lines
    from knowledge.progress import STATUS_ORDER
    from knowledge.reports import build_report

    if args.xlsx is None and args.pdf is None:
        raise CliError(texts.CLI_REPORT_NEEDS_FILE)
    if args.start and args.end and args.start > args.end:
        start, end = args.start.strftime("%d/%m/%Y"), args.end.strftime("%d/%m/%Y")
        raise CliError(texts.CLI_REPORT_BAD_PERIOD.format(start=start, end=end))
    repo = app.repository()
    unit_key = _unit_key(repo, args.unit) if args.unit else None
    zone = _zone(app.settings.timezone)
    today = args.today or datetime.now(zone).date()
    report = build_report(
        app.database().session_factory,
        app.calendar(),
        today,
        start=args.start,
        end=args.end,
        unit_key=unit_key,
        soon_days=app.settings.progress.due_soon_days,
        zone=zone,
        expand_groups=True,
    )
    heading = report_heading(app)
    lines = [
        texts.CLI_REPORT_SCOPE.format(
            scope="; ".join(scope_lines(report)), today=today.strftime("%d/%m/%Y")
        )
    ]
    if args.xlsx is not None:
        _write_file(args.xlsx, report_xlsx(report, heading))
        lines.append(texts.CLI_REPORT_WRITTEN.format(path=args.xlsx, rows=len(report.rows)))
    if args.pdf is not None:
        from handlers.report_pdf import report_pdf  # fpdf2 loads only when asked

        _write_file(args.pdf, report_pdf(report, heading))
        lines.append(texts.CLI_REPORT_PDF_WRITTEN.format(path=args.pdf))
    if args.png:
        _write_file(args.png, report_chart_png(report))
        lines.append(texts.CLI_REPORT_CHART_WRITTEN.format(path=args.png))
    lines += [
        texts.CLI_REPORT_COUNT.format(
            label=texts.STATUS_LABELS[s.value], count=report.totals.get(s)
        )
        for s in STATUS_ORDER
    ]
    if report.overdue:
        lines.append(texts.CLI_REPORT_WORST)
        lines += [
            texts.CLI_REPORT_WORST_ITEM.format(
                id=row.assignment_id,
                units=", ".join(row.lead_names),
                late=texts.late_words(row.days_overdue),
                task=row.task if len(row.task) <= 60 else row.task[:59] + "…",
            )
            for row in report.overdue[:5]
        ]
    app.out.write("\n".join(lines) + "\n")
    return 0


# What `giaoviec progress ID STATUS` accepts, folded and with "-"/"_" read as spaces.
PROGRESS_WORDS: dict[str, str] = {
    **dict.fromkeys(("xong", "hoan thanh", "da hoan thanh", "done"), "done"),
    **dict.fromkeys(("dang thuc hien", "dang lam", "in progress", "in_progress"), "in_progress"),
    **dict.fromkeys(("vuong mac", "gap vuong mac", "blocked"), "blocked"),
}


def _progress_state(value: str) -> ProgressState:
    from knowledge.progress import ProgressState
    from knowledge.text import fold

    words = " ".join(fold(value).replace("-", " ").replace("_", " ").split())
    name = PROGRESS_WORDS.get(words)
    state = ProgressState(name) if name is not None else None
    if state is None:
        raise argparse.ArgumentTypeError(texts.CLI_PROGRESS_BAD_STATUS.format(value=value))
    return state


def _cli_actor() -> Actor:
    """Whoever runs the command line, by login name (the audit trail's "who")."""
    import getpass

    from knowledge.progress import Actor

    try:
        user = getpass.getuser()
    except (OSError, KeyError):  # no login name in a bare container
        user = "unknown"
    return Actor("cli", user, user)


def cmd_progress(app: App, args: argparse.Namespace) -> int:
    """Record a unit's progress on one assignment, as the office, and show its status."""
    from knowledge.db import utc_now
    from knowledge.progress import (
        ProgressError,
        ProgressState,
        SqlProgressRepository,
        status_line,
    )

    state: ProgressState = args.status
    repo = app.repository()
    view = repo.get_assignment(args.assignment)
    zone = _zone(app.settings.timezone)
    progress = SqlProgressRepository(
        app.database().session_factory,
        require_confirmation=app.settings.progress.require_confirmation,
        zone=zone,
    )
    blocked = state is ProgressState.BLOCKED
    now = utc_now()
    if args.today is not None:  # --date: the office's clock set to that day, time of day kept
        now = datetime.combine(args.today, now.astimezone(zone).timetz()).astimezone(now.tzinfo)
    try:
        stored = progress.report(
            args.assignment,
            _cli_actor(),
            state,
            now=now,
            occurrence=args.occurrence,
            percent=args.percent,
            note="" if blocked else (args.note or ""),
            reason=args.note if blocked else None,
            completed_on=args.completed,
            evidence_number=args.evidence,
        )
    except ProgressError as exc:
        raise CliError(texts.progress_problem(exc.problem.value, exc.detail)) from exc
    lines = [
        texts.CLI_PROGRESS_RECORDED.format(
            id=args.assignment, state=texts.PROGRESS_STATE_LABELS[stored.state.value]
        )
    ]
    if stored.occurrence:
        lines.append(
            texts.CLI_PROGRESS_OCCURRENCE.format(date=stored.occurrence.strftime("%d/%m/%Y"))
        )
    if stored.awaiting_confirmation:
        lines.append(texts.CLI_PROGRESS_AWAITING)
    if view is not None:
        deadline = view.deadline.due if view.deadline else None
        occurrences = view.recurrence.occurrences if view.recurrence else ()
        line = status_line(
            deadline,
            occurrences,
            progress.current([view.id]).get(view.id),
            now.astimezone(zone).date(),
            app.calendar(),
            app.settings.progress.due_soon_days,
            view.id,
        )
        label = texts.STATUS_LABELS[line.status.value]
        if line.effective_deadline:
            due = line.effective_deadline.strftime("%d/%m/%Y")
            lines.append(texts.CLI_PROGRESS_STATUS.format(status=label, deadline=due))
        else:
            lines.append(texts.CLI_PROGRESS_STATUS_NO_DEADLINE.format(status=label))
    app.out.write("\n".join(lines) + "\n")
    return 0


# --- parser ---------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every command."""
    parser = _Parser(
        prog="giaoviec",
        description="Trợ lý theo dõi nhiệm vụ được giao trong văn bản hành chính.",
    )
    parser.add_argument(
        "--db", metavar="URL", help="URL cơ sở dữ liệu (mặc định: SQLite trong thư mục dữ liệu)"
    )
    parser.add_argument(
        "--config", type=Path, metavar="TỆP", help="tệp cấu hình (mặc định: config.toml)"
    )
    parser.add_argument("--units", type=Path, metavar="TỆP", help="tệp danh mục đơn vị (.toml)")
    sub = parser.add_subparsers(dest="command", required=True, metavar="LỆNH")

    p = sub.add_parser("extract", help="trích xuất nhiệm vụ từ một văn bản")
    p.add_argument("--json", action="store_true", help="in JSON")
    p.add_argument(
        "--issued", type=_date, metavar="NGÀY", help="ngày ban hành khi văn bản không ghi"
    )
    p.add_argument("path", type=Path, metavar="TỆP")
    p.set_defaults(func=cmd_extract)

    p = sub.add_parser("ingest", help="nhập văn bản (tệp hoặc thư mục) vào cơ sở dữ liệu")
    p.add_argument(
        "--jobs",
        type=int,
        default=0,
        metavar="SỐ",
        help="số tiến trình đọc song song (mặc định: theo số lõi)",
    )
    p.add_argument(
        "--issued", type=_date, metavar="NGÀY", help="ngày ban hành khi văn bản không ghi"
    )
    p.add_argument(
        "--review", action="store_true", help="chờ văn phòng xác nhận trước khi áp dụng"
    )
    p.add_argument("--quiet", action="store_true", help="không in chi tiết")
    p.add_argument("paths", type=Path, nargs="+", metavar="TỆP_HOẶC_THƯ_MỤC")
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("list", help="liệt kê nhiệm vụ đã nhập")
    p.add_argument("--unit", metavar="ĐƠN_VỊ", help="đơn vị (chủ trì hoặc phối hợp)")
    p.add_argument("--document", metavar="SỐ", help="số văn bản, ví dụ 45/TB-UBND")
    p.add_argument("--due-before", type=_date, metavar="NGÀY", help="hạn trước ngày")
    p.add_argument("--due-after", type=_date, metavar="NGÀY", help="hạn sau ngày")
    p.add_argument("--overdue", type=_date, metavar="NGÀY", help="quá hạn tính đến ngày")
    p.add_argument("--json", action="store_true", help="mỗi dòng một đối tượng JSON")
    p.set_defaults(func=cmd_list)

    p = sub.add_parser("units", help="danh mục đơn vị: xem, thêm tên gọi khác, gộp")
    p.add_argument("--json", action="store_true", help="mỗi dòng một đối tượng JSON")
    p.add_argument("--unregistered", action="store_true", help="chỉ đơn vị chưa đăng ký")
    units_sub = p.add_subparsers(dest="units_command", metavar="LỆNH")
    a = units_sub.add_parser("alias", help="thêm tên gọi khác cho đơn vị")
    a.add_argument("unit", metavar="ĐƠN_VỊ")
    a.add_argument("alias", metavar="TÊN_KHÁC")
    m = units_sub.add_parser("merge", help="gộp đơn vị NGUỒN vào ĐÍCH")
    m.add_argument("source", metavar="NGUỒN")
    m.add_argument("target", metavar="ĐÍCH")
    units_sub.add_parser("list", help="liệt kê")
    p.set_defaults(func=cmd_units)

    p = sub.add_parser("ask", help="trả lời câu hỏi (một câu, hoặc mỗi dòng đầu vào một câu)")
    p.add_argument("--json", action="store_true", help="mỗi câu trả lời một dòng JSON")
    _add_clock(p, "ngày hôm nay khi tính hạn (ngày/tháng/năm); mặc định hôm nay")
    p.add_argument(
        "--unit", metavar="ĐƠN_VỊ", help="đơn vị của người hỏi (cho câu «đơn vị tôi ...»)"
    )
    p.add_argument(
        "question", nargs="?", metavar="CÂU_HỎI", help="câu hỏi; bỏ trống để đọc từ đầu vào chuẩn"
    )
    p.set_defaults(func=cmd_ask)

    p = sub.add_parser("chat", help="trò chuyện với trợ lý ngay trong cửa sổ dòng lệnh")
    _add_clock(p, "ngày hôm nay (ngày/tháng/năm): hạn và tin nhắc hạn; mặc định hôm nay")
    p.add_argument(
        "--unit", metavar="ĐƠN_VỊ", help="gắn cuộc trò chuyện với đơn vị này (như /dangky)"
    )
    p.set_defaults(func=cmd_chat)

    p = sub.add_parser(
        "demo", help="văn bản mẫu trong một SQLite mới (data/demo.db), rồi trò chuyện thử"
    )
    _add_clock(p, "ngày hôm nay (ngày/tháng/năm): hạn và tin nhắc hạn; mặc định 03/03/2023")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("remind", help="nhắc hạn: xem trước những gì sẽ gửi, hoặc gửi ngay")
    _add_clock(p, "ngày xem trước (ngày/tháng/năm); mặc định hôm nay")
    mode = p.add_mutually_exclusive_group(required=True)
    mode.add_argument("--dry-run", action="store_true", help="in ra, không gửi gì")
    mode.add_argument("--send-now", action="store_true", help="gửi ngay những nhắc hạn đã đến giờ")
    p.set_defaults(func=cmd_remind)

    p = sub.add_parser("bind", help="gắn một cuộc trò chuyện (NỀN_TẢNG:MÃ) với một đơn vị")
    p.add_argument("--unit", required=True, metavar="ĐƠN_VỊ", help="tên đơn vị")
    p.add_argument(
        "--chat",
        required=True,
        metavar="NỀN_TẢNG:MÃ",
        help="ví dụ telegram:-1001234567890 hoặc zalo:abc",
    )
    p.add_argument("--private", action="store_true", help="cuộc trò chuyện riêng, không phải nhóm")
    p.set_defaults(func=cmd_bind)

    p = sub.add_parser("run", help=texts.RUN_HELP)
    p.set_defaults(func=cmd_run)

    p = sub.add_parser("report", help="báo cáo tiến độ: tệp Excel và biểu đồ theo đơn vị")
    p.add_argument("--from", dest="start", type=_date, metavar="NGÀY", help="hạn từ ngày")
    p.add_argument("--to", dest="end", type=_date, metavar="NGÀY", help="hạn đến ngày")
    p.add_argument("--unit", metavar="ĐƠN_VỊ", help="chỉ nhiệm vụ đơn vị này chủ trì")
    _add_clock(p, "số liệu tính đến ngày (ngày/tháng/năm); mặc định hôm nay")
    p.add_argument("--xlsx", type=Path, metavar="TỆP", help="tệp Excel cần ghi")
    p.add_argument("--pdf", type=Path, metavar="TỆP", help="tệp PDF báo cáo cần ghi")
    p.add_argument("--png", type=Path, metavar="TỆP", help="tệp ảnh biểu đồ cần ghi")
    p.set_defaults(func=cmd_report)

    p = sub.add_parser("progress", help="cập nhật tiến độ một nhiệm vụ (xong, dang-thuc-hien...)")
    p.add_argument("assignment", type=_row_id, metavar="MÃ_VIỆC")
    p.add_argument(
        "status",
        type=_progress_state,
        metavar="TRẠNG_THÁI",
        help="xong, dang-thuc-hien hoặc vuong-mac",
    )
    p.add_argument(
        "--note", metavar="GHI_CHÚ", help="ghi chú; với vuong-mac là nội dung vướng mắc"
    )
    p.add_argument("--percent", type=int, metavar="SỐ", help="tỷ lệ hoàn thành (0-100)")
    p.add_argument("--completed", type=_date, metavar="NGÀY", help="ngày hoàn thành")
    p.add_argument("--evidence", metavar="SỐ", help="số văn bản báo cáo kết quả")
    p.add_argument("--occurrence", type=_date, metavar="NGÀY", help="kỳ của việc định kỳ")
    _add_clock(p, "ngày hôm nay khi ghi nhận và tính hạn (ngày/tháng/năm); mặc định hôm nay")
    p.set_defaults(func=cmd_progress)
    return parser


def main(
    argv: Sequence[str] | None = None,
    out: TextIO | None = None,
    err: TextIO | None = None,
    inp: TextIO | None = None,
) -> int:
    """Run one command; errors in Vietnamese on stderr with a non-zero exit."""
    out = out or sys.stdout
    err = err or sys.stderr
    parser = build_parser()
    try:
        args = _cleaned(parser.parse_args(argv))
    except UsageError as exc:
        err.write(usage_message(str(exc)) + "\n")
        return 2
    if args.config is not None and not args.config.is_file():
        err.write(texts.CLI_CONFIG_MISSING.format(path=args.config) + "\n")
        return 2
    try:
        settings = load_settings(args.config)
    except (ConfigError, OSError, UnicodeDecodeError) as exc:
        err.write(texts.CLI_CONFIG_ERROR.format(detail=exc) + "\n")
        return 2
    # Only now, past --help and usage errors: what every command needs.
    from sqlalchemy.exc import SQLAlchemyError

    from knowledge.units import example_units_path

    units_path = args.units or settings.units_file or example_units_path("huyen-truoc-2025")
    app = App(settings, args.db or settings.db_url, units_path, out, err, inp)
    try:
        result: int = args.func(app, args)
    except CliError as exc:
        err.write(f"{exc}\n")
        return 2
    except SQLAlchemyError as exc:
        # The driver's first line says what failed (no such dialect, server unreachable...).
        detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        err.write(texts.CLI_DB_ERROR.format(detail=detail) + "\n")
        return 2
    except BrokenPipeError:
        # "giaoviec list | head": the reader has what it wanted; stop writing, quietly
        _silence(out)
        return 0
    finally:
        app.close()
    return result


def _silence(stream: TextIO) -> None:
    """Point a closed pipe's descriptor at /dev/null so the exit flush does not fail again."""
    try:
        fileno = stream.fileno()
    except (AttributeError, OSError, ValueError):
        return  # not a real file (a test's StringIO)
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, fileno)
    os.close(devnull)
