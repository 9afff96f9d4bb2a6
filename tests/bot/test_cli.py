"""End-to-end tests of the `giaoviec` command line: in-process through main(), and as processes."""

from __future__ import annotations

import io
import json
import os
import re
import runpy
import subprocess
import sys
import tracemalloc
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy

from bot.cli import main
from knowledge.db import BULK_LOADED_TABLES, make_engine
from knowledge.readers import DEFAULT_MAX_BYTES, read_document
from knowledge.text import fold
from tests import documents

REPO = Path(__file__).resolve().parent.parent.parent
SEED = documents.SEED
ISSUED = "2023-02-28"
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

# Small notices written for these tests (not taken from any corpus passage).
NOTICE_12 = """UBND HUYỆN TÂN YÊN
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 12/TB-UBND
Tân Yên, ngày 06 tháng 3 năm 2023
THÔNG BÁO
Kết luận của Chủ tịch UBND huyện tại cuộc họp về công tác phòng, chống dịch bệnh trên đàn vật nuôi
Ngày 03/3/2023, Chủ tịch UBND huyện chủ trì cuộc họp về công tác phòng, chống dịch bệnh trên \
đàn vật nuôi. Chủ tịch UBND huyện kết luận như sau:
1. Giao Phòng Nông nghiệp và Phát triển nông thôn chủ trì, phối hợp với UBND các xã, thị trấn \
kiểm tra tình hình dịch bệnh trên đàn vật nuôi; hoàn thành trước ngày 20/3/2023.
2. Giao Phòng Tài chính - Kế hoạch tham mưu bố trí kinh phí mua vắc xin; hoàn thành trước \
ngày 31/3/2023.
Văn phòng HĐND và UBND huyện thông báo để các cơ quan, đơn vị biết, thực hiện./.
Nơi nhận:
- Như trên;
- Lưu: VT.
TL. CHỦ TỊCH
CHÁNH VĂN PHÒNG
Nguyễn Văn An
"""
# The correction: item 1 due five days later, item 3 added, item 2 untouched.
NOTICE_12_CORRECTED = NOTICE_12.replace("trước ngày 20/3/2023", "trước ngày 25/3/2023").replace(
    "Văn phòng HĐND và UBND huyện thông báo",
    "3. Giao Trung tâm Y tế huyện hướng dẫn các xã, thị trấn tiêu độc khử trùng chuồng trại; "
    "hoàn thành trước ngày 15/4/2023.\nVăn phòng HĐND và UBND huyện thông báo",
)
# Names a unit the registry does not know (a station of the district).
NOTICE_15 = """UBND HUYỆN TÂN YÊN
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 15/TB-UBND
Tân Yên, ngày 08 tháng 3 năm 2023
THÔNG BÁO
Ý kiến chỉ đạo của Chủ tịch UBND huyện về công tác tiêm phòng cho đàn vật nuôi
Chủ tịch UBND huyện có ý kiến chỉ đạo như sau:
1. Giao Trạm Chăn nuôi và Thú y huyện tổ chức tiêm phòng vắc xin cho đàn vật nuôi trên địa \
bàn; hoàn thành trước ngày 10/3/2023.
Văn phòng HĐND và UBND huyện thông báo để các cơ quan, đơn vị biết, thực hiện./.
Nơi nhận:
- Như trên;
- Lưu: VT.
TL. CHỦ TỊCH
CHÁNH VĂN PHÒNG
Nguyễn Văn An
"""
# No date line: --issued supplies the year of "trước ngày 15/4".
NOTICE_UNDATED = """UBND HUYỆN TÂN YÊN
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 20/TB-UBND
THÔNG BÁO
Ý kiến chỉ đạo của Chủ tịch UBND huyện về công tác vệ sinh môi trường
1. Giao Phòng Tài nguyên và Môi trường kiểm tra công tác thu gom rác thải tại các xã, thị \
trấn; hoàn thành trước ngày 15/4.
"""

SEED_FACTS = {  # (place, folded leads) of the seven seed assignments
    ("1", "mat tran to quoc"),
    ("2", "mat tran to quoc"),
    ("3", "cac phong chuyen mon"),
    ("3", "cac to chuc chinh tri - xa hoi"),
    ("4", "mat tran to quoc"),
    ("4", "cac co quan quan ly nha nuoc huyen"),
    ("5", "phong noi vu huyen"),
}


@dataclass(frozen=True)
class Run:
    """What one command did."""

    code: int
    out: str
    err: str


def run(*argv: str | Path) -> Run:
    out, err = io.StringIO(), io.StringIO()
    code = main([str(a) for a in argv], out=out, err=err)
    return Run(code, out.getvalue(), err.getvalue())


def listed(db_url: str, *filters: str) -> list[dict[str, Any]]:
    result = run("--db", db_url, "list", "--json", *filters)
    assert result.code == 0, result.err
    return [json.loads(line) for line in result.out.splitlines()]


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def ws(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def assert_refusal(result: Run, *needles: str) -> None:
    """Non-zero exit, a Vietnamese sentence on stderr naming what failed, no traceback."""
    assert result.code != 0
    assert "Traceback" not in result.err
    assert re.search(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", result.err)
    for needle in needles:
        assert needle in result.err, (needle, result.err)


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep a developer's ./config.toml, $GIAOVIEC_CONFIG and ./data out of the tests."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GIAOVIEC_CONFIG", raising=False)


# --- extract ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_json() -> dict[str, Any]:
    result = run("extract", "--json", "--issued", ISSUED, SEED)
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert len(lines) == 1, "extract --json prints exactly one JSON object"
    data: dict[str, Any] = json.loads(lines[0])
    return data


def test_extract_json_has_the_contract_shape(seed_json: dict[str, Any]) -> None:
    assert {"number", "type", "issuer", "issued", "title"} <= set(seed_json["document"])
    document = seed_json["document"]
    assert document["type"] == "thong_bao"
    assert fold(document["issuer"]) == "ubnd huyen tan yen"
    assert document["issued"] == ISSUED
    assert fold(document["title"]).startswith("ket luan cua chu tich ubnd huyen")

    assignments = seed_json["assignments"]
    assert len(assignments) == 7
    for a in assignments:
        assert {
            "lead",
            "cooperate",
            "task",
            "deadline",
            "deadline_text",
            "recurrence",
            "quote",
        } <= set(a)
        assert a["lead"]
        assert all(isinstance(n, str) and n for n in a["lead"])
        assert isinstance(a["cooperate"], list)
        assert isinstance(a["task"], str)
        assert a["task"]
        assert a["deadline"] is None or ISO_DATE.match(a["deadline"])
        assert a["deadline_text"] is None or isinstance(a["deadline_text"], str)
        assert a["recurrence"] is None or isinstance(a["recurrence"], str)
    assert [a["deadline"] for a in assignments] == [None] * 6 + ["2023-03-05"]
    assert fold(assignments[-1]["lead"][0]) == "phong noi vu huyen"
    assert "05/3/2023" in assignments[-1]["deadline_text"]


@pytest.mark.parametrize("index", range(7))
def test_extract_quote_is_text_of_the_document(seed_json: dict[str, Any], index: int) -> None:
    text = ws(read_document(SEED).plain_text())
    quote = seed_json["assignments"][index]["quote"]
    assert len(quote.split()) >= 5
    assert ws(quote) in text


def test_extract_the_documents_own_date_wins_over_issued(tmp_path: Path) -> None:
    path = write(tmp_path / "tb12.txt", NOTICE_12)
    result = run("extract", "--json", "--issued", "2020-01-01", path)
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert data["document"]["number"] == "12/TB-UBND"
    assert data["document"]["issued"] == "2023-03-06"
    assert [a["deadline"] for a in data["assignments"]] == ["2023-03-20", "2023-03-31"]


def test_extract_issued_gives_the_year_of_a_yearless_deadline(tmp_path: Path) -> None:
    path = write(tmp_path / "tb20.txt", NOTICE_UNDATED)
    data = json.loads(run("extract", "--json", "--issued", "2023-03-01", path).out)
    assert data["document"]["issued"] == "2023-03-01"
    assert [a["deadline"] for a in data["assignments"]] == ["2023-04-15"]


def test_extract_without_json_prints_vietnamese_lines(tmp_path: Path) -> None:
    result = run("extract", write(tmp_path / "tb12.txt", NOTICE_12))
    assert result.code == 0, result.err
    assert "12/TB-UBND" in result.out
    assert "Chủ trì: Phòng Tài chính - Kế hoạch" in result.out
    assert "31/03/2023" in result.out


# --- errors -------------------------------------------------------------------------------


def test_a_date_is_typed_as_officials_write_it_or_as_iso() -> None:
    for value in ("28/02/2023", "28/2/2023", "2023-02-28"):
        result = run("extract", "--json", "--issued", value, SEED)
        assert result.code == 0, result.err


def test_missing_file_is_named_in_vietnamese(tmp_path: Path) -> None:
    missing = tmp_path / "khong-co.docx"
    assert_refusal(run("extract", "--json", missing), "Không tìm thấy tệp", str(missing))


@pytest.mark.parametrize("value", ["2023-13-45", "31/02/2023", "05/03", "mai"])
def test_bad_issued_date_is_refused_in_vietnamese(value: str) -> None:
    result = run("extract", "--json", "--issued", value, SEED)
    assert result.code == 2
    assert_refusal(result, "Ngày không hợp lệ", value)
    assert "usage:" not in result.err
    assert "error:" not in result.err
    assert result.out == ""


def test_unknown_command_is_refused_in_vietnamese() -> None:
    result = run("bogus")
    assert result.code == 2
    assert_refusal(result, "Lệnh không hợp lệ", "bogus")


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        ("[storage\ndata_dir = ", "Cấu hình không hợp lệ"),
        ('[storage]\nmax_upload_mb = "nhiều"\n', "storage.max_upload_mb"),
        ("storage = 3\n", "[storage]"),
    ],
)
def test_bad_config_is_refused_in_vietnamese(tmp_path: Path, content: str, needle: str) -> None:
    config = write(tmp_path / "config.toml", content)
    result = run("--config", config, "extract", "--json", SEED)
    assert result.code == 2
    assert_refusal(result, "Cấu hình không hợp lệ", needle)
    assert result.out == ""


def test_config_not_utf8_is_refused(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_bytes('[general]\ntimezone = "Hà Nam"\n'.encode("cp1258"))
    assert_refusal(run("--config", config, "extract", SEED), "Cấu hình không hợp lệ")


def test_named_config_that_does_not_exist_is_refused(tmp_path: Path) -> None:
    missing = tmp_path / "khong-co.toml"
    result = run("--config", missing, "extract", "--json", SEED)
    assert result.code == 2
    assert_refusal(result, "Không tìm thấy tệp cấu hình", str(missing))


def test_unusable_database_url_is_refused_in_vietnamese() -> None:
    result = run("--db", "khongphaiurl://x", "list")
    assert result.code == 2
    assert_refusal(result, "Lỗi cơ sở dữ liệu")


# --- ingest ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Inbox:
    """A folder as an office fills it: the seed in two formats, two notices, five bad files."""

    folder: Path
    good: tuple[Path, ...]
    bad: dict[str, Path]


@pytest.fixture(scope="module")
def inbox(tmp_path_factory: pytest.TempPathFactory) -> Inbox:
    """Written once: the 60 MB file is costly to write for every engine."""
    folder = tmp_path_factory.mktemp("van-ban")
    text = documents.seed_text()
    good = (
        documents.write_txt(text, folder / "s00.txt"),
        documents.write_docx(text, folder / "s00.docx"),
        documents.write_pdf(NOTICE_12, folder / "tb12.pdf"),
        write(folder / "tb15.txt", NOTICE_15),
    )
    docx = documents.write_docx(NOTICE_15, folder / "full.docx").read_bytes()
    (folder / "full.docx").unlink()
    bad = {
        "truncated": folder / "cat-do.docx",
        "empty": folder / "rong.pdf",
        "png": folder / "anh.pdf",
        "random": folder / "rac.txt",
        "huge": folder / "qua-lon.txt",
    }
    bad["truncated"].write_bytes(docx[: len(docx) // 2])
    bad["empty"].write_bytes(b"")
    bad["png"].write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    bad["random"].write_bytes(bytes((i * 7919 + 13) % 256 for i in range(8192)))
    chunk = ("Thông báo kết luận của Chủ tịch UBND huyện. " * 1000 + "\n").encode()
    with bad["huge"].open("wb") as handle:
        while handle.tell() < 60 * 1024 * 1024:
            handle.write(chunk)
    assert bad["huge"].stat().st_size > 3 * DEFAULT_MAX_BYTES
    return Inbox(folder, good, bad)


def test_ingest_folder_refuses_bad_files_and_keeps_the_good(db_url: str, inbox: Inbox) -> None:
    result = run("--db", db_url, "ingest", "--issued", ISSUED, inbox.folder)

    assert result.code != 0
    assert "Traceback" not in result.err
    refusals = [line for line in result.err.splitlines() if line.startswith("Bỏ qua ")]
    assert len(refusals) == len(inbox.bad), result.err
    for kind, path in inbox.bad.items():
        lines = [line for line in refusals if str(path) in line]
        assert len(lines) == 1, (kind, result.err)
        assert_refusal(Run(1, "", lines[0]), str(path))
    assert any("quá lớn" in line for line in refusals if str(inbox.bad["huge"]) in line)
    assert any("rỗng" in line for line in refusals if str(inbox.bad["empty"]) in line)
    assert any("hỏng" in line for line in refusals if str(inbox.bad["truncated"]) in line)
    for path in inbox.good:
        assert str(path) in result.out, (path, result.out)
        assert str(path) not in result.err
    assert "5 tệp bị từ chối" in result.out

    rows = listed(db_url)
    assert {r["document"] for r in rows} == {"/TB-UBND", "12/TB-UBND", "15/TB-UBND"}
    seed = {(r["place"], fold(r["lead"][0])) for r in rows if r["document"] == "/TB-UBND"}
    assert len(seed) == len(SEED_FACTS), seed
    for place, lead in SEED_FACTS:
        assert any(p == place and lead in got for p, got in seed), (place, lead, seed)
    assert len([r for r in rows if r["document"] == "12/TB-UBND"]) == 2
    assert all(isinstance(r["id"], int) for r in rows)
    assert len({r["id"] for r in rows}) == len(rows)


def test_ingest_refuses_a_60_mb_file_by_size_without_reading_it(db_url: str, inbox: Inbox) -> None:
    huge = inbox.bad["huge"]
    tracemalloc.start()
    try:
        result = run("--db", db_url, "ingest", huge)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 20 * 1024 * 1024, f"peak {peak / 2**20:.1f} MB while refusing {huge}"
    assert result.code == 1
    assert_refusal(result, str(huge), "quá lớn", "20 MB")
    assert listed(db_url) == []


def _analyzed_tables(db_url: str) -> set[str]:
    engine = make_engine(db_url)
    try:
        with engine.connect() as connection:
            return set(
                connection.scalars(
                    sqlalchemy.text(
                        "SELECT relname FROM pg_stat_user_tables"
                        " WHERE schemaname = current_schema() AND last_analyze IS NOT NULL"
                    )
                )
            )
    finally:
        engine.dispose()


# PostgreSQL only: it plans by statistics; SQLite keeps its default plans.
@pytest.mark.parametrize(
    "db_url", [pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True
)
def test_ingest_refreshes_postgres_statistics_after_a_batch(db_url: str, tmp_path: Path) -> None:
    assert _analyzed_tables(db_url) == set()
    result = run("--db", db_url, "ingest", write(tmp_path / "tb12.txt", NOTICE_12))
    assert result.code == 0, result.err
    assert set(BULK_LOADED_TABLES) <= _analyzed_tables(db_url)


def test_reingesting_the_same_file_changes_nothing(db_url: str, tmp_path: Path) -> None:
    path = write(tmp_path / "tb12.txt", NOTICE_12)
    first = run("--db", db_url, "ingest", path)
    assert first.code == 0, first.err
    before = listed(db_url)
    assert len(before) == 2

    again = run("--db", db_url, "ingest", path)
    assert again.code == 0, again.err
    assert "Không thay đổi" in again.out
    assert str(path) in again.out
    assert "1 không đổi" in again.out
    assert listed(db_url) == before


def test_corrected_document_replaces_its_assignments(db_url: str, tmp_path: Path) -> None:
    assert run("--db", db_url, "ingest", write(tmp_path / "tb12.txt", NOTICE_12)).code == 0
    before = {r["place"]: r for r in listed(db_url, "--document", "12/TB-UBND")}
    assert {p: r["deadline"] for p, r in before.items()} == {"1": "2023-03-20", "2": "2023-03-31"}

    corrected = write(tmp_path / "tb12-sua.txt", NOTICE_12_CORRECTED)
    result = run("--db", db_url, "ingest", corrected)
    assert result.code == 0, result.err
    assert "Đã cập nhật văn bản" in result.out
    assert "thêm 1, bỏ 0, sửa 1, giữ nguyên 1" in result.out
    changed = [line for line in result.out.splitlines() if "mục 1:" in line]
    assert len(changed) == 1, result.out
    assert "thời hạn" in changed[0]
    added = [line for line in result.out.splitlines() if "mục 3:" in line]
    assert len(added) == 1, result.out
    assert "thêm" in added[0]

    after = {r["place"]: r for r in listed(db_url, "--document", "12/TB-UBND")}
    assert {p: r["deadline"] for p, r in after.items()} == {
        "1": "2023-03-25",
        "2": "2023-03-31",
        "3": "2023-04-15",
    }
    assert after["2"]["id"] == before["2"]["id"]
    assert after["1"]["id"] == before["1"]["id"]  # a changed deadline is the same assignment
    assert after["3"]["id"] not in {r["id"] for r in before.values()}
    assert fold(after["3"]["lead"][0]) == "trung tam y te huyen"
    assert len(listed(db_url)) == 3  # the old version's assignments are gone


# --- list and units -------------------------------------------------------------------------


@pytest.fixture
def stocked(db_url: str, tmp_path: Path) -> str:
    """A database with notice 12 (corrected) and notice 15."""
    for name, text in (("a.txt", NOTICE_12), ("b.txt", NOTICE_12_CORRECTED), ("c.txt", NOTICE_15)):
        result = run("--db", db_url, "ingest", write(tmp_path / name, text))
        assert result.code == 0, result.err
    return db_url


def dues(rows: list[dict[str, Any]]) -> list[str | None]:
    return [r["deadline"] for r in rows]


def test_list_filters(stocked: str) -> None:
    result = run("--db", stocked, "list", "--json")
    rows = [json.loads(line) for line in result.out.splitlines()]
    assert len(rows) == 4
    for row in rows:
        assert isinstance(row["id"], int)
        assert {"lead", "cooperate", "task", "deadline", "deadline_text", "quote"} <= set(row)
    assert dues(rows) == ["2023-03-10", "2023-03-25", "2023-03-31", "2023-04-15"]
    assert listed(stocked) == rows  # ids and order are stable between runs

    # --unit: a registered name typed without diacritics; a cooperating unit counts too.
    by_unit = listed(stocked, "--unit", "phong tai chinh - ke hoach")
    assert [fold(r["lead"][0]) for r in by_unit] == ["phong tai chinh - ke hoach"]
    assert dues(listed(stocked, "--unit", "ubnd cac xa, thi tran")) == ["2023-03-25"]

    by_document = listed(stocked, "--document", "12/TB-UBND")
    assert {r["document"] for r in by_document} == {"12/TB-UBND"}
    assert len(by_document) == 3
    assert dues(listed(stocked, "--document", "15/TB-UBND")) == ["2023-03-10"]

    # Both bounds are inclusive.
    assert dues(listed(stocked, "--due-before", "2023-03-25")) == ["2023-03-10", "2023-03-25"]
    assert dues(listed(stocked, "--due-after", "2023-03-26")) == ["2023-03-31", "2023-04-15"]
    window = listed(stocked, "--due-after", "2023-03-11", "--due-before", "2023-03-31")
    assert dues(window) == ["2023-03-25", "2023-03-31"]

    # Overdue on a date: due strictly before it.
    assert dues(listed(stocked, "--overdue", "2023-03-25")) == ["2023-03-10"]
    assert dues(listed(stocked, "--overdue", "2023-03-10")) == []
    none = run("--db", stocked, "list", "--overdue", "2023-01-01")
    assert none.code == 0
    assert "Không có nhiệm vụ nào" in none.out

    table = run("--db", stocked, "list")
    assert table.code == 0
    for column in ("Mã", "Hạn", "Chủ trì", "Nhiệm vụ", "Văn bản"):
        assert column in table.out.splitlines()[0]
    assert "25/03/2023" in table.out


def units_json(db_url: str, *flags: str) -> list[dict[str, Any]]:
    result = run("--db", db_url, "units", "--json", *flags)
    assert result.code == 0, result.err
    return [json.loads(line) for line in result.out.splitlines()]


def test_units_list_alias_and_merge(stocked: str) -> None:
    table = run("--db", stocked, "units")
    assert table.code == 0
    assert "Phòng Nội vụ" in table.out
    assert "Đã đăng ký" in table.out
    units = {u["key"]: u for u in units_json(stocked)}
    assert units["phong-tai-chinh-ke-hoach"]["lead_count"] == 1
    assert units["phong-noi-vu"]["registered"] is True

    # An alias is unknown until added, then `list --unit` resolves it.
    alias = "Tổ phụ trách vắc xin"
    assert run("--db", stocked, "list", "--unit", alias).code == 2
    added = run("--db", stocked, "units", "alias", "phong tai chinh ke hoach", alias)
    assert added.code == 0, added.err
    assert alias in added.out
    assert [fold(r["lead"][0]) for r in listed(stocked, "--unit", alias)] == [
        "phong tai chinh - ke hoach"
    ]

    # The station notice 15 names is not registered: merge it into a registered unit.
    unregistered = units_json(stocked, "--unregistered")
    assert len(unregistered) == 1, unregistered
    stray = unregistered[0]
    assert stray["registered"] is False
    assert stray["lead_count"] == 1
    assert fold(stray["name"]).startswith("tram chan")
    target = "Phòng Nông nghiệp và Phát triển nông thôn"
    merged = run("--db", stocked, "units", "merge", stray["name"], target)
    assert merged.code == 0, merged.err
    assert units_json(stocked, "--unregistered") == []
    rows = listed(stocked, "--unit", "phong nong nghiep va phat trien nong thon")
    assert {r["document"] for r in rows} == {"12/TB-UBND", "15/TB-UBND"}
    assert len(listed(stocked, "--unit", stray["name"])) == 2  # the old name finds the target


def test_unknown_or_taken_unit_names_exit_2(db_url: str) -> None:
    for argv in (
        ("list", "--unit", "Sở Không Có Thật"),
        ("units", "alias", "Phòng Không Có Thật", "PKCT"),
        ("units", "merge", "Phòng Không Có Thật", "Phòng Nội vụ"),
        ("units", "merge", "Phòng Nội vụ", "Phòng Không Có Thật"),
    ):
        result = run("--db", db_url, *argv)
        assert result.code == 2, argv
        assert_refusal(result, "Không tìm thấy đơn vị", "Không Có Thật")
    taken = run("--db", db_url, "units", "alias", "Phòng Nội vụ", "Phòng Tư pháp")
    assert taken.code == 2
    assert_refusal(taken, "Phòng Tư pháp")


# --- demo -----------------------------------------------------------------------------------


def test_demo_loads_the_sample_and_answers_in_the_console(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'du-lieu' / 'giaoviec.db'}"
    out, err = io.StringIO(), io.StringIO()
    code = main(
        ["--db", url, "demo"],
        out=out,
        err=err,
        inp=io.StringIO("Phòng Nội vụ được giao việc gì?\n"),
    )
    assert code == 0, err.getvalue()
    assert "1 văn bản, 7 nhiệm vụ" in out.getvalue()
    answer = out.getvalue().split("Phòng Nội vụ được giao việc gì?", 1)[1]
    assert "05/03/2023" in answer
    assert "mục 5" in answer
    assert (tmp_path / "du-lieu" / "giaoviec.db").is_file()


# --- the installed entry points ---------------------------------------------------------


def test_console_script_runs_as_a_process(tmp_path: Path) -> None:
    script = Path(sys.executable).with_name("giaoviec")
    assert script.is_file(), "the giaoviec console script is installed next to python"
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "PYTHONPATH": str(REPO)}
    env.pop("GIAOVIEC_CONFIG", None)
    extracted = subprocess.run(
        [str(script), "extract", "--json", "--issued", ISSUED, str(SEED)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=tmp_path,
        env=env,
        timeout=60,
        check=False,
    )
    assert extracted.returncode == 0, extracted.stderr
    assert extracted.stderr == ""
    assert len(json.loads(extracted.stdout)["assignments"]) == 7


def test_python_m_bot_runs_the_same_command_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`python -m bot` runs bot/__main__.py; runpy does it without another interpreter."""
    missing = tmp_path / "khong-co.txt"
    monkeypatch.setattr(sys, "argv", ["giaoviec", "extract", str(missing)])
    with pytest.raises(SystemExit) as exited:
        runpy.run_module("bot", run_name="__main__", alter_sys=True)
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert f"Không tìm thấy tệp {missing}" in err


def test_a_reader_that_stops_early_gets_no_traceback(tmp_path: Path) -> None:
    """`giaoviec list | head -1`: a reader gone before the output ends stops it quietly."""
    script = Path(sys.executable).with_name("giaoviec")
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "PYTHONPATH": str(REPO)}
    env.pop("GIAOVIEC_CONFIG", None)
    db = f"sqlite:///{tmp_path / 'g.db'}"
    assert run("--db", db, "ingest", "--issued", ISSUED, SEED).code == 0
    with subprocess.Popen(
        [str(script), "--db", db, "list"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=tmp_path,
        env=env,
    ) as process:
        assert process.stdout is not None
        assert process.stderr is not None
        process.stdout.close()  # the reader is gone before the command writes a line
        stderr = process.stderr.read().decode("utf-8")
        code = process.wait(timeout=60)
    assert "Traceback" not in stderr
    assert code == 0
