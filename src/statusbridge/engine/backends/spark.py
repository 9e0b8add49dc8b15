"""The Spark backend: the same snapshot look-ups as the DuckDB backend, on a Spark cluster.

Spark cannot read the snapshot's DuckDB file, so this backend reads ``records.parquet``, which
``records.snapshots`` writes next to it with the same rows and columns. Each snapshot is read
once and cached; each key batch is sent to Spark as Arrow, broadcast and equi-joined, and the
matching rows come back as Arrow with exactly the schema of ``empty_lookup``, as the DuckDB
backend returns them, so the pipeline cannot tell the engines apart. A search's blocks are one
job: each block's join of the broadcast keys, unioned.

This module must never hold a rule: no scoring, no choice among candidates, no filter beyond the
equi-join the pipeline asks for. Anything that decides what a record means belongs in ``engine``,
once, for every engine. It must never log key values either: they are keyed hashes and identities.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Final

import polars as pl
import pyarrow as pa
from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F
from pyspark.sql import types as T

from statusbridge.engine.backends import ROW_ID, SERVED, TABLES, Source, empty_lookup

DEFAULT_MASTER: Final = "local[2]"
_SPARK_TYPES: Final[dict[str, T.DataType]] = {
    "String": T.StringType(),
    "Int64": T.LongType(),
    "Int32": T.IntegerType(),
    "Date": T.DateType(),
    "Boolean": T.BooleanType(),
}


def start_session(
    master: str | None = None,
    driver_memory: str = "1g",
    conf: Mapping[str, str] | None = None,
) -> SparkSession:
    """A SparkSession set up as statusbridge runs it (or the one already running in-process).

    In local mode Spark talks over loopback only. Against a cluster the driver must be reachable
    from the executors, so the driver's address is left to Spark's own configuration.
    """
    # Spark's Python workers must be this interpreter, else they start without pyarrow.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    master = master or DEFAULT_MASTER
    settings = {
        "spark.ui.enabled": "false",
        "spark.sql.shuffle.partitions": "4",
        "spark.driver.memory": driver_memory,
        "spark.sql.session.timeZone": "UTC",
        "spark.sql.execution.arrow.pyspark.enabled": "true",
        "spark.sql.execution.arrow.pyspark.fallback.enabled": "false",
    }
    if master.startswith("local"):
        # Spark otherwise looks up the machine's outward address, and may bind to it.
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
        settings["spark.driver.host"] = "127.0.0.1"
        settings["spark.driver.bindAddress"] = "127.0.0.1"
    settings.update(conf or {})
    builder = SparkSession.builder.master(master).appName("statusbridge")
    for key, value in settings.items():
        builder = builder.config(key, value)
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("WARN")
    return session


class SparkBackend:
    """Snapshot look-ups on Spark; ``snapshots`` maps a source to (as-of date, DuckDB file path)."""

    def __init__(
        self,
        snapshots: Mapping[Source, tuple[date, Path]],
        master: str | None = None,
        *,
        session: SparkSession | None = None,
        driver_memory: str = "1g",
    ) -> None:
        self._as_of = {source: as_of for source, (as_of, _) in snapshots.items()}
        # Stop on close only a session this backend started, never one it was handed or found.
        self._owns_session = session is None and SparkSession.getActiveSession() is None
        self._spark = session if session is not None else start_session(master, driver_memory)
        self._tables: dict[Source, DataFrame] = {}
        try:
            for source, (_, path) in snapshots.items():
                self._tables[source] = self._read(source, Path(path).with_name("records.parquet"))
        except BaseException:
            self.close()
            raise

    def _read(self, source: Source, parquet: Path) -> DataFrame:
        """The snapshot's rows in the served column types, cached for every later join."""
        table = self._spark.read.parquet(str(parquet)).select(
            *(F.col(c).cast(_SPARK_TYPES[t]).alias(c) for c, t in TABLES[source].items())
        )
        return table.cache()

    def as_of(self, source: Source) -> date | None:
        return self._as_of.get(source)

    def search(
        self, source: Source, keys: pl.DataFrame, blocks: Sequence[Sequence[str]]
    ) -> pl.DataFrame:
        """Every block's join in one Spark job: the keys sent once, the joins' rows unioned on
        the cluster and brought back once (a job costs a round trip and a scheduling delay)."""
        table = self._tables.get(source)
        empty = empty_lookup(source)
        blocks = [b for b in blocks if b]
        if table is None or not blocks:
            return empty
        used = sorted({c for block in blocks for c in block})
        # A row whose every block has a null key can match nothing: it need not travel.
        sendable = pl.any_horizontal(pl.all_horizontal(pl.col(b).is_not_null()) for b in blocks)
        sent = keys.select("req", *used).filter(sendable)
        if sent.height == 0:
            return empty
        batch = F.broadcast(
            self._spark.createDataFrame(
                _key_arrow(sent, source, used), schema=_key_schema(source, used)
            )
        )
        served = [table[c].alias(f"r_{c}") for c in SERVED[source]]
        joins = [
            batch.join(table, on=[batch[f"k_{c}"] == table[c] for c in block], how="inner").select(
                batch["req"], *served
            )
            for block in blocks
        ]
        union = joins[0]
        for join in joins[1:]:
            union = union.unionAll(join)
        found = pl.from_arrow(union.toArrow())
        assert isinstance(found, pl.DataFrame)
        # Each (request, row) pair once; sorted, so the output does not depend on partitioning.
        return (
            found.cast(empty.schema, strict=False)
            .unique(subset=["req", ROW_ID[source]], keep="first")
            .sort("req", ROW_ID[source])
        )

    def lookup(self, source: Source, keys: pl.DataFrame, on: Sequence[str]) -> pl.DataFrame:
        return self.search(source, keys, [on])

    def close(self) -> None:
        for table in self._tables.values():
            table.unpersist()
        self._tables.clear()
        if self._owns_session:
            self._spark.stop()


def _key_schema(source: Source, on: Sequence[str]) -> T.StructType:
    fields = [T.StructField("req", T.LongType(), nullable=False)]
    fields += [T.StructField(f"k_{c}", _SPARK_TYPES[TABLES[source][c]]) for c in on]
    return T.StructType(fields)


def _key_arrow(keys: pl.DataFrame, source: Source, on: Sequence[str]) -> pa.Table:
    """Keys as Arrow in the table's own column types (``k_`` names: no clash with the table)."""
    typed = keys.select(
        pl.col("req").cast(pl.Int64),
        *(pl.col(c).cast(getattr(pl, TABLES[source][c]), strict=False).alias(f"k_{c}") for c in on),
    )
    return typed.to_arrow(compat_level=pl.CompatLevel.oldest())
