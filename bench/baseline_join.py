"""The baseline: a bare DuckDB join of a request file to the SSA extract on the SSN, as written.

This is the least work a bulk check can do — read both files, join on the SSN text exactly,
write one line per joined row — so ``verify bulk`` is measured against it. It is a yardstick,
not a verifier: it normalizes nothing, checks no identity and answers nothing.

    python bench/baseline_join.py REQUESTS.csv SSA.(csv|parquet) OUT.csv [--threads N]
"""

from __future__ import annotations

import argparse
from pathlib import Path

import duckdb


def _reader(path: Path) -> str:
    if path.suffix.lower() == ".parquet":
        return f"read_parquet('{path}')"
    return f"read_csv('{path}', all_varchar = true, header = true)"


def bare_join(requests: Path, ssa: Path, out: Path, threads: int | None) -> None:
    con = duckdb.connect(config={"threads": threads} if threads else {})
    try:
        con.execute(
            f"""
            COPY (
                SELECT q.request_id, s.citizenship_code, s.entry_date
                FROM {_reader(requests)} q
                LEFT JOIN {_reader(ssa)} s ON q.ssn = s.ssn
            ) TO '{out}' (FORMAT csv, HEADER true)
            """
        )
    finally:
        con.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("requests", type=Path)
    parser.add_argument("ssa", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--threads", type=int, default=None, help="DuckDB threads (default all)")
    args = parser.parse_args()
    bare_join(args.requests, args.ssa, args.out, args.threads)


if __name__ == "__main__":
    main()
