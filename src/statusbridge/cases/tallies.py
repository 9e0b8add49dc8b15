"""Counting released answers by the identifiers each request gave (its input kind).

The oversight dashboard shows how often a request ended in additional verification, per kind
of input (full SSN, SSN last four, A-number, certificate). Nothing else records which
identifiers a request carried, so the releasing transaction adds its batch's counts here.

This module must never store a request, an identifier or a person's key: only counts per
(day, agency, purpose, input kind, response code). It writes one statement per batch.
"""

from __future__ import annotations

from datetime import date

import polars as pl
from django.db import connection, models

from statusbridge import config
from statusbridge.cases.models import AnswerTally
from statusbridge.engine.decide import Purpose

# (normalized request column, kind name), in the order kinds are joined.
KINDS = (
    ("ssn_key", "ssn"),
    ("ssn_last4", "ssn_last4"),
    ("a_number", "a_number"),
    ("certificate_number", "certificate"),
)
NONE = "none"


def input_kinds(requests: pl.DataFrame) -> pl.DataFrame:
    """``row_number`` and ``input_kind`` for each normalized request."""
    given = {name: _given(requests, column) for column, name in KINDS}
    # A full SSN carries its last four: "ssn", never "ssn+ssn_last4".
    given["ssn_last4"] = given["ssn_last4"] & ~given["ssn"]
    parts = [pl.when(flag).then(pl.lit(name)) for name, flag in given.items()]
    kind = pl.concat_str(parts, separator="+", ignore_nulls=True)
    return requests.select(
        "row_number", pl.when(kind == "").then(pl.lit(NONE)).otherwise(kind).alias("input_kind")
    )


def _given(requests: pl.DataFrame, column: str) -> pl.Expr:
    if column not in requests.columns:
        return pl.lit(False)
    value = pl.col(column).cast(pl.String)
    return value.is_not_null() & (value.str.strip_chars() != "")


def counts(answers: pl.DataFrame, requests: pl.DataFrame) -> list[tuple[str, str, int]]:
    """(input kind, response code, answers) for a batch; an answer without a request is "none"."""
    joined = answers.select("row_number", "response_code").join(
        input_kinds(requests), on="row_number", how="left"
    )
    grouped = (
        joined.with_columns(pl.col("input_kind").fill_null(NONE))
        .group_by("input_kind", "response_code")
        .agg(pl.len().alias("n"))
        .sort("input_kind", "response_code")
    )
    return [(str(k), str(c), int(n)) for k, c, n in grouped.iter_rows()]


def tally(
    answers: pl.DataFrame, requests: pl.DataFrame, agency: str, purpose: Purpose | str
) -> None:
    """Add a batch's answers to the tallies, in the caller's transaction (one statement)."""
    rows = counts(answers, requests)
    if not rows:
        return
    name = purpose if isinstance(purpose, str) else purpose.name
    day = config.today()
    quote = connection.ops.quote_name
    table = quote(AnswerTally._meta.db_table)
    keys = [_column(f) for f in _KEY]
    count = _column("count")
    names = ", ".join([*keys, count])
    values = ", ".join(["(%s, %s, %s, %s, %s, %s)"] * len(rows))
    params: list[date | str | int] = []
    for kind, code, n in rows:
        params += [day, agency, name, kind, code, n]
    on_conflict = f"ON CONFLICT ({', '.join(keys)}) DO UPDATE"
    add = f"SET {count} = {table}.{count} + excluded.{count}"
    sql = f"INSERT INTO {table} ({names}) VALUES {values} {on_conflict} {add}"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


_KEY = ("day", "agency", "purpose", "input_kind", "response_code")


def _column(name: str) -> str:
    """The model's quoted column for a field (never a name written here by hand)."""
    found = AnswerTally._meta.get_field(name)
    assert isinstance(found, models.Field) and found.column
    return connection.ops.quote_name(found.column)
