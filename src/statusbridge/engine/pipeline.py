"""The verification pipeline: one batch of normalized requests in, one answer per row out.

The same function serves a request of one (the API and ``verify one``) and every batch of a bulk
file, whatever the backend, so the two can never disagree.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from statusbridge.engine.backends import Backend
from statusbridge.engine.decide import Purpose, decide
from statusbridge.engine.link import (
    MATCHED,
    MISMATCH,
    NOT_SEARCHED,
    holder_facts,
    holder_of_dhs_record,
    link_dhs_to_holder,
    match_dhs_numbers,
    match_ssa,
)
from statusbridge.engine.person_key import person_key_expr


def gather_facts(backend: Backend, requests: pl.DataFrame) -> pl.DataFrame:
    """Everything the records say that the rules need, one row per request (``req``)."""
    valid = requests.filter(pl.col("fault").is_null())
    dhs = match_dhs_numbers(backend, valid)
    ssa = _with_holders_via_dhs(backend, valid, match_ssa(backend, valid), dhs)
    holders = ssa.filter(pl.col("ssa_outcome") == MATCHED).select("req", "person_key")
    linked = link_dhs_to_holder(backend, holders)
    facts = (
        requests.select("req", "fault", "ssn_key", "ssn_last4")
        .join(ssa, on="req", how="left")
        .join(dhs, on="req", how="left")
        .join(linked, on="req", how="left")
        .with_columns(
            pl.col("ssa_outcome", "dhs_outcome").fill_null("NOT_SEARCHED"),
            pl.lit(backend.as_of("ssa") is not None).alias("ssa_held"),
            pl.lit(backend.as_of("dhs") is not None).alias("dhs_held"),
        )
    )
    return facts.with_columns(_holder_vouches().alias("dhs_outcome"))


def _with_holders_via_dhs(
    backend: Backend, requests: pl.DataFrame, ssa: pl.DataFrame, dhs: pl.DataFrame
) -> pl.DataFrame:
    """A request by A-number or certificate whose DHS record carries an SSN: the SSA number
    holder is consulted too (SSA may know of a naturalization the DHS extract predates), when
    the request's identity fits the holder's. A misfit here proves nothing and is ignored."""
    linked = dhs.filter(
        (pl.col("dhs_outcome") == MATCHED) & pl.col("dhs_ssn_key").is_not_null()
    ).select("req", "dhs_ssn_key")
    unsearched = ssa.filter(pl.col("ssa_outcome") == NOT_SEARCHED).select("req")
    asking = (
        requests.join(unsearched, on="req")
        .join(linked, on="req")
        .with_columns(
            pl.col("dhs_ssn_key").alias("ssn_key"), pl.lit(None, pl.String).alias("ssn_last4")
        )
        .drop("dhs_ssn_key")
    )
    found = match_ssa(backend, asking).filter(pl.col("ssa_outcome") == MATCHED)
    vouched = _vouched_by_dhs(backend, requests, ssa, linked)
    unlinked = (
        dhs.filter((pl.col("dhs_outcome") == MATCHED) & pl.col("dhs_ssn_key").is_null())
        .join(unsearched, on="req")
        .select("req", pl.col("dhs_a_number").alias("a_number"))
    )
    by_identity = holder_of_dhs_record(backend, unlinked)
    settled = pl.concat([found, vouched, by_identity])
    if settled.height == 0:
        return ssa
    return pl.concat([ssa.join(settled.select("req"), on="req", how="anti"), settled]).sort("req")


def _vouched_by_dhs(
    backend: Backend, requests: pl.DataFrame, ssa: pl.DataFrame, linked: pl.DataFrame
) -> pl.DataFrame:
    """The SSN's record does not fit the name on the request, but the request's A-number record
    does and carries that very SSN: the SSA record is the person's under another name."""
    mismatched = ssa.filter(pl.col("ssa_outcome") == MISMATCH).select("req")
    same_number = (
        requests.join(mismatched, on="req")
        .join(linked, on="req")
        .filter(pl.col("ssn_key") == pl.col("dhs_ssn_key"))
        .select("req", pl.col("ssn_key").alias("person_key"))
    )
    return holder_facts(backend, same_number)


def _holder_vouches() -> pl.Expr:
    """An A-number or certificate whose record does not fit the name on the request still
    belongs to the person when it is linked to the SSA number holder the request matched
    (the DHS record may carry a name the person no longer uses)."""
    unexplained = pl.col("found_a_numbers").list.set_difference(pl.col("link_a_numbers"))
    vouched = (
        (pl.col("dhs_outcome") == MISMATCH)
        & (pl.col("ssa_outcome") == MATCHED)
        & (unexplained.list.len() == 0)
    ).fill_null(False)
    return pl.when(vouched).then(pl.lit(MATCHED)).otherwise(pl.col("dhs_outcome"))


def verify_batch(
    backend: Backend,
    requests: pl.DataFrame,
    purpose: Purpose,
    on: date,
    *,
    secret: bytes | None = None,
) -> pl.DataFrame:
    """Answers for normalized requests (see ``normalize.normalize_requests``), in input order.

    The result keeps ``row_number`` and ``request_id`` and adds the answer columns, the snapshot
    dates and ``opens_case``; case numbers are assigned by the caller that records the cases.
    Every answer that identified a person carries that person's keys for the accounting:
    ``person_key`` (the SSA number holder's keyed SSN) and ``dhs_key`` (the keyed hash of ``A``
    and the nine-digit A-number of the DHS record, with ``secret``; null without one).
    """
    numbered = requests.with_row_index("req").with_columns(pl.col("req").cast(pl.Int64))
    answers = decide(gather_facts(backend, numbered), purpose, on)
    dhs_key = (
        pl.lit(None, pl.String)
        if secret is None
        else person_key_expr(pl.lit("A") + pl.col("dhs_record"), secret)
    )
    answers = answers.with_columns(dhs_key.alias("dhs_key")).drop("dhs_record")
    ssa_as_of, dhs_as_of = backend.as_of("ssa"), backend.as_of("dhs")
    return (
        numbered.select("req", "row_number", "request_id")
        .join(answers, on="req", how="left", maintain_order="left")
        .drop("req")
        .with_columns(
            pl.lit(ssa_as_of, dtype=pl.Date).alias("ssa_as_of"),
            pl.lit(dhs_as_of, dtype=pl.Date).alias("dhs_as_of"),
        )
    )
