"""Throughput: ``verify bulk`` end to end against a bare DuckDB join and a pandas exact match.

On a world of about two million SSA entries and a request file of 500,000 rows, each contender
runs as a whole process, timed by the wall clock, best of ``BENCH_RUNS`` runs:

- ``statusbridge verify bulk`` (after ``records ingest``, which is timed and reported apart), for
  benefit eligibility and for voter-list maintenance (the purpose that opens the most cases: each
  with its first history event and due date);
- the baseline: ``bench/baseline_join.py``, DuckDB reading both CSV files and joining on the SSN;
- ``bench/exact_match.py``, the naive SSN + name + date-of-birth check in pandas.

The goal quoted in docs/benchmarks.md: ``verify bulk`` within 4x of the bare join.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from harness import (
    BENCH,
    ELECTION,
    PYTHON,
    Sizes,
    Timing,
    best_of,
    count_lines,
    ensure_world,
    fresh_home,
    ingest,
    log,
    run_timed,
    save_result,
    timing_dict,
    verify_bulk,
)

GOAL_RATIO = 4.0


def _copy_of(template: Path, sizes: Sizes) -> Path:
    """A data home as it stood right after ingest, so every timed run starts from the same state
    (each run adds its cases and accounting entries, and a longer ledger is slower to extend)."""
    home = fresh_home(sizes, "throughput")
    shutil.copytree(template, home, dirs_exist_ok=True)
    return home


def _runs(label: str, runs: int, once: Any) -> list[Timing]:
    timings = []
    for number in range(1, runs + 1):
        timing = once()
        log(f"{label} run {number}/{runs}: {timing.seconds:.1f} s")
        timings.append(timing)
    return timings


def _summary(timings: list[Timing], rows: int, baseline_seconds: float | None) -> dict[str, Any]:
    best = best_of(timings)
    return {
        "best": timing_dict(best),
        "runs_seconds": [round(t.seconds, 2) for t in timings],
        "rows_per_second": round(rows / best.seconds),
        "ratio_to_baseline": (
            None if baseline_seconds is None else round(best.seconds / baseline_seconds, 2)
        ),
    }


def main() -> None:
    sizes = Sizes.from_env()
    world = ensure_world(sizes)
    rows = count_lines(world.requests)
    ssa_entries = count_lines(world.ssa)
    dhs_rows = count_lines(world.dhs)
    log(f"throughput on {rows:,} requests; {ssa_entries:,} SSA entries, {dhs_rows:,} DHS rows")
    scratch = sizes.work / "throughput"
    scratch.mkdir(parents=True, exist_ok=True)

    template = fresh_home(sizes, "throughput-ingested")
    ingested = ingest(template, world)
    log(f"ingest: SSA {ingested['ssa'].seconds:.1f} s, DHS {ingested['dhs'].seconds:.1f} s")

    baseline = _runs(
        "bare DuckDB join",
        sizes.runs,
        lambda: run_timed(
            [
                str(PYTHON),
                str(BENCH / "baseline_join.py"),
                str(world.requests),
                str(world.ssa),
                str(scratch / "baseline.csv"),
            ]
        ),
    )
    baseline_seconds = best_of(baseline).seconds
    exact = _runs(
        "pandas exact match",
        sizes.runs,
        lambda: run_timed(
            [
                str(PYTHON),
                str(BENCH / "exact_match.py"),
                str(world.requests),
                str(world.ssa),
                str(scratch / "exact.csv"),
            ]
        ),
    )
    canonical = _runs(
        "pandas exact match, canonical",
        sizes.runs,
        lambda: run_timed(
            [
                str(PYTHON),
                str(BENCH / "exact_match.py"),
                str(world.requests),
                str(world.ssa),
                str(scratch / "exact-canonical.csv"),
                "--canonical",
            ]
        ),
    )
    verify = _runs(
        "verify bulk",
        sizes.runs,
        lambda: verify_bulk(
            _copy_of(template, sizes), world.requests, scratch / "verify.csv", world.verify_on
        ),
    )
    voters = _runs(
        "verify bulk, voter-list maintenance",
        sizes.runs,
        lambda: verify_bulk(
            _copy_of(template, sizes),
            world.requests,
            scratch / "verify-voters.csv",
            world.verify_on,
            ELECTION,
        ),
    )
    cases_opened = _cases_opened(scratch / "verify-voters.csv")
    result_rows = count_lines(scratch / "verify.csv")
    if result_rows != rows:
        raise SystemExit(f"verify bulk wrote {result_rows:,} result rows for {rows:,} requests")

    verify_summary = _summary(verify, rows, baseline_seconds)
    result = {
        "people": sizes.people,
        "seed": sizes.seed,
        "requests": rows,
        "ssa_entries": ssa_entries,
        "dhs_rows": dhs_rows,
        "world_generate_seconds": world.generate_seconds,
        "runs": sizes.runs,
        "ingest": {
            kind: {
                **timing_dict(timing),
                "rows_per_second": round(
                    (ssa_entries if kind == "ssa" else dhs_rows) / timing.seconds
                ),
            }
            for kind, timing in ingested.items()
        },
        "verify_bulk": verify_summary,
        "verify_bulk_voters": {**_summary(voters, rows, baseline_seconds), "cases": cases_opened},
        "baseline_duckdb_join": _summary(baseline, rows, baseline_seconds),
        "exact_match_pandas": _summary(exact, rows, baseline_seconds),
        "exact_match_pandas_canonical": _summary(canonical, rows, baseline_seconds),
        "goal_ratio": GOAL_RATIO,
        "goal_met": verify_summary["ratio_to_baseline"] <= GOAL_RATIO,
    }
    save_result(sizes, "throughput", result)
    print(render(result))
    # The data homes hold snapshots, cases and ledgers (gigabytes); the world stays for next time.
    shutil.rmtree(scratch, ignore_errors=True)
    for name in ("throughput", "throughput-ingested"):
        shutil.rmtree(sizes.work / "homes" / name, ignore_errors=True)


def _cases_opened(results: Path) -> int:
    """Result rows with a case number: the cases a run opened."""
    import csv

    with results.open(newline="", encoding="utf-8") as handle:
        return sum(1 for row in csv.DictReader(handle) if row["case_number"])


def render(result: dict[str, Any]) -> str:
    """The throughput table in markdown."""
    lines = [
        "| contender | best of runs (s) | rows/s | ratio to bare join | peak RSS (MB) |",
        "|---|---:|---:|---:|---:|",
    ]
    for key, label in (  # a page rendered from an older run may lack a contender
        ("verify_bulk", "`statusbridge verify bulk` (benefit-eligibility)"),
        ("verify_bulk_voters", "`statusbridge verify bulk` (voter-list-maintenance)"),
        ("baseline_duckdb_join", "bare DuckDB join on SSN (baseline)"),
        ("exact_match_pandas", "pandas exact match (SSN + name + dob), as written"),
        ("exact_match_pandas_canonical", "pandas exact match, canonical (case, dashes, dates)"),
    ):
        entry = result.get(key)
        if entry is None:
            continue
        lines.append(
            f"| {label} | {entry['best']['seconds']:.1f} | {entry['rows_per_second']:,} | "
            f"{entry['ratio_to_baseline']:.2f}x | {entry['best']['peak_rss_mb']:,.0f} |"
        )
    if "verify_bulk_voters" in result:
        lines += [
            "",
            f"The voter-list run opened {result['verify_bulk_voters']['cases']:,} cases, each with "
            "its due date and first history event, in the same transactions as the answers.",
        ]
    lines += [
        "",
        "| ingest | seconds | rows/s | peak RSS (MB) |",
        "|---|---:|---:|---:|",
    ]
    for kind, label in (("ssa", "SSA master file entries"), ("dhs", "DHS status rows")):
        entry = result["ingest"][kind]
        lines.append(
            f"| {label} | {entry['seconds']:.1f} | {entry['rows_per_second']:,} | "
            f"{entry['peak_rss_mb']:,.0f} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    main()
