"""Read a notice written in a test as the product reads a .txt file, and what its tasks' leads are."""

from __future__ import annotations

from datetime import date

from knowledge.domain import Extraction
from knowledge.pipeline import extract_text
from knowledge.readers import read_bytes
from knowledge.text import fold


def extract(text: str, issued: date | None = date(2024, 3, 5)) -> Extraction:
    """`text` through the reader, the header parser and the assignment reader."""
    return extract_text(read_bytes(text.encode("utf-8"), "van-ban.txt"), issued=issued)


def leads(extraction: Extraction) -> list[list[str]]:
    """Each assignment's leads, folded."""
    return [[fold(n) for n in a.lead] for a in extraction.assignments]
