"""The DHS immigration-status extract: status history rows keyed by A-number.

Rows follow each person's timeline (visa, refugee admission, asylum, TPS, parole, DACA grants,
conditional and permanent residence, naturalization, certificates of citizenship), cut at the DHS
as-of date: anything that happened later is simply not there, and a row's end is only filled from
what was known at the cut. Derived citizens without a certificate often have only their old
residence rows, or nothing at all. Names are mostly the person's own, sometimes without accents,
another transliteration or no middle name; about half the rows carry the SSN; A-numbers are
sometimes written without leading zeros.

Classes of admission are illustrative codes, not an authoritative list. This module writes what
DHS would hold; it must never correct the record toward the truth.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import IntEnum

import numpy as np
import numpy.typing as npt
import pyarrow as pa

from .arrays import Dates, Floats, Ints, Mask, run_ends, strictly_increasing
from .arrow import Text, choose, map_distinct, take, text
from .countries import COUNTRIES
from .dates import day_numbers, days, from_day_numbers, written, years
from .identifiers import a_number_text, digits_text, ssn_dashed, ssn_text
from .naming import plain, transliterated
from .origins import Path
from .population import Population
from .timeline import DACA_RENEWAL_DAYS, VISA_CODES

DHS_COLUMNS = (
    "a_number", "ssn", "first_name", "middle_name", "last_name", "dob", "country_of_birth",
    "status", "class_of_admission", "status_start", "status_end", "certificate_number",
    "updated_on",
)  # fmt: skip


class Status(IntEnum):
    """The DHS `status` values, named exactly as the contract spells them."""

    LPR = 0
    CONDITIONAL_RESIDENT = 1
    NATURALIZED = 2
    DERIVED_CITIZEN = 3
    REFUGEE = 4
    ASYLEE = 5
    NONIMMIGRANT = 6
    PAROLEE = 7
    TPS = 8
    DACA = 9


CITIZEN_STATUSES = (Status.NATURALIZED, Status.DERIVED_CITIZEN)
Codes = npt.NDArray[np.str_]  # short codes such as classes of admission

# Permanent-residence classes by path, one tuple per role (head, partner, child); a family
# shares the position in the tuple, so a principal and dependants match.
# fmt: off
LPR_CLASSES: dict[Path, tuple[tuple[str, ...], ...]] = {
    Path.IMMIGRANT_VISA: (("F21", "E21", "IR5", "F41", "DV1", "E31"),
                          ("F22", "E22", "IR1", "F42", "DV2", "E32"),
                          ("F23", "E23", "IR2", "F43", "DV3", "E33")),
    Path.ADJUSTED: (("E26", "E16", "E36"), ("E27", "E17", "E37"), ("E28", "E18", "E38")),
    Path.MARRIAGE: (("IR6",), ("IR6",), ("IR6",)),
    Path.REFUGEE: (("RE6",), ("RE7",), ("RE8",)),
    Path.ASYLEE: (("AS6",), ("AS7",), ("AS8",)),
    Path.PAROLE: (("CU6",), ("CU7",), ("CU8",)),
}
FIXED_CLASSES = {
    Status.REFUGEE: ("RE1", "RE2", "RE3"),
    Status.ASYLEE: ("AS1", "AS2", "AS3"),
    Status.CONDITIONAL_RESIDENT: ("CR1", "CR1", "CR2"),
    Status.TPS: ("TPS", "TPS", "TPS"),
    Status.PAROLEE: ("PAR", "PAR", "PAR"),
    Status.DACA: ("C33", "C33", "C33"),
}
# fmt: on


@dataclass(frozen=True)
class DhsRows:
    """Rows in the extract, sorted by person then status start (strictly increasing)."""

    person: Ints
    status: Ints  # Status
    admission_class: Codes
    start: Dates
    end: Dates
    updated_on: Dates

    @property
    def current(self) -> Mask:
        """The row with the latest status start for each A-number."""
        return run_ends(self.person)

    @property
    def size(self) -> int:
        return int(self.person.shape[0])

    def select(self, index: Ints) -> DhsRows:
        """The rows at `index`, in that order."""
        return DhsRows(
            self.person[index],
            self.status[index],
            self.admission_class[index],
            self.start[index],
            self.end[index],
            self.updated_on[index],
        )


@dataclass
class _Rows:
    """Rows under construction, one list entry per kind of event."""

    holders: Mask  # people with an A-number: only they can have rows
    horizon: Dates  # nothing is granted to anyone after their death
    person: list[Ints] = field(default_factory=list)
    status: list[Ints] = field(default_factory=list)
    klass: list[Codes] = field(default_factory=list)
    start: list[Dates] = field(default_factory=list)
    end: list[Dates] = field(default_factory=list)

    def add(self, status: Status, klass: Codes, start: Dates, end: Dates) -> None:
        """One row for each holder for whom `start` happened (by their horizon)."""
        mask = self.holders & (start <= self.horizon)
        self.person.append(np.flatnonzero(mask))
        self.status.append(np.full(int(mask.sum()), status, dtype=np.int64))
        self.klass.append(klass[mask])
        self.start.append(start[mask])
        self.end.append(end[mask])

    def collected(self) -> DhsRows:
        """All rows so far, unsorted (updated_on is filled in later)."""
        end = np.concatenate(self.end)
        return DhsRows(
            np.concatenate(self.person),
            np.concatenate(self.status),
            np.concatenate(self.klass),
            np.concatenate(self.start),
            end,
            end,
        )


def build_dhs(rng: np.random.Generator, pop: Population) -> DhsRows:
    """Every status row known at the DHS as-of date."""
    rows = _status_events(rng, pop).collected()
    rows = rows.select(np.lexsort((rows.status, rows.start, rows.person)))
    start = from_day_numbers(strictly_increasing(day_numbers(rows.start), rows.person))
    rows = replace(rows, start=start)
    in_extract = (rows.start <= pop.dhs_as_of) & _traced(rng, pop)[rows.person]
    rows = rows.select(np.flatnonzero(in_extract))
    end, updated_on = _known_ends(rng, pop, rows.person, rows.start, rows.end)
    return replace(rows, end=end, updated_on=updated_on)


def _status_events(rng: np.random.Generator, pop: Population) -> _Rows:
    """Every status a person held, as (person, status, class, start, natural end)."""
    t = pop.t
    never = np.full(pop.size, np.datetime64("NaT"), dtype="datetime64[D]")
    rows = _Rows(pop.has_a_number, t.horizon)
    visa_class = np.array((*VISA_CODES, ""))[t.visa_class]
    rows.add(Status.NONIMMIGRANT, visa_class, t.visa_start, t.visa_end)
    rows.add(Status.NONIMMIGRANT, visa_class, t.extension_start, t.extension_end)
    for status, start, end in (
        (Status.REFUGEE, t.refugee_start, never),
        (Status.ASYLEE, t.asylee_start, never),
        (Status.TPS, t.tps_start, t.tps_end),
        (Status.PAROLEE, t.parole_start, t.parole_end),
        (Status.CONDITIONAL_RESIDENT, t.conditional_start, t.conditional_start + years(2)),
    ):
        rows.add(status, np.array(FIXED_CLASSES[status])[pop.fam.role], start, end)
    _add_daca_grants(rows, pop)
    lpr_class = _lpr_classes(rng, pop)
    rows.add(Status.LPR, lpr_class, t.lpr_date, never)
    rows.add(Status.NATURALIZED, lpr_class, t.naturalized_on, never)
    rows.add(Status.DERIVED_CITIZEN, lpr_class, t.citizenship_certificate_on, never)
    return rows


def _add_daca_grants(rows: _Rows, pop: Population) -> None:
    """One row per DACA grant; each runs two years."""
    t = pop.t
    klass = np.array(FIXED_CLASSES[Status.DACA])[pop.fam.role]
    for k in range(int(t.daca_grants.max(initial=0))):
        start = t.daca_first + days(k * DACA_RENEWAL_DAYS)
        start = np.where(t.daca_grants > k, start, np.datetime64("NaT"))
        rows.add(Status.DACA, klass, start, start + years(2))


def _lpr_classes(rng: np.random.Generator, pop: Population) -> Codes:
    """A class of admission for each person's permanent residence (family members match)."""
    n = pop.size
    u = rng.random(n)[pop.fam.head]
    role = pop.fam.role
    klass = np.full(n, "", dtype="<U4")
    for path, by_role in LPR_CLASSES.items():
        for r, options in enumerate(by_role):
            mask = (pop.org.path == path) & (role == r)
            klass[mask] = np.array(options)[(u[mask] * len(options)).astype(np.int64)]
    return klass


def _traced(rng: np.random.Generator, pop: Population) -> Mask:
    """Whose files are in the extract: derived citizens without a certificate often are not."""
    derived_without_certificate = ~np.isnat(pop.t.derived_on) & np.isnat(
        pop.t.citizenship_certificate_on
    )
    result: Mask = ~derived_without_certificate | (rng.random(pop.size) < 0.58)
    return result


def _known_ends(
    rng: np.random.Generator, pop: Population, person: Ints, start: Dates, end: Dates
) -> tuple[Dates, Dates]:
    """Open rows end where the next row (in the extract) starts; updated_on follows the change."""
    last = run_ends(person)
    next_start = np.empty_like(start)
    next_start[:-1] = start[1:]
    next_start[last] = np.datetime64("NaT")
    end = np.where(np.isnat(end), next_start, end)
    touched = np.fmax(start, next_start)
    updated_on = np.minimum(touched + days(45 * rng.random(person.shape[0])), pop.dhs_as_of)
    return end, updated_on


def dhs_table(rng: np.random.Generator, pop: Population, rows: DhsRows) -> pa.Table:
    """The extract as written: all columns text, empty where missing."""
    p = rows.person
    first, middle, last = _dhs_names(rng, pop, rows)
    us_style = rng.random(rows.size) < 0.03
    on_certificate = np.isin(rows.status, CITIZEN_STATUSES)
    columns = {
        "a_number": _a_numbers_as_written(rng, pop, p),
        "ssn": _linked_ssns(rng, pop, rows),
        "first_name": first,
        "middle_name": middle,
        "last_name": last,
        "dob": written(_dhs_dob(rng, pop, p), us_style),
        "country_of_birth": text(np.array(COUNTRIES)[pop.org.birthplace[p]]),
        "status": text(np.array([s.name for s in Status])[rows.status]),
        "class_of_admission": text(rows.admission_class),
        "status_start": written(rows.start, us_style),
        "status_end": written(rows.end, us_style),
        "certificate_number": choose(on_certificate, take(pop.certificate, p), ""),
        "updated_on": written(rows.updated_on, us_style),
    }
    return pa.table(columns)


def _a_numbers_as_written(rng: np.random.Generator, pop: Population, p: Ints) -> Text:
    """Nine digits with leading zeros, except for some files keyed without them."""
    unpadded = (rng.random(pop.size) < 0.15)[p]
    numbers = pop.a_number[p]
    return choose(unpadded, digits_text(numbers, 1), a_number_text(numbers))


def _linked_ssns(rng: np.random.Generator, pop: Population, rows: DhsRows) -> Text:
    """About half of the rows of SSN holders carry the SSN (issued by the row's update)."""
    p = rows.person
    linked_person = (rng.random(pop.size) < 0.56)[p]
    linked = (
        linked_person
        & (rng.random(rows.size) < 0.9)
        & pop.has_ssn[p]
        & (pop.t.ssn_issued[p] <= rows.updated_on)
    )
    dashed = rng.random(rows.size) < 0.1
    ssn = choose(dashed, ssn_dashed(pop.ssn[p]), ssn_text(pop.ssn[p]))
    return choose(linked, ssn, "")


def _dhs_names(rng: np.random.Generator, pop: Population, rows: DhsRows) -> tuple[Text, Text, Text]:
    """The person's name at the row's time, with each file's own habits."""
    n, names, p = pop.size, pop.names, rows.person
    before_marriage = rows.start < names.changed_on[p]
    last = choose(before_marriage, take(names.birth_last, p), take(names.last, p))
    first = take(names.first, p)
    middle = take(names.middle, p)
    choice = rng.random(n)[p]
    respelled = (rng.random(n) < 0.3)[p]
    first = _respelled(first, respelled, choice)
    last = _respelled(last, respelled, choice)
    flattened = (rng.random(n) < 0.4)[p]
    first, middle, last = (
        choose(flattened, map_distinct(x, plain), x) for x in (first, middle, last)
    )
    dropped_middle = (rng.random(n) < 0.08)[p]
    return first, choose(dropped_middle, "", middle), last


def _respelled(values: Text, mask: Mask, choice: Floats) -> Text:
    """Another transliteration for the rows in `mask` (names without variants stay)."""
    first_variant = map_distinct(values, lambda v: transliterated(v, 0.0))
    second_variant = map_distinct(values, lambda v: transliterated(v, 0.99))
    return choose(mask, choose(choice < 0.5, first_variant, second_variant), values)


def _dhs_dob(rng: np.random.Generator, pop: Population, p: Ints) -> Dates:
    """Birth dates as DHS holds them: a few are a day off, from a mistyped form."""
    off = (rng.random(pop.size) < 0.015)[p]
    dob: Dates = np.where(off, pop.fam.dob[p] + days(1), pop.fam.dob[p])
    return dob
