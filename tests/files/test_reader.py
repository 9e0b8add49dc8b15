"""The request-file reader on its own: every record read or named as unreadable, or the whole
file refused before a single row is handed over."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from statusbridge.engine.schema import REQUEST_COLUMNS
from statusbridge.files import READ_FAULT, InputError, read_batches, survey

HEADER = "request_id,first_name,middle_name,last_name,dob,ssn,ssn_last4,a_number,certificate_number"


def _row(i: int) -> str:
    return f"r{i},Bill,,Smith,1980-02-03,123-45-{i % 10000:04d},,,"


def _write(tmp_path: Path, name: str, content: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content)
    return path


def _read(path: Path, rows: int = 1000) -> pl.DataFrame:
    frames = list(read_batches(path, REQUEST_COLUMNS, rows))
    if not frames:
        return pl.DataFrame()
    return pl.concat(frames)


def test_an_unbalanced_quote_costs_its_record_alone(tmp_path: Path) -> None:
    lines = [HEADER, *(_row(i) for i in range(1, 30_001))]
    lines[5] = 'r5,"Bill,,Smith,1980-02-03,123-45-0005,,,'  # the quote never closes
    path = _write(tmp_path, "requests.csv", ("\n".join(lines) + "\n").encode())
    assert survey(path, REQUEST_COLUMNS).rows == 30_000
    frame = _read(path, 7000)
    assert frame.height == 30_000
    assert frame["row_number"].to_list() == list(range(1, 30_001))
    faulty = frame.filter(pl.col(READ_FAULT).is_not_null())
    assert faulty["row_number"].to_list() == [5]
    assert faulty["request_id"].to_list() == ["r5"]
    assert faulty[READ_FAULT][0].startswith("line 6:")
    assert frame["request_id"][5] == "r6"


@pytest.mark.parametrize("ending", ["\n", "\r\n", "\r"], ids=["LF", "CRLF", "CR"])
def test_any_line_ending_counts(tmp_path: Path, ending: str) -> None:
    text = ending.join([HEADER, _row(1), _row(2), _row(3)]) + ending
    path = _write(tmp_path, "requests.csv", text.encode())
    assert survey(path, REQUEST_COLUMNS).rows == 3
    frame = _read(path, 2)
    assert frame["request_id"].to_list() == ["r1", "r2", "r3"]
    assert frame["ssn"][0] == "123-45-0001" and frame[READ_FAULT].null_count() == 3


def test_line_endings_split_across_read_chunks_count_once(tmp_path: Path) -> None:
    # CRLF pairs land on every possible chunk boundary in a file this size.
    rows = [_row(i) for i in range(1, 200_001)]
    path = _write(tmp_path, "requests.csv", "\r\n".join([HEADER, *rows]).encode())
    assert survey(path, REQUEST_COLUMNS).rows == 200_000
    assert sum(frame.height for frame in read_batches(path, REQUEST_COLUMNS)) == 200_000


def test_quoted_values_and_a_byte_order_mark_are_read(tmp_path: Path) -> None:
    text = "\ufeff" + HEADER + '\n"r1","O\'Brien, Jr","",Smith,1980-02-03,,,,\n'
    frame = _read(_write(tmp_path, "requests.csv", text.encode()))
    assert frame["request_id"].to_list() == ["r1"]
    assert frame["first_name"].to_list() == ["O'Brien, Jr"]


def test_headers_are_matched_in_any_case_and_trimmed(tmp_path: Path) -> None:
    text = " REQUEST_ID , First_Name,LAST_NAME,DOB,SSN,extra\nr1,Bill,Smith,1980-02-03,1,x\n"
    frame = _read(_write(tmp_path, "requests.csv", text.encode()))
    assert frame.row(0, named=True)["first_name"] == "Bill"
    assert frame["middle_name"].to_list() == [None]  # a missing column is empty


def test_a_record_with_too_few_or_too_many_fields_is_named(tmp_path: Path) -> None:
    text = "request_id,first_name,last_name\nr1,Bill\nr2,Bill,Smith,extra\nr3,Bill,Smith\n"
    frame = _read(_write(tmp_path, "requests.csv", text.encode()))
    assert frame["request_id"].to_list() == ["r1", "r2", "r3"]
    faults = frame[READ_FAULT].to_list()
    assert faults[0] == "line 2: 2 fields where the header has 3"
    assert faults[1] == "line 3: 4 fields where the header has 3"
    assert faults[2] is None


def test_blank_lines_are_not_records(tmp_path: Path) -> None:
    text = f"{HEADER}\n\n{_row(1)}\n   \n{_row(2)}\n\n"
    path = _write(tmp_path, "requests.csv", text.encode())
    assert survey(path, REQUEST_COLUMNS).rows == 2
    assert _read(path)["request_id"].to_list() == ["r1", "r2"]


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (HEADER.encode("utf-16") + b"\n", "UTF-16"),
        (HEADER.encode("utf-16-le") + "\n".encode("utf-16-le"), "not UTF-8"),
        (HEADER.replace(",", ";").encode() + b"\nr1;Bill\n", "separated by ';'"),
        (HEADER.replace(",", "\t").encode() + b"\nr1\tBill\n", "separated by tabs"),
        (b"name,date\nBill,1980\n", "none of the expected columns"),
        (b"123-45-6789,Bill,Smith\n", "none of the expected columns"),
        (b"PAR1\x15\x04\x15\x00", "Parquet"),
        (b"request_id,ssn,SSN\nr1,1,2\n", "twice"),
    ],
    ids=[
        "utf16-bom",
        "utf16-no-bom",
        "semicolon",
        "tab",
        "other-header",
        "no-header",
        "parquet-bytes",
        "duplicate-column",
    ],
)
def test_a_file_that_is_not_the_format_it_says_is_refused(
    tmp_path: Path, content: bytes, reason: str
) -> None:
    path = _write(tmp_path, "requests.csv", content)
    with pytest.raises(InputError, match=reason) as refused:
        survey(path, REQUEST_COLUMNS)
    assert "123-45-6789" not in str(refused.value) and "\n" not in str(refused.value)
    with pytest.raises(InputError):
        next(read_batches(path, REQUEST_COLUMNS))  # refused before any row is handed over


def test_a_byte_that_is_not_utf8_deep_in_the_file_is_refused_with_its_line(
    tmp_path: Path,
) -> None:
    lines = [HEADER.encode(), *(_row(i).encode() for i in range(1, 200_001))]
    lines[190_000] = b"r190000,Bill,,Sm\xffith,1980-02-03,123456789,,,"
    path = _write(tmp_path, "requests.csv", b"\n".join(lines))
    with pytest.raises(InputError, match="line 190001") as refused:
        survey(path, REQUEST_COLUMNS)
    assert "123456789" not in str(refused.value)


@pytest.mark.parametrize(
    "content", [b"", b"\n\n", HEADER.encode(), (HEADER + "\r\n").encode()],
    ids=["empty", "blank", "header", "header-crlf"],
)  # fmt: skip
def test_an_empty_or_header_only_file_has_no_rows(tmp_path: Path, content: bytes) -> None:
    path = _write(tmp_path, "requests.csv", content)
    assert survey(path, REQUEST_COLUMNS).rows == 0
    assert list(read_batches(path, REQUEST_COLUMNS)) == []


def _parquet(tmp_path: Path, table: pa.Table) -> Path:
    path = tmp_path / "requests.parquet"
    pq.write_table(table, path)
    return path


def test_parquet_columns_are_read_as_text_in_any_case(tmp_path: Path) -> None:
    table = pa.table({"REQUEST_ID": ["r1", "r2"], "ssn": [123456789, None], "dob": ["x", "y"]})
    path = _parquet(tmp_path, table)
    assert survey(path, REQUEST_COLUMNS).rows == 2
    frame = _read(path)
    assert frame["request_id"].to_list() == ["r1", "r2"]
    assert frame["ssn"].to_list() == ["123456789", None]


def test_a_zero_row_parquet_has_no_rows(tmp_path: Path) -> None:
    path = _parquet(tmp_path, pa.table({"request_id": pa.array([], pa.string())}))
    assert survey(path, REQUEST_COLUMNS).rows == 0
    assert list(read_batches(path, REQUEST_COLUMNS)) == []


@pytest.mark.parametrize(
    "column",
    [
        pa.array([["a"], ["b"]], pa.list_(pa.string())),
        pa.array([{"x": 1}, {"x": 2}]),
        pa.array([b"\xff", b"a"], pa.binary()),
    ],
    ids=["list", "struct", "binary"],
)
def test_a_parquet_column_that_is_not_text_is_refused(tmp_path: Path, column: pa.Array) -> None:
    path = _parquet(tmp_path, pa.table({"request_id": ["r1", "r2"], "first_name": column}))
    with pytest.raises(InputError, match="first_name"):
        survey(path, REQUEST_COLUMNS)


def test_csv_bytes_named_parquet_are_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, "requests.parquet", (HEADER + "\n" + _row(1)).encode())
    with pytest.raises(InputError, match="not a readable Parquet file"):
        survey(path, REQUEST_COLUMNS)


def test_a_parquet_with_none_of_the_columns_is_refused(tmp_path: Path) -> None:
    path = _parquet(tmp_path, pa.table({"name": ["x"]}))
    with pytest.raises(InputError, match="none of the expected columns"):
        survey(path, REQUEST_COLUMNS)


def test_the_survey_digest_is_the_files(tmp_path: Path) -> None:
    import hashlib

    content = (HEADER + "\n" + _row(1) + "\n").encode()
    path = _write(tmp_path, "requests.csv", content)
    assert survey(path, REQUEST_COLUMNS).sha256 == hashlib.sha256(content).hexdigest()


def test_a_file_that_cannot_be_opened_is_refused_with_a_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _write(tmp_path, "requests.csv", (HEADER + "\n" + _row(1)).encode())

    def denied(self: Path, *args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "open", denied)
    with pytest.raises(InputError, match="cannot be read \\(Permission denied\\)"):
        survey(path, REQUEST_COLUMNS)
