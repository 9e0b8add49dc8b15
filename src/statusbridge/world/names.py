"""Each person's true name: given, middle, surname at birth and surname now.

Families share surnames the way their culture does it: Spanish-naming families may carry two
surnames (father's first, mother's first), wives mostly take their husband's surname (some
hyphenate, some keep theirs), Slavic surnames take a feminine form, Arab children carry their
father's name as a middle name, Filipino children their mother's maiden name. Many U.S.-born
people write their names without accents. This module decides the truth; how SSA, DHS or an
agency writes a name is decided elsewhere, and this module must never decide it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .arrays import Dates, Mask
from .arrow import Text, choose, equal, join, map_distinct, objects, take, text
from .countries import COUNTRY_INDEX
from .families import Families, Role
from .namepools import CULTURE_INDEX, CULTURES
from .naming import feminine, given_names, has_nickname, nickname, plain, pools
from .origins import Origins, Path

SPANISH = CULTURE_INDEX["spanish"]
SLAVIC = CULTURE_INDEX["slavic"]
ENGLISH = CULTURE_INDEX["english"]


@dataclass(frozen=True)
class Names:
    first: Text
    middle: Text  # "" where none
    last: Text  # the surname now
    birth_last: Text  # the surname before any marriage
    changed_on: Dates  # the marriage that changed the surname, NaT where it never changed


def draw_names(rng: np.random.Generator, fam: Families, org: Origins) -> Names:
    """True names for everyone."""
    family_surnames = _family_surnames(rng, fam, org)
    birth_last = _birth_surnames(fam, family_surnames)
    married_last = _married_surnames(rng, fam, org, family_surnames, birth_last)
    female_slavic = fam.female & (org.culture == SLAVIC)
    birth_last = choose(female_slavic, map_distinct(birth_last, feminine), birth_last)
    married_last = choose(female_slavic, map_distinct(married_last, feminine), married_last)
    changed = ~equal(married_last, birth_last) & ~np.isnat(fam.married_on)
    last = choose(changed, married_last, birth_last)
    first = _distinct_first_names(rng, fam, org)
    middle = _middle_names(rng, fam, org, first, family_surnames)
    changed_on = np.where(changed, fam.married_on, np.datetime64("NaT"))
    names = _anglicized(rng, fam, org, Names(first, middle, last, birth_last, changed_on))
    return _twin_look_alikes(rng, fam, names)


@dataclass(frozen=True)
class _FamilySurnames:
    """Per person, the surnames of their family's founders (broadcast from the family)."""

    head_paternal: Text
    head_maternal: Text
    partner_paternal: Text
    partner_maternal: Text
    compound: Mask  # the family uses two surnames


def _family_surnames(rng: np.random.Generator, fam: Families, org: Origins) -> _FamilySurnames:
    surname = pools().surname
    draws = [take(surname.draw(rng, org.culture), fam.head) for _ in range(4)]
    compound_p = np.where(
        org.family_origin != 0, 0.65, np.where(org.birthplace == COUNTRY_INDEX["PR"], 0.7, 0.2)
    )
    compound = (org.culture == SPANISH) & (rng.random(fam.size) < compound_p)[fam.head]
    return _FamilySurnames(draws[0], draws[1], draws[2], draws[3], compound)


def _birth_surnames(fam: Families, s: _FamilySurnames) -> Text:
    """Head and partner keep their own; children take the family's."""
    two = s.compound
    head = choose(two, join(s.head_paternal, s.head_maternal, separator=" "), s.head_paternal)
    partner = choose(
        two, join(s.partner_paternal, s.partner_maternal, separator=" "), s.partner_paternal
    )
    second = choose(fam.partner >= 0, s.partner_paternal, s.head_maternal)
    child = choose(two, join(s.head_paternal, second, separator=" "), s.head_paternal)
    return choose(fam.role == Role.HEAD, head, choose(fam.role == Role.PARTNER, partner, child))


def _married_surnames(
    rng: np.random.Generator,
    fam: Families,
    org: Origins,
    s: _FamilySurnames,
    birth_last: Text,
) -> Text:
    """The surname after marriage, where it would change (otherwise the birth surname)."""
    u = rng.random(fam.size)
    head_last = take(birth_last, fam.head)
    hyphenated = join(s.partner_paternal, s.head_paternal, separator="-")
    # Spanish-naming wives mostly keep their surnames; others mostly take the husband's.
    takes_first_surname = s.compound & (u < 0.3)
    takes_husbands = ~s.compound & (u < 0.72)
    hyphenates = ~s.compound & (u >= 0.72) & (u < 0.78)
    partner_last = choose(
        takes_first_surname,
        s.head_paternal,
        choose(takes_husbands, head_last, choose(hyphenates, hyphenated, birth_last)),
    )
    # Women who married outside the kin group: a husband of the same culture or an English name.
    spouse_culture = np.where(rng.random(fam.size) < 0.6, org.culture, ENGLISH)
    outside = pools().surname.draw(rng, spouse_culture)
    keeps = s.compound & (rng.random(fam.size) < 0.6)
    outside_last = choose(keeps, birth_last, outside)
    return choose(fam.role == Role.PARTNER, partner_last, outside_last)


def _distinct_first_names(rng: np.random.Generator, fam: Families, org: Origins) -> Text:
    """Given names; a twin never shares a given name with their twin."""
    first = given_names(rng, org.culture, fam.female)
    twins = fam.twin_of >= 0
    if twins.any():
        again = given_names(rng, org.culture, fam.female)
        clash = twins & equal(first, take(first, np.maximum(fam.twin_of, 0)))
        first = choose(clash, again, first)
    return first


# Twins whose given names are near each other's: one is called by the other's middle name, by a
# nickname of the other's given name, or by a spelling one or two letters away. Such a twin
# using the sibling's number is the hardest impostor a matcher meets (see `requests`).
TWIN_LOOK_ALIKE_P = 0.35


def _twin_look_alikes(rng: np.random.Generator, fam: Families, names: Names) -> Names:
    """Give some second-born twins of the same sex a given name near their sibling's."""
    index = np.flatnonzero(fam.twin_of >= 0)
    sibling = fam.twin_of[index]
    chosen = (rng.random(index.size) < TWIN_LOOK_ALIKE_P) & (
        fam.female[index] == fam.female[sibling]
    )
    how = rng.random(index.size)
    first, middle = objects(names.first), objects(names.middle)
    for row in range(index.size):
        me, other = int(index[row]), int(sibling[row])
        theirs = str(first[other])
        if chosen[row]:
            look_alike = _near_name(theirs, str(middle[other]), float(how[row]))
            if look_alike and _letters(look_alike) != _letters(theirs):
                first[me] = look_alike
        # Twins never share a given name, also once accents, case and punctuation are gone
        # (JOSÉ and JOSE, SUNG-MIN and SUNG--MIN are one name to every matcher).
        if _letters(str(first[me])) == _letters(theirs):
            first[me] = _near_name(theirs, "", 0.8) or theirs + "a"
        if middle[me] == first[me]:
            middle[me] = ""
    return Names(text(first), text(middle), names.last, names.birth_last, names.changed_on)


def _near_name(first: str, middle: str, u: float) -> str:
    """The sibling's middle name, a nickname of their given name, or a letter or two changed."""
    if u < 0.4 and middle and " " not in middle:
        return middle
    if u < 0.7 and has_nickname(first):
        return nickname(first, (u - 0.4) / 0.3)
    letters = [i for i in range(1, len(first) - 1) if first[i].isalpha()]
    if len(first) < 4 or not letters:
        return ""
    i = letters[int(u * 7919) % len(letters)]
    vowels = "aeiou" if first[i].islower() else "AEIOU"
    swap = vowels[(vowels.find(first[i]) + 1) % 5] if first[i] in vowels else first[i] * 2
    changed = first[:i] + swap + first[i + 1 :]
    return changed if u < 0.9 or len(first) < 6 else changed[:-1]


def _letters(name: str) -> str:
    return "".join(ch for ch in plain(name).upper() if ch.isalpha())


def _middle_names(
    rng: np.random.Generator,
    fam: Families,
    org: Origins,
    first: Text,
    s: _FamilySurnames,
) -> Text:
    """Middle names by each culture's custom ('' where the person has none)."""
    p = pools()
    culture, female = org.culture, fam.female
    given = choose(female, p.female.draw(rng, culture), p.male.draw(rng, culture))
    second = choose(female, p.female.draw(rng, culture), p.male.draw(rng, culture))
    given = choose(equal(given, first), second, given)
    own_pool = choose(female, p.middle_female.draw(rng, culture), p.middle_male.draw(rng, culture))
    child = fam.role == Role.CHILD
    mother_maiden = choose(fam.partner >= 0, s.partner_paternal, s.head_maternal)
    some_surname = p.surname.draw(rng, culture)
    father_given = take(first, fam.head)
    father_known = child & ~fam.female[fam.head]
    some_male = p.male.draw(rng, culture)
    source = np.array([c.middle_source for c in CULTURES])[culture]
    by_father = choose(father_known, father_given, some_male)
    by_surname = choose(child, mother_maiden, some_surname)
    middle = choose(
        source == "pool",
        own_pool,
        choose(source == "surname", by_surname, choose(source == "father", by_father, given)),
    )
    rate = np.array([c.middle_rate for c in CULTURES])[culture]
    return choose(rng.random(fam.size) < rate, middle, "")


def _anglicized(rng: np.random.Generator, fam: Families, org: Origins, names: Names) -> Names:
    """Many U.S.-born people write their names without accents (families mostly alike)."""
    native = org.path == Path.NATIVE
    plain_p = np.where(
        org.culture == SPANISH,
        np.where(org.birthplace == COUNTRY_INDEX["PR"], 0.1, 0.35),
        0.85,
    )
    mask = native & (rng.random(fam.size)[fam.head] < plain_p)

    def flatten(values: Text) -> Text:
        return choose(mask, map_distinct(values, plain), values)

    return Names(
        flatten(names.first),
        flatten(names.middle),
        flatten(names.last),
        flatten(names.birth_last),
        names.changed_on,
    )
