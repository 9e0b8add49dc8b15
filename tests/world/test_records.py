"""The SSA and DHS extracts: histories, stale codes, the DHS lag, and what they show."""

from __future__ import annotations

from datetime import date

import polars as pl

from .support import World, parse_dates

SSA_AS_OF = date(2026, 10, 1)
DHS_AS_OF = date(2026, 6, 3)


def _ssa(world: World) -> pl.DataFrame:
    return world.csv("ssa").with_columns(parse_dates("entry_date"), parse_dates("death_date"))


def _dhs(world: World) -> pl.DataFrame:
    return (
        world.csv("dhs")
        .with_columns(
            parse_dates("status_start"),
            parse_dates("status_end"),
            parse_dates("updated_on"),
            pl.col("a_number").cast(pl.Int64).alias("a_key"),
        )
        .with_row_index("line")
    )


def _people_keys(world: World) -> pl.DataFrame:
    return world.people().with_columns(pl.col("a_number").cast(pl.Int64).alias("a_key"))


def test_ssa_entry_dates_are_distinct_within_each_number(world: World) -> None:
    ssa = _ssa(world)
    assert ssa["entry_date"].null_count() == 0
    assert ssa.select("ssn", "entry_date").n_unique() == ssa.height
    assert ssa["entry_date"].max() <= SSA_AS_OF  # type: ignore[operator]
    several = ssa.group_by("ssn").len().filter(pl.col("len") > 1)
    assert several.height > 0.05 * ssa["ssn"].n_unique()


def test_a_citizen_code_once_recorded_is_never_lost(world: World) -> None:
    ssa = _ssa(world).sort("ssn", "entry_date")
    seen_a = ssa.with_columns(
        (pl.col("citizenship_code") == "A").cum_max().over("ssn").alias("had_a")
    )
    assert seen_a.filter(pl.col("had_a") & (pl.col("citizenship_code") != "A")).height == 0


def test_most_naturalized_citizens_never_told_ssa(world: World) -> None:
    ssa = _ssa(world).sort("ssn", "entry_date").group_by("ssn").last()
    naturalized = world.people().filter(
        (pl.col("kind") == "naturalized") & pl.col("ssn").is_not_null()
    )
    current = naturalized.join(ssa, on="ssn", how="inner")
    told = (current["citizenship_code"] == "A").mean()
    assert told is not None and 0.08 <= float(told) <= 0.35  # type: ignore[arg-type]


def test_old_numbers_of_native_born_people_often_lack_a_code(world: World) -> None:
    ssa = _ssa(world).sort("ssn", "entry_date").group_by("ssn").first()
    natives = world.people().filter(pl.col("kind") == "native_us").join(ssa, on="ssn")
    old = natives.filter(pl.col("entry_date") < date(1981, 1, 1))
    new = natives.filter(pl.col("entry_date") >= date(1981, 1, 1))
    assert (old["citizenship_code"] == "").mean() > 0.3  # type: ignore[operator]
    assert (new["citizenship_code"] == "A").mean() > 0.9  # type: ignore[operator]


def test_dhs_histories_are_ordered_and_cut_at_the_dhs_as_of_date(world: World) -> None:
    dhs = _dhs(world)
    assert dhs["status_start"].null_count() == 0
    assert dhs["status_start"].max() <= DHS_AS_OF  # type: ignore[operator]
    assert dhs["updated_on"].max() <= DHS_AS_OF  # type: ignore[operator]
    ordered = dhs.with_columns(
        pl.col("status_start").diff().over("a_key").alias("step"),
        pl.col("line").diff().over("a_key").alias("line_step"),
    )
    assert ordered.filter(pl.col("step") <= pl.duration(days=0)).height == 0
    assert ordered.filter(pl.col("line_step") != 1).height == 0  # each history is contiguous
    ended = dhs.filter(pl.col("status_end").is_not_null())
    assert ended.filter(pl.col("status_end") < pl.col("status_start")).height == 0


def test_dhs_has_refugee_to_resident_to_citizen_histories(world: World) -> None:
    histories = (
        _dhs(world)
        .group_by("a_key", maintain_order=True)
        .agg(pl.col("status").str.join(">").alias("history"))
    )["history"]
    assert histories.str.contains("LPR>NATURALIZED").any()
    assert histories.str.contains("REFUGEE>LPR").any() or histories.str.contains("ASYLEE>LPR").any()
    assert histories.str.contains("NONIMMIGRANT").any()


def test_naturalizations_after_the_dhs_cut_are_absent_from_dhs(world: World) -> None:
    dhs = _dhs(world).filter(pl.col("status") == "NATURALIZED")
    people = _people_keys(world).filter(pl.col("naturalization_date").is_not_null())
    late = people.filter(pl.col("naturalization_date") > DHS_AS_OF)
    early = people.filter(pl.col("naturalization_date") <= DHS_AS_OF)
    assert late.height > 0, "the world should contain naturalizations inside the lag"
    assert late.join(dhs, on="a_key", how="inner").height == 0
    assert early.join(dhs, on="a_key", how="inner").height == early.height
    recorded = late.filter(pl.col("records_show") == "citizen")
    # Only those who told SSA show as citizens.
    ssa = _ssa(world).filter(pl.col("citizenship_code") == "A").select("ssn").unique()
    assert recorded.join(ssa, on="ssn", how="anti").height == 0


def test_about_half_of_dhs_rows_carry_the_ssn(world: World) -> None:
    people = _people_keys(world).select("a_key", "ssn", "ssn_issued")
    dhs = _dhs(world).join(people, on="a_key")
    # Only rows updated after the number was issued could carry it.
    could = dhs.filter(pl.col("ssn_issued") <= pl.col("updated_on"))
    share = (could["ssn"] != "").mean()
    assert share is not None and 0.35 <= float(share) <= 0.65  # type: ignore[arg-type]
    linked = dhs.filter(pl.col("ssn") != "")
    assert (linked["ssn"].str.replace_all("-", "") == linked["ssn_right"]).all()


def test_some_derived_citizens_have_a_certificate_row_and_others_do_not(world: World) -> None:
    derived = _people_keys(world).filter(pl.col("kind") == "derived")
    rows = _dhs(world).filter(pl.col("status") == "DERIVED_CITIZEN").select("a_key")
    share = derived.join(rows, on="a_key", how="semi").height / derived.height
    assert 0.2 <= share <= 0.6


def test_certificates_appear_only_on_citizenship_rows(world: World) -> None:
    dhs = _dhs(world)
    with_certificate = dhs.filter(pl.col("certificate_number") != "")
    assert set(with_certificate["status"]) <= {"NATURALIZED", "DERIVED_CITIZEN"}


def _records_show_from_files(world: World) -> pl.DataFrame:
    """An independent reading of the two extracts, as a perfect matcher would do it."""
    citizen_places = ["US", "PR", "GU", "VI", "MP"]
    ssa = (
        _ssa(world)
        .sort("ssn", "entry_date")
        .group_by("ssn")
        .last()
        .select(
            "ssn",
            (
                (pl.col("citizenship_code") == "A") | pl.col("birth_country").is_in(citizen_places)
            ).alias("ssa_citizen"),
            (pl.col("birth_country") == "AS").alias("ssa_national"),
        )
    )
    dhs = (
        _dhs(world)
        .sort("a_key", "status_start")
        .group_by("a_key")
        .last()
        .select(
            "a_key",
            pl.col("status").is_in(["NATURALIZED", "DERIVED_CITIZEN"]).alias("dhs_citizen"),
            (pl.col("status_end") < SSA_AS_OF).fill_null(False).alias("ended"),
        )
    )
    people = _people_keys(world).join(ssa, on="ssn", how="left").join(dhs, on="a_key", how="left")
    has_row = pl.col("dhs_citizen").is_not_null()
    return people.select(
        "person_id",
        "records_show",
        pl.when(pl.col("ssa_citizen").fill_null(False) | pl.col("dhs_citizen").fill_null(False))
        .then(pl.lit("citizen"))
        .when(pl.col("ssa_national").fill_null(False))
        .then(pl.lit("national"))
        .when(has_row & ~pl.col("ended"))
        .then(pl.lit("status"))
        .when(has_row)
        .then(pl.lit("expired"))
        .otherwise(pl.lit("none"))
        .alias("from_files"),
    )


def test_records_show_is_what_the_written_files_show(world: World) -> None:
    compared = _records_show_from_files(world)
    assert compared.filter(pl.col("records_show") != pl.col("from_files")).height == 0
    truth = world.csv("truth").join(
        compared.select("person_id", "from_files"), on="person_id", how="left"
    )
    assert (truth["records_show"] == truth["from_files"]).all()


def test_records_fall_short_of_the_truth_for_the_hard_cases(world: World) -> None:
    people = world.people()
    citizens = people.filter(pl.col("truth_class") == "citizen")
    unconfirmed = citizens.filter(pl.col("records_show") != "citizen")
    assert unconfirmed.height > 0
    assert set(unconfirmed["truth_how"]) >= {"DERIVED", "BIRTH_US"}
    lawful = people.filter(pl.col("truth_class") == "lawful_noncitizen")
    assert (lawful["records_show"] == "status").mean() > 0.6  # type: ignore[operator]
