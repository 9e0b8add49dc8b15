"""Spark beside DuckDB: the same bulk run on each engine, whole process, with CPU times.

``verify bulk --engine spark --spark-master local[2]`` and ``--engine duckdb`` on the throughput
request file, in one data home, each a whole process timed by the wall clock; the CPU time
(user + system) of each process tree, and of the command's own Python process (for Spark: the
driver), from psutil polling (``harness.run_timed``). The goal quoted in docs/benchmarks.md:
the Spark driver's own CPU at most 0.3 times the whole DuckDB run's — the rules' work belongs on
the executors. The answers of the two engines are compared row by row (case numbers aside:
they are drawn at random); a difference fails the benchmark. One run each: Spark takes minutes.
Results go to $BENCH_WORK/results/spark.json.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polars as pl

from harness import (
    Sizes,
    Timing,
    ensure_world,
    fresh_home,
    ingest,
    log,
    save_result,
    timing_dict,
    verify_bulk,
)

GOAL_RATIO = 0.3


def _differing_rows(one: Path, other: Path) -> int:
    """Rows whose answers differ (the case number is random, whether one was opened is not)."""
    read = [
        pl.read_csv(p, infer_schema=False).with_columns(pl.col("case_number").is_not_null())
        for p in (one, other)
    ]
    if read[0].height != read[1].height:
        raise SystemExit(f"the engines wrote {read[0].height:,} and {read[1].height:,} rows")
    return read[0].join(read[1], on=read[0].columns, how="anti", nulls_equal=True).height


def main() -> None:
    sizes = Sizes.from_env()
    world = ensure_world(sizes)
    home = fresh_home(sizes, "spark")
    ingest(home, world)
    scratch = sizes.work / "spark"
    scratch.mkdir(parents=True, exist_ok=True)
    out = {engine: scratch / f"{engine}.csv" for engine in ("duckdb", "spark")}
    runs: dict[str, Timing] = {}
    for engine in ("duckdb", "spark"):
        log(f"verify bulk on {engine}: {world.requests}")
        runs[engine] = verify_bulk(
            home, world.requests, out[engine], world.verify_on, engine=engine
        )
    differing = _differing_rows(out["duckdb"], out["spark"])
    if differing:
        raise SystemExit(f"Spark's answers differ from DuckDB's on {differing:,} rows")
    rows = sizes.requests
    duckdb, spark = (timing_dict(runs[e], rows) for e in ("duckdb", "spark"))
    ratio = spark["command_cpu_seconds"] / duckdb["cpu_seconds"]
    save_result(
        sizes,
        "spark",
        {
            "rows": rows,
            "master": "local[2]",
            "duckdb": duckdb,
            "spark": spark,
            "differing_rows": differing,
            "driver_cpu_ratio": round(ratio, 2),
            "goal_ratio": GOAL_RATIO,
            "goal_met": ratio <= GOAL_RATIO,
        },
    )


def render(result: dict[str, Any]) -> str:
    head = (
        "| engine | wall (s) | rows/s | CPU, whole process tree (s) | CPU, the command's own "
        "process (s) | peak RSS (MB) |\n|---|---:|---:|---:|---:|---:|\n"
    )
    rows = [
        f"| {label} | {r['seconds']:,.1f} | {r['rows_per_second']:,} | {r['cpu_seconds']:,.1f} "
        f"| {r['command_cpu_seconds']:,.1f} | {r['peak_rss_mb']:,.0f} |"
        for label, r in (
            ("DuckDB (in process)", result["duckdb"]),
            (f"Spark `{result['master']}` (the driver)", result["spark"]),
        )
    ]
    return head + "\n".join(rows)


if __name__ == "__main__":
    main()
