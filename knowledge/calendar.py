"""Vietnamese working days: the `holidays` package, a local override table and lunar dates."""

from __future__ import annotations

import csv
import hashlib
import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from importlib import resources
from itertools import accumulate
from pathlib import Path
from typing import Literal

OverrideKind = Literal["off", "work"]

_TZ_VN = 7.0  # the Vietnamese lunar calendar is computed for UTC+7
_JD_OFFSET = 1721425  # Julian day number of date.fromordinal(1) minus one


@dataclass(frozen=True)
class HolidayOverride:
    """One announced change to the working calendar: a day given off, or a make-up working day."""

    day: date
    kind: OverrideKind
    reason: str = ""
    source: str = ""


def load_overrides(path: str | Path) -> list[HolidayOverride]:
    """Read override rows (date,kind,reason,source) from a CSV file with a header line."""
    with open(path, encoding="utf-8", newline="") as handle:
        return _parse_override_rows(handle.read())


def default_overrides() -> list[HolidayOverride]:
    """The override table shipped with the package (knowledge/data/holiday_overrides.csv)."""
    text = resources.files("knowledge").joinpath("data/holiday_overrides.csv").read_text("utf-8")
    return _parse_override_rows(text)


def _parse_override_rows(text: str) -> list[HolidayOverride]:
    rows = csv.DictReader(line for line in text.splitlines() if not line.startswith("#"))
    out: list[HolidayOverride] = []
    for row in rows:
        kind = (row.get("kind") or "").strip()
        if kind not in ("off", "work"):
            raise ValueError(f"holiday override kind must be 'off' or 'work', got {kind!r}")
        out.append(
            HolidayOverride(
                day=date.fromisoformat((row.get("date") or "").strip()),
                kind="off" if kind == "off" else "work",
                reason=(row.get("reason") or "").strip(),
                source=(row.get("source") or "").strip(),
            )
        )
    return out


# What the `holidays` package says of Vietnam, year by year, kept in data/vn_holidays.csv:
# importing the package loads all of its 250 countries (about 0.1 s of every command that counts
# a working day), so the years a document is likely to speak of are read from the table. A test
# requires the table to be the package's own answer; write_library_table() rewrites it.
LIBRARY_TABLE = "data/vn_holidays.csv"


def library_days(year: int) -> tuple[frozenset[date], frozenset[date]]:
    """The public holidays and the made-up working days the `holidays` package gives `year`."""
    table = _library_table()
    if year in table:
        return table[year]
    return compute_library_days(year)


def compute_library_days(year: int) -> tuple[frozenset[date], frozenset[date]]:
    """Ask the `holidays` package itself (loaded only here)."""
    import holidays

    lib = holidays.country_holidays("VN", years=year)
    return frozenset(d for d in lib if d.year == year), frozenset(
        d for d in getattr(lib, "weekend_workdays", ()) if d.year == year
    )


_TABLE: dict[int, tuple[frozenset[date], frozenset[date]]] | None = None


def _library_table() -> dict[int, tuple[frozenset[date], frozenset[date]]]:
    global _TABLE  # the table is read once per process
    if _TABLE is None:
        text = resources.files("knowledge").joinpath(LIBRARY_TABLE).read_text("utf-8")
        _TABLE = parse_library_table(text)
    return _TABLE


def parse_library_table(text: str) -> dict[int, tuple[frozenset[date], frozenset[date]]]:
    """year -> (holidays, made-up working days) from the table's lines ("# years A-B" first)."""
    first, _, body = text.partition("\n")
    low, _, high = first.removeprefix("# years ").partition("-")
    days: dict[int, tuple[set[date], set[date]]] = {
        y: (set(), set()) for y in range(int(low), int(high) + 1)
    }
    for row in csv.DictReader(line for line in body.splitlines() if not line.startswith("#")):
        day = date.fromisoformat(row["date"])
        days[day.year][0 if row["kind"] == "holiday" else 1].add(day)
    return {y: (frozenset(h), frozenset(w)) for y, (h, w) in days.items()}


def render_library_table(low: int, high: int) -> str:
    """The table's text for the years `low` to `high`, asked of the `holidays` package."""
    lines = [
        f"# years {low}-{high}",
        "# from the holidays package; rewrite with write_library_table()",
    ]
    lines.append("date,kind")
    for year in range(low, high + 1):
        holidays_of_year, made_up = compute_library_days(year)
        rows = [(d, "holiday") for d in holidays_of_year] + [(d, "workday") for d in made_up]
        lines += [f"{d.isoformat()},{kind}" for d, kind in sorted(rows)]
    return "\n".join(lines) + "\n"


def write_library_table(low: int = 2010, high: int = 2035) -> None:
    """Rewrite the table (after upgrading `holidays`: a test says when)."""
    path = Path(str(resources.files("knowledge").joinpath(LIBRARY_TABLE)))
    path.write_text(render_library_table(low, high), encoding="utf-8")


class WorkCalendar:
    """Working days for Vietnamese public bodies: Monday-Friday minus public holidays.

    The `holidays` package gives the holidays, Tết and Giỗ Tổ by the lunar calendar and most
    announced swaps; the override table (shipped rows plus `overrides`) is applied after it, a
    later row for the same day winning. All methods take and return plain dates.
    """

    def __init__(
        self, overrides: Iterable[HolidayOverride] = (), *, use_shipped_overrides: bool = True
    ) -> None:
        """Build a calendar; `overrides` come on top of the shipped table."""
        rows = [*default_overrides(), *overrides] if use_shipped_overrides else [*overrides]
        self._overrides: dict[date, HolidayOverride] = {row.day: row for row in rows}
        self._off_by_year: dict[int, frozenset[date]] = {}
        self._counter: WorkdayCounter | None = None

    def fingerprint(self) -> str:
        """What tells this calendar from another built from other override rows (the
        reminder planner stores it with how far it planned: other days off, another plan)."""
        rows = sorted((row.day.isoformat(), str(row.kind)) for row in self._overrides.values())
        return hashlib.sha256(repr(rows).encode()).hexdigest()[:16]

    def _off_days(self, year: int) -> frozenset[date]:
        """Every non-working day of `year`, computed once per year."""
        cached = self._off_by_year.get(year)
        if cached is not None:
            return cached
        holidays_of_year, made_up = library_days(year)
        off: set[date] = set()
        day = date(year, 1, 1)
        while day.year == year:
            if (day.weekday() >= 5 and day not in made_up) or day in holidays_of_year:
                off.add(day)
            day += timedelta(days=1)
        for row in self._overrides.values():
            if row.day.year == year:
                if row.kind == "off":
                    off.add(row.day)
                else:
                    off.discard(row.day)
        frozen = frozenset(off)
        self._off_by_year[year] = frozen
        return frozen

    def is_working_day(self, d: date) -> bool:
        """True when public bodies work on `d`."""
        return d not in self._off_days(d.year)

    def next_working_day(self, d: date) -> date:
        """The first working day after `d`."""
        d += timedelta(days=1)
        while not self.is_working_day(d):
            d += timedelta(days=1)
        return d

    def previous_working_day(self, d: date) -> date:
        """The last working day before `d`."""
        d -= timedelta(days=1)
        while not self.is_working_day(d):
            d -= timedelta(days=1)
        return d

    def on_or_after(self, d: date) -> date:
        """`d` itself when it is a working day, else the next one (Civil Code Art. 148)."""
        return d if self.is_working_day(d) else self.next_working_day(d)

    def add_working_days(self, d: date, n: int) -> date:
        """The n-th working day counted from the day after `d` (backwards if n < 0; 0 gives d)."""
        step = self.next_working_day if n > 0 else self.previous_working_day
        for _ in range(abs(n)):
            d = step(d)
        return d

    def working_days_between(self, a: date, b: date) -> int:
        """Working days in (a, b]: a is not counted, b is; negative when b is before a.

        In constant time from counts per year, kept by the calendar (a report over 100,000
        assignments asks it for each of them)."""
        if self._counter is None:
            self._counter = WorkdayCounter(self)
        return self._counter.between(a, b)

    def tet_break(self, year: int) -> tuple[date, date]:
        """The official Tết break of the lunar year starting in `year`: the run of days off
        around mùng 1 (weekends, Tết holidays and announced swap days included)."""
        first = last = lunar_to_solar(year, 1, 1)
        while not self.is_working_day(first - timedelta(days=1)):
            first -= timedelta(days=1)
        while not self.is_working_day(last + timedelta(days=1)):
            last += timedelta(days=1)
        return first, last


# The Vietnamese lunar calendar (Hồ Ngọc Đức's astronomical algorithm, UTC+7). The `holidays`
# package only keeps tables of a few festival dates, so a general conversion is computed here;
# tests check it against the package's Tết and Giỗ Tổ tables.


def _new_moon(k: int) -> float:
    """Julian day of the k-th new moon after 1900-01-01 (Meeus, simplified)."""
    t = k / 1236.85
    t2 = t * t
    t3 = t2 * t
    dr = math.pi / 180
    jd1 = 2415020.75933 + 29.53058868 * k + 0.0001178 * t2 - 0.000000155 * t3
    jd1 += 0.00033 * math.sin((166.56 + 132.87 * t - 0.009173 * t2) * dr)
    m = 359.2242 + 29.10535608 * k - 0.0000333 * t2 - 0.00000347 * t3
    mpr = 306.0253 + 385.81691806 * k + 0.0107306 * t2 + 0.00001236 * t3
    f = 21.2964 + 390.67050646 * k - 0.0016528 * t2 - 0.00000239 * t3
    c1 = (0.1734 - 0.000393 * t) * math.sin(m * dr) + 0.0021 * math.sin(2 * dr * m)
    c1 = c1 - 0.4068 * math.sin(mpr * dr) + 0.0161 * math.sin(dr * 2 * mpr)
    c1 = c1 - 0.0004 * math.sin(dr * 3 * mpr)
    c1 = c1 + 0.0104 * math.sin(dr * 2 * f) - 0.0051 * math.sin(dr * (m + mpr))
    c1 = c1 - 0.0074 * math.sin(dr * (m - mpr)) + 0.0004 * math.sin(dr * (2 * f + m))
    c1 = c1 - 0.0004 * math.sin(dr * (2 * f - m)) - 0.0006 * math.sin(dr * (2 * f + mpr))
    c1 = c1 + 0.0010 * math.sin(dr * (2 * f - mpr)) + 0.0005 * math.sin(dr * (2 * mpr + m))
    if t < -11:
        deltat = 0.001 + 0.000839 * t + 0.0002261 * t2 - 0.00000845 * t3 - 0.000000081 * t * t3
    else:
        deltat = -0.000278 + 0.000265 * t + 0.000262 * t2
    return jd1 + c1 - deltat


def _new_moon_day(k: int) -> int:
    return math.floor(_new_moon(k) + 0.5 + _TZ_VN / 24)


def _sun_longitude_sector(day_number: int) -> int:
    """Which of the 12 sectors of 30 degrees the sun is in at the start of the local day."""
    t = (day_number - 0.5 - _TZ_VN / 24 - 2451545.0) / 36525
    t2 = t * t
    dr = math.pi / 180
    m = 357.52910 + 35999.05030 * t - 0.0001559 * t2 - 0.00000048 * t * t2
    l0 = 280.46645 + 36000.76983 * t + 0.0003032 * t2
    dl = (1.914600 - 0.004817 * t - 0.000014 * t2) * math.sin(dr * m)
    dl += (0.019993 - 0.000101 * t) * math.sin(dr * 2 * m) + 0.000290 * math.sin(dr * 3 * m)
    lon = (l0 + dl) * dr
    lon -= 2 * math.pi * math.floor(lon / (2 * math.pi))
    return math.floor(lon / math.pi * 6)


def _lunar_month_11(year: int) -> int:
    """Julian day of the start of the 11th lunar month (the one holding the winter solstice)."""
    off = date(year, 12, 31).toordinal() + _JD_OFFSET - 2415021
    k = math.floor(off / 29.530588853)
    nm = _new_moon_day(k)
    if _sun_longitude_sector(nm) >= 9:
        nm = _new_moon_day(k - 1)
    return nm


def _leap_month_offset(a11: int) -> int:
    k = math.floor((a11 - 2415021.076998695) / 29.530588853 + 0.5)
    i = 1
    arc = _sun_longitude_sector(_new_moon_day(k + i))
    while True:
        last = arc
        i += 1
        arc = _sun_longitude_sector(_new_moon_day(k + i))
        if arc == last or i >= 14:
            break
    return i - 1


def lunar_to_solar(year: int, month: int, day: int, leap: bool = False) -> date:
    """The solar date of lunar day/month in the lunar year that starts in solar `year`.

    Raises ValueError for a month or day that does not exist (e.g. a leap month the year lacks).
    """
    if not (1 <= month <= 12 and 1 <= day <= 30):
        raise ValueError(f"no lunar date {day}/{month}/{year}")
    if month < 11:
        a11, b11 = _lunar_month_11(year - 1), _lunar_month_11(year)
    else:
        a11, b11 = _lunar_month_11(year), _lunar_month_11(year + 1)
    k = math.floor(0.5 + (a11 - 2415021.076998695) / 29.530588853)
    off = (month - 11) % 12
    if b11 - a11 > 365:
        leap_off = _leap_month_offset(a11)
        leap_month = (leap_off - 2) % 12
        if leap and month != leap_month:
            raise ValueError(f"lunar year {year} has no leap month {month}")
        if leap or off >= leap_off:
            off += 1
    elif leap:
        raise ValueError(f"lunar year {year} has no leap month")
    start = _new_moon_day(k + off)
    if day == 30 and _new_moon_day(k + off + 1) - start < 30:
        raise ValueError(f"lunar month {month}/{year} has 29 days")
    return date.fromordinal(start + day - 1 - _JD_OFFSET)


class WorkdayCounter:
    """Working days between two dates in constant time, from cumulative counts per year."""

    _ORIGIN = 2000  # counts run from 1 January of this year (negative before it)

    def __init__(self, calendar: WorkCalendar) -> None:
        """Count over `calendar`'s working days."""
        self._calendar = calendar
        self._within: dict[int, list[int]] = {}  # year -> working days through each day
        self._starts: dict[int, int] = {self._ORIGIN: 0}  # year -> working days before it

    def _year(self, year: int) -> list[int]:
        cached = self._within.get(year)
        if cached is None:
            first = date(year, 1, 1)
            days = (date(year + 1, 1, 1) - first).days
            flags = (
                int(self._calendar.is_working_day(first + timedelta(days=i))) for i in range(days)
            )
            cached = self._within[year] = list(accumulate(flags))
        return cached

    def _start(self, year: int) -> int:
        if year not in self._starts:
            if year > self._ORIGIN:
                y = max(k for k in self._starts if k <= year)
                total = self._starts[y]
                while y < year:
                    total += self._year(y)[-1]
                    y += 1
                    self._starts[y] = total
            else:
                y = min(k for k in self._starts if k >= year)
                total = self._starts[y]
                while y > year:
                    y -= 1
                    total -= self._year(y)[-1]
                    self._starts[y] = total
        return self._starts[year]

    def _through(self, d: date) -> int:
        return self._start(d.year) + self._year(d.year)[d.timetuple().tm_yday - 1]

    def between(self, a: date, b: date) -> int:
        """Working days in (a, b], negative when b is before a (as WorkCalendar's)."""
        return self._through(b) - self._through(a)
