"""Document readers: .txt, .docx, text-layer .pdf and legacy .doc into NFC DocumentText blocks."""

from __future__ import annotations

import io
import re
import shutil
import stat
import subprocess
import tempfile
import zipfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from knowledge.domain import Block, DocumentText, Table
from knowledge.errors import DocumentError, DocumentProblem
from knowledge.layout import join_wrapped_lines, split_address_line, split_text_tables
from knowledge.legacy import (
    NotTextError,
    convert_legacy,
    decode_text,
    detect_legacy,
    font_encoding,
    has_unicode_vietnamese,
    is_capitals_font,
    looks_binary,
)
from knowledge.legacy import sample as legacy_sample
from knowledge.read_pdf import merge_spacing_accents as merge_spacing_accents
from knowledge.read_pdf import read_pdf
from knowledge.text import clean_line

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
# A .docx is a zip: its parts may unpack to far more than the file. Bound what we inflate.
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024
SOFFICE_TIMEOUT_SECONDS = 120

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
# Formats people send by mistake; named so the log says what the file was.
_OTHER_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"GIF87a", "gif"),
    (b"GIF89a", "gif"),
    (b"II*\x00", "tiff"),
    (b"MM\x00*", "tiff"),
    (b"BM", "bmp"),
    (b"RIFF", "riff"),
    (b"Rar!\x1a\x07", "rar"),
    (b"7z\xbc\xaf\x27\x1c", "7z"),
    (b"\x1f\x8b", "gzip"),
    (b"BZh", "bzip2"),
    (b"\xfd7zXZ\x00", "xz"),
    (b"\x7fELF", "elf"),
    (b"MZ", "exe"),
    (b"{\\rtf", "rtf"),
    (b"\x00\x00\x00\x0cjP  ", "jpeg2000"),
)
# Extensions that promise a binary document: text behind them is a broken download, not a notice.
_DOCUMENT_SUFFIXES = frozenset({".pdf", ".docx", ".docm", ".dotx", ".doc", ".dot"})


def read_document(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> DocumentText:
    """Read a file into DocumentText; raise DocumentError for anything that is not a document.

    The size is checked with stat before reading, so an oversized file is never loaded.
    """
    return _read(load_file(path, max_bytes=max_bytes), path.name, str(path))


def load_file(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """A file's bytes, refused (DocumentError) when missing or larger than `max_bytes`."""
    label = str(path)
    try:
        info = path.stat()
    except FileNotFoundError as exc:
        raise DocumentError(DocumentProblem.NOT_FOUND, label, "no such file") from exc
    except OSError as exc:
        raise DocumentError(DocumentProblem.NOT_FOUND, label, str(exc)) from exc
    if not stat.S_ISREG(info.st_mode):
        raise DocumentError(DocumentProblem.NOT_FOUND, label, "not a regular file")
    _check_size(info.st_size, max_bytes, label)
    try:
        with path.open("rb") as handle:
            # Never more than the limit plus one byte, even if the file grew after stat.
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        raise DocumentError(DocumentProblem.NOT_FOUND, label, str(exc)) from exc
    _check_size(len(data), max_bytes, label)
    return data


def read_bytes(
    data: bytes, filename: str, *, max_bytes: int = DEFAULT_MAX_BYTES, label: str = ""
) -> DocumentText:
    """Read a file received in chat (its bytes and the name it was sent under).

    `label` names the file in errors (a path), the file name by default.
    """
    _check_size(len(data), max_bytes, label or filename)
    return _read(data, filename, label or filename)


def _check_size(size: int, max_bytes: int, label: str) -> None:
    if size > max_bytes:
        raise DocumentError(DocumentProblem.TOO_LARGE, label, _human_size(size))
    if size == 0:
        raise DocumentError(DocumentProblem.EMPTY, label, "0 bytes")


def _human_size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    return f"{size / 1024:.0f} KB"


def _read(data: bytes, filename: str, label: str) -> DocumentText:
    """Dispatch on the content first and the file name second; wrap every library error."""
    suffix = Path(filename).suffix.lower()
    try:
        return bounded(_dispatch(data, suffix, label))
    except DocumentError:
        raise
    except Exception as exc:  # a reader library failed on a malformed file
        raise DocumentError(
            DocumentProblem.CORRUPT, label, f"{type(exc).__name__}: {exc}"[:300]
        ) from exc


def _dispatch(data: bytes, suffix: str, label: str) -> DocumentText:
    head = data[:1024]
    if b"%PDF-" in head:
        return read_pdf(data, label)
    if data.startswith(_ZIP):
        return _read_docx(data, label, "docx")
    if data.startswith(_OLE2):
        return _read_doc(data, label)
    for magic, kind in _OTHER_MAGIC:
        if data.startswith(magic):
            raise DocumentError(DocumentProblem.UNSUPPORTED_TYPE, label, kind)
    if suffix in _DOCUMENT_SUFFIXES:
        kind = "binary" if looks_binary(data) else "text"
        raise DocumentError(DocumentProblem.CORRUPT, label, f"{kind} content named {suffix}")
    return _read_txt(data, label)


# --- lines of bounded length -----------------------------------------------------------------

# The longest line (paragraph) kept as it is. Real documents stay under it (the longest seen in
# the corpora: 4,613 characters). Extraction's cost grows with the square of a paragraph's
# length, so a longer line (a file that lost its line breaks: 18 MB on one line took minutes
# and gigabytes) is split where its items and sentences begin, as the lost breaks were.
MAX_LINE_CHARS = 5_000
# A sentence of such a line longer than this is cut at spaces.
SPLIT_PIECE_CHARS = 1_000
# A piece shorter than this joins its neighbour: the lines of a split line stay few however
# the line is made ("a. a. a. ..."), so the split costs memory in proportion to its length.
MIN_PIECE_CHARS = 100
# Before an item marker ("2.", "2.1.", "b)", "II.", "-", "+") that follows a sentence's end,
# and before "Nơi nhận:", where a document's body ends.
_ITEM_BREAK = re.compile(
    r"(?<=[.;:!?…])\s+(?=(?:\d{1,3}(?:\.\d{1,3})*[.)]|[a-zđ]\)|[IVXL]{1,6}\.|[-+•–])\s"
    r"|(?i:nơi nhận)\s*:)"
)
_SENTENCE_BREAK = re.compile(r"(?<=[.;!?…])\s+")
_WORD = re.compile(r"\S+")


def split_long_line(line: str) -> list[str]:
    """`line` as lines of at most MAX_LINE_CHARS characters: unchanged when it is that short,
    else cut before its items, then at its sentences, then at spaces.

    Lazy all the way: an 18 MB line is never copied into millions of pieces at once.
    """
    if len(line) <= MAX_LINE_CHARS:
        return [line]
    return list(_join_short(_cut(line)))


def _cut(line: str) -> Iterator[str]:
    for item in _lazy_split(line, _ITEM_BREAK):
        if len(item) <= MAX_LINE_CHARS:
            yield item
            continue
        for sentence in _lazy_split(item, _SENTENCE_BREAK):
            if len(sentence) <= SPLIT_PIECE_CHARS:
                yield sentence
            else:
                yield from _words_up_to(sentence, SPLIT_PIECE_CHARS)


def _lazy_split(text: str, pattern: re.Pattern[str]) -> Iterator[str]:
    """pattern.split(text), one piece at a time."""
    start = 0
    for match in pattern.finditer(text):
        yield text[start : match.start()]
        start = match.end()
    yield text[start:]


def _words_up_to(text: str, limit: int) -> Iterator[str]:
    """`text` cut at spaces into pieces of at most `limit` characters (a longer word is cut)."""
    start = end = -1
    for match in _WORD.finditer(text):
        if start < 0:
            start = match.start()
        elif match.end() - start > limit:
            yield text[start:end]
            start = match.start()
        end = match.end()
        while end - start > limit:
            yield text[start : start + limit]
            start += limit
    if start >= 0:
        yield text[start:end]


def _join_short(pieces: Iterable[str]) -> Iterator[str]:
    """Pieces without their edges' spaces; runs of pieces shorter than MIN_PIECE_CHARS are
    joined until they are that long, so no two short lines follow each other."""
    parts: list[str] = []
    length = 0
    for raw in pieces:
        piece = raw.strip()
        if not piece:
            continue
        if parts and len(piece) < MIN_PIECE_CHARS and length < MIN_PIECE_CHARS:
            parts.append(piece)
            length += 1 + len(piece)
            continue
        if parts:
            yield " ".join(parts)
        parts, length = [piece], len(piece)
    if parts:
        yield " ".join(parts)


def bounded(text: DocumentText) -> DocumentText:
    """`text` with every line at most MAX_LINE_CHARS long (see split_long_line); the same
    object when no line is longer."""
    if all(_short(block) for block in text.blocks):
        return text
    blocks: list[Block] = []
    for block in text.blocks:
        if isinstance(block, Table):
            rows = tuple(
                tuple("\n".join(_split_lines(cell)) for cell in row) for row in block.rows
            )
            blocks.append(Table(rows))
        elif _short(block):
            blocks.append(block)
        else:
            blocks.extend(_split_lines(block))
    notes = (*text.notes, f"split-lines:{MAX_LINE_CHARS}")
    return DocumentText(tuple(blocks), text.source_format, text.legacy_encoding, notes)


def _short(block: Block) -> bool:
    """Whether every line of the block is at most MAX_LINE_CHARS long."""
    if isinstance(block, Table):
        return all(_short(cell) for row in block.rows for cell in row)
    return len(block) <= MAX_LINE_CHARS or all(
        len(line) <= MAX_LINE_CHARS for line in block.split("\n")
    )


def _split_lines(text: str) -> list[str]:
    return [piece for line in text.split("\n") for piece in split_long_line(line)]


# --- plain text ------------------------------------------------------------------------------


def _clean_block(text: str) -> str:
    """NFC each line, collapse spaces, drop empty lines; keep line breaks inside the block."""
    lines = (clean_line(line) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def _legacy_of(notes: Iterable[str]) -> str | None:
    return next((note.split(":", 1)[1] for note in notes if note.startswith("legacy:")), None)


# What decoded random bytes look like and writing never does: almost no spaces (prose has one
# every few letters; random bytes one in 256), many symbols, or characters that failed to
# decode. Measured on a sample of the text, as the encoding is decided.
_MIN_SPACE_SHARE = 0.04
_MAX_ODD_SHARE = 0.10
_MIN_JUDGED_CHARS = 200
_ODD = re.compile(r"[^\w\s.,;:!?…'\"“”‘’()\[\]{}<>/\\|\-–—_+=*&%$#@^~`§°•·×]")


def _reads_as_writing(text: str) -> str | None:
    """None when `text` reads as writing; else what gives it away (for the log)."""
    sample = legacy_sample(text)
    if len(sample) < _MIN_JUDGED_CHARS:
        return None
    spaces = sum(sample.count(c) for c in " \n\t") / len(sample)
    odd = (len(sample) - len(_ODD.sub("", sample))) / len(sample)
    if spaces < _MIN_SPACE_SHARE or odd > _MAX_ODD_SHARE:
        return f"{spaces:.1%} spaces, {odd:.1%} symbols or undecodable characters"
    return None


def _read_txt(data: bytes, label: str) -> DocumentText:
    try:
        text, notes = decode_text(data)
    except NotTextError as exc:
        raise DocumentError(DocumentProblem.NOT_TEXT, label, str(exc)) from exc
    garbled = _reads_as_writing(text)
    if garbled is not None:
        raise DocumentError(DocumentProblem.NOT_TEXT, label, garbled)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    # a line too long is split before it is cleaned: cleaning 18 MB at once took 330 MB;
    # tables written with "|", tabs or aligned spaces are read before spaces are collapsed
    pieces = [
        part
        for raw in text.split("\n")
        for piece in split_long_line(raw)
        for part in split_address_line(piece)
    ]
    blocks = tuple(join_wrapped_lines(list(split_text_tables(pieces, clean_line))))
    if not blocks:
        raise DocumentError(DocumentProblem.EMPTY, label, "no text")
    return DocumentText(blocks, "txt", _legacy_of(notes), notes)


# --- docx ------------------------------------------------------------------------------------

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_M = "http://schemas.openxmlformats.org/officeDocument/2006/math"


def _w(tag: str) -> str:
    return f"{{{_W}}}{tag}"


# Containers whose children are read as if they were in the parent (tracked insertions,
# links, smart tags, simple fields, content controls, custom XML, bidi wrappers).
_TRANSPARENT = frozenset(
    _w(tag)
    for tag in (
        "ins", "hyperlink", "smartTag", "fldSimple", "customXml", "sdt", "sdtContent",
        "moveTo", "dir", "bdo",
    )
)  # fmt: skip
# Deleted or moved-away text, properties, field codes: never part of the reading text.
_SKIPPED = frozenset(
    _w(tag) for tag in ("del", "moveFrom", "pPr", "rPr", "delText", "instrText", "sdtPr")
)
_FONT_ATTRIBUTES = tuple(_w(name) for name in ("ascii", "hAnsi", "cs"))
_THEME_ATTRIBUTES = tuple(_w(name) for name in ("asciiTheme", "hAnsiTheme", "cstheme"))
# The font a run has when its rFonts name only a theme font: never a legacy font.
_THEME_FONT = "+theme"


class _Fonts:
    """A run's font: its own rFonts, else its character style, paragraph style, defaults."""

    def __init__(self, styles: Any) -> None:
        self._styles: dict[str, tuple[str | None, str | None]] = {}
        self._default_paragraph: str | None = None
        self._defaults: str | None = None
        if styles is None:
            return
        defaults = styles.find(f"{_w('docDefaults')}/{_w('rPrDefault')}/{_w('rPr')}")
        self._defaults = self.rpr_font(defaults)
        for style in styles.iter(_w("style")):
            style_id = style.get(_w("styleId"))
            if not style_id:
                continue
            based = style.find(_w("basedOn"))
            self._styles[style_id] = (
                self.rpr_font(style.find(_w("rPr"))),
                based.get(_w("val")) if based is not None else None,
            )
            if style.get(_w("type")) == "paragraph" and style.get(_w("default")) in ("1", "true"):
                self._default_paragraph = style_id

    @staticmethod
    def rpr_font(rpr: Any) -> str | None:
        """The font an rPr names: a legacy one if any script names it, else the first named."""
        if rpr is None:
            return None
        fonts = rpr.find(_w("rFonts"))
        if fonts is None:
            return None
        names: list[str] = [str(fonts.get(a)) for a in _FONT_ATTRIBUTES if fonts.get(a)]
        legacy = next((name for name in names if font_encoding(name)), None)
        if legacy or names:
            return legacy or names[0]
        if any(fonts.get(attr) for attr in _THEME_ATTRIBUTES):
            return _THEME_FONT
        return None

    def style_font(self, style_id: str | None) -> str | None:
        """The first font named along a style's basedOn chain."""
        seen: set[str] = set()
        while style_id and style_id not in seen:
            seen.add(style_id)
            font, based = self._styles.get(style_id, (None, None))
            if font:
                return str(font)
            style_id = based
        return None

    def run_font(self, run: Any, paragraph_style: str | None) -> str | None:
        """The effective font name of a w:r element inside a paragraph of `paragraph_style`."""
        rpr = run.find(_w("rPr"))
        font = self.rpr_font(rpr)
        if font:
            return font
        if rpr is not None:
            char_style = rpr.find(_w("rStyle"))
            if char_style is not None and (font := self.style_font(char_style.get(_w("val")))):
                return font
        return self.style_font(paragraph_style or self._default_paragraph) or self._defaults


@dataclass
class _Segment:
    """Text of consecutive runs that share one encoding decision."""

    text: str
    encoding: str | None
    capitals: bool


@dataclass
class _DocxWalker:
    """Walks a WordprocessingML body in reading order over paragraphs and tables."""

    fonts: _Fonts
    converted: Counter[str] = field(default_factory=Counter)

    def body(self, container: Any) -> list[str | list[list[str]]]:
        """Blocks of a body, cell or text box: paragraph strings and tables (rows of cells)."""
        blocks: list[str | list[list[str]]] = []
        for child in container:
            tag = child.tag
            if tag == _w("p"):
                text, boxes = self.paragraph(child)
                blocks.append(text)
                blocks.extend(boxes)
            elif tag == _w("tbl"):
                blocks.append(self.table(child))
            elif tag in _TRANSPARENT:
                blocks.extend(self.body(child))
            elif tag == f"{{{_MC}}}AlternateContent":
                blocks.extend(self.body(_alternate_choice(child)))
        return blocks

    def table(self, tbl: Any) -> list[list[str]]:
        """Rows of cell texts; a merged cell gives its text once and empty cells beside it."""
        rows: list[list[str]] = []
        for tr in _children(tbl, _w("tr")):
            cells = [""] * _grid_value(tr.find(_w("trPr")), "gridBefore")
            for tc in _children(tr, _w("tc")):
                props = tc.find(_w("tcPr"))
                merge = props.find(_w("vMerge")) if props is not None else None
                continued = merge is not None and merge.get(_w("val"), "continue") == "continue"
                cells.append("" if continued else self.cell(tc))
                cells.extend([""] * (_grid_value(props, "gridSpan") - 1))
            rows.append(cells)
        return rows

    def cell(self, tc: Any) -> str:
        """A cell's paragraphs joined by newlines; a nested table gives its cells line by line."""
        lines: list[str] = []
        for block in self.body(tc):
            if isinstance(block, str):
                lines.append(block)
            else:
                lines.extend(cell for row in block for cell in row if cell.strip())
        return "\n".join(lines)

    def paragraph(self, p: Any) -> tuple[str, list[str | list[list[str]]]]:
        """A paragraph's text (legacy runs converted) and the blocks of its text boxes."""
        props = p.find(_w("pPr"))
        style = props.find(_w("pStyle")) if props is not None else None
        style_id = style.get(_w("val")) if style is not None else None
        segments: list[_Segment] = []
        boxes: list[str | list[list[str]]] = []
        for run in self._runs(p):
            text = self._run_text(run, boxes)
            if not text:
                continue
            font = self.fonts.run_font(run, style_id)
            encoding = font_encoding(font)
            if encoding and has_unicode_vietnamese(text):
                encoding = None  # a legacy font name left on text already in Unicode
            capitals = is_capitals_font(font)
            last = segments[-1] if segments else None
            if last and last.encoding == encoding and last.capitals == capitals:
                last.text += text
            else:
                segments.append(_Segment(text, encoding, capitals))
        return "".join(self._convert(segment) for segment in segments), boxes

    def _convert(self, segment: _Segment) -> str:
        if segment.encoding is None:
            return segment.text
        self.converted[segment.encoding] += len(segment.text)
        text = convert_legacy(segment.text, segment.encoding)
        return text.upper() if segment.capitals else text

    def _runs(self, node: Any) -> Iterator[Any]:
        """w:r elements of a paragraph in order, through links, insertions and fields."""
        for child in node:
            tag = child.tag
            if tag == _w("r"):
                yield child
            elif tag in _TRANSPARENT:
                yield from self._runs(child)
            elif tag == f"{{{_MC}}}AlternateContent":
                yield from self._runs(_alternate_choice(child))
            elif tag == f"{{{_M}}}oMath" or tag == f"{{{_M}}}oMathPara":
                yield from child.iter(f"{{{_M}}}r")

    def _run_text(self, run: Any, boxes: list[str | list[list[str]]]) -> str:
        parts: list[str] = []
        for child in run:
            tag = child.tag
            if tag in (_w("t"), f"{{{_M}}}t"):
                parts.append(child.text or "")
            elif tag == _w("tab"):
                parts.append("\t")
            elif tag in (_w("br"), _w("cr")):
                parts.append("\n")
            elif tag == _w("softHyphen"):
                # In a TCVN3 run this is the letter ư (byte 0xAD); elsewhere it is dropped later.
                parts.append("\u00ad")
            elif tag == _w("noBreakHyphen"):
                parts.append("-")
            elif tag in (_w("drawing"), _w("pict"), f"{{{_MC}}}AlternateContent"):
                boxes.extend(self._text_boxes(child))
        return "".join(parts)

    def _text_boxes(self, node: Any) -> list[str | list[list[str]]]:
        if node.tag == f"{{{_MC}}}AlternateContent":
            node = _alternate_choice(node)
        blocks: list[str | list[list[str]]] = []
        for box in node.iter(_w("txbxContent")):
            if not any(a.tag == _w("txbxContent") for a in box.iterancestors()):
                blocks.extend(self.body(box))
        return blocks


def _alternate_choice(node: Any) -> Any:
    """The first mc:Choice of an mc:AlternateContent (its mc:Fallback repeats the same text)."""
    choice = node.find(f"{{{_MC}}}Choice")
    if choice is None:
        choice = node.find(f"{{{_MC}}}Fallback")
    return choice if choice is not None else ()


def _children(node: Any, tag: str) -> Iterator[Any]:
    """Children with `tag`, looking through content controls and custom XML wrappers."""
    for child in node:
        if child.tag == tag:
            yield child
        elif child.tag in _TRANSPARENT:
            yield from _children(child, tag)


def _grid_value(props: Any, name: str) -> int:
    if props is None:
        return 0 if name != "gridSpan" else 1
    element = props.find(_w(name))
    default = 1 if name == "gridSpan" else 0
    if element is None:
        return default
    try:
        return max(default, min(int(element.get(_w("val"), default)), 64))
    except ValueError:
        return default


def _check_zip(data: bytes, label: str) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise DocumentError(DocumentProblem.CORRUPT, label, f"bad zip: {exc}") from exc
    names = set(archive.namelist())
    if "word/document.xml" not in names:
        kind = "xlsx" if "xl/workbook.xml" in names else "zip"
        raise DocumentError(DocumentProblem.UNSUPPORTED_TYPE, label, kind)
    if sum(info.file_size for info in archive.infolist()) > MAX_UNZIPPED_BYTES:
        raise DocumentError(DocumentProblem.TOO_LARGE, label, "unzipped parts too large")
    bad = archive.testzip()
    if bad is not None:
        raise DocumentError(DocumentProblem.CORRUPT, label, f"bad zip member {bad}")
    return archive


def _read_docx(data: bytes, label: str, source_format: str) -> DocumentText:
    import docx
    from docx.oxml import parse_xml

    archive = _check_zip(data, label)
    try:
        document = docx.Document(io.BytesIO(data))
        body = document.element.body
        styles = document.styles.element
    except ValueError:
        # python-docx refuses macro-enabled and template packages; their XML is the same.
        root = parse_xml(archive.read("word/document.xml"))
        body = root.find(_w("body"))
        names = archive.namelist()
        styles = parse_xml(archive.read("word/styles.xml")) if "word/styles.xml" in names else None
    if body is None:
        raise DocumentError(DocumentProblem.CORRUPT, label, "no document body")
    walker = _DocxWalker(_Fonts(styles))
    raw = walker.body(body)
    notes: list[str] = []
    legacy = walker.converted.most_common(1)[0][0] if walker.converted else None
    by_content: str | None = None
    if legacy:
        notes.append(f"legacy:{legacy} (font)")
    else:
        # A legacy font whose name we do not know: judge the whole text, convert non-Unicode parts.
        by_content = legacy = detect_legacy("\n".join(_raw_strings(raw)))
        if by_content:
            notes.append(f"legacy:{by_content} (content)")
    blocks = _finish_blocks(raw, _content_converter(by_content))
    if not blocks:
        raise DocumentError(DocumentProblem.EMPTY, label, "no text in document")
    return DocumentText(blocks, source_format, legacy, tuple(notes))


def _content_converter(encoding: str | None) -> Callable[[str], str]:
    def convert(text: str) -> str:
        if encoding is None or has_unicode_vietnamese(text):
            return text
        return convert_legacy(text, encoding)

    return convert


def _raw_strings(raw: list[str | list[list[str]]]) -> Iterator[str]:
    for block in raw:
        if isinstance(block, str):
            yield block
        else:
            yield from (cell for row in block for cell in row)


def _finish_blocks(
    raw: list[str | list[list[str]]], convert: Callable[[str], str]
) -> tuple[Block, ...]:
    blocks: list[Block] = []
    for block in raw:
        if isinstance(block, str):
            text = _clean_block(convert(block))
            if text:
                blocks.append(text)
            continue
        rows = [tuple(_clean_block(convert(cell)) for cell in row) for row in block]
        rows = [row for row in rows if any(row)]
        if rows:
            blocks.append(Table(tuple(rows)))
    return tuple(blocks)


# --- legacy .doc -----------------------------------------------------------------------------


def _read_doc(data: bytes, label: str) -> DocumentText:
    """Convert an OLE2 Word file with LibreOffice (`soffice --convert-to docx`) and read that."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise DocumentError(DocumentProblem.LEGACY_DOC_NEEDS_LIBREOFFICE, label, "no soffice")
    with tempfile.TemporaryDirectory(prefix="giaoviec-doc-") as tmp:
        source = Path(tmp) / "input.doc"
        source.write_bytes(data)
        out = Path(tmp) / "out"
        command = [
            soffice,
            # A private profile: a running LibreOffice would otherwise take the job and ignore it.
            f"-env:UserInstallation={(Path(tmp) / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "docx",
            "--outdir",
            str(out),
            str(source),
        ]
        try:
            result = subprocess.run(
                command, capture_output=True, timeout=SOFFICE_TIMEOUT_SECONDS, check=False
            )
        except subprocess.TimeoutExpired as exc:
            raise DocumentError(DocumentProblem.CORRUPT, label, "soffice timed out") from exc
        except OSError as exc:
            raise DocumentError(
                DocumentProblem.LEGACY_DOC_NEEDS_LIBREOFFICE, label, str(exc)
            ) from exc
        converted = out / "input.docx"
        if not converted.is_file():
            detail = result.stderr.decode("utf-8", "replace")[-300:] or f"exit {result.returncode}"
            raise DocumentError(DocumentProblem.CORRUPT, label, f"soffice failed: {detail}")
        return _read_docx(converted.read_bytes(), label, "doc")
