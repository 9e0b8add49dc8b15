"""The SSA master-file extract: one entry per application or change on each SSN.

Each number has its original application, then perhaps a name change after marriage (most women
tell SSA, some never do), a status update when a student became a resident, a citizenship update
for the minority of naturalized and derived citizens who told SSA, and replacement cards. The
citizenship code is a snapshot of what the applicant showed: native-born people with numbers from
before 1981 often have none, and naturalized citizens keep the noncitizen code they got as
residents unless they told SSA. Names are written in capitals, accents mostly dropped.

This module writes what SSA would hold; it must never correct the record toward the truth.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

import numpy as np
import pyarrow as pa

from .arrays import Dates, Ints, Mask, forward_fill, run_ends, strictly_increasing
from .arrow import Text, choose, head, map_distinct, take, text, upper
from .countries import CITIZEN_BIRTHPLACES, COUNTRIES, COUNTRY_INDEX
from .dates import day, day_numbers, days, from_day_numbers, written
from .identifiers import ssn_text
from .naming import plain
from .origins import Path
from .population import Population

SSA_COLUMNS = (
    "ssn", "first_name", "middle_name", "last_name", "dob", "sex", "birth_country",
    "citizenship_code", "death_date", "entry_date",
)  # fmt: skip
CODES = ("", "A", "B", "C", "D")  # index 0: not recorded
NO_CODE, CODE_A, CODE_B, CODE_C, CODE_D = range(5)
CODES_RECORDED_SINCE = day("1981-01-01")


class Entry(IntEnum):
    """Kinds of entry, in the order they sort on the same day."""

    ORIGINAL = 0
    NAME_CHANGE = 1
    STATUS_UPDATE = 2
    CITIZENSHIP = 3
    REPLACEMENT = 4


@dataclass(frozen=True)
class SsaEntries:
    """Entries sorted by person, then entry date (strictly increasing per person)."""

    person: Ints
    entry_date: Dates
    code: Ints  # index into CODES
    birth_country_known: Mask  # per person
    married_name: Mask  # the entry carries the surname taken at marriage

    @property
    def current(self) -> Mask:
        """The latest entry of each SSN."""
        return run_ends(self.person)

    @property
    def size(self) -> int:
        return int(self.person.shape[0])


def build_ssa(rng: np.random.Generator, pop: Population) -> SsaEntries:
    """Every entry on every SSN, as of the SSA as-of date."""
    person, entry_date, kind = _entry_events(rng, pop)
    order = np.lexsort((kind, entry_date, person))
    person, entry_date, kind = person[order], entry_date[order], kind[order]
    numbers = strictly_increasing(day_numbers(entry_date), person)
    entry_date = from_day_numbers(numbers)
    keep = entry_date <= pop.as_of
    person, entry_date, kind = person[keep], entry_date[keep], kind[keep]
    code = _codes(rng, pop, person, entry_date, kind)
    married = _married_name(pop, person, kind)
    return SsaEntries(person, entry_date, code, _birth_country_known(rng, pop), married)


def _entry_events(rng: np.random.Generator, pop: Population) -> tuple[Ints, Dates, Ints]:
    """(person, date, kind) for every entry that happened by each person's horizon."""
    t, n = pop.t, pop.size
    holder = pop.has_ssn
    issued = t.ssn_issued
    changed = pop.names.changed_on
    reports_marriage = (changed > issued) & (rng.random(n) < 0.85)
    became_resident = t.ssn_issued_without_work & (t.lpr_date > issued) & (rng.random(n) < 0.4)
    naturalized_told = ~np.isnat(t.naturalized_on) & (rng.random(n) < 0.2)
    derived_told = ~np.isnat(t.derived_on) & (rng.random(n) < 0.08)
    replaced = rng.random(n) < 0.15
    span = (t.horizon - issued).astype(np.float64)
    citizenship_day = np.where(
        naturalized_told,
        t.naturalized_on + days(14 + 386 * rng.random(n)),
        np.fmax(t.derived_on, issued) + days(30 + 1970 * rng.random(n)),
    )
    candidates = [
        (holder, issued, Entry.ORIGINAL),
        (holder & reports_marriage, changed + days(400 * rng.random(n)), Entry.NAME_CHANGE),
        (
            holder & became_resident,
            t.lpr_date + days(20 + 280 * rng.random(n)),
            Entry.STATUS_UPDATE,
        ),
        (holder & (naturalized_told | derived_told), citizenship_day, Entry.CITIZENSHIP),
        (holder & replaced, issued + days(np.nan_to_num(span) * rng.random(n)), Entry.REPLACEMENT),
    ]
    people, dates, kinds = [], [], []
    for mask, when, kind in candidates:
        selected = mask & (when <= t.horizon)
        people.append(np.flatnonzero(selected))
        dates.append(when[selected])
        kinds.append(np.full(int(selected.sum()), kind, dtype=np.int64))
    return np.concatenate(people), np.concatenate(dates), np.concatenate(kinds)


def _original_codes(rng: np.random.Generator, pop: Population) -> Ints:
    """The code recorded when each number was issued (per person)."""
    n, t = pop.size, pop.t
    u = rng.random(n)
    modern = t.ssn_issued >= CODES_RECORDED_SINCE
    native = pop.org.path == Path.NATIVE
    samoan = pop.org.birthplace == COUNTRY_INDEX["AS"]
    native_code = np.where(
        modern,
        np.select([u < 0.97, u < 0.98], [CODE_A, CODE_D], NO_CODE),
        np.where(u < 0.45, CODE_A, NO_CODE),
    )
    national_code = np.where(u < 0.6, CODE_D, NO_CODE)
    foreign_code = np.where(
        modern,
        np.select([u < 0.85, u < 0.9], [CODE_B, CODE_D], NO_CODE),
        np.where(u < 0.5, CODE_B, NO_CODE),
    )
    foreign_code = np.where(t.ssn_issued_without_work, CODE_C, foreign_code)
    code: Ints = np.where(native, np.where(samoan, national_code, native_code), foreign_code)
    return code


def _codes(
    rng: np.random.Generator, pop: Population, person: Ints, entry_date: Dates, kind: Ints
) -> Ints:
    """The code on each entry: set by originals and updates, carried by other entries."""
    original = _original_codes(rng, pop)[person]
    native = (pop.org.path == Path.NATIVE)[person] & (pop.org.birthplace != COUNTRY_INDEX["AS"])[
        person
    ]
    # A native-born person who shows a birth certificate for a new card after 1981 gets code A.
    proves_birth = (
        native & (entry_date >= CODES_RECORDED_SINCE) & (rng.random(person.shape[0]) < 0.5)
    )
    setting = np.select(
        [
            kind == Entry.ORIGINAL,
            kind == Entry.STATUS_UPDATE,
            kind == Entry.CITIZENSHIP,
            proves_birth,
        ],
        [original, CODE_B, CODE_A, CODE_A],
        -1,
    )
    filled = forward_fill(setting, setting >= 0, person)
    return np.where(filled < 0, NO_CODE, filled)


def _married_name(pop: Population, person: Ints, kind: Ints) -> Mask:
    """Whether each entry carries the married surname."""
    t = pop.t
    married_before_number = (pop.names.changed_on <= t.ssn_issued)[person]
    state = np.select(
        [kind == Entry.ORIGINAL, kind == Entry.NAME_CHANGE],
        [married_before_number.astype(np.int64), 1],
        -1,
    )
    filled = forward_fill(state, state >= 0, person)
    result: Mask = filled == 1
    return result


def _birth_country_known(rng: np.random.Generator, pop: Population) -> Mask:
    """Old numbers often lack the birthplace (per person: all entries agree)."""
    modern = pop.t.ssn_issued >= CODES_RECORDED_SINCE
    result: Mask = rng.random(pop.size) < np.where(modern, 0.97, 0.75)
    return result


def ssa_table(rng: np.random.Generator, pop: Population, entries: SsaEntries) -> pa.Table:
    """The extract as written: all columns text, empty where missing."""
    p = entries.person
    names = pop.names
    last = choose(entries.married_name, take(names.last, p), take(names.birth_last, p))
    middle = _ssa_middle(rng, take(names.middle, p), entries.entry_date)
    us_style = rng.random(entries.size) < 0.01
    country = np.where(entries.birth_country_known, np.array(COUNTRIES)[pop.org.birthplace], "")
    columns = {
        "ssn": ssn_text(pop.ssn[p]),
        "first_name": _as_ssa_writes(rng, take(names.first, p), entries.entry_date),
        "middle_name": _as_ssa_writes(rng, middle, entries.entry_date),
        "last_name": _as_ssa_writes(rng, last, entries.entry_date),
        "dob": written(pop.fam.dob[p], us_style),
        "sex": text(np.where(pop.fam.female[p], "F", "M")),
        "birth_country": text(country[p]),
        "citizenship_code": text(np.array(CODES)[entries.code]),
        "death_date": written(pop.t.death[p], us_style),
        "entry_date": written(entries.entry_date, us_style),
    }
    return pa.table(columns)


def _ssa_middle(rng: np.random.Generator, middle: Text, when: Dates) -> Text:
    """Older entries often kept only the middle initial."""
    initial_only = (when < day("1990-01-01")) & (rng.random(when.shape[0]) < 0.2)
    return choose(initial_only, head(middle, 1), middle)


def _as_ssa_writes(rng: np.random.Generator, values: Text, when: Dates) -> Text:
    """Capitals; accents dropped on all older entries and on half of the newer ones."""
    flattened = (when < day("2000-01-01")) | (rng.random(when.shape[0]) < 0.5)
    return upper(choose(flattened, map_distinct(values, plain), values))


def citizen_birthplace(pop: Population, entries: SsaEntries) -> Mask:
    """Per entry: the recorded birthplace confers citizenship."""
    codes = np.array([COUNTRY_INDEX[c] for c in CITIZEN_BIRTHPLACES])
    known = entries.birth_country_known[entries.person]
    result: Mask = known & np.isin(pop.org.birthplace[entries.person], codes)
    return result
