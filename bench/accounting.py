"""What the accounting of disclosures costs a bulk run, measured inside the same run.

One bulk verification of the request file, in one process, with the time spent building,
hashing, storing and checkpointing the accounting entries (``ledger.services.record``) measured
apart from everything else; the overhead is that time over the rest of the same run on the same
files. (A run without accounting cannot be made by the product, by design; this measures the
same thing without one.) The run is made on the embedded default (SQLite) and, where a server
answers at ``BENCH_POSTGRES`` (default ``postgresql://postgres@127.0.0.1:5432``), on PostgreSQL
in a database of its own, made afresh. Results go to $BENCH_WORK/results/accounting.json.

A bulk run prepares its next batch while it releases one, so the accounting's time partly
overlaps matching: the overhead reported is the time the accounting took, an upper bound on the
time it adds; its own CPU time (the releasing thread's) is reported beside it.
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


def measure(home: Path, requests: Path, on: date, out: Path) -> dict[str, Any]:
    """One bulk run in this process, the accounting timed apart (the database is the env's)."""
    os.environ["STATUSBRIDGE_HOME"] = str(home)
    from statusbridge.command import setup_django

    setup_django()
    from statusbridge.bulk.run import run_bulk
    from statusbridge.ledger import services as ledger

    spent = {"seconds": 0.0, "cpu_seconds": 0.0, "entries": 0}
    record = ledger.record

    def timed_record(disclosures: Any) -> range:
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
        "without_accounting_seconds": round(rest, 2),
        "overhead_percent": round(100 * spent["seconds"] / rest, 1),
        # This process's own CPU in the accounting (not the database server's): what it costs
        # apart from waiting for the other thread or the server.
        "accounting_cpu_seconds": round(spent["cpu_seconds"], 2),
        "entries_per_second": round(spent["entries"] / spent["seconds"]),
    }


def _run_on(database: str, url: str | None, sizes: Sizes) -> dict[str, Any]:
    """``measure`` in a process of its own, on one database."""
    world = ensure_world(sizes)
    home = fresh_home(sizes, f"accounting-{database}")
    env = {k: v for k, v in os.environ.items() if k != "STATUSBRIDGE_DATABASE_URL"}
    if url:
        env["STATUSBRIDGE_DATABASE_URL"] = url
    ingest(home, world, database_url=url)
    log(f"bulk run on {database} with the accounting timed apart: {world.requests}")
    args = [str(home), str(world.requests), world.verify_on, str(sizes.work / "accounting.csv")]
    done = subprocess.run(
        [str(PYTHON), __file__, "--measure", *args],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return {"database": database, **json.loads(done.stdout.strip().splitlines()[-1])}


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
        found = measure(Path(home), Path(requests), date.fromisoformat(on), Path(out))
        print(json.dumps(found))
    else:
        main()
