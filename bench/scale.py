"""One machine at national scale: a large SSA snapshot and a large request file, DuckDB engine.

The issue's size is an SSA snapshot of 100 million entries and a request file of 10 million
rows; ``BENCH_SCALE_PEOPLE`` (people in the world, about 1.22 SSA entries each; default
82,000,000) and ``BENCH_SCALE_REQUESTS`` (default 10,000,000) set it. Not part of a default
``make bench`` (at full size it runs for hours): ``BENCH_ONLY=scale bash bench/run.sh``.

Measured: generating the world, ingesting each extract, and one ``verify bulk`` (benefit
eligibility) over the whole request file: wall time, peak RSS of the process tree, CPU; and the
disk each part takes (the extracts, the snapshots, the data home's database, the results).
Results go to $BENCH_WORK/results/scale.json.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from harness import (
    Sizes,
    _env_int,
    count_lines,
    ensure_world,
    fresh_home,
    ingest,
    log,
    save_result,
    timing_dict,
    verify_bulk,
)

PEOPLE = 82_000_000
REQUESTS = 10_000_000


def _size_mb(path: Path) -> float:
    files = [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file()]
    return round(sum(p.stat().st_size for p in files) / 2**20, 1)


def main() -> None:
    base = Sizes.from_env()
    sizes = dataclasses.replace(
        base,
        people=_env_int("BENCH_SCALE_PEOPLE", PEOPLE),
        requests=_env_int("BENCH_SCALE_REQUESTS", REQUESTS),
    )
    world = ensure_world(sizes, own_size=True)
    counts = {
        "ssa_entries": count_lines(world.ssa),
        "dhs_rows": count_lines(world.dhs),
        "requests": count_lines(world.requests),
    }
    log(f"scale: {counts}")
    home = fresh_home(sizes, "scale")
    ingested = ingest(home, world)
    out = sizes.work / "scale-results.csv"
    log(f"verify bulk over {counts['requests']:,} requests")
    verified = verify_bulk(home, world.requests, out, world.verify_on)
    disk = {
        "ssa_extract": _size_mb(world.ssa),
        "dhs_extract": _size_mb(world.dhs),
        "requests": _size_mb(world.requests),
        "snapshots": _size_mb(home / "snapshots"),
        "database": _size_mb(home / "statusbridge.sqlite3"),
        "results": _size_mb(out),
    }
    out.unlink(missing_ok=True)
    save_result(
        sizes,
        "scale",
        {
            "people": sizes.people,
            **counts,
            "generate_seconds": world.generate_seconds,
            "ingest": {
                kind: timing_dict(timing, counts["ssa_entries" if kind == "ssa" else "dhs_rows"])
                for kind, timing in ingested.items()
            },
            "verify_bulk": timing_dict(verified, counts["requests"]),
            "disk_mb": disk,
        },
    )


def render(result: dict[str, Any]) -> str:
    steps = [
        ("ingest SSA entries", result["ingest"]["ssa"]),
        ("ingest DHS rows", result["ingest"]["dhs"]),
        ("`verify bulk` (benefit-eligibility)", result["verify_bulk"]),
    ]
    table = [
        "| step | seconds | rows/s | peak RSS (MB) | CPU (s) |",
        "|---|---:|---:|---:|---:|",
        *(
            f"| {name} | {t['seconds']:,.0f} | {t['rows_per_second']:,} "
            f"| {t['peak_rss_mb']:,.0f} | {t['cpu_seconds']:,.0f} |"
            for name, t in steps
        ),
        "",
        "| on disk | MB |",
        "|---|---:|",
        *(f"| {k.replace('_', ' ')} | {v:,.0f} |" for k, v in result["disk_mb"].items()),
    ]
    return "\n".join(table)


if __name__ == "__main__":
    main()
