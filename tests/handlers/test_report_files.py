"""The Excel workbook and the chart: structure read back with openpyxl, glyphs, empty reports."""

from __future__ import annotations

import io
import warnings
from collections.abc import Iterator
from datetime import date, datetime

import pytest
from matplotlib import font_manager
from matplotlib.ft2font import FT2Font
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy.orm import Session, sessionmaker

from handlers import texts
from handlers.report_files import (
    CHART_FONT,
    _chart_units,
    document_label,
    progress_note,
    report_chart_png,
    report_xlsx,
    vn_number,
)
from knowledge.calendar import WorkCalendar
from knowledge.db import open_database
from knowledge.progress import ProgressState, SqlProgressRepository, Status
from knowledge.reports import Report, StatusCounts, UnitCounts, build_report
from tests.progress_data import OFFICE_ADMIN, UNIT_MEMBER, Office, at, seed_office

TODAY = date(2023, 3, 22)
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def stored() -> Iterator[tuple[sessionmaker[Session], Office]]:
    database = open_database("sqlite://")
    office = seed_office(database.session_factory)
    repo = SqlProgressRepository(database.session_factory)
    repo.report(
        office.saturday,
        UNIT_MEMBER,
        ProgressState.DONE,
        now=at(date(2023, 3, 13)),
        evidence_number="30/BC-TCKH",
    )
    repo.report(
        office.later,
        UNIT_MEMBER,
        ProgressState.IN_PROGRESS,
        now=at(date(2023, 3, 14)),
        percent=50,
        note="đã tiêm 3/8 xã",
    )
    repo.report(
        office.undated,
        UNIT_MEMBER,
        ProgressState.BLOCKED,
        now=at(date(2023, 3, 14)),
        reason="thiếu vắc xin",
    )
    ext = repo.request_extension(
        office.friday, UNIT_MEMBER, date(2023, 3, 17), "chờ góp ý", now=at(date(2023, 3, 9))
    )
    repo.decide_extension(ext.id, OFFICE_ADMIN, True, now=at(date(2023, 3, 10)))
    try:
        yield database.session_factory, office
    finally:
        database.dispose()


@pytest.fixture
def report(stored: tuple[sessionmaker[Session], Office]) -> Report:
    return build_report(stored[0], WorkCalendar(), TODAY)


def _sheet(data: bytes, name: str) -> Worksheet:
    sheet = load_workbook(io.BytesIO(data))[name]
    assert isinstance(sheet, Worksheet)
    return sheet


def _column(sheet: Worksheet, header: str, header_row: int) -> list[object]:
    headers = [cell.value for cell in sheet[header_row]]
    index = headers.index(header) + 1
    return [sheet.cell(row, index).value for row in range(header_row + 1, sheet.max_row + 1)]


def test_the_workbook_has_the_offices_sheets_and_print_setup(report: Report) -> None:
    data = report_xlsx(report)
    workbook = load_workbook(io.BytesIO(data))
    assert workbook.sheetnames == [
        texts.REPORT_SHEET_UNITS,
        texts.REPORT_SHEET_DOCUMENTS,
        texts.REPORT_SHEET_OVERDUE,
        texts.REPORT_SHEET_DETAIL,
    ]
    for sheet in workbook.worksheets:
        assert isinstance(sheet, Worksheet)
        assert sheet["A1"].value == texts.REPORT_TITLE
        assert sheet["A1"].font.bold
        assert any(str(r).startswith("A1:") for r in sheet.merged_cells.ranges)
        assert sheet["A3"].value == texts.REPORT_PERIOD_ALL
        assert sheet["A4"].value == texts.REPORT_AS_OF.format(today="22/03/2023")
        assert sheet.page_setup.orientation == "landscape"
        assert str(sheet.page_setup.paperSize) == Worksheet.PAPERSIZE_A4
        # one page wide: fitToWidth absent is 1 (the schema's default, as XlsxWriter writes it)
        assert sheet.page_setup.fitToWidth in (None, 1)
        assert sheet.page_setup.fitToHeight == 0
        assert sheet.sheet_properties.pageSetUpPr is not None
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert sheet.freeze_panes is not None
        header_row = int(sheet.freeze_panes[1:]) - 1
        assert sheet.auto_filter.ref is not None
        assert sheet.auto_filter.ref.startswith(f"A{header_row}:")
        assert sheet.print_title_rows is not None
        assert sheet.print_title_rows.endswith(f"${header_row}")
        header = [c for c in sheet[header_row] if c.value]
        assert header
        assert all(c.fill.fgColor.rgb.endswith("DDEBF7") and c.font.bold for c in header)
        widths = [d.width for d in sheet.column_dimensions.values()]
        assert sheet.column_dimensions["A"].width == 6  # STT
        assert max(widths) >= 40  # the unit, the document title or the task


def test_the_unit_sheet_counts_under_a_two_row_header(report: Report) -> None:
    sheet = _sheet(report_xlsx(report), texts.REPORT_SHEET_UNITS)
    assert [c.value for c in sheet[6]][:5] == [
        texts.REPORT_COL_NO,
        texts.REPORT_COL_UNIT,
        texts.REPORT_COL_TOTAL,
        texts.REPORT_COL_DONE,
        None,
    ]
    assert {"D6:F6", "G6:J6", "A6:A7", "B6:B7"} <= {str(r) for r in sheet.merged_cells.ranges}
    assert sheet.freeze_panes == "A8"
    rows = {
        row[1]: row[2:]
        for row in sheet.iter_rows(min_row=8, values_only=True)
        if row[1] is not None
    }
    # total, done (sum, on time, late), open (sum, in time, due soon, overdue), none, rate
    assert rows["Phòng Nội vụ huyện"] == (2, 0, 0, 0, 2, 0, 0, 2, 0, 0.0)
    assert rows["Phòng Tài chính - Kế hoạch huyện"] == (1, 1, 1, 0, 0, 0, 0, 0, 0, 100.0)
    assert rows["Trung tâm Y tế huyện"] == (2, 0, 0, 0, 1, 1, 0, 0, 1, None)
    assert rows[texts.REPORT_TOTAL] == (5, 1, 1, 0, 3, 1, 0, 2, 1, 33.3)
    assert sheet.auto_filter.ref == "A7:L10"  # the totals row stays out of the filter


def test_the_overdue_sheet_is_worst_first_with_real_dates(
    report: Report, stored: tuple[sessionmaker[Session], Office]
) -> None:
    office = stored[1]
    sheet = _sheet(report_xlsx(report), texts.REPORT_SHEET_OVERDUE)
    assert _column(sheet, texts.REPORT_COL_DAYS_LATE, 6) == [3, 2]
    tasks = _column(sheet, texts.REPORT_COL_TASK, 6)
    assert tasks == ["hoàn thiện Quy chế phối hợp", "báo cáo tình hình (kỳ 20/03/2023)"]
    deadlines = _column(sheet, texts.REPORT_COL_DEADLINE, 6)
    assert deadlines == [datetime(2023, 3, 10), datetime(2023, 3, 20)]
    extended = _column(sheet, texts.REPORT_COL_EXTENDED, 6)
    assert extended == [datetime(2023, 3, 17), None]
    date_cell = sheet.cell(7, [c.value for c in sheet[6]].index(texts.REPORT_COL_DEADLINE) + 1)
    assert date_cell.number_format == "DD/MM/YYYY"
    assert report.overdue[0].assignment_id == office.friday


def test_the_detail_sheet_lists_every_row(report: Report) -> None:
    sheet = _sheet(report_xlsx(report), texts.REPORT_SHEET_DETAIL)
    statuses = _column(sheet, texts.REPORT_COL_STATUS, 6)
    assert statuses == [texts.STATUS_LABELS[row.status.value] for row in report.rows]
    notes = _column(sheet, texts.REPORT_COL_PROGRESS, 6)
    assert "Gặp vướng mắc; vướng mắc: thiếu vắc xin" in notes
    assert "Đã hoàn thành; hoàn thành ngày 13/03/2023; theo 30/BC-TCKH" in notes
    assert _column(sheet, texts.REPORT_COL_DEADLINE, 6)[3] == texts.CLI_NO_DEADLINE
    documents = _column(sheet, texts.REPORT_COL_DOCUMENT, 6)
    assert documents[0] == "Thông báo số 45/TB-UBND"


def test_an_empty_report_still_makes_both_files(
    stored: tuple[sessionmaker[Session], Office],
) -> None:
    empty = build_report(
        stored[0], WorkCalendar(), TODAY, start=date(2030, 1, 1), end=date(2030, 1, 31)
    )
    assert empty.rows == ()
    sheet = _sheet(report_xlsx(empty), texts.REPORT_SHEET_DETAIL)
    assert sheet["A3"].value == texts.REPORT_PERIOD.format(start="01/01/2030", end="31/01/2030")
    assert texts.REPORT_EMPTY in [c.value for c in sheet["A"]]
    assert report_chart_png(empty).startswith(PNG_SIGNATURE)


def test_a_unit_report_names_the_unit(stored: tuple[sessionmaker[Session], Office]) -> None:
    unit = build_report(stored[0], WorkCalendar(), TODAY, unit_key="phong_noi_vu")
    sheet = _sheet(report_xlsx(unit), texts.REPORT_SHEET_UNITS)
    assert sheet["A4"].value == texts.REPORT_UNIT.format(unit="Phòng Nội vụ huyện")


def test_the_chart_is_a_png_drawn_without_missing_glyphs(report: Report) -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        png = report_chart_png(report)
    assert png.startswith(PNG_SIGNATURE)
    assert [str(w.message) for w in caught] == []
    width = int.from_bytes(png[16:20], "big")
    assert width == 11 * 120


def test_the_chart_font_has_every_vietnamese_letter_we_draw(report: Report) -> None:
    path = font_manager.findfont(CHART_FONT, fallback_to_default=False)
    assert "DejaVuSans" in path
    charmap = FT2Font(path).get_charmap()
    drawn = "".join(
        [
            *texts.STATUS_LABELS.values(),
            texts.CHART_TITLE,
            texts.CHART_SUBTITLE,
            texts.CHART_X_LABEL,
            texts.CHART_OTHER_UNITS,
            texts.REPORT_PERIOD,
            texts.REPORT_UNIT,
            *(u.unit_name for u in report.by_unit),
            "ẠẢẤẦẨẪẬẮẰẲẴẶẸẺẼẾỀỂỄỆỈỊỌỎỐỒỔỖỘỚỜỞỠỢỤỦỨỪỬỮỰỲỴỶỸĐđƠơƯư",
        ]
    )
    missing = sorted({ch for ch in drawn if not ch.isspace() and ord(ch) not in charmap})
    assert missing == []


def test_the_units_most_behind_are_drawn_and_the_rest_named() -> None:
    units = tuple(
        UnitCounts(
            {Status.IN_PROGRESS_OVERDUE: n % 3, Status.DONE_ON_TIME: 1}, f"u{n}", f"Đơn vị {n}"
        )
        for n in range(30)
    )
    report = Report(
        today=TODAY,
        start=None,
        end=None,
        unit_key=None,
        unit_name=None,
        rows=(),
        by_unit=units,
        by_document=(),
        overdue=(),
        totals=StatusCounts({}),
    )
    drawn, left_out = _chart_units(report, 5)
    assert len(drawn) == 5
    assert all(unit.overdue == 2 for unit in drawn)
    assert len(left_out) == 25
    assert {u.unit_key for u in drawn} | {u.unit_key for u in left_out} == {
        u.unit_key for u in units
    }
    assert report_chart_png(report, max_units=5).startswith(PNG_SIGNATURE)


def test_numbers_group_thousands_with_dots() -> None:
    assert [vn_number(n) for n in (7, 1234, 95657, 1000000)] == [
        "7",
        "1.234",
        "95.657",
        "1.000.000",
    ]


def test_document_labels() -> None:
    assert document_label("45/TB-UBND", "Thông báo", date(2023, 2, 28)) == (
        "Thông báo số 45/TB-UBND ngày 28/02/2023"
    )
    assert document_label("/TB-UBND", "Thông báo", None) == "Thông báo (không số)"
    assert document_label("7/KH-UBND", None, None) == "Văn bản số 7/KH-UBND"


def test_progress_notes(report: Report) -> None:
    notes = {row.assignment_id: progress_note(row) for row in report.rows}
    assert texts.REPORT_PROGRESS_NONE in notes.values()
    assert "Đang thực hiện; 50%; đã tiêm 3/8 xã" in notes.values()


def test_whatever_was_stored_the_workbook_is_written(
    stored: tuple[sessionmaker[Session], Office],
) -> None:
    # a database written before text was cleaned where it comes in: a control character, a
    # lone surrogate, a formula, a note longer than a cell; none may stop the report
    session_factory, office = stored
    repo = SqlProgressRepository(session_factory)
    notes = {
        office.later: "xong theo báo cáo số 30/BC-NV\x01\x0b",
        office.undated: '=HYPERLINK("http://x","bấm")',
        office.saturday: "dài " * 10_000,
    }
    for assignment_id, note in notes.items():
        repo.report(
            assignment_id,
            UNIT_MEMBER,
            ProgressState.IN_PROGRESS,
            now=at(date(2023, 3, 20)),
            note=note,
        )
    report = build_report(session_factory, WorkCalendar(), TODAY)
    sheet = _sheet(report_xlsx(report), texts.REPORT_SHEET_DETAIL)
    column = [c.value for c in sheet[6]].index(texts.REPORT_COL_PROGRESS) + 1
    written = [sheet.cell(row, column) for row in range(7, sheet.max_row + 1)]
    texts_written = [str(c.value) for c in written if c.value]
    assert any("30/BC-NV" in t and "\x01" not in t for t in texts_written)
    formula = next(c for c in written if c.value and "HYPERLINK" in str(c.value))
    assert formula.data_type == "s"  # shown as typed, never run
    assert max(len(t) for t in texts_written) <= 32_767
    assert report_chart_png(report).startswith(PNG_SIGNATURE)


def test_a_dollar_sign_in_a_unit_name_is_drawn_as_written() -> None:
    unit = UnitCounts(
        {Status.IN_PROGRESS_OVERDUE: 2}, unit_key="phong-x", unit_name="Phòng $\\frac{ Kế $"
    )
    report = Report(TODAY, None, None, None, None, (), (unit,), (), (), StatusCounts())
    assert report_chart_png(report).startswith(PNG_SIGNATURE)
