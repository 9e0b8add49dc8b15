"""From scored candidates to the records a request is about.

Three questions, each answered per request:
- which SSA number holder (if any) the request is, by full SSN or by last four + identity;
- which DHS A-number (if any) the request names, by A-number or certificate number;
- which DHS records belong to that SSA number holder, by the SSN link where DHS has one and by
  identity (names, exact date of birth, country of birth) where it does not.
Outcomes are ``MATCHED``, ``MISMATCH`` (a record was found but the identity does not fit),
``BETTER_FIT`` (the name fits only approximately, and the records hold another person the
request fits exactly), ``AMBIGUOUS`` (more than one person fits), ``NO_RECORD`` or ``NOT_SEARCHED``.

Before a request is confirmed through anything weaker than its exact name, the records are
asked whether they hold someone else who is exactly that person (name and date of birth): a
twin who goes by the sibling's middle name, or by a nickname of it, has a number of their own.
This module must never confirm a request whose exact identity belongs to another record.
"""

from __future__ import annotations

from typing import Final

import polars as pl

from statusbridge.engine.backends import Backend
from statusbridge.engine.candidates import IDENTITY_LINK_BLOCKS, LAST4_BLOCKS, search
from statusbridge.engine.compare import (
    DISAGREE,
    EXACT,
    FUZZY,
    LINK_WEIGHT,
    LINK_WEIGHT_NO_COUNTRY,
    PLAUSIBLE_WEIGHT,
    VARIANT,
    compare_identities,
)
from statusbridge.engine.schema import (
    CITIZEN_BIRTHPLACES,
    DHS_CITIZEN_STATUSES,
    NATIONAL_BIRTHPLACES,
    STATUSES_BEFORE_NATURALIZATION,
)

IDENTITY: Final = ("first_name", "middle_name", "last_name", "dob")
CAN_LEAD_TO_CITIZENSHIP: Final = STATUSES_BEFORE_NATURALIZATION | DHS_CITIZEN_STATUSES
MATCHED, MISMATCH, BETTER_FIT, AMBIGUOUS, NO_RECORD, NOT_SEARCHED = (
    "MATCHED",
    "MISMATCH",
    "BETTER_FIT",
    "AMBIGUOUS",
    "NO_RECORD",
    "NOT_SEARCHED",
)
# Finding another person who fits a request exactly: same date of birth and surname.
EXACT_FIT_BLOCK: Final = ("dob", "last_name")
SSA_FACTS: Final = ("person_code", "person_birth_country", "person_death_date")
DHS_FACTS: Final = (
    "a_number",
    "ssn_key",
    "current_status",
    "current_status_start",
    "current_status_end",
    "current_updated_on",
)


def _scored(pairs: pl.DataFrame, identities: pl.DataFrame) -> pl.DataFrame:
    """Attach the request-side identity (``q_``) to look-up rows and compare."""
    return compare_identities(pairs.join(identities, on="req", how="inner"))


def request_identities(requests: pl.DataFrame) -> pl.DataFrame:
    return requests.select("req", *(pl.col(c).alias(f"q_{c}") for c in IDENTITY))


def _exact_name() -> pl.Expr:
    """The pair agrees exactly on given name and surname (no middle name that disagrees). A near
    date of birth alone does not call for another look: relatives who use a number share a
    birthday and differ in name, while a namesake born the day before is a stranger."""
    return (
        (pl.col("first_name_level") == EXACT)
        & (pl.col("last_name_level") == EXACT)
        & (pl.col("middle_name_level") != DISAGREE)
    )


def _exactly() -> pl.Expr:
    """The pair agrees exactly on given name, surname and date of birth (no middle name that
    disagrees): the request *is* this record's identity, not a variant of it."""
    return (
        (pl.col("first_name_level") == EXACT)
        & (pl.col("last_name_level") == EXACT)
        & (pl.col("dob_level") == EXACT)
        & (pl.col("middle_name_level") != DISAGREE)
    )


def fits_someone_else(
    backend: Backend, requests: pl.DataFrame, holders: pl.DataFrame
) -> pl.DataFrame:
    """The requests (``req``) of ``holders`` (``req``, ``holder_key``) whose exact identity is
    another person's: an SSA number holder with that very name and date of birth under another
    number, or a DHS record of exactly that person tied to another number."""
    asking = requests.join(holders, on="req").filter(
        pl.col("dob").is_not_null() & pl.col("last_name").is_not_null()
    )
    identities = request_identities(asking)
    keys = asking.select("req", *EXACT_FIT_BLOCK)
    others = []
    for source in ("ssa", "dhs"):
        found = search(backend, source, keys, [EXACT_FIT_BLOCK])
        exact = _scored(found, identities).filter(_exactly())
        tied_elsewhere = pl.col("r_ssn_key").is_not_null() & (
            pl.col("r_ssn_key") != pl.col("holder_key")
        )
        others.append(exact.join(holders, on="req").filter(tied_elsewhere).select("req").unique())
    return pl.concat(others).unique()


def match_ssa(backend: Backend, requests: pl.DataFrame) -> pl.DataFrame:
    """Per request: ``ssa_outcome``, the holder's ``person_key`` and SSA facts where MATCHED,
    and ``number_key``: the holder whose record the request's number reached (the full SSN's
    holder whatever the outcome; by last four, the one holder confirmed)."""
    full = search(backend, "ssa", requests.select("req", "ssn_key"), [("ssn_key",)])
    by_last4 = requests.filter(pl.col("ssn_key").is_null()).with_columns(
        pl.col("dob").dt.year().cast(pl.Int32).alias("birth_year")
    )
    partial = search(backend, "ssa", by_last4, LAST4_BLOCKS)
    scored = _scored(pl.concat([full, partial]), request_identities(requests))
    people = scored.group_by("req", "r_ssn_key").agg(
        pl.col("confirmed").any().alias("confirmed"),
        (pl.col("confirmed") & _exact_name()).any().alias("exact"),
        pl.col("weight").max().alias("weight"),
        (pl.col("dob_level") > DISAGREE).any().alias("dob_plausible"),
        *(pl.col(f"r_{f}").first().alias(f) for f in SSA_FACTS),
    )
    plausible = pl.col("confirmed") | (
        (pl.col("weight") >= PLAUSIBLE_WEIGHT) & pl.col("dob_plausible")
    )
    per_request = people.group_by("req").agg(
        pl.len().alias("found"),
        pl.col("confirmed").sum().alias("confirmed_people"),
        plausible.sum().alias("plausible_people"),
        pl.col("r_ssn_key").filter(pl.col("confirmed")).first().alias("person_key"),
        pl.col("exact").filter(pl.col("confirmed")).first().alias("exact"),
        *(pl.col(f).filter(pl.col("confirmed")).first() for f in SSA_FACTS),
    )
    by_full_ssn = pl.col("ssn_key").is_not_null()
    outcome = (
        pl.when(pl.col("ssn_key").is_null() & pl.col("ssn_last4").is_null())
        .then(pl.lit(NOT_SEARCHED))
        .when(pl.col("found").fill_null(0) == 0)
        .then(pl.lit(NO_RECORD))
        .when((pl.col("confirmed_people") == 1) & (by_full_ssn | (pl.col("plausible_people") == 1)))
        .then(pl.lit(MATCHED))
        .when(pl.col("confirmed_people") >= 1)
        .then(pl.lit(AMBIGUOUS))
        .when(by_full_ssn)
        .then(pl.lit(MISMATCH))
        .otherwise(pl.lit(NO_RECORD))
    )
    joined = requests.select("req", "ssn_key", "ssn_last4").join(per_request, on="req", how="left")
    decided = joined.with_columns(outcome.alias("ssa_outcome"))
    approximate = decided.filter((pl.col("ssa_outcome") == MATCHED) & ~pl.col("exact")).select(
        "req", pl.col("person_key").alias("holder_key")
    )
    better = fits_someone_else(backend, requests, approximate).with_columns(
        pl.lit(True).alias("better_fit")
    )
    decided = decided.join(better, on="req", how="left").with_columns(
        pl.when(pl.col("better_fit").fill_null(False))
        .then(pl.lit(BETTER_FIT))
        .otherwise(pl.col("ssa_outcome"))
        .alias("ssa_outcome")
    )
    matched = pl.col("ssa_outcome") == MATCHED
    reached = pl.col("found").fill_null(0) > 0
    return decided.select(
        "req",
        "ssa_outcome",
        pl.when(matched).then(pl.col("person_key")).alias("person_key"),
        *(pl.when(matched).then(pl.col(f)).alias(f) for f in SSA_FACTS),
        pl.when(by_full_ssn & reached)
        .then(pl.col("ssn_key"))
        .when(pl.col("ssa_outcome").is_in([MATCHED, BETTER_FIT]))
        .then(pl.col("person_key"))
        .alias("number_key"),
    )


def holder_facts(backend: Backend, holders: pl.DataFrame) -> pl.DataFrame:
    """``match_ssa``-shaped rows for number holders already identified (``req``, ``person_key``)."""
    entries = search(backend, "ssa", holders.select("req", pl.col("person_key").alias("ssn_key")),
                     [("ssn_key",)])  # fmt: skip
    facts = entries.group_by("req").agg(*(pl.col(f"r_{f}").first().alias(f) for f in SSA_FACTS))
    return holders.join(facts, on="req", how="inner").select(
        "req",
        pl.lit(MATCHED).alias("ssa_outcome"),
        "person_key",
        *SSA_FACTS,
        pl.col("person_key").alias("number_key"),
    )


def _best_record(frame: pl.DataFrame, prefix: str) -> pl.DataFrame:
    """One DHS record per request: a citizenship record first, else the latest status."""
    citizen_first = pl.col(f"{prefix}current_status").is_in(["NATURALIZED", "DERIVED_CITIZEN"])
    return (
        frame.sort(
            # The row id last: ties must not depend on the order a backend returns rows in.
            ["req", citizen_first, f"{prefix}current_status_start", f"{prefix}row_id"],
            descending=[False, True, True, False],
            nulls_last=True,
        )
        .group_by("req", maintain_order=True)
        .first()
        .select("req", *(pl.col(f"{prefix}{f}").alias(f"dhs_{f}") for f in DHS_FACTS))
    )


def match_dhs_numbers(backend: Backend, requests: pl.DataFrame) -> pl.DataFrame:
    """Per request: ``dhs_outcome`` for its A-number or certificate, and the record's facts."""
    keys = requests.select("req", "a_number", "certificate_number")
    found = search(backend, "dhs", keys, [("a_number",), ("certificate_number",)])
    scored = _scored(found, request_identities(requests))
    confirmed = _best_record(scored.filter(pl.col("confirmed")), "r_")
    searched = requests.select(
        "req",
        (pl.col("a_number").is_not_null() | pl.col("certificate_number").is_not_null()).alias("s"),
    )
    hits = scored.group_by("req").agg(
        pl.len().alias("hits"), pl.col("r_a_number").unique().alias("found_a_numbers")
    )
    outcome = (
        pl.when(~pl.col("s"))
        .then(pl.lit(NOT_SEARCHED))
        .when(pl.col("dhs_a_number").is_not_null())
        .then(pl.lit(MATCHED))
        .when(pl.col("hits").fill_null(0) > 0)
        .then(pl.lit(MISMATCH))
        .otherwise(pl.lit(NO_RECORD))
    )
    joined = searched.join(confirmed, on="req", how="left").join(hits, on="req", how="left")
    return joined.select(
        "req", outcome.alias("dhs_outcome"), "found_a_numbers", *(f"dhs_{f}" for f in DHS_FACTS)
    )


def _identity_link_holds() -> pl.Expr:
    """When an SSA and a DHS record with no SSN between them are one person's.

    Names in a country's naming tradition repeat far more than a national population suggests
    (two Loan Thi Nguyens, or a Ming and a Jing Ma, born in the same country on the same day),
    so the bar is high: the exact date of birth; given name and surname the same or a listed
    variant (a typing error is allowed in the surname only when the given name is exact); no
    middle name that disagrees; the SSN on the DHS row, if any, the holder's; and the same
    country of birth with a link weight, or, where one side does not record the country,
    names and date of birth that agree exactly."""
    first, last = pl.col("first_name_level"), pl.col("last_name_level")
    names = ((first >= VARIANT) & (last >= VARIANT)) | ((first == EXACT) & (last == FUZZY))
    countries_agree = pl.col("r_country_of_birth") == pl.col("q_country")
    country_unknown = pl.col("r_country_of_birth").is_null() | pl.col("q_country").is_null()
    by_country = countries_agree & (pl.col("weight") >= LINK_WEIGHT)
    without_country = (
        country_unknown & (first == EXACT) & (last == EXACT)
        & (pl.col("weight") >= LINK_WEIGHT_NO_COUNTRY)
    )  # fmt: skip
    return (
        names
        & ~pl.col("names_swapped")
        & (pl.col("dob_level") == EXACT)
        & (pl.col("middle_name_level") != DISAGREE)
        & (pl.col("r_ssn_key").is_null() | (pl.col("r_ssn_key") == pl.col("holder_key")))
        & (by_country | without_country).fill_null(False)
    )


def link_dhs_to_holder(
    backend: Backend, holders: pl.DataFrame, *, every_tie: bool = False
) -> pl.DataFrame:
    """DHS records of matched SSA number holders (``holders``: ``req``, ``person_key``).

    By the SSN link, the DHS identity must fit one of the holder's SSA identities as a request
    would. Without an SSN link the bar is higher: the same date of birth and country of birth,
    a strong name agreement, no SSN on the DHS row that belongs to someone else, only one
    A-number that fits (two would mean we cannot tell which is the holder's), and no DHS record
    carrying the holder's SSN under another A-number (a holder tied to one A-number is not, by
    identity alone, the person of another).

    ``every_tie``: instead, every (``req``, ``r_a_number``) the holder is tied to, by a DHS
    record carrying their SSN or by an identity link that holds, before any is ruled out.
    """
    keys = holders.select("req", pl.col("person_key").alias("ssn_key"))
    entries = search(backend, "ssa", keys, [("ssn_key",)])
    identities = entries.select(
        "req",
        pl.col("r_ssn_key").alias("holder_key"),
        *(pl.col(f"r_{c}").alias(f"q_{c}") for c in IDENTITY),
        pl.col("r_birth_year").alias("q_birth_year"),
        pl.col("r_person_birth_country").alias("q_country"),
    )
    by_ssn = search(backend, "dhs", keys, [("ssn_key",)])
    block_keys = identities.select(
        "req",
        pl.col("q_dob").alias("dob"),
        pl.col("q_last_name").alias("last_name"),
        pl.col("q_first_name").alias("first_name"),
        pl.col("q_birth_year").alias("birth_year"),
        pl.col("q_country").alias("country_of_birth"),
    ).unique()
    by_identity = search(backend, "dhs", block_keys, IDENTITY_LINK_BLOCKS)
    if every_tie:
        by_name = compare_identities(by_identity.join(identities, on="req")).filter(
            _identity_link_holds()
        )
        return pl.concat([by_ssn.select("req", "r_a_number"), by_name.select("req", "r_a_number")])
    ssn_links = compare_identities(by_ssn.join(identities, on="req")).filter("confirmed")
    # A holder whose SSN a DHS record carries is tied to that A-number; a namesake's record
    # under another A-number is not theirs by identity alone.
    tied = by_ssn.select("req", pl.col("r_a_number").alias("tied_a_number")).unique()
    identity_links = (
        compare_identities(by_identity.join(identities, on="req"))
        .filter(_identity_link_holds())
        .filter(pl.col("r_a_number").n_unique().over("req") == 1)
        .join(tied, on="req", how="left")
        .filter(
            pl.col("tied_a_number").is_null() | (pl.col("tied_a_number") == pl.col("r_a_number"))
        )
        .drop("tied_a_number")
    )
    linked = pl.concat([ssn_links, identity_links], how="vertical_relaxed")
    best = _best_record(linked, "r_").rename({f"dhs_{f}": f"link_{f}" for f in DHS_FACTS})
    every = linked.group_by("req").agg(pl.col("r_a_number").unique().alias("link_a_numbers"))
    return best.join(every, on="req", how="left")


def holder_of_dhs_record(backend: Backend, matched: pl.DataFrame) -> pl.DataFrame:
    """The SSA number holder of a DHS record that carries no SSN (``matched``: ``req``,
    ``a_number``), linked by identity under the same rule as ``link_dhs_to_holder`` and only
    where one holder fits; ``match_ssa``-shaped rows.

    Records that contradict each other are not one person's: an SSA holder whose record shows
    citizenship or nationality is not the person of a DHS record whose current status no one
    naturalizes from (a visit, a parole, TPS, DACA: SSA is consulted because it may know of a
    naturalization the DHS extract predates, and none can follow those within the extract's
    lag). Such a holder is a namesake.
    """
    rows = search(backend, "dhs", matched.select("req", "a_number"), [("a_number",)])
    identities = rows.select(
        "req",
        *(pl.col(f"r_{c}").alias(f"q_{c}") for c in IDENTITY),
        pl.col("r_country_of_birth").alias("q_country"),
    )
    block_keys = identities.select(
        "req", pl.col("q_dob").alias("dob"), pl.col("q_last_name").alias("last_name")
    ).unique()
    found = search(backend, "ssa", block_keys, [("dob", "last_name")])
    holders = (
        compare_identities(found.join(identities, on="req"))
        .with_columns(
            pl.col("r_person_birth_country").alias("r_country_of_birth"),
            pl.col("r_ssn_key").alias("holder_key"),
        )
        .filter(_identity_link_holds())
        .filter(pl.col("r_ssn_key").n_unique().over("req") == 1)
        .group_by("req")
        .agg(pl.col("r_ssn_key").first().alias("person_key"))
    )
    facts = holder_facts(backend, _not_tied_elsewhere(backend, holders, matched))
    cannot_naturalize = (
        rows.filter(~pl.col("r_current_status").is_in(sorted(CAN_LEAD_TO_CITIZENSHIP)))
        .select("req")
        .unique()
    )
    shows_citizenship = pl.col("person_code").eq("A").fill_null(False) | pl.col(
        "person_birth_country"
    ).is_in(sorted(CITIZEN_BIRTHPLACES | NATIONAL_BIRTHPLACES)).fill_null(False)
    contradicted = facts.join(cannot_naturalize, on="req").filter(shows_citizenship)
    return facts.join(contradicted.select("req"), on="req", how="anti")


def _not_tied_elsewhere(
    backend: Backend, holders: pl.DataFrame, matched: pl.DataFrame
) -> pl.DataFrame:
    """Holders (``req``, ``person_key``) whose every tie to an A-number, by the SSN a DHS record
    carries or by an identity link of their own, is the request's A-number (``matched``): an
    SSA holder already tied to one A-number is not, by identity alone, another A-number's
    person (two Loan Thi Nguyens born the same day in Vietnam have two A-numbers)."""
    if holders.height == 0:
        return holders
    ties = link_dhs_to_holder(backend, holders, every_tie=True)
    elsewhere = (
        ties.join(matched.select("req", "a_number"), on="req")
        .filter(pl.col("r_a_number") != pl.col("a_number"))
        .select("req")
        .unique()
    )
    return holders.join(elsewhere, on="req", how="anti")
