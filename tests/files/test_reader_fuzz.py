"""Fuzzing the reader: for any bytes, the file is refused before a row is handed over, or every
record comes back — read, or named as unreadable — and as many as the survey counted."""

from __future__ import annotations

import tempfile
from pathlib import Path

import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from statusbridge.engine.schema import REQUEST_COLUMNS
from statusbridge.files import READ_FAULT, InputError, read_batches, survey

HEADER = b"request_id,first_name,last_name,dob,ssn"
PIECES = st.sampled_from(
    [b",", b'"', b'""', b"\n", b"\r", b"\r\n", b" ", b"\t", b";", b"\x00", b"\xff", b"\xef\xbb\xbf",
     b"r1", b"Bill", b"1980-02-03", b"123-45-6789", "é".encode(), b"\xc3", HEADER, b"PAR1"]
)  # fmt: skip
CSV_BYTES = st.one_of(
    st.binary(max_size=300),
    st.lists(PIECES, max_size=60).map(b"".join),
    st.lists(PIECES, max_size=60).map(lambda parts: HEADER + b"\n" + b"".join(parts)),
)


def _check(path: Path, rows: int) -> None:
    try:
        counted = survey(path, REQUEST_COLUMNS).rows
    except InputError:
        # Refused: not one row may be handed over.
        try:
            next(read_batches(path, REQUEST_COLUMNS, rows))
        except InputError:
            return
        raise AssertionError("a refused file handed over a row") from None
    frames = list(read_batches(path, REQUEST_COLUMNS, rows))
    assert all(0 < f.height <= rows for f in frames)
    numbers = [n for f in frames for n in f["row_number"].to_list()]
    assert numbers == list(range(1, counted + 1))  # every record, in order, none twice
    for frame in frames:
        assert set(REQUEST_COLUMNS) <= set(frame.columns) and READ_FAULT in frame.columns
        faulty = frame.filter(pl.col(READ_FAULT).is_not_null())
        assert all(f.startswith("line ") for f in faulty[READ_FAULT].to_list())


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(content=CSV_BYTES, rows=st.integers(1, 5))
def test_any_bytes_as_csv(content: bytes, rows: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "requests.csv"
        path.write_bytes(content)
        _check(path, rows)


TYPES = st.sampled_from(
    [pa.string(), pa.large_string(), pa.int64(), pa.float64(), pa.bool_(), pa.date32(),
     pa.binary(), pa.list_(pa.string()), pa.null()]
)  # fmt: skip
NAMES = st.sampled_from(["request_id", "REQUEST_ID", "ssn", " dob ", "other", "first_name"])


@st.composite
def parquet_tables(draw: st.DrawFn) -> pa.Table:
    height = draw(st.integers(0, 6))
    names = draw(st.lists(NAMES, min_size=1, max_size=4, unique=True))
    columns = {}
    for name in names:
        kind = draw(TYPES)
        values = draw(st.lists(st.none() | st.text(max_size=5), min_size=height, max_size=height))
        if pa.types.is_list(kind):
            data = pa.array([[v] if v is not None else None for v in values], kind)
        elif kind in (pa.string(), pa.large_string()):
            data = pa.array(values, kind)
        elif pa.types.is_binary(kind):
            data = pa.array([v.encode() + b"\xff" if v else None for v in values], kind)
        else:
            data = pa.nulls(height, kind)
        columns[name] = data
    return pa.table(columns)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(table=parquet_tables(), rows=st.integers(1, 4))
def test_parquet_shapes(table: pa.Table, rows: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "requests.parquet"
        pq.write_table(table, path)
        _check(path, rows)
