"""Whether a request row's surname is one the records its identifiers reach actually carry.

An agency's file often has the current surname while SSA was never told of the marriage, and
DHS rows may predate it; such a row cannot be confirmed by any matcher that insists on the name.
Surnames are compared as the extracts write them, after the normalization verifiers apply:
upper-case ASCII with accents folded, apostrophes dropped, hyphens and other separators as single
spaces, a trailing generational suffix (JR, SR, II, III, IV) dropped. Two surnames agree where
they are equal ignoring spaces, or where every word of the shorter is a word of the longer
("GARCIA" and "GARCIA LOPEZ", "SMITH JONES" and "JONES").

This module must never read the truth (true names, marriages): only surnames as written. Work is
done once per distinct surname and once per distinct pair, never once per row in Python.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from .arrays import Ints, Mask
from .arrow import Text, equal, join, map_distinct, take
from .naming import plain

_APOSTROPHES = re.compile(r"['\u2019\u2018`\u00b4]")
_SEPARATORS = re.compile(r"[^A-Z]+")
_SUFFIX = re.compile(r" (JR|SR|II|III|IV)$")
_PAIR = "\t"  # never part of a name


@dataclass(frozen=True)
class RecordSurnames:
    """Surnames as written: one per SSA entry and one per DHS row, each run sorted by person."""

    ssa_person: Ints
    ssa_last: Text
    dhs_person: Ints
    dhs_last: Text


@dataclass(frozen=True)
class OnRecord:
    """Per request row: whether the owner has any record to compare with, and whether the
    surname agrees with one of them."""

    has_record: Mask
    agrees: Mask


def normalized_surname(name: str) -> str:
    """`O'Brien-Núñez Jr.` -> `OBRIEN NUNEZ`."""
    folded = _APOSTROPHES.sub("", plain(name).upper())
    return _SUFFIX.sub("", _SEPARATORS.sub(" ", folded).strip())


def surnames_agree(left: str, right: str) -> bool:
    """Equal ignoring spaces, or the words of the shorter all among the words of the longer."""
    if not left or not right:
        return False
    if left.replace(" ", "") == right.replace(" ", ""):
        return True
    a, b = set(left.split()), set(right.split())
    shared = len(a & b)
    return shared > 0 and shared == min(len(a), len(b))


def on_record(
    record_person: Ints, record_last: Text, owner: Ints, rows: Mask, surnames: list[Text]
) -> OnRecord:
    """For each selected row: does any record of `owner` carry one of the given surnames?

    `record_person` is sorted; each row is compared with every record of its owner, and agrees
    where any of `surnames` (alternative spellings of the row's surname) agrees with any record.
    """
    n = owner.shape[0]
    first = np.searchsorted(record_person, owner, side="left")
    count = np.where(rows, np.searchsorted(record_person, owner, side="right") - first, 0)
    pair_row = np.repeat(np.arange(n, dtype=np.int64), count)
    offset = np.arange(pair_row.shape[0], dtype=np.int64) - np.repeat(
        np.cumsum(count) - count, count
    )
    pair_record = first[pair_row] + offset
    recorded = take(map_distinct(record_last, normalized_surname), pair_record)
    agrees = np.zeros(pair_row.shape[0], dtype=np.bool_)
    for surname in surnames:
        written = take(map_distinct(surname, normalized_surname), pair_row)
        pairs = join(written, recorded, separator=_PAIR)
        agrees |= equal(map_distinct(pairs, _agreeing_pair), "1")
    per_row = np.bincount(pair_row[agrees], minlength=n) > 0
    return OnRecord(has_record=count > 0, agrees=per_row)


def _agreeing_pair(pair: str) -> str:
    left, _, right = pair.partition(_PAIR)
    return "1" if surnames_agree(left, right) else ""
