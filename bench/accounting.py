"""What the accounting of disclosures costs a bulk run.

A bulk verification of the request file, in one process, with the time spent building, hashing,
storing and checkpointing the accounting entries (``ledger.services.record``) measured apart
from everything else. (A run without accounting cannot be made by the product, by design; the
stand-in below exists only here.) The runs are made on the embedded default (SQLite) and,
where a server answers at ``BENCH_POSTGRES`` (default ``postgresql://postgres@127.0.0.1:5432``),
on PostgreSQL in a database of its own, made afresh. Results go to
$BENCH_WORK/results/accounting.json.

A bulk run prepares its next batch while it releases one, so the accounting's time partly
overlaps matching, and the time it took is only an upper bound on the time it adds. So the same
file is also run with ``ledger.services.record`` replaced by a stand-in that does nothing (in
this benchmark's process only), alternately with the real runs, best of ``BENCH_RUNS`` each: the
overhead is the wall time the accounting adds to the run, over the run without it. The time the
accounting took, and its own CPU time (the releasing thread's), are reported beside it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

from harness import PYTHON, Sizes, ensure_world, fresh_home, ingest, log, save_result

GOAL_PERCENT = 15
DATABASE = "statusbridge_bench"


def _server() -> str:
    return os.environ.get("BENCH_POSTGRES", "postgresql://postgres@127.0.0.1:5432").rstrip("/")


def _fresh_postgres() -> str | None:
    """A new, empty database for the run; None when no server answers."""
    import psycopg

    try:
        with psycopg.connect(f"{_server()}/postgres", autocommit=True, connect_timeout=5) as con:
            con.execute(f"DROP DATABASE IF EXISTS {DATABASE}")
            con.execute(f"CREATE DATABASE {DATABASE}")
    except psycopg.Error as exc:
        log(f"PostgreSQL run skipped: {exc}")
        return None
    return f"{_server()}/{DATABASE}"


def measure(
    home: Path, requests: Path, on: date, out: Path, *, accounted: bool = True
) -> dict[str, Any]:
    """One bulk run in this process, the accounting timed apart (the database is the env's);
    not ``accounted``: the same run with the accounting left out, to compare with."""
    os.environ["STATUSBRIDGE_HOME"] = str(home)
    from statusbridge.command import setup_django

    setup_django()
    from statusbridge.bulk.run import run_bulk
    from statusbridge.ledger import services as ledger

    spent = {"seconds": 0.0, "cpu_seconds": 0.0, "entries": 0}
    record = ledger.record

    def timed_record(disclosures: Any) -> range:
        if not accounted:
            spent["entries"] += disclosures.height
            return range(disclosures.height)
        started, cpu = time.perf_counter(), time.thread_time()
        try:
            result: range = record(disclosures)
            return result
        finally:
            spent["seconds"] += time.perf_counter() - started
            spent["cpu_seconds"] += time.thread_time() - cpu
            spent["entries"] += disclosures.height

    ledger.record = timed_record
    started = time.perf_counter()
    run_bulk(requests, out, "demo-benefits-agency", "benefit-eligibility", on)
    total = time.perf_counter() - started
    rest = total - spent["seconds"]
    out.unlink(missing_ok=True)
    return {
        "rows": spent["entries"],
        "total_seconds": round(total, 2),
        "accounting_seconds": round(spent["seconds"], 2),
        "rest_seconds": round(rest, 2),
        # This process's own CPU in the accounting (not the database server's): what it costs
        # apart from waiting for the other thread or the server.
        "accounting_cpu_seconds": round(spent["cpu_seconds"], 2),
    }


def _run_on(database: str, url: str | None, sizes: Sizes) -> dict[str, Any]:
    """Runs with and without the accounting, alternately, each in a process of its own, on one
    database; the best of each."""
    world = ensure_world(sizes)
    home = fresh_home(sizes, f"accounting-{database}")
    env = {k: v for k, v in os.environ.items() if k != "STATUSBRIDGE_DATABASE_URL"}
    if url:
        env["STATUSBRIDGE_DATABASE_URL"] = url
    ingest(home, world, database_url=url)
    args = [str(home), str(world.requests), world.verify_on, str(sizes.work / "accounting.csv")]

    def run(accounted: bool) -> dict[str, Any]:
        log(f"bulk run on {database}, {'with' if accounted else 'without'} the accounting")
        flag = [] if accounted else ["--without"]
        done = subprocess.run(
            [str(PYTHON), __file__, "--measure", *args, *flag],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        found: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
        return found

    pairs = [(run(False), run(True)) for _ in range(sizes.runs)]
    without = min(w["total_seconds"] for w, _ in pairs)
    best = min((a for _, a in pairs), key=lambda a: a["total_seconds"])
    added = best["total_seconds"] - without
    return {
        "database": database,
        **best,
        "without_accounting_seconds": without,
        "added_seconds": round(added, 2),
        "overhead_percent": round(100 * added / without, 1),
        # The old, stricter measure: all the accounting's time, as if none overlapped.
        "own_time_percent": round(100 * best["accounting_seconds"] / best["rest_seconds"], 1),
        "entries_per_second": round(best["rows"] / best["accounting_seconds"]),
    }


def main() -> None:
    sizes = Sizes.from_env()
    runs = [_run_on("SQLite", None, sizes)]
    url = _fresh_postgres()
    if url:
        runs.append(_run_on("PostgreSQL", url, sizes))
    save_result(
        sizes,
        "accounting",
        {**runs[0], "runs": runs, "goal_percent": GOAL_PERCENT},
    )


if __name__ == "__main__":
    if sys.argv[1:2] == ["--measure"]:
        home, requests, on, out = sys.argv[2:6]
        accounted = "--without" not in sys.argv[6:]
        found = measure(
            Path(home), Path(requests), date.fromisoformat(on), Path(out), accounted=accounted
        )
        print(json.dumps(found))
    else:
        main()
