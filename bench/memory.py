"""Memory: peak resident memory of ``verify bulk`` on a 10-million-row request file.

The big file is made cheaply from the world's 500,000 requests with DuckDB: the file is repeated
with new request ids, and every other copy changes the letter case of the names (which the
verifier must normalize away) so that the copies are not byte-identical. The peak RSS of the
whole process tree is taken from GNU time (``/usr/bin/time -v``) and from psutil polling of the
process and its children, whichever is larger. Goal: at most 2 GiB. The big files and the data
home are removed afterwards.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import duckdb

from harness import (
    Sizes,
    count_lines,
    ensure_world,
    fresh_home,
    ingest,
    log,
    save_result,
    timing_dict,
    verify_bulk,
)
from statusbridge.engine.schema import REQUEST_COLUMNS

GOAL_BYTES = 2 * 2**30


def build_big_file(source: Path, rows: int, target: Path) -> int:
    """Write ``rows`` request rows to ``target`` by repeating ``source``; returns rows written."""
    con = duckdb.connect()
    try:
        con.execute(
            f"CREATE TABLE base AS SELECT {', '.join(REQUEST_COLUMNS)} "
            f"FROM read_csv('{source}', all_varchar = true, header = true, ignore_errors = true)"
        )
        base_row = con.execute("SELECT count(*) FROM base").fetchone()
        base = int(base_row[0]) if base_row else 0
        if base == 0:
            raise SystemExit(f"{source}: no request rows to repeat")
        copies = -(-rows // base)
        recased = {
            c: f"CASE WHEN copy % 2 = 1 THEN lower({c}) ELSE {c} END AS {c}"
            for c in ("first_name", "middle_name", "last_name")
        }
        columns = [
            "request_id || '-m' || copy::VARCHAR AS request_id"
            if c == "request_id"
            else recased.get(c, c)
            for c in REQUEST_COLUMNS
        ]
        con.execute(
            f"COPY (SELECT {', '.join(columns)} FROM base CROSS JOIN range({copies}) t(copy) "
            f"LIMIT {rows}) TO '{target}' (FORMAT csv, HEADER true)"
        )
    finally:
        con.close()
    return count_lines(target)


def main() -> None:
    sizes = Sizes.from_env()
    world = ensure_world(sizes)
    scratch = sizes.work / "memory"
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir(parents=True)
    big, results = scratch / "requests-big.csv", scratch / "results-big.csv"
    home = fresh_home(sizes, "memory")
    try:
        log(f"building a {sizes.memory_rows:,}-row request file")
        rows = build_big_file(world.requests, sizes.memory_rows, big)
        size_mb = big.stat().st_size / 2**20
        log(f"{rows:,} rows, {size_mb:,.0f} MiB; ingesting the world")
        ingest(home, world)
        log("verify bulk on the big file")
        timing = verify_bulk(home, big, results, world.verify_on)
        answered = count_lines(results)
        if answered != rows:
            raise SystemExit(f"verify bulk wrote {answered:,} result rows for {rows:,} requests")
        result: dict[str, Any] = {
            "people": sizes.people,
            "rows": rows,
            "input_mb": round(size_mb),
            "results_mb": round(results.stat().st_size / 2**20),
            "verify_bulk": timing_dict(timing),
            "rows_per_second": round(rows / timing.seconds),
            "goal_mb": GOAL_BYTES // 2**20,
            "goal_met": timing.peak_rss_bytes <= GOAL_BYTES,
        }
        save_result(sizes, "memory", result)
        print(render(result))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
        shutil.rmtree(home, ignore_errors=True)


def render(result: dict[str, Any]) -> str:
    run = result["verify_bulk"]
    gnu = run["gnu_time_max_rss_mb"]
    return "\n".join(
        [
            "| rows | input (MiB) | time (s) | rows/s | peak RSS, tree (MiB) | "
            "GNU time max RSS (MiB) | goal | met |",
            "|---:|---:|---:|---:|---:|---:|---:|---|",
            f"| {result['rows']:,} | {result['input_mb']:,} | {run['seconds']:,.0f} | "
            f"{result['rows_per_second']:,} | {run['peak_rss_mb']:,.0f} | "
            f"{'—' if gnu is None else f'{gnu:,.0f}'} | ≤ {result['goal_mb']:,} | "
            f"{'yes' if result['goal_met'] else 'no'} |",
        ]
    )


if __name__ == "__main__":
    main()
