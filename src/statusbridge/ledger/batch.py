"""Canonical entry bytes for a whole batch of disclosures at once.

A bulk run accounts for every result row; building each ``AccountingEntry`` in Python would cost
more than the verification itself. This module produces the very same bytes
(``AccountingEntry.to_bytes``: JSON, sorted keys, no whitespace, UTF-8) with one vectorized JSON
encoding per batch; a property test holds the two to byte equality, for both formats (a row
naming a DHS record is format 2, with ``dhs_key``; any other row is format 1, byte for byte as
before format 2 existed). It must never produce bytes that ``AccountingEntry.from_bytes`` would
refuse.
"""

from __future__ import annotations

import hashlib

import polars as pl

from statusbridge.ledger.entries import DHS_FORMAT_VERSION, FORMAT_VERSION

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
DHS_FIELDS = ("authority", "dhs_key", *FIELDS[1:])


def entry_bytes(frame: pl.DataFrame) -> list[bytes]:
    """Canonical bytes of each row; ``frame`` has every entry field but ``v`` (``dhs_key`` may be
    missing, null or empty: no DHS record named)."""
    if "dhs_key" not in frame.columns:
        frame = frame.with_columns(pl.lit("", dtype=pl.String).alias("dhs_key"))
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
        pl.col("dhs_key").cast(pl.String).fill_null(""),
    )
    plain = _json(FIELDS, FORMAT_VERSION)
    if typed["dhs_key"].eq("").all():
        encoded = typed.select(plain).to_series()
    else:
        named = _json(DHS_FIELDS, DHS_FORMAT_VERSION)
        encoded = typed.select(
            pl.when(pl.col("dhs_key") == "").then(plain).otherwise(named)
        ).to_series()
    # UTF-8 is polars' own string encoding: the cast hands over the bytes as they are.
    return encoded.cast(pl.Binary).to_list()


def _json(fields: tuple[str, ...], version: int) -> pl.Expr:
    """Each row as the canonical JSON of one format (``fields`` in sorted order)."""
    columns = [
        pl.lit(version, dtype=pl.Int64).alias("v") if f == "v" else pl.col(f) for f in fields
    ]
    return pl.struct(*columns).struct.json_encode()


def leaf_hashes(entries: list[bytes]) -> list[bytes]:
    """RFC 9162 leaf hashes (SHA-256 over 0x00 ‖ entry)."""
    return [hashlib.sha256(b"\x00" + e).digest() for e in entries]
