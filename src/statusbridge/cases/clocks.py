"""The due-process clocks: federal working days and calendar-day windows.

Federal working days are Monday to Friday except federal holidays (5 U.S.C. 6103), with the
observed-day rule (a holiday on a Saturday is observed the Friday before, on a Sunday the Monday
after) and the closures ordered by executive order (Christmas Eve 2024, the National Day of
Mourning of January 9, 2025…), as the ``holidays`` package keeps them: its US ``public`` and
``government`` categories. Pure functions; no Django, no database, no today.
"""

from __future__ import annotations

import functools
from datetime import date, timedelta

import holidays

_CATEGORIES = (holidays.PUBLIC, holidays.GOVERNMENT)


@functools.lru_cache(maxsize=64)
def _closed_days(year: int) -> frozenset[date]:
    # Observed days are entries of their own (2026-07-03 for July 4 on a Saturday); a holiday
    # falling on a weekend is no working day either way.
    calendar = holidays.country_holidays("US", years=year, categories=_CATEGORIES)
    return frozenset(calendar.keys())


def is_working_day(day: date) -> bool:
    """Whether federal offices are open on ``day``."""
    return day.weekday() < 5 and day not in _closed_days(day.year)


def add_working_days(start: date, days: int) -> date:
    """The federal working day ``days`` working days after ``start`` (``start`` itself not
    counted, whether or not it is a working day): 7 working days after a Monday is the Wednesday
    of the next week, or later across a holiday."""
    if days < 0:
        raise ValueError("a clock cannot run backwards")
    day, left = start, days
    while left:
        day += timedelta(days=1)
        if is_working_day(day):
            left -= 1
    return day


def working_days_between(start: date, end: date) -> int:
    """Federal working days after ``start`` up to and including ``end`` (negative when ``end``
    is before ``start``): how late ``end`` is against a due date ``start``, or how long it took."""
    if end < start:
        return -working_days_between(end, start)
    return sum(is_working_day(start + timedelta(days=n)) for n in range(1, (end - start).days + 1))


def add_calendar_days(start: date, days: int) -> date:
    """A window of calendar days: a notice sent on ``start`` can be contested until the day
    returned, that day included."""
    return start + timedelta(days=days)


def holidays_between(start: date, end: date) -> list[tuple[date, str]]:
    """The federal holidays and closures from ``start`` to ``end`` inclusive, with their names
    (shown beside a due date so a reader can check it)."""
    found: list[tuple[date, str]] = []
    for year in range(start.year, end.year + 1):
        calendar = holidays.country_holidays("US", years=year, categories=_CATEGORIES)
        found.extend((d, str(n)) for d, n in calendar.items() if start <= d <= end)
    return sorted(found)
