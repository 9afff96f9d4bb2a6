"""The text layer of a .pdf: lines rebuilt from characters, columns and tables, stamps left out."""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from knowledge.domain import Block, DocumentText, Table
from knowledge.errors import DocumentError, DocumentProblem
from knowledge.layout import ENUMERATOR
from knowledge.legacy import (
    convert_legacy,
    detect_legacy,
)
from knowledge.text import _SPACING_TO_COMBINING, clean_line

# A page whose best page has fewer letters than this is a scan (stamps and page numbers aside).
_SCANNED_MAX_LETTERS = 40
# Horizontal gap, in points, that separates two columns on one line (about 6 mm).
_COLUMN_GAP = 18.0
_PAGE_NUMBER = re.compile(r"^\W*(?:trang\s*)?\d{1,3}(?:\s*/\s*\d{1,3})?\W*$", re.IGNORECASE)
_STAMP_LABEL = re.compile(
    r"^(?:Ký bởi|Người ký|Thời gian ký|Ngày ký|Cơ quan|Chức vụ|E-?mail)\s*:", re.IGNORECASE
)
_STAMP_SIGNER = re.compile(r"^(?:Ký bởi|Người ký)\s*:", re.IGNORECASE)
_TIMESTAMP = re.compile(
    r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2})?|\d{1,2}[./]\d{1,2}[./]\d{4}\s+\d{1,2}:\d{2}"
)
_EMAIL = re.compile(r"^\S+@\S+\.\w+$")
_VOWELS = frozenset("aeiouyAEIOUYăâêôơưĂÂÊÔƠƯ")


@dataclass
class _Line:
    """One text line of a page with its geometry (PDF points, y grows upwards)."""

    text: str
    left: float
    right: float
    top: float
    bottom: float
    # Pieces of the line split where a wide gap shows two columns: (text, left, right).
    pieces: list[tuple[str, float, float]]


def merge_spacing_accents(text: str) -> str:
    """Turn a spacing accent beside a vowel into the combining mark after that vowel.

    Some PDF producers draw an accent as its own glyph (`aoˆut`, `a´`); NFC can then fold it.
    """
    if not any(char in _SPACING_TO_COMBINING for char in text):
        return text
    chars = list(text)
    out: list[str] = []
    i = 0
    while i < len(chars):
        char = chars[i]
        mark = _SPACING_TO_COMBINING.get(char)
        if mark is not None:
            before = unicodedata.normalize("NFD", out[-1])[:1] if out else ""
            after = chars[i + 1] if i + 1 < len(chars) else ""
            if before in _VOWELS:
                out.append(mark)
                i += 1
                continue
            if unicodedata.normalize("NFD", after)[:1] in _VOWELS:
                out.extend((after, mark))
                i += 2
                continue
        out.append(char)
        i += 1
    return "".join(out)


def _page_lines(page: Any, raw: Any) -> list[_Line]:
    """Lines of a page from pdfium's character list, with boxes for layout decisions."""
    import ctypes

    textpage = page.get_textpage()
    try:
        count = textpage.count_chars()
        lines: list[_Line] = []
        chars: list[tuple[str, float, float, float, float]] = []
        rect = raw.FS_RECTF()

        def flush() -> None:
            if chars:
                line = _make_line(chars)
                if line is not None:
                    lines.append(line)
                chars.clear()

        for index in range(count):
            code = raw.FPDFText_GetUnicode(textpage, index)
            char = chr(code) if 0 < code < 0x110000 else ""
            if char in ("\n", "\r", "\x02", "\ufffe"):
                if char != "\r":
                    flush()
                continue
            if not char:
                continue
            if char.isspace() or not raw.FPDFText_GetLooseCharBox(
                textpage, index, ctypes.byref(rect)
            ):
                chars.append((" ", -1.0, -1.0, 0.0, 0.0))
                continue
            chars.append((char, rect.left, rect.right, rect.top, rect.bottom))
        flush()
        return lines
    finally:
        textpage.close()


def _make_line(chars: list[tuple[str, float, float, float, float]]) -> _Line | None:
    inked = [c for c in chars if c[1] >= 0]
    if not inked:
        return None
    pieces: list[tuple[str, float, float]] = []
    current: list[str] = []
    start = end = inked[0][1]
    previous_right: float | None = None
    for char, left, right, _top, _bottom in chars:
        if left < 0:
            current.append(" ")
            continue
        if previous_right is not None and left - previous_right > _COLUMN_GAP:
            pieces.append(("".join(current).strip(), start, end))
            current, start = [], left
        current.append(char)
        previous_right = end = right
    pieces.append(("".join(current).strip(), start, end))
    text = " ".join(piece for piece, _, _ in pieces if piece)
    return _Line(
        text=text,
        left=min(c[1] for c in inked),
        right=max(c[2] for c in inked),
        top=max(c[3] for c in inked),
        bottom=min(c[4] for c in inked),
        pieces=[p for p in pieces if p[0]],
    )


# clean_line drops soft hyphens, but in a TCVN3 text layer U+00AD is the letter ư: park it
# in a private-use character until the legacy decision is made.
_PARKED_SOFT_HYPHEN = "\ue000"


def _clean_pdf_text(text: str) -> str:
    return clean_line(merge_spacing_accents(text.replace("\u00ad", _PARKED_SOFT_HYPHEN)))


def _normalise_line(line: _Line) -> _Line:
    line.text = _clean_pdf_text(line.text)
    line.pieces = [(_clean_pdf_text(t), a, b) for t, a, b in line.pieces]
    return line


def _settle_soft_hyphens(text: str, legacy: str | None) -> str:
    if legacy is None:
        return text.replace(_PARKED_SOFT_HYPHEN, "")
    return convert_legacy(text.replace(_PARKED_SOFT_HYPHEN, "\u00ad"), legacy)


def _strip_stamps(lines: list[_Line]) -> list[_Line]:
    """Drop digital-signature stamp lines: a run of label/e-mail/time lines naming a signer."""
    keep = [True] * len(lines)
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and (
            _STAMP_LABEL.match(lines[j].text)
            or _EMAIL.match(lines[j].text)
            or _TIMESTAMP.fullmatch(lines[j].text.strip())
        ):
            j += 1
        group = lines[i:j]
        signed = any(_STAMP_SIGNER.match(line.text) for line in group)
        if signed and any(_TIMESTAMP.search(line.text) for line in group):
            keep[i:j] = [False] * (j - i)
        i = max(j, i + 1)
    return [line for line, kept in zip(lines, keep, strict=True) if kept]


def _letters(lines: Iterable[_Line]) -> int:
    return sum(1 for line in lines for char in line.text if char.isalpha())


def read_pdf(data: bytes, label: str) -> DocumentText:
    """The text blocks of a .pdf with a text layer; a scan or a broken file is a DocumentError."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if exc.err_code == raw.FPDF_ERR_PASSWORD:
            raise DocumentError(DocumentProblem.ENCRYPTED, label, "password required") from exc
        raise DocumentError(DocumentProblem.CORRUPT, label, str(exc)) from exc
    try:
        pages = []
        for index in range(len(pdf)):
            page = pdf[index]
            try:
                lines = [_normalise_line(line) for line in _page_lines(page, raw)]
            finally:
                page.close()
            pages.append(_strip_stamps([line for line in lines if line.text]))
    finally:
        pdf.close()
    if not pages:
        raise DocumentError(DocumentProblem.CORRUPT, label, "no pages")
    if max(_letters(lines) for lines in pages) < _SCANNED_MAX_LETTERS:
        raise DocumentError(DocumentProblem.SCANNED_PDF, label, f"{len(pages)} pages, no text")
    # pypdfium2's text API gives no font names: legacy .VnTime/VNI PDFs are judged on content.
    whole = "\n".join(line.text for lines in pages for line in lines)
    legacy = detect_legacy(whole.replace(_PARKED_SOFT_HYPHEN, "\u00ad"))
    for line in (line for lines in pages for line in lines):
        line.text = _settle_soft_hyphens(line.text, legacy)
        line.pieces = [(_settle_soft_hyphens(t, legacy), a, b) for t, a, b in line.pieces]
    notes = (f"legacy:{legacy} (content)",) if legacy else ()
    return DocumentText(tuple(_pdf_blocks(pages)), "pdf", legacy, notes)


def _drop_page_numbers(lines: list[_Line]) -> list[_Line]:
    if lines and _PAGE_NUMBER.match(lines[-1].text):
        lines = lines[:-1]
    if lines and _PAGE_NUMBER.match(lines[0].text):
        lines = lines[1:]
    return lines


def _pdf_blocks(pages: list[list[_Line]]) -> list[Block]:
    """Blocks of a PDF: 2-column regions as tables, wrapped lines joined into paragraphs."""
    import statistics  # start-up: every command imports this module, only a PDF needs it

    blocks: list[Block] = []
    open_paragraph: list[str] = []
    for page_lines in pages:
        lines = _drop_page_numbers(page_lines)
        if not lines:
            continue
        text_right = max(line.right for line in lines)
        text_left = min(line.left for line in lines)
        pitches = [a.bottom - b.bottom for a, b in itertools.pairwise(lines)]
        pitch = statistics.median([p for p in pitches if p > 0] or [14.0])
        i = 0
        while i < len(lines):
            region = _column_region(lines, i, pitch)
            if region is not None:
                end, table = region
                if open_paragraph:
                    blocks.append(" ".join(open_paragraph))
                    open_paragraph = []
                blocks.append(table)
                i = end
                continue
            line = lines[i]
            previous = lines[i - 1] if i else None
            if (
                open_paragraph
                and (
                    previous is not None or open_paragraph[-1].endswith((".", ";", ":", "!", "?"))
                )
                and _starts_paragraph(line, previous, pitch)
            ):
                blocks.append(" ".join(open_paragraph))
                open_paragraph = []
            open_paragraph.append(line.text)
            em = max(line.top - line.bottom, 6.0)
            full = line.right >= text_right - 1.2 * em and line.left <= text_left + 3 * em
            if not full:
                blocks.append(" ".join(open_paragraph))
                open_paragraph = []
            i += 1
    if open_paragraph:
        blocks.append(" ".join(open_paragraph))
    return blocks


def _starts_paragraph(line: _Line, previous: _Line | None, pitch: float) -> bool:
    """Whether a line after a full-width line starts a new paragraph rather than continuing."""
    if ENUMERATOR.match(line.text):
        return True
    if previous is None:
        # First line of a page: a paragraph runs on from the page before unless that page
        # ended a sentence and this line starts like a new one.
        return not line.text[:1].islower()
    em = max(line.top - line.bottom, 6.0)
    return (
        line.top > previous.top + 1  # back up the page: the next column of a layout
        or previous.bottom - line.bottom > 1.25 * pitch  # paragraph spacing
        or line.left > previous.left + 0.8 * em  # first-line indent
    )


def _column_region(lines: list[_Line], start: int, pitch: float) -> tuple[int, Table] | None:
    """A run of lines laid out as two columns (header, signature block) from `start`, if any.

    It starts at a line split by a wide gap; lines keep joining while they are split at the
    same place or sit wholly on one side of it and follow at the usual line pitch.
    """
    first = lines[start]
    if len(first.pieces) != 2:
        return None
    split = (first.pieces[0][2] + first.pieces[1][1]) / 2
    left: list[str] = []
    right: list[str] = []
    end = start
    for index in range(start, len(lines)):
        line = lines[index]
        if index > start and lines[index - 1].bottom - line.bottom > 1.6 * pitch:
            break
        lefts = [p[0] for p in line.pieces if p[2] <= split]
        rights = [p[0] for p in line.pieces if p[1] >= split]
        if len(lefts) + len(rights) != len(line.pieces) or len(line.pieces) > 2:
            break  # a line across the split: back to full-width text
        left.extend(lefts)
        right.extend(rights)
        end = index + 1
    return end, Table(((("\n".join(left)), "\n".join(right)),))
