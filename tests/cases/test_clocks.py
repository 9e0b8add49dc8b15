"""Federal working days: Monday to Friday except federal holidays, observed-day rules, and the
closures ordered by executive order — checked against dates anyone can look up."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from statusbridge.cases.clocks import (
    add_calendar_days,
    add_working_days,
    holidays_between,
    is_working_day,
    working_days_between,
)


@pytest.mark.parametrize(
    ("start", "days", "due"),
    [
        # A plain week: seven working days after a Monday is the Wednesday of the next week.
        (date(2026, 3, 2), 7, date(2026, 3, 11)),
        # Christmas 2025: Dec 24 and Dec 26 closed by executive order, Dec 25 and Jan 1 holidays.
        (date(2025, 12, 22), 7, date(2026, 1, 6)),
        # July 4, 2026 is a Saturday: observed Friday July 3.
        (date(2026, 7, 2), 1, date(2026, 7, 6)),
        # Thanksgiving, Thursday Nov 26, 2026.
        (date(2026, 11, 25), 1, date(2026, 11, 27)),
        # Christmas 2027 on a Saturday (observed Fri Dec 24); New Year's Day 2028 on a Saturday
        # (observed Fri Dec 31, 2027).
        (date(2027, 12, 23), 1, date(2027, 12, 27)),
        (date(2027, 12, 30), 1, date(2028, 1, 3)),
        # The National Day of Mourning for President Carter, Jan 9, 2025.
        (date(2025, 1, 8), 1, date(2025, 1, 10)),
        # A case opened on a Saturday counts from the next working day.
        (date(2026, 3, 7), 1, date(2026, 3, 9)),
        (date(2026, 3, 2), 0, date(2026, 3, 2)),
    ],
)
def test_due_dates_across_weekends_and_holidays(start: date, days: int, due: date) -> None:
    assert add_working_days(start, days) == due


def test_holidays_and_weekends_are_not_working_days() -> None:
    assert not is_working_day(date(2026, 1, 19))  # Martin Luther King Jr. Day
    assert not is_working_day(date(2026, 6, 19))  # Juneteenth
    assert not is_working_day(date(2024, 12, 24))  # closed by executive order
    assert not is_working_day(date(2026, 3, 7))  # a Saturday
    assert is_working_day(date(2026, 12, 24))  # a Thursday with no closure ordered


def test_the_names_of_the_days_off_are_shown() -> None:
    names = dict(holidays_between(date(2026, 7, 1), date(2026, 7, 6)))
    assert names[date(2026, 7, 3)] == "Independence Day (observed)"


def test_a_clock_cannot_run_backwards() -> None:
    with pytest.raises(ValueError):
        add_working_days(date(2026, 3, 2), -1)


def test_the_contest_window_is_in_calendar_days() -> None:
    assert add_calendar_days(date(2026, 3, 5), 30) == date(2026, 4, 4)


@given(st.dates(date(2024, 1, 1), date(2029, 12, 31)), st.integers(0, 40))
def test_a_due_date_is_a_working_day_that_many_working_days_on(start: date, days: int) -> None:
    due = add_working_days(start, days)
    assert working_days_between(start, due) == days
    if days:
        assert is_working_day(due)
        assert due - start >= timedelta(days=days)
    assert working_days_between(due, start) == -days
