"""Scored comparison of two identities (names and date of birth), Fellegi–Sunter style.

Each field is compared into an agreement *level*; each level carries a *weight*, the log2 of how
much likelier that level is between records of the same person than between different people
(m/u). The weights below were set from the fault rates agency files show (about one row in
twenty has a nickname, typo, dropped middle name or near-miss date) and checked against the
synthetic world's truth; they are documented in docs/matching.md.

A weight is never enough on its own: an identity is confirmed only where the surname, the
given name and the date of birth each agree at least approximately. Relatives and strangers
who use someone's number differ in given name or date of birth, and that must stop a
confirmation however many other points the pair has.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any, Final

import jellyfish
import numpy as np
import polars as pl
from rapidfuzz.distance import DamerauLevenshtein, Hamming
from rapidfuzz.process import cpdist

from statusbridge.engine.nicknames import pair_table

# Agreement levels, shared by every field (not every field uses every level).
EXACT: Final = 4
VARIANT: Final = 3  # nickname, one of two surnames, first and middle swapped, near date
FUZZY: Final = 2  # one typing error
WEAK: Final = 1  # an initial only, or the field is missing on one side
DISAGREE: Final = 0

WEIGHTS: Final[dict[str, dict[int, float]]] = {
    "last_name": {EXACT: 7.0, VARIANT: 5.5, FUZZY: 4.5, WEAK: 0.0, DISAGREE: -8.0},
    "first_name": {EXACT: 6.0, VARIANT: 4.5, FUZZY: 4.0, WEAK: 0.5, DISAGREE: -7.0},
    "middle_name": {EXACT: 2.0, VARIANT: 1.0, FUZZY: 1.0, WEAK: 0.0, DISAGREE: -2.0},
    "dob": {EXACT: 9.0, VARIANT: 4.0, FUZZY: 4.0, WEAK: 0.0, DISAGREE: -10.0},
}
# The least total weight that confirms an identity. One fault at a time passes (e.g. a typo in
# the surname: 4.5 + 6 + 9 = 19.5); two at once do not (typo + nickname + near date = 12.5).
CONFIRM_WEIGHT: Final = 14.0
# A second candidate at or above this weight makes a search by the last four digits ambiguous.
PLAUSIBLE_WEIGHT: Final = 8.0
# Linking records across agencies by identity alone (no shared number) asks for more.
LINK_WEIGHT: Final = 16.0
# …and without a country of birth on one side, exact names and date of birth.
LINK_WEIGHT_NO_COUNTRY: Final = 20.0

_MIN_FUZZY_LENGTH = 4  # one edit between short given names ("ANA", "AVA") is a different name
_MIN_FUZZY_SURNAME = 3  # surnames do not tell relatives apart; "YON" for "YOON" is a typo
_MIN_INSERTION_LENGTH = 3
_MIN_TWO_EDITS_LENGTH = 8  # long names survive two edits ("OLEKSANDR", "ALEKSANDR")


def _where_they_differ(left: pl.Series, right: pl.Series, scorer: Any) -> pl.Series:
    """``scorer``'s distance between the texts, worked out only where they differ (most pairs
    a search finds are the same name or date: their distance is 0 without asking)."""
    left, right = left.fill_null(""), right.fill_null("")
    differ = (left != right).arg_true()
    distances = np.zeros(len(left), dtype=np.int32)
    if len(differ):
        distances[differ.to_numpy()] = cpdist(
            left.gather(differ).to_list(), right.gather(differ).to_list(), scorer=scorer, workers=1
        )
    return pl.Series(distances, dtype=pl.Int32)


def _distance(left: pl.Series, right: pl.Series) -> pl.Series:
    return _where_they_differ(left, right, DamerauLevenshtein.distance)


def _tokens_contained(left: pl.Expr, right: pl.Expr) -> pl.Expr:
    """All words of the shorter name appear in the longer one ("GARCIA" in "GARCIA LOPEZ")."""
    lt, rt = left.str.split(" "), right.str.split(" ")
    shared = lt.list.set_intersection(rt).list.len()
    return (shared > 0) & (shared == pl.min_horizontal(lt.list.len(), rt.list.len()))


def _fuzzy(
    distance: pl.Expr, left: pl.Expr, right: pl.Expr, shortest_allowed: int = _MIN_FUZZY_LENGTH
) -> pl.Expr:
    shortest = pl.min_horizontal(left.str.len_chars(), right.str.len_chars())
    one_edit = (distance <= 1) & (shortest >= shortest_allowed)
    # A letter typed twice or left out ("AANN", "ANN") keeps a short name's shape; a changed
    # letter ("ANA", "AVA") does not.
    inserted = (
        (distance == 1)
        & (left.str.len_chars() != right.str.len_chars())
        & (shortest >= _MIN_INSERTION_LENGTH)
    )
    return one_edit | inserted | ((distance <= 2) & (shortest >= _MIN_TWO_EDITS_LENGTH))


def _initial_only(left: pl.Expr, right: pl.Expr) -> pl.Expr:
    one_letter = (left.str.len_chars() == 1) | (right.str.len_chars() == 1)
    return one_letter & (left.str.slice(0, 1) == right.str.slice(0, 1))


def _surname_level(q: pl.Expr, r: pl.Expr, distance: pl.Expr, sounds_alike: pl.Expr) -> pl.Expr:
    compact_equal = q.str.replace_all(" ", "") == r.str.replace_all(" ", "")
    return (
        pl.when(q.is_null() | r.is_null())
        .then(WEAK)
        .when(compact_equal)
        .then(EXACT)
        .when(_tokens_contained(q, r))
        .then(VARIANT)
        .when(_fuzzy(distance, q, r, _MIN_FUZZY_SURNAME) | sounds_alike)
        .then(FUZZY)
        .otherwise(DISAGREE)
    )


def _gendered_pair(q: pl.Expr, r: pl.Expr) -> pl.Expr:
    """A masculine and a feminine form of one name (MARIO and MARIA, DANIEL and DANIELA) are
    a brother's and a sister's, never one person's name mistyped."""
    q_stem, r_stem = q.str.head(-1), r.str.head(-1)
    masculine_feminine = (q.str.ends_with("O") & r.str.ends_with("A")) | (
        q.str.ends_with("A") & r.str.ends_with("O")
    )
    swapped_ending = (q_stem == r_stem) & masculine_feminine
    # An added A (a doubled one is a typo: "EMMAA").
    added_ending = ((q_stem == r) & q.str.ends_with("A") & ~r.str.ends_with("A")) | (
        (r_stem == q) & r.str.ends_with("A") & ~q.str.ends_with("A")
    )
    return swapped_ending | added_ending


def _given_level(
    q: pl.Expr,
    r: pl.Expr,
    q_mid: pl.Expr,
    r_mid: pl.Expr,
    distance: pl.Expr,
    nickname: pl.Expr,
    sounds_alike: pl.Expr,
) -> pl.Expr:
    first_is_middle = (q == r_mid) | (r == q_mid)
    return (
        pl.when(q.is_null() | r.is_null())
        .then(WEAK)
        .when(q == r)
        .then(EXACT)
        .when(nickname | _tokens_contained(q, r) | first_is_middle)
        .then(VARIANT)
        .when(_gendered_pair(q, r))
        .then(DISAGREE)
        .when(_fuzzy(distance, q, r) | sounds_alike)
        .then(FUZZY)
        .when(_initial_only(q, r))
        .then(WEAK)
        .otherwise(DISAGREE)
    )


def _names_swapped(q_first: pl.Expr, q_last: pl.Expr, r_first: pl.Expr, r_last: pl.Expr) -> pl.Expr:
    """The given name where the surname belongs and the surname where the given name belongs
    (ZHANG WEI for WEI ZHANG), spaces aside; a name that is both (LEE LEE) swaps nothing."""
    compact = [c.str.replace_all(" ", "") for c in (q_first, q_last, r_first, r_last)]
    qf, ql, rf, rl = compact
    return ((qf == rl) & (ql == rf) & (qf != ql)).fill_null(False)


def _middle_level(q: pl.Expr, r: pl.Expr, distance: pl.Expr) -> pl.Expr:
    return (
        pl.when(q.is_null() | r.is_null())
        .then(WEAK)
        .when(q == r)
        .then(EXACT)
        .when(_initial_only(q, r) | _tokens_contained(q, r))
        .then(VARIANT)
        .when(_fuzzy(distance, q, r))
        .then(FUZZY)
        .otherwise(DISAGREE)
    )


def _dob_level(q: pl.Expr, r: pl.Expr, digit_errors: pl.Expr) -> pl.Expr:
    """Exact; or one keying error: a day either side, month and day swapped, one wrong digit."""
    near = (
        ((q - r).dt.total_days().abs() <= 1)
        | (
            (q.dt.month() == r.dt.day())
            & (q.dt.day() == r.dt.month())
            & (q.dt.year() == r.dt.year())
        )
        | (digit_errors == 1)
    )
    return (
        pl.when(q.is_null() | r.is_null())
        .then(WEAK)
        .when(q == r)
        .then(EXACT)
        .when(near)
        .then(VARIANT)
        .otherwise(DISAGREE)
    )


@cache
def _sound(name: str) -> str:
    return str(jellyfish.metaphone(name)) if name else ""


def _sound_codes(names: pl.Series) -> pl.Series:
    """Metaphone keys, computed once per distinct name (short names get none: too little)."""
    distinct = [n for n in names.unique().to_list() if n]
    codes = {n: _sound(n) for n in distinct if len(n) >= 4 and len(_sound(n)) >= 3}
    return names.replace_strict(codes, default=None, return_dtype=pl.String)


def _only_where_they_differ(
    left: pl.Series, right: pl.Series, test: Callable[[pl.Series, pl.Series], pl.Series]
) -> pl.Series:
    """``test`` of two names, asked only of the pairs whose names differ (and are both given):
    for the same name it is false by definition, and most pairs a search finds share it."""
    differ = (left != right).fill_null(False).arg_true()
    found = np.zeros(len(left), dtype=bool)
    if len(differ):
        found[differ.to_numpy()] = test(left.gather(differ), right.gather(differ)).to_numpy()
    return pl.Series(found, dtype=pl.Boolean)


def _sounds_alike(left: pl.Series, right: pl.Series) -> pl.Series:
    """Spellings of one name in another alphabet (MOHAMED, MUHAMMAD; DMITRI, DMYTRO) share a
    Metaphone key; short keys say too little to count."""

    def same_sound(left: pl.Series, right: pl.Series) -> pl.Series:
        return (_sound_codes(left) == _sound_codes(right)).fill_null(False)

    return _only_where_they_differ(left, right, same_sound)


def _nicknames(left: pl.Series, right: pl.Series) -> pl.Series:
    """Whether the first words of two given names are a listed nickname pair."""

    def listed(left: pl.Series, right: pl.Series) -> pl.Series:
        pairs = pl.DataFrame(
            {"a": left.str.split(" ").list.first(), "b": right.str.split(" ").list.first()}
        )
        found = pairs.join(pair_table(), on=["a", "b"], how="left", maintain_order="left")
        return found["same"].fill_null(False)

    return _only_where_they_differ(left, right, listed)


def _digit_errors(left: pl.Series, right: pl.Series) -> pl.Series:
    return _where_they_differ(
        left.dt.strftime("%Y%m%d"), right.dt.strftime("%Y%m%d"), Hamming.distance
    )


def compare_identities(pairs: pl.DataFrame, left: str = "q_", right: str = "r_") -> pl.DataFrame:
    """Add a level per identity field, the total ``weight`` and ``confirmed`` to each pair.

    ``pairs`` holds ``{left}first_name`` … ``{left}dob`` and the same with ``right``.
    """
    if pairs.height == 0:
        return pairs.with_columns(
            pl.lit(False).alias("names_swapped"),
            *(pl.lit(0, pl.Int8).alias(f"{f}_level") for f in WEIGHTS),
            pl.lit(0.0).alias("weight"),
            pl.lit(False).alias("confirmed"),
        )
    q = {f: pl.col(left + f) for f in WEIGHTS}
    r = {f: pl.col(right + f) for f in WEIGHTS}
    helpers = pairs.select(
        _distance(pairs[left + "last_name"], pairs[right + "last_name"]).alias("_d_last"),
        _distance(pairs[left + "first_name"], pairs[right + "first_name"]).alias("_d_first"),
        _distance(pairs[left + "middle_name"], pairs[right + "middle_name"]).alias("_d_mid"),
        _nicknames(pairs[left + "first_name"], pairs[right + "first_name"]).alias("_nick"),
        _sounds_alike(pairs[left + "first_name"], pairs[right + "first_name"]).alias("_snd_f"),
        _sounds_alike(pairs[left + "last_name"], pairs[right + "last_name"]).alias("_snd_l"),
        _digit_errors(pairs[left + "dob"], pairs[right + "dob"]).alias("_d_dob"),
    )
    levels = pairs.hstack(helpers).with_columns(
        _names_swapped(q["first_name"], q["last_name"], r["first_name"], r["last_name"]).alias(
            "names_swapped"
        )
    )
    levels = levels.with_columns(
        _surname_level(q["last_name"], r["last_name"], pl.col("_d_last"), pl.col("_snd_l")).alias(
            "last_name_level"
        ),
        _given_level(
            q["first_name"],
            r["first_name"],
            q["middle_name"],
            r["middle_name"],
            pl.col("_d_first"),
            pl.col("_nick"),
            pl.col("_snd_f"),
        ).alias("first_name_level"),
        _middle_level(q["middle_name"], r["middle_name"], pl.col("_d_mid")).alias(
            "middle_name_level"
        ),
        _dob_level(q["dob"], r["dob"], pl.col("_d_dob")).alias("dob_level"),
    )
    # Given and family names keyed into each other's fields: each name is there, in the wrong
    # place. One fault, as long as the date of birth is exact (see ``confirmed``).
    swapped = pl.col("names_swapped")
    levels = levels.with_columns(
        pl.when(swapped).then(VARIANT).otherwise(pl.col(c)).alias(c)
        for c in ("first_name_level", "last_name_level")
    )
    weight = pl.sum_horizontal(
        pl.col(f"{f}_level").replace_strict(w, return_dtype=pl.Float64) for f, w in WEIGHTS.items()
    )
    confirmed = (
        (pl.col("last_name_level") >= FUZZY)
        & (pl.col("first_name_level") >= FUZZY)
        & (pl.col("dob_level") >= VARIANT)
        & (pl.col("weight") >= CONFIRM_WEIGHT)
        & (~swapped | (pl.col("dob_level") == EXACT))
    )
    return (
        levels.drop(helpers.columns)
        .with_columns(pl.col(f"{f}_level").cast(pl.Int8) for f in WEIGHTS)
        .with_columns(weight.alias("weight"))
        .with_columns(confirmed.alias("confirmed"))
    )
