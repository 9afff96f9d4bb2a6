"""An XlsxWriter worksheet that writes a streamed row's XML in one piece, as XlsxWriter would."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from datetime import date

from xlsxwriter.format import Format
from xlsxwriter.utility import _datetime_to_excel_datetime, xl_col_to_name
from xlsxwriter.worksheet import Worksheet

# What XlsxWriter changes in a string before writing it (control characters and noncharacters
# as _xHHHH_, an existing _xHHHH_ escaped, &, < and >): a string without any is written as is.
_SPECIAL = re.compile("[\x00-\x08\x0b-\x1f\ufffe\uffff&<>]|_x[0-9a-fA-F]{4}_")
# Longer strings may pass Excel's limit in UTF-16 units, which XlsxWriter checks and cuts.
_LONG = 32_767 // 2


class StreamedWorksheet(Worksheet):
    """A worksheet in constant-memory mode with `write_cells`, which writes a whole row of
    strings, numbers, dates and blanks straight to the sheet's file.

    XlsxWriter stores each cell in a tuple and writes it when the next row starts, about 5 us
    of CPU a cell: most of a workbook of 100,000 detail rows. `write_cells` writes the XML
    XlsxWriter would write for the same calls (tests/handlers/test_xlsx_rows.py compares them
    byte for byte) and hands any row it cannot write so to XlsxWriter's own methods.
    """

    previous_row: int  # XlsxWriter's: the row it holds cells of, not yet written

    def __init__(self) -> None:
        super().__init__()
        self._xf: dict[int, int] = {}  # id(Format) -> its index in the styles
        self._dates: dict[date, str] = {}
        self._columns: list[str] = []

    def write_cells(
        self, row: int, values: Sequence[object], formats: Sequence[Format | None]
    ) -> None:
        """Cells `values` of `row` (0-based) from column 0, each in its format: a non-empty
        str as text, an int or float as a number, a date as a date, None or "" as a formatted
        blank; as write_string, write_number, write_datetime and write_blank would write them.
        The row's height, if any, is set beforehand with set_row."""
        cells = self._cells(row, values, formats) if self.constant_memory else None
        if cells is None:
            self._write_each(row, values, formats)
            return
        if row > self.previous_row:
            self._write_single_row(row)  # what XlsxWriter holds of an earlier row goes first
        self._check_dimensions(row, 0)
        self._check_dimensions(row, len(values) - 1)
        self._write_row(row, None, self.row_info.pop(row, None))
        self.fh.write(cells)
        self.fh.write("</row>")
        # The row is out: XlsxWriter neither writes it again nor accepts cells for it, and
        # its RowInfo (read only to write the row) is dropped, not kept for 100,000 rows.
        self.previous_row = row + 1

    def _cells(
        self, row: int, values: Sequence[object], formats: Sequence[Format | None]
    ) -> str | None:
        """The row's <c> elements, or None when XlsxWriter must write it (a row it holds
        already, a string it might cut or write as rich text, a boolean, NaN, no format)."""
        if row < self.previous_row or self.table.get(row):
            return None
        number = str(row + 1)
        columns = self._columns
        while len(columns) < len(values):
            columns.append(xl_col_to_name(len(columns)))
        parts: list[str] = []
        for col, value in enumerate(values):
            cell_format = formats[col]
            if cell_format is None:
                return None
            xf = self._xf.get(id(cell_format))
            if xf is None:
                xf = self._xf[id(cell_format)] = cell_format._get_xf_index()
            head = f'<c r="{columns[col]}{number}" s="{xf}"'
            if value.__class__ is str:
                text: str = value
                if not text:
                    parts.append(head + "/>")
                    continue
                if len(text) > _LONG:
                    return None
                if _SPECIAL.search(text):
                    text = self._escape_control_characters(text)
                    if text.startswith("<r>") and text.endswith("</r>"):
                        return None
                preserve = text[0].isspace() or text[-1].isspace()
                if _SPECIAL.search(text):
                    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                space = ' xml:space="preserve"' if preserve else ""
                parts.append(f'{head} t="inlineStr"><is><t{space}>{text}</t></is></c>')
            elif value is None:
                parts.append(head + "/>")
            elif value.__class__ is int or value.__class__ is float:
                if not math.isfinite(value):
                    return None
                parts.append(f"{head}><v>{value:.16G}</v></c>")
            elif isinstance(value, date):
                serial = self._dates.get(value)
                if serial is None:
                    excel = _datetime_to_excel_datetime(
                        value, self.date_1904, self.remove_timezone
                    )
                    serial = self._dates[value] = f"{excel:.16G}"
                parts.append(f"{head}><v>{serial}</v></c>")
            else:
                return None
        return "".join(parts)

    def _write_each(
        self, row: int, values: Sequence[object], formats: Sequence[Format | None]
    ) -> None:
        """The row through XlsxWriter's own methods, one cell at a time."""
        for col, value in enumerate(values):
            cell_format = formats[col]
            if isinstance(value, str) and value:
                self.write_string(row, col, value, cell_format)
            elif value is None or value == "":
                self.write_blank(row, col, None, cell_format)
            elif isinstance(value, bool):
                self.write_boolean(row, col, value, cell_format)
            elif isinstance(value, int | float):
                self.write_number(row, col, value, cell_format)
            elif isinstance(value, date):
                self.write_datetime(row, col, value, cell_format)
            else:
                self.write_string(row, col, str(value), cell_format)
