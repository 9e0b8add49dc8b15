"""SSNs, A-numbers and certificate numbers: valid, unique, evenly spread."""

from __future__ import annotations

import numpy as np
import polars as pl

from statusbridge.world.identifiers import draw_ssns, is_valid_ssn

from .support import World


def _valid_ssn(text: pl.Expr) -> pl.Expr:
    area = text.str.slice(0, 3)
    return (
        text.str.contains(r"^\d{9}$")
        & ~area.is_in(["000", "666"])
        & ~area.str.starts_with("9")
        & (text.str.slice(3, 2) != "00")
        & (text.str.slice(5, 4) != "0000")
    )


def test_every_issued_ssn_is_valid_and_belongs_to_one_person(world: World) -> None:
    people = world.people().filter(pl.col("ssn").is_not_null())
    assert people.height > 0.85 * world.summary.people
    assert people.filter(~_valid_ssn(pl.col("ssn"))).height == 0
    assert people["ssn"].n_unique() == people.height


def test_ssa_numbers_are_the_people_s_numbers(world: World) -> None:
    ssa = world.csv("ssa")
    assert ssa.filter(~_valid_ssn(pl.col("ssn"))).height == 0
    owners = world.people().select("ssn", "dob").drop_nulls()
    linked = ssa.join(owners, on="ssn", how="left")
    assert linked["dob_right"].null_count() == 0


def test_last_four_digits_are_spread_evenly() -> None:
    ssns = draw_ssns(np.random.default_rng(3), 400_000)
    assert is_valid_ssn(ssns).all()
    counts = np.bincount(ssns % 10_000, minlength=10_000)[1:]
    # 9,999 possible values, about 40 SSNs each: every value used, none far from the mean.
    assert counts.min() > 10
    assert counts.max() < 80
    assert abs(counts.mean() - 40.0) < 0.5


def test_a_numbers_are_nine_digits_clean_and_sometimes_unpadded_in_dhs(world: World) -> None:
    people = world.people().filter(pl.col("a_number").is_not_null())
    assert people["a_number"].str.contains(r"^\d{9}$").all()
    assert people["a_number"].n_unique() == people.height
    written = world.csv("dhs")["a_number"]
    assert written.str.contains(r"^\d{7,9}$").all()
    assert (written.str.len_chars() < 9).any()
    assert (written.str.starts_with("0")).any()


def test_certificate_numbers_use_the_documented_formats(world: World) -> None:
    certificates = world.people()["certificate_number"].drop_nulls()
    assert certificates.str.contains(r"^(N\d{8}|C\d{7})$").all()
    assert certificates.n_unique() == certificates.len()
    assert certificates.str.starts_with("N").any()
    assert certificates.str.starts_with("C").any()
