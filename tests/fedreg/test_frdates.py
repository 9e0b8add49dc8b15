from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from statusbridge.fedreg.frdates import (
    federal_holidays,
    is_publication_day,
    next_publication_day,
    parse_filed,
    parse_long_date,
)


def test_long_dates() -> None:
    assert parse_long_date("Tuesday, October 8, 2019") == date(2019, 10, 8)
    assert parse_long_date("effective February 3, 2022.") == date(2022, 2, 3)
    assert parse_long_date("February 30, 2022") is None
    assert parse_long_date("no date here") is None


def test_filing_line() -> None:
    assert parse_filed("[FR Doc. 2019-21885 Filed 10-7-19; 8:45 am]") == date(2019, 10, 7)
    en_dashes = "[FR Doc. 2021\u201328490 Filed 1\u20133\u201322; 8:45 am]"
    assert parse_filed(en_dashes) == date(2022, 1, 3)
    assert parse_filed("Filed 13-45-19") is None
    assert parse_filed("no filing") is None


def test_publication_days_skip_weekends_and_holidays() -> None:
    assert next_publication_day(date(2019, 10, 7)) == date(2019, 10, 8)
    # Filed Friday before Labor Day 2025: next issue Tuesday.
    assert next_publication_day(date(2025, 8, 29)) == date(2025, 9, 2)
    # Christmas 2022 fell on a Sunday and was observed Monday the 26th.
    assert date(2022, 12, 26) in federal_holidays(2022)
    assert next_publication_day(date(2022, 12, 23)) == date(2022, 12, 27)
    # Juneteenth from 2021.
    assert date(2024, 6, 19) in federal_holidays(2024)
    assert date(2020, 6, 19) not in federal_holidays(2020)
    # New Year's Day 2022 (a Saturday) was observed on Friday, December 31, 2021.
    assert date(2021, 12, 31) in federal_holidays(2021)


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31)))
def test_next_publication_day_is_soon_and_a_weekday(d: date) -> None:
    nxt = next_publication_day(d)
    assert d < nxt and (nxt - d).days <= 5
    assert is_publication_day(nxt)
    assert len(federal_holidays(d.year)) >= 10
