"""`giaoviec progress` and `giaoviec report` end to end, on SQLite and PostgreSQL."""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from pathlib import Path

import pytest
from openpyxl import load_workbook

from bot.cli import main
from handlers import texts

# A notice written for these tests: two tasks with deadlines, one without.
NOTICE_30 = """UBND HUYỆN TÂN YÊN
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 30/TB-UBND
Tân Yên, ngày 01 tháng 3 năm 2023
THÔNG BÁO
Kết luận của Chủ tịch UBND huyện tại cuộc họp giao ban tháng 3
Chủ tịch UBND huyện kết luận như sau:
1. Giao Phòng Nội vụ huyện rà soát quy chế làm việc của UBND huyện; hoàn thành trước ngày 10/3/2023.
2. Giao Phòng Tài chính - Kế hoạch tham mưu phân bổ kinh phí sự nghiệp; hoàn thành trước ngày 31/3/2023.
3. Giao Phòng Văn hóa và Thông tin tuyên truyền về chuyển đổi số trên địa bàn huyện.
Văn phòng HĐND và UBND huyện thông báo để các cơ quan, đơn vị biết, thực hiện./.
Nơi nhận:
- Như trên;
- Lưu: VT.
TL. CHỦ TỊCH
CHÁNH VĂN PHÒNG
Nguyễn Văn An
"""


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str


def run(*argv: str | Path) -> Run:
    out, err = io.StringIO(), io.StringIO()
    code = main([str(a) for a in argv], out=out, err=err)
    return Run(code, out.getvalue(), err.getvalue())


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GIAOVIEC_CONFIG", raising=False)


@pytest.fixture
def stocked(db_url: str, tmp_path: Path) -> dict[str, int]:
    """The notice ingested; ids by the lead unit's short name."""
    path = tmp_path / "tb30.txt"
    path.write_text(NOTICE_30, encoding="utf-8")
    assert run("--db", db_url, "ingest", path).code == 0
    listed = run("--db", db_url, "list", "--json")
    ids: dict[str, int] = {}
    for line in listed.out.splitlines():
        item = json.loads(line)
        ids[item["lead"][0].split()[1]] = item["id"]  # "Phòng Nội vụ huyện" -> "Nội"
    assert set(ids) == {"Nội", "Tài", "Văn"}
    return ids


def test_progress_then_report(db_url: str, stocked: dict[str, int], tmp_path: Path) -> None:
    done = run(
        "--db",
        db_url,
        "progress",
        stocked["Nội"],
        "xong",
        "--completed",
        "2023-03-10",
        "--evidence",
        "12/BC-NV",
    )
    assert done.code == 0, done.err
    assert done.out.splitlines()[0] == "Đã ghi nhận việc {}: Đã hoàn thành.".format(stocked["Nội"])
    assert "Hoàn thành đúng hạn (hạn 10/03/2023)" in done.out
    doing = run(
        "--db",
        db_url,
        "progress",
        stocked["Tài"],
        "Đang thực hiện",
        "--percent",
        "40",
        "--note",
        "chờ số liệu các xã",
    )
    assert doing.code == 0, doing.err
    stuck = run("--db", db_url, "progress", stocked["Văn"], "vuong-mac", "--note", "thiếu máy")
    assert stuck.code == 0, stuck.err
    assert "Chưa có hạn" in stuck.out

    xlsx, png = tmp_path / "bc.xlsx", tmp_path / "bc.png"
    made = run(
        "--db",
        db_url,
        "report",
        "--from",
        "2023-03-01",
        "--to",
        "2023-03-31",
        "--today",
        "2023-04-03",
        "--xlsx",
        xlsx,
        "--png",
        png,
    )
    assert made.code == 0, made.err
    # The task without a deadline counts in the period of its document's date.
    assert texts.CLI_REPORT_WRITTEN.format(path=xlsx, rows=3) in made.out
    assert "  Hoàn thành đúng hạn: 1" in made.out
    assert "  Đang thực hiện quá hạn: 1" in made.out
    assert "Việc {} · Phòng Tài chính - Kế hoạch".format(stocked["Tài"]) in made.out
    assert png.read_bytes().startswith(b"\x89PNG")
    workbook = load_workbook(xlsx)
    assert workbook.sheetnames == [
        texts.REPORT_SHEET_UNITS,
        texts.REPORT_SHEET_DOCUMENTS,
        texts.REPORT_SHEET_OVERDUE,
        texts.REPORT_SHEET_DETAIL,
    ]
    detail = workbook[texts.REPORT_SHEET_DETAIL]
    notes = [row[-1] for row in detail.iter_rows(min_row=7, values_only=True)]
    assert notes == [
        "Đã hoàn thành; hoàn thành ngày 10/03/2023; theo 12/BC-NV",
        "Đang thực hiện; 40%; chờ số liệu các xã",
        "Gặp vướng mắc; vướng mắc: thiếu máy",
    ]

    unit = run(
        "--db",
        db_url,
        "report",
        "--unit",
        "Phòng Văn hóa và Thông tin",
        "--today",
        "2023-04-03",
        "--xlsx",
        tmp_path / "vh.xlsx",
    )
    assert unit.code == 0, unit.err
    assert "  Chưa có hạn: 1" in unit.out
    assert texts.CLI_REPORT_WRITTEN.format(path=tmp_path / "vh.xlsx", rows=1) in unit.out


def test_refusals_are_clear_and_change_nothing(
    db_url: str, stocked: dict[str, int], tmp_path: Path
) -> None:
    cases = [
        (("progress", stocked["Nội"], "xong", "--percent", "140"), "Tỷ lệ hoàn thành"),
        (("progress", 9999, "xong"), "Không có nhiệm vụ mã 9999."),
        (("progress", stocked["Nội"], "lam-roi"), "Không hiểu trạng thái «lam-roi»"),
        (("progress", stocked["Nội"], "xong", "--occurrence", "2023-03-10"), "định kỳ"),
        (
            ("report", "--from", "2023-04-01", "--to", "2023-03-01", "--xlsx", "a.xlsx"),
            "ngày bắt đầu 01/04/2023 sau ngày kết thúc 01/03/2023",
        ),
        (("report", "--xlsx", tmp_path / "no" / "such" / "a.xlsx"), texts.CLI_REPORT_NO_FOLDER),
        (("report", "--xlsx", tmp_path), texts.CLI_REPORT_IS_FOLDER),
        (("report", "--unit", "Phòng Không Có", "--xlsx", "a.xlsx"), "Không tìm thấy đơn vị"),
        (("report",), "--xlsx"),
    ]
    for argv, message in cases:
        result = run("--db", db_url, *argv)
        assert result.code == 2, argv
        assert message in result.err, (argv, result.err)
        assert "Traceback" not in result.err
    made = run("--db", db_url, "report", "--today", "2023-03-13", "--xlsx", "all.xlsx")
    assert "  Đang thực hiện quá hạn: 1" in made.out  # nothing was recorded for task 1


def test_the_office_may_require_confirmation(
    db_url: str, stocked: dict[str, int], tmp_path: Path
) -> None:
    config = tmp_path / "config.toml"
    config.write_text("[progress]\nrequire_confirmation = true\ndue_soon_days = 5\n")
    done = run("--config", config, "--db", db_url, "progress", stocked["Tài"], "xong")
    assert done.code == 0, done.err
    assert texts.CLI_PROGRESS_AWAITING in done.out
    assert "Hoàn thành" not in done.out.splitlines()[-1]  # not counted until confirmed


@pytest.mark.parametrize(
    ("table", "key"),
    [
        ("require_confirmation = 1", "progress.require_confirmation"),
        ("due_soon_days = -2", "progress.due_soon_days"),
    ],
)
def test_bad_progress_settings_are_named(tmp_path: Path, table: str, key: str) -> None:
    config = tmp_path / "config.toml"
    config.write_text(f"[progress]\n{table}\n")
    result = run("--config", config, "report", "--xlsx", "a.xlsx")
    assert result.code == 2
    assert key in result.err


def test_what_the_command_line_types_cannot_break_a_report(
    db_url: str, stocked: dict[str, int], tmp_path: Path
) -> None:
    noted = run(
        "--db",
        db_url,
        "progress",
        stocked["Nội"],
        "xong",
        "--note",
        "xong 1 theo báo cáo số 30/BC-NV\x01\x00",
        "--evidence",
        "30/BC-NV\x1f",
    )
    assert noted.code == 0, noted.err
    for _ in range(2):  # the note does not poison later reports
        made = run(
            "--db", db_url, "report", "--today", "2023-03-20", "--xlsx", tmp_path / "r.xlsx"
        )
        assert made.code == 0, made.err
        workbook = load_workbook(tmp_path / "r.xlsx")
        cells = [
            str(c.value) for row in workbook[texts.REPORT_SHEET_DETAIL].iter_rows() for c in row
        ]
        assert any("30/BC-NV" in c for c in cells)
        assert not any("\x01" in c or "\x1f" in c for c in cells)
    for number in (str(2**63), "9" * 5000, "²"):
        refused = run("--db", db_url, "progress", number, "xong")
        assert refused.code == 2
        assert "Mã việc không hợp lệ" in refused.err
        assert "Traceback" not in refused.err
