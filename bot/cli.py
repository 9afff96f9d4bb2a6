"""The `giaoviec` command line: extract, ingest, list, units, ask, chat, demo."""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TextIO
from zoneinfo import ZoneInfo

from bot import collector, dbcli
from bot import texts as bot_texts
from bot.config import ConfigError, Settings, load_settings
from bot.documents_cli import (
    cmd_extract,
    cmd_ingest,
    cmd_list,
    cmd_units,
    deadline_json,
    unit_key_named,
)
from bot.progress_cli import cli_actor, cmd_progress, cmd_report, progress_state
from bot.wiring import (
    CONSOLE_ADMIN,
    App,
    CliError,
    office_zone,
    reminder_rules,
    report_desk,
    router_for,
    short_services_for,
)
from handlers import texts
from knowledge.text import clean_text

# Start-up: `giaoviec --help` imports nothing beyond this; each command imports what it needs
# (SQLAlchemy, the answering chain, readers, openpyxl...) inside its function.
if TYPE_CHECKING:
    from handlers.answering import Answer
    from handlers.router import Router
    from knowledge.repository import (
        AssignmentView,
        DocumentRepository,
    )


VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
SAMPLES = Path(__file__).resolve().parent.parent / "samples"


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
    parser.add_argument(
        "--date", dest="today", type=_date, metavar=bot_texts.METAVAR_NGAY, help=help_text
    )
    parser.add_argument("--today", dest="today", type=_date, help=argparse.SUPPRESS)


# --- commands -------------------------------------------------------------------------------


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

    services = short_services_for(app)
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
    for number, question in enumerate(questions):
        if number:
            collector.resume()  # the first question imported what answering needs
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

    today = args.today or datetime.now(office_zone(app.settings.timezone)).date()
    if is_terminal(app.inp or sys.stdin):
        app.out.write(texts.CONSOLE_WELCOME.format(today=today.strftime("%d/%m/%Y")) + "\n")
    _show_reminders(app, today)
    return _chat(app, args, today, args.unit)


def reminder_lines(app: App, day: date) -> list[str]:
    """What would be sent on `day`, one line per reminder: when, to whom, what.

    The planner says what the day asks for, as a tick would (nothing is written).
    """
    from handlers.reminders import ReminderRenderer
    from knowledge.chats import SqlChatDirectory
    from scheduler.ledger import LedgerEntry, ReminderLedger
    from scheduler.planner import ReminderPlanner
    from scheduler.source import DirectoryRecipients, SqlSnapshotSource

    rules = reminder_rules(app)
    zone = office_zone(app.settings.timezone)
    start = datetime.combine(day, datetime.min.time(), zone)
    end = start + timedelta(days=1) - timedelta(microseconds=1)
    database = app.database()
    repo = app.repository()
    recipients = DirectoryRecipients(SqlChatDirectory(database.session_factory))

    class DayClock:
        def now(self) -> datetime:
            return end

    planner = ReminderPlanner(
        ReminderLedger(database.session_factory),
        SqlSnapshotSource(database.session_factory, DayClock(), zone=rules.zone),
        lambda: recipients,
        rules,
        app.calendar(),
    )
    wanted = planner.wanted(start, end)
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
    day = args.today or datetime.now(office_zone(app.settings.timezone)).date()
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
    key = unit_key_named(app.repository(), args.unit)
    directory = SqlChatDirectory(app.database().session_factory)
    address = ChatAddress(platform, chat_id)
    binding = directory.bind_chat(address, "private" if args.private else "group", key, by="cli")
    directory.withdraw_requests(address)
    operator = cli_actor()
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


# --- parser ---------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every command."""
    parser = _Parser(
        prog="giaoviec",
        description=bot_texts.HELP_DESCRIPTION,
    )
    parser.add_argument("--db", metavar="URL", help=bot_texts.HELP_OPTION_DB)
    parser.add_argument(
        "--config", type=Path, metavar=bot_texts.METAVAR_TEP, help=bot_texts.HELP_OPTION_CONFIG
    )
    parser.add_argument(
        "--units", type=Path, metavar=bot_texts.METAVAR_TEP, help=bot_texts.HELP_OPTION_UNITS
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar=bot_texts.METAVAR_LENH)

    p = sub.add_parser("extract", help=bot_texts.HELP_EXTRACT)
    p.add_argument("--json", action="store_true", help="in JSON")
    p.add_argument(
        "--issued", type=_date, metavar=bot_texts.METAVAR_NGAY, help=bot_texts.HELP_EXTRACT_ISSUED
    )
    p.add_argument("path", type=Path, metavar=bot_texts.METAVAR_TEP)
    p.set_defaults(func=cmd_extract)

    p = sub.add_parser("ingest", help=bot_texts.HELP_INGEST)
    p.add_argument(
        "--jobs",
        type=int,
        default=0,
        metavar=bot_texts.METAVAR_SO,
        help=bot_texts.HELP_INGEST_JOBS,
    )
    p.add_argument(
        "--issued", type=_date, metavar=bot_texts.METAVAR_NGAY, help=bot_texts.HELP_EXTRACT_ISSUED
    )
    p.add_argument("--review", action="store_true", help=bot_texts.HELP_INGEST_REVIEW)
    p.add_argument("--quiet", action="store_true", help=bot_texts.HELP_INGEST_QUIET)
    p.add_argument("paths", type=Path, nargs="+", metavar=bot_texts.METAVAR_TEP_HOAC_THU_MUC)
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("list", help=bot_texts.HELP_LIST)
    p.add_argument("--unit", metavar=bot_texts.METAVAR_DON_VI, help=bot_texts.HELP_LIST_UNIT)
    p.add_argument("--document", metavar=bot_texts.METAVAR_SO, help=bot_texts.HELP_LIST_DOCUMENT)
    p.add_argument(
        "--due-before",
        type=_date,
        metavar=bot_texts.METAVAR_NGAY,
        help=bot_texts.HELP_LIST_DUE_BEFORE,
    )
    p.add_argument(
        "--due-after",
        type=_date,
        metavar=bot_texts.METAVAR_NGAY,
        help=bot_texts.HELP_LIST_DUE_AFTER,
    )
    p.add_argument(
        "--overdue", type=_date, metavar=bot_texts.METAVAR_NGAY, help=bot_texts.HELP_LIST_OVERDUE
    )
    p.add_argument("--json", action="store_true", help=bot_texts.HELP_LIST_JSON)
    p.set_defaults(func=cmd_list)

    p = sub.add_parser("units", help=bot_texts.HELP_UNITS)
    p.add_argument("--json", action="store_true", help=bot_texts.HELP_LIST_JSON)
    p.add_argument("--unregistered", action="store_true", help=bot_texts.HELP_UNITS_UNREGISTERED)
    units_sub = p.add_subparsers(dest="units_command", metavar=bot_texts.METAVAR_LENH)
    a = units_sub.add_parser("alias", help=bot_texts.HELP_UNITS_ALIAS)
    a.add_argument("unit", metavar=bot_texts.METAVAR_DON_VI)
    a.add_argument("alias", metavar=bot_texts.METAVAR_TEN_KHAC)
    m = units_sub.add_parser("merge", help=bot_texts.HELP_UNITS_MERGE)
    m.add_argument("source", metavar=bot_texts.METAVAR_NGUON)
    m.add_argument("target", metavar=bot_texts.METAVAR_DICH)
    units_sub.add_parser("list", help=bot_texts.HELP_UNITS_LIST)
    p.set_defaults(func=cmd_units)

    p = sub.add_parser("ask", help=bot_texts.HELP_ASK)
    p.add_argument("--json", action="store_true", help=bot_texts.HELP_ASK_JSON)
    _add_clock(p, bot_texts.HELP_ASK_DATE)
    p.add_argument("--unit", metavar=bot_texts.METAVAR_DON_VI, help=bot_texts.HELP_ASK_UNIT)
    p.add_argument(
        "question", nargs="?", metavar=bot_texts.METAVAR_CAU_HOI, help=bot_texts.HELP_ASK_QUESTION
    )
    p.set_defaults(func=cmd_ask)

    p = sub.add_parser("chat", help=bot_texts.HELP_CHAT)
    _add_clock(p, bot_texts.HELP_CHAT_DATE)
    p.add_argument("--unit", metavar=bot_texts.METAVAR_DON_VI, help=bot_texts.HELP_CHAT_UNIT)
    p.set_defaults(func=cmd_chat)

    p = sub.add_parser("demo", help=bot_texts.HELP_DEMO)
    _add_clock(p, bot_texts.HELP_DEMO_DATE)
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("remind", help=bot_texts.HELP_REMIND)
    _add_clock(p, bot_texts.HELP_REMIND_DATE)
    mode = p.add_mutually_exclusive_group(required=True)
    mode.add_argument("--dry-run", action="store_true", help=bot_texts.HELP_REMIND_DRY_RUN)
    mode.add_argument("--send-now", action="store_true", help=bot_texts.HELP_REMIND_SEND_NOW)
    p.set_defaults(func=cmd_remind)

    p = sub.add_parser("bind", help=bot_texts.HELP_BIND)
    p.add_argument(
        "--unit", required=True, metavar=bot_texts.METAVAR_DON_VI, help=bot_texts.HELP_BIND_UNIT
    )
    p.add_argument(
        "--chat",
        required=True,
        metavar=bot_texts.METAVAR_NEN_TANG_MA,
        help=bot_texts.HELP_BIND_CHAT,
    )
    p.add_argument("--private", action="store_true", help=bot_texts.HELP_BIND_PRIVATE)
    p.set_defaults(func=cmd_bind)

    p = sub.add_parser("run", help=texts.RUN_HELP)
    p.set_defaults(func=cmd_run)

    p = sub.add_parser("report", help=bot_texts.HELP_REPORT)
    p.add_argument(
        "--from",
        dest="start",
        type=_date,
        metavar=bot_texts.METAVAR_NGAY,
        help=bot_texts.HELP_REPORT_FROM,
    )
    p.add_argument(
        "--to",
        dest="end",
        type=_date,
        metavar=bot_texts.METAVAR_NGAY,
        help=bot_texts.HELP_REPORT_TO,
    )
    p.add_argument("--unit", metavar=bot_texts.METAVAR_DON_VI, help=bot_texts.HELP_REPORT_UNIT)
    _add_clock(p, bot_texts.HELP_REPORT_DATE)
    p.add_argument(
        "--xlsx", type=Path, metavar=bot_texts.METAVAR_TEP, help=bot_texts.HELP_REPORT_XLSX
    )
    p.add_argument(
        "--pdf", type=Path, metavar=bot_texts.METAVAR_TEP, help=bot_texts.HELP_REPORT_PDF
    )
    p.add_argument(
        "--png", type=Path, metavar=bot_texts.METAVAR_TEP, help=bot_texts.HELP_REPORT_PNG
    )
    p.set_defaults(func=cmd_report)

    p = sub.add_parser("progress", help=bot_texts.HELP_PROGRESS)
    p.add_argument("assignment", type=_row_id, metavar=bot_texts.METAVAR_MA_VIEC)
    p.add_argument(
        "status",
        type=progress_state,
        metavar=bot_texts.METAVAR_TRANG_THAI,
        help=bot_texts.HELP_PROGRESS_STATUS,
    )
    p.add_argument("--note", metavar=bot_texts.METAVAR_GHI_CHU, help=bot_texts.HELP_PROGRESS_NOTE)
    p.add_argument(
        "--percent", type=int, metavar=bot_texts.METAVAR_SO, help=bot_texts.HELP_PROGRESS_PERCENT
    )
    p.add_argument(
        "--completed",
        type=_date,
        metavar=bot_texts.METAVAR_NGAY,
        help=bot_texts.HELP_PROGRESS_COMPLETED,
    )
    p.add_argument(
        "--evidence", metavar=bot_texts.METAVAR_SO, help=bot_texts.HELP_PROGRESS_EVIDENCE
    )
    p.add_argument(
        "--occurrence",
        type=_date,
        metavar=bot_texts.METAVAR_NGAY,
        help=bot_texts.HELP_PROGRESS_OCCURRENCE,
    )
    _add_clock(p, bot_texts.HELP_PROGRESS_DATE)
    p.set_defaults(func=cmd_progress)

    dbcli.add_parser(sub)
    return parser


def main(
    argv: Sequence[str] | None = None,
    out: TextIO | None = None,
    err: TextIO | None = None,
    inp: TextIO | None = None,
) -> int:
    """Run one command; errors in Vietnamese on stderr with a non-zero exit.

    Without `argv` it is the process's own command line (the `giaoviec` script, `python -m
    bot`), and the process ends after it: what the command built is then left out of the
    collection the interpreter makes on its way out (bot/collector.py).
    """
    out = out or sys.stdout
    err = err or sys.stderr
    collector.pause()
    try:
        return _run(argv, out, err, inp)
    finally:
        collector.restore()
        if argv is None:
            collector.before_exit()


# The commands the contract's scorer starts once or twice per passage: they keep the collector
# paused through their start-up (bot/collector.py); the others collect from the start.
_PAUSED_COMMANDS = frozenset({"extract", "ingest", "ask"})


def _run(argv: Sequence[str] | None, out: TextIO, err: TextIO, inp: TextIO | None) -> int:
    parser = build_parser()
    try:
        args = _cleaned(parser.parse_args(argv))
    except UsageError as exc:
        err.write(usage_message(str(exc)) + "\n")
        return 2
    if args.command not in _PAUSED_COMMANDS:
        collector.restore()
    if args.config is not None and not args.config.is_file():
        err.write(texts.CLI_CONFIG_MISSING.format(path=args.config) + "\n")
        return 2
    try:
        settings = load_settings(args.config)
    except (ConfigError, OSError, UnicodeDecodeError) as exc:
        err.write(texts.CLI_CONFIG_ERROR.format(detail=exc) + "\n")
        return 2
    # Only now, past --help and usage errors: what every command needs.
    from knowledge.units import example_units_path

    units_path = args.units or settings.units_file or example_units_path("huyen-truoc-2025")
    app = App(settings, args.db or settings.db_url, units_path, out, err, inp)
    try:
        result: int = args.func(app, args)
    except CliError as exc:
        err.write(f"{exc}\n")
        return 2
    except BrokenPipeError:
        # "giaoviec list | head": the reader has what it wanted; stop writing, quietly
        _silence(out)
        return 0
    except Exception as exc:
        if not _is_database_error(exc):
            raise
        # The driver's first line says what failed (no such dialect, server unreachable...).
        detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        err.write(texts.CLI_DB_ERROR.format(detail=detail) + "\n")
        return 2
    finally:
        app.close()
    return result


def _is_database_error(exc: Exception) -> bool:
    """An SQLAlchemy error, told without importing SQLAlchemy: a command that never opened
    the database (`extract`) cannot raise one, and importing it costs a tenth of a second."""
    import sqlite3  # the sqlite3 stores of short commands (knowledge.small_store, sqlite_ingest)

    if isinstance(exc, sqlite3.Error):
        return True
    sa_exc = sys.modules.get("sqlalchemy.exc")
    return sa_exc is not None and isinstance(exc, sa_exc.SQLAlchemyError)


def _silence(stream: TextIO) -> None:
    """Point a closed pipe's descriptor at /dev/null so the exit flush does not fail again."""
    try:
        fileno = stream.fileno()
    except (AttributeError, OSError, ValueError):
        return  # not a real file (a test's StringIO)
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, fileno)
    os.close(devnull)
