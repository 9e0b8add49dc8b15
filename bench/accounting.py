"""What the accounting of disclosures costs a bulk run, measured inside the same run.

One bulk verification of the request file, in one process, with the time spent building,
hashing, storing and checkpointing the accounting entries (``ledger.services.record``) measured
apart from everything else; the overhead is that time over the rest of the same run on the same
files. (A run without accounting cannot be made by the product, by design; this measures the
same thing without one.) Results go to $BENCH_WORK/results/accounting.json.
"""

from __future__ import annotations

import os
import time
from datetime import date
from pathlib import Path
from typing import Any

from harness import Sizes, ensure_world, fresh_home, ingest, log, save_result


def main() -> None:
    sizes = Sizes.from_env()
    world = ensure_world(sizes)
    home = fresh_home(sizes, "accounting")
    ingest(home, world)
    os.environ["STATUSBRIDGE_HOME"] = str(home)
    os.environ.pop("STATUSBRIDGE_DATABASE_URL", None)
    from statusbridge.command import setup_django

    setup_django()
    from statusbridge.bulk.run import run_bulk
    from statusbridge.ledger import services as ledger

    spent = {"seconds": 0.0, "entries": 0}
    record = ledger.record

    def timed_record(disclosures: Any) -> range:
        started = time.perf_counter()
        try:
            result: range = record(disclosures)
            return result
        finally:
            spent["seconds"] += time.perf_counter() - started
            spent["entries"] += disclosures.height

    ledger.record = timed_record
    out = sizes.work / "accounting-results.csv"
    log(f"bulk run with the accounting timed apart: {world.requests}")
    started = time.perf_counter()
    run_bulk(
        world.requests,
        out,
        "demo-benefits-agency",
        "benefit-eligibility",
        date.fromisoformat(world.verify_on),
    )
    total = time.perf_counter() - started
    rest = total - spent["seconds"]
    save_result(
        sizes,
        "accounting",
        {
            "requests": world.requests.name,
            "rows": spent["entries"],
            "total_seconds": round(total, 2),
            "accounting_seconds": round(spent["seconds"], 2),
            "without_accounting_seconds": round(rest, 2),
            "overhead_percent": round(100 * spent["seconds"] / rest, 1),
            "goal_percent": 25,
        },
    )
    Path(out).unlink(missing_ok=True)


if __name__ == "__main__":
    main()
