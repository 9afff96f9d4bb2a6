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
    # a portal item without its date still names the year it speaks of: a deadline written
    # without a year ("trước ngày 15/8") belongs there, not nowhere
    reference = header.issued or reference_date(text.lines())
    assignments = extract_assignments(text, header, issued=reference, calendar=calendar)
    return Extraction(header=header, assignments=tuple(assignments))


_FULL_DATE = re.compile(
    r"\b(?:ngày\s+)?(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*((?:19|20)\d\d)\b"
    r"|\bngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+((?:19|20)\d\d)\b",
    re.IGNORECASE,
)
_YEAR = re.compile(r"\bnăm\s+((?:19|20)\d\d)\b(?!\s*[-–/]\s*\d)", re.IGNORECASE)


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
