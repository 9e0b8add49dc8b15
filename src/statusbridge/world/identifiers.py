"""Identifiers of the synthetic population: SSNs, A-numbers and certificate numbers.

SSNs are random valid numbers (area 001-899 except 666, group 01-99, serial 0001-9999), unique
per person, with the serial (the last four digits) uniform so each last-4 value is shared evenly.
A-numbers follow the era of the person's first DHS record: 7 significant digits before 1975, 8
before 2011, 9 after, always written 9 digits with leading zeros in clean form.

Certificate numbers use a format invented for this project (not any real agency's):
naturalization certificates are `N` + 8 digits (`N48213907`), certificates of citizenship for
derived citizens are `C` + 7 digits (`C5120344`).

This module must never produce a real person's number on purpose; numbers are random draws.
"""

from __future__ import annotations

import numpy as np

from .arrays import Ints, Mask
from .arrow import Text, as_text, join, padded, part

_AREAS = 898  # 001-899 without 666
_GROUPS = 99
_SERIALS = 9999
SSN_SPACE = _AREAS * _GROUPS * _SERIALS


def unique_draws(rng: np.random.Generator, low: int, high: int, count: int) -> Ints:
    """`count` distinct integers in [low, high), in random order."""
    taken = np.empty(0, dtype=np.int64)
    while taken.size < count:
        want = count - taken.size
        fresh = rng.integers(low, high, size=int(want * 1.05) + 16, dtype=np.int64)
        merged = np.concatenate([taken, fresh])
        _, first = np.unique(merged, return_index=True)
        taken = merged[np.sort(first)]
    return taken[:count]


def ssn_from_index(index: Ints) -> Ints:
    """Map 0..SSN_SPACE-1 onto valid SSNs (as integers)."""
    area = index // (_GROUPS * _SERIALS) + 1
    area = np.where(area >= 666, area + 1, area)
    group = (index // _SERIALS) % _GROUPS + 1
    serial = index % _SERIALS + 1
    ssn: Ints = area * 1_000_000 + group * 10_000 + serial
    return ssn


def draw_ssns(rng: np.random.Generator, count: int) -> Ints:
    """`count` distinct valid SSNs."""
    return ssn_from_index(unique_draws(rng, 0, SSN_SPACE, count))


def is_valid_ssn(ssn: Ints) -> Mask:
    """Whether each integer is a valid SSN by the area/group/serial rules."""
    area, group, serial = ssn // 1_000_000, (ssn // 10_000) % 100, ssn % 10_000
    valid: Mask = (area > 0) & (area != 666) & (area < 900) & (group > 0) & (serial > 0)
    return valid & (ssn < 10**9)


def digits_text(numbers: Ints, width: int) -> Text:
    """Zero-padded decimal text."""
    return padded(as_text(numbers), width)


def ssn_text(ssn: Ints) -> Text:
    """`123456789`."""
    return digits_text(ssn, 9)


def ssn_dashed(ssn: Ints) -> Text:
    """`123-45-6789`."""
    plain = ssn_text(ssn)
    return join(part(plain, 0, 3), part(plain, 3, 5), part(plain, 5, 9), separator="-")


# Disjoint number bands by era of the first record, so draws never collide across eras.
_A_NUMBER_BANDS = ((1_000_000, 10_000_000), (10_000_000, 100_000_000), (200_000_000, 260_000_000))


def draw_a_numbers(rng: np.random.Generator, first_record_year: Ints) -> Ints:
    """Distinct A-numbers whose size follows the era of the person's first DHS record."""
    era = np.searchsorted(np.array([1975, 2011]), first_record_year, side="right")
    result = np.empty(first_record_year.shape[0], dtype=np.int64)
    for code, (low, high) in enumerate(_A_NUMBER_BANDS):
        members = np.flatnonzero(era == code)
        result[members] = unique_draws(rng, low, high, members.size)
    return result


def a_number_text(a_number: Ints) -> Text:
    """Clean form: 9 digits with leading zeros."""
    return digits_text(a_number, 9)


def certificate_numbers(rng: np.random.Generator, count: int, prefix: str) -> Text:
    """Distinct certificate numbers: `N` + 8 digits or `C` + 7 digits."""
    width = 8 if prefix == "N" else 7
    numbers = unique_draws(rng, 10 ** (width - 1), 10**width, count)
    return join(prefix, as_text(numbers))
