"""The faults an agency's copy of a person's identity may carry, one per request row.

Each fault is a small pure function of a value and a uniform draw `u` (so results depend only on
the world's random streams), plus a test of whether it can apply at all. Together they model how
agency files really look: capitals, lost accents, nicknames, dropped middle names, one-letter
typos, swapped day and month, dashes in SSNs, prefixes on A-numbers, and deliberately invalid
values. This module must never choose which rows get a fault; `requests` does that.

Every row has exactly one label. Where several apply, the first of these wins:
1. someone else's or a made-up number (`IMPOSTOR_FAULTS`, `OTHER_IDENTIFIER_FAULTS`);
2. an invalid value (`INVALID_FAULTS`) on a row with the requester's own numbers;
3. `name_not_on_record` (`RECORD_FAULTS`): the row carries the requester's own identifiers, but
   its surname, both as the agency holds it and as written on the row, is on none of the records
   those identifiers reach (SSA entries for an SSN or its last four digits, DHS rows for an
   A-number or certificate, either for both). Typically a married surname SSA was never told
   of. It replaces the name, date or format fault the row was given, since the surname alone
   stops any match whatever else the row has; a row whose identifiers reach no record at all
   keeps its fault (`records_show` tells that story);
4. one name, date or format fault (`NAME_AND_FORMAT_FAULTS`), or `none`.
Date faults never move a birth date after the SSA as-of date or before `EARLIEST_DOB`.
"""

from __future__ import annotations

from datetime import date, timedelta

from .namepools import NAME_SUFFIXES
from .naming import is_particle_name, nickname, plain, with_accents

# The fault labels written to truth.csv, in a fixed order (the index is stored while building).
NAME_AND_FORMAT_FAULTS = (
    "none", "case", "accents_stripped", "accents_added", "apostrophe", "hyphen_space",
    "compound_surname_short", "nickname", "middle_dropped", "middle_initial", "suffix",
    "earlier_name", "typo_first", "typo_last", "dob_off_by_one_day", "dob_month_day_swap",
    "dob_digit_typo", "ssn_dashes", "a_number_format", "date_us_format", "names_swapped",
    "dob_year_digit",
)  # fmt: skip
# `twin_ssn`: a twin gives their sibling's number (full or last four) with their own name, which
# may be the sibling's middle name or a near form of the sibling's given name (see `names`).
IMPOSTOR_FAULTS = ("stranger_ssn", "relative_ssn", "stranger_a_number", "twin_ssn")
OTHER_IDENTIFIER_FAULTS = ("made_up_ssn",)
INVALID_FAULTS = ("invalid_ssn", "invalid_date", "missing_last_name", "invalid_a_number")
RECORD_FAULTS = ("name_not_on_record",)
FAULTS = (
    NAME_AND_FORMAT_FAULTS + IMPOSTOR_FAULTS + OTHER_IDENTIFIER_FAULTS + INVALID_FAULTS
    + RECORD_FAULTS
)  # fmt: skip
# No date fault writes a birth date before this (verifiers reject anything before 1880).
EARLIEST_DOB = date(1891, 1, 1)
FAULT_INDEX = {name: i for i, name in enumerate(FAULTS)}

_KEYBOARD_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
_NEIGHBOURS = {
    ch: "".join(row[j] for j in (i - 1, i + 1) if 0 <= j < len(row))
    for row in _KEYBOARD_ROWS
    for i, ch in enumerate(row)
}


def _pick(options: tuple[str, ...], u: float) -> str:
    return options[min(int(u * len(options)), len(options) - 1)]


def in_case(first: str, middle: str, last: str, u: float) -> tuple[str, str, str]:
    """All capitals (most files) or all lower case."""
    change = str.upper if u < 0.7 else str.lower
    return change(first), change(middle), change(last)


def has_accents(*parts: str) -> bool:
    return any(plain(p) != p for p in parts)


def can_add_accents(*parts: str) -> bool:
    return not has_accents(*parts) and any(with_accents(p) != p for p in parts)


def apostrophe_changed(name: str, u: float) -> str:
    """O'Brien -> OBrien, O Brien or O’Brien."""
    replacement = "" if u < 0.6 else (" " if u < 0.85 else "\u2019")
    return name.replace("'", replacement)


def hyphen_space_changed(name: str) -> str:
    """Smith-Jones -> Smith Jones; García López -> García-López; De la Cruz -> Dela Cruz."""
    if "-" in name:
        return name.replace("-", " ")
    if is_particle_name(name):
        # Particles are often run together with what follows (Dela Cruz, DeLeon, VanBuren).
        return name.replace(" ", "", 1)
    return name.replace(" ", "-", 1)


def has_two_surnames(last: str) -> bool:
    parts = last.replace("-", " ").split()
    return len(parts) == 2 and not is_particle_name(last)


def one_surname(last: str, u: float) -> str:
    """One of two surnames: usually the first (paternal), sometimes the second."""
    parts = last.replace("-", " ").split()
    return parts[0] if u < 0.75 else parts[1]


def with_nickname(first: str, u: float) -> str:
    return nickname(first, u)


def middle_initial(middle: str, u: float) -> str:
    return middle[0] + ("." if u < 0.4 else "")


def with_suffix(last: str, u: float) -> str:
    return f"{last} {_pick(NAME_SUFFIXES, u)}"


def typo(name: str, u: float, v: float) -> str:
    """One-character edit (substitution, deletion, insertion or transposition) at a letter."""
    letters = [i for i, ch in enumerate(name) if ch.isalpha()]
    if len(letters) < 2:
        return name + name[-1:] if name else name
    i = letters[min(int(v * len(letters)), len(letters) - 1)]
    ch = name[i]
    op = int(u * 4)
    if op == 0:
        neighbours = _NEIGHBOURS.get(ch.lower(), "k")
        new = neighbours[int(v * 997) % len(neighbours)]
        return name[:i] + (new.upper() if ch.isupper() else new) + name[i + 1 :]
    if op == 1:
        return name[:i] + name[i + 1 :]
    if op == 2:
        return name[: i + 1] + ch.lower() + name[i + 1 :]
    adjacent = [k for k in (i + 1, i - 1) if 0 <= k < len(name) and name[k].isalpha()]
    if not adjacent or name[adjacent[0]].lower() == ch.lower():
        # Swapping equal letters changes nothing: drop the letter instead.
        return name[:i] + name[i + 1 :]
    a, b = sorted((i, adjacent[0]))
    return name[:a] + name[b] + name[a] + name[b + 1 :]


def can_swap_month_day(when: date, latest: date = date.max) -> bool:
    """Day and month can trade places: a different real date, not after `latest`."""
    return when.day <= 12 and when.day != when.month and month_day_swapped(when) <= latest


def month_day_swapped(when: date) -> date:
    return when.replace(month=when.day, day=when.month)


def off_by_one_day(when: date, u: float, latest: date) -> date:
    """A day later or earlier (earlier where a day later would be after `latest`)."""
    later = u < 0.5 and when < latest
    return when + timedelta(days=1 if later else -1)


def digit_typo(when: date, u: float, v: float, latest: date) -> date:
    """One mistyped digit of the year, month or day that still makes a real, different date
    between `EARLIEST_DOB` and `latest` (a typo that would leave that range takes another digit).
    """
    text = when.strftime("%Y%m%d")
    positions = (2, 3, 4, 5, 6, 7)  # never the century
    for attempt in range(24):
        pos = positions[int((u + attempt * 0.37) * len(positions)) % len(positions)]
        digit = str((int(text[pos]) + 1 + int(v * 9) + attempt) % 10)
        candidate = text[:pos] + digit + text[pos + 1 :]
        try:
            result = date(int(candidate[:4]), int(candidate[4:6]), int(candidate[6:]))
        except ValueError:
            continue
        if result != when and EARLIEST_DOB <= result <= latest:
            return result
    # The last digit of the day one off: a valid, different date (earlier where later is not).
    later = when.day % 10 != 9 and when.day < 28 and when < latest
    return when + timedelta(days=1 if later else -1)


def year_digit_typo(when: date, u: float, v: float, latest: date) -> date:
    """One mistyped digit of the year's last two (1985 -> 1955 or 1986): a real, different date
    between `EARLIEST_DOB` and `latest`; where none is, the date unchanged."""
    text = when.strftime("%Y%m%d")
    for attempt in range(20):
        pos = 2 + (int(u * 2) + attempt) % 2
        digit = str((int(text[pos]) + 1 + int(v * 9) + attempt) % 10)
        candidate = text[:pos] + digit + text[pos + 1 :]
        try:
            result = date(int(candidate[:4]), int(candidate[4:6]), int(candidate[6:]))
        except ValueError:  # 29 February in a year that has none
            continue
        if result != when and EARLIEST_DOB <= result <= latest:
            return result
    return when


def names_swapped(first: str, last: str) -> tuple[str, str]:
    """Given and family names keyed into each other's fields."""
    return last, first


def invalid_ssn(ssn: str, u: float) -> str:
    """An SSN no one can hold: area 000/666/9xx, group 00, serial 0000, 8 digits, a letter."""
    options = (
        "000" + ssn[3:],
        "666" + ssn[3:],
        "9" + ssn[1:],
        ssn[:3] + "00" + ssn[5:],
        ssn[:5] + "0000",
        ssn[:8],
        ssn[:4] + "O" + ssn[5:] if ssn[4] == "0" else ssn[:4] + "l" + ssn[5:],
    )
    return _pick(options, u)


def invalid_date(when: date, u: float) -> str:
    options = (
        f"13/45/{when.year}",
        "unknown",
        f"{when.year}-02-30",
        "00/00/0000",
        f"{when.year}-13-01",
        "",
    )
    return _pick(options, u)


def invalid_a_number(a_number: str, u: float) -> str:
    digits = a_number.lstrip("0") or "1"
    options = ("A" + digits[:2], "A" + digits + "123", "ABC" + digits[:4], "000000000")
    return _pick(options, u)


def a_number_as_typed(a_number: str, u: float) -> str:
    """A123456789, A-123456789 or the digits without leading zeros."""
    digits = a_number.lstrip("0")
    if u < 0.4:
        return "A" + digits
    if u < 0.7:
        return "A-" + digits
    return digits if digits != a_number else "A" + a_number
