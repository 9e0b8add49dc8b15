"""Keyed hashes of SSNs: the person key stored in snapshots, cases and the accounting.

A plain hash of a nine-digit number can be reversed by trying all billion of them, so the hash
is keyed (BLAKE2b in keyed mode, RFC 7693) with a secret kept in the data home. Raw SSNs are
hashed as soon as they are read and never stored. This module must never log its input.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

import polars as pl

DIGEST_BYTES = 16


def person_key(ssn: str, secret: bytes) -> str:
    """The keyed hash of one normalized (nine-digit) SSN, as hex."""
    return hashlib.blake2b(ssn.encode(), key=secret, digest_size=DIGEST_BYTES).hexdigest()


def person_keys(ssns: Iterable[str | None], secret: bytes) -> list[str | None]:
    return [None if s is None else person_key(s, secret) for s in ssns]


def person_key_expr(ssn: pl.Expr, secret: bytes) -> pl.Expr:
    """A polars expression hashing a column of normalized SSNs (nulls stay null)."""
    return ssn.map_batches(
        lambda s: pl.Series(person_keys(s.to_list(), secret), dtype=pl.String),
        return_dtype=pl.String,
    )
