"""Kin groups: who is whose parent, partner, child or twin, with sexes, birth dates and marriages.

A family here is a kin group, not a household: a first parent, perhaps a partner, and children of
any age. Families are what make relative impostors realistic (a child using a parent's number,
twins sharing a birth date and a surname). This module decides structure only; it must never
decide birthplaces, statuses or names.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

import numpy as np

from .arrays import Dates, Ints, Mask, rank_in_run
from .dates import age_in_years, day, no_dates, years

FAMILY_SIZE_P = np.array([0.30, 0.22, 0.18, 0.16, 0.09, 0.05])
TWIN_P = 0.03
MARRIED_OUT_P = 0.45  # women not in the partner role who changed surname at some marriage


class Role(IntEnum):
    HEAD = 0  # the first parent (or a person on their own)
    PARTNER = 1
    CHILD = 2


@dataclass(frozen=True)
class Families:
    """Per-person structure; families are contiguous runs of person indices."""

    family: Ints
    role: Ints
    head: Ints  # index of the family's head
    partner: Ints  # index of the family's partner, -1 where none
    female: Mask
    dob: Dates
    married_on: Dates  # the marriage that may have changed a woman's surname, NaT where none
    twin_of: Ints  # index of the twin whose birth date this person shares, -1 where none

    @property
    def size(self) -> int:
        return int(self.family.shape[0])


def draw_families(rng: np.random.Generator, people: int, as_of: np.datetime64) -> Families:
    """Exactly `people` people in kin groups of one to six."""
    sizes = _family_sizes(rng, people)
    family = np.repeat(np.arange(sizes.shape[0], dtype=np.int64), sizes)
    start = np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(np.int64)
    rank = rank_in_run(family)
    has_partner = (sizes >= 2) & (rng.random(sizes.shape[0]) < np.where(sizes == 2, 0.75, 0.72))
    role = np.where(
        rank == 0, Role.HEAD, np.where((rank == 1) & has_partner[family], Role.PARTNER, Role.CHILD)
    ).astype(np.int64)
    head = start[family]
    partner = np.where(has_partner[family], head + 1, -1)
    female = _sexes(rng, role, has_partner[family], sizes[family])
    dob = _birth_dates(rng, role, head, partner, sizes[family], as_of)
    twin_of = _twins(rng, role, family)
    dob = np.where(twin_of >= 0, dob[np.maximum(twin_of, 0)], dob)
    married_on = _marriages(rng, role, female, dob, family, start, as_of)
    return Families(family, role, head, partner, female, dob, married_on, twin_of)


def _family_sizes(rng: np.random.Generator, people: int) -> Ints:
    """Sizes that add up to exactly `people` (the last family is trimmed)."""
    guess = int(people / 2.6) + 16
    sizes = rng.choice(np.arange(1, 7), size=guess, p=FAMILY_SIZE_P).astype(np.int64)
    while sizes.sum() < people:
        more = rng.choice(np.arange(1, 7), size=guess // 4 + 16, p=FAMILY_SIZE_P)
        sizes = np.concatenate([sizes, more.astype(np.int64)])
    total = np.cumsum(sizes)
    last = int(np.searchsorted(total, people))
    sizes = sizes[: last + 1].copy()
    sizes[-1] -= int(total[last] - people)
    return sizes


def _sexes(rng: np.random.Generator, role: Ints, has_partner: Mask, size: Ints) -> Mask:
    """Heads of couples are men, partners women; single parents are mostly mothers."""
    u = rng.random(role.shape[0])
    lone_head_female_p = np.where(size == 1, 0.5, 0.75)
    female: Mask = np.where(
        role == Role.PARTNER,
        True,
        np.where(role == Role.HEAD, ~has_partner & (u < lone_head_female_p), u < 0.5),
    )
    return female


def _birth_dates(
    rng: np.random.Generator,
    role: Ints,
    head: Ints,
    partner: Ints,
    size: Ints,
    as_of: np.datetime64,
) -> Dates:
    """Parents' ages first, children's from their mother's (or lone parent's) age."""
    n = role.shape[0]
    # Floors are spread over a few years so that no birthday piles up on one day.
    youngest_parent = np.where(size > 1, 19.0, 18.0) + 3.0 * rng.random(n)
    age = np.clip(rng.normal(50.0, 17.0, n), youngest_parent, 102.0)
    partner_age = np.clip(age[head] + rng.normal(-2.0, 3.0, n), 18.0 + 3.0 * rng.random(n), 104.0)
    age = np.where(role == Role.PARTNER, partner_age, age)
    mother = np.where(partner >= 0, partner, head)
    mother_age = age[mother]
    gap = 18.0 + rng.random(n) * (np.minimum(44.0, mother_age) - 18.0)
    age = np.where(role == Role.CHILD, np.maximum(mother_age - gap, 0.0), age)
    dob: Dates = as_of - years(age) - np.timedelta64(1, "D")
    return dob


def _twins(rng: np.random.Generator, role: Ints, family: Ints) -> Ints:
    """A child after the first may be the twin of the child listed just before."""
    index = np.arange(role.shape[0], dtype=np.int64)
    previous_is_child = np.zeros(role.shape[0], dtype=np.bool_)
    previous_is_child[1:] = (role[:-1] == Role.CHILD) & (family[:-1] == family[1:])
    twin = (role == Role.CHILD) & previous_is_child & (rng.random(role.shape[0]) < TWIN_P)
    # A twin of a twin would chain; keep pairs only.
    twin[1:] &= ~twin[:-1]
    return np.where(twin, index - 1, -1)


def _marriages(
    rng: np.random.Generator,
    role: Ints,
    female: Mask,
    dob: Dates,
    family: Ints,
    start: Ints,
    as_of: np.datetime64,
) -> Dates:
    """Partners married before their eldest child; other women may have married out."""
    n = role.shape[0]
    married_on = no_dates(n)
    age = age_in_years(dob, as_of)
    eldest_child = _eldest_child_dob(role, dob, family, start)
    is_partner = role == Role.PARTNER
    base = dob + years(18.0 + rng.random(n) * np.maximum(np.minimum(age, 40.0) - 18.0, 0.0))
    before_child = eldest_child[family] - years(2.0 * rng.random(n))
    partner_married = np.fmin(base, before_child)
    partner_married = np.maximum(partner_married, dob + years(17))
    married_on[is_partner] = partner_married[is_partner]
    married_out = female & ~is_partner & (age >= 22.0) & (rng.random(n) < MARRIED_OUT_P)
    span = np.minimum(age - 1.0, 40.0) - 20.0
    out_date = dob + years(20.0 + rng.random(n) * np.maximum(span, 0.5))
    married_on[married_out] = out_date[married_out]
    latest = as_of - np.timedelta64(1, "D")
    married_on = np.where(married_on > latest, latest, married_on)
    # Marriage records only exist from the 1900s on in this world.
    return np.where(married_on < day("1920-01-01"), day("1920-01-01"), married_on)


def _eldest_child_dob(role: Ints, dob: Dates, family: Ints, start: Ints) -> Dates:
    """Per family: the birth date of its eldest child (NaT where none)."""
    eldest = no_dates(start.shape[0])
    children = np.flatnonzero(role == Role.CHILD)
    if children.size:
        order = children[np.argsort(dob[children], kind="stable")]
        fam = family[order]
        first = np.unique(fam, return_index=True)[1]
        eldest[fam[first]] = dob[order[first]]
    return eldest
