"""`giaoviec report` and `giaoviec progress`: the progress workbook, chart and updates."""

from __future__ import annotations

import argparse
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from bot.documents_cli import unit_key_named
from bot.wiring import App, CliError, office_zone, report_heading
from handlers import texts

if TYPE_CHECKING:
    from knowledge.progress import Actor, ProgressState


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
    unit_key = unit_key_named(repo, args.unit) if args.unit else None
    zone = office_zone(app.settings.timezone)
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


def progress_state(value: str) -> ProgressState:
    """The state typed on the command line (xong, dang-thuc-hien, vuong-mac), for argparse."""
    from knowledge.progress import ProgressState
    from knowledge.text import fold

    words = " ".join(fold(value).replace("-", " ").replace("_", " ").split())
    name = PROGRESS_WORDS.get(words)
    state = ProgressState(name) if name is not None else None
    if state is None:
        raise argparse.ArgumentTypeError(texts.CLI_PROGRESS_BAD_STATUS.format(value=value))
    return state


def cli_actor() -> Actor:
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
    zone = office_zone(app.settings.timezone)
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
            cli_actor(),
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
