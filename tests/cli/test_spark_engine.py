"""`verify bulk --engine spark` gives the same answers as the default DuckDB engine."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from tests.conftest import ON, Run

pytest.importorskip("pyspark")


def test_spark_and_duckdb_answer_alike(ingested: Run, mini: Path, tmp_path: Path) -> None:
    answers = {}
    for engine in ("duckdb", "spark"):
        out = tmp_path / f"{engine}.csv"
        ingested(
            "verify", "bulk", str(mini / "requests.csv"), "--agency", "demo-benefits-agency",
            "--purpose", "benefit-eligibility", "--out", str(out), "--on", ON,
            "--engine", engine, "--spark-master", "local[1]",
        )  # fmt: skip
        answers[engine] = pl.read_csv(out, infer_schema=False).drop("case_number")
    assert answers["duckdb"].equals(answers["spark"])
