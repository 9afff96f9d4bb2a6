"""/baocao's files made in a process of their own, so a report's rows never sit in the bot."""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from datetime import date
from zoneinfo import ZoneInfo

from handlers.desks import RenderedReport
from handlers.report_files import FormalHeading
from knowledge.calendar import WorkCalendar


@dataclass(frozen=True)
class ReportJob:
    """handlers.desks.ReportFiles over a database the child opens by its URL; everything here
    is sent to the child, so it is plain data."""

    db_url: str
    calendar: WorkCalendar
    soon_days: int
    zone: ZoneInfo
    heading: FormalHeading
    expand_groups: bool = True

    def __call__(
        self,
        today: date,
        *,
        start: date | None = None,
        end: date | None = None,
        unit_key: str | None = None,
        document_ids: list[int] | None = None,
    ) -> RenderedReport:
        """The report's files, made by a child process that exits afterwards and so gives its
        memory back (a report over 100,000 assignments peaks near 300 MB). Spawned, not
        forked: nothing of the bot's memory, threads or connections goes with it."""
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
            job = pool.submit(render, self, today, start, end, unit_key, document_ids)
            return job.result()


def render(
    job: ReportJob,
    today: date,
    start: date | None,
    end: date | None,
    unit_key: str | None,
    document_ids: list[int] | None,
) -> RenderedReport:
    """Build the report and its files (in the child); the report goes back without its rows
    and with only the overdue rows a summary shows."""
    from handlers.leadership import WORST_SHOWN
    from handlers.report_files import report_chart_png, report_xlsx
    from knowledge.db import open_database
    from knowledge.reports import build_report

    database = open_database(job.db_url)
    try:
        report = build_report(
            database.session_factory,
            job.calendar,
            today,
            start=start,
            end=end,
            unit_key=unit_key,
            document_ids=document_ids,
            soon_days=job.soon_days,
            zone=job.zone,
            expand_groups=job.expand_groups,
        )
    finally:
        database.dispose()
    xlsx = report_xlsx(report, job.heading)
    chart = report_chart_png(report)
    summary = replace(report, rows=(), overdue=report.overdue[:WORST_SHOWN])
    return RenderedReport(summary, xlsx, chart)
