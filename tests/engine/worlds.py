"""The engine's answers on a generated world, computed without Django, files or commands.

A world is generated from a seed, its two extracts normalized and built into snapshot databases
the way ``records ingest`` builds them, and every request answered by ``verify_batch`` for a
purpose. ``tests/engine/test_golden.py`` compares these answers, row by row, with the ones the
engine gave when they were recorded (``python -m tests.engine.worlds record``), so a change to
the engine that changes any answer is seen, and must be a deliberate, documented fix.
"""

from __future__ import annotations

import gzip
import sys
from datetime import date
from pathlib import Path
from typing import Final

import polars as pl

from statusbridge.engine.backends.duckdb import DuckDBBackend
from statusbridge.engine.decide import Purpose
from statusbridge.engine.normalize import (
    normalize_dhs_rows,
    normalize_requests,
    normalize_ssa_entries,
)
from statusbridge.engine.pipeline import verify_batch
from statusbridge.world import generate_world

GOLDEN: Final = Path(__file__).parent / "golden"
PEOPLE: Final = 20_000
SEED: Final = 20251112
SECRET: Final = b"golden-answers-secret-0000000000"
PURPOSES: Final = {
    "benefit-eligibility": Purpose(
        "benefit-eligibility", adverse_action=False, receives_status=True
    ),
    "voter-list-maintenance": Purpose(
        "voter-list-maintenance", adverse_action=True, receives_status=False
    ),
}
ANSWER: Final = ("response_code", "status", "reason", "evidence", "status_since", "opens_case")


def _text(path: Path) -> pl.DataFrame:
    raw = pl.read_csv(path, infer_schema=False)
    return raw.with_row_index("row_number", offset=1).with_columns(
        pl.col("row_number").cast(pl.Int64)
    )


def build_world(out: Path) -> tuple[DuckDBBackend, pl.DataFrame, date]:
    """The backend over the world's snapshots, its normalized requests and the day to ask on."""
    from statusbridge.records.snapshots import build

    summary = generate_world(PEOPLE, SEED, out / "world")
    paths = {}
    for kind, name, normalize, as_of in (
        ("ssa", "ssa.csv", normalize_ssa_entries, summary.ssa_as_of),
        ("dhs", "dhs.csv", normalize_dhs_rows, summary.dhs_as_of),
    ):
        directory = out / kind
        directory.mkdir()
        rows = normalize(_text(out / "world" / name), SECRET, as_of)
        rows.filter(pl.col("fault").is_null()).drop("fault").write_parquet(
            directory / "staged.parquet"
        )
        build(kind, directory / "staged.parquet", directory)
        paths[kind] = (as_of, directory / "records.duckdb")
    on = max(summary.ssa_as_of, summary.dhs_as_of)
    requests = normalize_requests(_text(out / "world" / "requests.csv"), SECRET, on)
    return DuckDBBackend(paths), requests, on  # type: ignore[arg-type]


def _short(column: str) -> pl.Expr:
    """A keyed hash cut to twelve characters: enough to tell people apart in a golden file."""
    return pl.col(column).str.slice(0, 12).alias(column)


def answers(backend: DuckDBBackend, requests: pl.DataFrame, purpose: str, on: date) -> pl.DataFrame:
    found = verify_batch(backend, requests, PURPOSES[purpose], on, secret=SECRET)
    return found.select(
        "row_number",
        *(pl.col(c).cast(pl.String) for c in ANSWER),
        _short("person_key"),
        _short("dhs_key"),
    )


def golden_path(purpose: str) -> Path:
    return GOLDEN / f"{purpose}.csv.gz"


def read_golden(purpose: str) -> pl.DataFrame:
    return pl.read_csv(golden_path(purpose), infer_schema=False).with_columns(
        pl.col("row_number").cast(pl.Int64)
    )


def record(out: Path) -> None:
    backend, requests, on = build_world(out)
    GOLDEN.mkdir(exist_ok=True)
    for purpose in PURPOSES:
        text = answers(backend, requests, purpose, on).write_csv().encode()
        golden_path(purpose).write_bytes(gzip.compress(text, mtime=0))
    backend.close()


if __name__ == "__main__" and sys.argv[1:] == ["record"]:
    import tempfile

    import django

    django.setup()
    with tempfile.TemporaryDirectory() as scratch:
        record(Path(scratch))
