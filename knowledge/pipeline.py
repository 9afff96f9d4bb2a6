"""From a file to its header and assignments: read, parse the header, extract."""

from __future__ import annotations

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
    assignments = extract_assignments(text, header, issued=header.issued, calendar=calendar)
    return Extraction(header=header, assignments=tuple(assignments))


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
