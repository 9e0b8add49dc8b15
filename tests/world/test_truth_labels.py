"""Truth labels a matcher is scored against: names the records never saw, and valid rows.

A row labelled valid must carry identifiers a verifier accepts; a row whose surname is on none of
the records its identifiers reach is labelled `name_not_on_record`; impostors stay impostors.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from pathlib import Path

import numpy as np
import polars as pl
import pytest

from statusbridge.world import faults as f
from statusbridge.world import generate_world
from statusbridge.world.population import build_population
from statusbridge.world.requests import build_plan, check_identifiers
from statusbridge.world.streams import stream

from .support import World, parse_dates

SSA_AS_OF = date(2026, 10, 1)
# Faults that change nothing a record is matched on but format: a row with one of them (or none)
# carries the surname the agency holds exactly as written.
FORMAT_ONLY = ("none", "case", "ssn_dashes", "date_us_format", "a_number_format")
_FOLDS = str.maketrans({"Ł": "L", "ł": "l", "Đ": "D", "đ": "d", "ß": "ss", "Ø": "O", "ø": "o"})


@pytest.fixture(scope="module")
def busy_world(tmp_path_factory: pytest.TempPathFactory) -> World:
    """Every person sends a request: more rows, so rarer combinations show up."""
    out = tmp_path_factory.mktemp("busy-world")
    return World(generate_world(4_000, 7, out, requests=4_000), out)


def _normalized(name: str) -> str:
    """As verifiers compare surnames: upper ASCII, no apostrophes, hyphens as spaces."""
    decomposed = unicodedata.normalize("NFKD", name.translate(_FOLDS))
    folded = "".join(c for c in decomposed if not unicodedata.combining(c)).upper()
    words = re.sub(r"[^A-Z]+", " ", re.sub(r"['\u2019\u2018`]", "", folded)).strip()
    return re.sub(r" (JR|SR|II|III|IV)$", "", words)


def _agrees(surname: str, recorded: list[str]) -> bool:
    """Equal ignoring spaces, or every word of the shorter among the words of the longer."""
    mine = _normalized(surname)
    for other in map(_normalized, recorded):
        if mine.replace(" ", "") == other.replace(" ", ""):
            return True
        a, b = set(mine.split()), set(other.split())
        if a & b and len(a & b) == min(len(a), len(b)):
            return True
    return False


def _with_record_surnames(world: World) -> pl.DataFrame:
    """Requests with their truth, and the surnames of the owner's SSA entries and DHS rows."""
    owners = world.people().select(
        pl.col("person_id").alias("owner_person_id"),
        pl.col("ssn").alias("owner_ssn"),
        pl.col("a_number").cast(pl.Int64).alias("owner_a"),
    )
    ssa = world.csv("ssa").group_by("ssn").agg(pl.col("last_name").alias("ssa_surnames"))
    dhs = (
        world.csv("dhs")
        .with_columns(pl.col("a_number").cast(pl.Int64))
        .group_by("a_number")
        .agg(pl.col("last_name").alias("dhs_surnames"))
    )
    return (
        world.csv("requests")
        .join(world.csv("truth"), on="request_id")
        .join(owners, on="owner_person_id", how="left")
        .join(ssa, left_on="owner_ssn", right_on="ssn", how="left")
        .join(dhs, left_on="owner_a", right_on="a_number", how="left")
    )


def _reachable(row: dict[str, object]) -> list[str]:
    """The record surnames a row's identifiers reach."""
    kinds = set(str(row["input_kind"]).split("+"))
    surnames: list[str] = []
    if kinds & {"ssn", "ssn_last4"}:
        surnames += list(row["ssa_surnames"] or [])  # type: ignore[call-overload]
    if kinds & {"a_number", "certificate"}:
        surnames += list(row["dhs_surnames"] or [])  # type: ignore[call-overload]
    return surnames


@pytest.mark.parametrize("which", ["world", "busy_world"])
def test_clean_rows_carry_a_surname_the_records_have(
    which: str, request: pytest.FixtureRequest
) -> None:
    rows = _with_record_surnames(request.getfixturevalue(which))
    clean = rows.filter(pl.col("fault").is_in(FORMAT_ONLY) & (pl.col("input_kind") != "none"))
    checked = 0
    for row in clean.iter_rows(named=True):
        recorded = _reachable(row)
        if recorded:  # a row whose identifiers reach no record at all keeps its label
            assert _agrees(row["last_name"], recorded), (row["request_id"], recorded)
            checked += 1
    assert checked > 0.9 * clean.height
    by_ssn = clean.filter(pl.col("input_kind").is_in(["ssn", "ssn_last4"]))
    assert by_ssn.height > 0


@pytest.mark.parametrize("which", ["world", "busy_world"])
def test_names_not_on_record_are_really_missing_from_the_records(
    which: str, request: pytest.FixtureRequest
) -> None:
    rows = _with_record_surnames(request.getfixturevalue(which))
    missing = rows.filter(pl.col("fault") == "name_not_on_record")
    assert missing.height > 0
    assert holds_all(missing["impostor"] == "false")
    assert holds_all(missing["valid"] == "true")
    assert holds_all(missing["owner_person_id"] == missing["person_id"])
    for row in missing.iter_rows(named=True):
        recorded = _reachable(row)
        assert recorded, row["request_id"]
        assert not _agrees(row["last_name"], recorded), (row["request_id"], recorded)


def test_most_names_not_on_record_are_married_names_ssa_never_heard_of(world: World) -> None:
    rows = _with_record_surnames(world).join(
        world.people().select("person_id", "last_name", "birth_last_name", "sex"),
        on="person_id",
        suffix="_true",
    )
    missing = rows.filter(pl.col("fault") == "name_not_on_record")
    married = missing.filter(
        (pl.col("last_name_true") != pl.col("birth_last_name")) & (pl.col("sex") == "F")
    )
    assert married.height >= 0.8 * missing.height
    share = missing.height / rows.height
    assert 0.005 <= share <= 0.08, share


@pytest.mark.parametrize("which", ["world", "busy_world"])
def test_impostors_keep_their_label(which: str, request: pytest.FixtureRequest) -> None:
    truth = request.getfixturevalue(which).csv("truth")
    impostor_label = truth["fault"].is_in(list(f.IMPOSTOR_FAULTS))
    assert holds_all(impostor_label == (truth["impostor"] == "true"))
    assert impostor_label.sum() > 0


@pytest.mark.parametrize("which", ["world", "busy_world"])
def test_valid_rows_carry_valid_identifiers_and_dates(
    which: str, request: pytest.FixtureRequest
) -> None:
    world = request.getfixturevalue(which)
    valid = world.csv("requests").join(world.csv("truth"), on="request_id")
    valid = valid.filter(pl.col("valid") == "true")
    ssn = valid.filter(pl.col("ssn") != "")["ssn"].str.replace_all("-", "")
    assert holds_all(ssn.str.contains(r"^\d{9}$"))
    assert not ssn.str.slice(0, 3).is_in(["000", "666"]).any()
    assert not ssn.str.starts_with("9").any()
    assert not (ssn.str.slice(3, 2) == "00").any()
    assert not (ssn.str.slice(5, 4) == "0000").any()
    last4 = valid.filter(pl.col("ssn_last4") != "")["ssn_last4"]
    assert holds_all(last4.str.contains(r"^\d{4}$") & (last4 != "0000"))
    a_number = valid.filter(pl.col("a_number") != "")["a_number"]
    digits = a_number.str.replace(r"^A-?", "")
    assert holds_all(digits.str.contains(r"^\d{1,9}$") & (digits.cast(pl.Int64) > 0))
    dob = valid.with_columns(parse_dates("dob"))["dob"]
    assert dob.null_count() == 0
    assert dob.max() <= SSA_AS_OF  # type: ignore[operator]
    assert dob.min() >= date(1880, 1, 1)  # type: ignore[operator]


def test_date_faults_never_move_a_birth_date_past_the_as_of_date(tmp_path: Path) -> None:
    """An as-of date early in the year makes swapped and mistyped recent dates likely."""
    summary = generate_world(3_000, 2, tmp_path, requests=3_000, ssa_as_of=date(2024, 1, 20))
    world = World(summary, tmp_path)
    rows = world.csv("requests").join(world.csv("truth"), on="request_id")
    rows = rows.filter(pl.col("valid") == "true").with_columns(parse_dates("dob"))
    assert rows["dob"].max() <= date(2024, 1, 20)  # type: ignore[operator]


def test_a_row_never_carries_a_number_its_owner_lacks() -> None:
    as_of = np.datetime64("2026-10-01", "D")
    pop = build_population(600, 4, as_of, as_of - np.timedelta64(120, "D"))
    plan, _ = build_plan(stream(4, "requests"), pop, 300)
    check_identifiers(pop, plan)  # the plan as built is consistent
    without = np.flatnonzero((plan.owner >= 0) & ~pop.has_ssn[np.maximum(plan.owner, 0)])
    assert without.size > 0
    plan.carries_ssn[without[0]] = True
    with pytest.raises(RuntimeError, match="identifier their owner does not have"):
        check_identifiers(pop, plan)


def holds_all(condition: pl.Series) -> bool:
    """True where every row satisfies the condition; a missing value counts as a failure."""
    return bool(condition.fill_null(False).all())
