"""Engines that serve snapshot look-ups to the pipeline.

A backend does one thing: equi-join a batch of keys with a snapshot table and hand back the
matching rows. Which keys to join on, and what the rows mean, is decided in ``engine``.
``search`` asks for several joins at once (the blocks of one candidate search), so a backend
that can run them as one query (DuckDB: one plan, one scan per block, one hand-over) does.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Literal, Protocol

import polars as pl

from statusbridge.engine.schema import DHS_TABLE, SSA_TABLE

Source = Literal["ssa", "dhs"]
TABLES: dict[Source, dict[str, str]] = {"ssa": SSA_TABLE, "dhs": DHS_TABLE}
# The columns a look-up hands back: what the rules read, and no more (fewer columns to move).
SERVED: dict[Source, tuple[str, ...]] = {
    "ssa": (
        "entry_id", "ssn_key", "first_name", "middle_name", "last_name", "dob", "birth_year",
        "person_code", "person_birth_country", "person_death_date",
    ),
    "dhs": (
        "row_id", "a_number", "ssn_key", "first_name", "middle_name", "last_name", "dob",
        "country_of_birth", "current_status", "current_status_start", "current_status_end",
        "current_updated_on",
    ),
}  # fmt: skip


class Backend(Protocol):
    def as_of(self, source: Source) -> date | None:
        """The as-of date of the snapshot served for ``source``; None where there is none."""

    def lookup(self, source: Source, keys: pl.DataFrame, on: Sequence[str]) -> pl.DataFrame:
        """Rows of ``source`` whose ``on`` columns equal a row of ``keys`` (nulls never match).

        Returns ``keys``' ``req`` column and the ``SERVED`` columns prefixed with ``r_``.
        """

    def search(
        self, source: Source, keys: pl.DataFrame, blocks: Sequence[Sequence[str]]
    ) -> pl.DataFrame:
        """The union of ``lookup`` over ``blocks``, each (request, row) pair once, in no
        particular order."""


ROW_ID: dict[Source, str] = {"ssa": "r_entry_id", "dhs": "r_row_id"}


def block_by_block(
    backend: Backend, source: Source, keys: pl.DataFrame, blocks: Sequence[Sequence[str]]
) -> pl.DataFrame:
    """``search`` as one ``lookup`` per block, for backends with nothing better."""
    found = [backend.lookup(source, keys.select("req", *b).drop_nulls(), b) for b in blocks]
    if not found:
        return empty_lookup(source)
    return pl.concat(found, how="vertical_relaxed").unique(
        subset=["req", ROW_ID[source]], keep="first", maintain_order=True
    )


def empty_lookup(source: Source) -> pl.DataFrame:
    """The shape of a look-up that found nothing."""
    types = TABLES[source]
    schema = {"req": pl.Int64, **{f"r_{c}": getattr(pl, types[c]) for c in SERVED[source]}}
    return pl.DataFrame(schema=schema)
