"""Dates as the Federal Register writes them, and the days it is published.

The register appears Monday to Friday except federal holidays. A document is filed for public
inspection before it appears, normally the business day before; so where a notice's XML carries
no issue date, the next publication day after its filing date is a good estimate of its
publication date, and is always reported as an estimate.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta
from functools import cache
from typing import Final

MONTHS: Final = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
_MONTH = r"(?P<month>" + "|".join(m.capitalize() for m in MONTHS) + r")"
LONG_DATE: Final = re.compile(_MONTH + r"\.?\s+(?P<day>\d{1,2}),?\s+(?P<year>\d{4})")
FILED: Final = re.compile(
    r"Filed\s+(?P<m>\d{1,2})[-\u2010-\u2015/](?P<d>\d{1,2})"
    r"[-\u2010-\u2015/](?P<y>\d{2,4})"
)


def _make(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def find_dates(text: str) -> Iterator[tuple[int, date]]:
    """Each valid 'Month D, YYYY' in `text` with the offset where it starts."""
    for m in LONG_DATE.finditer(text):
        d = _make(int(m["year"]), MONTHS.index(m["month"].lower()) + 1, int(m["day"]))
        if d is not None:
            yield m.start(), d


def parse_long_date(text: str) -> date | None:
    """The first 'Month D, YYYY' in `text` ('Tuesday, October 8, 2019' works too)."""
    return next((d for _, d in find_dates(text)), None)


def parse_filed(text: str, *, century_hint: int | None = None) -> date | None:
    """The date in an FRDOC 'Filed 10-7-19' clause."""
    m = FILED.search(text)
    if m is None:
        return None
    year = int(m["y"])
    if year < 100:
        if century_hint is not None:
            year += century_hint
        else:
            year += 2000 if 2000 + year <= date.today().year + 1 else 1900
    return _make(year, int(m["m"]), int(m["d"]))


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    first = date(year, month, 1)
    return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))


def _last_weekday(year: int, month: int, weekday: int) -> date:
    nxt = date(year + (month == 12), month % 12 + 1, 1)
    last = nxt - timedelta(days=1)
    return last - timedelta(days=(last.weekday() - weekday) % 7)


def _observed(d: date) -> date:
    if d.weekday() == 5:
        return d - timedelta(days=1)
    if d.weekday() == 6:
        return d + timedelta(days=1)
    return d


@cache
def federal_holidays(year: int) -> frozenset[date]:
    """The legal public holidays of 5 U.S.C. 6103(a), as observed, for `year`."""
    mon, thu = 0, 3
    days = {
        _observed(date(year, 1, 1)),
        _nth_weekday(year, 2, mon, 3),  # Washington's Birthday
        _last_weekday(year, 5, mon),  # Memorial Day
        _observed(date(year, 7, 4)),
        _nth_weekday(year, 9, mon, 1),  # Labor Day
        _nth_weekday(year, 10, mon, 2),  # Columbus Day
        _observed(date(year, 11, 11)),
        _nth_weekday(year, 11, thu, 4),  # Thanksgiving
        _observed(date(year, 12, 25)),
    }
    if year >= 1986:
        days.add(_nth_weekday(year, 1, mon, 3))  # Birthday of Martin Luther King, Jr.
    if year >= 2021:
        days.add(_observed(date(year, 6, 19)))  # Juneteenth
    # New Year's Day of the next year observed on December 31 of this one.
    if date(year + 1, 1, 1).weekday() == 5:
        days.add(date(year, 12, 31))
    return frozenset(days)


def is_publication_day(d: date) -> bool:
    return d.weekday() < 5 and d not in federal_holidays(d.year)


def next_publication_day(after: date) -> date:
    d = after + timedelta(days=1)
    while not is_publication_day(d):
        d += timedelta(days=1)
    return d
