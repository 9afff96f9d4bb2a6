"""Dates typed in chat."""

from __future__ import annotations

from datetime import date

from handlers.dates import first_day_in, parse_day

TODAY = date(2023, 3, 3)


def test_a_date_alone_in_its_usual_spellings() -> None:
    assert parse_day("10/3/2023", TODAY) == date(2023, 3, 10)
    assert parse_day("10-3-23", TODAY) == date(2023, 3, 10)
    assert parse_day("10.3", TODAY) == date(2023, 3, 10)
    assert parse_day("2023-03-10", TODAY) == date(2023, 3, 10)
    assert parse_day("31/2/2023", TODAY) is None
    assert parse_day("mai", TODAY) is None


def test_the_first_date_in_words_and_what_surrounds_it() -> None:
    assert first_day_in("20/3 chờ ý kiến của Sở", TODAY) == (
        date(2023, 3, 20),
        "chờ ý kiến của Sở",
    )
    assert first_day_in("đến 20/3/2023", TODAY) == (date(2023, 3, 20), "đến")
    assert first_day_in("sớm nhất có thể", TODAY) is None
    assert first_day_in("32/13", TODAY) is None
