"""The files a world writes: names, exact columns, one truth row per request, world.json."""

from __future__ import annotations

import json

import polars as pl

from statusbridge.world.dhs import DHS_COLUMNS
from statusbridge.world.requests import REQUEST_COLUMNS, TRUTH_COLUMNS
from statusbridge.world.ssa import SSA_COLUMNS

from .support import PEOPLE, SEED, World

CONTRACT_SSA = (
    "ssn, first_name, middle_name, last_name, dob, sex, birth_country, citizenship_code, "
    "death_date, entry_date"
)
CONTRACT_DHS = (
    "a_number, ssn, first_name, middle_name, last_name, dob, country_of_birth, status, "
    "class_of_admission, status_start, status_end, certificate_number, updated_on"
)
CONTRACT_REQUESTS = (
    "request_id, first_name, middle_name, last_name, dob, ssn, ssn_last4, a_number, "
    "certificate_number"
)


def _header(world: World, name: str) -> list[str]:
    with (world.out / f"{name}.csv").open(encoding="utf-8") as handle:
        return handle.readline().rstrip("\n").split(",")


def test_csv_files_have_exactly_the_contract_columns(world: World) -> None:
    assert _header(world, "ssa") == CONTRACT_SSA.split(", ") == list(SSA_COLUMNS)
    assert _header(world, "dhs") == CONTRACT_DHS.split(", ") == list(DHS_COLUMNS)
    assert _header(world, "requests") == CONTRACT_REQUESTS.split(", ") == list(REQUEST_COLUMNS)
    assert _header(world, "truth") == list(TRUTH_COLUMNS)


def test_csv_files_are_plain_utf8_without_quotes(world: World) -> None:
    for name in ("ssa", "dhs", "requests", "truth"):
        text = (world.out / f"{name}.csv").read_text(encoding="utf-8")
        assert '"' not in text
        widths = {line.count(",") for line in text.splitlines()}
        assert len(widths) == 1, f"{name}.csv has rows of different widths"


def test_every_request_has_exactly_one_truth_row(world: World) -> None:
    requests = world.csv("requests")
    truth = world.csv("truth")
    assert requests.height == truth.height == world.summary.requests
    assert requests["request_id"].to_list() == truth["request_id"].to_list()
    assert requests["request_id"].n_unique() == requests.height
    assert requests["request_id"][0] == "R0000001"


def test_truth_values_come_from_the_documented_vocabularies(world: World) -> None:
    truth = world.csv("truth")
    assert set(truth["truth_class"]) <= {
        "citizen", "national", "lawful_noncitizen", "no_lawful_status",
    }  # fmt: skip
    assert set(truth["records_show"]) <= {"citizen", "national", "status", "expired", "none"}
    for flag in ("impostor", "deceased", "valid"):
        assert set(truth[flag]) <= {"true", "false"}
    kinds = {part for kind in truth["input_kind"] for part in kind.split("+")}
    assert kinds <= {"ssn", "ssn_last4", "a_number", "certificate", "none"}
    how = truth.filter(pl.col("truth_class") == "citizen")["truth_how"]
    assert set(how) <= {"BIRTH_US", "BIRTH_TERRITORY", "NATURALIZED", "DERIVED"}
    assert set(truth.filter(pl.col("truth_class") == "no_lawful_status")["truth_how"]) == {"NONE"}


def test_people_parquet_has_one_row_per_person_with_ground_truth(world: World) -> None:
    people = world.people()
    assert people.height == PEOPLE
    assert people["person_id"].n_unique() == PEOPLE
    for column in ("truth_class", "truth_how", "records_show", "ssn", "a_number",
                   "certificate_number", "naturalization_date", "death_date"):  # fmt: skip
        assert column in people.columns
    assert people.schema["dob"] == pl.Date


def test_world_json_records_seed_dates_counts_and_files(world: World) -> None:
    meta = json.loads((world.out / "world.json").read_text(encoding="utf-8"))
    assert meta["seed"] == SEED
    assert meta["people"] == PEOPLE
    assert meta["ssa_as_of"] == "2026-10-01"
    assert meta["dhs_as_of"] == "2026-06-03"  # 120 days earlier
    assert sum(meta["counts"]["kinds"].values()) == PEOPLE
    assert meta["files"]["ssa"] == "ssa.csv"
    for name in meta["files"].values():
        assert (world.out / name).exists()
