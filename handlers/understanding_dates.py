"""Dates in a question: the day it asks about and its window (a day, month, quarter, range)."""

from __future__ import annotations

import re
from calendar import monthrange
from datetime import date, timedelta

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_DATE = r"(\d{1,2})\s*[/.-]\s*(\d{1,2})(?:\s*[/.-]\s*(\d{2,4}))?"
_AS_OF = re.compile(
    # "đến hạn vào ngày 20/3" names the day due, not the day the question is asked as of
    # ("quá hạn vào ngày 15/3" is still as of then)
    r"\b(?:tinh (?:den|toi)|(?:(?<=qua han )|(?<!han ))den|toi|tai thoi diem|"
    r"(?:(?<=qua han )|(?<!han ))vao)\s+(?:het\s+)?"
    r"(?:ngay\s+)?" + _DATE
)
# "đến hạn vào ngày 20/3": the day due, with its "vào" (not an "as of", see above)
ON_DATE = re.compile(r"\bvao\s+(?:ngay\s+)?" + _DATE)
_RANGE = re.compile(
    r"(?:\btu\s+(?:ngay\s+)?)?(?<![\d/])" + _DATE + r"\s*(?:den|toi|-|–)\s*(?:ngay\s+)?" + _DATE
)
_DATE_WORDS = re.compile(r"\bngay\s+(\d{1,2})\s+thang\s+(\d{1,2})(?:\s+nam\s+(\d{4}))?")
_BEFORE = re.compile(r"\b(?:truoc|chua qua)\s+(?:ngay\s+)?" + _DATE)
_ON_DAY = re.compile(r"\b(?:ngay|vao ngay|trong ngay)\s+" + _DATE)
_MONTH_WORDS = {
    "gieng": 1,
    "mot": 1,
    "hai": 2,
    "ba": 3,
    "tu": 4,
    "bon": 4,
    "nam": 5,
    "sau": 6,
    "bay": 7,
    "tam": 8,
    "chin": 9,
    "muoi": 10,
    "muoi mot": 11,
    "muoi hai": 12,
    "chap": 12,
}
_MONTH = re.compile(
    # "tháng 4", "tháng 4/2024", and a month in words ("tháng tư"); "tháng sau", "tháng năm"
    # stay out: "next month" and "month, year" first
    r"\bthang\s+(\d{1,2}|muoi mot|muoi hai|gieng|chap|hai|ba|tu|bon|bay|tam|chin|muoi)"
    r"(?:\s*(?:/|nam)\s*(\d{4}))?\b"
)
_QUARTER = re.compile(r"\bquy\s+(\d|i{1,3}|iv)(?:\s*(?:/|nam)\s*(\d{4}))?\b")
_YEAR = re.compile(r"\bnam\s+(20\d{2})\b")


def _year(raw: str | None, today: date) -> int:
    if not raw:
        return today.year
    year = int(raw)
    return year + 2000 if year < 100 else year


def _date(day: str, month: str, year: str | None, today: date) -> date | None:
    try:
        return date(_year(year, today), int(month), int(day))
    except ValueError:
        return None


def _quarter(raw: str) -> int:
    return _ROMAN[raw] if raw in _ROMAN else int(raw)


def _month_number(written: str) -> int:
    return int(written) if written.isdigit() else _MONTH_WORDS.get(written, 0)


def _window(folded: str, today: date) -> tuple[date | None, date | None, set[str]]:
    """The due-date window a question names, and what named it."""
    seen: set[str] = set()
    m = _RANGE.search(folded)
    if m:
        start = _date(m.group(1), m.group(2), m.group(3) or m.group(6), today)
        end = _date(m.group(4), m.group(5), m.group(6), today)
        if start and end:
            return start, end, {"range"}
    if re.search(r"\btu nay (?:den|toi) (?:het |cuoi )thang\b", folded):
        last = monthrange(today.year, today.month)[1]
        return today, today.replace(day=last), {"rest_of_month"}
    m = _BEFORE.search(folded)
    if m:
        until = _date(m.group(1), m.group(2), m.group(3), today)
        if until:
            return today, until, {"before"}
    if re.search(r"\btinh (?:den|toi) hom nay\b", folded):
        return None, None, seen  # "as of today": not a window
    if re.search(r"\btinh (?:den|toi)\s+(?:het\s+)?" + _DATE_WORDS.pattern[2:], folded):
        return None, None, seen  # "tính đến ngày 10 tháng 3 năm 2023": an "as of" in words
    if re.search(r"\bhom nay\b", folded):
        return today, today, {"today"}
    if re.search(r"\b(?:ngay mai)\b|^mai\b|\bmai (?:co|phai|can)\b", folded):
        return today + timedelta(days=1), today + timedelta(days=1), {"tomorrow"}
    m = _ON_DAY.search(folded)
    # "thông báo 45 ngày 28/2/2023": the document's date, not a day things fall due
    after_number = m is not None and re.search(r"[\d/a-z-]*\d[\d/a-z-]*\s*$", folded[: m.start()])
    if m and not _AS_OF.search(folded) and not after_number:
        day = _date(m.group(1), m.group(2), m.group(3), today)
        if day:
            return day, day, {"day"}
    m = re.search(r"\b(\d{1,2}|hai|ba)\s+tuan\s+(?:toi|nua|sap toi|tiep theo)\b", folded)
    if m:
        weeks = {"hai": 2, "ba": 3}.get(m.group(1)) or int(m.group(1))
        return today, today + timedelta(days=7 * weeks), {"next_weeks"}
    m = re.search(r"\b(\d{1,2}|bay|muoi)\s+ngay\s+(?:toi|nua|sap toi|tiep theo)\b", folded)
    if m:
        days = {"bay": 7, "muoi": 10}.get(m.group(1)) or int(m.group(1))
        return today, today + timedelta(days=days), {"next_days"}
    if re.search(r"\btuan (?:nay|nay a)\b|\btrong tuan\b", folded):
        monday = today - timedelta(days=today.weekday())
        return monday, monday + timedelta(days=6), {"this_week"}
    if re.search(r"\btuan (?:toi|sau)\b", folded):
        monday = today - timedelta(days=today.weekday()) + timedelta(days=7)
        return monday, monday + timedelta(days=6), {"next_week"}
    if re.search(r"\bthang (?:nay|nay a)\b", folded):
        last = monthrange(today.year, today.month)[1]
        return today.replace(day=1), today.replace(day=last), {"this_month"}
    if re.search(r"\bthang (?:toi|sau)\b", folded):
        first = (today.replace(day=1) + timedelta(days=32)).replace(day=1)
        last = monthrange(first.year, first.month)[1]
        return first, first.replace(day=last), {"next_month"}
    m = _QUARTER.search(folded)
    if m:
        q = _quarter(m.group(1))
        if 1 <= q <= 4:
            year = _year(m.group(2), today)
            start = date(year, 3 * q - 2, 1)
            end = date(year, 3 * q, monthrange(year, 3 * q)[1])
            return start, end, {"quarter"}
    m = _MONTH.search(folded)
    if m and 1 <= _month_number(m.group(1)) <= 12:
        year = _year(m.group(2), today)
        month = _month_number(m.group(1))
        return date(year, month, 1), date(year, month, monthrange(year, month)[1]), {"month"}
    m = _YEAR.search(folded)
    if m and re.search(r"\b(?:trong|het|cuoi)\s+nam\b", folded):
        year = int(m.group(1))
        return date(year, 1, 1), date(year, 12, 31), {"year"}
    return None, None, seen


def _as_of(folded: str, today: date) -> date | None:
    if _RANGE.search(folded):
        return None  # "từ 10/3 đến 20/3" is a window, not a reference date
    m = re.search(r"\btinh (?:den|toi)\s+(?:het\s+)?" + _DATE_WORDS.pattern[2:], folded)
    if m:
        return _date(m.group(1), m.group(2), m.group(3), today)
    m = _AS_OF.search(folded)
    if not m or m.group(0).startswith("vao"):
        return None
    return _date(m.group(1), m.group(2), m.group(3), today)
