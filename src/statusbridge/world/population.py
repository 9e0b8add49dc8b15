"""The synthetic population: every person's ground truth in one place.

Builds families, origins, the timeline of events, names and identifiers, each from its own random
stream, and assembles them into a `Population`. Records (SSA, DHS) and requests are derived from
a population, never the other way round, and this module must never read or write files.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .arrays import Ints, Mask
from .arrow import Text, as_text, equal, join, padded, text
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
    return Population(fam, org, t, names, kind, ssn, a_number, certificate, as_of, dhs_as_of)


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
