"""The synthetic population: every person's ground truth in one place.

Builds families, origins, the timeline of events, names and identifiers, each from its own random
stream, and assembles them into a `Population`. Records (SSA, DHS) and requests are derived from
a population, never the other way round, and this module must never read or write files.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from .arrays import Ints, Mask
from .arrow import Text, as_text, equal, join, padded, take, text
from .dates import year_of
from .families import Families, draw_families
from .identifiers import certificate_numbers, draw_a_numbers, draw_ssns
from .kinds import Kind, kinds
from .names import Names, draw_names
from .origins import Origins, Path, draw_origins
from .streams import stream
from .timeline import Timeline, draw_timeline


@dataclass(frozen=True)
class Population:
    fam: Families
    org: Origins
    t: Timeline
    names: Names
    kind: Ints
    ssn: Ints  # -1 where the person has no SSN
    a_number: Ints  # -1 where the person has none
    certificate: Text  # naturalization or citizenship certificate, "" where none
    as_of: np.datetime64
    dhs_as_of: np.datetime64
    namesake_of: Ints  # the naturalized citizen whose name and birth date this person shares, -1

    @property
    def size(self) -> int:
        return self.fam.size

    @property
    def has_ssn(self) -> Mask:
        result: Mask = self.ssn >= 0
        return result

    @property
    def has_a_number(self) -> Mask:
        result: Mask = self.a_number >= 0
        return result

    @property
    def has_certificate(self) -> Mask:
        return ~equal(self.certificate, "")

    @property
    def person_id(self) -> Text:
        return person_ids(np.arange(self.size, dtype=np.int64))


def person_ids(index: Ints) -> Text:
    """`P00000001` for person 0, and so on."""
    return join("P", padded(as_text(index + 1), 8))


def build_population(
    people: int, seed: int, as_of: np.datetime64, dhs_as_of: np.datetime64
) -> Population:
    """Everyone, with their true history, names and numbers."""
    fam = draw_families(stream(seed, "families"), people, as_of)
    org = draw_origins(stream(seed, "origins"), fam, as_of)
    t = draw_timeline(stream(seed, "timeline"), fam, org, as_of, dhs_as_of)
    names = draw_names(stream(seed, "names"), fam, org)
    kind = kinds(org.path, org.birthplace, t)
    ids = stream(seed, "identifiers")
    ssn = _ssns(ids, t)
    a_number = _a_numbers(ids, org, t)
    certificate = _certificates(ids, t)
    namesake_of = _namesakes(stream(seed, "namesakes"), fam, org, kind, ssn, a_number)
    fam, names = _shared_identities(fam, names, namesake_of)
    return Population(
        fam, org, t, names, kind, ssn, a_number, certificate, as_of, dhs_as_of, namesake_of
    )


# Namesakes with two A-numbers: a visitor without an SSN who shares name, birth date and country
# of birth with a naturalized citizen who has both an SSN and an A-number of their own. Common
# names in a country's naming tradition make such pairs real at national scale; a matcher that
# links records by identity alone would lend the visitor the citizen's citizenship.
NAMESAKE_P = 0.15
NAMESAKE_MAX_YEARS_APART = 2


def _namesakes(
    rng: np.random.Generator,
    fam: Families,
    org: Origins,
    kind: Ints,
    ssn: Ints,
    a_number: Ints,
) -> Ints:
    """For some visitors, a naturalized citizen born in the same country within two years."""
    visitors = np.flatnonzero(
        (kind == Kind.NONIMMIGRANT)
        & (a_number >= 0)
        & (ssn < 0)
        & (rng.random(kind.size) < NAMESAKE_P)
    )
    citizens = np.flatnonzero((kind == Kind.NATURALIZED) & (a_number >= 0) & (ssn >= 0))
    result = np.full(kind.size, -1, dtype=np.int64)
    if visitors.size == 0 or citizens.size == 0:
        return result
    # Citizens ordered by country of birth, then birth year: each visitor takes one of the
    # citizens nearest in birth year among those born in the same country.
    key = org.birthplace.astype(np.int64) * 10_000 + year_of(fam.dob).astype(np.int64)
    by_key = citizens[np.argsort(key[citizens], kind="stable")]
    at = np.searchsorted(key[by_key], key[visitors]) + rng.integers(0, 3, visitors.size)
    partner = by_key[np.minimum(at, by_key.size - 1)]
    has = org.birthplace[partner] == org.birthplace[visitors]
    close = (
        np.abs(year_of(fam.dob[visitors]) - year_of(fam.dob[partner])) <= NAMESAKE_MAX_YEARS_APART
    )
    chosen = has & close
    # One namesake per citizen: two visitors sharing one citizen's identity would be three.
    _, first_use = np.unique(partner[chosen], return_index=True)
    keep = np.flatnonzero(chosen)[first_use]
    result[visitors[keep]] = partner[keep]
    return result


def _shared_identities(fam: Families, names: Names, namesake_of: Ints) -> tuple[Families, Names]:
    """Each namesake takes the name and birth date of the citizen they share them with."""
    who = namesake_of >= 0
    source = np.where(who, namesake_of, np.arange(namesake_of.size))
    dob = fam.dob[source]
    shared = Names(
        take(names.first, source),
        take(names.middle, source),
        take(names.last, source),
        take(names.birth_last, source),
        np.where(who, names.changed_on[source], names.changed_on),
    )
    return replace(fam, dob=dob), shared


def _ssns(rng: np.random.Generator, t: Timeline) -> Ints:
    holders = ~np.isnat(t.ssn_issued)
    ssn = np.full(holders.shape[0], -1, dtype=np.int64)
    ssn[holders] = draw_ssns(rng, int(holders.sum()))
    return ssn


def _a_numbers(rng: np.random.Generator, org: Origins, t: Timeline) -> Ints:
    """Everyone DHS has ever had a file on: all foreign-born except those never encountered."""
    first_record = t.first_status_start()
    holders = (org.path != Path.NATIVE) & ~np.isnat(first_record)
    a_number = np.full(holders.shape[0], -1, dtype=np.int64)
    a_number[holders] = draw_a_numbers(rng, year_of(first_record[holders]))
    return a_number


def _certificates(rng: np.random.Generator, t: Timeline) -> Text:
    naturalized = ~np.isnat(t.naturalized_on)
    derived = ~np.isnat(t.citizenship_certificate_on)
    numbers = np.full(naturalized.shape[0], "", dtype=object)
    numbers[naturalized] = certificate_numbers(rng, int(naturalized.sum()), "N").to_pylist()
    numbers[derived] = certificate_numbers(rng, int(derived.sum()), "C").to_pylist()
    return text(numbers)


def count_by_kind(population: Population) -> dict[str, int]:
    """People per kind, in the order kinds are declared."""
    counts = np.bincount(population.kind, minlength=len(Kind))
    return {k.name.lower(): int(counts[k]) for k in Kind}
