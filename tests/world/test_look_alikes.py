"""The look-alikes a national file holds: twins with near names, namesakes with two A-numbers,
and the keying faults careful rules must still confirm (swapped names, a birth-year digit)."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from statusbridge.world import generate_world
from statusbridge.world.faults import year_digit_typo

from .support import World, parse_dates

# Big enough for a few dozen twins who give their sibling's number and namesake visitors.
PEOPLE = 60_000


@pytest.fixture(scope="module")
def crowd(tmp_path_factory: pytest.TempPathFactory) -> World:
    out = tmp_path_factory.mktemp("crowd")
    return World(generate_world(PEOPLE, 5, out, requests=PEOPLE // 2), out)


def _rows(world: World) -> pl.DataFrame:
    people = world.people().with_columns(pl.col("dob").cast(pl.String))
    requests = world.csv("requests").join(world.csv("truth"), on="request_id")
    return requests.join(
        people.select(
            "person_id", pl.col("first_name").alias("true_first"),
            pl.col("last_name").alias("true_last"), pl.col("dob").alias("true_dob"),
            pl.col("ssn").alias("own_ssn"),
        ),
        on="person_id",
    )  # fmt: skip


def test_twins_give_their_siblings_number_under_their_own_name(crowd: World) -> None:
    rows = _rows(crowd).filter(pl.col("fault") == "twin_ssn")
    assert rows.height >= 10
    people = crowd.people().select("person_id", "ssn", "twin_of", "dob")
    owners = rows.join(
        people, left_on="owner_person_id", right_on="person_id", suffix="_owner"
    ).join(people.select("person_id", "twin_of"), on="person_id", suffix="_requester")
    # The number is the sibling's, never the requester's own; both were born the same day.
    assert (owners["owner_person_id"] != owners["person_id"]).all()
    twins = (owners["twin_of"] == owners["person_id"]) | (
        owners["twin_of_requester"] == owners["owner_person_id"]
    )
    assert twins.fill_null(False).all()
    assert (owners["dob_owner"].cast(pl.String) == owners["true_dob"]).all()
    assert (owners["true_first"] == owners["first_name"]).all()
    by_ssn = owners.filter(pl.col("ssn") != "")
    assert (by_ssn["ssn"].str.replace_all("-", "") == by_ssn["ssn_owner"].cast(pl.String)).all()
    assert (rows["impostor"] == "true").all()


def test_some_twins_go_by_a_name_near_their_siblings(crowd: World) -> None:
    people = crowd.people()
    twins = people.filter(pl.col("twin_of").is_not_null()).join(
        people.select("person_id", "first_name", "middle_name"),
        left_on="twin_of", right_on="person_id", suffix="_sibling",
    )  # fmt: skip
    siblings_middle = twins.filter(pl.col("first_name") == pl.col("middle_name_sibling"))
    assert siblings_middle.height > 0


def test_namesakes_share_name_birth_date_and_country_with_a_citizen(crowd: World) -> None:
    people = crowd.people()
    truth = crowd.csv("truth").filter(pl.col("namesake") == "true")
    assert truth.height >= 5
    visitors = people.join(truth.select("person_id"), on="person_id")
    assert (visitors["kind"].str.to_lowercase() == "nonimmigrant").all()
    assert visitors["ssn"].is_null().all()
    twins = visitors.join(
        people.filter(pl.col("naturalization_date").is_not_null()),
        on=["first_name", "last_name", "dob", "birth_country"],
        suffix="_citizen",
    )
    assert twins.select("person_id").n_unique() == visitors.height
    assert (twins["a_number"] != twins["a_number_citizen"]).all()
    assert twins["ssn_citizen"].is_not_null().all()


def test_swapped_names_trade_given_and_family_name(crowd: World) -> None:
    rows = _rows(crowd).filter(pl.col("fault") == "names_swapped")
    assert rows.height > 0
    assert (rows["first_name"] == rows["true_last"]).all()
    assert (rows["last_name"] == rows["true_first"]).all()


def test_a_birth_year_digit_changes_the_year_alone(crowd: World) -> None:
    rows = _rows(crowd).filter(pl.col("fault") == "dob_year_digit").with_columns(parse_dates("dob"))
    assert rows.height > 0
    written = rows["dob"].dt.strftime("%Y%m%d")
    true = rows["true_dob"].str.replace_all("-", "")
    assert (written.str.slice(4) == true.str.slice(4)).all()
    assert (written.str.slice(0, 2) == true.str.slice(0, 2)).all()
    assert (written != true).all()


def test_a_year_digit_typo_stays_a_real_date_in_range() -> None:
    assert year_digit_typo(date(1985, 2, 3), 0.1, 0.2, date(2026, 1, 1)).year in range(1900, 2000)
    # 29 February moves only to another leap year, or stays where none is in range.
    moved = year_digit_typo(date(2000, 2, 29), 0.9, 0.9, date(2026, 1, 1))
    assert moved.month == 2 and moved.day == 29


def test_twins_never_share_a_given_name_once_written_plainly(crowd: World) -> None:
    people = crowd.people()
    twins = people.filter(pl.col("twin_of").is_not_null()).join(
        people.select("person_id", "first_name"),
        left_on="twin_of", right_on="person_id", suffix="_sibling",
    )  # fmt: skip

    def letters(column: str) -> pl.Expr:
        plain = pl.col(column).str.normalize("NFKD").str.replace_all(r"\p{M}", "")
        return plain.str.to_uppercase().str.replace_all(r"[^A-Z]", "")

    assert twins.filter(letters("first_name") == letters("first_name_sibling")).height == 0
