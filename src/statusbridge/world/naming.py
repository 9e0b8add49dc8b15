"""Drawing names from the pools, and the string changes names undergo between sources.

Drawing is vectorised over pyarrow string arrays; deterministic string changes (dropping accents,
feminine surname forms) run once per distinct value, never once per row. This module must never
invent a full identity on its own: it returns name parts, and `names` assembles people.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache

import numpy as np

from .arrays import Ints, Mask, skewed_index
from .arrow import Text, choose, take, text
from .namepools import CULTURES, NICKNAMES, SURNAME_PARTICLES, TRANSLITERATIONS

# Letters that Unicode decomposition leaves alone but plain-ASCII systems still flatten.
_FLATTEN = str.maketrans({"ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ø": "o", "Ø": "O",
                          "ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe", "ı": "i"})  # fmt: skip


@dataclass(frozen=True)
class Pool:
    """One list per culture, flattened: culture c owns `sizes[c]` values from `offsets[c]`."""

    values: Text
    offsets: Ints
    sizes: Ints

    def draw(self, rng: np.random.Generator, culture: Ints) -> Text:
        index = self.offsets[culture] + skewed_index(rng, self.sizes[culture])
        return take(self.values, index)


def _pool(lists: list[tuple[str, ...]]) -> Pool:
    sizes = np.array([len(x) for x in lists], dtype=np.int64)
    offsets = np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(np.int64)
    return Pool(text([v for x in lists for v in x]), offsets, sizes)


@dataclass(frozen=True)
class Pools:
    male: Pool
    female: Pool
    surname: Pool
    middle_male: Pool
    middle_female: Pool


@cache
def pools() -> Pools:
    """The name pools as arrow arrays (built once per process)."""
    return Pools(
        male=_pool([c.male for c in CULTURES]),
        female=_pool([c.female for c in CULTURES]),
        surname=_pool([c.surnames for c in CULTURES]),
        middle_male=_pool([c.middle_male or c.male for c in CULTURES]),
        middle_female=_pool([c.middle_female or c.female for c in CULTURES]),
    )


def given_names(rng: np.random.Generator, culture: Ints, female: Mask) -> Text:
    """A given name for each person, by culture and sex."""
    p = pools()
    return choose(female, p.female.draw(rng, culture), p.male.draw(rng, culture))


def plain(text: str) -> str:
    """The name without accents, as an ASCII-only system stores it."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_FLATTEN))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def feminine(surname: str) -> str:
    """The feminine form of a Slavic surname (Ivanov -> Ivanova, Kowalski -> Kowalska)."""
    for masculine, female_form in (("ski", "ska"), ("cki", "cka"), ("sky", "skaya")):
        if surname.endswith(masculine):
            return surname[: -len(masculine)] + female_form
    if surname.endswith(("ov", "ev")):
        return surname + "a"
    return surname


def is_particle_name(surname: str) -> bool:
    """Whether the surname opens with a particle (De la Cruz, Al-Sayed): one name, not two."""
    lowered = surname.lower().replace("-", " ")
    return any(lowered.startswith(p + " ") for p in SURNAME_PARTICLES)


@cache
def accented_forms() -> dict[str, str]:
    """Plain spelling -> accented spelling, for names whose plain form is unambiguous."""
    forms: dict[str, set[str]] = {}
    for c in CULTURES:
        for name in (*c.male, *c.female, *c.surnames, *c.middle_male, *c.middle_female):
            for word in name.split():
                if plain(word) != word:
                    forms.setdefault(plain(word), set()).add(word)
    return {k: next(iter(v)) for k, v in forms.items() if len(v) == 1}


def with_accents(name: str) -> str:
    """Accents added where a plain word has a known accented spelling."""
    forms = accented_forms()
    return " ".join(forms.get(word, word) for word in name.split(" "))


def transliterated(name: str, choice: float) -> str:
    """Another office's spelling of the name (or the name itself where none is known)."""
    variants = TRANSLITERATIONS.get(name)
    if not variants:
        return name
    return variants[int(choice * len(variants)) % len(variants)]


def nickname(name: str, choice: float) -> str:
    """A familiar form of the given name (or the name itself where none is known)."""
    forms = NICKNAMES.get(name) or NICKNAMES.get(with_accents(name)) or ()
    if not forms:
        return name
    return forms[int(choice * len(forms)) % len(forms)]


def has_nickname(name: str) -> bool:
    return name in NICKNAMES or with_accents(name) in NICKNAMES
