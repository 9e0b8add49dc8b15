"""Write docs/benchmarks.md from the latest results and the machine they ran on.

Reads the JSON each benchmark leaves in ``$BENCH_WORK/results`` and renders one page: the goals
and whether they were met, then each benchmark's tables, the machine, and how to run it again.
Observations that need a person's judgement live in ``bench/findings.md`` and are included
as they are, so regenerating the figures never erases them.

    python bench/report.py [--out docs/benchmarks.md] [--elapsed SECONDS]
"""

from __future__ import annotations

import argparse
import os
import platform
import time
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import Any

import accuracy
import memory
import scale
import spark
import throughput
from harness import BENCH, REPO, Sizes, load_result


def machine() -> dict[str, str]:
    """CPU, cores, memory, OS, Python and the versions of the libraries that do the work."""
    cpu = "unknown"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    ram = "unknown"
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        for line in meminfo.read_text().splitlines():
            if line.startswith("MemTotal:"):
                ram = f"{int(line.split()[1]) / 2**20:.1f} GiB"
                break
    os_name = platform.platform()
    release = Path("/etc/os-release")
    if release.exists():
        for line in release.read_text().splitlines():
            if line.startswith("PRETTY_NAME="):
                os_name = f"{line.split('=', 1)[1].strip(chr(34))} (Linux {platform.release()})"
    versions = {}
    for package in ("statusbridge", "duckdb", "polars", "pyarrow", "pandas", "splink"):
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = "not installed"
    return {
        "CPU": cpu,
        "cores": str(os.cpu_count()),
        "RAM": ram,
        "OS": os_name,
        "Python": platform.python_version(),
        **{name: version for name, version in versions.items()},
    }


def _pct(share: float | None) -> str:
    return "—" if share is None else f"{100 * share:.2f}%"


def _met(ok: bool | None) -> str:
    return "—" if ok is None else ("met" if ok else "**missed**")


def goals(
    through: dict[str, Any] | None,
    mem: dict[str, Any] | None,
    acc: dict[str, Any] | None,
    cost: dict[str, Any] | None = None,
    engines: dict[str, Any] | None = None,
) -> str:
    rows: list[list[str]] = []
    for run in cost.get("runs", []) if cost else []:
        share, goal = run["overhead_percent"], cost["goal_percent"] if cost else 0
        rows.append(
            [
                f"accounting: overhead on a bulk run, {run['database']}, ≤ {goal}%",
                f"{share:.1f}% ({run['entries_per_second']:,} entries/s)",
                _met(share <= goal),
            ]
        )
    if through:
        ratio = through["verify_bulk"]["ratio_to_baseline"]
        rows.append(
            [
                "throughput: `verify bulk` within 4x of the bare DuckDB join",
                f"{ratio:.2f}x ({through['verify_bulk']['rows_per_second']:,} rows/s)",
                _met(ratio <= through["goal_ratio"]),
            ]
        )
    if engines:
        driver, whole = engines["spark"]["command_cpu_seconds"], engines["duckdb"]["cpu_seconds"]
        rows.append(
            [
                f"spark: the driver's own CPU ≤ {engines['goal_ratio']}x the whole DuckDB run's",
                f"{engines['driver_cpu_ratio']:.2f}x ({driver:,.1f} s against {whole:,.1f} s; "
                f"{engines['differing_rows']:,} answers differ)",
                _met(engines["goal_met"]),
            ]
        )
    if mem:
        run = mem["verify_bulk"]
        rows.append(
            [
                f"memory: peak RSS of `verify bulk` on {mem['rows']:,} rows ≤ 2 GiB",
                f"{run['peak_rss_mb']:,.0f} MiB in {run['seconds']:,.0f} s",
                _met(mem["goal_met"]),
            ]
        )
    if acc:
        for key, label in (
            ("statusbridge_benefits", "benefit-eligibility"),
            ("statusbridge_election", "voter-list-maintenance"),
        ):
            rows += _accuracy_goals(acc[key], label)
        rows += _keying_fault_goals(acc.get("fault_comparison", []))
    if not rows:
        return "No results yet: run `make bench`."
    header = "| goal | figure | |\n|---|---|---|\n"
    return header + "\n".join("| " + " | ".join(r) + " |" for r in rows)


def _accuracy_goals(scored: dict[str, Any], label: str) -> list[list[str]]:
    rows = []
    for row in scored["by_kind"]:
        if row.get("goal") is None or row["eligible"] == 0:
            continue
        rows.append(
            [
                f"{label}: citizens confirmed with `{row['input_kind']}` ≥ {100 * row['goal']:g}%",
                f"{_pct(row['confirmed_share'])} of {row['eligible']:,}; "
                f"{_pct(row.get('on_record_share'))} without `{accuracy.NAME_NOT_ON_RECORD}`",
                _met(row["goal_met"]) + f" (without: {_met(row.get('on_record_goal_met'))})",
            ]
        )
    total = next(r for r in scored["by_kind"] if r["input_kind"] == "all")
    rows.append(
        [
            f"{label}: noncitizens answered US_CITIZEN = 0",
            f"{total['noncitizen_as_citizen']:,} of {total['noncitizen']:,}",
            _met(total["noncitizen_as_citizen"] == 0),
        ]
    )
    rows.append(
        [
            f"{label}: U.S. nationals answered US_CITIZEN = 0",
            f"{total['national_as_citizen']:,}",
            _met(total["national_as_citizen"] == 0),
        ]
    )
    rows.append(
        [
            f"{label}: impostors answered US_CITIZEN = 0",
            f"{total['impostor_as_citizen']:,} of {total['impostor']:,}",
            _met(total["impostor_as_citizen"] == 0),
        ]
    )
    for found in scored.get("by_class", []):
        if not found["class"].startswith(("impostor: `twin_ssn`", "namesake")):
            continue
        rows.append(
            [
                f"{label}: {found['class']} answered US_CITIZEN = 0",
                f"{found['as_citizen']:,} of {found['rows']:,}",
                _met(found["as_citizen"] == 0),
            ]
        )
    if label == "benefit-eligibility":
        share = total["status_share"]
        rows.append(
            [
                f"{label}: lawful noncitizens given their status ≥ 99%",
                f"{_pct(share)} of {total['status_eligible']:,}",
                _met(None if share is None else share >= accuracy.GOAL_STATUS),
            ]
        )
        rows.append(
            [
                f"{label}: statuses stated wrongly = 0",
                f"{total['status_wrong']:,}",
                _met(total["status_wrong"] == 0),
            ]
        )
    found = scored["checks"]
    rows.append(
        [
            f"{label}: INVALID answers are exactly the invalid rows",
            f"{found['valid_answered_invalid']:,} valid rows answered INVALID, "
            f"{found['invalid_not_answered']:,} invalid rows not",
            _met(found["invalid_exact"]),
        ]
    )
    rows.append(
        [
            f"{label}: one result row per request row",
            f"{found['result_rows']:,} results for {found['request_rows']:,} requests",
            _met(found["counts_add_up"]),
        ]
    )
    return rows


def _keying_fault_goals(comparison: list[dict[str, Any]]) -> list[list[str]]:
    """Swapped names and a birth-year digit: confirmed at least as often as plain rules do."""
    rows = []
    for row in comparison:
        if row["fault"] not in ("names_swapped", "dob_year_digit") or not row["eligible"]:
            continue
        ours, theirs = row.get("statusbridge", 0), row.get("plain_rules", 0)
        rows.append(
            [
                f"citizens with `{row['fault']}` (full SSN) confirmed at least as often as by "
                "plain rules",
                f"{_pct(ours / row['eligible'])} against {_pct(theirs / row['eligible'])} "
                f"of {row['eligible']:,}",
                _met(ours >= theirs),
            ]
        )
    return rows


def carried_over(previous: str, heading: str) -> list[str]:
    """A section of the page as it stood, for a benchmark this run did not repeat."""
    lines = previous.splitlines()
    if heading not in lines:
        return []
    start = lines.index(heading)
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines))
    body = [line for line in lines[start + 1 : end] if not line.startswith("*Carried over")]
    note = "*Carried over from the previous page: not measured again in this run.*"
    return [heading, "", note, *body]


def _carried_goal_rows(previous: str, prefixes: tuple[str, ...]) -> list[str]:
    """Goal rows of benchmarks not run again, from the page as it stood, marked so."""
    mark = "*(carried over)* "
    rows = [
        line.replace(mark, "")
        for line in previous.splitlines()
        if line.replace(mark, "").startswith(tuple(f"| {p}" for p in prefixes))
    ]
    return [row.replace("| ", "| " + mark, 1) for row in rows]


def _finished(*results: dict[str, Any] | None) -> str:
    """When the last benchmark of the run wrote its result (now, if none did)."""
    stamps = [str(r["finished_at"]) for r in results if r and "finished_at" in r]
    return max(stamps)[:16] + " UTC" if stamps else time.strftime("%Y-%m-%d %H:%M %Z")


def page(sizes: Sizes, elapsed: float | None, previous: str = "") -> str:
    """The page; a benchmark without a result in this run keeps its section from ``previous``
    (the page as it stood), marked as carried over, rather than vanishing."""
    through = load_result(sizes, "throughput")
    mem = load_result(sizes, "memory")
    acc = load_result(sizes, "accuracy")
    cost = load_result(sizes, "accounting")
    engines = load_result(sizes, "spark")
    large = load_result(sizes, "scale")
    info = machine()
    carried_goals = _carried_goal_rows(
        previous,
        tuple(
            prefix
            for prefixes, result in (
                (("throughput:",), through),
                (("memory:",), mem),
                (("accounting:",), cost),
                (("spark:",), engines),
                (("benefit-eligibility:", "voter-list-maintenance:", "citizens with"), acc),
            )
            if result is None
            for prefix in prefixes
        ),
    )
    parts = [
        "# Benchmarks",
        "",
        "Generated by `make bench` (`bench/run.sh`, then `bench/report.py`); do not edit the "
        "figures by hand — `bench/findings.md` holds the commentary and is included below.",
        "",
        f"Run finished {_finished(through, mem, acc, cost, engines)}"
        + (f"; the whole `make bench` took {elapsed / 60:.0f} min" if elapsed else "")
        + ".",
        "",
        "## Goals",
        "",
        goals(through, mem, acc, cost, engines),
        *carried_goals,
        "",
    ]
    findings = BENCH / "findings.md"
    if findings.exists():
        parts += ["## Findings", "", findings.read_text().strip(), ""]
    parts += _section(previous, "## Throughput", through, _throughput_text)
    parts += _section(previous, "## Spark beside DuckDB", engines, _spark_text)
    parts += _section(previous, "## Memory", mem, _memory_text)
    if acc:
        parts += [
            "## Accuracy",
            "",
            f"Scored against the world's `truth.csv`: {acc['requests']:,} requests. "
            "*Citizens, records show it*: truth class citizen, the records show citizenship, a "
            "valid row, not an impostor, not deceased. *Noncitizens*: truth class "
            "`lawful_noncitizen` or `no_lawful_status`. A false confirmation is a US_CITIZEN "
            "answer for a noncitizen or an impostor (for Splink also for another person than "
            "the requester). The exact-match approach reads only the SSN, so it can confirm "
            "no one on the other paths.",
            "",
            accuracy.render(acc),
            "",
        ]
        model = acc.get("splink_model") or {}
        if model:
            parts += [
                f"Splink {info.get('splink', '')}: {model.get('requests', 0):,} last-four "
                f"requests linked to {model.get('entries', 0):,} SSA entries; trained in "
                f"{model.get('seconds', {}).get('train', 0):,.0f} s, predicted in "
                f"{model.get('seconds', {}).get('predict', 0):,.0f} s; "
                f"{model.get('pairs_at_threshold', 0):,} pairs at or above the threshold.",
                "",
            ]
        seconds = acc.get("seconds", {})
        parts += [
            "Run times here (whole processes): "
            + ", ".join(f"{k} {v:,.0f} s" for k, v in seconds.items())
            + ".",
            "",
        ]
    else:
        parts += carried_over(previous, "## Accuracy")
    parts += _accounting_section(sizes) or carried_over(previous, "## Accounting of disclosures")
    parts += _section(previous, "## One machine at larger scale", large, _scale_text)
    parts += [
        "## Machine",
        "",
        "| | |",
        "|---|---|",
        *(f"| {k} | {v} |" for k, v in info.items()),
        "",
        "## Running",
        "",
        "`make bench` runs everything at full size (a world of about two million SSA entries, "
        "500,000 requests, 10 million rows for memory). For a quick run, override the sizes: "
        "`BENCH_PEOPLE=50000 BENCH_REQUESTS=20000 BENCH_MEMORY_ROWS=200000 bash bench/run.sh`. "
        "Other knobs: `BENCH_RUNS` (repeats, best taken), `BENCH_SEED`, `BENCH_WORK` (scratch "
        "directory, default `/tmp/statusbridge-bench`; worlds are kept there between runs), "
        "`BENCH_ONLY` (e.g. `throughput accuracy`), `BENCH_DOC` (where this page goes). "
        "The larger-scale run is not part of a default run: `BENCH_ONLY=scale bash bench/run.sh`"
        " with `BENCH_SCALE_PEOPLE` and `BENCH_SCALE_REQUESTS` (default the national test size, "
        "82 million people and 10 million requests, which needs more memory than this machine "
        "has to generate).",
        "",
    ]
    return "\n".join(parts)


def _section(
    previous: str, heading: str, result: dict[str, Any] | None, text: Callable[[Any], str]
) -> list[str]:
    """A benchmark's section from this run's result, else as the page had it (carried over)."""
    return [heading, "", text(result), ""] if result else carried_over(previous, heading)


def _throughput_text(through: dict[str, Any]) -> str:
    return (
        f"World: {through['people']:,} people (seed {through['seed']}), "
        f"{through['ssa_entries']:,} SSA entries, {through['dhs_rows']:,} DHS rows; "
        f"{through['requests']:,} requests. Each figure is a whole process, wall clock, "
        f"best of {through['runs']} runs; peak RSS is that of the process tree. "
        f"Generating the world took {through['world_generate_seconds']:,.0f} s.\n\n"
        + throughput.render(through)
    )


def _spark_text(engines: dict[str, Any]) -> str:
    return (
        f"`verify bulk` on the same {engines['rows']:,} requests with `--engine duckdb` and "
        f"`--engine spark` (`{engines['master']}`), one run each, whole processes. CPU is "
        "user + system time from psutil polling (every 0.1 s) of each process in the tree; "
        "the command's own process is, for Spark, the driver. Answers compared row by row: "
        f"{engines['differing_rows']:,} differ.\n\n" + spark.render(engines)
    )


def _memory_text(mem: dict[str, Any]) -> str:
    return (
        f"`verify bulk` (benefit-eligibility) on {mem['rows']:,} request rows made by "
        "repeating the throughput request file with new request ids (every other copy with "
        "lower-case names). Peak RSS of the process tree: psutil polling (every 0.1 s) of the "
        "process and its children, and GNU time's maximum RSS, whichever is larger.\n\n"
        + memory.render(mem)
    )


def _scale_text(large: dict[str, Any]) -> str:
    return (
        f"A world of {large['people']:,} people: {large['ssa_entries']:,} SSA entries, "
        f"{large['dhs_rows']:,} DHS rows, {large['requests']:,} requests (generated in "
        f"{large['generate_seconds']:,.0f} s). Each step a whole process, once "
        "(`bench/scale.py`, run with `BENCH_ONLY=scale`; `docs/scale.md` works out the "
        "national figures).\n\n" + scale.render(large)
    )


def _accounting_section(sizes: Sizes) -> list[str]:
    """The accounting of disclosures: overhead on a bulk run, checkpoints, proofs."""
    cost = load_result(sizes, "accounting")
    log = load_result(sizes, "ledger")
    if not cost and not log:
        return []
    parts = ["## Accounting of disclosures", ""]
    if cost:
        runs = cost.get("runs") or [{"database": "SQLite", **cost}]
        parts += [
            f"One bulk run of {cost['rows']:,} rows (benefit eligibility) per database, the "
            "accounting timed apart inside the same process: building, hashing, storing and "
            "checkpointing one entry per released row. A run prepares its next batch while it "
            "releases one, so part of that time overlaps the matching; the same file is also run "
            "with the accounting left out (a stand-in in the benchmark's process), alternately, "
            "best of each: the overhead is the wall time the accounting adds, over the run "
            "without it. Its own time over the rest of its run (as if nothing overlapped) is "
            "shown beside it.",
            "",
            "| database | run without (s) | run with (s) | of which accounting (s) "
            "| its own CPU (s) | entries/s | its own time | overhead (added) |",
            "|---|---:|---:|---:|---:|---:|---:|---:|",
            *(
                f"| {r['database']} | {r['without_accounting_seconds']:,.2f} "
                f"| {r['total_seconds']:,.2f} | {r['accounting_seconds']:,.2f} "
                f"| {r.get('accounting_cpu_seconds', float('nan')):,.2f} "
                f"| {r.get('entries_per_second', 0):,} "
                f"| {r.get('own_time_percent', float('nan')):.1f}% "
                f"| {r['overhead_percent']:.1f}% |"
                for r in runs
            ),
            "",
            *(
                f"Overhead on {r['database']}: {r['overhead_percent']:.1f}% (goal ≤ "
                f"{cost['goal_percent']}%: "
                f"{'met' if r['overhead_percent'] <= cost['goal_percent'] else 'missed'})."
                for r in runs
            ),
            "",
        ]
    if log:
        parts += [
            f"A log of {log['entries']:,} entries in SQLite. A checkpoint from scratch reads "
            "every leaf hash and builds the tree (what `ledger prove` does); a commit's "
            "checkpoint extends the stored frontier with its new leaves (what every release "
            "does). The baseline pairs the same hashes level by level with nothing else.",
            "",
            "| step | seconds |",
            "|---|---:|",
            f"| fill the table (setup) | {log['fill_s']:,.1f} |",
            f"| read {log['entries']:,} leaf hashes | {log['read_s']:,.1f} |",
            f"| build the tree and root | {log['tree_s']:,.1f} |",
            "| **checkpoint from scratch** (goal ≤ 60 s) | "
            f"**{log['checkpoint_from_scratch_s']:,.1f}** |",
            f"| baseline: pair the hashes | {log['baseline_pairing_s']:,.1f} |",
            "| a commit's checkpoint, 100,000 new leaves | "
            f"{log['commit_checkpoint_100k_s']:,.2f} |",
            "",
            "| n | inclusion proof | verify | consistency proof | verify |",
            "|---:|---:|---:|---:|---:|",
            *(
                f"| {p['n']:,} | {p['inclusion_hashes']} hashes ({p['inclusion_bytes']} B) "
                f"| {p['inclusion_verify_us']:.0f} µs | {p['consistency_hashes']} hashes "
                f"| {p['consistency_verify_us']:.0f} µs |"
                for p in log["proofs"]
            ),
            "",
        ]
    return parts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default_out = Path(os.environ.get("BENCH_DOC", str(REPO / "docs" / "benchmarks.md")))
    parser.add_argument("--out", type=Path, default=default_out)
    parser.add_argument("--elapsed", type=float, default=None)
    args = parser.parse_args()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    previous = args.out.read_text() if args.out.exists() else ""
    args.out.write_text(page(Sizes.from_env(), args.elapsed, previous))
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
