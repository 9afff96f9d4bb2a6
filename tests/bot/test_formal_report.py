"""The formal report: `giaoviec report --pdf` and the Excel workbook carry the national heading,
the issuing body and number/date line from [report], a signature block and page numbers; a
task led by a group counts for its member units."""

from __future__ import annotations

import io
from pathlib import Path

import pypdfium2
import pytest
from openpyxl import load_workbook

from bot.cli import main
from bot.config import ConfigError, load_settings
from handlers import texts

NOTICE = """UBND HUYỆN TÂN YÊN
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 31/TB-UBND
Tân Yên, ngày 01 tháng 3 năm 2023
THÔNG BÁO
Kết luận của Chủ tịch UBND huyện tại cuộc họp giao ban tháng 3
Chủ tịch UBND huyện kết luận như sau:
1. Giao Phòng Nội vụ huyện rà soát quy chế làm việc của UBND huyện; hoàn thành trước ngày 10/3/2023.
2. Giao các phòng chuyên môn thuộc UBND huyện rà soát thủ tục hành chính thuộc lĩnh vực quản lý; hoàn thành trước ngày 31/3/2023.
Văn phòng HĐND và UBND huyện thông báo để các cơ quan, đơn vị biết, thực hiện./.
"""

CONFIG = """[report]
parent = "UBND tỉnh Bắc Giang"
issuer = "UBND huyện Tân Yên"
number = "15/BC-UBND"
place = "Tân Yên"
authority = "TM. ỦY BAN NHÂN DÂN"
signer_title = "CHỦ TỊCH"
signer_name = "Nguyễn Văn An"
recipients = ["Thường trực Huyện ủy", "Lưu: VT"]
"""


def run(*argv: str | Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main([str(a) for a in argv], out=out, err=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def office(tmp_path: Path, db_url: str) -> tuple[Path, str]:
    notice = tmp_path / "tb31.txt"
    notice.write_text(NOTICE, encoding="utf-8")
    config = tmp_path / "config.toml"
    config.write_text(CONFIG, encoding="utf-8")
    code, _, err = run("--db", db_url, "--config", config, "ingest", notice)
    assert code == 0, err
    return config, db_url


def page_texts(path: Path) -> list[str]:
    document = pypdfium2.PdfDocument(str(path))
    try:
        return [document[i].get_textpage().get_text_range() for i in range(len(document))]
    finally:
        document.close()


def flat(text: str) -> str:
    return " ".join(text.split())


def test_the_pdf_report_is_a_bao_cao(office: tuple[Path, str], tmp_path: Path) -> None:
    config, db = office
    pdf = tmp_path / "bao-cao.pdf"
    code, out, err = run(
        "--db", db, "--config", config, "report", "--today", "2023-03-20", "--pdf", pdf
    )
    assert code == 0, err
    assert texts.CLI_REPORT_PDF_WRITTEN.format(path=pdf) in out
    assert pdf.read_bytes().startswith(b"%PDF")
    pages = [flat(p) for p in page_texts(pdf)]
    first = pages[0]
    for line in (
        texts.NATIONAL_NAME,
        texts.NATIONAL_MOTTO,
        "UBND TỈNH BẮC GIANG",
        "UBND HUYỆN TÂN YÊN",
        "Số: 15/BC-UBND",
        "Tân Yên, ngày 20 tháng 03 năm 2023",
        texts.REPORT_KIND,
    ):
        assert line in first, line
    assert first.index(texts.NATIONAL_NAME) < first.index(texts.REPORT_KIND)
    assert f"Trang 1/{len(pages)}" in first
    last = pages[-1]
    for line in (
        "Nơi nhận:",
        "- Thường trực Huyện ủy",
        "TM. ỦY BAN NHÂN DÂN",
        "CHỦ TỊCH",
        "Nguyễn Văn An",
    ):
        assert line in last, line
    # the group's task counts for its members; the group is no row
    whole = " ".join(pages)
    assert "Phòng Tư pháp" in whole
    assert "Các phòng chuyên môn thuộc UBND huyện" not in whole


def test_the_excel_report_carries_the_heading_signature_and_page_numbers(
    office: tuple[Path, str], tmp_path: Path
) -> None:
    config, db = office
    xlsx = tmp_path / "bao-cao.xlsx"
    code, _, err = run(
        "--db", db, "--config", config, "report", "--today", "2023-03-20", "--xlsx", xlsx
    )
    assert code == 0, err
    workbook = load_workbook(xlsx)
    sheet = workbook[texts.REPORT_SHEET_UNITS]
    values = [[c for c in row if c not in (None, "")] for row in sheet.iter_rows(values_only=True)]
    assert values[0] == ["UBND TỈNH BẮC GIANG", texts.NATIONAL_NAME]
    assert values[1] == ["UBND HUYỆN TÂN YÊN", texts.NATIONAL_MOTTO]
    assert values[2] == ["Số: 15/BC-UBND", "Tân Yên, ngày 20 tháng 03 năm 2023"]
    cells = [v for row in values for v in row]
    total_at = cells.index(texts.REPORT_TOTAL)
    for line in (texts.REPORT_RECIPIENTS, "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Nguyễn Văn An"):
        assert cells.index(line) > total_at, line
    units = [row[1] for row in sheet.iter_rows(values_only=True) if isinstance(row[0], int)]
    assert "Phòng Nội vụ" in units
    assert "Phòng Tư pháp" in units
    assert "Các phòng chuyên môn thuộc UBND huyện" not in units
    # Phòng Nội vụ leads one task and is a member of the group that leads the other
    noi_vu = next(row for row in sheet.iter_rows(values_only=True) if row[1] == "Phòng Nội vụ")
    assert noi_vu[2] == 2
    for name in workbook.sheetnames:
        assert workbook[name].oddFooter.center.text == texts.REPORT_XLSX_FOOTER
    # the other sheets are annexes: no heading
    detail = workbook[texts.REPORT_SHEET_DETAIL]
    assert next(detail.iter_rows(values_only=True))[0] == texts.REPORT_TITLE


def test_a_report_without_a_file_to_write_says_so(office: tuple[Path, str]) -> None:
    config, db = office
    code, _, err = run("--db", db, "--config", config, "report")
    assert code == 2
    assert texts.CLI_REPORT_NEEDS_FILE in err


def test_the_report_table_is_validated(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[report]\nrecipients = "Lưu: VT"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"report\.recipients"):
        load_settings(config)
    config.write_text("[report]\nissuer = 5\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"report\.issuer"):
        load_settings(config)
    config.write_text('[report]\nissuer = " UBND xã A "\nrecipients = ["", "Lưu"]\n', "utf-8")
    settings = load_settings(config).report
    assert settings.issuer == "UBND xã A"
    assert settings.recipients == ("Lưu",)
    assert settings.symbol == "BC-UBND"


def test_without_a_report_table_the_heading_keeps_the_nation_and_a_blank_number(
    tmp_path: Path, db_url: str
) -> None:
    notice = tmp_path / "tb31.txt"
    notice.write_text(NOTICE, encoding="utf-8")
    code, _, err = run("--db", db_url, "ingest", notice)
    assert code == 0, err
    pdf = tmp_path / "bao-cao.pdf"
    code, _, err = run("--db", db_url, "report", "--today", "2023-03-20", "--pdf", pdf)
    assert code == 0, err
    first = flat(page_texts(pdf)[0])
    assert texts.NATIONAL_NAME in first
    assert "Số: /BC-UBND" in first
    assert "Ngày 20 tháng 03 năm 2023" in first
