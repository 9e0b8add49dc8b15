"""Shared helpers for the world tests: the small world's size and seed, and readers."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polars as pl

from statusbridge.world import WorldSummary

PEOPLE = 5_000
SEED = 11


@dataclass(frozen=True)
class World:
    summary: WorldSummary
    out: Path

    def csv(self, name: str) -> pl.DataFrame:
        """A CSV file with every column read as text (missing values as empty strings)."""
        frame = pl.read_csv(self.out / f"{name}.csv", infer_schema=False)
        return frame.with_columns(pl.all().fill_null(""))

    def people(self) -> pl.DataFrame:
        return pl.read_parquet(self.out / "people.parquet")


def parse_dates(column: str) -> pl.Expr:
    """Dates written as YYYY-MM-DD or MM/DD/YYYY (empty stays null)."""
    text = pl.col(column)
    return pl.coalesce(
        text.str.strptime(pl.Date, "%Y-%m-%d", strict=False),
        text.str.strptime(pl.Date, "%m/%d/%Y", strict=False),
    ).alias(column)
