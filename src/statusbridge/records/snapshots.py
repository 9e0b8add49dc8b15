"""Building a snapshot's files from normalized rows, and finding the snapshot in force.

A snapshot directory holds ``records.parquet`` (the immutable normalized extract), a DuckDB
``records.duckdb`` with the same rows indexed for point look-ups and joins, and
``rejects.csv``. Which entry of an SSN or A-number history is current is a property of the
extract, so it is worked out here once, at ingest, not at every verification.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import duckdb

from statusbridge import config
from statusbridge.records.models import Snapshot

_SSA_SQL = """
CREATE TABLE records AS
SELECT row_number() OVER (ORDER BY row_number) AS entry_id,
       ssn_key, ssn_last4, first_name, middle_name, last_name, dob,
       CAST(year(dob) AS INTEGER) AS birth_year, sex, birth_country, citizenship_code,
       death_date, entry_date,
       row_number() OVER person_latest = 1 AS is_current,
       -- The latest recorded code and birthplace; an empty field on a later entry does not
       -- erase what an earlier entry recorded.
       last(citizenship_code IGNORE NULLS) OVER person_history AS person_code,
       last(birth_country IGNORE NULLS) OVER person_history AS person_birth_country,
       max(death_date) OVER (PARTITION BY ssn_key) AS person_death_date
FROM read_parquet(?)
WINDOW person_latest AS (PARTITION BY ssn_key ORDER BY entry_date DESC NULLS LAST, row_number DESC),
       person_history AS (PARTITION BY ssn_key ORDER BY entry_date ASC NULLS FIRST, row_number
                          ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)
"""

_DHS_SQL = """
CREATE TABLE records AS
SELECT row_number() OVER (ORDER BY row_number) AS row_id,
       a_number, ssn_key, first_name, middle_name, last_name, dob,
       CAST(year(dob) AS INTEGER) AS birth_year, country_of_birth, status, class_of_admission,
       status_start, status_end, certificate_number, updated_on,
       row_number() OVER latest = 1 AS is_current,
       first(status) OVER latest_all AS current_status,
       first(status_start) OVER latest_all AS current_status_start,
       first(status_end) OVER latest_all AS current_status_end,
       first(updated_on) OVER latest_all AS current_updated_on
FROM read_parquet(?)
WINDOW latest AS (PARTITION BY a_number
                  ORDER BY status_start DESC NULLS LAST, updated_on DESC NULLS LAST,
                           row_number DESC),
       latest_all AS (PARTITION BY a_number
                      ORDER BY status_start DESC NULLS LAST, updated_on DESC NULLS LAST,
                               row_number DESC
                      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)
"""

_INDEXES = {
    "ssa": ("ssn_key", "ssn_last4"),
    "dhs": ("a_number", "certificate_number", "ssn_key"),
}


def build(kind: str, staged: Path, directory: Path) -> int:
    """Write ``records.duckdb`` and ``records.parquet`` from staged rows; returns people count.

    The database is built under another name and moved into place when complete: a verifier
    that has the previous file open (the same extract ingested again) keeps reading it, and no
    reader ever sees a half-built one.
    """
    database = directory / "records.duckdb"
    building = directory / "records.duckdb.building"
    building.unlink(missing_ok=True)  # left by a run that died mid-build
    con = duckdb.connect(str(building))
    try:
        con.execute(_SSA_SQL if kind == "ssa" else _DHS_SQL, [str(staged)])
        for column in _INDEXES[kind]:
            con.execute(f"CREATE INDEX records_{column} ON records ({column})")
        con.execute(
            f"COPY records TO '{directory / 'records.parquet'}' (FORMAT parquet, COMPRESSION zstd)"
        )
        key = "ssn_key" if kind == "ssa" else "a_number"
        row = con.execute(f"SELECT count(DISTINCT {key}) FROM records").fetchone()
        con.execute("CHECKPOINT")
    finally:
        con.close()
    os.replace(building, database)
    return int(row[0]) if row else 0


def in_force(kind: str, on: date) -> Snapshot | None:
    """The snapshot an answer on ``on`` uses: the latest as-of date not after ``on``."""
    return (
        Snapshot.objects.filter(kind=kind, as_of__lte=on).order_by("-as_of", "-ingested_at").first()
    )


def database_path(snapshot: Snapshot) -> Path:
    return config.data_home() / snapshot.directory / "records.duckdb"
