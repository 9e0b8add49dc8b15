"""Corrections: what status verifiers determined, layered over the snapshots at answer time.

A snapshot is never edited. When a verifier determines that a person whose identity the records
confirmed is a citizen or national (or holds another status than the records said), that is
stored as a ``Correction``; every later answer about the person — found by the keyed SSN or the
keyed DHS record — uses it and says so (``reason`` ``CASE_DETERMINATION``) instead of asking the
same question again. A correction never touches an answer about someone whose identity was not
confirmed, nor one that says the person has died, nor one the records already give as the
correction does.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from statusbridge.engine.decide import Purpose
from statusbridge.engine.schema import RECORD_CONTENT_REASONS, Reason, ResponseCode
from statusbridge.records.models import Correction

CITIZENSHIP = (ResponseCode.US_CITIZEN, ResponseCode.US_NATIONAL)
_SCHEMA = {"key": pl.String, "c_outcome": pl.String, "c_status": pl.String}


def in_force(on: date) -> pl.DataFrame:
    """The latest correction for each key, effective on ``on``: columns key, c_outcome,
    c_status. Small (one row per determined case), so a verifier loads it once."""
    rows: dict[str, tuple[str, str]] = {}
    query = Correction.objects.filter(effective_on__lte=on).order_by("effective_on", "pk")
    for person_key, dhs_key, outcome, status in query.values_list(
        "person_key", "dhs_key", "outcome", "status"
    ):
        for key in (person_key, dhs_key):
            if key:
                rows[key] = (outcome, status)
    return pl.DataFrame(
        [(k, o, s or None) for k, (o, s) in rows.items()], schema=_SCHEMA, orient="row"
    )


def apply(answers: pl.DataFrame, corrections: pl.DataFrame, purpose: Purpose) -> pl.DataFrame:
    """``answers`` with every correction that concerns them applied (columns unchanged)."""
    if corrections.height == 0 or answers.height == 0:
        return answers
    by_person = corrections.rename({"key": "person_key"})
    by_record = corrections.rename(
        {"key": "dhs_key", "c_outcome": "d_outcome", "c_status": "d_status"}
    )
    joined = (
        answers.with_row_index("_order")
        .join(by_person, on="person_key", how="left")
        .join(by_record, on="dhs_key", how="left")
        .sort("_order")
    )
    outcome = pl.coalesce("c_outcome", "d_outcome")
    status = pl.when(pl.col("c_outcome").is_not_null()).then("c_status").otherwise("d_status")
    confirmed = pl.col("response_code").is_in(
        [ResponseCode.US_NATIONAL, ResponseCode.IMMIGRATION_STATUS]
    ) | (
        (pl.col("response_code") == ResponseCode.ADDITIONAL_VERIFICATION)
        & pl.col("reason").is_in(sorted(RECORD_CONTENT_REASONS))
    )
    citizenship = outcome.is_in(list(CITIZENSHIP))
    # A status is disclosed only to a purpose that may receive it; elsewhere the records answer.
    status_given = (outcome == ResponseCode.IMMIGRATION_STATUS) & pl.lit(
        purpose.receives_status and not purpose.adverse_action
    )
    applies = (confirmed & (citizenship | status_given)).fill_null(False)
    reason = pl.lit(Reason.CASE_DETERMINATION, dtype=pl.String)
    corrected = joined.with_columns(
        pl.when(applies).then(outcome).otherwise("response_code").alias("response_code"),
        pl.when(applies)
        .then(pl.when(status_given).then(status))
        .otherwise("status")
        .alias("status"),
        pl.when(applies).then(reason).otherwise("reason").alias("reason"),
        pl.when(applies).then(reason).otherwise("evidence").alias("evidence"),
        pl.when(applies).then(None).otherwise("status_since").alias("status_since"),
        (pl.col("opens_case") & ~applies).alias("opens_case"),
    )
    return corrected.select(answers.columns)
