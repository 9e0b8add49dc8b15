"""Error rates by population group, from a synthetic world's truth file and the results of
``statusbridge verify bulk`` on that world's requests, both uploaded to the oversight dashboard.

The service never reads a world's truth by itself: only an auditor or privacy officer who holds
a generated world can bring it. The two files are read in memory, counted and dropped; this
module must never store them, write them to disk, or show a row of them, only counts per group.
"""

from __future__ import annotations

import io
from typing import Any

import polars as pl

# A 100,000-request world's truth and results fit well inside this (both files, one request).
MAX_UPLOAD_BYTES = 32 * 1024 * 1024
CONFIRMED = ("US_CITIZEN", "US_NATIONAL")
CITIZEN_CLASSES = ("citizen", "national")
TRUTH_COLUMNS = ("request_id", "truth_class", "truth_how", "impostor")
RESULT_COLUMNS = ("request_id", "response_code")
# A truth file may say which requests are by a person whose name changed; the first of these
# columns it has becomes a second grouping.
NAME_CHANGE_COLUMNS = ("name_changed", "name_change", "changed_name", "surname_changed")
TRUE_WORDS = ("true", "1", "yes", "y", "t")


class BadFile(ValueError):
    """An uploaded file that cannot be counted; the message says why in one line."""


def _read(data: bytes, what: str, needed: tuple[str, ...]) -> pl.DataFrame:
    try:
        frame = pl.read_csv(io.BytesIO(data), infer_schema=False)
    except Exception as exc:  # polars raises many kinds for a file that is not CSV
        raise BadFile(f"the {what} is not a readable CSV file") from exc
    missing = [c for c in needed if c not in frame.columns]
    if missing:
        raise BadFile(f"the {what} has no {', '.join(missing)} column")
    if frame.height == 0:
        raise BadFile(f"the {what} has no rows")
    return frame


def _flag(column: str) -> pl.Expr:
    return pl.col(column).fill_null("").str.strip_chars().str.to_lowercase().is_in(TRUE_WORDS)


def _joined(truth: pl.DataFrame, results: pl.DataFrame, name_column: str | None) -> pl.DataFrame:
    extra = [name_column] if name_column else []
    picked = truth.select(*TRUTH_COLUMNS, *extra).unique("request_id", keep="first")
    answers = results.select(*RESULT_COLUMNS).unique("request_id", keep="first")
    impostor = _flag("impostor")
    citizen = pl.col("truth_class").is_in(CITIZEN_CLASSES) & ~impostor
    return answers.join(picked, on="request_id", how="inner").with_columns(
        citizen.alias("true_citizen"),
        (citizen & ~pl.col("response_code").is_in(CONFIRMED)).alias("not_confirmed"),
        (
            (pl.col("response_code") == "US_CITIZEN")
            & ((pl.col("truth_class") != "citizen") | impostor)
        ).alias("false_confirmation"),
    )


def _grouped(joined: pl.DataFrame, column: str, grouping: str) -> list[dict[str, Any]]:
    counted = (
        joined.with_columns(pl.col(column).fill_null("(blank)").alias("group"))
        .group_by("group")
        .agg(
            pl.len().alias("answers"),
            pl.col("true_citizen").sum().alias("true_citizens"),
            pl.col("not_confirmed").sum().alias("citizens_not_confirmed"),
            pl.col("false_confirmation").sum().alias("false_confirmations"),
        )
        .sort("group")
    )
    rows = []
    for group, answers, citizens, missed, false in counted.iter_rows():
        share = round(100 * missed / citizens, 1) if citizens else None
        rows.append(
            {
                "grouping": grouping,
                "group": str(group),
                "answers": int(answers),
                "true_citizens": int(citizens),
                "citizens_not_confirmed": int(missed),
                "percent_citizens_not_confirmed": share,
                "false_confirmations": int(false),
            }
        )
    return rows


def error_rates(
    truth_data: bytes, results_data: bytes
) -> tuple[list[dict[str, Any]], dict[str, int]]:
    """Rows per population group, and how many results were matched to the truth and not."""
    truth = _read(truth_data, "truth file", TRUTH_COLUMNS)
    results = _read(results_data, "results file", RESULT_COLUMNS)
    name_column = next((c for c in NAME_CHANGE_COLUMNS if c in truth.columns), None)
    joined = _joined(truth, results, name_column)
    if joined.height == 0:
        raise BadFile("no request in the results file is in the truth file: not the same world")
    rows = _grouped(joined, "truth_how", "how status was acquired")
    if name_column:
        changed = joined.with_columns(
            pl.when(_flag(name_column))
            .then(pl.lit("name changed"))
            .otherwise(pl.lit("name unchanged"))
            .alias("name_group")
        )
        rows += _grouped(changed, "name_group", "name change")
    facts = {
        "matched": joined.height,
        "unmatched": results["request_id"].n_unique() - joined.height,
    }
    return rows, facts
