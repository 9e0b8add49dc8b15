"""Engines that serve snapshot look-ups to the pipeline.

A backend does one thing: equi-join a batch of keys with a snapshot table and hand back the
matching rows. Which keys to join on, and what the rows mean, is decided in ``engine``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Literal, Protocol

import polars as pl

from statusbridge.engine.schema import DHS_TABLE, SSA_TABLE

Source = Literal["ssa", "dhs"]
TABLES: dict[Source, dict[str, str]] = {"ssa": SSA_TABLE, "dhs": DHS_TABLE}


class Backend(Protocol):
    def as_of(self, source: Source) -> date | None:
        """The as-of date of the snapshot served for ``source``; None where there is none."""

    def lookup(self, source: Source, keys: pl.DataFrame, on: Sequence[str]) -> pl.DataFrame:
        """Rows of ``source`` whose ``on`` columns equal a row of ``keys`` (nulls never match).

        Returns ``keys``' ``req`` column and every table column prefixed with ``r_``.
        """


def empty_lookup(source: Source) -> pl.DataFrame:
    """The shape of a look-up that found nothing."""
    schema = {"req": pl.Int64, **{f"r_{c}": getattr(pl, t) for c, t in TABLES[source].items()}}
    return pl.DataFrame(schema=schema)
