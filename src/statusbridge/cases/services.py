"""Opening cases for a batch of answers, in one statement per batch."""

from __future__ import annotations

import secrets
from datetime import date

import polars as pl
from django.utils import timezone

from statusbridge.cases.models import Case
from statusbridge.engine.decide import Purpose
from statusbridge.rows import insert_rows

# Crockford's base32 alphabet: no I, L, O or U, so a number read over the phone is unambiguous.
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_RANDOM_CHARS = 10


def new_case_number(on: date) -> str:
    """``SB`` + the day (YYMMDD) + 50 random bits in Crockford base32."""
    value = secrets.randbits(5 * _RANDOM_CHARS)
    chars = []
    for _ in range(_RANDOM_CHARS):
        value, digit = divmod(value, 32)
        chars.append(_ALPHABET[digit])
    return f"SB{on:%y%m%d}" + "".join(chars)


_COLUMNS = ("case_number", "agency", "purpose", "request_id", "reason", "person_key",
            "opened_on", "state", "created_at")  # fmt: skip


def open_cases(answers: pl.DataFrame, agency: str, purpose: Purpose, on: date) -> pl.DataFrame:
    """Fill ``case_number`` for answers with ``opens_case`` and record the cases."""
    opening = answers.filter(pl.col("opens_case")).select(
        "row_number", "request_id", "reason", "person_key"
    )
    numbers = [new_case_number(on) for _ in range(opening.height)]
    now = timezone.now()
    insert_rows(
        Case,
        _COLUMNS,
        [
            (number, agency, purpose.name, request_id[:200], reason, key or "", on, "open", now)
            for number, (_, request_id, reason, key) in zip(
                numbers, opening.iter_rows(), strict=True
            )
        ],
    )
    assigned = opening.select("row_number").with_columns(
        pl.Series("case_number", numbers, dtype=pl.String)
    )
    return answers.join(assigned, on="row_number", how="left", maintain_order="left")
