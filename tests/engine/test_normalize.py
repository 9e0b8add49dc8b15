"""Normalizers accept values as real systems write them and name every fault."""

from __future__ import annotations

from datetime import date

import polars as pl
from hypothesis import given
from hypothesis import strategies as st

from statusbridge.engine.normalize import (
    a_number_digits,
    clean_name,
    normalize_requests,
    parse_date,
    ssn_digits,
)
from statusbridge.engine.person_key import person_key
from statusbridge.engine.schema import REQUEST_COLUMNS

SECRET = b"k" * 32


def _one(expr: pl.Expr, value: str | None) -> object:
    return pl.DataFrame({"v": [value]}, schema={"v": pl.String}).select(expr)[0, 0]


def test_names_fold_case_accents_apostrophes_hyphens_and_suffixes() -> None:
    cases = {
        "José": "JOSE",
        "  o'brien ": "OBRIEN",
        "O’Brien": "OBRIEN",
        "Smith-Jones": "SMITH JONES",
        "García López": "GARCIA LOPEZ",
        "Łukasz": "LUKASZ",
        "King Jr.": "KING",
        "Henry III": "HENRY",
        "   ": None,
    }
    for raw, expected in cases.items():
        assert _one(clean_name(pl.col("v")), raw) == expected, raw


@given(st.text(max_size=40))
def test_clean_name_is_idempotent_and_plain(raw: str) -> None:
    once = _one(clean_name(pl.col("v")), raw)
    if once is None:
        return
    assert isinstance(once, str)
    assert _one(clean_name(pl.col("v")), once) == once
    assert set(once) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZ ")
    assert "  " not in once and once == once.strip()


@given(st.integers(min_value=1, max_value=899), st.integers(1, 99), st.integers(1, 9999))
def test_ssn_with_or_without_dashes_is_one_number(area: int, group: int, serial: int) -> None:
    plain = f"{area:03d}{group:02d}{serial:04d}"
    dashed = f"{area:03d}-{group:02d}-{serial:04d}"
    assert _one(ssn_digits(pl.col("v")), dashed) == plain
    assert _one(ssn_digits(pl.col("v")), f" {plain} ") == plain


@given(
    st.integers(min_value=1_000_000, max_value=999_999_999),
    st.sampled_from(["", "A", "A-", "a", "A "]),
)
def test_a_number_prefixes_and_leading_zeros(number: int, prefix: str) -> None:
    """Seven to nine significant digits, written with or without A, A- and leading zeros."""
    expected = f"{number:09d}"
    assert _one(a_number_digits(pl.col("v")), f"{prefix}{number}") == expected
    assert _one(a_number_digits(pl.col("v")), f"{prefix}{number:09d}") == expected


@given(st.dates(min_value=date(1880, 1, 1), max_value=date(2030, 12, 31)))
def test_both_date_formats(day: date) -> None:
    assert _one(parse_date(pl.col("v")), day.isoformat()) == day
    assert _one(parse_date(pl.col("v")), day.strftime("%m/%d/%Y")) == day
    assert _one(parse_date(pl.col("v")), f"{day.month}/{day.day}/{day.year}") == day


def _request(**values: str) -> dict[str, object]:
    row = {c: [values.get(c)] for c in REQUEST_COLUMNS}
    row["request_id"] = [values.get("request_id", "r1")]
    raw = pl.DataFrame(row, schema={c: pl.String for c in REQUEST_COLUMNS})
    raw = raw.with_columns(pl.lit(1, pl.Int64).alias("row_number"))
    return normalize_requests(raw, SECRET, date(2026, 1, 1)).row(0, named=True)


def test_request_keeps_only_a_keyed_hash_of_the_ssn() -> None:
    row = _request(first_name="A", last_name="B", dob="1990-01-01", ssn="123-45-6789")
    assert row["ssn_key"] == person_key("123456789", SECRET)
    assert row["ssn_last4"] == "6789"
    assert "123456789" not in str(row)


def test_request_faults_name_the_field() -> None:
    faults = {
        "ssn": dict(ssn="666-12-3456"),
        "ssn_last4": dict(ssn_last4="12a4"),
        "a_number": dict(a_number="A-12X"),
        "a_number ": dict(a_number="A23"),  # a fragment
        "dob": dict(dob="1990-02-30"),
        "certificate_number": dict(certificate_number="!!"),
    }
    for field, bad in faults.items():
        values = {"first_name": "A", "last_name": "B", "dob": "1990-01-01", **bad}
        fault = _request(**values)["fault"]
        assert isinstance(fault, str) and fault.startswith(f"{field.strip()}:"), field
    missing = _request(first_name="A", dob="1990-01-01")["fault"]
    assert missing == "last_name: required"
    future = _request(first_name="A", last_name="B", dob="2027-01-01")["fault"]
    assert isinstance(future, str) and future.startswith("dob: outside")
