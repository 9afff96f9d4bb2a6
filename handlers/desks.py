"""What a turn carries besides the question: the document desk, the report desk, the page links.

Kept apart from the use cases (documents, leadership, pages) that take a Turn, so handlers/turn.py
can name its collaborators without importing the modules that import it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from handlers.access import Caller
from knowledge.calendar import WorkCalendar
from knowledge.domain import Deadline
from knowledge.reports import Report


class DocumentReview(Protocol):
    """Edits of documents held for review (knowledge.review.SqlDocumentReview)."""

    def set_lead(self, assignment_id: int, unit_key: str) -> None:
        """Make the unit the assignment's one lead."""
        ...

    def set_deadline(self, assignment_id: int, deadline: Deadline | None) -> None:
        """Replace the assignment's deadline."""
        ...

    def assignment_ids(self, document_id: int) -> list[int]:
        """The document's assignments in order."""
        ...

    def discard(self, document_id: int) -> bool:
        """Delete a document held for review."""
        ...


@dataclass(frozen=True)
class DocumentDesk:
    """What taking documents in chat needs."""

    review: DocumentReview
    calendar: WorkCalendar | None = None
    max_bytes: int = 20 * 1024 * 1024


class ReportSource(Protocol):
    """Builds a progress report (knowledge.reports.build_report, bound to the database)."""

    def __call__(
        self,
        today: date,
        *,
        start: date | None = None,
        end: date | None = None,
        unit_key: str | None = None,
        document_ids: list[int] | None = None,
    ) -> Report:
        """The report as of `today` over the scope given."""
        ...


@dataclass(frozen=True)
class RenderedReport:
    """A report's Excel file and chart, with the report they were made from, its rows left
    out and only the worst `overdue` rows kept (what a summary of it shows)."""

    report: Report
    xlsx: bytes
    chart: bytes


class ReportFiles(Protocol):
    """Builds a report and renders its files apart from the bot (bot.report_worker), so that
    a report over 100,000 assignments never sits in the bot's memory."""

    def __call__(
        self,
        today: date,
        *,
        start: date | None = None,
        end: date | None = None,
        unit_key: str | None = None,
        document_ids: list[int] | None = None,
    ) -> RenderedReport:
        """The files of the report as of `today` over the scope given."""
        ...


@dataclass(frozen=True)
class ReportDesk:
    """What leadership answers need: reports, and the renderers of the Excel file and chart;
    `files`, when given, makes /baocao's files in a process of their own."""

    build: ReportSource
    calendar: WorkCalendar
    xlsx: Callable[[Report], bytes]
    chart: Callable[[Report], bytes]
    files: ReportFiles | None = None


class PageLinks(Protocol):
    """Signed links to the web pages for one person (bot.web.links.PageSigner)."""

    def review(self, caller: Caller, document_id: int) -> str | None:
        """The review page of a document held for review; None when none can be made."""
        ...

    def progress(self, caller: Caller) -> str | None:
        """The progress page; None when none can be made."""
        ...
