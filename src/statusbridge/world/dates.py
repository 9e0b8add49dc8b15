"""Calendar arithmetic on numpy `datetime64[D]` arrays, and the two date formats files use.

Missing dates are NaT: comparisons with NaT are false, so "happened by day X" tests stay
vectorised. This module must never consult the system clock: the world's "today" is always the
SSA as-of date it is given.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, cast

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from .arrays import Dates, Floats, Ints, Mask
from .arrow import Text, as_text, choose, filled

NO_DATE = np.datetime64("NaT", "D")
DAYS_PER_YEAR = 365.2425


def day(when: date | str) -> np.datetime64:
    """One calendar day as `datetime64[D]`."""
    return np.datetime64(when, "D")


def no_dates(size: int) -> Dates:
    """An array of missing dates."""
    return np.full(size, NO_DATE, dtype="datetime64[D]")


def years(amount: npt.ArrayLike) -> npt.NDArray[np.timedelta64]:
    """A span of (fractional) years as whole days."""
    return (
        np.rint(np.asarray(amount, dtype=np.float64) * DAYS_PER_YEAR)
        .astype(np.int64)
        .astype("timedelta64[D]")
    )


def days(amount: npt.ArrayLike) -> npt.NDArray[np.timedelta64]:
    """A span of whole days."""
    return np.asarray(amount).astype(np.int64).astype("timedelta64[D]")


def age_in_years(born: Dates, on: np.datetime64 | Dates) -> Floats:
    """Age in (fractional) years on a day (NaN where either date is missing)."""
    elapsed = (on - born).astype("timedelta64[D]")
    age: Floats = np.where(np.isnat(elapsed), np.nan, elapsed.astype(np.float64)) / DAYS_PER_YEAR
    return age


def day_numbers(when: Dates) -> Ints:
    """Days since 1970-01-01 (undefined for NaT; mask those first)."""
    numbers: Ints = when.astype(np.int64)
    return numbers


def from_day_numbers(numbers: Ints) -> Dates:
    """The inverse of `day_numbers`."""
    return numbers.astype("datetime64[D]")


def year_of(when: Dates) -> Ints:
    """Calendar year (undefined for NaT)."""
    result: Ints = when.astype("datetime64[Y]").astype(np.int64) + 1970
    return result


def month_and_day(when: Dates) -> tuple[Ints, Ints]:
    """Calendar month (1-12) and day of month (1-31)."""
    month_start = when.astype("datetime64[M]")
    month: Ints = month_start.astype(np.int64) % 12 + 1
    dom: Ints = (when - month_start.astype("datetime64[D]")).astype(np.int64) + 1
    return month, dom


def iso_text(when: Dates) -> Text:
    """`YYYY-MM-DD`, empty where missing."""
    return filled(as_text(when))


def us_text(when: Dates) -> Text:
    """`MM/DD/YYYY`, empty where missing."""
    stamps = pc.cast(pa.array(when), pa.timestamp("s"))
    strftime = cast(Callable[..., Any], pc.strftime)
    return filled(cast(Text, strftime(stamps, format="%m/%d/%Y")))


def written(when: Dates, us_style: Mask) -> Text:
    """Dates as a source writes them: ISO, or U.S. style where `us_style` is set."""
    if not us_style.any():
        return iso_text(when)
    return choose(us_style, us_text(when), iso_text(when))
