"""Measure PDF text readers on Vietnamese PDFs: correctness of phrases and ms per page.

Run: .venv/bin/python bench/pdf_readers.py
Builds five PDFs with fpdf2 and matplotlib's DejaVu Sans in a temporary folder, reads each
with pypdfium2, pypdf and pdfplumber, and prints how many expected phrases each library
recovers (after NFC and whitespace collapsing) and how long it takes per page.
"""

from __future__ import annotations

import re
import statistics
import tempfile
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path

import matplotlib
from fpdf import FPDF

FONT = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"

PHRASES = [
    "Cộng hòa xã hội chủ nghĩa Việt Nam",
    "Độc lập - Tự do - Hạnh phúc",
    "Giao phòng Nội vụ huyện tiếp thu ý kiến",
    "thời gian thực hiện xong trước ngày 05/3/2023",
    "Ủy ban Mặt trận Tổ quốc",
]
BODY = (
    "Giao phòng Nội vụ huyện tiếp thu ý kiến của các vị đại biểu, phối hợp với Ủy ban Mặt "
    "trận Tổ quốc, các tổ chức chính trị - xã hội huyện hoàn thiện Quy chế phối hợp; thời "
    "gian thực hiện xong trước ngày 05/3/2023. Đề nghị các cơ quan, đơn vị nghiêm túc thực "
    "hiện, báo cáo kết quả về Văn phòng HĐND và UBND huyện."
)
HEADER_LEFT = ["UBND HUYỆN TÂN YÊN", "Số: 45/TB-UBND"]
HEADER_RIGHT = ["Cộng hòa xã hội chủ nghĩa Việt Nam", "Độc lập - Tự do - Hạnh phúc"]


def _pdf() -> FPDF:
    pdf = FPDF(format="A4")
    pdf.add_font("DejaVu", fname=str(FONT))
    pdf.set_font("DejaVu", size=11)
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_page()
    return pdf


def _body(pdf: FPDF, text: str) -> None:
    decompose = text != nfc(text)
    for phrase in PHRASES[:2]:
        line = unicodedata.normalize("NFD", phrase) if decompose else phrase
        pdf.multi_cell(0, 6, new_x="LMARGIN", new_y="NEXT", text=line)
    pdf.multi_cell(0, 6, new_x="LMARGIN", new_y="NEXT", text=text)


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def make_nfc(path: Path) -> int:
    pdf = _pdf()
    _body(pdf, BODY)
    pdf.output(str(path))
    return 1


def make_nfd(path: Path) -> int:
    pdf = _pdf()
    _body(pdf, unicodedata.normalize("NFD", BODY))
    pdf.output(str(path))
    return 1


def make_spaced(path: Path, spacing: float) -> int:
    pdf = _pdf()
    pdf.set_font_size(7)
    pdf.set_char_spacing(spacing)
    _body(pdf, BODY)
    pdf.output(str(path))
    return 1


def make_header(path: Path) -> int:
    pdf = _pdf()
    y = pdf.get_y()
    for i, (left, right) in enumerate(zip(HEADER_LEFT, HEADER_RIGHT, strict=True)):
        pdf.set_xy(10, y + 6 * i)
        pdf.cell(80, 6, text=left, align="C")
        pdf.set_xy(95, y + 6 * i)
        pdf.cell(105, 6, text=right, align="C")
    pdf.set_xy(10, y + 20)
    pdf.multi_cell(0, 6, new_x="LMARGIN", new_y="NEXT", text=BODY)
    pdf.multi_cell(0, 6, new_x="LMARGIN", new_y="NEXT", text=PHRASES[4])
    pdf.output(str(path))
    return 1


def make_long(path: Path) -> int:
    pdf = _pdf()
    for phrase in PHRASES:
        pdf.multi_cell(0, 6, new_x="LMARGIN", new_y="NEXT", text=phrase)
    while pdf.page_no() < 20:
        pdf.multi_cell(0, 6, new_x="LMARGIN", new_y="NEXT", text=BODY, align="J")
    return _finish(pdf, path)


def _finish(pdf: FPDF, path: Path) -> int:
    pages: int = pdf.page_no()
    pdf.output(str(path))
    return pages


def read_pypdfium2(path: Path) -> str:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(path))
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in doc)
    finally:
        doc.close()


def read_pypdf(path: Path) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(str(path)).pages)


def read_pdfplumber(path: Path) -> str:
    import pdfplumber

    with pdfplumber.open(str(path)) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


READERS: dict[str, Callable[[Path], str]] = {
    "pypdfium2": read_pypdfium2,
    "pypdf": read_pypdf,
    "pdfplumber": read_pdfplumber,
}


def _key(text: str) -> str:
    return re.sub(r"\s+", " ", nfc(text)).strip()


def main() -> None:
    makers: dict[str, Callable[[Path], int]] = {
        "NFC text": make_nfc,
        "NFD text": make_nfd,
        "letter spacing +1pt @7pt": lambda p: make_spaced(p, 1),
        "letter spacing +2pt @7pt": lambda p: make_spaced(p, 2),
        "2-column header": make_header,
        "20 pages justified": make_long,
    }
    with tempfile.TemporaryDirectory() as tmp:
        files = {}
        for name, maker in makers.items():
            path = Path(tmp) / (re.sub(r"\W+", "_", name) + ".pdf")
            files[name] = (path, maker(path))
        print(f"| case | {' | '.join(READERS)} |")
        print(f"|---|{'---|' * len(READERS)}")
        for name, (path, pages) in files.items():
            cells = []
            for reader in READERS.values():
                timings = []
                text = ""
                for _ in range(3):
                    start = time.perf_counter()
                    text = reader(path)
                    timings.append((time.perf_counter() - start) * 1000 / pages)
                key = _key(text)
                phrases = PHRASES if name != "2-column header" else [*HEADER_LEFT, *HEADER_RIGHT]
                found = sum(1 for phrase in phrases if _key(phrase) in key)
                cells.append(f"{found}/{len(phrases)}, {statistics.median(timings):.1f} ms/p")
            print(f"| {name} | {' | '.join(cells)} |")


if __name__ == "__main__":
    main()
