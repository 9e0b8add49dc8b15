"""The Spark engine answers exactly as the DuckDB engine does (the contract's `--engine` promise).

Snapshots here are written by hand (Parquet plus a DuckDB file built from it), so the test needs
neither Django nor an ingest; the people in them are made up.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import duckdb
import polars as pl
import pytest
from polars.testing import assert_frame_equal

pytest.importorskip("pyspark")

from pyspark.sql import SparkSession

from statusbridge.engine.backends import TABLES, Source, empty_lookup
from statusbridge.engine.backends.duckdb import DuckDBBackend
from statusbridge.engine.backends.spark import SparkBackend, start_session
from statusbridge.engine.decide import Purpose
from statusbridge.engine.normalize import normalize_requests
from statusbridge.engine.person_key import person_key
from statusbridge.engine.pipeline import verify_batch
from statusbridge.engine.schema import REQUEST_COLUMNS, ResponseCode

SECRET = b"spark-backend-test-secret-000000"
SSA_AS_OF = date(2025, 11, 1)
DHS_AS_OF = date(2025, 10, 15)
ON = date(2026, 1, 15)
D = date.fromisoformat


def key(ssn: str) -> str:
    return person_key(ssn, SECRET)


# Snapshot tables as ``records.snapshots`` would build them, with the raw SSN in place of its key.
# The Nguyen entries keep a noncitizen code after naturalization; Ana Petrova's DHS rows carry no
# SSN; the two Marias share a last four.
SSA_CSV = """\
entry_id,ssn,first_name,middle_name,last_name,dob,sex,birth_country,citizenship_code,death_date,entry_date,is_current,person_code,person_birth_country,person_death_date
1,123456789,MARIA,,GARCIA,1980-03-14,F,US,A,,1998-06-01,true,A,US,
2,234567890,AN,,NGUYEN,1975-07-02,M,VN,C,,1995-04-10,false,C,VN,
3,234567890,AN,VAN,NGUYEN,1975-07-02,M,,,,2010-09-01,true,C,VN,
4,345678901,JOHN,,SMITH,1950-01-01,M,US,A,2020-05-05,2020-05-20,true,A,US,2020-05-05
5,456786789,MARIA,ELENA,GARCIA LOPEZ,1980-03-15,F,MX,B,,2003-02-02,true,B,MX,
6,567890123,ROBERT,,BROWN,1940-02-02,M,,,,,true,,,
7,678901234,TAVITA,,FALEOLO,1990-09-09,M,AS,D,,2008-08-08,true,D,AS,
8,789012345,ANA,,PETROVA,1992-11-11,F,RU,C,,2018-03-03,true,C,RU,
"""
DHS_CSV = """\
row_id,a_number,ssn,first_name,middle_name,last_name,dob,country_of_birth,status,class_of_admission,status_start,status_end,certificate_number,updated_on,is_current,current_status,current_status_start,current_status_end,current_updated_on
1,012345678,234567890,AN,,NGUYEN,1975-07-02,VN,LPR,IR1,1995-03-01,,,1995-03-01,false,NATURALIZED,2012-06-15,,2012-06-15
2,012345678,234567890,AN,VAN,NGUYEN,1975-07-02,VN,NATURALIZED,,2012-06-15,,N9876543,2012-06-15,true,NATURALIZED,2012-06-15,,2012-06-15
3,087654321,,ANA,,PETROVA,1992-11-11,RU,LPR,F21,2018-01-20,,,2018-01-20,true,LPR,2018-01-20,,2018-01-20
4,011122233,,WEI,,LI,1988-05-05,CN,DERIVED_CITIZEN,,2001-04-04,,C1234567,2001-04-04,true,DERIVED_CITIZEN,2001-04-04,,2001-04-04
5,044455566,,CARLOS,,MENDEZ,2000-01-01,MX,DACA,C33,2020-01-01,2024-01-01,,2020-01-01,true,DACA,2020-01-01,2024-01-01,2020-01-01
6,055566677,,IVAN,,PETROV,1992-11-11,RU,NONIMMIGRANT,H1B,2019-05-05,2026-05-05,,2019-05-05,true,NONIMMIGRANT,2019-05-05,2026-05-05,2019-05-05
"""


def snapshot_table(source: Source, text: str) -> pl.DataFrame:
    """A table with exactly the columns and types the backends serve for ``source``."""
    types = {c: getattr(pl, t) for c, t in TABLES[source].items()}
    header = text.splitlines()[0].split(",")
    read_as = {c: types.get(c, pl.String) for c in header}
    raw = pl.read_csv(io.StringIO(text), schema_overrides=read_as)
    return raw.with_columns(
        pl.col("ssn").map_elements(key, return_dtype=pl.String).alias("ssn_key"),
        pl.col("ssn").str.slice(5, 4).alias("ssn_last4"),
        pl.col("dob").dt.year().cast(pl.Int32).alias("birth_year"),
    ).select(pl.col(c).cast(t) for c, t in types.items())


def write_snapshot(directory: Path, table: pl.DataFrame) -> Path:
    directory.mkdir(parents=True)
    parquet = directory / "records.parquet"
    table.write_parquet(parquet)
    database = directory / "records.duckdb"
    con = duckdb.connect(str(database))
    try:
        con.execute("CREATE TABLE records AS SELECT * FROM read_parquet(?)", [str(parquet)])
    finally:
        con.close()
    return database


@pytest.fixture(scope="module")
def snapshots(tmp_path_factory: pytest.TempPathFactory) -> dict[Source, tuple[date, Path]]:
    root = tmp_path_factory.mktemp("snapshots")
    return {
        "ssa": (SSA_AS_OF, write_snapshot(root / "ssa", snapshot_table("ssa", SSA_CSV))),
        "dhs": (DHS_AS_OF, write_snapshot(root / "dhs", snapshot_table("dhs", DHS_CSV))),
    }


@pytest.fixture(scope="module")
def spark() -> Iterator[SparkSession]:
    session = start_session("local[2]")
    yield session
    session.stop()


@pytest.fixture(scope="module")
def engines(
    snapshots: dict[Source, tuple[date, Path]], spark: SparkSession
) -> Iterator[tuple[DuckDBBackend, SparkBackend]]:
    duck = DuckDBBackend(snapshots)
    sparked = SparkBackend(snapshots, session=spark)
    yield duck, sparked
    duck.close()
    sparked.close()


def keys(
    rows: dict[str, list[object]], schema: dict[str, type[pl.DataType]] | None = None
) -> pl.DataFrame:
    frame = pl.DataFrame(rows, schema=schema)
    return frame.with_columns(pl.col("req").cast(pl.Int64))


ROW_ID = {"ssa": "r_entry_id", "dhs": "r_row_id"}
LOOKUPS: dict[str, tuple[Source, tuple[str, ...], pl.DataFrame, int]] = {
    "ssn key, with a repeat and an unknown": (
        "ssa",
        ("ssn_key",),
        keys({"req": [0, 1, 2, 3], "ssn_key": [key("234567890"), key("123456789"),
                                                key("234567890"), key("111223333")]}),
        5,
    ),
    "last four and date of birth": (
        "ssa",
        ("ssn_last4", "dob"),
        keys({"req": [0, 1, 2], "ssn_last4": ["6789", "6789", "0123"],
              "dob": [D("1980-03-14"), D("1980-03-15"), D("1940-02-02")]}),
        3,
    ),
    "last four and birth year": (
        "ssa",
        ("ssn_last4", "birth_year"),
        keys({"req": [0], "ssn_last4": ["6789"], "birth_year": [1980]},
             {"req": pl.Int64, "ssn_last4": pl.String, "birth_year": pl.Int32}),
        2,
    ),
    "dhs by date of birth and country": (
        "dhs",
        ("dob", "country_of_birth"),
        keys({"req": [0, 1], "dob": [D("1992-11-11"), D("1975-07-02")],
              "country_of_birth": ["RU", "VN"]}),
        4,
    ),
    "a-number with null keys among them": (
        "dhs",
        ("a_number",),
        keys({"req": [0, 1, 2], "a_number": [None, "012345678", None]}),
        2,
    ),
    "only null keys": (
        "dhs",
        ("certificate_number",),
        keys({"req": [0, 1], "certificate_number": [None, None]},
             {"req": pl.Int64, "certificate_number": pl.String}),
        0,
    ),
    "untyped null keys": ("ssa", ("ssn_key",), keys({"req": [0], "ssn_key": [None]}), 0),
    "a null in one of two keys": (
        "ssa",
        ("ssn_last4", "dob"),
        keys({"req": [0, 1], "ssn_last4": ["6789", None], "dob": [None, D("1940-02-02")]}),
        0,
    ),
    "no match": ("dhs", ("a_number",), keys({"req": [7], "a_number": ["099999999"]}), 0),
    "no keys": (
        "ssa",
        ("ssn_key",),
        keys({"req": [], "ssn_key": []}, {"req": pl.Int64, "ssn_key": pl.String}),
        0,
    ),
}  # fmt: skip


@pytest.mark.parametrize("case", list(LOOKUPS))
def test_lookup_returns_what_duckdb_returns(
    engines: tuple[DuckDBBackend, SparkBackend], case: str
) -> None:
    source, on, batch, expected_rows = LOOKUPS[case]
    duck, sparked = engines
    by_spark = sparked.lookup(source, batch, on).sort("req", ROW_ID[source])
    by_duckdb = duck.lookup(source, batch, on).sort("req", ROW_ID[source])
    assert by_spark.schema == empty_lookup(source).schema
    assert by_spark.height == expected_rows
    assert_frame_equal(by_spark, by_duckdb)


def test_dates_come_back_as_dates(engines: tuple[DuckDBBackend, SparkBackend]) -> None:
    _, sparked = engines
    found = sparked.lookup("ssa", keys({"req": [0], "ssn_key": [key("345678901")]}), ["ssn_key"])
    assert found.get_column("r_person_death_date").to_list() == [D("2020-05-05")]
    assert found.schema["r_dob"] == pl.Date


def test_a_source_without_snapshot_finds_nothing_and_close_spares_a_lent_session(
    snapshots: dict[Source, tuple[date, Path]], spark: SparkSession
) -> None:
    only_ssa = SparkBackend({"ssa": snapshots["ssa"]}, session=spark)
    assert only_ssa.as_of("ssa") == SSA_AS_OF
    assert only_ssa.as_of("dhs") is None
    found = only_ssa.lookup("dhs", keys({"req": [0], "a_number": ["012345678"]}), ["a_number"])
    assert_frame_equal(found, empty_lookup("dhs"))
    only_ssa.close()
    assert spark.range(3).count() == 3


def request_rows(rows: list[dict[str, str]]) -> pl.DataFrame:
    """Raw request rows as ``verify.request_frame`` builds them (missing fields empty)."""
    frame = pl.DataFrame(
        [{c: row.get(c) or None for c in REQUEST_COLUMNS} for row in rows],
        schema={c: pl.String for c in REQUEST_COLUMNS},
    )
    return frame.with_row_index("row_number", offset=1).with_columns(
        pl.col("row_number").cast(pl.Int64)
    )


REQUESTS = request_rows(
    [
        {"request_id": "citizen", "first_name": "Maria", "last_name": "García",
         "dob": "1980-03-14", "ssn": "123-45-6789"},
        {"request_id": "last-four", "first_name": "maria", "last_name": "garcia",
         "dob": "03/14/1980", "ssn_last4": "6789"},
        {"request_id": "naturalized", "first_name": "An", "middle_name": "Van",
         "last_name": "Nguyen", "dob": "1975-07-02", "ssn": "234567890"},
        {"request_id": "deceased", "first_name": "John", "last_name": "Smith",
         "dob": "1950-01-01", "ssn": "345-67-8901"},
        {"request_id": "not-recorded", "first_name": "Robert", "last_name": "Brown",
         "dob": "1940-02-02", "ssn": "567-89-0123"},
        {"request_id": "national", "first_name": "Tavita", "last_name": "Faleolo",
         "dob": "1990-09-09", "ssn": "678-90-1234"},
        {"request_id": "a-number", "first_name": "Ana", "last_name": "Petrova",
         "dob": "1992-11-11", "a_number": "A-87654321"},
        {"request_id": "certificate", "first_name": "Wei", "last_name": "Li",
         "dob": "1988-05-05", "certificate_number": "c1234567"},
        {"request_id": "expired", "first_name": "Carlos", "last_name": "Mendez",
         "dob": "2000-01-01", "a_number": "44455566"},
        {"request_id": "linked-by-identity", "first_name": "Ana", "last_name": "Petrova",
         "dob": "1992-11-11", "ssn": "789-01-2345"},
        {"request_id": "invalid", "first_name": "Pat", "last_name": "Doe",
         "dob": "1970-01-01", "ssn": "000-12-3456"},
        {"request_id": "no-identifier", "first_name": "Pat", "last_name": "Doe",
         "dob": "1970-01-01"},
        {"request_id": "wrong-person", "first_name": "Peter", "last_name": "Jones",
         "dob": "1960-06-06", "ssn": "123456789"},
        {"request_id": "unknown-ssn", "first_name": "Pat", "last_name": "Doe",
         "dob": "1970-01-01", "ssn": "111-22-3333"},
    ]
)  # fmt: skip
PURPOSES = [
    Purpose(name="voter-list-maintenance", adverse_action=True, receives_status=False),
    Purpose(name="benefit-eligibility", adverse_action=False, receives_status=True),
]


@pytest.mark.parametrize("purpose", PURPOSES, ids=lambda p: p.name)
def test_verify_batch_answers_the_same_through_both_engines(
    engines: tuple[DuckDBBackend, SparkBackend], purpose: Purpose
) -> None:
    duck, sparked = engines
    requests = normalize_requests(REQUESTS, SECRET, ON)
    by_spark = verify_batch(sparked, requests, purpose, ON)
    by_duckdb = verify_batch(duck, requests, purpose, ON)
    assert_frame_equal(by_spark, by_duckdb)
    assert (
        by_spark.get_column("request_id").to_list() == REQUESTS.get_column("request_id").to_list()
    )
    # The records above give every kind of answer, so agreement here is not agreement on nothing.
    codes = set(by_spark.get_column("response_code").to_list())
    assert {ResponseCode.US_CITIZEN, ResponseCode.DECEASED, ResponseCode.INVALID} <= codes
    assert len(codes) >= 5
    assert by_spark.get_column("ssa_as_of").unique().to_list() == [SSA_AS_OF]
