"""Normalization and validation of request rows and record rows.

Real files arrive in every letter case, with accents, apostrophes, hyphens, SSNs with or without
dashes, A-numbers with or without ``A``/``A-`` and leading zeros, and dates in two formats. These
expressions bring all of them to one canonical form so that later stages compare like with like,
and they name every fault a row has so that nothing is dropped silently: a faulty row carries a
``fault`` text ("field: what is wrong") and is answered INVALID or sent to the rejects file.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from statusbridge.engine.person_key import person_key_expr
from statusbridge.engine.schema import DHS_STATUSES, SSA_CITIZENSHIP_CODES

# Letters that Unicode decomposition leaves alone but every agency writes in ASCII.
_LETTER_FOLDS = {"Ł": "L", "Ø": "O", "Æ": "AE", "Œ": "OE", "Đ": "D", "Ð": "D", "Þ": "TH", "İ": "I"}
# Generational suffixes are not part of the name a record is keyed on.
_SUFFIX = r"\s+(JR|SR|II|III|IV)$"
_MAX_NAME = 100
# An agency key, echoed in results and kept in the accounting: bounded so no row can bloat the log.
MAX_REQUEST_ID = 200
EARLIEST_DOB = date(1880, 1, 1)


def clean_name(col: pl.Expr) -> pl.Expr:
    """Upper-case ASCII letters and single spaces; apostrophes vanish, hyphens become spaces."""
    text = col.str.normalize("NFKD").str.replace_all(r"\p{M}", "").str.to_uppercase()
    for letter, fold in _LETTER_FOLDS.items():
        text = text.str.replace_all(letter, fold, literal=True)
    text = (
        text.str.replace_all(r"['’‘`´]", "")
        .str.replace_all(r"[^A-Z]+", " ")
        .str.strip_chars()
        .str.replace_all(_SUFFIX, "")
    )
    return pl.when(text == "").then(None).otherwise(text)


def with_clean_names(frame: pl.DataFrame, columns: tuple[str, ...]) -> pl.DataFrame:
    """Add ``{column}_clean`` for each name column, cleaning each distinct value once.

    A national file repeats a few thousand given names and surnames millions of times; the
    Unicode and regex work is done per distinct value and joined back.
    """
    for column in columns:
        distinct = frame.select(pl.col(column).unique()).drop_nulls()
        cleaned = distinct.with_columns(clean_name(pl.col(column)).alias(f"{column}_clean"))
        frame = frame.join(cleaned, on=column, how="left", maintain_order="left")
    return frame


def blank_to_null(col: pl.Expr) -> pl.Expr:
    stripped = col.str.strip_chars()
    return pl.when(stripped == "").then(None).otherwise(stripped)


def parse_date(col: pl.Expr) -> pl.Expr:
    """``YYYY-MM-DD`` or ``MM/DD/YYYY`` (one-digit month and day allowed); anything else is null."""
    text = blank_to_null(col)
    return pl.coalesce(
        text.str.to_date("%Y-%m-%d", strict=False),
        text.str.to_date("%m/%d/%Y", strict=False),
    )


def ssn_digits(col: pl.Expr) -> pl.Expr:
    """Digits of an SSN written with or without dashes or spaces."""
    return blank_to_null(col).str.replace_all(r"[\s\-]", "")


def is_valid_ssn(digits: pl.Expr) -> pl.Expr:
    """Nine digits; an area, group and serial SSA issues (never 000, 666, 9xx, 00, 0000)."""
    return (
        digits.str.contains(r"^\d{9}$")
        & ~digits.str.slice(0, 3).is_in(["000", "666"])
        & ~digits.str.starts_with("9")
        & (digits.str.slice(3, 2) != "00")
        & (digits.str.slice(5, 4) != "0000")
    )


def a_number_digits(col: pl.Expr) -> pl.Expr:
    """An A-number as nine digits: ``A``, ``A-``, spaces and dashes dropped, zero-padded."""
    raw = blank_to_null(col).str.to_uppercase().str.replace_all(r"[\s\-]", "")
    digits = raw.str.strip_prefix("A")
    # A-numbers have seven to nine significant digits; "A23" is a fragment, not a number.
    significant = digits.str.strip_chars_start("0").str.len_chars()
    plausible = digits.str.contains(r"^\d{1,9}$") & (significant >= 7)
    return pl.when(plausible).then(digits.str.zfill(9)).otherwise(None)


def certificate_key(col: pl.Expr) -> pl.Expr:
    return blank_to_null(col).str.to_uppercase().str.replace_all(r"[\s\-]", "")


def fault_text(checks: list[tuple[str, pl.Expr]]) -> pl.Expr:
    """Join the messages of the checks that fail ("field: what is wrong"); null where none does."""
    parts = [pl.when(bad).then(pl.lit(message)) for message, bad in checks]
    joined = pl.concat_str(parts, separator="; ", ignore_nulls=True)
    return pl.when(joined == "").then(None).otherwise(joined)


def _name_checks(
    field: str, raw: pl.Expr, clean: pl.Expr, required: bool
) -> list[tuple[str, pl.Expr]]:
    checks = [(f"{field}: longer than {_MAX_NAME} characters", raw.str.len_chars() > _MAX_NAME)]
    if required:
        checks.append((f"{field}: required", clean.is_null()))
    return checks


def _date_checks(
    field: str, raw: pl.Expr, parsed: pl.Expr, required: bool, latest: date
) -> list[tuple[str, pl.Expr]]:
    present = blank_to_null(raw).is_not_null()
    checks = [
        (f"{field}: not a date (use YYYY-MM-DD or MM/DD/YYYY)", present & parsed.is_null()),
        (
            f"{field}: outside {EARLIEST_DOB.year}–{latest.isoformat()}",
            parsed.is_not_null() & ((parsed < EARLIEST_DOB) | (parsed > latest)),
        ),
    ]
    if required:
        checks.append((f"{field}: required", ~present))
    return checks


def normalize_requests(raw: pl.DataFrame, secret: bytes, on: date) -> pl.DataFrame:
    """Verification requests → canonical identity columns, keyed SSN and a ``fault`` per row.

    ``raw`` holds the contract's request columns as strings (missing ones as nulls) and a
    ``row_number``. The raw SSN does not survive this function: only its keyed hash and last four.
    """
    col = pl.col
    name_fields = ("first_name", "middle_name", "last_name")
    raw = with_clean_names(raw, name_fields)
    names = {f: col(f"{f}_clean") for f in name_fields}
    dob = parse_date(col("dob"))
    ssn = ssn_digits(col("ssn"))
    last4 = blank_to_null(col("ssn_last4")).str.replace_all(r"[\s\-]", "")
    a_raw = blank_to_null(col("a_number"))
    a_number = a_number_digits(col("a_number"))
    cert = certificate_key(col("certificate_number"))
    checks = [
        ("request_id: required", blank_to_null(col("request_id")).is_null()),
        (
            f"request_id: longer than {MAX_REQUEST_ID} characters",
            col("request_id").str.len_chars() > MAX_REQUEST_ID,
        ),
        *_name_checks("first_name", col("first_name"), names["first_name"], True),
        *_name_checks("middle_name", col("middle_name"), names["middle_name"], False),
        *_name_checks("last_name", col("last_name"), names["last_name"], True),
        *_date_checks("dob", col("dob"), dob, True, on),
        (
            "ssn: not a valid SSN (nine digits; area, group and serial as SSA issues them)",
            ssn.is_not_null() & ~is_valid_ssn(ssn),
        ),
        ("ssn_last4: not four digits", last4.is_not_null() & ~last4.str.contains(r"^\d{4}$")),
        (
            "ssn_last4: does not match the last four digits of ssn",
            last4.is_not_null() & is_valid_ssn(ssn) & (ssn.str.slice(5, 4) != last4),
        ),
        (
            "a_number: not an A-number (seven to nine digits, optionally after A or A-)",
            a_raw.is_not_null() & a_number.is_null(),
        ),
        (
            "certificate_number: not 6 to 12 letters and digits",
            cert.is_not_null() & ~cert.str.contains(r"^[A-Z0-9]{6,12}$"),
        ),
    ]
    valid_ssn = pl.when(is_valid_ssn(ssn)).then(ssn)
    return raw.select(
        col("row_number"),
        col("request_id").fill_null(""),
        *(expr.alias(field) for field, expr in names.items()),
        dob.alias("dob"),
        person_key_expr(valid_ssn, secret).alias("ssn_key"),
        pl.coalesce(valid_ssn.str.slice(5, 4), last4).alias("ssn_last4"),
        a_number.alias("a_number"),
        cert.alias("certificate_number"),
        fault_text(checks).alias("fault"),
    )


def normalize_ssa_entries(raw: pl.DataFrame, secret: bytes, as_of: date) -> pl.DataFrame:
    """SSA master-file entries → canonical columns with a keyed SSN and a ``fault`` per row."""
    col = pl.col
    ssn = ssn_digits(col("ssn"))
    dob = parse_date(col("dob"))
    death = parse_date(col("death_date"))
    entry = parse_date(col("entry_date"))
    code = blank_to_null(col("citizenship_code")).str.to_uppercase()
    country = blank_to_null(col("birth_country")).str.to_uppercase()
    name_fields = ("first_name", "middle_name", "last_name")
    raw = with_clean_names(raw, name_fields)
    names = {f: col(f"{f}_clean") for f in name_fields}
    checks = [
        ("ssn: not a valid SSN", ssn.is_null() | ~is_valid_ssn(ssn)),
        *_name_checks("first_name", col("first_name"), names["first_name"], False),
        *_name_checks("last_name", col("last_name"), names["last_name"], True),
        *_date_checks("dob", col("dob"), dob, True, as_of),
        *_date_checks("death_date", col("death_date"), death, False, as_of),
        *_date_checks("entry_date", col("entry_date"), entry, False, as_of),
        (
            "citizenship_code: not A, B, C, D or empty",
            code.is_not_null() & ~code.is_in(sorted(SSA_CITIZENSHIP_CODES)),
        ),
        (
            "birth_country: not a two-letter country code",
            country.is_not_null() & ~country.str.contains(r"^[A-Z]{2}$"),
        ),
    ]
    return raw.select(
        col("row_number"),
        person_key_expr(pl.when(is_valid_ssn(ssn)).then(ssn), secret).alias("ssn_key"),
        ssn.str.slice(5, 4).alias("ssn_last4"),
        *(expr.alias(field) for field, expr in names.items()),
        dob.alias("dob"),
        blank_to_null(col("sex")).str.to_uppercase().alias("sex"),
        country.alias("birth_country"),
        code.alias("citizenship_code"),
        death.alias("death_date"),
        entry.alias("entry_date"),
        fault_text(checks).alias("fault"),
    )


def normalize_dhs_rows(raw: pl.DataFrame, secret: bytes, as_of: date) -> pl.DataFrame:
    """DHS immigration status rows → canonical columns with a keyed SSN and a ``fault`` per row."""
    col = pl.col
    a_number = a_number_digits(col("a_number"))
    ssn = ssn_digits(col("ssn"))
    dob = parse_date(col("dob"))
    status = blank_to_null(col("status")).str.to_uppercase()
    start, end, updated = (parse_date(col(f)) for f in ("status_start", "status_end", "updated_on"))
    name_fields = ("first_name", "middle_name", "last_name")
    raw = with_clean_names(raw, name_fields)
    names = {f: col(f"{f}_clean") for f in name_fields}
    far_future = date(as_of.year + 100, 1, 1)
    checks = [
        ("a_number: not an A-number", a_number.is_null()),
        ("ssn: not a valid SSN", ssn.is_not_null() & ~is_valid_ssn(ssn)),
        *_name_checks("last_name", col("last_name"), names["last_name"], True),
        *_date_checks("dob", col("dob"), dob, True, as_of),
        ("status: not a known DHS status", status.is_null() | ~status.is_in(sorted(DHS_STATUSES))),
        *_date_checks("status_start", col("status_start"), start, False, as_of),
        *_date_checks("status_end", col("status_end"), end, False, far_future),
        *_date_checks("updated_on", col("updated_on"), updated, False, as_of),
    ]
    return raw.select(
        col("row_number"),
        a_number.alias("a_number"),
        person_key_expr(pl.when(is_valid_ssn(ssn)).then(ssn), secret).alias("ssn_key"),
        *(expr.alias(field) for field, expr in names.items()),
        dob.alias("dob"),
        blank_to_null(col("country_of_birth")).str.to_uppercase().alias("country_of_birth"),
        status.alias("status"),
        blank_to_null(col("class_of_admission")).str.to_uppercase().alias("class_of_admission"),
        start.alias("status_start"),
        end.alias("status_end"),
        certificate_key(col("certificate_number")).alias("certificate_number"),
        updated.alias("updated_on"),
        fault_text(checks).alias("fault"),
    )
