"""The rules that turn what the records show into an answer.

Rules that protect people, in the order they apply:
- a row that failed validation is INVALID, naming the field and the fault;
- nothing is said about anyone whose identity the records do not confirm: a number whose record
  belongs to someone with another name or date of birth opens additional verification, however
  good the number; so does a number whose holder the request fits only approximately when the
  records hold another person it fits exactly (a twin using a sibling's number);
- SSA's citizenship code is a snapshot of the day the number was issued, so a noncitizen code
  alone never produces a noncitizen answer: it opens additional verification;
- a DHS status the person may since have left (an LPR of some years may have naturalized) is
  given with the date it began and a reason saying it may have changed; where the purpose can
  lead to adverse action, it opens additional verification instead of being disclosed;
- only the fields the purpose may receive are filled (an election office never learns a status).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Final

import polars as pl

from statusbridge.engine.link import AMBIGUOUS, BETTER_FIT, MATCHED, MISMATCH, NOT_SEARCHED
from statusbridge.engine.schema import (
    CITIZEN_BIRTHPLACES,
    NATIONAL_BIRTHPLACES,
    STATUSES_BEFORE_NATURALIZATION,
    Evidence,
    Reason,
    ResponseCode,
)

# Three years of permanent residence can make an LPR eligible to naturalize (8 U.S.C. 1430(a));
# past that, an LPR record may describe someone who is now a citizen.
NATURALIZATION_WAIT_DAYS: Final = 3 * 365
# Refugees and asylees may adjust to permanent residence after a year (8 U.S.C. 1159), and other
# temporary statuses change too; a year-old record of one may be out of date.
ADJUSTMENT_WAIT_DAYS: Final = 365


@dataclass(frozen=True)
class Purpose:
    """What a verification is for, as far as the rules care."""

    name: str
    adverse_action: bool  # may lead to removal or denial: nothing short of citizenship is final
    receives_status: bool  # the agreement lets the agency learn the immigration status itself


def _lit(value: str) -> pl.Expr:
    return pl.lit(value, dtype=pl.String)


def _evidence() -> tuple[pl.Expr, pl.Expr]:
    """(citizenship evidence joined by '+', national evidence) from the combined facts."""
    status = pl.coalesce("dhs_current_status", "link_current_status")
    citizen = [
        (pl.col("person_code") == "A", Evidence.SSA_CITIZEN_CODE),
        (
            pl.col("person_birth_country").is_in(sorted(CITIZEN_BIRTHPLACES)),
            Evidence.SSA_BIRTHPLACE,
        ),
        (status == "NATURALIZED", Evidence.DHS_NATURALIZED),
        (status == "DERIVED_CITIZEN", Evidence.DHS_DERIVED),
    ]
    parts = [pl.when(cond.fill_null(False)).then(_lit(code)) for cond, code in citizen]
    joined = pl.concat_str(parts, separator="+", ignore_nulls=True)
    national = pl.col("person_birth_country").is_in(sorted(NATIONAL_BIRTHPLACES)).fill_null(False)
    return pl.when(joined != "").then(joined), national


def decide(facts: pl.DataFrame, purpose: Purpose, on: date) -> pl.DataFrame:
    """One answer per request row of ``facts`` (see ``pipeline.gather_facts`` for its columns)."""
    citizen_evidence, national = _evidence()
    status = pl.coalesce("dhs_current_status", "link_current_status")
    since = pl.coalesce("dhs_current_status_start", "link_current_status_start")
    end = pl.coalesce("dhs_current_status_end", "link_current_status_end")
    expired = (end < on).fill_null(False)
    long_held = (
        status.is_in(sorted(STATUSES_BEFORE_NATURALIZATION))
        & ((pl.lit(on) - since).dt.total_days() >= NATURALIZATION_WAIT_DAYS)
    ).fill_null(False)
    held_a_year = (
        (status != "LPR") & ((pl.lit(on) - since).dt.total_days() >= ADJUSTMENT_WAIT_DAYS)
    ).fill_null(False)
    ssa, dhs = pl.col("ssa_outcome"), pl.col("dhs_outcome")
    confirmed = (ssa == MATCHED) | (dhs == MATCHED)
    mismatch = (ssa == MISMATCH) | (dhs == MISMATCH)
    no_identifier = (ssa == NOT_SEARCHED) & (dhs == NOT_SEARCHED)
    # Without a snapshot in force nothing was searched: that says nothing about the person.
    no_snapshot = ((ssa != NOT_SEARCHED) & ~pl.col("ssa_held")) | (
        (dhs != NOT_SEARCHED) & ~pl.col("dhs_held")
    )
    deceased = (pl.col("person_death_date") <= on).fill_null(False)
    code_recorded = pl.col("person_code").is_in(["B", "C", "D"]).fill_null(False)
    R, W = ResponseCode, Reason
    rules: list[tuple[pl.Expr, str, pl.Expr]] = [
        (pl.col("fault").is_not_null(), R.INVALID, pl.col("fault")),
        (no_identifier, R.RESUBMIT, _lit(W.IDENTIFIER_REQUIRED)),
        (ssa == BETTER_FIT, R.ADDITIONAL_VERIFICATION, _lit(W.ANOTHER_RECORD_FITS_BETTER)),
        (mismatch, R.ADDITIONAL_VERIFICATION, _lit(W.IDENTITY_NOT_CONFIRMED)),
        (~confirmed & (ssa == AMBIGUOUS), R.RESUBMIT, _lit(W.FULL_SSN_REQUIRED)),
        (~confirmed & no_snapshot, R.RESUBMIT, _lit(W.NO_SNAPSHOT)),
        (
            ~confirmed & pl.col("ssn_key").is_null() & pl.col("ssn_last4").is_not_null(),
            R.RESUBMIT,
            _lit(W.FULL_SSN_REQUIRED),
        ),
        (~confirmed, R.RESUBMIT, _lit(W.NO_RECORD_FOUND)),
        (deceased, R.DECEASED, _lit(Evidence.SSA_DEATH_RECORD)),
        (
            citizen_evidence.is_not_null(),
            R.US_CITIZEN,
            citizen_evidence.str.split("+").list.first(),
        ),
        (national, R.US_NATIONAL, _lit(Evidence.SSA_BIRTHPLACE_NATIONAL)),
        (
            status.is_not_null() & expired,
            R.ADDITIONAL_VERIFICATION,
            _lit(W.STATUS_EXPIRED_ON_RECORD),
        ),
        (
            status.is_not_null() & pl.lit(purpose.adverse_action or not purpose.receives_status),
            R.ADDITIONAL_VERIFICATION,
            _lit(W.STATUS_MAY_HAVE_CHANGED),
        ),
        (
            status.is_not_null() & long_held,
            R.IMMIGRATION_STATUS,
            _lit(W.MAY_HAVE_NATURALIZED_SINCE_RECORD),
        ),
        (
            status.is_not_null() & held_a_year,
            R.IMMIGRATION_STATUS,
            _lit(W.MAY_HAVE_ADJUSTED_SINCE_RECORD),
        ),
        (status.is_not_null(), R.IMMIGRATION_STATUS, _lit(W.STATUS_AS_OF_RECORD)),
        (code_recorded, R.ADDITIONAL_VERIFICATION, _lit(W.SSA_CODE_IS_A_SNAPSHOT)),
    ]
    code: pl.Expr = _lit(R.ADDITIONAL_VERIFICATION)
    reason: pl.Expr = _lit(W.CITIZENSHIP_NOT_RECORDED)
    for condition, answer, why in reversed(rules):
        code = pl.when(condition).then(_lit(answer)).otherwise(code)
        reason = pl.when(condition).then(why).otherwise(reason)
    return facts.with_columns(code.alias("response_code"), reason.alias("reason")).select(
        "req",
        "response_code",
        pl.when(pl.col("response_code") == R.IMMIGRATION_STATUS).then(status).alias("status"),
        "reason",
        pl.when(pl.col("response_code").is_in([R.US_CITIZEN, R.US_NATIONAL]))
        .then(
            pl.coalesce(
                citizen_evidence, pl.when(national).then(_lit(Evidence.SSA_BIRTHPLACE_NATIONAL))
            )
        )
        .when(pl.col("response_code") == R.IMMIGRATION_STATUS)
        .then(_lit(Evidence.DHS_STATUS))
        .when(pl.col("response_code") == R.DECEASED)
        .then(_lit(Evidence.SSA_DEATH_RECORD))
        .alias("evidence"),
        pl.when(pl.col("response_code") == R.IMMIGRATION_STATUS).then(since).alias("status_since"),
        (pl.col("response_code") == R.ADDITIONAL_VERIFICATION).alias("opens_case"),
        _person_identified().alias("person_key"),
        _dhs_record_identified().alias("dhs_record"),
    )


def _person_identified() -> pl.Expr:
    """The SSA number holder the answer is about, for the accounting: the holder confirmed, the
    holder whose record a full SSN reached (matched or not: their record was read), or the
    holder whose SSN the DHS record identified carries."""
    ssa, dhs = pl.col("ssa_outcome"), pl.col("dhs_outcome")
    return pl.coalesce(
        pl.when(ssa == MATCHED).then(pl.col("person_key")),
        pl.col("number_key"),
        pl.when(dhs == MATCHED).then(pl.col("dhs_ssn_key")),
    )


def _dhs_record_identified() -> pl.Expr:
    """The A-number of the DHS record the answer is about: the one the request named and
    matched, the one linked to the number holder, or the only one a request's A-number or
    certificate reached when the identity did not fit."""
    ssa, dhs = pl.col("ssa_outcome"), pl.col("dhs_outcome")
    found = pl.col("found_a_numbers")
    return pl.coalesce(
        pl.when(dhs == MATCHED).then(pl.coalesce("dhs_a_number", "link_a_number")),
        pl.when(ssa == MATCHED).then(pl.col("link_a_number")),
        pl.when((dhs == MISMATCH) & (found.list.len() == 1)).then(found.list.first()),
    )
