"""Reading agency and record files, and writing result files a spreadsheet can open safely.

Input is CSV (UTF-8, header row) or Parquet, chosen by extension. ``survey`` reads the whole file
once before anything is answered: a file that cannot be read as its format says (not UTF-8, another
delimiter, no expected column in the header, Parquet named .csv, a list column…) is refused there,
with a one-line reason and before a single row is handed over. ``read_batches`` then hands over
every record the survey counted, in order, in batches of a fixed size: a CSV record that cannot be
split into the header's fields comes back as a row whose ``read_fault`` names its line and fault,
so it costs that record alone and reading goes on at the next line.

A CSV record is one line, ended by LF, CRLF or CR; a value may be quoted to hold commas or quotes
but not line breaks, so one stray quote can never swallow the rest of the file. Every value is read
as text: the rules, not the reader, decide what a valid date or number is.

This module must never put a line of an input file, or any value from one, in an error message.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import polars as pl
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

BATCH_ROWS = 100_000
READ_FAULT = "read_fault"
_CHUNK = 4 << 20
# A line longer than this is no request or record a real system writes; it is one bad record
# and is not held in memory whole.
_MAX_LINE = 1 << 20
_KEPT_OF_LONG_LINE = 4096
_BOMS = {
    b"\xff\xfe": "UTF-16 (or UTF-32)",
    b"\xfe\xff": "UTF-16",
    b"\x00\x00\xfe\xff": "UTF-32",
}
_UTF8_BOM = b"\xef\xbb\xbf"
# Stands for an over-long line: a NUL byte never gets this far (the file is refused for it).
_LONG = b"\x00"
# What a blank line may hold (the ASCII whitespace ``bytes.strip`` knows, less line breaks).
_WHITESPACE = " \t\x0b\x0c"
_OTHER_DELIMITERS = {";": "';'", "\t": "tabs", "|": "'|'"}
_CSV_FAULTS = {
    "unexpected end of data": "a quoted value is not closed on its line",
    "',' expected after '\"'": "text follows a closing quote",
}
# A cell starting with one of these is run as a formula by common spreadsheets (CWE-1236).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_SSN_LIKE = re.compile(r"(?<!\d)\d{3}[- ]?\d{2}[- ]?(\d{4})(?!\d)")
_MAX_ID = 200


class InputError(Exception):
    """The file cannot be read as its format says: nothing was, or will be, processed."""


@dataclass(frozen=True)
class Survey:
    """What the pre-pass found: the format, the records to expect, the digest, and where each
    expected column is (a CSV field index or a Parquet column name)."""

    format: str
    rows: int
    sha256: str
    located: dict[str, int | str]
    width: int


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


def survey(path: Path, columns: Sequence[str]) -> Survey:
    """Check that the whole file reads as its format says and count its records.

    Raises ``InputError`` with a one-line reason (never a value from the file) otherwise.
    """
    kind = input_format(path)
    try:
        return _survey_parquet(path, columns) if kind == "parquet" else _survey_csv(path, columns)
    except OSError as exc:  # unreadable (permissions, a device error): said, not a traceback
        raise InputError(f"{path.name}: cannot be read ({exc.strerror or 'I/O error'})") from exc


def read_batches(
    path: Path, columns: Sequence[str], rows: int = BATCH_ROWS, plan: Survey | None = None
) -> Iterator[pl.DataFrame]:
    """Batches of exactly ``rows`` records (the last may be shorter) with ``columns`` as text,
    ``row_number`` (1-based record ordinal) and ``read_fault`` (null, or why the record could not
    be read). Missing columns come back as nulls, extra columns are ignored.

    The file is surveyed first unless ``plan`` is that survey, so a refusal comes before any row.
    """
    plan = plan or survey(path, columns)
    if not plan.rows:
        return iter(())
    if plan.format == "parquet":
        return _rebatch(_parquet_frames(path, columns, plan), rows)
    return _rebatch(_csv_frames(path, columns, plan), rows)


def with_read_faults(raw: pl.DataFrame, checked: pl.DataFrame) -> pl.DataFrame:
    """``checked`` (one row per ``raw`` row, with the rules' ``fault``) where a record that could
    not be read is faulty for that reason alone: its fields are empty, not wrong."""
    if READ_FAULT not in raw.columns:
        return checked
    unread = raw[READ_FAULT]
    reason = pl.when(unread.is_not_null()).then("row: " + unread).otherwise(pl.col("fault"))
    return checked.with_columns(reason.alias("fault"))


# --- CSV -------------------------------------------------------------------------------------


def _blocks(
    path: Path, handle: BinaryIO, digest: hashlib._Hash | None
) -> Iterator[tuple[int, list[bytes]]]:
    """The file's lines in blocks, each with the 1-based number of its first line; LF, CRLF and
    CR each end a line. An over-long line comes back as ``_LONG``: it is read as one bad record."""
    number, rest, long_line = 1, b"", False
    for chunk in iter(lambda: handle.read(_CHUNK), b""):
        if digest is not None:
            digest.update(chunk)
        if b"\x00" in chunk:
            raise InputError(f"{path.name}: holds NUL bytes, so it is not UTF-8 text (UTF-16?)")
        data = rest + chunk
        lines, rest = data.splitlines(), b""
        if lines and not data.endswith(b"\n"):
            # A line still going on, or a CR whose LF may start the next chunk.
            rest = lines.pop() + (b"\r" if data.endswith(b"\r") else b"")
        if lines:
            yield number, _marked(lines, number, long_line)
            number, long_line = number + len(lines), False
        if len(rest) > _MAX_LINE and not rest.endswith(b"\r"):
            rest, long_line = rest[:_KEPT_OF_LONG_LINE], True
    if rest:
        yield number, _marked(rest.splitlines(), number, long_line)


def _marked(lines: list[bytes], number: int, long_line: bool) -> list[bytes]:
    if long_line:
        lines[0] = _LONG
    if number == 1 and lines[0].startswith(_UTF8_BOM):
        lines[0] = lines[0][len(_UTF8_BOM) :]
    return lines


def _texts(path: Path, first: int, lines: list[bytes]) -> pl.DataFrame:
    """The block's non-blank lines as text, with their line numbers."""
    try:
        texts = pl.Series("line", lines, pl.Binary).cast(pl.String)
    except pl.exceptions.PolarsError:
        for offset, line in enumerate(lines):
            try:
                line.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise InputError(
                    f"{path.name}: line {first + offset} is not UTF-8 text (byte {exc.start + 1}"
                    " of the line); save the file as UTF-8"
                ) from exc
        raise InputError(f"{path.name}: is not UTF-8 text; save the file as UTF-8") from None
    frame = pl.DataFrame([texts]).with_row_index("line_number", offset=first)
    filled = pl.col("line").str.strip_chars(_WHITESPACE).str.len_bytes() > 0
    return frame.with_columns(pl.col("line_number").cast(pl.Int64)).filter(filled)


def _split(text: str) -> list[str] | str:
    """The line's fields, or why it cannot be split into fields."""
    if text == _LONG.decode():
        return f"the line is longer than {_MAX_LINE // (1 << 20)} MiB"
    if '"' not in text:
        return text.split(",")
    try:
        return next(csv.reader((text,), strict=True))
    except csv.Error as exc:
        return _CSV_FAULTS.get(str(exc), "cannot be split into fields")


def _refuse_other_formats(path: Path, head: bytes) -> None:
    for bom, name in sorted(_BOMS.items(), key=lambda item: -len(item[0])):
        if head.startswith(bom):
            raise InputError(f"{path.name}: is {name} text; save the file as UTF-8")
    if head.startswith(b"PAR1"):
        raise InputError(f"{path.name}: is a Parquet file; name it .parquet")


def _header(path: Path, text: str, columns: Sequence[str]) -> tuple[dict[str, int | str], int]:
    """Where each expected column is, matched trimmed and in any letter case; the field count."""
    fields = _split(text)
    if isinstance(fields, str):
        raise InputError(f"{path.name}: the header line cannot be read ({fields})")
    located: dict[str, int | str] = {}
    for index, name in enumerate(fields):
        key = name.strip().lower()
        if key in columns:
            if key in located:
                raise InputError(f"{path.name}: the column {key} appears twice in the header")
            located[key] = index
    if not located:
        raise InputError(_no_expected_columns(path, text, columns))
    return located, len(fields)


def _no_expected_columns(path: Path, text: str, columns: Sequence[str]) -> str:
    for delimiter, name in _OTHER_DELIMITERS.items():
        names = (part.strip().strip('"').lower() for part in text.split(delimiter))
        if delimiter in text and any(n in columns for n in names):
            return f"{path.name}: fields are separated by {name}, not commas; save it as CSV"
    return f"{path.name}: the header names none of the expected columns ({', '.join(columns)})"


def _survey_csv(path: Path, columns: Sequence[str]) -> Survey:
    digest = hashlib.sha256()
    located: dict[str, int | str] | None = None
    width = rows = 0
    with path.open("rb") as handle:
        _refuse_other_formats(path, handle.read(4))
        handle.seek(0)
        for first, lines in _blocks(path, handle, digest):
            texts = _texts(path, first, lines)
            if located is None and texts.height:
                located, width = _header(path, texts["line"][0], columns)
                texts = texts.slice(1)
            rows += texts.height
    return Survey("csv", rows, digest.hexdigest(), located or {}, width)


def _csv_frames(path: Path, columns: Sequence[str], plan: Survey) -> Iterator[pl.DataFrame]:
    header_seen, seen = False, 0
    with path.open("rb") as handle:
        for first, lines in _blocks(path, handle, None):
            texts = _texts(path, first, lines)
            if not header_seen and texts.height:
                texts, header_seen = texts.slice(1), True
            if not texts.height:
                continue
            frame = _records(texts, columns, plan)
            yield _finish(frame, columns, seen + 1)
            seen += frame.height
            if seen > plan.rows:
                break
    if seen != plan.rows:
        raise InputError(f"{path.name}: the file changed while it was being read")


def _records(texts: pl.DataFrame, columns: Sequence[str], plan: Survey) -> pl.DataFrame:
    """Each line's fields for ``columns``, or its ``read_fault``; in line order."""
    line = pl.col("line")
    plain = (line != _LONG.decode()) & ~line.str.contains('"', literal=True)
    plain = plain & (line.str.count_matches(",", literal=True) == plan.width - 1)
    marked = texts.with_columns(plain.alias("plain"))
    simple = marked.filter(pl.col("plain"))
    parts = [_parse_plain(simple, columns, plan)] if simple.height else []
    others = marked.filter(~pl.col("plain"))
    if others.height:
        parts.append(_parse_one_by_one(others, columns, plan))
    return pl.concat(parts, how="vertical").sort("line_number")


def _parse_plain(lines: pl.DataFrame, columns: Sequence[str], plan: Survey) -> pl.DataFrame:
    """Lines with no quote and the header's number of fields, split by Arrow's CSV parser."""
    present = [c for c in columns if c in plan.located]
    names = [f"f{i}" for i in range(plan.width)]
    wanted = {f"f{plan.located[c]}": c for c in present}
    buffer = lines["line"].str.join("\n").item().encode("utf-8")
    table = pacsv.read_csv(
        io.BytesIO(buffer),
        read_options=pacsv.ReadOptions(column_names=names, block_size=len(buffer) + 1),
        parse_options=pacsv.ParseOptions(
            quote_char=False, double_quote=False, escape_char=False, ignore_empty_lines=False
        ),
        convert_options=pacsv.ConvertOptions(
            include_columns=list(wanted),
            column_types=dict.fromkeys(wanted, pa.string()),
            strings_can_be_null=False,
            quoted_strings_can_be_null=False,
        ),
    )
    frame = pl.from_arrow(table.rename_columns([wanted[n] for n in table.column_names]))
    assert isinstance(frame, pl.DataFrame) and frame.height == lines.height
    return frame.with_columns(
        lines["line_number"], pl.lit(None, pl.String).alias(READ_FAULT)
    ).select(*present, "line_number", READ_FAULT)


def _parse_one_by_one(lines: pl.DataFrame, columns: Sequence[str], plan: Survey) -> pl.DataFrame:
    """Quoted, over-long and ragged lines: the csv module splits each, or names its fault."""
    present = [c for c in columns if c in plan.located]
    values: dict[str, list[str | None]] = {c: [] for c in present}
    faults: list[str | None] = []
    for number, text in lines.select("line_number", "line").iter_rows():
        fields = _split(text)
        if not isinstance(fields, str) and len(fields) != plan.width:
            fields = f"{len(fields)} fields where the header has {plan.width}"
        if isinstance(fields, str):
            faults.append(f"line {number}: {fields}")
            for c in present:
                values[c].append(_best_effort_id(text, plan) if c == "request_id" else None)
        else:
            faults.append(None)
            for c in present:
                values[c].append(fields[int(plan.located[c])])
    frame = pl.DataFrame(values, schema=dict.fromkeys(present, pl.String))
    return frame.with_columns(
        lines["line_number"], pl.Series(READ_FAULT, faults, pl.String)
    ).select(*present, "line_number", READ_FAULT)


def _best_effort_id(text: str, plan: Survey) -> str:
    """An unreadable record's request_id: the field in its position when the line is split at
    commas (the agency's own key helps it find the line); anything SSN-shaped masked."""
    if text == _LONG.decode():
        return ""
    parts = text.split(",")
    index = int(plan.located["request_id"])
    value = parts[index].strip().strip('"').strip() if index < len(parts) else ""
    return mask_ssns(value[:_MAX_ID])


def _finish(frame: pl.DataFrame, columns: Sequence[str], start: int) -> pl.DataFrame:
    """Missing columns as nulls, the columns in order, then row numbers and read faults."""
    if READ_FAULT not in frame.columns:
        frame = frame.with_columns(pl.lit(None, pl.String).alias(READ_FAULT))
    frame = frame.with_columns(
        pl.lit(None, pl.String).alias(c) for c in columns if c not in frame.columns
    )
    numbers = pl.Series("row_number", range(start, start + frame.height), dtype=pl.Int64)
    return frame.select(*columns, READ_FAULT).with_columns(numbers)


# --- Parquet ---------------------------------------------------------------------------------


def _is_text_like(kind: pa.DataType) -> bool:
    """Types whose values read as text without losing what they say."""
    if pa.types.is_dictionary(kind):
        return _is_text_like(kind.value_type)
    checks = (
        pa.types.is_string, pa.types.is_large_string, pa.types.is_integer,
        pa.types.is_floating, pa.types.is_decimal, pa.types.is_boolean, pa.types.is_date,
        pa.types.is_timestamp, pa.types.is_null,
    )  # fmt: skip
    return any(check(kind) for check in checks) or str(kind) == "string_view"


def _survey_parquet(path: Path, columns: Sequence[str]) -> Survey:
    try:
        handle = pq.ParquetFile(path)
        schema = handle.schema_arrow
    except Exception as exc:  # pyarrow raises several kinds for bytes that are not Parquet
        raise InputError(f"{path.name}: not a readable Parquet file") from exc
    located: dict[str, int | str] = {}
    for column in schema:
        key = column.name.strip().lower()
        if key not in columns:
            continue
        if key in located:
            raise InputError(f"{path.name}: the column {key} appears twice")
        if not _is_text_like(column.type):
            raise InputError(f"{path.name}: the column {key} holds {column.type} values, not text")
        located[key] = column.name
    if not located:
        expected = ", ".join(columns)
        raise InputError(f"{path.name}: the file has none of the expected columns ({expected})")
    rows = 0
    for frame in _parquet_frames(path, columns, Survey("parquet", 0, "", located, 0)):
        rows += frame.height
    return Survey("parquet", rows, sha256_of(path), located, 0)


def _parquet_frames(path: Path, columns: Sequence[str], plan: Survey) -> Iterator[pl.DataFrame]:
    names = {str(name): key for key, name in plan.located.items()}
    start = 1
    try:
        handle = pq.ParquetFile(path)
        for batch in handle.iter_batches(batch_size=BATCH_ROWS, columns=list(names)):
            text = pa.table(
                [batch.column(i).cast(pa.string()) for i in range(batch.num_columns)],
                names=[names[n] for n in batch.schema.names],
            )
            frame = pl.from_arrow(text)
            assert isinstance(frame, pl.DataFrame)
            yield _finish(frame, columns, start)
            start += batch.num_rows
    except (pa.ArrowException, OSError, ValueError) as exc:
        raise InputError(f"{path.name}: cannot be read from row {start}") from exc


def _rebatch(frames: Iterator[pl.DataFrame], rows: int) -> Iterator[pl.DataFrame]:
    """Batches of exactly ``rows`` rows (the last may be shorter), whatever the reader yields."""
    pending: list[pl.DataFrame] = []
    size = 0
    for frame in frames:
        if not frame.height:
            continue
        pending.append(frame)
        size += frame.height
        while size >= rows:
            joined = pl.concat(pending)
            yield joined.head(rows)
            rest = joined.slice(rows)
            pending, size = ([rest] if rest.height else []), rest.height
    if pending:
        yield pl.concat(pending)


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
