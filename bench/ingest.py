"""Ingest throughput: bare reading versus the full `giaoviec ingest` path on 1,000 documents.

Run: .venv/bin/python bench/ingest.py [--count 1000] [--keep DIR] [--seed 2024] [--warmup 6]
                                       [--profile N | --no-profile] [--postgres URL]

Builds `count` distinct documents (half .docx, half .txt in UTF-8, UTF-8 with BOM, cp1258 and
UTF-16) by recombining the paragraphs of samples/s00-thong-bao-ket-luan.txt with paragraph
templates written here, then measures in one process:

  bare read    knowledge.readers.read_document of every file (text only), in this process
               and again in as many processes as `ingest` reads with by default;
  full ingest  bot.documents_cli.cmd_ingest in-process (read + header + extraction + save via the
               repository) into a fresh SQLite file (--postgres URL: a fresh schema of that
               server), exactly what `giaoviec ingest` runs,
               with --jobs 1 and with its default reader processes.

Each phase runs after a warm-up on a few extra documents. A summary block gives documents per
second for each, the ratio of each ingest to the bare read done the same way (same number of
processes; target <= 3x), assignments stored and peak memory. When a ratio is above 3x, the
full path is run again under cProfile on a subset (fresh database) and the stage shares and
top hotspots are printed. The exit status is 1 when a ratio is above 3x or a document failed.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import random
import resource
import shutil
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if (
    str(ROOT) not in sys.path
):  # run as a script from anywhere, with or without the editable install
    sys.path.insert(0, str(ROOT))

import docx  # noqa: E402
from sqlalchemy import event  # noqa: E402
from targets import Target, postgres_target  # noqa: E402

from bot.config import Settings  # noqa: E402
from bot.documents_cli import cmd_ingest, default_jobs  # noqa: E402
from bot.wiring import App  # noqa: E402
from knowledge.calendar import WorkCalendar  # noqa: E402
from knowledge.db import open_database  # noqa: E402
from knowledge.domain import Extraction  # noqa: E402
from knowledge.extraction import extract_assignments  # noqa: E402
from knowledge.header import parse_header  # noqa: E402
from knowledge.readers import read_document  # noqa: E402
from knowledge.repository import SqlAlchemyDocumentRepository  # noqa: E402
from knowledge.units import Unit, UnitRegistry, example_units_path  # noqa: E402
from tests.documents import write_txt  # noqa: E402

SEED_DOCUMENT = ROOT / "samples" / "s00-thong-bao-ket-luan.txt"
UNITS_FILE = example_units_path("huyen-truoc-2025")
TARGET_RATIO = 3.0
TXT_ENCODINGS = (("utf-8", 6), ("utf-8-sig", 1), ("cp1258", 2), ("utf-16", 2))

# --- corpus: the seed's paragraphs --------------------------------------------------------------


@dataclass(frozen=True)
class SeedParts:
    """The seed notice's body paragraphs sorted by role."""

    narrative: tuple[str, ...]  # context and assessment paragraphs
    items: tuple[str, ...]  # numbered conclusions, number stripped
    closing: tuple[str, ...]  # "Trên đây là ..."


def seed_parts(text: str) -> SeedParts:
    """Split the seed into narrative, numbered items and closing paragraphs."""
    paragraphs: list[str] = []
    for raw in text.replace("\r\n", "\n").split("\n\n"):
        para = " ".join(raw.split())
        if not para:
            continue
        if paragraphs and para[0].islower():
            # The seed breaks one paragraph mid-sentence; glue it back.
            paragraphs[-1] = f"{paragraphs[-1]} {para}"
        else:
            paragraphs.append(para)
    start = next(i for i, p in enumerate(paragraphs) if p == "THÔNG BÁO") + 2  # after the title
    end = next(i for i, p in enumerate(paragraphs) if p.startswith("Nơi nhận"))
    narrative, items, closing = [], [], []
    for para in paragraphs[start:end]:
        if para[0].isdigit() and ". " in para[:4]:
            items.append(para.split(". ", 1)[1])
        elif para.startswith("Trên đây"):
            closing.append(para)
        else:
            narrative.append(para)
    return SeedParts(tuple(narrative), tuple(items), tuple(closing))


# --- corpus: templates written for this bench ---------------------------------------------------

TASKS = (
    "rà soát, thống kê các hộ gia đình có nhà ở xuống cấp trên địa bàn, đề xuất phương án hỗ trợ",
    "xây dựng kế hoạch tổ chức Tháng hành động vì an toàn thực phẩm năm {year}",
    "tham mưu UBND huyện ban hành Quy chế làm việc của UBND huyện nhiệm kỳ 2021 - 2026",
    "kiểm tra công tác phòng cháy, chữa cháy tại các chợ, cơ sở kinh doanh dịch vụ",
    "hướng dẫn các xã hoàn thiện hồ sơ đề nghị công nhận xã đạt chuẩn nông thôn mới nâng cao",
    "tổ chức tập huấn nghiệp vụ cho công chức địa chính - xây dựng cấp xã",
    "đẩy nhanh tiến độ giải ngân vốn đầu tư công năm {year}, báo cáo khó khăn, vướng mắc",
    "tuyên truyền, vận động Nhân dân thực hiện nếp sống văn minh trong việc cưới, việc tang",
    "rà soát danh sách hộ nghèo, hộ cận nghèo, đề xuất bổ sung đối tượng thụ hưởng chính sách",
    "tổng hợp ý kiến góp ý dự thảo Đề án sắp xếp đơn vị hành chính cấp xã",
    "kiểm tra việc chấp hành pháp luật về đất đai tại các dự án chậm tiến độ",
    "chuẩn bị nội dung, tài liệu phục vụ Hội nghị sơ kết công tác 6 tháng đầu năm {year}",
    "triển khai các biện pháp phòng, chống dịch bệnh trên đàn gia súc, gia cầm",
    "rà soát, cập nhật cơ sở dữ liệu dân cư phục vụ giải quyết thủ tục hành chính",
    "đôn đốc các đơn vị hoàn thành chỉ tiêu thu ngân sách nhà nước năm {year}",
    "thẩm định hồ sơ đề nghị khen thưởng các tập thể, cá nhân có thành tích xuất sắc",
    "tổ chức kiểm tra, xử lý các trường hợp lấn chiếm hành lang an toàn giao thông",
    "xây dựng phương án phòng, chống thiên tai và tìm kiếm cứu nạn năm {year}",
    "hướng dẫn các trường học xây dựng kế hoạch giáo dục năm học {year}-{next_year}",
    "rà soát các thủ tục hành chính thuộc thẩm quyền giải quyết, đề xuất cắt giảm thời gian",
    "kiểm tra công tác thu gom, xử lý rác thải sinh hoạt tại các thôn, tổ dân phố",
    "phối hợp tổ chức các hoạt động văn hóa, thể thao chào mừng kỷ niệm ngày thành lập huyện",
    "lập danh sách các công trình, dự án cần bàn giao mặt bằng trong năm {year}",
    "đánh giá kết quả thực hiện Chương trình chuyển đổi số huyện giai đoạn 2021 - 2025",
    "kiểm tra, giám sát việc chi trả chế độ cho người có công với cách mạng",
    "tổ chức tiếp nhận, giải quyết kịp thời các đơn thư kiến nghị, phản ánh của công dân",
)
TITLES = (
    "Kết luận của Chủ tịch UBND huyện tại cuộc họp giao ban tháng {month} năm {year}",
    "Triển khai thực hiện công tác cải cách hành chính năm {year}",
    "Tăng cường công tác phòng cháy, chữa cháy trên địa bàn huyện",
    "Thực hiện nhiệm vụ phát triển kinh tế - xã hội quý {quarter} năm {year}",
    "Kết luận của Phó Chủ tịch UBND huyện tại buổi kiểm tra tiến độ các dự án đầu tư công",
    "Tổ chức các hoạt động chào mừng kỷ niệm ngày lễ lớn năm {year}",
    "Đẩy mạnh công tác bồi thường, giải phóng mặt bằng các dự án trọng điểm",
    "Thực hiện Chương trình xây dựng nông thôn mới năm {year}",
)
CV_SUBJECTS = (
    "V/v triển khai thực hiện Kế hoạch số {ref}/KH-UBND của UBND tỉnh",
    "V/v rà soát, báo cáo kết quả thực hiện nhiệm vụ năm {year}",
    "V/v tăng cường công tác quản lý trật tự xây dựng",
    "V/v chuẩn bị nội dung phục vụ kỳ họp HĐND huyện",
)
INTROS = (
    "Thực hiện Kế hoạch số {ref}/KH-UBND ngày {ref_date} của UBND tỉnh Bắc Giang về {topic}; để "
    "triển khai có hiệu quả nhiệm vụ trên địa bàn huyện, UBND huyện yêu cầu các cơ quan, đơn vị "
    "thực hiện tốt một số nội dung sau:",
    "Ngày {ref_date}, Chủ tịch UBND huyện chủ trì cuộc họp nghe báo cáo về {topic}. Sau khi nghe "
    "báo cáo và ý kiến của các đại biểu dự họp, Chủ tịch UBND huyện kết luận như sau:",
    "Căn cứ Chương trình công tác năm {year} của UBND huyện; nhằm {topic}, Chủ tịch UBND huyện "
    "chỉ thị các cơ quan, đơn vị thực hiện nghiêm các nội dung sau:",
    "Trong thời gian qua, công tác {topic} trên địa bàn huyện đã đạt được một số kết quả nhất "
    "định; tuy nhiên vẫn còn một số tồn tại, hạn chế cần khắc phục. Để khắc phục những tồn tại "
    "trên, UBND huyện đề nghị:",
)
TOPICS = (
    "cải cách hành chính và chuyển đổi số",
    "phòng, chống thiên tai năm {year}",
    "bảo đảm trật tự an toàn giao thông dịp cuối năm",
    "xây dựng nông thôn mới nâng cao",
    "quản lý đất đai, trật tự xây dựng",
    "thu ngân sách nhà nước và giải ngân vốn đầu tư công",
)
CLOSINGS = (
    "Yêu cầu Thủ trưởng các cơ quan, đơn vị và Chủ tịch UBND các xã, thị trấn nghiêm túc "
    "triển khai thực hiện; trong quá trình thực hiện nếu có khó khăn, vướng mắc báo cáo về UBND "
    "huyện (qua Văn phòng HĐND và UBND huyện) để được hướng dẫn./.",
    "UBND huyện thông báo để các cơ quan, đơn vị biết và tổ chức thực hiện./.",
    "Trên đây là Kế hoạch của UBND huyện, đề nghị các cơ quan, đơn vị căn cứ chức năng, nhiệm vụ "
    "được giao tổ chức triển khai thực hiện./.",
)
SIGNATURES = (
    ("TL. CHỦ TỊCH", "CHÁNH VĂN PHÒNG"),
    ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"),
    ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"),
)
SIGNERS = ("Nguyễn Văn An", "Trần Thị Bình", "Lê Minh Châu", "Phạm Quốc Dũng", "Hoàng Thu Hà")
ISSUERS = (("UBND HUYỆN TÂN YÊN",), ("ỦY BAN NHÂN DÂN", "HUYỆN TÂN YÊN"))
NATIONAL = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
ROMAN = ("I", "II", "III", "IV")
TABLE_HEADER = (
    "STT",
    "Nội dung nhiệm vụ",
    "Cơ quan chủ trì",
    "Cơ quan phối hợp",
    "Thời gian hoàn thành",
)
KINDS = (  # (key, heading, symbol, weight)
    ("thong_bao", "THÔNG BÁO", "TB-UBND", 35),
    ("ke_hoach", "KẾ HOẠCH", "KH-UBND", 25),
    ("cong_van", "", "UBND-VP", 25),
    ("chi_thi", "CHỈ THỊ", "CT-UBND", 15),
)


@dataclass(frozen=True)
class TaskTable:
    """A task table: a header row and one row per task."""

    rows: tuple[tuple[str, ...], ...]


Part = str | TaskTable


@dataclass
class Doc:
    """One generated document before rendering."""

    name: str
    left: list[str]  # issuer lines, Số line, V/v line
    right: list[str]  # national motto lines, date line
    heading: list[str]  # type name and title, or Kính gửi lines
    body: list[Part] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    signature: list[str] = field(default_factory=list)


def _units(registry: UnitRegistry) -> tuple[list[Unit], list[Unit]]:
    """Registered units split into huyện bodies and communes (groups left out)."""
    usable = [u for u in registry.units() if u.kind != "nhom" and u.key != "ubnd-huyen"]
    communes = [u for u in usable if u.level == "xa"]
    return [u for u in usable if u.level != "xa"], communes


class Builder:
    """Makes distinct documents from the seed parts, the templates and the units file."""

    def __init__(self, rng: random.Random, seed: SeedParts, registry: UnitRegistry) -> None:
        self.rng = rng
        self.seed = seed
        self.bodies, self.communes = _units(registry)

    # --- small pieces ----------------------------------------------------------------------

    def _unit_name(self, unit: Unit, *, in_sentence: bool) -> str:
        rng = self.rng
        name = unit.name
        if unit.aliases and rng.random() < 0.2:
            name = rng.choice(unit.aliases)
        if in_sentence and unit.kind == "phong" and rng.random() < 0.5:
            name = name[0].lower() + name[1:]  # "giao phòng Nội vụ" as often as "Phòng Nội vụ"
            if rng.random() < 0.5:
                name += " huyện"
        return name

    def _pick_units(self, n: int, *, in_sentence: bool = True) -> list[str]:
        pool = self.bodies + self.communes if self.rng.random() < 0.3 else self.bodies
        return [self._unit_name(u, in_sentence=in_sentence) for u in self.rng.sample(pool, n)]

    def _task(self, issued: date) -> str:
        return self.rng.choice(TASKS).format(year=issued.year, next_year=issued.year + 1)

    def _date(self, day: date) -> str:
        style = self.rng.randrange(4)
        if style == 0:
            return f"{day.day:02d}/{day.month:02d}/{day.year}"
        if style == 1:
            return f"{day.day}/{day.month}/{day.year}"
        if style == 2:
            return f"ngày {day.day:02d} tháng {day.month:02d} năm {day.year}"
        return f"{day.day:02d}/{day.month}/{day.year}"

    def _deadline(self, issued: date) -> tuple[str, str]:
        """A deadline as a sentence ends with it, and as a table cell writes it."""
        rng = self.rng
        due = issued + timedelta(days=rng.randint(7, 150))
        quarter = (due.month - 1) // 3
        written = self._date(due).removeprefix("ngày ")
        forms = (
            (f"hoàn thành trước ngày {written}", written),
            (f"thời gian thực hiện xong trước ngày {written}", written),
            (f"chậm nhất ngày {written}", written),
            (f"hoàn thành trong tháng {due.month}/{due.year}", f"Tháng {due.month}/{due.year}"),
            (
                f"hoàn thành trong Quý {ROMAN[quarter]}/{due.year}",
                f"Quý {ROMAN[quarter]}/{due.year}",
            ),
            ("báo cáo kết quả trước ngày 20 hằng tháng", "Trước ngày 20 hằng tháng"),
            ("thực hiện thường xuyên", "Thường xuyên"),
            ("hoàn thành trong 05 ngày làm việc kể từ ngày ký", "05 ngày làm việc"),
            (f"báo cáo UBND huyện trước 17 giờ 00 ngày {written}", f"17 giờ 00 ngày {written}"),
        )
        return rng.choice(forms)

    # --- paragraphs ------------------------------------------------------------------------

    def _item(self, n: str, issued: date) -> list[str]:
        """One numbered assignment paragraph (or a field-labelled item of several lines)."""
        rng = self.rng
        lead, *coop = self._pick_units(rng.randint(1, 3))
        coop_text = ", ".join(coop) or "các cơ quan, đơn vị liên quan"
        task = self._task(issued)
        deadline, cell = self._deadline(issued)
        style = rng.randrange(7)
        if style == 0:
            return [f"{n} Giao {lead} chủ trì, phối hợp với {coop_text} {task}; {deadline}."]
        if style == 1:
            lead_cap = lead[0].upper() + lead[1:]
            return [f"{n} {lead_cap} chủ trì, phối hợp với {coop_text} {task}, {deadline}."]
        if style == 2:
            who = "UBND các xã, thị trấn" if rng.random() < 0.7 else "Ủy ban MTTQ huyện"
            return [f"{n} Đề nghị {who} {task}; {deadline}."]
        if style == 3:
            return [f"{n} Yêu cầu {lead} {task}. Thời hạn: {cell}."]
        if style == 4:
            return [f"{n} Giao {lead} {task}; tổng hợp, báo cáo Chủ tịch UBND huyện {deadline}."]
        if style == 5 and rng.random() < 0.5 and self.seed.items:
            return [f"{n} {rng.choice(self.seed.items)}"]
        task_cap = task[0].upper() + task[1:]
        lead_name, *coop_names = self._pick_units(rng.randint(1, 3), in_sentence=False)
        lines = [f"{n} {task_cap}.", f"- Đơn vị chủ trì: {lead_name}."]
        if coop_names:
            lines.append(f"- Đơn vị phối hợp: {', '.join(coop_names)}.")
        lines.append(f"- Thời gian hoàn thành: {cell}.")
        return lines

    def _table(self, issued: date) -> TaskTable:
        rows: list[tuple[str, ...]] = [TABLE_HEADER]
        for k in range(1, self.rng.randint(3, 8) + 1):
            lead, *coop = self._pick_units(self.rng.randint(1, 3), in_sentence=False)
            task = self._task(issued)
            _, cell = self._deadline(issued)
            rows.append((str(k), task[0].upper() + task[1:], lead, ", ".join(coop), cell))
        return TaskTable(tuple(rows))

    def _topic(self, issued: date) -> str:
        return self.rng.choice(TOPICS).format(year=issued.year)

    # --- a document ------------------------------------------------------------------------

    def document(self, index: int, stem: str) -> Doc:
        """Document number `index` (its số is unique), randomly composed."""
        rng = self.rng
        kind, heading, symbol, _ = rng.choices(KINDS, weights=[k[3] for k in KINDS])[0]
        issued = date(rng.choice((2023, 2024, 2025)), 1, 2) + timedelta(days=rng.randint(0, 340))
        while issued.weekday() >= 5:
            issued += timedelta(days=1)
        fill = {
            "year": issued.year,
            "month": issued.month,
            "quarter": ROMAN[(issued.month - 1) // 3],
            "ref": rng.randint(10, 400),
            "ref_date": self._date(issued - timedelta(days=rng.randint(5, 60))).removeprefix(
                "ngày "
            ),
        }
        number = f"Số: {index}/{symbol}" if rng.random() < 0.8 else f"Số: {index:02d}/{symbol}"
        left = [*rng.choice(ISSUERS), number]
        day = f"{issued.day:02d}" if rng.random() < 0.7 else str(issued.day)
        right = [*NATIONAL, f"Tân Yên, ngày {day} tháng {issued.month:02d} năm {issued.year}"]
        if kind == "cong_van":
            left.append(rng.choice(CV_SUBJECTS).format(**fill))
            addressees = self._pick_units(rng.randint(2, 4), in_sentence=False)
            heading_lines = ["Kính gửi:", *(f"- {name};" for name in addressees)]
        else:
            title = rng.choice(TITLES).format(**fill)
            heading_lines = [heading, title]
        doc = Doc(stem, left, right, heading_lines)

        doc.body.append(rng.choice(INTROS).format(topic=self._topic(issued), **fill))
        for para in rng.sample(self.seed.narrative, rng.randint(0, 2)):
            doc.body.append(para)
        sections = ["I. MỤC ĐÍCH, YÊU CẦU", "II. NHIỆM VỤ CỤ THỂ"] if kind == "ke_hoach" else []
        if sections:
            doc.body.append(sections[0])
            doc.body.append(
                f"Triển khai kịp thời, hiệu quả các nhiệm vụ về {self._topic(issued)}; "
                "xác định rõ trách nhiệm của từng cơ quan, đơn vị."
            )
            doc.body.append(sections[1])
        for k in range(1, rng.randint(3, 8) + 1):
            doc.body.extend(self._item(f"{k}.", issued))
        if rng.random() < (0.6 if kind == "ke_hoach" else 0.15):
            doc.body.append("III. PHÂN CÔNG NHIỆM VỤ" if sections else "Nhiệm vụ cụ thể như sau:")
            doc.body.append(self._table(issued))
        if self.seed.closing and rng.random() < 0.3:
            doc.body.append(rng.choice(self.seed.closing))
        else:
            doc.body.append(rng.choice(CLOSINGS))

        kept = self._pick_units(rng.randint(2, 4), in_sentence=False)
        doc.recipients = ["Nơi nhận:", "- Như trên;", *(f"- {u};" for u in kept), "- Lưu: VT."]
        authority, title = rng.choice(SIGNATURES)
        doc.signature = [authority, title, rng.choice(SIGNERS)]
        return doc


# --- rendering ---------------------------------------------------------------------------------


def render_txt(doc: Doc, rng: random.Random) -> str:
    """Portal-style text: header cells in row or column order, tables one cell per line."""
    if rng.random() < 0.5:
        header = doc.left + doc.right  # left column, then right column, as PDF text comes out
    else:
        header = [doc.left[0], doc.right[0], *doc.left[1:], *doc.right[1:]]
    lines: list[str] = [*header, *doc.heading]
    for part in doc.body:
        if isinstance(part, TaskTable):
            lines.extend(cell for row in part.rows for cell in row if cell)
        else:
            lines.append(part)
    lines += doc.recipients + doc.signature
    joiner = "\n\n" if rng.random() < 0.6 else "\n"
    text = joiner.join(lines) + "\n"
    return text.replace("\n", "\r\n") if rng.random() < 0.2 else text


def _fill_cell(cell: Any, lines: Sequence[str]) -> None:
    cell.paragraphs[0].text = lines[0] if lines else ""
    for line in lines[1:]:
        cell.add_paragraph(line)


def write_doc_docx(doc: Doc, path: Path, rng: random.Random) -> None:
    """A .docx with 2-column header and signature tables; task tables as real tables or lines."""
    document = docx.Document()
    document.styles["Normal"].font.name = "Times New Roman"
    if rng.random() < 0.5:
        header = document.add_table(rows=2, cols=2)
        split = len(doc.left) - (2 if len(doc.left) > 3 and "V/v" in doc.left[-1] else 1)
        _fill_cell(header.cell(0, 0), doc.left[:split])
        _fill_cell(header.cell(0, 1), doc.right[:2])
        _fill_cell(header.cell(1, 0), doc.left[split:])
        _fill_cell(header.cell(1, 1), doc.right[2:])
    else:
        header = document.add_table(rows=1, cols=2)
        _fill_cell(header.cell(0, 0), doc.left)
        _fill_cell(header.cell(0, 1), doc.right)
    for line in doc.heading:
        document.add_paragraph(line)
    real_tables = rng.random() < 0.7
    for part in doc.body:
        if not isinstance(part, TaskTable):
            document.add_paragraph(part)
        elif real_tables:
            table = document.add_table(rows=len(part.rows), cols=len(part.rows[0]))
            for r, row in enumerate(part.rows):
                for c, value in enumerate(row):
                    table.cell(r, c).text = value
        else:
            for row in part.rows:
                for value in row:
                    if value:
                        document.add_paragraph(value)
    footer = document.add_table(rows=1, cols=2)
    _fill_cell(footer.cell(0, 0), doc.recipients)
    _fill_cell(footer.cell(0, 1), doc.signature)
    document.save(str(path))


@dataclass
class Corpus:
    """The files built and what they are."""

    warmup: list[Path]
    measured: list[Path]
    formats: Counter[str]
    seconds: float
    size: int


def build_corpus(folder: Path, count: int, warmup: int, seed: int) -> Corpus:
    """Write `warmup` + `count` distinct documents into folder/warmup and folder/documents."""
    started = time.perf_counter()
    rng = random.Random(seed)
    builder = Builder(
        rng,
        seed_parts(SEED_DOCUMENT.read_text(encoding="utf-8")),
        UnitRegistry.from_file(UNITS_FILE),
    )
    encodings = [name for name, weight in TXT_ENCODINGS for _ in range(weight)]
    formats: Counter[str] = Counter()
    out: dict[str, list[Path]] = {"warmup": [], "documents": []}
    for index in range(1, warmup + count + 1):
        where = "warmup" if index <= warmup else "documents"
        (folder / where).mkdir(parents=True, exist_ok=True)
        stem = f"{index:04d}"
        doc = builder.document(index, stem)
        if index % 2:
            path = folder / where / f"{stem}.docx"
            write_doc_docx(doc, path, rng)
            kind = "docx"
        else:
            encoding = rng.choice(encodings)
            path = folder / where / f"{stem}-{encoding}.txt"
            write_txt(render_txt(doc, rng), path, encoding)
            kind = f"txt {encoding}"
        out[where].append(path)
        if where == "documents":
            formats[kind] += 1
    size = sum(p.stat().st_size for p in out["documents"])
    return Corpus(out["warmup"], out["documents"], formats, time.perf_counter() - started, size)


# --- measuring ---------------------------------------------------------------------------------


def maxrss_mb() -> float:
    """Peak resident set size of this process so far, in MB (Linux reports KB)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024 if sys.platform != "darwin" else peak / (1024 * 1024)


@dataclass
class BareResult:
    """Timing of read_document alone."""

    seconds: float
    by_format: dict[str, tuple[int, float]]  # format -> (files, seconds)


def measure_bare(corpus: Corpus) -> BareResult:
    """read_document every measured file after reading the warm-up files."""
    for path in corpus.warmup:
        read_document(path)
    by_format: dict[str, tuple[int, float]] = {}
    started = time.perf_counter()
    for path in corpus.measured:
        t0 = time.perf_counter()
        read_document(path)
        elapsed = time.perf_counter() - t0
        kind = path.suffix.lstrip(".")
        files, seconds = by_format.get(kind, (0, 0.0))
        by_format[kind] = (files + 1, seconds + elapsed)
    return BareResult(time.perf_counter() - started, by_format)


def _read(path: Path) -> Any:
    return read_document(path)


def measure_bare_parallel(corpus: Corpus, jobs: int) -> float:
    """read_document of every measured file in `jobs` processes, the documents sent back to
    this one: the bare read done the way `ingest` reads (its default reader processes)."""
    if jobs <= 1:
        return measure_bare(corpus).seconds
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        for _ in pool.map(_read, corpus.warmup):
            pass
        started = time.perf_counter()
        for _ in pool.map(_read, corpus.measured):
            pass
        return time.perf_counter() - started


@dataclass
class FullResult:
    """Timing and outcome of the in-process `giaoviec ingest`."""

    seconds: float
    setup_seconds: float
    documents: int
    assignments: int
    failed: list[str]


def _ingest_args(folder: Path, jobs: int = 0) -> argparse.Namespace:
    """`giaoviec ingest --quiet [--jobs N] FOLDER`; jobs 0 is the command's default."""
    return argparse.Namespace(paths=[folder], issued=None, review=False, quiet=True, jobs=jobs)


def _app(url: str, err: io.StringIO | None = None) -> App:
    """The CLI's App on a database URL with the example units; output kept in memory."""
    return App(Settings(), url, UNITS_FILE, io.StringIO(), err or io.StringIO())


def _counts(url: str) -> tuple[int, int]:
    database = open_database(url)
    try:
        repo = SqlAlchemyDocumentRepository(database.session_factory, UnitRegistry([]))
        counts = repo.counts()
        return counts.documents, counts.assignments
    finally:
        database.dispose()


def fresh_db(path: Path) -> Path:
    """Remove a database file and its WAL companions so the next open starts empty."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return path


def measure_full(
    corpus: Corpus, folder: Path, db_path: Path, jobs: int = 0, postgres: str | None = None
) -> FullResult:
    """cmd_ingest the warm-up folder, then time cmd_ingest of the measured folder, into a
    fresh SQLite file or (with `postgres`) a fresh schema of that server, dropped after."""
    if postgres:
        target = postgres_target(postgres)
    else:
        target = Target(f"sqlite:///{fresh_db(db_path)}", lambda: None, str(db_path))
    try:
        return _measure_full(corpus, target.url, jobs)
    finally:
        target.cleanup()


def _measure_full(corpus: Corpus, url: str, jobs: int) -> FullResult:
    app = _app(url)
    cmd_ingest(app, _ingest_args(corpus.warmup[0].parent))
    before_docs, before_assignments = _counts(url)
    started = time.perf_counter()
    app.repository()  # the fixed cost every cmd_ingest pays before its first file
    setup = time.perf_counter() - started

    err = io.StringIO()
    app = _app(url, err)
    started = time.perf_counter()
    cmd_ingest(app, _ingest_args(corpus.measured[0].parent, jobs))
    seconds = time.perf_counter() - started
    after_docs, after_assignments = _counts(url)
    failed = [line for line in err.getvalue().splitlines() if line.strip()]
    return FullResult(
        seconds,
        setup,
        after_docs - before_docs,
        after_assignments - before_assignments,
        failed,
    )


# --- profiling ---------------------------------------------------------------------------------

STAGES = (  # (label, file suffix, function)
    ("read_document (reader)", "knowledge/readers.py", "read_document"),
    ("parse_header", "knowledge/header.py", "parse_header"),
    ("extract_assignments", "knowledge/extraction.py", "extract_assignments"),
    ("save_extraction (SQLAlchemy, SQLite)", "knowledge/repository.py", "save_extraction"),
    ("open + migrate + sync units", "bot/cli.py", "repository"),
)


def stage_times(files: list[Path], folder: Path) -> str:
    """Time each step cmd_ingest takes (pipeline.extract_text unrolled), without a profiler.

    The repository is opened the way App.repository opens it; SQL statements are counted.
    """
    database = open_database(f"sqlite:///{fresh_db(folder / 'stages.db')}")
    registry = UnitRegistry.from_file(UNITS_FILE)
    repo = SqlAlchemyDocumentRepository(database.session_factory, registry)
    repo.sync_units(registry)
    repo = SqlAlchemyDocumentRepository(database.session_factory, repo.registry_from_db())
    calendar = WorkCalendar()
    statements = [0]

    @event.listens_for(database.engine, "before_cursor_execute")
    def _count(*_args: Any) -> None:
        statements[0] += 1

    totals = dict.fromkeys(("read", "header", "extraction", "save"), 0.0)
    warm = min(5, len(files) // 2)
    counted = 0
    for n, path in enumerate(files):
        if n == warm:
            totals = dict.fromkeys(totals, 0.0)
            statements[0] = 0
        t0 = time.perf_counter()
        text = read_document(path)
        t1 = time.perf_counter()
        header = parse_header(text.lines(), issued_hint=None)
        t2 = time.perf_counter()
        found = extract_assignments(text, header, issued=header.issued, calendar=calendar)
        t3 = time.perf_counter()
        repo.save_extraction(
            Extraction(header=header, assignments=tuple(found)),
            text,
            source_name=path.name,
            content=path.read_bytes(),
        )
        t4 = time.perf_counter()
        for key, seconds in zip(totals, (t1 - t0, t2 - t1, t3 - t2, t4 - t3), strict=True):
            totals[key] += seconds
        counted += n >= warm
    database.dispose()
    whole = sum(totals.values()) or 1.0
    parts = "  ".join(
        f"{key} {1000 * seconds / counted:.1f} ms ({100 * seconds / whole:.0f} %)"
        for key, seconds in totals.items()
    )
    return (
        f"stages (no profiler, {counted} documents after {warm} warm-up, per document):\n"
        f"    {parts}\n    SQL statements per save: {statements[0] / counted:.1f}"
    )


def profile_full(files: list[Path], folder: Path, top: int) -> str:
    """Run cmd_ingest on `files` under cProfile into a fresh database; return the report."""
    subset = folder / "profile-documents"
    shutil.rmtree(subset, ignore_errors=True)
    subset.mkdir(parents=True)
    for path in files:
        shutil.copy2(path, subset / path.name)
    app = _app(f"sqlite:///{fresh_db(folder / 'profile.db')}")
    profiler = cProfile.Profile()
    profiler.enable()
    cmd_ingest(app, _ingest_args(subset))
    profiler.disable()
    stats: dict[tuple[str, int, str], Any] = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
    rel = str(ROOT) + "/"
    # Shares are of cmd_ingest's cumulative time (own times can sum past it under cProfile).
    total = (
        next(
            (
                v[3]
                for k, v in stats.items()
                if k[0].endswith("bot/cli.py") and k[2] == "cmd_ingest"
            ),
            sum(entry[2] for entry in stats.values()),
        )
        or 1.0
    )

    def where(key: tuple[str, int, str]) -> str:
        filename, line, func = key
        return f"{filename.removeprefix(rel)}:{line}:{func}"

    out = [f"profile: cmd_ingest of {len(files)} documents under cProfile ({total:.1f} s)"]
    out.append("  stage shares (cumulative time, share of the whole run):")
    for label, suffix, func in STAGES:
        cum = sum(v[3] for k, v in stats.items() if k[0].endswith(suffix) and k[2] == func)
        out.append(f"    {label:<38} {cum:7.2f} s  {100 * cum / total:5.1f} %")
    out.append(f"  top {top} by own time:")
    by_own = sorted(stats.items(), key=lambda kv: kv[1][2], reverse=True)[:top]
    for key, value in by_own:
        out.append(f"    {100 * value[2] / total:5.1f} %  {value[1]:>9} calls  {where(key)}")
    out.append(f"  top {top} project functions by cumulative time:")
    ours = [(k, v) for k, v in stats.items() if k[0].startswith(rel) and "/.venv/" not in k[0]]
    for key, value in sorted(ours, key=lambda kv: kv[1][3], reverse=True)[:top]:
        out.append(f"    {100 * value[3] / total:5.1f} %  {value[1]:>9} calls  {where(key)}")
    return "\n".join(out)


# --- main --------------------------------------------------------------------------------------


def _rate(n: int, seconds: float) -> float:
    return n / seconds if seconds > 0 else float("inf")


def main(argv: Sequence[str] | None = None) -> int:
    """Build the corpus, measure both phases, print the summary (and a profile when slow)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--count", type=int, default=1000, help="documents measured")
    parser.add_argument("--keep", type=Path, help="build in DIR and keep documents and database")
    parser.add_argument("--seed", type=int, default=2024, help="random seed of the corpus")
    parser.add_argument("--warmup", type=int, default=6, help="warm-up documents per phase")
    parser.add_argument(
        "--profile", type=int, default=100, help="documents profiled when the ratio is above 3x"
    )
    parser.add_argument("--no-profile", action="store_true", help="never profile")
    parser.add_argument(
        "--postgres", metavar="URL", help="ingest into a fresh schema of this server (dropped)"
    )
    args = parser.parse_args(argv)
    if args.count < 1 or args.warmup < 1:
        parser.error("--count and --warmup must be at least 1")

    if args.keep is not None:
        folder = args.keep.resolve()
        for sub in ("documents", "warmup", "profile-documents"):
            shutil.rmtree(folder / sub, ignore_errors=True)
        folder.mkdir(parents=True, exist_ok=True)
        return run(folder, args)
    with tempfile.TemporaryDirectory(prefix="giaoviec-bench-") as tmp:
        return run(Path(tmp), args)


def run(folder: Path, args: argparse.Namespace) -> int:
    """The benchmark proper, in `folder`."""
    corpus = build_corpus(folder, args.count, args.warmup, args.seed)
    rss_built = maxrss_mb()
    print(
        f"built {len(corpus.measured)} documents (+{len(corpus.warmup)} warm-up) in "
        f"{corpus.seconds:.1f} s; measuring bare read...",
        file=sys.stderr,
    )
    bare = measure_bare(corpus)
    jobs = default_jobs(len(corpus.measured))
    print(f"measuring bare read in {jobs} processes...", file=sys.stderr)
    bare_parallel = measure_bare_parallel(corpus, jobs)
    rss_bare = maxrss_mb()
    print("measuring full ingest (one process)...", file=sys.stderr)
    serial = measure_full(corpus, folder, folder / "ingest-serial.db", 1, args.postgres)
    print("measuring full ingest (default: parallel readers)...", file=sys.stderr)
    full = measure_full(corpus, folder, folder / "ingest.db", 0, args.postgres)
    rss_full = maxrss_mb()
    serial_ratio = serial.seconds / bare.seconds if bare.seconds > 0 else float("inf")

    n = len(corpus.measured)
    bare_rate, full_rate = _rate(n, bare.seconds), _rate(n, full.seconds)
    # Each ingest against the bare read done the same way (same number of processes).
    ratio = full.seconds / bare_parallel if bare_parallel > 0 else float("inf")
    old_ratio = full.seconds / bare.seconds if bare.seconds > 0 else float("inf")
    formats = ", ".join(f"{k} {v}" for k, v in sorted(corpus.formats.items()))
    per_format = ", ".join(
        f"{kind} {1000 * seconds / files:.2f} ms/doc"
        for kind, (files, seconds) in sorted(bare.by_format.items())
    )
    per_doc = full.assignments / full.documents if full.documents else 0.0
    verdict = "met" if ratio <= TARGET_RATIO else "MISSED"
    serial_verdict = "met" if serial_ratio <= TARGET_RATIO else "MISSED"
    lines = [
        "",
        "== giaoviec ingest benchmark " + "=" * 50,
        f"corpus       {n} documents (+{len(corpus.warmup)} warm-up), seed {args.seed}, "
        f"{corpus.size / 1e6:.1f} MB, built in {corpus.seconds:.1f} s",
        f"             {formats}",
        f"bare read    {bare.seconds:8.2f} s  {bare_rate:9.1f} docs/s   ({per_format})",
        f"bare read    {bare_parallel:8.2f} s  {_rate(n, bare_parallel):9.1f} docs/s   "
        f"(in {jobs} processes, as ingest reads)",
        f"full ingest  {full.seconds:8.2f} s  {full_rate:9.1f} docs/s   "
        f"({1000 * full.seconds / n:.1f} ms/doc; cmd_ingest in-process, fresh "
        f"{'PostgreSQL schema' if args.postgres else 'SQLite'})",
        f"             of which one-time setup ~{full.setup_seconds:.2f} s "
        f"(open + migrate + sync units); default jobs = {default_jobs(n)} on "
        f"{os.cpu_count()} cores",
        f"one process  {serial.seconds:8.2f} s  {_rate(n, serial.seconds):9.1f} docs/s   "
        f"({1000 * serial.seconds / n:.1f} ms/doc; ingest --jobs 1)",
        f"ratio        full/bare, both in {jobs} processes = {ratio:.1f}x   "
        f"(target <= {TARGET_RATIO:.0f}x: {verdict}; the old figure, against a 1-process "
        f"read: {old_ratio:.1f}x)",
        f"ratio        one process/serial bare = {serial_ratio:.1f}x   "
        f"(target <= {TARGET_RATIO:.0f}x: {serial_verdict})",
        f"stored       {full.documents} documents, {full.assignments} assignments "
        f"({per_doc:.1f} per document), {len(full.failed)} failed",
        f"peak memory  maxrss {rss_full:.0f} MB (after build {rss_built:.0f} MB, "
        f"after bare read {rss_bare:.0f} MB)",
        f"files        {folder}" if args.keep else "files        (temporary, removed)",
        "=" * 79,
    ]
    print("\n".join(lines), flush=True)
    for line in full.failed[:10]:
        print(f"failed: {line}")
    store = "PostgreSQL" if args.postgres else "SQLite"
    for label, value in (
        (f"ingest <= 3x the bare read, both in {jobs} processes ({store})", ratio),
        (f"ingest --jobs 1 <= 3x the serial bare read ({store})", serial_ratio),
    ):
        print(f"{'PASS' if value <= TARGET_RATIO else 'MISS'}  {label}: {value:.1f}x")
    missed = max(ratio, serial_ratio) > TARGET_RATIO
    if missed and not args.no_profile and args.profile > 0:
        print(file=sys.stderr)
        print("ratio above target: profiling the full path...", file=sys.stderr)
        subset = corpus.measured[: args.profile]
        print(stage_times(subset, folder))
        print(profile_full(subset, folder, top=15))
    return 1 if missed or full.failed or full.documents != n else 0


if __name__ == "__main__":
    sys.exit(main())
