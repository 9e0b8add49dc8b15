"""Request rows as agencies send them, and the truth about each one."""

from __future__ import annotations

from datetime import date

import polars as pl
from rapidfuzz.distance import OSA

from .support import World


def _joined(world: World) -> pl.DataFrame:
    """Requests with their truth row and the requester's true identity."""
    people = world.people().select(
        "person_id",
        "family_id",
        pl.col("first_name").alias("true_first"),
        pl.col("middle_name").alias("true_middle"),
        pl.col("last_name").alias("true_last"),
        pl.col("dob").alias("true_dob"),
        pl.col("ssn").alias("true_ssn"),
        pl.col("a_number").alias("true_a_number"),
        pl.col("certificate_number").alias("true_certificate"),
        pl.col("truth_class").alias("person_class"),
    )
    return (
        world.csv("requests")
        .join(world.csv("truth"), on="request_id")
        .join(people, on="person_id", how="left")
    )


def holds(condition: pl.Series) -> bool:
    """True where every row satisfies the condition; a missing value counts as a failure."""
    return bool(condition.fill_null(False).all())


def _share(frame: pl.DataFrame, condition: pl.Expr) -> float:
    return frame.filter(condition).height / frame.height


def test_the_identifier_mix_looks_like_an_agency_file(world: World) -> None:
    truth = world.csv("truth")
    kind = pl.col("input_kind")
    assert 0.45 <= _share(truth, kind.str.contains(r"(^|\+)ssn($|\+)")) <= 0.72
    assert 0.12 <= _share(truth, kind == "ssn_last4") <= 0.28
    assert 0.08 <= _share(truth, kind.str.contains("a_number")) <= 0.25
    assert 0.02 <= _share(truth, kind.str.contains("certificate")) <= 0.12
    assert 0.005 <= _share(truth, kind == "none") <= 0.07
    assert truth.filter(kind.str.contains(r"\+")).height > 0


def test_most_rows_are_clean_a_few_invalid_a_few_impostors(world: World) -> None:
    truth = world.csv("truth")
    assert _share(truth, pl.col("fault") == "none") > 0.4
    assert 0.005 <= _share(truth, pl.col("valid") == "false") <= 0.03
    assert 0.003 <= _share(truth, pl.col("impostor") == "true") <= 0.025
    assert _share(truth, pl.col("truth_class") == "citizen") > 0.6
    assert truth.filter(pl.col("truth_class") == "no_lawful_status").height > 0
    assert truth["fault"].n_unique() >= 20


def test_identifiers_are_well_formed_on_valid_rows(world: World) -> None:
    rows = _joined(world).filter(pl.col("valid") == "true")
    ssn = rows.filter(pl.col("ssn") != "")["ssn"]
    assert ssn.str.contains(r"^(\d{9}|\d{3}-\d{2}-\d{4})$").all()
    assert rows.filter(pl.col("ssn_last4") != "")["ssn_last4"].str.contains(r"^\d{4}$").all()
    carrying = rows.filter(
        pl.col("input_kind").str.contains("ssn") & (pl.col("impostor") == "false")
    )
    carrying = carrying.filter(pl.col("fault") != "made_up_ssn")
    assert carrying["true_ssn"].null_count() == 0, "only SSN holders give their own SSN"
    with_a = rows.filter(
        pl.col("input_kind").str.contains("a_number") & (pl.col("impostor") == "false")
    )
    assert with_a["true_a_number"].null_count() == 0


def test_clean_rows_carry_the_requester_s_own_identity(world: World) -> None:
    clean = _joined(world).filter(pl.col("fault") == "none")
    assert holds(clean["first_name"] == clean["true_first"])
    assert holds(clean["middle_name"] == clean["true_middle"])
    assert holds(clean["last_name"] == clean["true_last"])
    assert holds(clean["dob"] == clean["true_dob"].cast(pl.String))
    with_ssn = clean.filter(pl.col("ssn") != "")
    assert holds(with_ssn["ssn"] == with_ssn["true_ssn"])
    with_a = clean.filter(pl.col("a_number") != "")
    assert holds(with_a["a_number"] == with_a["true_a_number"])
    last4 = clean.filter(pl.col("ssn_last4") != "")
    assert holds(last4["ssn_last4"] == last4["true_ssn"].str.slice(5, 4))
    with_certificate = clean.filter(pl.col("certificate_number") != "")
    assert holds(with_certificate["certificate_number"] == with_certificate["true_certificate"])


def test_impostor_rows_point_at_a_different_person_s_number(world: World) -> None:
    rows = _joined(world).filter(pl.col("impostor") == "true")
    assert rows.height > 0
    owners = world.people().select(
        pl.col("person_id").alias("owner_person_id"),
        pl.col("ssn").alias("owner_ssn"),
        pl.col("a_number").alias("owner_a_number"),
        pl.col("family_id").alias("owner_family"),
        pl.col("last_name").alias("owner_last"),
    )
    rows = rows.join(owners, on="owner_person_id", how="left")
    assert holds(rows["owner_person_id"] != rows["person_id"])
    by_ssn = rows.filter(pl.col("fault").is_in(["stranger_ssn", "relative_ssn"]))
    assert holds(by_ssn["ssn"] == by_ssn["owner_ssn"])
    assert holds(by_ssn["ssn"] != by_ssn["true_ssn"].fill_null(""))
    by_a = rows.filter(pl.col("fault") == "stranger_a_number")
    assert holds(by_a["a_number"] == by_a["owner_a_number"])
    relatives = rows.filter(pl.col("fault") == "relative_ssn")
    assert holds(relatives["family_id"] == relatives["owner_family"])
    strangers = rows.filter(pl.col("fault") == "stranger_ssn")
    assert holds(strangers["family_id"] != strangers["owner_family"])
    # The impostor's own name and birth date, and the impostor's own truth.
    assert holds(rows["first_name"] == rows["true_first"])
    assert holds(rows["truth_class"] == rows["person_class"])


def test_made_up_ssns_look_valid_and_belong_to_no_one(world: World) -> None:
    made_up = world.csv("requests").join(world.csv("truth"), on="request_id")
    made_up = made_up.filter(pl.col("fault") == "made_up_ssn")
    issued = set(world.people()["ssn"].drop_nulls())
    assert made_up["ssn"].str.contains(r"^\d{9}$").all()
    assert not set(made_up["ssn"]) & issued
    assert holds(made_up["impostor"] == "false")


def test_deceased_follows_the_ssa_record_of_the_number_s_owner(world: World) -> None:
    truth = world.csv("truth")
    owners = world.people().filter(pl.col("death_date").is_not_null() & pl.col("ssn").is_not_null())
    dead = set(owners["person_id"])
    subject = (
        pl.when(pl.col("owner_person_id") != "")
        .then(pl.col("owner_person_id"))
        .when(pl.col("fault") != "made_up_ssn")
        .then(pl.col("person_id"))
        .otherwise(pl.lit(""))
    )
    checked = truth.with_columns(subject.alias("subject"))
    expected = checked["subject"].is_in(list(dead))
    assert holds((checked["deceased"] == "true") == expected)
    assert checked.filter(pl.col("deceased") == "true").height > 0


def test_formatting_faults_change_only_the_format(world: World) -> None:
    rows = _joined(world)
    dashed = rows.filter(pl.col("fault") == "ssn_dashes")
    assert dashed["ssn"].str.contains(r"^\d{3}-\d{2}-\d{4}$").all()
    assert holds(dashed["ssn"].str.replace_all("-", "") == dashed["true_ssn"])
    us_dates = rows.filter(pl.col("fault") == "date_us_format")
    parsed = us_dates["dob"].str.strptime(pl.Date, "%m/%d/%Y")
    assert holds(parsed == us_dates["true_dob"])
    a_numbers = rows.filter(pl.col("fault") == "a_number_format")
    digits = a_numbers["a_number"].str.replace(r"^A-?", "").cast(pl.Int64)
    assert holds(digits == a_numbers["true_a_number"].cast(pl.Int64))
    assert holds(a_numbers["a_number"] != a_numbers["true_a_number"])


def test_typos_are_one_edit_and_date_faults_stay_real_dates(world: World) -> None:
    rows = _joined(world)
    for fault, written, true in (
        ("typo_first", "first_name", "true_first"),
        ("typo_last", "last_name", "true_last"),
    ):
        for a, b in rows.filter(pl.col("fault") == fault).select(written, true).iter_rows():
            assert OSA.distance(a, b) == 1, (a, b)
    for fault in ("dob_off_by_one_day", "dob_month_day_swap", "dob_digit_typo"):
        faulted = rows.filter(pl.col("fault") == fault)
        parsed = faulted["dob"].str.strptime(pl.Date, "%Y-%m-%d")
        assert holds(parsed != faulted["true_dob"]), fault
    swapped = rows.filter(pl.col("fault") == "dob_month_day_swap")
    for written, true in swapped.select("dob", "true_dob").iter_rows():
        year, month, day = (int(x) for x in written.split("-"))
        assert date(year, day, month) == true


def test_name_faults_do_what_their_labels_say(world: World) -> None:
    rows = _joined(world)

    def faulted(name: str) -> pl.DataFrame:
        return rows.filter(pl.col("fault") == name)

    case = faulted("case")
    assert (
        (case["last_name"] == case["true_last"].str.to_uppercase())
        | (case["last_name"] == case["true_last"].str.to_lowercase())
    ).all()
    assert holds(faulted("middle_dropped")["middle_name"] == "")
    assert holds(faulted("middle_initial")["middle_name"].str.len_chars() <= 2)
    short = faulted("compound_surname_short")
    assert all(
        s in t.replace("-", " ").split()
        for s, t in short.select("last_name", "true_last").iter_rows()
    )
    earlier = faulted("earlier_name")
    assert holds(earlier["last_name"] != earlier["true_last"])
    assert not faulted("accents_stripped")["last_name"].str.contains(r"[À-ÿ]").any()
    assert holds(faulted("missing_last_name")["last_name"] == "")


def test_invalid_rows_really_are_invalid(world: World) -> None:
    rows = _joined(world).filter(pl.col("valid") == "false")
    assert rows.height > 0
    bad_ssn = rows.filter(pl.col("fault") == "invalid_ssn")["ssn"]
    valid = (
        bad_ssn.str.contains(r"^\d{9}$")
        & ~bad_ssn.str.slice(0, 3).is_in(["000", "666"])
        & ~bad_ssn.str.starts_with("9")
        & (bad_ssn.str.slice(3, 2) != "00")
        & (bad_ssn.str.slice(5, 4) != "0000")
    )
    assert not valid.any()
    bad_dates = rows.filter(pl.col("fault") == "invalid_date")["dob"]
    iso = bad_dates.str.strptime(pl.Date, "%Y-%m-%d", strict=False)
    us = bad_dates.str.strptime(pl.Date, "%m/%d/%Y", strict=False)
    assert iso.is_null().all() and us.is_null().all()
