"""StreamedWorksheet.write_cells writes the very XML XlsxWriter writes for the same cells."""

from __future__ import annotations

import io
import math
import zipfile
from collections.abc import Sequence
from datetime import date, datetime

import pytest
from xlsxwriter import Workbook
from xlsxwriter.format import Format

from handlers.xlsx_rows import StreamedWorksheet

ROWS: list[list[object]] = [
    ["plain", 1, 2.5, date(2025, 6, 18), None, ""],
    ['Việc số 1 & <2> "trích"', -7, 0.1, datetime(2024, 2, 29, 9, 30), "  lề", "cuối  "],
    ["dòng\nhai", 10**12, 1e-9, date(1900, 2, 28), "\ttab", "x\r"],
    ["_x0041_ giữ", 0, 33.3, date(1900, 3, 1), "ctl\x01\x1f", "\ufffe\uffff"],
    ["<r>rich</r>", 1, 2.0, date(2025, 1, 1), "a", "b"],  # XlsxWriter's own rich-text rule
    ["x" * 20_000, 1, 2.0, date(2025, 1, 1), "a", "b"],  # long: XlsxWriter checks its length
    ["bool", True, False, None, "", "z"],
    ["nan", math.nan, 1.0, None, "", "z"],
    ["emoji 😀 ✓", 3, 4.0, date(2030, 12, 31), "é", "ệ"],
]
HEIGHTS = {1: 45.0, 2: 30.0, 5: 60.0}


def _sheet_xml(fast: bool) -> bytes:
    buffer = io.BytesIO()
    book = Workbook(buffer, {"constant_memory": True, "nan_inf_to_errors": True})
    sheet: StreamedWorksheet = book.add_worksheet("a", worksheet_class=StreamedWorksheet)
    plain = book.add_format({"border": 1, "valign": "top"})
    wrap = book.add_format({"border": 1, "text_wrap": True})
    dated = book.add_format({"border": 1, "num_format": "DD/MM/YYYY"})
    sheet.write_string(0, 0, "title", plain)  # a row XlsxWriter holds when the first one comes
    sheet.write_blank(0, 1, None, plain)
    for n, values in enumerate(ROWS, start=1):
        formats: Sequence[Format] = [
            dated if isinstance(v, date) else wrap if i % 2 else plain
            for i, v in enumerate(values)
        ]
        if n in HEIGHTS:
            sheet.set_row(n, HEIGHTS[n])
        if fast:
            sheet.write_cells(n, values, formats)
        else:
            sheet._write_each(n, values, formats)
    sheet.write_string(len(ROWS) + 1, 0, "total", plain)  # XlsxWriter's own after the rows
    sheet.write_number(len(ROWS) + 1, 1, 42, plain)
    sheet.merge_range(len(ROWS) + 3, 0, len(ROWS) + 3, 3, "note", plain)
    book.close()
    with zipfile.ZipFile(buffer) as package:
        return package.read("xl/worksheets/sheet1.xml")


def test_write_cells_writes_what_xlsxwriter_writes() -> None:
    fast, slow = _sheet_xml(fast=True), _sheet_xml(fast=False)
    assert b"<v>45658</v>" in fast  # the dates are there, as serial days
    assert b'xml:space="preserve"' in fast
    assert fast == slow


def test_write_cells_keeps_the_sheet_dimensions() -> None:
    assert b'<dimension ref="A1:F13"/>' in _sheet_xml(fast=True)


def test_only_rows_xlsxwriter_must_write_go_cell_by_cell(monkeypatch: pytest.MonkeyPatch) -> None:
    slow_rows: list[int] = []
    each = StreamedWorksheet._write_each

    def spy(
        self: StreamedWorksheet, row: int, values: Sequence[object], formats: Sequence[Format]
    ) -> None:
        slow_rows.append(row)
        each(self, row, values, formats)

    monkeypatch.setattr(StreamedWorksheet, "_write_each", spy)
    _sheet_xml(fast=True)
    assert slow_rows == [5, 6, 7, 8]  # rich-text look, long, boolean, NaN
