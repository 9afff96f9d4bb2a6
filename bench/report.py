"""Progress report over 100,000 assignments: time and peak memory of the data, Excel and chart.

Run: .venv/bin/python bench/report.py [--docs 10000] [--assignments 100000] [--units 500]
         [--seed 2024] [--keep FILE] [--reuse] [--postgres URL [--keep-schema NAME]]
         [--today 2025-06-18] [--xlsx FILE] [--png FILE]

Builds the store in a fresh SQLite file (or, with --postgres, a fresh schema on that server,
dropped afterwards unless --keep-schema names it; --reuse then measures it again): the
generated documents of bench/answer_latency.py (500 units, deadlines
across 2024-2026) saved through SqlAlchemyDocumentRepository, then progress as units would
report it, written in bulk: 60% of the dated assignments have reports (done on time or late,
in progress, blocked), 3% ask for an extension (two in three approved), every tenth document's
first assignment recurs monthly with occurrences through 2026.

Then a fresh process (so its peak resident memory is the report's, not the build's) measures,
as of --today: knowledge.reports.build_report over everything, over one quarter and for one
unit; handlers.report_files.report_xlsx of the whole report (four sheets, the detail sheet
holding every row, written by XlsxWriter in constant-memory mode since issue 14) and
report_chart_png, and writes the detail sheet's first 20,000 rows with openpyxl write-only and
with XlsxWriter side by side (CPU time per cell). It prints each time, the rows, and the peak
RSS of that process next to its RSS after imports. Goals: the workbook in <= 10 s, peak RSS of the
measuring process <= 300 MB; the last lines say PASS or MISS, and the exit status is 1 when one
is missed.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))

from sqlalchemy import func, insert, select, text, update  # noqa: E402
from targets import postgres_target, sqlite_target  # noqa: E402

from knowledge.db import Database, analyze_after_bulk_load, open_database  # noqa: E402
from knowledge.models import AssignmentRow, OccurrenceRow  # noqa: E402
from knowledge.progress import ExtensionRow, ProgressReportRow  # noqa: E402
from knowledge.repository import SqlAlchemyDocumentRepository  # noqa: E402
from knowledge.units import UnitRegistry  # noqa: E402

TODAY = date(2025, 6, 18)
XLSX_TARGET_S = 10.0
RSS_TARGET_MB = 300.0
BATCH = 5_000


def rss_mb() -> float:
    """Peak resident memory of this process so far (ru_maxrss is in KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# --- building -------------------------------------------------------------------------------


def build_documents(database: Database, args: argparse.Namespace) -> float:
    """Save the generated documents through the repository; seconds taken."""
    from bench.answer_latency import documents, make_units

    rng = random.Random(args.seed)
    registry = UnitRegistry(make_units(rng, args.units))
    repo = SqlAlchemyDocumentRepository(database.session_factory, registry)
    repo.sync_units(registry)
    start = time.perf_counter()
    step = max(1, args.docs // 10)
    analyze_at = 100  # PostgreSQL's statistics as the store grows, as bench/answer_latency.py
    for n, built in enumerate(documents(rng, registry.units(), args.docs, args.assignments)):
        if n >= analyze_at:
            analyze_after_bulk_load(database.engine)
            analyze_at *= 2
        repo.save_extraction(built.extraction, built.body, source_name=f"doc{n}.txt")
        if (n + 1) % step == 0:
            print(f"  {n + 1:>6} documents  {time.perf_counter() - start:6.1f} s", flush=True)
    return time.perf_counter() - start


def _at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 2, 0, tzinfo=UTC)  # 09:00 in Hà Nội


def _actor(n: int) -> dict[str, Any]:
    return {"actor_platform": "telegram", "actor_user_id": str(1000 + n % 700)}


def add_progress(database: Database, seed: int) -> tuple[int, int, int]:
    """Reports, extension requests and monthly recurrences, inserted in bulk."""
    rng = random.Random(seed + 1)
    with database.session_factory() as session, session.begin():
        rows = session.execute(
            select(AssignmentRow.id, AssignmentRow.document_id, AssignmentRow.deadline).order_by(
                AssignmentRow.id
            )
        ).all()
        first_of_document: dict[int, int] = {}
        for assignment_id, document_id, _ in rows:
            first_of_document.setdefault(document_id, assignment_id)
        recurring = [a for d, a in first_of_document.items() if d % 10 == 0]
        session.execute(
            update(AssignmentRow)
            .where(AssignmentRow.id.in_(recurring))
            .values(recurrence_rule="FREQ=MONTHLY;BYMONTHDAY=20", deadline=None)
        )
        occurrences = [
            {"assignment_id": a, "due": date(year, month, 20)}
            for a in recurring
            for year in (2025, 2026)
            for month in range(1, 13)
        ]
        for start in range(0, len(occurrences), BATCH):
            session.execute(insert(OccurrenceRow), occurrences[start : start + BATCH])
        recurring_set = set(recurring)

        reports: list[dict[str, Any]] = []
        extensions: list[dict[str, Any]] = []
        for assignment_id, _, deadline in rows:
            if deadline is None or assignment_id in recurring_set:
                continue
            roll = rng.random()
            if roll < 0.60:
                reports.append(_report(rng, assignment_id, deadline))
            if 0.60 <= roll < 0.63:
                extensions.append(_extension(rng, assignment_id, deadline))
        for a in recurring:
            for month in range(1, 6):  # Jan-May 2025 reported, mostly on time
                due = date(2025, month, 20)
                done = due + timedelta(days=rng.choice((-2, -1, 0, 0, 1, 3)))
                reports.append(
                    {
                        **_report(rng, a, due),
                        "occurrence": due,
                        "state": "done",
                        "completed_on": done,
                        "percent": 100,
                        "reported_at": _at(done),
                    }
                )
        for start in range(0, len(reports), BATCH):
            session.execute(insert(ProgressReportRow), reports[start : start + BATCH])
        for start in range(0, len(extensions), BATCH):
            session.execute(insert(ExtensionRow), extensions[start : start + BATCH])
    return len(reports), len(extensions), len(recurring)


def _report(rng: random.Random, assignment_id: int, deadline: date) -> dict[str, Any]:
    state = rng.choices(("done", "in_progress", "blocked"), (0.6, 0.32, 0.08))[0]
    completed = None
    percent: int | None = None
    reported = deadline - timedelta(days=rng.randrange(1, 30))
    if state == "done":
        completed = deadline + timedelta(days=rng.choice((-10, -3, -1, 0, 0, 2, 9)))
        reported = completed
        percent = 100
    elif state == "in_progress":
        percent = rng.choice((10, 30, 50, 80))
    reported = min(reported, TODAY)
    if completed is not None and completed > TODAY:
        completed, state, percent = None, "in_progress", 90
    return {
        "assignment_id": assignment_id,
        "occurrence": None,
        "state": state,
        "percent": percent,
        "note": rng.choice(("", "đang tổng hợp số liệu", "đã trình lãnh đạo")),
        "completed_on": completed,
        "evidence_number": f"{rng.randrange(1, 300)}/BC" if state == "done" else None,
        "evidence_file": None,
        "reason": "chờ kinh phí" if state == "blocked" else None,
        "reported_at": _at(reported),
        **_actor(assignment_id),
        "actor_name": "Cán bộ đơn vị",
        "chat_id": None,
        "confirmation": "not_required",
    }


def _extension(rng: random.Random, assignment_id: int, deadline: date) -> dict[str, Any]:
    asked = deadline - timedelta(days=rng.randrange(1, 10))
    state = rng.choice(("approved", "approved", "pending"))
    return {
        "assignment_id": assignment_id,
        "occurrence": None,
        "previous_due": deadline,
        "proposed_due": deadline + timedelta(days=rng.choice((7, 15, 30))),
        "reason": "chờ hướng dẫn của cấp trên",
        "state": state,
        "requested_at": _at(asked),
        "requester_platform": "telegram",
        "requester_user_id": str(2000 + assignment_id % 300),
        "requester_name": "Cán bộ đơn vị",
        "chat_id": None,
        "decided_at": _at(asked + timedelta(days=2)) if state == "approved" else None,
        "decider_platform": "telegram" if state == "approved" else None,
        "decider_user_id": "9001" if state == "approved" else None,
        "decider_name": "Văn phòng" if state == "approved" else None,
    }


# --- measuring (in a fresh process) ---------------------------------------------------------


def measure(url: str, today: date, xlsx: str | None, png: str | None) -> dict[str, Any]:
    """Time the report steps; returns figures for the parent to print."""
    from handlers.report_files import report_chart_png, report_xlsx
    from knowledge.calendar import WorkCalendar
    from knowledge.models import UnitRow
    from knowledge.reports import build_report

    database = open_database(url)
    calendar = WorkCalendar()
    calendar.is_working_day(today)  # load the holiday tables before timing
    out: dict[str, Any] = {"rss_after_imports_mb": rss_mb()}

    def timed(label: str, run: Callable[[], Any]) -> Any:
        start, cpu = time.perf_counter(), time.process_time()
        value = run()
        out[label] = time.perf_counter() - start
        out[label.replace("_s", "_cpu_s")] = time.process_time() - cpu
        return value

    try:
        everything = timed(
            "report_all_s", lambda: build_report(database.session_factory, calendar, today)
        )
        out["rows_all"] = len(everything.rows)
        out["overdue_all"] = len(everything.overdue)
        out["units_all"] = len(everything.by_unit)
        out["documents_all"] = len(everything.by_document)
        out["rss_after_report_mb"] = rss_mb()
        quarter_start = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
        quarter_end = (quarter_start + timedelta(days=95)).replace(day=1) - timedelta(days=1)
        quarter = timed(
            "report_quarter_s",
            lambda: build_report(
                database.session_factory, calendar, today, start=quarter_start, end=quarter_end
            ),
        )
        out["rows_quarter"] = len(quarter.rows)
        del quarter
        out["rss_after_quarter_mb"] = rss_mb()
        with database.session_factory() as session:
            unit_key = session.scalar(select(UnitRow.key).order_by(UnitRow.id).limit(1))
        unit = timed(
            "report_unit_s",
            lambda: build_report(database.session_factory, calendar, today, unit_key=unit_key),
        )
        out["rows_unit"] = len(unit.rows)
        data = timed("xlsx_all_s", lambda: report_xlsx(everything))
        out["xlsx_bytes"] = len(data)
        out["rss_after_xlsx_mb"] = rss_mb()
        picture = timed("png_all_s", lambda: report_chart_png(everything))
        out["png_bytes"] = len(picture)
        if xlsx:
            Path(xlsx).write_bytes(data)
        if png:
            Path(png).write_bytes(picture)
        out["peak_rss_mb"] = rss_mb()
        # after the peak is read: the comparison's own copies must not count against it
        out["writers"] = compare_writers(everything, WRITER_ROWS)
    finally:
        database.dispose()
    return out


def measure_apart(url: str, today: date) -> dict[str, Any]:
    """/baocao as the bot makes it (bot.report_worker.ReportJob: a spawned child builds the
    report and its files): the wall time, the asking process's peak RSS and the child's."""
    from bot.report_worker import ReportJob
    from handlers.report_files import FormalHeading
    from knowledge.calendar import WorkCalendar
    from knowledge.progress import VIETNAM

    calendar = WorkCalendar()
    calendar.is_working_day(today)
    before = rss_mb()
    start = time.perf_counter()
    made = ReportJob(url, calendar, 3, VIETNAM, FormalHeading())(today)
    return {
        "apart_s": time.perf_counter() - start,
        "apart_rss_before_mb": before,
        "apart_peak_rss_mb": rss_mb(),
        "apart_child_peak_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
        "apart_xlsx_bytes": len(made.xlsx),
    }


WRITER_ROWS = 20_000


def compare_writers(report: Any, count: int) -> dict[str, float]:
    """The detail sheet's first `count` rows (values as the product computes them, one look per
    cell) written by openpyxl write-only with named styles (the writer before issue 14) and by
    XlsxWriter in constant-memory mode: CPU seconds each, and the share of computing values."""
    import io

    import xlsxwriter
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Border, Font, NamedStyle, Side

    from handlers.report_files import _DETAIL_COLUMNS

    rows = [[c.value(n, r) for c in _DETAIL_COLUMNS] for n, r in enumerate(report.rows[:count])]
    figures: dict[str, float] = {"rows": float(len(rows)), "cells": float(len(rows) * 12)}
    start = time.process_time()
    [[c.value(n, r) for c in _DETAIL_COLUMNS] for n, r in enumerate(report.rows[:count])]
    figures["values_cpu_s"] = time.process_time() - start

    start = time.process_time()
    book = Workbook(write_only=True)
    side = Side(style="thin", color="808080")
    font = Font(name="Times New Roman", size=11)
    border = Border(left=side, right=side, top=side, bottom=side)
    book.add_named_style(NamedStyle("body", font=font, border=border, alignment=Alignment()))
    book.add_named_style(NamedStyle("date", font=font, border=border, number_format="DD/MM/YYYY"))
    sheet: Any = book.create_sheet("x")
    for values in rows:
        cells = []
        for value in values:
            cell = WriteOnlyCell(sheet, value=value)
            cell.style = "date" if isinstance(value, date) else "body"
            cells.append(cell)
        sheet.append(cells)
    book.save(io.BytesIO())
    figures["openpyxl_cpu_s"] = time.process_time() - start

    start = time.process_time()
    xbook = xlsxwriter.Workbook(io.BytesIO(), {"constant_memory": True})
    look = {"font_name": "Times New Roman", "font_size": 11, "border": 1}
    body = xbook.add_format(look)
    dated = xbook.add_format({**look, "num_format": "DD/MM/YYYY"})
    xsheet = xbook.add_worksheet("x")
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            if isinstance(value, str):
                xsheet.write_string(r, c, value, body)
            elif isinstance(value, date):
                xsheet.write_datetime(r, c, value, dated)
            elif value is None:
                xsheet.write_blank(r, c, None, body)
            else:
                xsheet.write_number(r, c, value, body)
    xbook.close()
    figures["xlsxwriter_cpu_s"] = time.process_time() - start
    return figures


# --- targets --------------------------------------------------------------------------------


def _lines(figures: dict[str, Any]) -> Iterator[str]:
    def took(label: str) -> str:
        wall, cpu = figures[f"{label}_s"], figures[f"{label}_cpu_s"]
        return f"{wall:7.2f} s (CPU {cpu:6.2f} s)"

    yield (
        f"report, everything      {took('report_all')}   "
        f"{figures['rows_all']:,} rows, {figures['overdue_all']:,} overdue, "
        f"{figures['units_all']} units, {figures['documents_all']:,} documents"
    )
    yield (f"report, one quarter     {took('report_quarter')}   {figures['rows_quarter']:,} rows")
    yield (f"report, one unit        {took('report_unit')}   {figures['rows_unit']:,} rows")
    yield (f"Excel, everything       {took('xlsx_all')}   {figures['xlsx_bytes'] / 1e6:.1f} MB")
    writers = figures["writers"]
    cells = writers["cells"]
    yield (
        f"writers side by side, the first {writers['rows']:,.0f} detail rows "
        f"({cells:,.0f} cells, CPU): values {writers['values_cpu_s']:.2f} s; "
        f"openpyxl write-only {writers['openpyxl_cpu_s']:.2f} s "
        f"({writers['openpyxl_cpu_s'] / cells * 1e6:.1f} us/cell); "
        f"XlsxWriter constant_memory {writers['xlsxwriter_cpu_s']:.2f} s "
        f"({writers['xlsxwriter_cpu_s'] / cells * 1e6:.1f} us/cell)"
    )
    yield (f"chart, everything       {took('png_all')}   {figures['png_bytes'] / 1e3:.0f} kB")
    yield (
        f"/baocao as the bot makes it (bot.report_worker, a spawned child): "
        f"{figures['apart_s']:.2f} s; the asking process {figures['apart_rss_before_mb']:.0f} MB "
        f"-> peak {figures['apart_peak_rss_mb']:.0f} MB, the child's peak "
        f"{figures['apart_child_peak_mb']:.0f} MB"
    )
    yield (
        f"peak RSS of the measuring process {figures['peak_rss_mb']:.0f} MB "
        f"(after imports {figures['rss_after_imports_mb']:.0f} MB, "
        f"after the first report {figures['rss_after_report_mb']:.0f} MB, after the quarter's "
        f"{figures['rss_after_quarter_mb']:.0f} MB, after the workbook "
        f"{figures['rss_after_xlsx_mb']:.0f} MB)"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--assignments", type=int, default=100_000)
    parser.add_argument("--units", type=int, default=500)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--today", type=date.fromisoformat, default=TODAY)
    parser.add_argument("--keep", help="SQLite file to build and keep (default: temporary)")
    parser.add_argument("--reuse", action="store_true", help="measure the --keep file as it is")
    parser.add_argument("--postgres", metavar="URL", help="run on this server, in a new schema")
    parser.add_argument(
        "--keep-schema", metavar="NAME", help="with --postgres: build in this schema and keep it"
    )
    parser.add_argument("--xlsx", help="also write the workbook here")
    parser.add_argument("--png", help="also write the chart here")
    parser.add_argument("--measure", metavar="URL", help=argparse.SUPPRESS)  # the child's part
    parser.add_argument("--measure-apart", metavar="URL", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.measure:
        print(json.dumps(measure(args.measure, args.today, args.xlsx, args.png)))
        return 0
    if args.measure_apart:
        print(json.dumps(measure_apart(args.measure_apart, args.today)))
        return 0
    if args.docs < 1 or args.assignments < args.docs or args.units < 1:
        parser.error("need docs >= 1, assignments >= docs, units >= 1")

    target = (
        postgres_target(args.postgres, args.keep_schema, args.reuse)
        if args.postgres
        else sqlite_target(args.keep, args.reuse, "giaoviec-report-")
    )
    print(f"database: {target.label}")
    try:
        if not target.built:
            print(
                f"building {args.docs:,} documents, {args.assignments:,} assignments, "
                f"{args.units} units through SqlAlchemyDocumentRepository"
            )
            database = open_database(target.url)
            try:
                build_s = build_documents(database, args)
                reports, extensions, recurring = add_progress(database, args.seed)
                with database.session_factory() as session:
                    stored = session.scalar(select(func.count()).select_from(AssignmentRow))
                    if database.engine.dialect.name == "postgresql":
                        session.execute(text("ANALYZE"))  # as autovacuum would have by now
                        session.commit()
            finally:
                database.dispose()
            print(
                f"built in {build_s:.1f} s: {stored:,} assignments, {recurring:,} of them "
                f"monthly; {reports:,} progress reports, {extensions:,} extension requests"
            )
        command = [sys.executable, __file__, "--measure", target.url, "--today", str(args.today)]
        command += ["--xlsx", args.xlsx] if args.xlsx else []
        command += ["--png", args.png] if args.png else []
        child = subprocess.run(command, capture_output=True, text=True, check=False)
        if child.returncode != 0:
            sys.stderr.write(child.stderr)
            return child.returncode
        figures = json.loads(child.stdout.strip().splitlines()[-1])
        command = [sys.executable, __file__, "--measure-apart", target.url]
        child = subprocess.run(
            [*command, "--today", str(args.today)], capture_output=True, text=True, check=False
        )
        if child.returncode != 0:
            sys.stderr.write(child.stderr)
            return child.returncode
        figures.update(json.loads(child.stdout.strip().splitlines()[-1]))
    finally:
        target.cleanup()
    load = os.getloadavg()[0]
    print(f"\nas of {args.today:%d/%m/%Y}, in a fresh process (load average {load:.1f}):")
    for line in _lines(figures):
        print(line)
    checks = (
        (f"Excel, everything <= {XLSX_TARGET_S:.0f} s", figures["xlsx_all_s"] <= XLSX_TARGET_S),
        (f"peak RSS <= {RSS_TARGET_MB:.0f} MB", figures["peak_rss_mb"] <= RSS_TARGET_MB),
    )
    print()
    for label, ok in checks:
        print(f"{'PASS' if ok else 'MISS'}  {label}")
    return 0 if all(ok for _label, ok in checks) else 1


if __name__ == "__main__":
    raise SystemExit(main())
