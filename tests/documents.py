"""Test-document makers: write a seed text as .txt (many encodings), .docx, legacy .docx and .pdf.

Every maker takes the seed text (the content of samples/s00-thong-bao-ket-luan.txt) and a
target path. `layout_text` gives the text in the reading order the .docx and .pdf makers lay
it out in (header and signature blocks as 2-column tables), for comparing what readers return.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import cast

import docx
import matplotlib
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.table import _Cell
from docx.text.paragraph import Paragraph
from fpdf import FPDF
from viparse.normalize.tcvn3 import TCVN3
from viparse.normalize.vni import VNI

SEED = Path(__file__).resolve().parent.parent / "samples" / "s00-thong-bao-ket-luan.txt"
DEJAVU = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"
ISSUER = "UBND HUYỆN TÂN YÊN"
NATIONAL = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
_SIGNATURE = re.compile(r"^\**\s*(TL|KT|TM|TUQ|Q)\.")


def seed_text() -> str:
    """The seed notice as stored in the repository."""
    return SEED.read_text(encoding="utf-8")


@dataclass(frozen=True)
class Layout:
    """Where the lines of a notice go in a real-looking document."""

    header: tuple[tuple[str, str], ...]  # rows of (left cell, right cell); "\n" inside a cell
    body: tuple[str, ...]
    footer: tuple[str, str]  # (Nơi nhận block, signature block)


def layout(text: str) -> Layout:
    """Split a notice: số and date lines to the header table, Nơi nhận and signer to the footer."""
    lines = [line.strip() for line in text.splitlines()]
    nonempty = [line for line in lines if line]
    number = next((line for line in nonempty[:6] if re.match(r"Số\s*:?\s*[\d/]", line)), "")
    dated = next((line for line in nonempty[:6] if re.search(r",\s*ngày", line)), "")
    start = max(nonempty.index(number) if number else -1, nonempty.index(dated) if dated else -1)
    rest = nonempty[start + 1 :]
    recipients = next((i for i, line in enumerate(rest) if line.startswith("Nơi nhận")), len(rest))
    signer = next(
        (i for i, line in enumerate(rest) if i > recipients and _SIGNATURE.match(line)), len(rest)
    )
    header = ((ISSUER, "\n".join(NATIONAL)), (number, dated))
    footer = ("\n".join(rest[recipients:signer]), "\n".join(rest[signer:]))
    return Layout(header=header, body=tuple(rest[:recipients]), footer=footer)


def layout_text(text: str, *, by_columns: bool = False) -> str:
    """The notice in the reading order of write_docx: table cells in row order.

    `by_columns` puts the header's left column before its right one, as PDF text comes out.
    """
    header = layout(text).header
    if by_columns:
        header = tuple(zip(*header, strict=True))
    parts = [cell for row in header for cell in row]
    parts += layout(text).body
    parts += layout(text).footer
    return "\n".join(parts)


# --- plain text ------------------------------------------------------------------------------


def write_txt(text: str, path: Path, encoding: str = "utf-8") -> Path:
    """Write `text` in utf-8, utf-8-sig, utf-16, cp1258 (decomposed, as Windows does), or
    "tcvn3"/"vni" (legacy bytes, as an old editor saved them)."""
    if encoding in ("tcvn3", "vni"):
        data = encode_legacy(text, encoding).encode("latin-1")
    elif encoding == "cp1258":
        data = _cp1258_decomposed(text).encode("cp1258", errors="strict")
    else:
        data = text.encode(encoding)
    path.write_bytes(data)
    return path


_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")


def _cp1258_decomposed(text: str) -> str:
    """Letters as Windows-1258 keeps them: base vowel precomposed, tone as a combining mark."""
    out = []
    for char in unicodedata.normalize("NFC", text):
        parts = unicodedata.normalize("NFD", char)
        tones = "".join(c for c in parts if c in _TONES)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONES))
        out.append(base + tones)
    return "".join(out)


def write_nfd_txt(text: str, path: Path) -> Path:
    """Write `text` fully decomposed (NFD) in UTF-8, as macOS tools do."""
    path.write_bytes(unicodedata.normalize("NFD", text).encode("utf-8"))
    return path


# --- legacy encoders (inverted from viparse's decode tables) ----------------------------------

_TCVN3_ENCODE = {unicode: legacy for legacy, unicode in TCVN3.pairs if len(legacy) == 1}
_VNI_ENCODE = {unicode: legacy for legacy, unicode in VNI.pairs}
# viparse's VNI table lacks ẳ/Ẳ; VNI writes them with the U+00FA/U+00DA mark.
_VNI_ENCODE.update({"ẳ": "aú", "Ẳ": "AÚ"})


def tcvn3_needs_capitals_font(char: str) -> bool:
    """Whether TCVN3 can only show `char` through a capitals font such as `.VnTimeH`."""
    return char.isupper() and char not in _TCVN3_ENCODE and not char.isascii()


def encode_legacy(text: str, encoding: str) -> str:
    """Unicode -> TCVN3 or VNI characters (one Latin-1 character per legacy byte).

    TCVN3 has no capital toned letters: they are written with the lower-case byte, which a
    `.VnTimeH` font draws as a capital.
    """
    table = _TCVN3_ENCODE if encoding == "tcvn3" else _VNI_ENCODE
    out = []
    for char in unicodedata.normalize("NFC", text):
        if char in table:
            out.append(table[char])
        elif encoding == "tcvn3" and char.lower() in table:
            out.append(table[char.lower()])
        elif char.isascii() or not "\u00a0" <= char <= "\u00ff":
            out.append(char)  # punctuation such as – and … has no legacy byte to collide with
        else:
            raise ValueError(f"{encoding} cannot encode {char!r}")
    return "".join(out)


# --- docx ------------------------------------------------------------------------------------


def _add_run(paragraph: Paragraph, text: str, font: str | None) -> None:
    """Append a run; U+00AD becomes <w:softHyphen/> as Word stores TCVN3's ư."""
    run = paragraph.add_run()
    if font:
        run.font.name = font
    for i, piece in enumerate(text.split("\u00ad")):
        if i:
            run._r.append(OxmlElement("w:softHyphen"))
        if piece:
            t = OxmlElement("w:t")
            t.set(qn("xml:space"), "preserve")
            t.text = piece
            run._r.append(t)


def _runs(text: str, encoding: str | None, font: str | None) -> list[tuple[str, str | None]]:
    """Split a line into (stored text, font) runs for `encoding` (None: Unicode as is)."""
    if encoding is None:
        return [(text, font)]
    if encoding == "vni":
        return [(encode_legacy(text, "vni"), font)]
    if text == text.upper():
        return [(encode_legacy(text, "tcvn3"), ".VnTimeH")]
    runs: list[tuple[str, str | None]] = []
    for char in text:
        run_font = ".VnTimeH" if tcvn3_needs_capitals_font(char) else font
        stored = encode_legacy(char, "tcvn3")
        if runs and runs[-1][1] == run_font:
            runs[-1] = (runs[-1][0] + stored, run_font)
        else:
            runs.append((stored, run_font))
    return runs


def _fill(paragraph: Paragraph, text: str, encoding: str | None, font: str | None) -> None:
    for stored, run_font in _runs(text, encoding, font):
        _add_run(paragraph, stored, run_font)


def _fill_cell(cell: _Cell, text: str, encoding: str | None, font: str | None) -> None:
    for i, line in enumerate(text.split("\n")):
        paragraph = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
        _fill(paragraph, line, encoding, font)


def _write_docx(
    text: str, path: Path, encoding: str | None, font: str | None, cell_font: str | None
) -> Path:
    parts = layout(text)
    document = docx.Document()
    if font:
        document.styles["Normal"].font.name = font
    header = document.add_table(rows=len(parts.header), cols=2)
    for row, cells in zip(header.rows, parts.header, strict=True):
        for cell, value in zip(row.cells, cells, strict=True):
            _fill_cell(cell, value, encoding, cell_font)
    for line in parts.body:
        # Body runs carry no font of their own: the Normal style gives it.
        _fill(document.add_paragraph(), line, encoding, None)
    footer = document.add_table(rows=1, cols=2)
    for cell, value in zip(footer.rows[0].cells, parts.footer, strict=True):
        _fill_cell(cell, value, encoding, cell_font)
    document.save(str(path))
    return path


def write_docx(text: str, path: Path) -> Path:
    """A real-looking Unicode .docx: 2-column header table, body paragraphs, 2-column footer."""
    return _write_docx(text, path, None, "Times New Roman", None)


def write_legacy_docx(text: str, path: Path, encoding: str) -> Path:
    """The write_docx layout typed in `.VnTime` (encoding "tcvn3") or `VNI-Times` ("vni")."""
    font = ".VnTime" if encoding == "tcvn3" else "VNI-Times"
    return _write_docx(text, path, encoding, font, font)


# --- pdf -------------------------------------------------------------------------------------


def _pdf_font(size: float) -> FPDF:
    pdf = FPDF(format="A4")
    pdf.add_font("DejaVu", fname=str(DEJAVU))
    pdf.set_font("DejaVu", size=size)
    pdf.set_margins(20, 15, 15)
    pdf.set_auto_page_break(True, margin=15)
    return pdf


def _columns(pdf: FPDF, left: str, right: str, line_height: float, align: str = "C") -> None:
    """Two text columns starting at the same height, as Word lays out a 2-column table."""
    widths = (70, 100)
    rows = max(
        len(cast(list[str], pdf.multi_cell(w, line_height, text=v, dry_run=True, output="LINES")))
        for w, v in zip(widths, (left, right), strict=True)
    )
    if pdf.get_y() + rows * line_height > pdf.h - pdf.b_margin:
        pdf.add_page()  # a table row is not split across pages
    top = pdf.get_y()
    pdf.set_xy(20, top)
    pdf.multi_cell(widths[0], line_height, text=left, align=align, new_x="LMARGIN", new_y="NEXT")
    bottom = pdf.get_y()
    pdf.set_xy(95, top)
    pdf.multi_cell(widths[1], line_height, text=right, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_y(max(bottom, pdf.get_y()))


def write_pdf(text: str, path: Path) -> Path:
    """An A4 PDF with a text layer: the write_docx layout, long paragraphs wrapped."""
    parts = layout(text)
    pdf = _pdf_font(11)
    pdf.add_page()
    for left, right in parts.header:
        _columns(pdf, left, right, 5.5)
    pdf.ln(6)
    for line in parts.body:
        pdf.multi_cell(0, 5.5, text=line, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
    pdf.ln(4)
    left, right = parts.footer
    pdf.set_font_size(9)
    _columns(pdf, left, right, 4.5, align="L")
    pdf.output(str(path))
    return path


def write_scanned_pdf(path: Path) -> Path:
    """An image-only PDF (no text layer), as a scanner makes."""
    import io

    from PIL import Image, ImageDraw

    image = Image.new("L", (600, 800), 255)
    draw = ImageDraw.Draw(image)
    for y in range(60, 760, 24):
        draw.rectangle((50, y, 550, y + 10), fill=0)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.image(buffer, x=10, y=10, w=190)
    pdf.output(str(path))
    return path
