"""Find the tables of plain text: rows written with `|`, tabs or runs of spaces become real tables.

Portal copies, PDF text and markdown exports keep a plan's task table as lines such as
"| 1 | Rà soát hồ sơ | Phòng Nội vụ | Các xã | Tháng 6/2024 |", "1<TAB>Rà soát…<TAB>Phòng Nội
vụ", or columns aligned with spaces. A run of at least two such lines of one kind whose cell
counts mostly agree is a table; a line whose first cell is empty, or a shorter line without a row
number, continues the row above it, as a wrapped cell does. The assignment reader then reads its
rows and cells as it reads a .docx table.

Text copied out of a PDF or a narrow page is often hard-wrapped at a fixed width, each
paragraph cut into lines ("… yêu cầu Ban Quản lý các khu công nghiệp xây dựng biểu về" /
"tình hình thực hiện …"); join_wrapped_lines puts such paragraphs back together, as the PDF
reader does from the lines' geometry.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from knowledge.domain import Block, Table
from knowledge.text import fold

# A markdown rule row: "|---|:---:|", or a line of dashes drawn under a header.
_RULE_ROW = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$|^\s*[-=+_ ]{5,}\s*$")
_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
# Columns aligned with spaces: three or more spaces between two cells (two would catch justified
# text and double-spaced typing).
_SPACE_GAP = re.compile(r" {3,}")
_ROW_NUMBER = re.compile(r"^(?:\d{1,3}|[IVX]{1,4})[.)]?$")
MIN_CELLS = 3
# What starts an item rather than going on with the line above: "1.", "1.2)", "a)", "IV.", a
# bullet, "Điều 3" (the PDF reader's test too).
ENUMERATOR = re.compile(
    r"^(?:\d+(?:\.\d+)*[.)]|[a-zđ][.)]|[IVXLC]+[.)]|[-+•*–]\s|(?:Điều|Chương|Mục|Phần)\s)"
)
# A hard-wrapped text's width is at most this: a text whose lines are longer keeps its
# paragraphs whole. A line within _FULL_SLACK characters of the width reached it.
_WRAP_MAX = 130
_WRAP_MIN = 50
_FULL_SLACK = 15
_SENTENCE_END = (".", ";", ":", "!", "?")


@dataclass(frozen=True)
class _Row:
    cells: tuple[str, ...]
    kind: str  # "pipe", "tab", "space"
    starts: tuple[int, ...] = ()  # where each cell begins in the line (space-aligned rows)


def _split(line: str) -> _Row | None:
    """The cells of a line written as a table row, or None for a plain line."""
    stripped = line.strip()
    if not stripped or _RULE_ROW.match(stripped):
        return None
    if stripped.count("|") >= 2:
        inner = stripped[1:] if stripped.startswith("|") else stripped
        inner = inner[:-1] if inner.endswith("|") else inner
        cells = tuple(_BREAK.sub("\n", c).strip() for c in inner.split("|"))
        if len(cells) >= MIN_CELLS:
            return _Row(cells, "pipe")
    if "\t" in stripped:
        cells = tuple(c.strip() for c in line.rstrip().split("\t"))
        if len(cells) >= MIN_CELLS:
            return _Row(cells, "tab")
    body = line.rstrip().expandtabs()
    chunks = [(m.start(), m.group()) for m in re.finditer(r"\S+(?: {1,2}\S+)*", body)]
    indented = bool(chunks) and chunks[0][0] >= 3
    if len(chunks) >= MIN_CELLS or indented:
        return _Row(tuple(c for _, c in chunks), "space", tuple(k for k, _ in chunks))
    return None


def _aligned_rows(run: Sequence[_Row]) -> list[tuple[str, ...]] | None:
    """Rows of a table aligned with spaces: the first line's cells give the columns, every
    other line's pieces go to the column they start under; a line with nothing under the
    first column continues the row above."""
    header = run[0]
    if len(header.cells) < MIN_CELLS or header.starts[0] >= 3:
        return None
    columns = header.starts
    aligned = sum(
        1
        for row in run[1:]
        if len(row.cells) >= MIN_CELLS
        and all(any(abs(start - c) <= 2 for c in columns) for start in row.starts)
    )
    if aligned < 1:
        return None  # prose with wide gaps, not columns
    out: list[list[str]] = []
    for row in run:
        cells = [""] * len(columns)
        for start, text in zip(row.starts, row.cells, strict=True):
            k = max((i for i, c in enumerate(columns) if c <= start + 2), default=0)
            cells[k] = f"{cells[k]} {text}".strip()
        if out and not cells[0]:
            previous = out[-1]  # a wrapped line goes on with its cell's words
            for k, cell in enumerate(cells):
                if cell:
                    previous[k] = f"{previous[k]} {cell}" if previous[k] else cell
            continue
        out.append(cells)
    return [tuple(r) for r in out] if len(out) >= 2 else None


def _table_rows(run: Sequence[_Row]) -> list[tuple[str, ...]] | None:
    """The rows of one table, wrapped lines joined to the row they continue; None when fewer
    than two lines agree on a column count of at least MIN_CELLS."""
    widths = [len(r.cells) for r in run]
    width = max(set(widths), key=lambda w: (widths.count(w), w))
    if width < MIN_CELLS or widths.count(width) < 2:
        return None
    out: list[list[str]] = []
    for row in run:
        cells = [*row.cells[:width], *([""] * (width - len(row.cells)))]
        first = cells[0]
        wrapped = bool(out) and (
            (not first and any(cells))
            or (len(row.cells) < width and row.kind != "pipe" and not _ROW_NUMBER.match(first))
        )
        if wrapped:
            previous = out[-1]
            for k, cell in enumerate(cells):
                if cell:
                    previous[k] = f"{previous[k]}\n{cell}" if previous[k] else cell
            continue
        out.append(cells)
    return [tuple(r) for r in out] if len(out) >= 2 else None


def split_text_tables(
    lines: Sequence[str], clean: Callable[[str], str] = str.strip
) -> list[Block]:
    """Raw lines as blocks: each plain line cleaned, each plain-text table one Table block
    (its cells' lines cleaned by `clean`)."""
    out: list[Block] = []
    i = 0
    while i < len(lines):
        row = _split(lines[i])
        if row is None or (row.kind == "space" and not _SPACE_GAP.search(lines[i].strip())):
            out.append(clean(lines[i]))
            i += 1
            continue
        run: list[_Row] = []
        j = i
        while j < len(lines):
            if _RULE_ROW.match(lines[j]) or not lines[j].strip():
                if not run or (not lines[j].strip() and row.kind == "space"):
                    break
                j += 1  # a rule under the header, or a blank line between pipe rows
                continue
            nxt = _split(lines[j])
            if nxt is None or nxt.kind != row.kind:
                break
            run.append(nxt)
            j += 1
        rows = _aligned_rows(run) if row.kind == "space" else _table_rows(run)
        if rows is None:
            out.append(clean(lines[i]))
            i += 1
            continue
        cleaned = tuple(
            tuple("\n".join(c for c in map(clean, cell.split("\n")) if c) for cell in r)
            for r in rows
        )
        out.append(Table(cleaned))
        i = j
    return [b for b in out if not isinstance(b, str) or b]


# A portal may flatten the address and the letter's first sentence into one line: "Kính gửi: Ông
# (Bà) Hiệu trưởng các trường. Thực hiện Kế hoạch số ..., Phòng ... yêu cầu ...:". The address
# ends where a sentence that opens a letter's body begins.
_ADDRESS_THEN_BODY = re.compile(
    r"^(\s*Kính\s+gửi\s*:.*?[.;])\s+(?=(?:Thực hiện|Căn cứ|Theo|Để|Nhằm|Trên cơ sở|Sau khi|"
    r"Hiện nay|Qua|Trước tình hình|Tiếp theo|Triển khai|Ngày)\b)",
    re.IGNORECASE,
)


def split_address_line(line: str) -> list[str]:
    """The line as two when it holds the address and the body's first sentence, else as is."""
    m = _ADDRESS_THEN_BODY.match(line)
    return [m.group(1), line[m.end() :]] if m else [line]


def join_wrapped_lines(blocks: Sequence[Block]) -> list[Block]:
    """`blocks` with the lines of hard-wrapped paragraphs joined.

    The wrap width is the length a quarter of the lines reach (a paragraph left whole among
    them, longer, does not set it). The text is hard-wrapped when that width is between
    _WRAP_MIN and _WRAP_MAX characters and at least a third of its lines (four or more) end
    within _FULL_SLACK of it. Then a line that reaches the width goes on in the next one,
    unless the next starts an item (ENUMERATOR) or the line ends a sentence and the next starts
    with a capital. Tables, and text of another shape, are kept as they are.
    """
    lines = [b for b in blocks if isinstance(b, str)]
    if len(lines) < 5:
        return list(blocks)
    lengths = sorted(len(line) for line in lines)
    width = lengths[len(lengths) * 3 // 4]
    full = width - _FULL_SLACK
    near = sum(full <= n <= width + _FULL_SLACK for n in lengths)
    if not _WRAP_MIN <= width <= _WRAP_MAX or near < max(4, len(lines) // 3):
        return list(blocks)
    out: list[Block] = []
    previous = ""  # the last line read, when it reached the width and may go on
    for block in blocks:
        if not isinstance(block, str):
            out.append(block)
            previous = ""
            continue
        if previous and not _starts_paragraph(previous, block):
            out[-1] = f"{out[-1]} {block}"
        else:
            out.append(block)
        previous = block if len(block) >= full else ""
    return out


def _starts_paragraph(previous: str, line: str) -> bool:
    """Whether `line`, after a line that reached the wrap width, starts a paragraph."""
    return bool(ENUMERATOR.match(line)) or (
        previous.endswith(_SENTENCE_END) and line[:1].isupper()
    )


# --- a decision's preamble -------------------------------------------------------------------

# Nghị định 30/2020's preamble of a decision or resolution: its grounds, one a line, each
# ending in ";" or "," (copies from portals often glue the words: "Căn cứThông tư", "Xét đề
# nghịcủa"), then the action word alone.
_LEGAL_BASIS = re.compile(
    r"^(?:can cu(?!oc)|xet de ?nghi|xet to ?trinh|theo de ?nghi cua|xet ket qua)"
)
_ACTION_LINE = re.compile(r"(?:QUYẾT ĐỊNH|QUYẾT NGHỊ|CHỈ THỊ|KẾT LUẬN)\s*:")


def cut_ground(text: str, going_on: bool) -> bool | None:
    """Whether `text` is part of a decision's grounds cut across lines by the copy ("Căn cứ Luật
    Tổ chức chính" / "quyền địa phương ngày 19/6/2015;"): None when it is not; else whether the
    ground still goes on in the next line (`going_on`: the line before left one unfinished).
    A ground starts with its phrase and ends with ";" or ","; a line that starts one and ends
    with no mark at all was cut."""
    if not going_on and not _LEGAL_BASIS.match(fold(text)):
        return None
    if text.endswith((".", ":", "!", "?")):
        # "Căn cứ ..., UBND xã xây dựng kế hoạch như sau:" is an introduction, not a ground
        return False if going_on else None
    return not text.endswith((";", ","))


def is_action_line(text: str) -> bool:
    """The action word that opens a decision's articles: "QUYẾT ĐỊNH:"."""
    return _ACTION_LINE.fullmatch(text) is not None


# A portal item's byline: "Thực hiện: Thanh Loan", "Tin, ảnh: Minh Anh", "Nguồn tin: báo X".
_BYLINE = re.compile(
    r"^\s*(?:thực hiện|tin|ảnh|tin,?\s*ảnh|tin và ảnh|bài,?\s*ảnh|bài và ảnh|nguồn|nguồn tin|"
    r"tác giả|người viết|biên tập)\s*:\s*(?P<who>[^\s:;,]+(?:[ \t]+[^\s:;,]+){0,5})\s*\.?$",
    re.IGNORECASE,
)


def is_byline(text: str) -> bool:
    """Who wrote or shot a portal item, or where it was taken from: no task."""
    m = _BYLINE.match(text)
    if m is None:
        return False
    words = m["who"].split()
    return "." in m["who"] or all(w[:1].isupper() for w in words)


# A schedule entry opens with its day and a colon: "Ngày 7/6/2017: Hạn cuối các trường ...",
# "Ngày 8/7-17/7/2017: Các trường THPT nhận đơn phúc khảo ...".
_DAY = r"ngày\s+\d{1,2}(?:[\s/.\-–]+\d{1,4}){1,5}"
_SCHEDULE_DAY = re.compile(rf"^\s*(?P<day>{_DAY})\s*:", re.I)
# The word that opens such an entry, as an opening phrase of its sentence (extraction_clauses).
SCHEDULE_OPENER = rf"(?={_DAY}\s*:)ngày"


def schedule_day(text: str) -> str | None:
    """The day a schedule entry opens with ("Ngày 7/6/2017:"), the day its tasks are for; None
    for a paragraph that opens otherwise (a dateline with a comma tells when it was written)."""
    m = _SCHEDULE_DAY.match(text)
    return m["day"] if m else None
