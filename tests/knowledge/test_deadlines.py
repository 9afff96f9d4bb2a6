"""Tests for deadline parsing: one case per row of deadline-forms.tsv, then sentences."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, time
from pathlib import Path
from typing import Any

import pytest

from knowledge.calendar import WorkCalendar
from knowledge.deadlines import (
    DEADLINE_CUE,
    find_deadline,
    has_deadline_cue,
    next_occurrences,
    parse_deadline,
)
from knowledge.text import fold

TSV = Path("/work/shared/data/deadline-forms.tsv")
SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "s00-thong-bao-ket-luan.txt"
CAL = WorkCalendar()
D = date


@dataclass
class Row:
    """Examples of one TSV row and what every one of them must give."""

    examples: tuple[str, ...]
    issued: date | None
    due: date | None
    start: date | None = None
    due_time: time | None = None
    flags: frozenset[str] = frozenset()  # flags that must be present
    rule: str | None = None
    occurrences: tuple[date, ...] = ()
    text: str | None = None  # expected Deadline.text for the first example
    extra: dict[str, object] = field(default_factory=dict)


DEFAULT_ISSUED = D(2024, 1, 15)


def row(*examples: str, issued: date | None = DEFAULT_ISSUED, **kw: Any) -> Row:
    flags: Iterable[str] = kw.pop("flags", ())
    return Row(tuple(examples), issued, flags=frozenset(flags), **kw)


def due_of(text: str, issued: date | None) -> date | None:
    got = parse_deadline(text, issued)
    assert got is not None, text
    return got.due


ROWS: list[Row] = [
    # 1 trước ngày D -> D
    row(
        "trước ngày 05/3/2023",
        issued=D(2023, 2, 28),
        due=D(2023, 3, 5),
        text="trước ngày 05/3/2023",
    ),
    # 2 a fixed date on a Sunday is kept and flagged
    row(
        "hoàn thành trước ngày 05/3/2023 (ngày 05/3/2023 là Chủ nhật)",
        issued=D(2023, 2, 28),
        due=D(2023, 3, 5),
        flags={"weekend"},
        text="trước ngày 05/3/2023",
    ),
    # 3
    row(
        "chậm nhất ngày 20/5/2024",
        "chậm nhất là ngày 20/5/2024",
        due=D(2024, 5, 20),
        text="chậm nhất ngày 20/5/2024",
    ),
    # 4
    row(
        "hạn cuối ngày 20/5/2024",
        "đến hết ngày 20/5/2024",
        "trong ngày 20/5/2024",
        "hạn chót 20/5/2024",
        due=D(2024, 5, 20),
    ),
    # 5 time of day
    row(
        "trước 17 giờ 00 ngày 20/5/2024",
        "trước 17h ngày 20/5",
        due=D(2024, 5, 20),
        due_time=time(17, 0),
        text="trước 17 giờ 00 ngày 20/5/2024",
    ),
    # 6 day and month without a year
    row("xong trước 15/4", "trước ngày 15/4", due=D(2024, 4, 15), flags={"year_guessed"}),
    # 7 spellings of one date
    row(
        "ngày 05 tháng 3 năm 2023",
        "05/3/2023",
        "05/03/2023",
        "05-3-2023",
        "5.3.2023",
        "mùng 5/3/2023",
        "mồng 5/3/2023",
        issued=D(2023, 2, 1),
        due=D(2023, 3, 5),
    ),
    # 8 a task-table cell
    row("Thời gian hoàn thành: 20/5/2024", "20/5/2024", due=D(2024, 5, 20)),
    # 9 a month
    row(
        "trong tháng 6/2024",
        "tháng 6/2024",
        "Tháng 6 năm 2024",
        due=D(2024, 6, 30),
        start=D(2024, 6, 1),
    ),
    # 10 span of months
    row("tháng 3-4/2024", "từ tháng 3 đến tháng 4/2024", due=D(2024, 4, 30), start=D(2024, 3, 1)),
    # 11 explicit period
    row(
        "từ ngày 01/3 đến ngày 31/3/2024",
        "từ 01/3/2024 - 31/3/2024",
        due=D(2024, 3, 31),
        start=D(2024, 3, 1),
        text="từ ngày 01/3 đến ngày 31/3/2024",
    ),
    # 12-14 Civil Code Art. 146
    row("đầu tháng 6/2024", due=D(2024, 6, 1), flags={"fuzzy"}),
    row("giữa tháng 6/2024", due=D(2024, 6, 15)),
    row("cuối tháng 6/2024", due=D(2024, 6, 30)),
    # 15
    row("tuần đầu tháng 6/2024", due=D(2024, 6, 7), flags={"fuzzy"}),
    # 16 Friday of the week of issue (issued on a Wednesday)
    row("trong tuần", "trong tuần này", issued=D(2024, 1, 17), due=D(2024, 1, 19)),
    # 17
    row("trong ngày", "ngay trong ngày", issued=D(2024, 1, 17), due=D(2024, 1, 17)),
    # 18 quarters, Roman or Arabic
    row(
        "trong quý II/2024",
        "quý 2/2024",
        "QII/2024",
        "quý II năm 2024",
        due=D(2024, 6, 30),
        start=D(2024, 4, 1),
    ),
    # 19
    row("Quý IV/2024", due=D(2024, 12, 31)),
    # 20 before the quarter starts
    row("trước quý III/2024", due=D(2024, 6, 30)),
    # 21 span of quarters
    row("quý II - III/2024", "quý II, III/2024", due=D(2024, 9, 30)),
    # 22-24 halves and nine months
    row("6 tháng đầu năm 2024", due=D(2024, 6, 30)),
    row("6 tháng cuối năm 2024", due=D(2024, 12, 31)),
    row("9 tháng đầu năm 2024", due=D(2024, 9, 30)),
    # 25-27
    row("đầu năm 2025", due=D(2025, 1, 1), flags={"fuzzy"}),
    row("giữa năm 2025", due=D(2025, 6, 30)),
    row("cuối năm 2024", due=D(2024, 12, 31)),
    # 28
    row("năm 2024", "trong năm 2024", "hoàn thành trong năm 2024", due=D(2024, 12, 31)),
    # 29
    row("giai đoạn 2021-2025", issued=D(2021, 3, 1), due=D(2025, 12, 31)),
    # 30
    row("đến năm 2030", "đến hết năm 2030", due=D(2030, 12, 31)),
    # 31 first milestone, then every year
    row(
        "Quý IV/2024 và các năm tiếp theo",
        "năm 2024 và những năm tiếp theo",
        due=D(2024, 12, 31),
        rule="FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=31",
        occurrences=(D(2024, 12, 31), D(2025, 12, 31)),
    ),
    # 32 monthly with a day ("hằng" and "hàng")
    row(
        "trước ngày 20 hằng tháng",
        "trước ngày 20 hàng tháng",
        due=None,
        rule="FREQ=MONTHLY;BYMONTHDAY=20",
        occurrences=tuple(D(2024, m, 20) for m in range(1, 13)),
    ),
    # 33 monthly without a day: last day of the month
    row(
        "định kỳ hằng tháng",
        "báo cáo hằng tháng",
        due=None,
        rule="FREQ=MONTHLY;BYMONTHDAY=-1",
    ),
    # 34 weekly, Friday by default
    row("hằng tuần", "thứ Sáu hằng tuần", due=None, rule="FREQ=WEEKLY;BYDAY=FR"),
    # 35 quarterly
    row(
        "định kỳ hằng quý",
        "báo cáo quý",
        due=None,
        rule="FREQ=YEARLY;BYMONTH=3,6,9,12;BYMONTHDAY=-1",
    ),
    # 36
    row(
        "trước ngày 20 tháng cuối quý",
        due=None,
        rule="FREQ=YEARLY;BYMONTH=3,6,9,12;BYMONTHDAY=20",
    ),
    # 37
    row(
        "trước ngày 10 tháng đầu quý sau",
        due=None,
        rule="FREQ=YEARLY;BYMONTH=1,4,7,10;BYMONTHDAY=10",
    ),
    # 38 half-yearly
    row(
        "định kỳ 6 tháng",
        "báo cáo 6 tháng và năm",
        due=None,
        rule="FREQ=YEARLY;BYMONTH=6,12;BYMONTHDAY=-1",
    ),
    # 39 half-year and year reports with stated dates
    row(
        "báo cáo 6 tháng trước ngày 15/6; báo cáo năm trước ngày 15/12",
        due=None,
        rule="FREQ=YEARLY;BYMONTH=6,12;BYMONTHDAY=15",
    ),
    # 40 yearly with a date (policy: the stated day itself)
    row(
        "trước 30/11 hằng năm",
        "trước ngày 30 tháng 11 hằng năm",
        due=None,
        rule="FREQ=YEARLY;BYMONTH=11;BYMONTHDAY=30",
        occurrences=(D(2024, 11, 30), D(2025, 11, 30)),
    ),
    # 41
    row("hằng năm", due=None, rule="FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=31"),
    # 42
    row("thường xuyên", "thực hiện thường xuyên", due=None, flags={"ongoing"}),
    # 43 immediate: next working day after issue (issued on a Friday)
    row(
        "ngay",
        "ngay sau khi nhận được văn bản",
        "triển khai ngay",
        issued=D(2024, 1, 12),
        due=D(2024, 1, 15),
        flags={"urgent"},
    ),
    # 44
    row("khẩn trương", "kịp thời", "sớm", due=None, flags={"urgent"}),
    # 45 working days from signing, over the 30/4-1/5 break and a make-up Saturday
    row(
        "trong 05 ngày làm việc kể từ ngày ký",
        "trong thời hạn 05 ngày làm việc",
        issued=D(2025, 4, 24),
        due=D(2025, 5, 5),
    ),
    # 46 calendar days from receipt: the issue date stands in, +10 lands on Saturday -> Monday
    row(
        "trong thời hạn 10 ngày kể từ ngày nhận được văn bản",
        issued=D(2024, 1, 10),
        due=D(2024, 1, 22),
        flags={"anchor_assumed"},
    ),
    # 47
    row("trong 15 ngày", "trong vòng 15 ngày", due=D(2024, 1, 30)),
    # 48 numbers in words
    row("trong mười lăm ngày", "trong 15 (mười lăm) ngày", due=D(2024, 1, 30)),
    # 49 weeks: same weekday, moved off the weekend
    row(
        "trong 01 tuần kể từ ngày 13/01/2024",
        "trong 01 tuần",
        issued=D(2024, 1, 13),
        due=D(2024, 1, 22),
    ),
    # 50 months: same day number, or the month's last day
    row("trong 02 tháng kể từ ngày 31/12/2023", issued=D(2023, 12, 31), due=D(2024, 2, 29)),
    # 51 offset before an event
    row("chậm nhất 07 ngày trước ngày tổ chức Hội nghị", due=None, flags={"event"}),
    # 52
    row(
        "trước khi tổ chức Hội nghị",
        "sau khi có ý kiến của Thường trực",
        due=None,
        flags={"event"},
    ),
    # 53 Tết: last working day before the official break
    row(
        "trước Tết Nguyên đán Bính Ngọ 2026",
        "trước Tết Nguyên đán Bính Ngọ",
        "trước Tết Nguyên đán 2026",
        issued=D(2025, 11, 20),
        due=D(2026, 2, 13),
    ),
    # 54 lunar 15/1
    row("trước Rằm tháng Giêng năm 2026", issued=D(2026, 1, 5), due=D(2026, 3, 3)),
    # 55
    row("trước Tết Dương lịch 2025", issued=D(2024, 11, 1), due=D(2024, 12, 31)),
    # 56
    row(
        "theo kế hoạch",
        "theo tiến độ",
        "theo chỉ đạo của UBND huyện",
        due=None,
        flags={"inherited"},
    ),
    # 57
    row("khi có yêu cầu", "theo yêu cầu", due=None, flags={"on_request"}),
    # 58 school year
    row("năm học 2024-2025", due=D(2025, 5, 31), flags={"fuzzy"}),
    # 59 chat forms without diacritics
    row("truoc ngay 5/3", "han chot 5/3", issued=D(2024, 1, 15), due=D(2024, 3, 5)),
]


def test_one_case_per_tsv_row() -> None:
    with TSV.open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle, delimiter="\t"))[1:]
    assert len(rows) == len(ROWS) == 59


@pytest.mark.parametrize("case", ROWS, ids=[r.examples[0][:40] for r in ROWS])
def test_tsv_row(case: Row) -> None:
    for i, example in enumerate(case.examples):
        got = parse_deadline(example, case.issued, CAL)
        assert got is not None, example
        assert got.due == case.due, example
        assert case.flags <= got.flags, (example, got.flags)
        if case.start is not None:
            assert got.start == case.start, example
        if case.due_time is not None:
            assert got.due_time == case.due_time, example
        if case.rule is not None:
            assert got.recurrence is not None, example
            assert got.recurrence.rule == case.rule, example
        if case.occurrences:
            assert got.recurrence is not None
            assert got.recurrence.occurrences[: len(case.occurrences)] == case.occurrences
        if case.text is not None and i == 0:
            assert got.text == case.text
        if case.due is None:
            assert got.text


def test_chat_quarter_and_month_forms() -> None:
    issued = D(2024, 1, 15)
    assert due_of("q2/2024", issued) == D(2024, 6, 30)
    quarter = parse_deadline("quy 2", issued)
    assert quarter is not None
    assert quarter.due == D(2024, 6, 30)
    assert "year_guessed" in quarter.flags
    month = parse_deadline("thang 6", issued)
    assert month is not None
    assert month.due == D(2024, 6, 30)
    assert due_of("t6/2024", issued) == D(2024, 6, 30)


def test_missing_year_rolls_to_next_year_after_issue() -> None:
    got = parse_deadline("xong trước 15/4", D(2024, 5, 1))
    assert got is not None
    assert got.due == D(2025, 4, 15)
    assert "year_guessed" in got.flags


def test_missing_year_without_issue_date_gives_no_date() -> None:
    got = parse_deadline("trước ngày 15/4", None)
    assert got is not None
    assert got.due is None
    assert "no_year" in got.flags


def test_counted_period_off_by_one() -> None:
    # day 1 = 02/3; day 10 = 11/3/2024 (a Monday)
    assert due_of("trong 10 ngày kể từ ngày 01/3/2024", None) == D(2024, 3, 11)
    # 10 days from Wed 06/3/2024 = Sat 16/3 -> Mon 18/3
    assert due_of("trong 10 ngày kể từ ngày 06/3/2024", None) == D(2024, 3, 18)
    # two months from 08/4/2024 = Sat 08/6 -> Mon 10/6
    assert due_of("trong 02 tháng kể từ ngày 08/4/2024", None) == D(2024, 6, 10)
    assert due_of("trong hai mươi mốt ngày", D(2024, 1, 15)) == D(2024, 2, 5)


def test_counted_period_without_issue_date_is_pending() -> None:
    got = parse_deadline("trong 05 ngày làm việc kể từ ngày ký", None)
    assert got is not None
    assert got.due is None
    assert "event" in got.flags


def test_span_crossing_new_year() -> None:
    got = parse_deadline("từ tháng 12 đến tháng 2/2025", None)
    assert got is not None
    assert got.start == D(2024, 12, 1)
    assert got.due == D(2025, 2, 28)


def test_tuan_cuoi_thang() -> None:
    got = parse_deadline("tuần cuối tháng 6/2024", None)
    assert got is not None
    assert got.due == D(2024, 6, 30)
    assert "fuzzy" in got.flags


def test_markdown_asterisks() -> None:
    got = parse_deadline("xong trước ngày **05/3/2023**", D(2023, 2, 28))
    assert got is not None
    assert got.due == D(2023, 3, 5)
    assert got.text == "trước ngày 05/3/2023"


def test_named_date_wins_over_event_condition() -> None:
    got = parse_deadline(
        "Dự kiến tháng 11/2025 (sau khi Ban Thường trực Ủy ban ban hành Hướng dẫn)", None
    )
    assert got is not None
    assert got.due == D(2025, 11, 30)


def test_list_of_periods_takes_the_latest() -> None:
    assert due_of("Quý IV/2025 và Quý I/2026", None) == D(2026, 3, 31)
    got = parse_deadline("Từ tháng 12/2025 đến quý I/2026", None)
    assert got is not None
    assert got.start == D(2025, 12, 1)
    assert got.due == D(2026, 3, 31)


def test_lunar_anchor_with_year_from_issue_date() -> None:
    got = parse_deadline("trước Tết Nguyên đán", D(2025, 3, 1))
    assert got is not None
    assert got.due == D(2026, 2, 13)
    assert "year_guessed" in got.flags


def test_recurrence_without_issue_date_has_no_due() -> None:
    got = parse_deadline("trước ngày 20 hằng tháng", None)
    assert got is not None
    assert got.due is None
    assert got.recurrence is not None
    assert got.recurrence.occurrences == ()


def test_recurrence_starts_strictly_after_issue_and_stops_next_year() -> None:
    got = parse_deadline("trước ngày 20 hằng tháng", D(2025, 6, 20))
    assert got is not None
    assert got.due is None  # a cycle names no single date; the occurrences carry it
    assert got.recurrence is not None
    assert got.recurrence.occurrences[0] == D(2025, 7, 20)
    assert got.recurrence is not None
    assert got.recurrence.occurrences[-1] <= D(2026, 12, 31)
    assert len(got.recurrence.occurrences) == 12
    weekly = parse_deadline("thứ Hai hằng tuần", D(2024, 1, 15))
    assert weekly is not None
    assert weekly.recurrence is not None
    assert weekly.recurrence.rule == "FREQ=WEEKLY;BYDAY=MO"
    assert weekly.recurrence.occurrences[0] == D(2024, 1, 22)


def test_next_occurrences() -> None:
    assert next_occurrences("FREQ=MONTHLY;BYMONTHDAY=-1", D(2024, 1, 31), 3) == [
        D(2024, 2, 29),
        D(2024, 3, 31),
        D(2024, 4, 30),
    ]
    two = "FREQ=YEARLY;BYMONTH=6;BYMONTHDAY=15\nFREQ=YEARLY;BYMONTH=12;BYMONTHDAY=20"
    assert next_occurrences(two, D(2024, 7, 1), 3) == [
        D(2024, 12, 20),
        D(2025, 6, 15),
        D(2025, 12, 20),
    ]


def test_parse_nothing() -> None:
    assert parse_deadline("", None) is None
    assert parse_deadline("Phòng Nội vụ chủ trì", D(2024, 1, 1)) is None


# --- find_deadline: deadlines inside sentences -----------------------------------------------


def test_seed_document_item_5() -> None:
    text = SAMPLE.read_text(encoding="utf-8")
    item = next(p for p in text.split("\n\n") if p.startswith("5. Giao phòng Nội vụ"))
    got = find_deadline(item, D(2023, 2, 28))
    assert got is not None
    assert got.due == D(2023, 3, 5)
    assert got.text == "trước ngày 05/3/2023"
    assert "weekend" in got.flags  # 05/3/2023 is a Sunday


def test_seed_document_other_items_have_no_date() -> None:
    text = SAMPLE.read_text(encoding="utf-8")
    for para in text.split("\n\n"):
        if para[:2] in ("1.", "2.", "3.", "4.") or para.startswith("Ngày 28"):
            got = find_deadline(para, D(2023, 2, 28))
            assert got is None or got.due is None, para[:60]


ISSUED = D(2023, 5, 20)


@pytest.mark.parametrize(
    "sentence",
    [
        "Thực hiện Công văn số 880/SXD-QLXD ngày 17/5/2023 của Sở Xây dựng về việc rà soát.",
        "Căn cứ Quyết định số 12/QĐ-UBND ngày 03/01/2023 của UBND tỉnh về việc ban hành quy chế.",
        "Triển khai Kế hoạch số 45/KH-UBND ngày 10 tháng 01 năm 2023 của UBND huyện.",
        "Căn cứ Luật Tổ chức chính quyền địa phương số 77/2015/QH13 ngày 19/6/2015.",
        "Kỷ niệm 93 năm Ngày thành lập Đảng Cộng sản Việt Nam (1930 - 2023).",
        "Tổ chức các hoạt động kỷ niệm 90 năm ngày truyền thống (15/6/1933 - 15/6/2023).",
        "Ngày 15 tháng 5 năm 2023, Chủ tịch UBND huyện chủ trì hội nghị sơ kết công tác.",
        "Hoàn thiện quy chế phối hợp nhiệm kỳ 2021 - 2025.",
        "Báo cáo đánh giá kết quả năm 2022 và phương hướng nhiệm vụ năm 2023.",
        "Tiếp tục thực hiện Chương trình mục tiêu quốc gia giai đoạn 2021-2025.",
        "Nâng cao hiệu quả hoạt động của các hội đoàn thể trong năm 2023 và những năm tiếp theo.",
        "Tại hội nghị ngày 10/5/2023, các đại biểu đã thống nhất nội dung.",
    ],
)
def test_find_ignores_dates_that_are_not_deadlines(sentence: str) -> None:
    got = find_deadline(sentence, ISSUED)
    assert got is None or got.due is None, got


@pytest.mark.parametrize(
    ("sentence", "due", "text"),
    [
        (
            "Theo Công văn số 880/SXD-QLXD ngày 17/5/2023, đề nghị các xã báo cáo trước ngày "
            "30/5/2023.",
            D(2023, 5, 30),
            "trước ngày 30/5/2023",
        ),
        (
            "Giao Phòng Tài chính - Kế hoạch chủ trì, tham mưu UBND huyện, hoàn thành trong "
            "tháng 6/2023.",
            D(2023, 6, 30),
            "hoàn thành trong tháng 6/2023",
        ),
        (
            # a year as the period to work in: its last day (deadline-forms: "trong năm 2024")
            "Nâng cao hiệu quả hoạt động của các hội đoàn thể trong năm 2023.",
            D(2023, 12, 31),
            "trong năm 2023",
        ),
        (
            "Phòng Nội vụ xây dựng dự thảo, gửi UBND huyện chậm nhất ngày 05/6/2023; "
            "hoàn thành trước ngày 20/6/2023.",
            D(2023, 6, 20),
            "trước ngày 20/6/2023",
        ),
        (
            "Các xã báo cáo kết quả về UBND huyện (qua Phòng Nội vụ) trước ngày 20 hằng tháng.",
            None,
            "trước ngày 20 hằng tháng",
        ),
        (
            "Phòng Văn hóa tổ chức hội thi, thời gian thực hiện trong quý III/2023.",
            D(2023, 9, 30),
            "thời gian thực hiện trong quý III/2023",
        ),
        (
            "Các cơ quan hoàn thành trong 05 ngày làm việc kể từ ngày ký văn bản này.",
            D(2023, 5, 26),
            None,
        ),
        ("Các đơn vị triển khai ngay sau khi nhận được văn bản.", D(2023, 5, 22), None),
        ("Ban Quản lý dự án hoàn thành trong năm 2023.", D(2023, 12, 31), None),
        ("cac xa gui bao cao truoc ngay 5/6", D(2023, 6, 5), "truoc ngay 5/6"),
        ("phong noi vu hoan thanh trong thang 6", D(2023, 6, 30), None),
        ("tong hop so lieu q3/2023 gui truoc 15/10", D(2023, 10, 15), "truoc 15/10"),
    ],
)
def test_find_deadline_in_sentence(sentence: str, due: date, text: str | None) -> None:
    got = find_deadline(sentence, ISSUED)
    assert got is not None
    assert got.due == due
    if text is not None:
        assert got.text == text


def test_find_vague_wording() -> None:
    got = find_deadline("Đề nghị các xã khẩn trương rà soát, báo cáo UBND huyện.", ISSUED)
    assert got is not None
    assert got.due is None
    assert got.flags == {"urgent"}
    ongoing = find_deadline("Các phòng thường xuyên kiểm tra, đôn đốc.", ISSUED)
    assert ongoing is not None
    assert "ongoing" in ongoing.flags
    assert find_deadline("giải quyết những vấn đề phát sinh ngay từ cơ sở", ISSUED) is None


def test_find_returns_none_without_deadline() -> None:
    assert (
        find_deadline("Giao Phòng Nội vụ chủ trì, phối hợp với các cơ quan liên quan.", ISSUED)
        is None
    )


def test_deadline_cue() -> None:
    assert has_deadline_cue("hoàn thành trước ngày 05/3/2023")
    assert has_deadline_cue("báo cáo định kỳ hằng quý")
    assert has_deadline_cue("truoc ngay 5/3")
    assert not has_deadline_cue("Phòng Nội vụ chủ trì, phối hợp với Ủy ban MTTQ")
    assert DEADLINE_CUE.search(fold("Thời hạn: 30/6/2024"))


def test_moi_new_is_not_moi_every() -> None:
    # "mới" (new) and "mỗi" (every) fold to the same letters
    assert find_deadline("Thành lập các tổ công tác mới năm 2024 tại các xã.", ISSUED) is None
    yearly = parse_deadline("báo cáo mỗi năm", D(2024, 1, 15))
    assert yearly is not None
    assert yearly.recurrence is not None
    assert yearly.recurrence.rule == "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=31"
    chat = parse_deadline("bao cao moi thang", D(2024, 1, 15))
    assert chat is not None
    assert chat.recurrence is not None
    assert chat.recurrence.occurrences[0] == D(2024, 1, 31)
