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

_KEYS = "lookup_keys"


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
        return self.search(source, keys, [on])

    def search(
        self, source: Source, keys: pl.DataFrame, blocks: Sequence[Sequence[str]]
    ) -> pl.DataFrame:
        """One query for every block: the keys handed over once, the joins planned together,
        and UNION keeping each (request, row) pair once (the row decides every other column)."""
        if source not in self._as_of or keys.height == 0 or not blocks:
            return empty_lookup(source)
        columns = ", ".join(f't."{c}" AS "r_{c}"' for c in SERVED[source])
        joins = [
            f"SELECT k.req, {columns} FROM {_KEYS} k JOIN {source}.records t ON "
            + " AND ".join(f'k."{c}" = t."{c}"' for c in block)
            for block in blocks
        ]
        used = sorted({c for block in blocks for c in block})
        self._con.register(_KEYS, keys.select("req", *used))
        try:
            table = self._con.sql(" UNION ".join(joins)).to_arrow_table()
        finally:
            self._con.unregister(_KEYS)
        found = pl.from_arrow(table)
        assert isinstance(found, pl.DataFrame)
        return found.cast(empty_lookup(source).schema, strict=False)

    def close(self) -> None:
        self._con.close()
