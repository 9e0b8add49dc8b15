"""The election calendar's hold on final removals (52 U.S.C. 20507(c)(2)(A)), as pure functions."""

from __future__ import annotations

from datetime import date

import pytest

from statusbridge.cases.elections import Election, general_election, hold_among


@pytest.mark.parametrize(
    ("year", "day"),
    [(2022, date(2022, 11, 8)), (2024, date(2024, 11, 5)), (2026, date(2026, 11, 3)),
     (2028, date(2028, 11, 7)), (2032, date(2032, 11, 2))],
)  # fmt: skip
def test_general_elections_are_the_tuesday_after_the_first_monday(year: int, day: date) -> None:
    assert general_election(year) == day


def test_odd_years_have_no_federal_general_election() -> None:
    assert general_election(2027) is None


GENERAL = Election(date(2026, 11, 3), "federal general election")


def test_the_ninety_days_before_an_election_are_held_and_the_day_after_is_free() -> None:
    assert hold_among([GENERAL], date(2026, 8, 5)) is None  # 90 days before: on time
    held = hold_among([GENERAL], date(2026, 8, 6))
    assert held is not None and held.until == date(2026, 11, 4)
    assert "52 U.S.C. 20507(c)(2)(A)" in held.reason() and "2026-11-04" in held.reason()
    assert hold_among([GENERAL], date(2026, 11, 3)) is not None  # election day itself
    assert hold_among([GENERAL], date(2026, 11, 4)) is None


def test_a_primary_then_the_general_election_hold_as_one_stretch() -> None:
    primary = Election(date(2026, 9, 1), "GA federal primary runoff")
    held = hold_among([primary, GENERAL], date(2026, 7, 1))
    assert held is not None
    assert held.election == primary and held.until == date(2026, 11, 4)
