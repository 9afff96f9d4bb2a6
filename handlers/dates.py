"""Dates typed in chat: "10/3/2023", "10-3-23", "10.3" (this year), "2023-03-10"."""

from __future__ import annotations

import re
from datetime import date

DATE = r"(\d{1,2})\s*[/.-]\s*(\d{1,2})(?:\s*[/.-]\s*(\d{2,4}))?"
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_ONE_DATE = re.compile(DATE)


def day_from_parts(day: str, month: str, year: str | None, today: date) -> date | None:
    """The date of typed parts; a missing year is this year's, "23" is 2023; None if invalid."""
    full_year = today.year if not year else int(year) + (2000 if len(year) <= 2 else 0)
    try:
        return date(full_year, int(month), int(day))
    except ValueError:
        return None


def parse_day(text: str, today: date) -> date | None:
    """A date typed alone: 10/3/2023, 10-3-23, 10.3 (this year), 2023-03-10; else None."""
    text = text.strip()
    m = _ISO_DATE.fullmatch(text)
    if m:
        try:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return None
    m = _ONE_DATE.fullmatch(text)
    if m:
        return day_from_parts(m.group(1), m.group(2), m.group(3), today)
    return None


def first_day_in(text: str, today: date) -> tuple[date, str] | None:
    """The first date typed in `text` and the words around it ("20/3 chờ ý kiến Sở")."""
    m = _ONE_DATE.search(text)
    if m is None:
        return None
    day = day_from_parts(m.group(1), m.group(2), m.group(3), today)
    if day is None:
        return None
    return day, (text[: m.start()] + " " + text[m.end() :]).strip(" -–:,.")
