"""The progress report as a PDF báo cáo (fpdf2): the national heading beside the issuing body,
the number and date line, the summary by lead unit, the overdue list worst first, the
signature block and page numbers. DejaVu Serif (shipped inside matplotlib) has every
Vietnamese letter."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import matplotlib
from fpdf import FPDF
from fpdf.fonts import FontFace

from handlers import texts
from handlers.report_files import (
    FormalHeading,
    cell_text,
    document_label,
    scope_lines,
    vn_date,
    vn_number,
)
from knowledge.progress import STATUS_ORDER
from knowledge.reports import Report, StatusCounts

FONTS = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
FONT = "Serif"
_FONT_FILES = {
    "": "DejaVuSerif.ttf",
    "B": "DejaVuSerif-Bold.ttf",
    "I": "DejaVuSerif-Italic.ttf",
    "BI": "DejaVuSerif-BoldItalic.ttf",
}
OVERDUE_SHOWN = 500  # rows of the overdue list in the PDF; the Excel file has them all
LINE = 5.5  # mm per line of 11-12 pt text
_HEADER_FILL = (221, 235, 247)
_LEFT_WIDTH = 68.0  # mm: the issuing body's block (and Nơi nhận)


class _Document(FPDF):
    """A4 portrait with the page number in every page's footer."""

    def footer(self) -> None:
        """ "Trang 2/5", centred at the bottom."""
        self.set_y(-12)
        self.set_font(FONT, "I", 9)
        # fpdf2 puts the page count in place of its alias once the last page is known
        footer = texts.REPORT_PAGE_FOOTER.format(
            page=self.page_no(), pages=self.str_alias_nb_pages
        )
        self.cell(0, 6, footer, align="C")


def _text(value: str) -> str:
    """Text as a page can carry it: what a cell refuses becomes a space, kept short."""
    return cell_text(value)[:2000]


_Lines = Sequence[tuple[str, str, float]]


def _two_blocks(pdf: FPDF, left: _Lines, right: _Lines, *, left_align: str = "C") -> None:
    """Lines (text, style, size) in the left block and, centred, in the right block, side by
    side."""
    top = pdf.get_y()
    margin = pdf.l_margin
    width = pdf.w - pdf.l_margin - pdf.r_margin
    bottoms = []
    for x, block_width, lines, align in (
        (margin, _LEFT_WIDTH, left, left_align),
        (margin + _LEFT_WIDTH, width - _LEFT_WIDTH, right, "C"),
    ):
        pdf.set_xy(x, top)
        for text, style, size in lines:
            pdf.set_x(x)
            pdf.set_font(FONT, style, size)
            pdf.multi_cell(block_width, LINE, _text(text), align=align, new_x="LMARGIN")
        bottoms.append(pdf.get_y())
    pdf.set_y(max(bottoms))


def _heading(pdf: FPDF, heading: FormalHeading, report: Report) -> None:
    body: list[tuple[str, str, float]] = []
    if heading.parent:
        body.append((heading.parent.upper(), "", 12))
    if heading.issuer:
        body.append((heading.issuer.upper(), "B", 12))
    national = [(texts.NATIONAL_NAME, "B", 11), (texts.NATIONAL_MOTTO, "B", 12)]
    _two_blocks(pdf, body, national)
    # the short rules under the issuing body and the motto
    y = pdf.get_y() + 0.5
    centre_left = pdf.l_margin + _LEFT_WIDTH / 2
    right_width = pdf.w - pdf.l_margin - pdf.r_margin - _LEFT_WIDTH
    centre_right = pdf.l_margin + _LEFT_WIDTH + right_width / 2
    if heading.issuer:
        pdf.line(centre_left - 12, y, centre_left + 12, y)
    pdf.line(centre_right - 30, y, centre_right + 30, y)
    pdf.ln(3)
    _two_blocks(
        pdf,
        [(heading.number_line(), "", 12)],
        [(heading.date_line(report.today), "I", 12)],
    )


def _counts_row(counts: StatusCounts) -> list[str]:
    return [vn_number(counts.total), *(vn_number(counts.get(s)) for s in STATUS_ORDER)]


def _summary(pdf: FPDF, report: Report) -> None:
    pdf.set_font(FONT, "B", 12)
    pdf.cell(0, LINE + 1, texts.REPORT_PDF_SUMMARY, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 11)
    totals = report.totals
    counts = "; ".join(
        texts.REPORT_PDF_COUNT.format(
            label=texts.STATUS_LABELS[s.value].lower(), count=totals.get(s)
        )
        for s in STATUS_ORDER
        if totals.get(s)
    )
    pdf.multi_cell(
        0,
        LINE,
        texts.REPORT_PDF_TOTALS.format(total=vn_number(totals.total), counts=counts),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(1)
    if not report.by_unit:
        pdf.multi_cell(0, LINE, texts.REPORT_EMPTY, new_x="LMARGIN", new_y="NEXT")
        return
    headings = [
        texts.REPORT_COL_NO,
        texts.REPORT_COL_UNIT,
        texts.REPORT_COL_TOTAL,
        *(texts.STATUS_LABELS[s.value] for s in STATUS_ORDER),
    ]
    widths = (10, 45, 16, *([15] * len(STATUS_ORDER)))
    pdf.set_font(FONT, "", 9)
    with pdf.table(
        col_widths=widths,
        text_align=("RIGHT", "LEFT", *(["RIGHT"] * (len(widths) - 2))),
        line_height=4.5,
        headings_style=FontFace(emphasis="BOLD", fill_color=_HEADER_FILL),
    ) as table:
        table.row(headings)
        for n, unit in enumerate(report.by_unit, start=1):
            table.row([str(n), _text(unit.unit_name), *_counts_row(unit)])
        pdf.set_font(FONT, "B", 9)
        table.row(["", texts.REPORT_TOTAL, *_counts_row(report.totals)])
    pdf.set_font(FONT, "", 11)


def _overdue(pdf: FPDF, report: Report) -> None:
    if pdf.get_y() > pdf.h - pdf.b_margin - 40:
        pdf.add_page()  # the heading stays with the first rows of its table
    pdf.ln(3)
    pdf.set_font(FONT, "B", 12)
    pdf.cell(0, LINE + 1, texts.REPORT_PDF_OVERDUE, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 11)
    if not report.overdue:
        pdf.multi_cell(0, LINE, texts.REPORT_PDF_NO_OVERDUE, new_x="LMARGIN", new_y="NEXT")
        return
    pdf.set_font(FONT, "", 9)
    with pdf.table(
        col_widths=(10, 15, 34, 62, 34, 21),
        text_align=("RIGHT", "RIGHT", "LEFT", "LEFT", "LEFT", "LEFT"),
        line_height=4.5,
        headings_style=FontFace(emphasis="BOLD", fill_color=_HEADER_FILL),
    ) as table:
        table.row(
            [
                texts.REPORT_COL_NO,
                texts.REPORT_COL_DAYS_LATE,
                texts.REPORT_COL_UNIT,
                texts.REPORT_COL_TASK,
                texts.REPORT_COL_DOCUMENT,
                texts.REPORT_COL_DEADLINE,
            ]
        )
        for n, row in enumerate(report.overdue[:OVERDUE_SHOWN], start=1):
            document = document_label(
                row.document_number, row.document_type_name, row.document_issued
            )
            if row.place:
                document += f", {texts.REPORT_COL_ITEM.lower()} {row.place}"
            table.row(
                [
                    str(n),
                    str(row.days_overdue),
                    _text(", ".join(row.lead_names)),
                    _text(row.task),
                    _text(document),
                    vn_date(row.effective_deadline),
                ]
            )
    pdf.set_font(FONT, "I", 10)
    pdf.ln(1)
    if len(report.overdue) > OVERDUE_SHOWN:
        more = texts.DOC_PREVIEW_MORE.format(count=len(report.overdue) - OVERDUE_SHOWN)
        pdf.multi_cell(0, LINE, more, new_x="LMARGIN", new_y="NEXT")
    pdf.multi_cell(0, LINE, texts.REPORT_PDF_ANNEX, new_x="LMARGIN", new_y="NEXT")


def _signature(pdf: FPDF, heading: FormalHeading) -> None:
    """Nơi nhận on the left, who signs on the right; kept together on one page."""
    left = [(texts.REPORT_RECIPIENTS, "BI", 11.0)]
    left += [(f"- {r}", "", 10.0) for r in heading.recipients]
    right = [(line, "B", 12.0) for line in (heading.authority, heading.signer_title) if line]
    right += [("", "", 12.0)] * 4
    right.append((heading.signer_name, "B", 12.0))
    need = LINE * (max(len(left), len(right)) + 2) + 4
    if pdf.get_y() + need > pdf.h - pdf.b_margin:
        pdf.add_page()
    pdf.ln(4)
    _two_blocks(pdf, left, right, left_align="L")


def report_pdf(report: Report, heading: FormalHeading) -> bytes:
    """The báo cáo as PDF bytes (A4 portrait)."""
    pdf = _Document(orientation="P", unit="mm", format="A4")
    for style, name in _FONT_FILES.items():
        pdf.add_font(FONT, style, str(FONTS / name))
    pdf.set_margins(20, 15, 15)
    pdf.set_auto_page_break(True, margin=18)
    pdf.set_title(texts.REPORT_TITLE)
    pdf.set_creator(texts.WEB_APP_NAME)
    pdf.add_page()
    _heading(pdf, heading, report)
    pdf.ln(6)
    pdf.set_font(FONT, "B", 14)
    pdf.cell(0, LINE + 1.5, texts.REPORT_KIND, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "B", 13)
    pdf.cell(0, LINE + 1, texts.REPORT_FORMAL_TITLE, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "I", 11)
    for line in [*scope_lines(report), texts.REPORT_AS_OF.format(today=vn_date(report.today))]:
        pdf.multi_cell(0, LINE, _text(line), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    _summary(pdf, report)
    _overdue(pdf, report)
    _signature(pdf, heading)
    return bytes(pdf.output())


__all__ = ["report_pdf"]
