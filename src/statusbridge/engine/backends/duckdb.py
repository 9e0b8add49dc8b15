"""The DuckDB backend: look-ups against snapshot database files on one machine.

Each snapshot is a DuckDB file with one ``records`` table (built by ``records.snapshots``);
this backend attaches them read-only and answers equi-joins. It holds no rules.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

import duckdb
import polars as pl

from statusbridge.engine.backends import SERVED, Source, empty_lookup


class DuckDBBackend:
    def __init__(
        self,
        snapshots: dict[Source, tuple[date, Path]],
        memory_limit: str = "1GB",
        threads: int = 2,
    ) -> None:
        self._as_of = {source: as_of for source, (as_of, _) in snapshots.items()}
        self._con = duckdb.connect(config={"memory_limit": memory_limit, "threads": threads})
        for source, (_, path) in snapshots.items():
            self._con.execute(f"ATTACH '{path}' AS {source} (READ_ONLY)")

    def as_of(self, source: Source) -> date | None:
        return self._as_of.get(source)

    def lookup(self, source: Source, keys: pl.DataFrame, on: Sequence[str]) -> pl.DataFrame:
        if source not in self._as_of or keys.height == 0:
            return empty_lookup(source)
        columns = ", ".join(f't."{c}" AS "r_{c}"' for c in SERVED[source])
        condition = " AND ".join(f'k."{c}" = t."{c}"' for c in on)
        self._con.register("lookup_keys", keys.select("req", *on))
        try:
            table = self._con.sql(
                f"SELECT k.req, {columns} FROM lookup_keys k JOIN {source}.records t ON {condition}"
            ).to_arrow_table()
        finally:
            self._con.unregister("lookup_keys")
        found = pl.from_arrow(table)
        assert isinstance(found, pl.DataFrame)
        return found.cast(empty_lookup(source).schema, strict=False)

    def close(self) -> None:
        self._con.close()
