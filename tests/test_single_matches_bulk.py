"""A single request and the same row in a bulk batch get the same answer (the design's promise)."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from statusbridge.engine.schema import REQUEST_COLUMNS
from statusbridge.records.ingest import ingest
from statusbridge.verify import Verifier, request_frame
from tests.conftest import MINI

ON = date(2026, 11, 2)
COMPARED = ("response_code", "status", "reason", "evidence", "status_since", "ssa_as_of")


def _people() -> list[dict[str, str]]:
    with (MINI / "ssa.csv").open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _mangle(draw: st.DrawFn, value: str) -> str:
    how = draw(st.sampled_from(["same", "upper", "lower", "typo", "blank"]))
    if how == "upper":
        return value.upper()
    if how == "lower":
        return value.lower()
    if how == "typo" and len(value) > 2:
        i = draw(st.integers(0, len(value) - 1))
        return value[:i] + draw(st.sampled_from("aeiouxz")) + value[i + 1 :]
    return "" if how == "blank" else value


@st.composite
def request_rows(draw: st.DrawFn) -> dict[str, str]:
    person = draw(st.sampled_from(_people()))
    row = {c: "" for c in REQUEST_COLUMNS}
    row["first_name"] = _mangle(draw, person["first_name"])
    row["middle_name"] = draw(st.sampled_from(["", person["middle_name"][:1]]))
    row["last_name"] = _mangle(draw, person["last_name"])
    row["dob"] = draw(st.sampled_from([person["dob"], "1990-01-01", "02/30/1990", ""]))
    kind = draw(st.sampled_from(["ssn", "last4", "a_number", "certificate", "none"]))
    if kind == "ssn":
        row["ssn"] = draw(st.sampled_from([person["ssn"], person["ssn"].replace("-", "")]))
    elif kind == "last4":
        row["ssn_last4"] = person["ssn"][-4:]
    elif kind == "a_number":
        row["a_number"] = draw(st.sampled_from(["A-222333444", "A098765432", "12345678", "A12"]))
    elif kind == "certificate":
        row["certificate_number"] = draw(st.sampled_from(["C7654321", "N12345678", "X"]))
    return row


@pytest.fixture
def verifier(db: None) -> Verifier:
    ingest("ssa", Path(MINI / "ssa.csv"), date(2026, 10, 1))
    ingest("dhs", Path(MINI / "dhs.csv"), date(2026, 6, 1))
    return Verifier("demo-benefits-agency", "benefit-eligibility", ON, "bulk")


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(rows=st.lists(request_rows(), min_size=1, max_size=12))
def test_single_and_bulk_agree(verifier: Verifier, rows: list[dict[str, str]]) -> None:
    for i, row in enumerate(rows):
        row["request_id"] = f"r{i}"
    batch = pl.concat([request_frame(r) for r in rows]).with_columns(
        pl.int_range(1, len(rows) + 1, dtype=pl.Int64).alias("row_number")
    )
    bulk = verifier.answer(batch)
    assert bulk.height == len(rows)
    for i, row in enumerate(rows):
        single = verifier.answer(request_frame(row))
        for column in COMPARED:
            assert single[column][0] == bulk[column][i], (column, row)
