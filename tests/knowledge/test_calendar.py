"""Tests for the Vietnamese working-day calendar and lunar conversion."""

from __future__ import annotations

import inspect
from datetime import date, datetime
from pathlib import Path

import pytest
from holidays.calendars.chinese import VIETNAMESE_CALENDAR, _ChineseLunisolar

from knowledge.calendar import (
    HolidayOverride,
    WorkCalendar,
    default_overrides,
    load_overrides,
    lunar_to_solar,
)


@pytest.fixture(scope="module")
def cal() -> WorkCalendar:
    return WorkCalendar()


def test_tet_2026_break_and_first_day(cal: WorkCalendar) -> None:
    assert lunar_to_solar(2026, 1, 1) == date(2026, 2, 17)
    assert cal.tet_break(2026) == (date(2026, 2, 14), date(2026, 2, 22))
    assert cal.previous_working_day(date(2026, 2, 14)) == date(2026, 2, 13)


def test_tet_2025_break(cal: WorkCalendar) -> None:
    assert cal.tet_break(2025) == (date(2025, 1, 25), date(2025, 2, 2))


def test_override_2_january_2026_is_off_and_10_january_works(cal: WorkCalendar) -> None:
    assert not cal.is_working_day(date(2026, 1, 2))  # Friday given off
    assert cal.is_working_day(date(2026, 1, 10))  # Saturday made up


def test_without_shipped_overrides_the_library_alone_decides() -> None:
    bare = WorkCalendar(use_shipped_overrides=False)
    assert bare.is_working_day(date(2026, 1, 2))
    assert not bare.is_working_day(date(2026, 1, 10))


def test_library_swaps_are_kept(cal: WorkCalendar) -> None:
    assert cal.is_working_day(date(2025, 4, 26))  # Saturday made up
    assert not cal.is_working_day(date(2025, 5, 2))
    assert cal.is_working_day(date(2026, 8, 22))
    assert not cal.is_working_day(date(2026, 8, 31))


def test_shipped_table_only_adds_what_the_library_lacks() -> None:
    days = {row.day: row.kind for row in default_overrides()}
    assert days == {date(2026, 1, 2): "off", date(2026, 1, 10): "work"}
    assert all(row.source for row in default_overrides())


def test_extra_overrides_win_over_the_library() -> None:
    extra = [
        HolidayOverride(date(2026, 11, 24), "work", "chưa có luật", "test"),
        HolidayOverride(date(2025, 3, 5), "off", "lễ hội địa phương", "test"),
    ]
    cal = WorkCalendar(extra)
    assert cal.is_working_day(date(2026, 11, 24))
    assert not cal.is_working_day(date(2025, 3, 5))
    assert not cal.is_working_day(date(2026, 1, 2))  # shipped rows still apply


def test_load_overrides_from_csv(tmp_path: Path) -> None:
    path = tmp_path / "o.csv"
    path.write_text(
        "# comment\ndate,kind,reason,source\n2027-01-04,off,nghỉ bù,TB 1/TB-BNV\n",
        encoding="utf-8",
    )
    rows = load_overrides(path)
    assert rows == [HolidayOverride(date(2027, 1, 4), "off", "nghỉ bù", "TB 1/TB-BNV")]
    bad = tmp_path / "bad.csv"
    bad.write_text("date,kind,reason,source\n2027-01-04,holiday,x,y\n", encoding="utf-8")
    with pytest.raises(ValueError, match="kind"):
        load_overrides(bad)


def test_add_working_days(cal: WorkCalendar) -> None:
    # Thu 24/4/2025: 25 (Fri), 26 (make-up Sat), 28, 29 (Mon, Tue), 30/4-4/5 off, 5/5 (Mon)
    assert cal.add_working_days(date(2025, 4, 24), 5) == date(2025, 5, 5)
    assert cal.add_working_days(date(2025, 4, 24), 0) == date(2025, 4, 24)
    assert cal.add_working_days(date(2025, 5, 5), -5) == date(2025, 4, 24)
    assert cal.add_working_days(date(2024, 1, 12), 1) == date(2024, 1, 15)  # Fri -> Mon


def test_working_days_between(cal: WorkCalendar) -> None:
    assert cal.working_days_between(date(2025, 4, 24), date(2025, 5, 5)) == 5
    assert cal.working_days_between(date(2025, 5, 5), date(2025, 4, 24)) == -5
    assert cal.working_days_between(date(2024, 1, 15), date(2024, 1, 15)) == 0
    assert cal.working_days_between(date(2024, 1, 12), date(2024, 1, 14)) == 0


def test_next_previous_and_on_or_after(cal: WorkCalendar) -> None:
    assert cal.next_working_day(date(2025, 4, 29)) == date(2025, 5, 5)
    assert cal.previous_working_day(date(2025, 5, 5)) == date(2025, 4, 29)
    assert cal.on_or_after(date(2024, 1, 13)) == date(2024, 1, 15)
    assert cal.on_or_after(date(2024, 1, 15)) == date(2024, 1, 15)


def test_weekends_are_off(cal: WorkCalendar) -> None:
    assert not cal.is_working_day(date(2024, 6, 1))
    assert not cal.is_working_day(date(2024, 6, 2))
    assert cal.is_working_day(date(2024, 6, 3))


def test_api_takes_dates_only() -> None:
    for name in ("is_working_day", "add_working_days", "next_working_day", "tet_break"):
        text = str(inspect.signature(getattr(WorkCalendar, name)))
        assert "datetime" not in text
        assert "tz" not in text
    result = WorkCalendar().add_working_days(date(2024, 1, 12), 1)
    assert type(result) is date
    assert not isinstance(result, datetime)


def test_lunar_dates_known() -> None:
    assert lunar_to_solar(2026, 1, 15) == date(2026, 3, 3)  # Rằm tháng Giêng Bính Ngọ
    assert lunar_to_solar(2025, 3, 10) == date(2025, 4, 7)  # Giỗ Tổ 2025
    assert lunar_to_solar(2024, 8, 15) == date(2024, 9, 17)  # Trung thu 2024
    assert lunar_to_solar(2025, 6, 1, leap=True) == date(2025, 7, 25)  # tháng 6 nhuận Ất Tỵ


def test_lunar_invalid_dates() -> None:
    with pytest.raises(ValueError, match="leap"):
        lunar_to_solar(2026, 3, 1, leap=True)
    with pytest.raises(ValueError, match="no lunar date"):
        lunar_to_solar(2026, 13, 1)


@pytest.mark.parametrize("year", range(1901, 2100, 7))
def test_lunar_matches_holidays_tables(year: int) -> None:
    tables = _ChineseLunisolar(VIETNAMESE_CALENDAR)
    assert lunar_to_solar(year, 1, 1) == tables.lunar_new_year_date(year)[0]
    assert lunar_to_solar(year, 3, 10) == tables.hung_kings_date(year)[0]


def test_the_table_of_the_holidays_package_is_its_own_answer() -> None:
    from importlib import resources

    from knowledge.calendar import LIBRARY_TABLE, parse_library_table, render_library_table

    shipped = resources.files("knowledge").joinpath(LIBRARY_TABLE).read_text("utf-8")
    years = parse_library_table(shipped)
    assert shipped == render_library_table(min(years), max(years)), (
        "the holidays table is stale: run "
        '`.venv/bin/python -c "from knowledge.calendar import write_library_table as w; w()"`'
    )


def test_a_working_day_in_the_tables_years_needs_no_holidays_package() -> None:
    import subprocess
    import sys

    probe = (
        "import sys; from datetime import date; from knowledge.calendar import WorkCalendar;"
        "c = WorkCalendar(); print(c.is_working_day(date(2024, 2, 12)),"
        " c.is_working_day(date(2024, 2, 19)), 'holidays' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    # Tết 2024 is off, the Monday after is a working day; the package was never loaded
    assert done.stdout.split() == ["False", "True", "False"]


def test_a_year_past_the_table_asks_the_holidays_package() -> None:
    from knowledge.calendar import compute_library_days, library_days

    assert library_days(2050) == compute_library_days(2050)
    assert date(2050, 9, 2) in library_days(2050)[0]  # Quốc khánh
