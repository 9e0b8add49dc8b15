"""Opening cases for a batch of answers, in one statement per batch."""

from __future__ import annotations

import secrets
from datetime import date

import polars as pl

from statusbridge.cases.models import Case
from statusbridge.engine.decide import Purpose

# Crockford's base32 alphabet: no I, L, O or U, so a number read over the phone is unambiguous.
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def new_case_number(on: date) -> str:
    return f"SB{on:%y%m%d}" + "".join(secrets.choice(_ALPHABET) for _ in range(10))


def open_cases(answers: pl.DataFrame, agency: str, purpose: Purpose, on: date) -> pl.DataFrame:
    """Fill ``case_number`` for answers with ``opens_case`` and record the cases."""
    opening = answers.filter(pl.col("opens_case"))
    numbers = [new_case_number(on) for _ in range(opening.height)]
    Case.objects.bulk_create(
        [
            Case(
                case_number=number,
                agency=agency,
                purpose=purpose.name,
                request_id=row["request_id"][:200],
                reason=row["reason"],
                person_key=row["person_key"] or "",
                opened_on=on,
            )
            for number, row in zip(numbers, opening.iter_rows(named=True), strict=True)
        ],
        batch_size=2000,
    )
    assigned = opening.select("row_number").with_columns(
        pl.Series("case_number", numbers, dtype=pl.String)
    )
    return answers.join(assigned, on="row_number", how="left", maintain_order="left")
