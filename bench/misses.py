"""Why right answers were not given: a diagnosis for the report.

For each citizen whose records show citizenship and who did not get US_CITIZEN (and each lawful
noncitizen whose records show a status and who was not given it), the requester's own records
are found through the truth (their SSN's SSA entries, their A-number's DHS rows: the records the
path they used would consult) and compared with what the request says, after the same light
standardization statusbridge applies (letter case, accents, punctuation, both date formats).
The cause is the set of fields on which even the best-agreeing record differs: a surname that
differs on every record is, in this world, nearly always a marriage the record never heard of.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from harness import World
from statusbridge.engine.normalize import a_number_digits, clean_name, parse_date

_FIELDS = ("first_name", "last_name", "dob")
_LABELS = {"first_name": "given name", "last_name": "surname", "dob": "date of birth"}
# Which records each input kind's path reads.
_SSA_KINDS = ("ssn", "ssn_last4", "ssn+a_number")
_DHS_KINDS = ("a_number", "certificate", "a_number+certificate", "ssn+a_number")


def _standardized(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.with_columns(
        clean_name(pl.col("first_name")).alias("first_name"),
        clean_name(pl.col("last_name")).alias("last_name"),
        parse_date(pl.col("dob")).alias("dob"),
    )


def _records(world: World) -> pl.DataFrame:
    """Every SSA entry and DHS row with the person it belongs to and which source it is."""
    people = pl.read_parquet(world.people_file, columns=["person_id", "ssn", "a_number"])
    people = people.with_columns(
        pl.col("person_id").cast(pl.String),
        pl.col("ssn").cast(pl.String).str.replace_all(r"[\s\-]", ""),
        a_number_digits(pl.col("a_number").cast(pl.String)).alias("a_number"),
    )
    ssa = _standardized(
        pl.read_csv(world.ssa, infer_schema=False, columns=["ssn", *_FIELDS])
    ).with_columns(pl.col("ssn").str.replace_all(r"[\s\-]", ""))
    dhs = _standardized(
        pl.read_csv(world.dhs, infer_schema=False, columns=["a_number", *_FIELDS])
    ).with_columns(a_number_digits(pl.col("a_number")).alias("a_number"))
    by_ssn = (
        people.drop_nulls("ssn")
        .join(ssa, on="ssn")
        .select("person_id", *_FIELDS, pl.lit("ssa").alias("source"))
    )
    by_a_number = (
        people.drop_nulls("a_number")
        .join(dhs, on="a_number")
        .select("person_id", *_FIELDS, pl.lit("dhs").alias("source"))
    )
    return pl.concat([by_ssn, by_a_number])


def miss_causes(
    truth: pl.DataFrame,
    answers: pl.DataFrame,
    world: World,
    population: str = "eligible",
    success: str = "eligible_confirmed",
) -> list[dict[str, Any]]:
    """Counts of (input kind, answer, cause) for rows of ``population`` that missed ``success``.

    ``truth`` must be scored already (``accuracy._scored``: citizens ``eligible`` /
    ``eligible_confirmed``, lawful noncitizens ``status_eligible`` / ``status_right``);
    ``answers`` carries ``reason``.
    """
    missed = truth.filter(pl.col(population) & ~pl.col(success)).select(
        "request_id", "person_id", "input_kind", "response_code"
    )
    if missed.height == 0:
        return []
    requests = _standardized(
        pl.read_csv(world.requests, infer_schema=False, columns=["request_id", *_FIELDS])
    )
    asked = missed.join(requests, on="request_id").join(
        answers.select("request_id", "reason"), on="request_id", how="left"
    )
    records = _records(world).rename({f: f"r_{f}" for f in _FIELDS})
    source_fits = ((pl.col("source") == "ssa") & pl.col("input_kind").is_in(_SSA_KINDS)) | (
        (pl.col("source") == "dhs") & pl.col("input_kind").is_in(_DHS_KINDS)
    )
    pairs = (
        asked.join(records, on="person_id", how="inner")
        .filter(source_fits)
        .with_columns(
            *((pl.col(f) == pl.col(f"r_{f}")).fill_null(False).alias(f"same_{f}") for f in _FIELDS)
        )
        .with_columns(pl.sum_horizontal(f"same_{f}" for f in _FIELDS).alias("agreement"))
        .sort("agreement", descending=True)
        .group_by("request_id", maintain_order=True)
        .first()
    )
    differing = [pl.when(~pl.col(f"same_{f}")).then(pl.lit(_LABELS[f])) for f in _FIELDS]
    causes = pairs.select(
        "request_id",
        pl.concat_str(differing, separator=" + ", ignore_nulls=True).alias("differs"),
    ).with_columns(
        pl.when(pl.col("differs") == "")
        .then(pl.lit("nothing (name and date of birth agree)"))
        .otherwise(pl.col("differs"))
        .alias("cause")
    )
    labelled = asked.join(causes.select("request_id", "cause"), on="request_id", how="left")
    counted = (
        labelled.with_columns(pl.col("cause").fill_null("no record of that identifier"))
        .group_by("input_kind", "response_code", "reason", "cause")
        .len()
        .sort("len", descending=True)
    )
    return counted.to_dicts()


def render(rows: list[dict[str, Any]], limit: int = 25) -> str:
    lines = [
        "| input kind | answer | reason | differs from the person's own records | requests |",
        "|---|---|---|---|---:|",
    ]
    for row in rows[:limit]:
        reason = str(row["reason"] or "")
        reason = reason if len(reason) <= 60 else reason[:57] + "…"
        lines.append(
            f"| `{row['input_kind']}` | {row['response_code']} | {reason} | {row['cause']} | "
            f"{row['len']:,} |"
        )
    if len(rows) > limit:
        rest = sum(r["len"] for r in rows[limit:])
        lines.append(f"| … | | | {len(rows) - limit} smaller groups | {rest:,} |")
    return "\n".join(lines)
