"""Report files: the offices' Excel workbook (XlsxWriter) and a stacked bar chart (matplotlib)."""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

# The Figure API without pyplot: no global figure registry and no GUI backend on a server
# (matplotlib's recipe for web servers); savefig renders PNG with Agg.
from matplotlib import rc_context
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator
from xlsxwriter import Workbook
from xlsxwriter.format import Format

from handlers import texts
from handlers.xlsx_rows import StreamedWorksheet
from knowledge.progress import STATUS_ORDER, ProgressState, Status
from knowledge.reports import DocumentCounts, Report, ReportRow, StatusCounts, UnitCounts

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF_MIME = "application/pdf"


@dataclass(frozen=True)
class FormalHeading:
    """What makes the report a báo cáo (Nghị định 30/2020): the issuing body, its number and
    date line, and who signs (config [report])."""

    issuer: str = ""  # "UBND HUYỆN TÂN YÊN"
    parent: str = ""  # the body above it, "UBND TỈNH BẮC GIANG"; "" when none is written
    number: str = ""  # "15/BC-UBND"; "" leaves the number blank for the văn thư
    symbol: str = "BC-UBND"  # the symbol a blank number keeps
    place: str = ""  # "Tân Yên"
    authority: str = ""  # "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"
    signer_title: str = ""  # "CHỦ TỊCH", "PHÓ CHỦ TỊCH"
    signer_name: str = ""
    recipients: tuple[str, ...] = ()

    def number_line(self) -> str:
        """ "Số: 15/BC-UBND", or "Số:      /BC-UBND" left for the number."""
        number = self.number or texts.REPORT_NUMBER_BLANK.format(symbol=self.symbol)
        return texts.REPORT_NUMBER_LINE.format(number=number)

    def date_line(self, day: date) -> str:
        """ "Tân Yên, ngày 10 tháng 03 năm 2023"."""
        line = texts.REPORT_DATE_LINE if self.place else texts.REPORT_DATE_LINE_NO_PLACE
        return line.format(place=self.place, day=day.day, month=day.month, year=day.year)


PNG_MIME = "image/png"
DATE_FORMAT = "DD/MM/YYYY"

# The font the chart draws with: DejaVu Sans ships inside matplotlib and covers Vietnamese.
CHART_FONT = "DejaVu Sans"
STATUS_COLOURS: dict[Status, str] = {
    Status.DONE_ON_TIME: "#2e7d32",
    Status.DONE_LATE: "#9e9d24",
    Status.IN_PROGRESS_ON_TIME: "#1565c0",
    Status.DUE_SOON: "#f9a825",
    Status.IN_PROGRESS_OVERDUE: "#c62828",
    Status.NO_DEADLINE: "#9e9e9e",
}

# Header markers: this cell is part of the one to its left / above it (merged).
SPAN_LEFT = "\x00<"
SPAN_UP = "\x00^"

# Cell looks as XlsxWriter format properties; a workbook makes one Format per distinct look
# (_Book.format), since each add_format is a new style record in the file.
_Look = dict[str, Any]
_FONT: _Look = {"font_name": "Times New Roman", "font_size": 11}
_BORDER: _Look = {"border": 1, "border_color": "#808080"}
_TITLE_FONT: _Look = {**_FONT, "font_size": 14, "bold": True}
_SUBTITLE_FONT: _Look = {**_FONT, "font_size": 12, "bold": True}
_NOTE_FONT: _Look = {**_FONT, "font_size": 12, "italic": True}
_HEADER_FONT: _Look = {**_FONT, "bold": True}
_BODY_FONT: _Look = _FONT
_TOTAL_FONT: _Look = {**_FONT, "bold": True}
_HEADER_FILL: _Look = {"pattern": 1, "bg_color": "#DDEBF7"}
_CENTRE: _Look = {"align": "center", "valign": "vcenter", "text_wrap": True}
_LEFT: _Look = {"align": "left", "valign": "top", "text_wrap": True}
_TOP: _Look = {"valign": "top"}
_DATE_LOOK: _Look = {"num_format": DATE_FORMAT}
_RATE_LOOK: _Look = {"num_format": "0.0"}


# What an .xlsx cell cannot hold (XML 1.0 refuses these characters; openpyxl raises), and
# the most characters Excel opens in one cell.
_NOT_IN_CELLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
CELL_MAX_CHARS = 32_767


def cell_text(text: str) -> str:
    """`text` as a cell can hold it: characters XML refuses become spaces, and a text longer
    than Excel takes is cut with "…". Whatever was stored (typed in chat, read from a file),
    the report is written."""
    if _NOT_IN_CELLS.search(text):
        text = _NOT_IN_CELLS.sub(" ", text)
    if len(text) > CELL_MAX_CHARS:
        text = text[: CELL_MAX_CHARS - 1] + "…"
    return text


_LINE_HEIGHT = 15.0  # points per line of 11 pt text
# Characters of Vietnamese text in Times New Roman 11 that fit one width unit (Excel's unit is
# the width of a "0"; letters average narrower).
_CHARS_PER_WIDTH = 1.2


_HEADER_CHARS_PER_WIDTH = 1.0  # bold, and a cell's padding


def _wrapped_lines(text: str, width: float, chars_per_width: float = _CHARS_PER_WIDTH) -> int:
    """Lines `text` takes in a wrapping cell `width` units wide (an estimate: no font metrics
    are at hand, and a line too many only adds white space)."""
    per_line = max(1, int(width * chars_per_width))
    if "\n" not in text:
        return max(1, -(-len(text) // per_line))
    return sum(max(1, -(-len(part) // per_line)) for part in text.split("\n"))


def vn_number(value: int) -> str:
    """Thousands grouped with dots, as Vietnamese writes them: 95.657."""
    return f"{value:,}".replace(",", ".")


def vn_date(day: date | None) -> str:
    """dd/mm/yyyy, the way Vietnamese documents write dates; empty for None."""
    return day.strftime("%d/%m/%Y") if day else ""


def scope_lines(report: Report) -> list[str]:
    """What the report covers: its period (or everything), and its unit when it has one."""
    if report.start and report.end:
        period = texts.REPORT_PERIOD.format(start=vn_date(report.start), end=vn_date(report.end))
    elif report.start:
        period = texts.REPORT_PERIOD_FROM.format(start=vn_date(report.start))
    elif report.end:
        period = texts.REPORT_PERIOD_TO.format(end=vn_date(report.end))
    else:
        period = texts.REPORT_PERIOD_ALL
    lines = [period]
    if report.unit_key:
        lines.append(texts.REPORT_UNIT.format(unit=report.unit_name or report.unit_key))
    return lines


def document_label(
    number: str | None, type_name: str | None, issued: date | None, *, dated: bool = True
) -> str:
    """ "Thông báo số 45/TB-UBND ngày 28/02/2023"."""
    kind = type_name or texts.REPORT_DOCUMENT_KIND
    if not number or number.startswith("/"):
        return texts.REPORT_DOCUMENT_UNNUMBERED.format(kind=kind)
    if dated and issued:
        return texts.REPORT_DOCUMENT_DATED.format(kind=kind, number=number, issued=vn_date(issued))
    return texts.REPORT_DOCUMENT.format(kind=kind, number=number)


def progress_note(row: ReportRow) -> str:
    """What the unit last said, in a few words: percent, completion and evidence, the obstacle,
    what waits for the office."""
    parts: list[str] = []
    if row.progress_state is not None:
        parts.append(texts.PROGRESS_STATE_LABELS[row.progress_state.value])
    if row.progress_state is ProgressState.IN_PROGRESS and row.percent is not None:
        parts.append(texts.REPORT_PROGRESS_PERCENT.format(percent=row.percent))
    if row.progress_state is ProgressState.DONE and row.completed_on:
        parts.append(texts.REPORT_PROGRESS_DONE_ON.format(date=vn_date(row.completed_on)))
    evidence = row.evidence_number or row.evidence_file
    if row.progress_state is ProgressState.DONE and evidence:
        parts.append(texts.REPORT_PROGRESS_EVIDENCE.format(evidence=evidence))
    if row.progress_state is ProgressState.BLOCKED and row.reason:
        parts.append(texts.REPORT_PROGRESS_REASON.format(reason=row.reason))
    if row.note:
        parts.append(row.note)
    if row.awaiting_confirmation:
        parts.append(texts.REPORT_PROGRESS_AWAITING)
    if row.pending_extension_due:
        parts.append(
            texts.REPORT_PROGRESS_EXTENSION_PENDING.format(date=vn_date(row.pending_extension_due))
        )
    return "; ".join(parts) if parts else texts.REPORT_PROGRESS_NONE


def _task(row: ReportRow) -> str:
    if row.occurrence is None:
        return row.task
    return f"{row.task} ({texts.REPORT_OCCURRENCE.format(date=vn_date(row.occurrence))})"


# --- Excel --------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Column:
    """A column of a list sheet: header, width (characters), how a row fills it."""

    header: str
    width: float
    value: Callable[[int, Any], object]
    wrap: bool = False


class _Book:
    """An XlsxWriter workbook in constant-memory mode (each row goes to a temporary file once
    the next one starts, so 100,000 detail rows never sit in memory), with its formats."""

    def __init__(self, output: io.BytesIO) -> None:
        self.workbook = Workbook(output, {"constant_memory": True})
        self._formats: dict[tuple[tuple[str, Any], ...], Format] = {}

    def format(self, *looks: _Look) -> Format:
        """The Format of these looks merged (later ones win), made once per workbook."""
        merged: _Look = {}
        for look in looks:
            merged.update(look)
        key = tuple(sorted(merged.items()))
        made = self._formats.get(key)
        if made is None:
            made = self._formats[key] = self.workbook.add_format(merged)
        return made


# Excel stores a column's width in characters of 7 pixels (Calibri 11's digit); XlsxWriter
# takes the visible width and adds its padding, so widths are given in pixels to be stored as
# written here (the widths the tests and the offices' form use).
_PIXELS_PER_WIDTH = 7


class _Sheet:
    """A streamed sheet in the offices' layout: title rows, a bordered table with a frozen
    header and filters, printable on A4 landscape with the header on every page.

    Rows are written strictly in order (constant-memory mode drops writes to a finished row);
    `row` is the 1-based number of the last row written.
    """

    def __init__(self, book: _Book, title: str, widths: Sequence[float]) -> None:
        self.book = book
        self.ws: StreamedWorksheet = book.workbook.add_worksheet(
            title, worksheet_class=StreamedWorksheet
        )
        self.columns = len(widths)
        self.widths = tuple(widths)
        self.row = 0
        for index, width in enumerate(widths):
            self.ws.set_column_pixels(index, index, round(width * _PIXELS_PER_WIDTH))
        self.ws.set_landscape()
        self.ws.set_paper(9)  # A4
        self.ws.fit_to_pages(1, 0)  # one page wide, as many pages tall as needed
        self.ws.center_horizontally()
        self.ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.5)
        self.ws.set_footer('&C&"Times New Roman"&11' + texts.REPORT_XLSX_FOOTER)
        body = book.format(_BODY_FONT, _BORDER, _TOP)
        self._body = body
        self._wrap = book.format(_BODY_FONT, _BORDER, _LEFT)
        self._date = book.format(_BODY_FONT, _BORDER, _TOP, _DATE_LOOK)
        self._rate = book.format(_BODY_FONT, _BORDER, _TOP, _RATE_LOOK)
        self._text_formats: dict[tuple[Collection[int], int], tuple[Format, ...]] = {}

    def _write(self, col: int, value: Any, cell_format: Format) -> None:
        """One cell of the current row; text is always text (a note starting with "=" is no
        formula), a date is a date, nothing is a formatted blank."""
        row = self.row - 1
        if isinstance(value, str) and value:
            self.ws.write_string(row, col, cell_text(value), cell_format)
        elif value is None or value == "":
            self.ws.write_blank(row, col, None, cell_format)
        elif isinstance(value, bool):
            self.ws.write_boolean(row, col, value, cell_format)
        elif isinstance(value, int | float):
            self.ws.write_number(row, col, value, cell_format)
        elif isinstance(value, date):
            self.ws.write_datetime(row, col, value, cell_format)
        else:
            self.ws.write_string(row, col, cell_text(str(value)), cell_format)

    def _merge(self, first_col: int, last_col: int, first_row: int, last_row: int) -> None:
        """Merge an area (1-based) whose cells are written already (its first cell holds the
        text, the others are blank in the same format)."""
        if first_col == last_col and first_row == last_row:
            return
        area = [first_row - 1, first_col - 1, last_row - 1, last_col - 1]
        if self.ws.merge_range(*area, None) != 0:
            # The area starts in a row constant-memory mode has written out (a two-row
            # header: the second row is written before the merges of the first are known),
            # and merge_range refuses it. The cells are final; record the area in the list
            # XlsxWriter writes the merges from when it closes the sheet.
            self.ws.merge.append(area)

    def start(
        self,
        report: Report,
        subtitle: str,
        header: Sequence[Sequence[str]],
        heading: FormalHeading | None = None,
    ) -> None:
        """Title rows (the report's title, the sheet's subject, the scope, the as-of date),
        a blank row, then the header.

        In `header` SPAN_LEFT continues the cell to the left and SPAN_UP the cell above, as one
        merged cell. Panes freeze under the header's last row, which carries the filters and is
        printed on every page.
        """
        titles = [
            (texts.REPORT_TITLE, _TITLE_FONT),
            (subtitle, _SUBTITLE_FONT),
            *((line, _NOTE_FONT) for line in scope_lines(report)),
            (texts.REPORT_AS_OF.format(today=vn_date(report.today)), _NOTE_FONT),
        ]
        heading_rows = _heading_rows(heading, report.today) if heading is not None else []
        first = len(heading_rows) + len(titles) + 2
        last = first + len(header) - 1
        self.header_row = last
        self.ws.freeze_panes(last, 0)
        self.ws.repeat_rows(first - 1, last - 1)
        self.ws.set_row(0, 21)
        for number, values in enumerate(header, start=first):
            lines = max(
                _wrapped_lines(v, w, _HEADER_CHARS_PER_WIDTH)
                for v, w in zip(values, self.widths, strict=True)
                if v not in (SPAN_LEFT, SPAN_UP)
            )
            self.ws.set_row(number - 1, _LINE_HEIGHT * max(lines, 2) + 3)
        for body_line, national_line in heading_rows:
            self.pair(body_line, national_line)
        if heading_rows:
            self.row += 1
        for text, font in titles:
            self.row += 1
            look = self.book.format(font, _CENTRE)
            self._write(0, text, look)
            for col in range(1, self.columns):
                self.ws.write_blank(self.row - 1, col, None, look)
            self._merge(1, self.columns, self.row, self.row)
        self.row += 1
        look = self.book.format(_HEADER_FONT, _CENTRE, _HEADER_FILL, _BORDER)
        for values in header:
            self.row += 1
            for col, value in enumerate(values):
                self._write(col, "" if value in (SPAN_LEFT, SPAN_UP) else value, look)
        # Every header row is written: the merges only record their areas now (see _merge).
        for r, values in enumerate(header):
            for c, value in enumerate(values):
                if value in (SPAN_LEFT, SPAN_UP):
                    continue
                right = c
                while right + 1 < len(values) and values[right + 1] == SPAN_LEFT:
                    right += 1
                bottom = r
                while bottom + 1 < len(header) and header[bottom + 1][c] == SPAN_UP:
                    bottom += 1
                self._merge(c + 1, right + 1, first + r, first + bottom)

    def pair(self, left: _Line, right: _Line) -> None:
        """A row of two blocks: the left one over the first columns, the right one over the
        last (the heading's and the signature's layout)."""
        split = _left_columns(self.columns)
        self.row += 1
        left_look = self.book.format(left[1], _CENTRE)
        right_look = self.book.format(right[1], _CENTRE)
        self._write(0, left[0], left_look)
        for col in range(1, split):
            self.ws.write_blank(self.row - 1, col, None, left_look)
        self._write(split, right[0], right_look)
        for col in range(split + 1, self.columns):
            self.ws.write_blank(self.row - 1, col, None, right_look)
        self._merge(1, split, self.row, self.row)
        self._merge(split + 1, self.columns, self.row, self.row)

    def signature(self, heading: FormalHeading) -> None:
        """Nơi nhận on the left; who signs on the right, room for the signature and seal."""
        self.row += 1
        plain: _Look = {**_FONT}
        left: list[_Line] = [(texts.REPORT_RECIPIENTS, _RECIPIENTS_FONT)]
        left += [(f"- {r}", plain) for r in heading.recipients]
        right: list[_Line] = [
            (line, _SUBTITLE_FONT) for line in (heading.authority, heading.signer_title) if line
        ]
        right += [("", plain)] * 3
        right.append((heading.signer_name, _SUBTITLE_FONT))
        for n in range(max(len(left), len(right))):
            self.pair(
                left[n] if n < len(left) else ("", plain),
                right[n] if n < len(right) else ("", plain),
            )

    def body(self, values: Sequence[Any], wrap: Collection[int] = ()) -> None:
        """One bordered data row; dates get dd/mm/yyyy; text in the `wrap` columns (indexes)
        wraps in a row tall enough (LibreOffice keeps a streamed row's default height, so the
        height is set here, before the row's cells)."""
        self.row += 1
        row = self.row - 1
        lines = 1
        for index in wrap:
            value = values[index]
            if isinstance(value, str) and len(value) > self.widths[index]:
                lines = max(lines, _wrapped_lines(value, self.widths[index]))
        if lines > 1:
            self.ws.set_row(row, _LINE_HEIGHT * min(lines, 30))
        texts_in = self._text_formats.get((wrap, len(values)))
        if texts_in is None:
            texts_in = tuple(self._wrap if i in wrap else self._body for i in range(len(values)))
            self._text_formats[wrap, len(values)] = texts_in
        cells = list(values)
        formats = list(texts_in)
        for index, value in enumerate(values):
            # The common cases first: this runs for every cell of a 100,000-row sheet.
            kind = value.__class__
            if kind is str:
                if value:
                    cells[index] = cell_text(value)
            elif kind is int:
                formats[index] = self._body
            elif isinstance(value, date):
                formats[index] = self._date
            elif isinstance(value, float):
                formats[index] = self._rate
            elif isinstance(value, str):
                cells[index] = cell_text(value) if value else None
            elif isinstance(value, int) and not isinstance(value, bool):
                formats[index] = self._body
            elif value is not None and not isinstance(value, bool):
                cells[index] = cell_text(str(value))  # a bool goes through write_boolean
        self.ws.write_cells(row, cells, formats)

    def total(self, values: Sequence[object]) -> None:
        """The bold totals row (outside the filter range)."""
        self.row += 1
        for col, value in enumerate(values):
            looks = [_TOTAL_FONT, _TOP, _BORDER]
            if isinstance(value, date):
                looks.append(_DATE_LOOK)
            elif isinstance(value, float):
                looks.append(_RATE_LOOK)
            self._write(col, value, self.book.format(*looks))

    def note(self, text: str) -> None:
        """A line of text under the title (an empty report says so)."""
        self.row += 1
        self._write(0, text, self.book.format(_NOTE_FONT))

    def finish(self, last_data_row: int) -> None:
        """Filters over the header's last row and the data rows."""
        last = max(last_data_row, self.header_row)
        self.ws.autofilter(self.header_row - 1, 0, last - 1, self.columns - 1)


_Line = tuple[str, _Look]
_RECIPIENTS_FONT: _Look = {**_FONT, "font_size": 12, "bold": True, "italic": True}
_ISSUER_FONT: _Look = {**_FONT, "font_size": 12, "bold": True}
_PARENT_FONT: _Look = {**_FONT, "font_size": 12}


def _left_columns(columns: int) -> int:
    """How many columns the left block (issuing body, Nơi nhận) spans."""
    return max(1, min(columns - 1, columns * 2 // 5))


def _heading_rows(heading: FormalHeading, today: date) -> list[tuple[_Line, _Line]]:
    """The national heading beside the issuing body, then the number and the date line."""
    body: list[_Line] = []
    if heading.parent:
        body.append((heading.parent.upper(), _PARENT_FONT))
    if heading.issuer:
        body.append((heading.issuer.upper(), _ISSUER_FONT))
    while len(body) < 2:
        body.append(("", _PARENT_FONT))
    national: list[_Line] = [
        (texts.NATIONAL_NAME, _ISSUER_FONT),
        (texts.NATIONAL_MOTTO, _ISSUER_FONT),
    ]
    while len(national) < len(body):
        national.append(("", _PARENT_FONT))
    rows = list(zip(body, national, strict=True))
    rows.append(
        (
            (heading.number_line(), _PARENT_FONT),
            (heading.date_line(today), {**_FONT, "font_size": 12, "italic": True}),
        )
    )
    return rows


# Summary columns: STT, name, [title], total, done (sum, on time, late),
# open (sum, in time, of which due soon, overdue), no deadline, on-time rate.
_COUNT_HEADERS_TOP: tuple[str, ...] = (
    texts.REPORT_COL_TOTAL,
    texts.REPORT_COL_DONE,
    SPAN_LEFT,
    SPAN_LEFT,
    texts.REPORT_COL_OPEN,
    SPAN_LEFT,
    SPAN_LEFT,
    SPAN_LEFT,
    texts.REPORT_COL_NO_DEADLINE,
    texts.REPORT_COL_RATE,
)
_COUNT_HEADERS_BOTTOM: tuple[str, ...] = (
    SPAN_UP,
    texts.REPORT_COL_SUM,
    texts.REPORT_COL_ON_TIME,
    texts.REPORT_COL_LATE,
    texts.REPORT_COL_SUM,
    texts.REPORT_COL_IN_TIME,
    texts.REPORT_COL_DUE_SOON,
    texts.REPORT_COL_LATE,
    SPAN_UP,
    SPAN_UP,
)
_COUNT_WIDTHS = (10, 9, 9, 9, 9, 9, 11, 9, 9, 12)


def _count_values(counts: StatusCounts) -> list[object]:
    in_time = counts.get(Status.IN_PROGRESS_ON_TIME) + counts.get(Status.DUE_SOON)
    open_total = in_time + counts.get(Status.IN_PROGRESS_OVERDUE)
    # The on-time rate is over what had to be done by now: finished, or open and overdue.
    judged = counts.done + counts.get(Status.IN_PROGRESS_OVERDUE)
    rate = round(100 * counts.get(Status.DONE_ON_TIME) / judged, 1) if judged else None
    return [
        counts.total,
        counts.done,
        counts.get(Status.DONE_ON_TIME),
        counts.get(Status.DONE_LATE),
        open_total,
        in_time,
        counts.get(Status.DUE_SOON),
        counts.get(Status.IN_PROGRESS_OVERDUE),
        counts.get(Status.NO_DEADLINE),
        rate,
    ]


def _units_sheet(workbook: _Book, report: Report, heading: FormalHeading | None) -> None:
    sheet = _Sheet(workbook, texts.REPORT_SHEET_UNITS, (6, 40, *_COUNT_WIDTHS))
    sheet.start(
        report,
        texts.REPORT_SUBTITLE_UNITS,
        [
            (texts.REPORT_COL_NO, texts.REPORT_COL_UNIT, *_COUNT_HEADERS_TOP),
            (SPAN_UP, SPAN_UP, *_COUNT_HEADERS_BOTTOM),
        ],
        heading,
    )
    for n, unit in enumerate(report.by_unit, start=1):
        sheet.body([n, unit.unit_name, *_count_values(unit)], wrap=(1,))
    last = sheet.row
    sheet.total(["", texts.REPORT_TOTAL, *_count_values(report.totals)])
    sheet.finish(last)
    if heading is not None:
        sheet.signature(heading)


def _documents_sheet(workbook: _Book, report: Report) -> None:
    sheet = _Sheet(workbook, texts.REPORT_SHEET_DOCUMENTS, (6, 30, 40, *_COUNT_WIDTHS))
    sheet.start(
        report,
        texts.REPORT_SUBTITLE_DOCUMENTS,
        [
            (
                texts.REPORT_COL_NO,
                texts.REPORT_COL_DOCUMENT,
                texts.REPORT_COL_TITLE,
                *_COUNT_HEADERS_TOP,
            ),
            (SPAN_UP, SPAN_UP, SPAN_UP, *_COUNT_HEADERS_BOTTOM),
        ],
    )
    for n, document in enumerate(report.by_document, start=1):
        values = [n, _document_cell(document), document.title or "", *_count_values(document)]
        sheet.body(values, wrap=(1, 2))
    last = sheet.row
    sheet.total(["", texts.REPORT_TOTAL, "", *_count_values(report.totals)])
    sheet.finish(last)


def _document_cell(document: DocumentCounts) -> str:
    return document_label(document.number, document.type_name, document.issued)


def _status_label(row: ReportRow) -> str:
    return texts.STATUS_LABELS[row.status.value]


_OVERDUE_COLUMNS = (
    _Column(texts.REPORT_COL_NO, 6, lambda n, r: n),
    _Column(texts.REPORT_COL_DAYS_LATE, 12, lambda n, r: r.days_overdue),
    _Column(texts.REPORT_COL_UNIT, 28, lambda n, r: ", ".join(r.lead_names), wrap=True),
    _Column(texts.REPORT_COL_TASK, 50, lambda n, r: _task(r), wrap=True),
    _Column(
        texts.REPORT_COL_DOCUMENT,
        24,
        lambda n, r: document_label(r.document_number, r.document_type_name, r.document_issued),
        wrap=True,
    ),
    _Column(texts.REPORT_COL_ITEM, 7, lambda n, r: r.place),
    _Column(texts.REPORT_COL_DEADLINE, 12, lambda n, r: r.deadline),
    _Column(
        texts.REPORT_COL_EXTENDED,
        12,
        lambda n, r: r.effective_deadline if r.extended else None,
    ),
    _Column(texts.REPORT_COL_PROGRESS, 36, lambda n, r: progress_note(r), wrap=True),
)

_DETAIL_COLUMNS = (
    _Column(texts.REPORT_COL_NO, 6, lambda n, r: n),
    _Column(texts.REPORT_COL_ID, 8, lambda n, r: r.assignment_id),
    _Column(
        texts.REPORT_COL_DOCUMENT,
        22,
        lambda n, r: document_label(
            r.document_number, r.document_type_name, r.document_issued, dated=False
        ),
        wrap=True,
    ),
    _Column(texts.REPORT_COL_ISSUED, 12, lambda n, r: r.document_issued),
    _Column(texts.REPORT_COL_ITEM, 7, lambda n, r: r.place),
    _Column(texts.REPORT_COL_TASK, 50, lambda n, r: _task(r), wrap=True),
    _Column(texts.REPORT_COL_UNIT, 26, lambda n, r: ", ".join(r.lead_names), wrap=True),
    _Column(texts.REPORT_COL_COOPERATE, 26, lambda n, r: ", ".join(r.cooperate_names), wrap=True),
    _Column(
        texts.REPORT_COL_DEADLINE,
        12,
        lambda n, r: r.deadline or r.deadline_text or texts.CLI_NO_DEADLINE,
        wrap=True,
    ),
    _Column(
        texts.REPORT_COL_EXTENDED,
        12,
        lambda n, r: r.effective_deadline if r.extended else None,
    ),
    _Column(texts.REPORT_COL_STATUS, 18, lambda n, r: _status_label(r), wrap=True),
    _Column(texts.REPORT_COL_PROGRESS, 36, lambda n, r: progress_note(r), wrap=True),
)


def _list_sheet(
    workbook: _Book,
    report: Report,
    title: str,
    subtitle: str,
    columns: Sequence[_Column],
    rows: Sequence[ReportRow],
) -> None:
    sheet = _Sheet(workbook, title, [c.width for c in columns])
    sheet.start(report, subtitle, [[c.header for c in columns]])
    wrap = frozenset(i for i, c in enumerate(columns) if c.wrap)
    for n, row in enumerate(rows, start=1):
        sheet.body([c.value(n, row) for c in columns], wrap)
    sheet.finish(sheet.row)
    if not rows:
        sheet.note(texts.REPORT_EMPTY)


def report_xlsx(report: Report, heading: FormalHeading | None = None) -> bytes:
    """The workbook: by unit, by document, the overdue list and every row, as .xlsx bytes.

    With a `heading` the first sheet is a báo cáo: the national heading beside the issuing
    body, the number and date line, and the signature block under the totals. Every sheet
    prints its page number in the footer.
    """
    buffer = io.BytesIO()
    workbook = _Book(buffer)
    _units_sheet(workbook, report, heading)
    _documents_sheet(workbook, report)
    _list_sheet(
        workbook,
        report,
        texts.REPORT_SHEET_OVERDUE,
        texts.REPORT_SUBTITLE_OVERDUE,
        _OVERDUE_COLUMNS,
        report.overdue,
    )
    _list_sheet(
        workbook,
        report,
        texts.REPORT_SHEET_DETAIL,
        texts.REPORT_SUBTITLE_DETAIL,
        _DETAIL_COLUMNS,
        report.rows,
    )
    workbook.workbook.close()
    return buffer.getvalue()


# --- chart --------------------------------------------------------------------------------


def _chart_units(report: Report, max_units: int) -> tuple[list[UnitCounts], list[UnitCounts]]:
    """The units drawn, most overdue work first (then the most work), and those left out.

    Those left out are named in a note, not drawn as one bar: a bar summing dozens of units
    would dwarf every other and make them unreadable.
    """
    ranked = sorted(report.by_unit, key=lambda u: (-u.overdue, -u.total, u.unit_name))
    return ranked[:max_units], ranked[max_units:]


def _wrap_label(name: str, width: int = 34) -> str:
    words = name.split()
    lines: list[str] = []
    current = ""
    for word in words:
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    lines.append(current)
    return "\n".join(lines[:2]) + ("…" if len(lines) > 2 else "")


def report_chart_png(report: Report, *, max_units: int = 20, dpi: int = 120) -> bytes:
    """Horizontal bars per lead unit stacked by status, Vietnamese labels, as PNG bytes."""
    drawn, left_out = _chart_units(report, max_units)
    units = [(u.unit_name, u) for u in drawn]
    height = 2.6 + 0.42 * max(len(units), 1)
    legend_space = 0.75  # inches under the axes for the legend
    # text.parse_math off: a "$" in a unit name is a dollar sign, never TeX that fails to parse
    with rc_context({"font.family": CHART_FONT, "font.size": 10, "text.parse_math": False}):
        figure = Figure(figsize=(11.0, height), dpi=dpi)
        axes = figure.subplots()
        names = [_wrap_label(name) for name, _ in units]
        positions = list(range(len(units)))
        left = [0] * len(units)
        for status in STATUS_ORDER:
            values = [counts.get(status) for _, counts in units]
            if not any(values):
                continue
            axes.barh(
                positions,
                values,
                left=left,
                color=STATUS_COLOURS[status],
                label=texts.STATUS_LABELS[status.value],
                edgecolor="white",
                linewidth=0.5,
            )
            left = [a + b for a, b in zip(left, values, strict=True)]
        for y, total in zip(positions, left, strict=True):
            axes.text(total, y, f" {vn_number(total)}", va="center", fontsize=9)
        axes.set_yticks(positions, names)
        axes.invert_yaxis()  # the unit with the most overdue work on top
        x_label = texts.CHART_X_LABEL
        if left_out:
            x_label += "\n" + texts.CHART_OTHER_UNITS.format(
                count=vn_number(len(left_out)), total=vn_number(sum(u.total for u in left_out))
            )
        axes.set_xlabel(x_label)
        axes.xaxis.set_major_locator(MaxNLocator(integer=True))
        axes.margins(x=0.08)
        axes.spines[["top", "right"]].set_visible(False)
        figure.suptitle(texts.CHART_TITLE, fontsize=13, fontweight="bold")
        scope = "; ".join(scope_lines(report))
        axes.set_title(
            texts.CHART_SUBTITLE.format(scope=scope, today=vn_date(report.today)), fontsize=10
        )
        if units:
            figure.legend(loc="lower center", ncol=3, frameon=False)
        else:
            axes.text(0.5, 0.5, texts.REPORT_EMPTY, ha="center", transform=axes.transAxes)
            axes.set_yticks([])
        figure.tight_layout(rect=(0, legend_space / height, 1, 1))
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png")
        return buffer.getvalue()
