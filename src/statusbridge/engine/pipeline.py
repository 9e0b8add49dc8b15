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
    link_dhs_to_holder,
    match_dhs_numbers,
    match_ssa,
)


def gather_facts(backend: Backend, requests: pl.DataFrame) -> pl.DataFrame:
    """Everything the records say that the rules need, one row per request (``req``)."""
    valid = requests.filter(pl.col("fault").is_null())
    ssa = match_ssa(backend, valid)
    dhs = match_dhs_numbers(backend, valid)
    holders = ssa.filter(pl.col("ssa_outcome") == MATCHED).select("req", "person_key")
    linked = link_dhs_to_holder(backend, holders)
    return (
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


def verify_batch(
    backend: Backend, requests: pl.DataFrame, purpose: Purpose, on: date
) -> pl.DataFrame:
    """Answers for normalized requests (see ``normalize.normalize_requests``), in input order.

    The result keeps ``row_number`` and ``request_id`` and adds the answer columns, the snapshot
    dates and ``opens_case``; case numbers are assigned by the caller that records the cases.
    """
    numbered = requests.with_row_index("req").with_columns(pl.col("req").cast(pl.Int64))
    answers = decide(gather_facts(backend, numbered), purpose, on)
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
