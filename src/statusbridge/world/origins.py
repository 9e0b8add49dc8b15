"""Where each family comes from: birthplace, naming culture, immigration path and arrival date.

A family is either native (born in the states, DC or a territory) or arrived on one immigration
path; its children born before arrival share the path, those born after are U.S.-born. Some
native families include a spouse who came from abroad by marriage. This module decides origins
only; the events that follow arrival belong to `timeline`, and it must never decide names.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

import numpy as np

from .arrays import Dates, Floats, Ints, pick
from .countries import (
    COUNTRY_CULTURE,
    COUNTRY_INDEX,
    NATIVE_CULTURES,
    PATH_COUNTRIES,
    TERRITORY_CULTURES,
    countries_of_culture,
    normalized,
)
from .dates import years
from .families import Families, Role
from .namepools import CULTURE_INDEX, CULTURES


class Origin(IntEnum):
    NATIVE = 0
    IMMIGRANT = 1
    REFUGEE = 2
    ASYLEE = 3
    TPS = 4
    PAROLE = 5
    NONIMMIGRANT = 6
    NO_STATUS = 7


class Path(IntEnum):
    """How a person came to be in the United States."""

    NATIVE = 0
    IMMIGRANT_VISA = 1  # admitted as a permanent resident
    ADJUSTED = 2  # came on a temporary visa, later adjusted to permanent residence
    MARRIAGE = 3  # foreign spouse of a citizen: conditional residence first
    REFUGEE = 4
    ASYLEE = 5
    TPS = 6
    PAROLE = 7
    NONIMMIGRANT = 8
    OVERSTAY = 9  # came on a visitor visa and stayed
    UNDOCUMENTED = 10  # entered without inspection


ORIGIN_P = {
    Origin.NATIVE: 0.745,
    Origin.IMMIGRANT: 0.15,
    Origin.REFUGEE: 0.018,
    Origin.ASYLEE: 0.014,
    Origin.TPS: 0.011,
    Origin.PAROLE: 0.009,
    Origin.NONIMMIGRANT: 0.022,
    Origin.NO_STATUS: 0.031,
}
NATIVE_BIRTHPLACE_P = {"US": 0.9735, "PR": 0.019, "GU": 0.002, "VI": 0.002, "MP": 0.001,
                       "AS": 0.0025}  # fmt: skip
FOREIGN_SPOUSE_P = 0.10
# (most years ago, skew toward recent) for the arrival of families on each origin.
ARRIVAL_SHAPE = {
    Origin.IMMIGRANT: (50.0, 1.0),
    Origin.REFUGEE: (45.0, 1.2),
    Origin.ASYLEE: (30.0, 1.3),
    Origin.TPS: (26.0, 1.0),
    Origin.PAROLE: (3.0, 1.0),
    Origin.NONIMMIGRANT: (8.0, 1.5),
    Origin.NO_STATUS: (35.0, 1.3),
}
ORIGIN_COUNTRIES = {
    Origin.IMMIGRANT: "immigrant",
    Origin.REFUGEE: "refugee",
    Origin.ASYLEE: "asylee",
    Origin.TPS: "tps",
    Origin.PAROLE: "parolee",
    Origin.NONIMMIGRANT: "nonimmigrant",
    Origin.NO_STATUS: "no_status",
}


@dataclass(frozen=True)
class Origins:
    """Per person, plus the family's culture (names follow the family)."""

    path: Ints
    birthplace: Ints  # index into countries.COUNTRIES
    culture: Ints  # index into namepools.CULTURES
    arrival: Dates  # NaT for the U.S.-born and for spouses (their arrival follows the marriage)
    family_origin: Ints


def draw_origins(rng: np.random.Generator, fam: Families, as_of: np.datetime64) -> Origins:
    """Birthplace, culture, path and arrival for every person."""
    n_families = int(fam.family.max()) + 1 if fam.size else 0
    origin_keys, origin_p = normalized({k.name: v for k, v in ORIGIN_P.items()})
    origin = np.array([Origin[k] for k in origin_keys])[pick(rng, origin_p, n_families)]
    country = _family_countries(rng, origin)
    culture = _family_cultures(rng, origin, country)
    arrival = _family_arrivals(rng, origin, fam, as_of)
    return _people_origins(rng, fam, origin, country, culture, arrival)


def _family_countries(rng: np.random.Generator, origin: Ints) -> Ints:
    """Birth country of each family's foreign-born members (or native birthplace)."""
    country = np.empty(origin.shape[0], dtype=np.int64)
    table = {Origin.NATIVE: NATIVE_BIRTHPLACE_P} | {
        o: PATH_COUNTRIES[key] for o, key in ORIGIN_COUNTRIES.items()
    }
    for o, weights in table.items():
        members = np.flatnonzero(origin == o)
        keys, p = normalized(weights)
        codes = np.array([COUNTRY_INDEX[k] for k in keys])
        country[members] = codes[pick(rng, p, members.size)]
    return country


def _family_cultures(rng: np.random.Generator, origin: Ints, country: Ints) -> Ints:
    """Naming culture: by country for immigrants, a U.S.-like mix for the native-born."""
    codes = list(COUNTRY_INDEX)
    culture = np.array([CULTURE_INDEX[COUNTRY_CULTURE[codes[c]]] for c in range(len(codes))])[
        country
    ]
    native_mix = {"US": NATIVE_CULTURES} | TERRITORY_CULTURES
    for place, weights in native_mix.items():
        members = np.flatnonzero((origin == Origin.NATIVE) & (country == COUNTRY_INDEX[place]))
        keys, p = normalized(weights)
        choices = np.array([CULTURE_INDEX[k] for k in keys])
        culture[members] = choices[pick(rng, p, members.size)]
    return culture


def _family_arrivals(
    rng: np.random.Generator, origin: Ints, fam: Families, as_of: np.datetime64
) -> Dates:
    """Arrival of each immigrant family: the head was at least 18 (NaT for native families)."""
    n = origin.shape[0]
    most = np.zeros(n)
    skew = np.ones(n)
    for o, (m, s) in ARRIVAL_SHAPE.items():
        most[origin == o] = m
        skew[origin == o] = s
    arrival = as_of - years(most * rng.random(n) ** skew)
    head_dob = fam.dob[np.unique(fam.family, return_index=True)[1]]
    # Settled immigrants mostly came as young adults, often with young children.
    settled = np.isin(origin, [Origin.IMMIGRANT, Origin.REFUGEE, Origin.ASYLEE, Origin.NO_STATUS])
    young_adult = head_dob + years(20.0 + 25.0 * rng.random(n))
    arrival = np.where(settled, np.fmin(arrival, young_adult), arrival)
    arrival = np.maximum(arrival, head_dob + years(18.0 + 4.0 * rng.random(n)))
    arrival = np.minimum(arrival, as_of - np.timedelta64(10, "D"))
    arrival[origin == Origin.NATIVE] = np.datetime64("NaT")
    return arrival


def _people_origins(
    rng: np.random.Generator,
    fam: Families,
    origin: Ints,
    country: Ints,
    culture: Ints,
    arrival: Dates,
) -> Origins:
    n = fam.size
    f = fam.family
    foreign_born = (origin[f] != Origin.NATIVE) & (fam.dob < arrival[f])
    family_path = _family_paths(origin, rng.random(len(origin)))
    path = np.where(foreign_born, family_path[f], Path.NATIVE).astype(np.int64)
    us = COUNTRY_INDEX["US"]
    birthplace = np.where(
        origin[f] == Origin.NATIVE, country[f], np.where(foreign_born, country[f], us)
    )
    person_arrival = np.where(foreign_born, arrival[f], np.datetime64("NaT"))
    spouse = (
        (origin[f] == Origin.NATIVE)
        & (fam.role == Role.PARTNER)
        & (rng.random(n) < FOREIGN_SPOUSE_P)
    )
    path[spouse] = Path.MARRIAGE
    birthplace = birthplace.copy()
    birthplace[spouse] = _spouse_countries(rng, culture[f][spouse])
    return Origins(path, birthplace, culture[f], person_arrival, origin[f])


def _family_paths(origin: Ints, u: Floats) -> Ints:
    """The path a family's foreign-born members share."""
    path: Ints = np.select(
        [
            origin == Origin.IMMIGRANT,
            origin == Origin.REFUGEE,
            origin == Origin.ASYLEE,
            origin == Origin.TPS,
            origin == Origin.PAROLE,
            origin == Origin.NONIMMIGRANT,
            origin == Origin.NO_STATUS,
        ],
        [
            np.where(u < 0.7, Path.IMMIGRANT_VISA, Path.ADJUSTED),
            Path.REFUGEE,
            Path.ASYLEE,
            Path.TPS,
            Path.PAROLE,
            Path.NONIMMIGRANT,
            np.where(u < 0.65, Path.UNDOCUMENTED, Path.OVERSTAY),
        ],
        Path.NATIVE,
    ).astype(np.int64)
    return path


def _spouse_countries(rng: np.random.Generator, culture: Ints) -> Ints:
    """Birth countries of foreign-born spouses, consistent with the family's names."""
    result = np.empty(culture.shape[0], dtype=np.int64)
    for code, c in enumerate(CULTURES):
        members = np.flatnonzero(culture == code)
        options = np.array([COUNTRY_INDEX[k] for k in countries_of_culture(c.key)])
        result[members] = options[rng.integers(0, options.size, members.size)]
    return result
