"""Reading agency and record files, and writing result files a spreadsheet can open safely.

Input is CSV (UTF-8, header row) or Parquet, chosen by extension, read in batches so that memory
stays bounded whatever the file's size. Every value is read as text: the rules, not the reader,
decide what a valid date or number is. Rows the CSV parser cannot split into the header's
columns are not dropped: they come back as ``Malformed`` rows so the caller can answer them.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import polars as pl
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

BATCH_ROWS = 100_000
_CSV_BLOCK = 8 << 20
# A cell starting with one of these is run as a formula by common spreadsheets (CWE-1236).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_SSN_LIKE = re.compile(r"(?<!\d)\d{3}[- ]?\d{2}[- ]?(\d{4})(?!\d)")


class InputError(Exception):
    """The file cannot be read at all (missing, wrong type, no header): nothing was processed."""


@dataclass(frozen=True)
class Malformed:
    """A line the CSV parser could not split into the header's columns."""

    first_field: str
    text: str


def sha256_of(path: Path) -> str:
    """The file's SHA-256, read in chunks (extracts and request files can be gigabytes)."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def mask_ssns(text: str) -> str:
    """Keep only the last four digits of anything shaped like an SSN."""
    return _SSN_LIKE.sub(lambda m: f"***-**-{m.group(1)}", text)


def input_format(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".parquet"):
        raise InputError(f"{path.name}: expected a .csv or .parquet file")
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    return suffix[1:]


def _as_frame(batch: pa.RecordBatch, columns: Sequence[str], start: int) -> pl.DataFrame:
    frame = pl.from_arrow(pa.Table.from_batches([batch]))
    assert isinstance(frame, pl.DataFrame)
    frame = frame.with_columns(
        pl.col(c).cast(pl.String) if c in frame.columns else pl.lit(None, pl.String).alias(c)
        for c in columns
    ).select(columns)
    return frame.with_row_index("row_number", offset=start).with_columns(
        pl.col("row_number").cast(pl.Int64)
    )


def _rebatch(frames: Iterator[pl.DataFrame], rows: int) -> Iterator[pl.DataFrame]:
    """Batches of exactly ``rows`` rows (the last may be shorter), whatever the reader yields."""
    pending: list[pl.DataFrame] = []
    size = 0
    for frame in frames:
        pending.append(frame)
        size += frame.height
        while size >= rows:
            joined = pl.concat(pending)
            yield joined.head(rows)
            rest = joined.slice(rows)
            pending, size = ([rest] if rest.height else []), rest.height
    if pending:
        yield pl.concat(pending)


def read_batches(
    path: Path, columns: Sequence[str], malformed: list[Malformed], rows: int = BATCH_ROWS
) -> Iterator[pl.DataFrame]:
    """Batches of ``columns`` as text plus ``row_number`` (1-based data row ordinal).

    Missing columns come back as nulls, extra columns are ignored. Malformed CSV lines are
    appended to ``malformed`` as they are met, so a caller that drains each batch's list
    after the batch keeps them near their place in the file.
    """
    if input_format(path) == "parquet":
        return _rebatch(_parquet_frames(path, columns), rows)
    return _rebatch(_csv_frames(path, columns, malformed), rows)


def _parquet_frames(path: Path, columns: Sequence[str]) -> Iterator[pl.DataFrame]:
    try:
        handle = pq.ParquetFile(path)
    except (pa.ArrowInvalid, OSError) as exc:
        raise InputError(f"{path.name}: not a readable Parquet file ({exc})") from exc
    present = [c for c in columns if c in handle.schema_arrow.names]
    start = 1
    for batch in handle.iter_batches(batch_size=BATCH_ROWS, columns=present):
        yield _as_frame(batch, columns, start)
        start += batch.num_rows


def _csv_frames(
    path: Path, columns: Sequence[str], malformed: list[Malformed]
) -> Iterator[pl.DataFrame]:
    def handler(row: pacsv.InvalidRow) -> Literal["skip"]:
        text = row.text or ""
        malformed.append(Malformed(text.split(",", 1)[0].strip('"\ufeff '), mask_ssns(text)))
        return "skip"

    try:
        reader = pacsv.open_csv(
            path,
            read_options=pacsv.ReadOptions(block_size=_CSV_BLOCK, encoding="utf8"),
            parse_options=pacsv.ParseOptions(invalid_row_handler=handler, newlines_in_values=False),
            convert_options=pacsv.ConvertOptions(
                column_types={c: pa.string() for c in columns},
                include_columns=list(columns),
                include_missing_columns=True,
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except (pa.ArrowInvalid, OSError) as exc:
        raise InputError(f"{path.name}: not a readable CSV file ({exc})") from exc
    start = 1
    while True:
        try:
            batch = reader.read_next_batch()
        except StopIteration:
            return
        except (pa.ArrowInvalid, UnicodeDecodeError) as exc:
            raise InputError(f"{path.name}: cannot be read past row {start} ({exc})") from exc
        yield _as_frame(batch, columns, start)
        start += batch.num_rows


def count_rows(path: Path) -> int:
    """Data rows in the file (CSV: lines after the header), read without parsing values."""
    if input_format(path) == "parquet":
        return int(pq.ParquetFile(path).metadata.num_rows)
    lines, last = 0, b"\n"
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 22), b""):
            lines += chunk.count(b"\n")
            last = chunk[-1:]
    lines += last != b"\n"  # a last line without a newline
    return max(lines - 1, 0)


def neutralize_formulas(frame: pl.DataFrame) -> pl.DataFrame:
    """Prefix an apostrophe to any text cell a spreadsheet would run as a formula."""
    risky = tuple(re.escape(c) for c in _FORMULA_START)
    pattern = "^(" + "|".join(risky) + ")"
    return frame.with_columns(
        pl.when(pl.col(c).str.contains(pattern))
        .then(pl.lit("'") + pl.col(c))
        .otherwise(pl.col(c))
        .alias(c)
        for c, dtype in frame.schema.items()
        if dtype == pl.String
    )


class ResultWriter:
    """Writes result batches to CSV (formula-safe) or Parquet, into a temporary file that
    becomes the results file only on ``commit`` — a refused or failed run leaves no file."""

    def __init__(self, path: Path, columns: Sequence[str]) -> None:
        suffix = path.suffix.lower()
        if suffix not in (".csv", ".parquet"):
            raise InputError(f"{path.name}: results must be a .csv or .parquet file")
        # Checked before any work: a run must never release answers it cannot deliver.
        if not path.parent.is_dir():
            raise InputError(f"{path.parent}: no such directory for the results file")
        if not os.access(path.parent, os.W_OK):
            raise InputError(f"{path.parent}: the results file cannot be written there")
        self.path, self.columns, self.format = path, list(columns), suffix[1:]
        self.partial = path.with_name(f".{path.name}.partial")
        self._csv: pacsv.CSVWriter | None = None
        self._parquet: pq.ParquetWriter | None = None

    def write(self, frame: pl.DataFrame) -> None:
        frame = frame.select(pl.col(c).cast(pl.String) for c in self.columns)
        if self.format == "csv":
            table = neutralize_formulas(frame).fill_null("").to_arrow()
            if self._csv is None:
                self._csv = pacsv.CSVWriter(self.partial, table.schema)
            self._csv.write_table(table)
        else:
            table = frame.to_arrow()
            if self._parquet is None:
                self._parquet = pq.ParquetWriter(self.partial, table.schema)
            self._parquet.write_table(table)

    def _close(self) -> None:
        for writer in (self._csv, self._parquet):
            if writer is not None:
                writer.close()

    def commit(self) -> None:
        if self._csv is None and self._parquet is None:
            self.write(pl.DataFrame(schema={c: pl.String for c in self.columns}))
        self._close()
        self.partial.replace(self.path)

    def abandon(self) -> None:
        self._close()
        self.partial.unlink(missing_ok=True)
