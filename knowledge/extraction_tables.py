"""Assignment tables: their columns, docx tables and tables in text (each cell on its own line)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from knowledge.deadlines import find_deadline, parse_deadline
from knowledge.domain import Deadline, ExtractedAssignment, Table
from knowledge.extraction_clauses import (
    _Context,
    _find_in_clause,
    _sentences,
    _strip_markup,
    _task_text,
)
from knowledge.text import fold
from knowledge.unitphrase import units_in

# --- tables -----------------------------------------------------------------------------

_TABLE_HEADER_WORDS = re.compile(
    r"^(?:stt|tt|số tt|nội dung|nhiệm vụ|công việc|cơ quan|đơn vị|chủ trì|phối hợp|"
    r"thời gian|thời hạn|ngày|tiến độ|sản phẩm|kết quả|ghi chú|số ngày|người|lãnh đạo|"
    r"dự kiến|hình thức|địa điểm|kinh phí|mốc)",
    re.IGNORECASE,
)


def _is_row_number(line: str) -> bool:
    return bool(re.fullmatch(r"\s*(?:\d{1,3}|[IVX]{1,4})\s*[.)]?\s*", line))


@dataclass
class _TableColumns:
    content: int | None = None
    lead: int | None = None
    cooperate: int | None = None
    deadline: int | None = None
    names: list[str] = field(default_factory=list)
    header_rows: int = 1


def _table_header_at(lines: list[str], i: int) -> int:
    """Number of header cells of a cell-per-line table starting at line i, or 0."""
    if not re.fullmatch(r"\s*(?:stt|tt|số tt)\s*\.?\s*", lines[i], re.IGNORECASE):
        return 0
    n = 1
    while i + n < len(lines) and n < 10:
        cell = lines[i + n]
        if len(cell) > 120 or _is_row_number(cell) or not _TABLE_HEADER_WORDS.match(cell):
            break
        n += 1
    return n if n >= 3 else 0


def _columns(header: list[str]) -> _TableColumns:
    cols = _TableColumns(names=header)
    for k, cell in enumerate(header):
        key = fold(cell)
        if "phoi hop" in key:
            cols.cooperate = k
        elif "chu tri" in key or (
            key.startswith(("co quan", "don vi", "nguoi")) and cols.lead is None
        ):
            cols.lead = k
        elif key.startswith(("thoi gian", "thoi han", "tien do", "ngay", "moc")) or (
            "hoan thanh" in key and "so ngay" not in key
        ):
            cols.deadline = k
        elif key.startswith(("noi dung", "nhiem vu", "cong viec")) and cols.content is None:
            cols.content = k
    return cols


def _task_table_columns(table: Table) -> _TableColumns | None:
    """The columns of a table whose first rows head an assignment table, else None."""
    for k, row in enumerate(table.rows[:2]):
        cols = _columns([cell.strip() for cell in row])
        if cols.content is not None and (cols.lead is not None or cols.deadline is not None):
            cols.header_rows = k + 1
            return cols
    return _inferred_columns(table)


def _inferred_columns(table: Table) -> _TableColumns | None:
    """The columns of a table without a header row, told by what their cells hold: a column of
    unit names is the lead (the next one the cooperating units), a column of dates or periods
    the deadline, the column of longest text the task. None unless it has units and a task."""
    rows = [r for r in table.rows if any(c.strip() for c in r)]
    if len(rows) < 2:
        return None
    width = max(len(r) for r in rows)

    def share(k: int, test: Callable[[str], bool]) -> float:
        cells = [r[k].strip() for r in rows if k < len(r) and r[k].strip()]
        return sum(test(c) for c in cells) / len(rows) if cells else 0.0

    units = [k for k in range(width) if share(k, _is_unit_cell) >= 0.5]
    dates = [
        k
        for k in range(width)
        if k not in units
        and share(k, lambda c: len(c) < 80 and _looks_like_deadline_cell(c)) >= 0.5
    ]
    lengths = {
        k: sum(len(r[k]) for r in rows if k < len(r)) / len(rows)
        for k in range(width)
        if k not in units and k not in dates
    }
    if not units or not lengths:
        return None
    content = max(lengths, key=lambda k: lengths[k])
    if lengths[content] < 20:
        return None
    cols = _TableColumns(names=[""] * width, header_rows=0)
    cols.content = content
    cols.lead = units[0]
    cols.cooperate = units[1] if len(units) > 1 else None
    cols.deadline = dates[-1] if dates else None
    return cols


def _docx_table(table: Table, ctx: _Context) -> None:
    """An assignment table with real cells: columns say which cell is what."""
    cols = _task_table_columns(table)
    assert cols is not None
    for n, row in enumerate(table.rows[cols.header_rows :], 1):
        cells = [_strip_markup(c).strip() for c in row]

        def cell(k: int | None, cells: list[str] = cells) -> str:
            return cells[k] if k is not None and k < len(cells) else ""

        content = cell(cols.content)
        if not content or len(re.findall(r"\w+", content)) < 2:
            continue
        number = cells[0] if cells and re.fullmatch(r"[\dIVX.]+", cells[0]) else str(n)
        lead_cell, coop_cell, due_cell = cell(cols.lead), cell(cols.cooperate), cell(cols.deadline)
        lead = _cell_units(lead_cell)
        cooperate = _cell_units(coop_cell)
        if not lead:
            lead, found_coop = _first_assignee(content.split("\n"))
            cooperate = cooperate or found_coop
        deadline = parse_deadline(due_cell, ctx.issued, ctx.calendar) if due_cell else None
        if deadline is None:
            deadline = find_deadline(content, ctx.issued, ctx.calendar)
        quote = "\n".join(c for c in dict.fromkeys(cells) if c)
        ctx.out.append(
            ExtractedAssignment(
                lead,
                cooperate,
                _task_text(content.split("\n")[0]),
                deadline,
                quote,
                f"bảng, dòng {number.strip('.')}",
            )
        )


def _cell_units(cell: str) -> tuple[str, ...]:
    """Units in a table cell; each line of a cell names its own units."""
    out: list[str] = []
    for line in cell.split("\n"):
        for name in units_in(line) or _split_names(line):
            if name not in out:
                out.append(name)
    return tuple(out)


def _split_names(cell: str) -> tuple[str, ...]:
    parts = [p.strip(" .;-") for p in re.split(r"[;\n]|,(?=\s*[A-ZĐ])", cell)]
    return tuple(p for p in parts if p)


# --- tables in text: each cell on its own line ------------------------------------------


def _text_table(lines: list[str], i: int, n_header: int, ctx: _Context) -> int:
    header = lines[i : i + n_header]
    cols = _columns(header)
    j = i + n_header
    rows: list[list[str]] = []
    while j < len(lines):
        line = lines[j]
        if _is_row_number(line):
            rows.append([line])
        elif rows:
            if re.match(r"^(?:nơi nhận|tm\.|kt\.|tl\.)", line, re.IGNORECASE):
                break
            rows[-1].append(line)
        else:
            break
        j += 1
    for row in rows:
        _table_row(row, cols, ctx)
    return j


def _table_row(row: list[str], cols: _TableColumns, ctx: _Context) -> None:
    number = row[0].strip(" .)")
    cells = [c for c in row[1:] if c.strip()]
    if not cells:
        return
    deadline: Deadline | None = None
    deadline_cells: list[str] = []
    # the deadline is the last cell(s) that read as a date or a period
    while cells:
        d = parse_deadline(cells[-1], ctx.issued, ctx.calendar)
        if (
            d is None
            or len(cells[-1]) > 80
            or not (
                _looks_like_deadline_cell(cells[-1]) or (d.due is None and len(cells[-1]) < 40)
            )
        ):
            break
        deadline = deadline or d
        deadline_cells.insert(0, cells.pop())
    # drop counted-days cells ("105 ngày") that sit before the date column
    while cells and re.fullmatch(r"[\d\s]+ngày.*|\d+", cells[-1], re.IGNORECASE):
        cells.pop()
    lead: tuple[str, ...] = ()
    cooperate: tuple[str, ...] = ()
    if cols.lead is not None:
        unit_cells = [c for c in cells[1:] if _is_unit_cell(c)]
        if unit_cells:
            lead = units_in(unit_cells[0]) or (unit_cells[0],)
            if cols.cooperate is not None:
                # each cell sits on its own line: what follows the lead are the cooperators
                cooperate = tuple(n for c in unit_cells[1:] for n in (units_in(c) or (c,)))
            cells = [c for c in cells if c not in unit_cells]
    if not cells:
        return
    # a short first line is the row's title when a longer content line follows
    content_lines = cells
    if (
        len(cells) > 1
        and len(cells[0]) < 90
        and not cells[0].endswith(".")
        and (len(cells[1]) > len(cells[0]))
    ):
        content_lines = cells[1:]
    content = "\n".join(content_lines)
    if not lead:
        lead, cooperate = _first_assignee(content_lines)
    quote = "\n".join(line for line in row[1:] if line.strip())
    if deadline is None:
        deadline = find_deadline(content, ctx.issued, ctx.calendar)
    ctx.out.append(
        ExtractedAssignment(
            lead, cooperate, _task_text(content_lines[0]), deadline, quote, f"bảng, dòng {number}"
        )
    )


def _first_assignee(lines: list[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The lead and cooperating units of the first sentence of `lines` that assigns."""
    for line in lines:
        for s_start, s_end in _sentences(line):
            found = _find_in_clause(line[s_start:s_end])
            if found and found.lead:
                return found.lead, found.cooperate
    return (), ()


def _looks_like_deadline_cell(cell: str) -> bool:
    key = fold(cell)
    return bool(
        re.search(
            r"\d{1,2}[/.-]\d{1,2}|\bquy\b|\bthang\b|\bnam \d{4}|\d{4}|thuong xuyen|hang ", key
        )
    )


def _is_unit_cell(cell: str) -> bool:
    found = units_in(cell)
    if not found:
        return False
    covered = sum(len(n) for n in found)
    return covered >= 0.6 * len(re.sub(r"[\s,;.]", "", cell)) or len(cell) < 60
