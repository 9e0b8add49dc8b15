"""Canonical entry bytes for a whole batch of disclosures at once.

A bulk run accounts for every result row; building each ``AccountingEntry`` in Python would cost
more than the verification itself. This module produces the very same bytes
(``AccountingEntry.to_bytes``: JSON, sorted keys, no whitespace, UTF-8) with one vectorized JSON
encoding per batch; a property test holds the two to byte equality. It must never produce bytes
that ``AccountingEntry.from_bytes`` would refuse.
"""

from __future__ import annotations

import hashlib

import polars as pl

from statusbridge.ledger.entries import FORMAT_VERSION

FIELDS = (
    "authority",
    "disclosed_on",
    "law_enforcement",
    "nature",
    "person_key",
    "purpose",
    "recipient",
    "recorded_at",
    "request_ref",
    "response_code",
    "sequence",
    "snapshots",
    "v",
)


def entry_bytes(frame: pl.DataFrame) -> list[bytes]:
    """Canonical bytes of each row; ``frame`` has every entry field but ``v``."""
    typed = frame.select(
        pl.col("authority").cast(pl.String),
        pl.col("disclosed_on").cast(pl.Date).dt.strftime("%Y-%m-%d"),
        pl.col("law_enforcement").cast(pl.Boolean),
        pl.col("nature").cast(pl.String),
        pl.col("person_key").cast(pl.String).fill_null(""),
        pl.col("purpose").cast(pl.String),
        pl.col("recipient").cast(pl.String),
        pl.col("recorded_at").cast(pl.String),
        pl.col("request_ref").cast(pl.String).fill_null(""),
        pl.col("response_code").cast(pl.String),
        pl.col("sequence").cast(pl.Int64),
        pl.col("snapshots").cast(pl.List(pl.String)),
        pl.lit(FORMAT_VERSION, dtype=pl.Int64).alias("v"),
    )
    encoded = typed.select(pl.struct(*FIELDS).struct.json_encode()).to_series()
    return [text.encode("utf-8") for text in encoded.to_list()]


def leaf_hashes(entries: list[bytes]) -> list[bytes]:
    """RFC 9162 leaf hashes (SHA-256 over 0x00 ‖ entry)."""
    return [hashlib.sha256(b"\x00" + e).digest() for e in entries]
