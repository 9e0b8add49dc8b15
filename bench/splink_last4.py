"""Splink on the SSN last-four path: a well-kept probabilistic linker as the point of comparison.

Requests that carry only the last four digits of an SSN are linked to the SSA master-file
entries with Splink (DuckDB backend), trained on the same data without labels: the chance that
two random records match from a deterministic rule, u probabilities by random sampling, m
probabilities by expectation maximisation. Names and dates of birth are compared; candidate pairs
are blocked on the last four digits with the birth year, and on the last four digits with the
surname, so that one keying error never hides the right person. Both sides get the same light
standardization statusbridge gives its own input (letter case, accents, punctuation, two date
formats), so the comparison is between the linkers, not the cleaning.

A request counts as a confirmed citizen when its best Splink match reaches the threshold and
that SSA number's record shows citizenship (latest recorded code ``A`` or a birthplace that
confers citizenship) and no death.

    python bench/splink_last4.py REQUESTS.csv SSA.csv OUT.csv [--threshold 0.9]

``OUT.csv``: ``request_id, response_code (US_CITIZEN | NOT_CONFIRMED), match_ssn,
match_probability, people_above_threshold``; ``OUT.json`` holds the trained model's summary.
"""

from __future__ import annotations

import argparse
import json
import logging
import time
from pathlib import Path
from typing import Any

import duckdb
import polars as pl
import splink.comparison_library as cl
from splink import DuckDBAPI, Linker, SettingsCreator, block_on

from statusbridge.engine.normalize import clean_name, parse_date

CITIZEN_BIRTHPLACES = ("US", "PR", "GU", "VI", "MP")
ENTRY_ID_OFFSET = 1_000_000_000
_LINK_COLUMNS = ("unique_id", "first_name", "last_name", "dob", "birth_year", "ssn_last4")


def _standardized(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.with_columns(
        clean_name(pl.col("first_name")).alias("first_name"),
        clean_name(pl.col("last_name")).alias("last_name"),
        parse_date(pl.col("dob")).alias("dob"),
    ).with_columns(pl.col("dob").dt.year().cast(pl.Int32).alias("birth_year"))


def last4_requests(path: Path) -> pl.DataFrame:
    """Request rows with no full SSN and a four-digit last four."""
    raw = pl.read_csv(path, infer_schema=False, truncate_ragged_lines=True)
    blank = pl.col("ssn").str.strip_chars().fill_null("") == ""
    last4 = pl.col("ssn_last4").str.replace_all(r"[\s\-]", "")
    chosen = (
        raw.with_row_index("unique_id")
        .filter(blank & last4.str.contains(r"^\d{4}$"))
        .with_columns(last4.alias("ssn_last4"), pl.col("unique_id").cast(pl.Int64))
    )
    return _standardized(chosen).select("request_id", *_LINK_COLUMNS)


def ssa_entries(path: Path) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(entries to link to, one row of citizenship facts per SSN)."""
    raw = pl.read_csv(path, infer_schema=False, truncate_ragged_lines=True)
    entries = raw.with_row_index("unique_id").with_columns(
        (pl.col("unique_id").cast(pl.Int64) + ENTRY_ID_OFFSET).alias("unique_id"),
        pl.col("ssn").str.replace_all(r"[\s\-]", "").alias("ssn"),
        parse_date(pl.col("entry_date")).alias("entry_day"),
        pl.col("citizenship_code").str.strip_chars().str.to_uppercase().alias("code"),
        pl.col("birth_country").str.strip_chars().str.to_uppercase().alias("country"),
        pl.col("death_date").str.strip_chars().fill_null("").alias("death"),
    )
    entries = entries.with_columns(
        pl.when(pl.col("code") != "").then(pl.col("code")).alias("code"),
        pl.when(pl.col("country") != "").then(pl.col("country")).alias("country"),
        pl.col("ssn").str.slice(5, 4).alias("ssn_last4"),
    )
    facts = (
        entries.sort("entry_day", nulls_last=False)
        .group_by("ssn")
        .agg(
            pl.col("code").drop_nulls().last().alias("code"),
            pl.col("country").drop_nulls().last().alias("country"),
            (pl.col("death") != "").any().alias("dead"),
        )
        .with_columns(
            ((pl.col("code") == "A") | pl.col("country").is_in(CITIZEN_BIRTHPLACES))
            .fill_null(False)
            .alias("shows_citizenship")
        )
    )
    return _standardized(entries).select("ssn", *_LINK_COLUMNS), facts


def _settings() -> SettingsCreator:
    return SettingsCreator(
        link_type="link_only",
        unique_id_column_name="unique_id",
        comparisons=[
            cl.NameComparison("first_name").configure(term_frequency_adjustments=True),
            cl.NameComparison("last_name").configure(term_frequency_adjustments=True),
            cl.DateOfBirthComparison("dob", input_is_string=False),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("ssn_last4", "birth_year"),
            block_on("ssn_last4", "last_name"),
        ],
        retain_matching_columns=False,
        retain_intermediate_calculation_columns=False,
    )


def link(
    requests: pl.DataFrame, entries: pl.DataFrame, threshold: float
) -> tuple[pl.DataFrame, dict[str, Any]]:
    """Train on the data and return scored pairs at or above ``threshold``."""
    con = duckdb.connect()
    con.register("requests_arrow", requests.select(_LINK_COLUMNS).to_arrow())
    con.register("entries_arrow", entries.select(_LINK_COLUMNS).to_arrow())
    con.execute("CREATE TABLE last4_requests AS SELECT * FROM requests_arrow")
    con.execute("CREATE TABLE ssa_entries AS SELECT * FROM entries_arrow")
    db_api = DuckDBAPI(connection=con)
    left = db_api.register("last4_requests")
    right = db_api.register("ssa_entries")
    linker = Linker([left, right], _settings(), log_level=logging.WARNING)
    seconds: dict[str, float] = {}

    started = time.perf_counter()
    linker.training.estimate_probability_two_random_records_match(
        [block_on("ssn_last4", "first_name", "last_name", "dob")], recall=0.9
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=1e7, seed=20251112)
    for rule in (block_on("ssn_last4", "dob"), block_on("ssn_last4", "last_name")):
        linker.training.estimate_parameters_using_expectation_maximisation(rule)
    seconds["train"] = time.perf_counter() - started

    started = time.perf_counter()
    predictions = linker.inference.predict(threshold_match_probability=threshold)
    pairs = pl.from_arrow(
        predictions.as_duckdbpyrelation()
        .select("unique_id_l, unique_id_r, match_probability")
        .to_arrow_table()
    )
    seconds["predict"] = time.perf_counter() - started
    assert isinstance(pairs, pl.DataFrame)
    model = linker.misc.save_model_to_json()
    summary = {
        "seconds": {k: round(v, 1) for k, v in seconds.items()},
        "probability_two_random_records_match": model.get("probability_two_random_records_match"),
        "pairs_at_threshold": pairs.height,
        "threshold": threshold,
    }
    con.close()
    return pairs, summary


def confirmations(
    requests: pl.DataFrame,
    entries: pl.DataFrame,
    facts: pl.DataFrame,
    pairs: pl.DataFrame,
    threshold: float,
) -> pl.DataFrame:
    """One row per last-four request: its best match, and whether that confirms citizenship."""
    oriented = pairs.select(
        pl.min_horizontal("unique_id_l", "unique_id_r").alias("unique_id"),
        pl.max_horizontal("unique_id_l", "unique_id_r").alias("entry_id"),
        "match_probability",
    )
    per_person = (
        oriented.join(entries.select(pl.col("unique_id").alias("entry_id"), "ssn"), on="entry_id")
        .group_by("unique_id", "ssn")
        .agg(pl.col("match_probability").max())
    )
    best = (
        per_person.sort("match_probability", descending=True)
        .group_by("unique_id", maintain_order=True)
        .agg(
            pl.col("ssn").first().alias("match_ssn"),
            pl.col("match_probability").first(),
            (pl.col("match_probability") >= threshold).sum().alias("people_above_threshold"),
        )
    )
    answered = (
        requests.select("unique_id", "request_id")
        .join(best, on="unique_id", how="left")
        .join(facts, left_on="match_ssn", right_on="ssn", how="left")
    )
    confirmed = (
        (pl.col("match_probability") >= threshold) & pl.col("shows_citizenship") & ~pl.col("dead")
    ).fill_null(False)
    return answered.select(
        "request_id",
        pl.when(confirmed)
        .then(pl.lit("US_CITIZEN"))
        .otherwise(pl.lit("NOT_CONFIRMED"))
        .alias("response_code"),
        "match_ssn",
        "match_probability",
        pl.col("people_above_threshold").fill_null(0),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("requests", type=Path)
    parser.add_argument("ssa", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--threshold", type=float, default=0.9)
    args = parser.parse_args()
    requests = last4_requests(args.requests)
    entries, facts = ssa_entries(args.ssa)
    pairs, summary = link(requests, entries, args.threshold)
    answers = confirmations(requests, entries, facts, pairs, args.threshold)
    answers.write_csv(args.out)
    summary["requests"] = requests.height
    summary["entries"] = entries.height
    summary["confirmed"] = int((answers["response_code"] == "US_CITIZEN").sum())
    args.out.with_suffix(".json").write_text(json.dumps(summary, indent=2))


if __name__ == "__main__":
    main()
