"""The fault functions on their own: each changes a value the way its label says."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st
from rapidfuzz.distance import OSA

from statusbridge.world import faults as f
from statusbridge.world.naming import feminine, plain, with_accents

names = st.text(alphabet="abcdefghijklmnopqrstuvwxyzÁÉÍÓÚáéíóúñÑ'- ", min_size=3, max_size=20)
units = st.floats(min_value=0.0, max_value=0.999999)
dates = st.dates(min_value=date(1900, 1, 1), max_value=date(2026, 10, 1))
ssns = (
    st.integers(min_value=1, max_value=899)
    .filter(lambda a: a != 666)
    .flatmap(
        lambda area: st.tuples(
            st.just(area), st.integers(min_value=1, max_value=99), st.integers(1, 9999)
        )
    )
    .map(lambda t: f"{t[0]:03d}{t[1]:02d}{t[2]:04d}")
)


@given(names.filter(lambda n: sum(ch.isalpha() for ch in n) >= 2), units)
def test_a_typo_is_exactly_one_edit(name: str, u: float) -> None:
    assert OSA.distance(f.typo(name, u, (u * 7.31) % 1.0), name) == 1


@given(dates, units, units, dates)
def test_a_digit_typo_is_another_real_date_never_after_the_as_of_date(
    when: date, u: float, v: float, as_of: date
) -> None:
    latest = max(when, as_of)
    changed = f.digit_typo(when, u, v, latest)
    assert changed != when
    assert f.EARLIEST_DOB <= changed <= latest


def test_a_digit_typo_in_a_recent_year_takes_another_digit() -> None:
    """2019 must not become 2029 (after the as-of date): another digit changes instead."""
    as_of = date(2026, 10, 1)
    for when in (date(2019, 5, 3), date(2026, 9, 30), as_of, date(1999, 12, 31)):
        for u in (i / 40 for i in range(40)):
            for v in (i / 20 for i in range(20)):
                changed = f.digit_typo(when, u, v, as_of)
                assert changed != when
                assert f.EARLIEST_DOB <= changed <= as_of, (when, u, v, changed)


@given(dates, units)
def test_a_day_off_stays_on_or_before_the_as_of_date(when: date, u: float) -> None:
    changed = f.off_by_one_day(when, u, when)
    assert changed == when - timedelta(days=1)
    assert abs((f.off_by_one_day(when, u, date.max) - when).days) == 1


@given(dates, dates)
def test_month_and_day_swap_back(when: date, as_of: date) -> None:
    if f.can_swap_month_day(when):
        swapped = f.month_day_swapped(when)
        assert swapped != when
        assert f.month_day_swapped(swapped) == when
    if f.can_swap_month_day(when, as_of):
        assert f.month_day_swapped(when) <= as_of
    assert not f.can_swap_month_day(date(2026, 3, 10), date(2026, 10, 1))  # 2026-10-03


@given(ssns, units)
def test_invalid_ssns_break_a_rule(ssn: str, u: float) -> None:
    bad = f.invalid_ssn(ssn, u)
    valid = (
        len(bad) == 9
        and bad.isdigit()
        and bad[:3] not in ("000", "666")
        and not bad.startswith("9")
        and bad[3:5] != "00"
        and bad[5:] != "0000"
    )
    assert not valid


@given(st.integers(min_value=1_000_000, max_value=299_999_999), units)
def test_a_typed_a_number_still_names_the_same_number(number: int, u: float) -> None:
    clean = f"{number:09d}"
    typed = f.a_number_as_typed(clean, u)
    assert typed != clean
    assert int(typed.removeprefix("A").removeprefix("-")) == number


def test_surname_faults() -> None:
    assert f.one_surname("García López", 0.1) == "García"
    assert f.one_surname("García López", 0.9) == "López"
    assert f.has_two_surnames("Smith-Jones")
    assert not f.has_two_surnames("De la Cruz")
    assert f.hyphen_space_changed("Smith-Jones") == "Smith Jones"
    assert f.hyphen_space_changed("García López") == "García-López"
    assert f.hyphen_space_changed("De la Cruz") == "Dela Cruz"
    assert f.hyphen_space_changed("Van Buren") == "VanBuren"
    assert f.apostrophe_changed("O'Brien", 0.1) == "OBrien"
    assert f.apostrophe_changed("O'Brien", 0.7) == "O Brien"
    assert f.with_suffix("Smith", 0.0) == "Smith JR"


def test_accents_come_and_go() -> None:
    assert plain("Muñoz Ibáñez") == "Munoz Ibanez"
    assert plain("Łukasz Dąbrowski") == "Lukasz Dabrowski"
    assert plain("Nguyễn Đặng") == "Nguyen Dang"
    assert with_accents("Jose Garcia") == "José García"
    assert f.can_add_accents("Jose", "", "Garcia")
    assert not f.can_add_accents("José", "", "Garcia")


def test_nicknames_and_feminine_surnames() -> None:
    assert f.with_nickname("William", 0.0) == "Bill"
    assert f.with_nickname("Jose", 0.0) == "Pepe"
    assert feminine("Ivanov") == "Ivanova"
    assert feminine("Kowalski") == "Kowalska"
    assert feminine("Shevchenko") == "Shevchenko"
