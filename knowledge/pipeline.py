"""From a file to its header and assignments: read, parse the header, extract."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from knowledge.calendar import WorkCalendar
from knowledge.domain import DocumentText, Extraction
from knowledge.extraction import extract_assignments
from knowledge.header import parse_header
from knowledge.readers import load_file, read_bytes, read_document


def extract_text(
    text: DocumentText, *, issued: date | None = None, calendar: WorkCalendar | None = None
) -> Extraction:
    """Header and assignments of a document already read.

    `issued` is used when the document's own date line is missing or has blanks.
    """
    header = parse_header(text.lines(), issued_hint=issued)
    if header.issued is None and issued is not None:
        header = replace(header, issued=issued)
    from_body = None
    if header.issued is None and header.issued_text:
        from_body = issued_from_body(text.lines(), header.issued_text)
        if from_body is not None:
            header = replace(header, issued=from_body)
    # a portal item without its date still names the year it speaks of: a deadline written
    # without a year ("trước ngày 15/8") belongs there, not nowhere
    reference = header.issued or reference_date(text.lines())
    assignments = extract_assignments(text, header, issued=reference, calendar=calendar)
    return Extraction(
        header=header, assignments=tuple(assignments), issued_from_body=from_body is not None
    )


_FULL_DATE = re.compile(
    r"\b(?:ngày\s+)?(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*((?:19|20)\d\d)\b"
    r"|\bngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+((?:19|20)\d\d)\b",
    re.IGNORECASE,
)
_YEAR = re.compile(r"\bnăm\s+((?:19|20)\d\d)\b(?!\s*[-–/]\s*\d)", re.IGNORECASE)


_MONTH_YEAR = re.compile(r"\btháng\s+(\d{1,2})\s*(?:năm|/)\s*((?:19|20)\d\d)\b", re.IGNORECASE)


def issued_from_body(lines: list[str], issued_text: str) -> date | None:
    """The issue date of a document whose date line leaves the day blank ("ngày   tháng 02 năm
    2023": a draft, or a copy published before it was signed), read from its text: the first
    full date the text gives in that month and year, the meeting or event the document
    reports on and follows within days. None when the date line names no month and year or
    the text no such date."""
    line = _MONTH_YEAR.search(issued_text)
    if line is None:
        return None
    month, year = int(line.group(1)), int(line.group(2))
    for m in _FULL_DATE.finditer("\n".join(lines)):
        day, mon, yr = (m.group(1), m.group(2), m.group(3)) if m.group(1) else m.group(4, 5, 6)
        if int(mon) == month and int(yr) == year:
            try:
                return date(year, month, int(day))
            except ValueError:
                continue
    return None


def reference_date(lines: list[str]) -> date | None:
    """The first day of the latest year a text names (in a full date or as "năm 2023"), or
    None. Stands in for a missing issue date when a deadline is written without its year: the
    first day, so that no date of that year is taken as already past."""
    text = "\n".join(lines)
    years = [int(m.group(3) or m.group(6)) for m in _FULL_DATE.finditer(text)]
    years += [int(m.group(1)) for m in _YEAR.finditer(text)]
    return date(max(years), 1, 1) if years else None


def extract_file(
    path: Path, *, issued: date | None = None, calendar: WorkCalendar | None = None
) -> tuple[DocumentText, Extraction]:
    """Read a file and extract its header and assignments (raises DocumentError)."""
    text = read_document(path)
    return text, extract_text(text, issued=issued, calendar=calendar)


@dataclass(frozen=True)
class LoadedDocument:
    """A file read once: its bytes (for the content hash), its text and what it assigns."""

    path: Path
    content: bytes
    text: DocumentText
    extraction: Extraction


def load_and_extract(
    path: Path, *, issued: date | None = None, calendar: WorkCalendar | None = None
) -> LoadedDocument:
    """Read a file's bytes once, then its text, header and assignments (raises DocumentError)."""
    content = load_file(path)
    text = read_bytes(content, path.name, label=str(path))
    return LoadedDocument(
        path, content, text, extract_text(text, issued=issued, calendar=calendar)
    )
