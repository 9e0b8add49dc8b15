"""Snapshots held in memory, for testing the engine's rules as pure functions.

``MemoryBackend`` answers the same equi-joins the DuckDB and Spark backends answer, over polars
frames built from a few hand-written rows, so a test states the records, the request and the
answer and nothing else (no Django, no files, no subprocess).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

import polars as pl

from statusbridge.engine.backends import (
    SERVED,
    TABLES,
    Source,
    block_by_block,
    empty_lookup,
)
from statusbridge.engine.decide import Purpose
from statusbridge.engine.normalize import normalize_requests
from statusbridge.engine.person_key import person_key
from statusbridge.engine.pipeline import verify_batch
from statusbridge.engine.schema import REQUEST_COLUMNS

SECRET = b"engine-rules-test-secret-0000000"
SSA_AS_OF = date(2026, 10, 1)
DHS_AS_OF = date(2026, 6, 1)
ON = date(2026, 11, 2)
BENEFITS = Purpose("benefit-eligibility", adverse_action=False, receives_status=True)
ELECTION = Purpose("voter-list-maintenance", adverse_action=True, receives_status=False)


def ssn_key(ssn: str) -> str:
    return person_key(ssn.replace("-", ""), SECRET)


def a_number_key(a_number: str) -> str:
    """The agreed key of a DHS record: the keyed hash of ``A`` and nine digits."""
    return person_key("A" + a_number.upper().lstrip("A").zfill(9), SECRET)


def _typed(source: Source, rows: list[dict[str, Any]]) -> pl.DataFrame:
    types = {c: getattr(pl, t) for c, t in TABLES[source].items()}
    return pl.DataFrame(
        [{c: row.get(c) for c in types} for row in rows], schema=types, orient="row"
    )


def ssa_table(rows: list[dict[str, Any]]) -> pl.DataFrame:
    """SSA entries from ``ssn, first_name, middle_name, last_name, dob`` and optionally
    ``birth_country``, ``citizenship_code``, ``death_date``, ``entry_date`` (one entry per
    number unless stated: each entry is then its person's current one)."""
    built = []
    for i, row in enumerate(rows, start=1):
        digits = row["ssn"].replace("-", "")
        dob = date.fromisoformat(row["dob"])
        built.append(
            {
                **row,
                "entry_id": i,
                "ssn_key": ssn_key(digits),
                "ssn_last4": digits[5:],
                "dob": dob,
                "birth_year": dob.year,
                "is_current": True,
                "person_code": row.get("citizenship_code"),
                "person_birth_country": row.get("birth_country"),
                "person_death_date": row.get("death_date"),
            }
        )
    return _typed("ssa", built)


def dhs_table(rows: list[dict[str, Any]]) -> pl.DataFrame:
    """DHS rows from ``a_number, first_name, middle_name, last_name, dob, country_of_birth,
    status, status_start`` and optionally ``ssn``, ``status_end``, ``certificate_number``; each
    row is its A-number's only one."""
    built = []
    for i, row in enumerate(rows, start=1):
        dob = date.fromisoformat(row["dob"])
        start = date.fromisoformat(row["status_start"])
        end = date.fromisoformat(row["status_end"]) if row.get("status_end") else None
        built.append(
            {
                **row,
                "row_id": i,
                "ssn_key": ssn_key(row["ssn"]) if row.get("ssn") else None,
                "dob": dob,
                "birth_year": dob.year,
                "status_start": start,
                "status_end": end,
                "updated_on": start,
                "is_current": True,
                "current_status": row["status"],
                "current_status_start": start,
                "current_status_end": end,
                "current_updated_on": start,
            }
        )
    return _typed("dhs", built)


class MemoryBackend:
    """The backends' equi-join over frames in memory (nulls never match)."""

    def __init__(self, ssa: pl.DataFrame, dhs: pl.DataFrame) -> None:
        self._tables: dict[Source, pl.DataFrame] = {"ssa": ssa, "dhs": dhs}
        self._as_of: dict[Source, date] = {"ssa": SSA_AS_OF, "dhs": DHS_AS_OF}

    def as_of(self, source: Source) -> date | None:
        return self._as_of.get(source)

    def search(
        self, source: Source, keys: pl.DataFrame, blocks: Sequence[Sequence[str]]
    ) -> pl.DataFrame:
        return block_by_block(self, source, keys, blocks)

    def lookup(self, source: Source, keys: pl.DataFrame, on: Sequence[str]) -> pl.DataFrame:
        table = self._tables[source]
        sent = keys.select("req", *on).drop_nulls()
        if sent.height == 0:
            return empty_lookup(source)
        sent = sent.with_columns(pl.col(c).cast(table.schema[c]) for c in on)
        served = table.select(*SERVED[source], *(c for c in on if c not in SERVED[source]))
        joined = sent.join(served, on=list(on), how="inner")
        found = joined.select(
            pl.col("req").cast(pl.Int64),
            *(pl.col(c).alias(f"r_{c}") for c in SERVED[source]),
        )
        return found.cast(empty_lookup(source).schema)


def answers(
    backend: MemoryBackend, rows: list[dict[str, str]], purpose: Purpose = BENEFITS
) -> dict[str, dict[str, Any]]:
    """The pipeline's answer to each request row, by ``request_id``."""
    raw = pl.DataFrame(
        [{c: row.get(c) or None for c in REQUEST_COLUMNS} for row in rows],
        schema={c: pl.String for c in REQUEST_COLUMNS},
    ).with_row_index("row_number", offset=1)
    raw = raw.with_columns(pl.col("row_number").cast(pl.Int64))
    requests = normalize_requests(raw, SECRET, ON)
    result = verify_batch(backend, requests, purpose, ON, secret=SECRET)
    return {row["request_id"]: row for row in result.iter_rows(named=True)}
