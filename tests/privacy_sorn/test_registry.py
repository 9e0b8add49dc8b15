"""Which notice is in force on a day, and which routine uses may be used that day."""

from __future__ import annotations

from datetime import date

import pytest

from statusbridge.privacy.sorn import (
    RoutineUse,
    SornAction,
    SornLookupError,
    SornRegistry,
    SornVersion,
    registry,
)

DHS_USE = "sb-dhs-save"


def labels(uses: list[RoutineUse]) -> list[str]:
    return [u.label for u in uses]


def test_built_in_systems() -> None:
    assert registry().systems() == ["60-0058", "DHS/USCIS-004"]


def test_ssa_versions_in_order() -> None:
    versions = registry().versions("60-0058")
    assert [v.published for v in versions] == [
        date(2022, 1, 4),
        date(2024, 12, 31),
        date(2025, 2, 20),
        date(2025, 11, 12),
    ]
    first = versions[0]
    assert (first.fr_citation, first.fr_doc, first.docket) == (
        "87 FR 263",
        "2021-28490",
        "SSA-2021-0015",
    )
    assert first.effective == date(2022, 2, 3)
    assert versions[-1].docket == "SSA-2025-0225"
    assert all(v.action is SornAction.MODIFIED for v in versions)


def test_save_versions() -> None:
    old, new = registry().versions("DHS/USCIS-004")
    assert (old.fr_citation, old.fr_doc, old.published) == (
        "85 FR 31798",
        "2020-11390",
        date(2020, 5, 27),
    )
    assert (new.fr_citation, new.fr_doc, new.published) == (
        "90 FR 48948",
        "2025-19735",
        date(2025, 10, 31),
    )
    assert new.effective == date(2025, 12, 1)
    assert "60-0058" in new.section("record_source_categories")


def test_in_force_is_the_latest_published_on_or_before_the_day() -> None:
    r = registry()
    assert r.in_force("60-0058", date(2021, 12, 31)) is None
    assert r.in_force("60-0058", date(2022, 1, 4)).published == date(2022, 1, 4)  # type: ignore[union-attr]
    assert r.in_force("60-0058", date(2025, 6, 1)).published == date(2025, 2, 20)  # type: ignore[union-attr]
    # Published Nov 12: in force from that day, though its new routine use is not yet usable.
    assert r.in_force("60-0058", date(2025, 11, 12)).published == date(2025, 11, 12)  # type: ignore[union-attr]


def test_the_dhs_routine_use_is_not_usable_before_its_effective_date() -> None:
    r = registry()
    nov_12 = r.in_force("60-0058", date(2025, 11, 20))
    assert nov_12 is not None and nov_12.routine_use(DHS_USE) is not None
    assert nov_12.effective == date(2025, 12, 12)
    assert DHS_USE not in labels(r.routine_uses_effective("60-0058", date(2025, 11, 20)))
    assert DHS_USE not in labels(r.routine_uses_effective("60-0058", date(2025, 12, 11)))
    assert DHS_USE in labels(r.routine_uses_effective("60-0058", date(2025, 12, 12)))
    assert DHS_USE in labels(r.routine_uses_effective("60-0058", date(2026, 1, 1)))
    assert DHS_USE not in labels(r.routine_uses_effective("60-0058", date(2025, 6, 1)))


def test_unchanged_routine_uses_stay_usable_across_new_notices() -> None:
    r = registry()
    for day in (date(2022, 1, 4), date(2025, 1, 5), date(2025, 2, 20), date(2025, 11, 20)):
        assert "1" in labels(r.routine_uses_effective("60-0058", day))
    since = {
        e.routine_use.label: e.effective_from for e in r.authorizing("60-0058", date(2026, 1, 1))
    }
    assert since["1"] == date(2022, 1, 4)  # modified in 2022 and applied on publication
    assert since["sb-research"] == date(2022, 2, 3)  # new in 2022
    assert since[DHS_USE] == date(2025, 12, 12)


def test_uses_new_in_2022_wait_for_february_3() -> None:
    r = registry()
    jan = labels(r.routine_uses_effective("60-0058", date(2022, 1, 20)))
    assert "sb-research" not in jan and "1" in jan
    assert "sb-research" in labels(r.routine_uses_effective("60-0058", date(2022, 2, 3)))


def test_a_changed_routine_use_keeps_its_old_wording_until_effective() -> None:
    r = registry()
    before = {e.routine_use.label: e for e in r.authorizing("DHS/USCIS-004", date(2025, 11, 15))}
    user = before["sb-user-agencies"]
    assert "voter-list-maintenance" not in user.routine_use.purposes
    assert user.version.published == date(2020, 5, 27)
    after = {e.routine_use.label: e for e in r.authorizing("DHS/USCIS-004", date(2025, 12, 1))}
    assert "voter-list-maintenance" in after["sb-user-agencies"].routine_use.purposes
    assert after["sb-user-agencies"].version.published == date(2025, 10, 31)


def test_for_purpose() -> None:
    r = registry()
    assert r.for_purpose("60-0058", "voter-list-maintenance", date(2025, 6, 1)) == []
    hits = r.for_purpose("60-0058", "voter-list-maintenance", date(2026, 1, 2))
    assert [h.routine_use.label for h in hits] == [DHS_USE]
    assert hits[0].routine_use.authorities == ("8 U.S.C. 1373(a)",)
    assert r.for_purpose("DHS/USCIS-004", "benefit-eligibility", date(2021, 1, 1))


@pytest.mark.parametrize(
    ("ref", "published"),
    [
        ("60-0058@2026-01-01", date(2025, 11, 12)),
        ("60-0058@2025-06-01", date(2025, 2, 20)),
        ("60\u20130058@2022-01-04", date(2022, 1, 4)),
        ("dhs/uscis-004@2025-11-01", date(2025, 10, 31)),
        ("DHS/USCIS-004", date(2025, 10, 31)),
    ],
)
def test_resolve(ref: str, published: date) -> None:
    assert registry().resolve(ref).published == published


@pytest.mark.parametrize(
    ("ref", "message"),
    [
        ("60-9999@2026-01-01", "unknown system of records '60-9999'"),
        ("60-0058@2026-13-01", "not a YYYY-MM-DD date"),
        ("60-0058@2020-01-01", "no version of 60-0058 was published on or before 2020-01-01"),
        ("@2026-01-01", "names no system"),
    ],
)
def test_resolve_errors(ref: str, message: str) -> None:
    with pytest.raises(SornLookupError, match=message):
        registry().resolve(ref)


def _version(published: date, uses: tuple[RoutineUse, ...], effective: date) -> SornVersion:
    return SornVersion(
        system_number="X-1",
        system_name="Example",
        agency="Example agency",
        action=SornAction.MODIFIED,
        published=published,
        effective=effective,
        effective_basis="test",
        routine_uses=uses,
    )


def test_removal_takes_effect_on_publication_and_renumbering_keeps_the_date() -> None:
    a = RoutineUse("1", "To the archives for records management.")
    b = RoutineUse("2", "To auditors evaluating the program.")
    b_renumbered = RoutineUse("1", b.text)
    v1 = _version(date(2024, 1, 2), (a, b), date(2024, 1, 2))
    v2 = _version(date(2024, 6, 3), (b_renumbered,), date(2024, 7, 3))
    r = SornRegistry([v1, v2])
    on = date(2024, 6, 10)
    assert r.routine_uses_effective("X-1", on) == [b_renumbered]
    assert r.authorizing("X-1", on)[0].effective_from == date(2024, 1, 2)


def test_with_version_adds_an_imported_notice_without_touching_the_original() -> None:
    base = registry()
    extra = _version(date(2026, 3, 2), (), date(2026, 4, 1))
    bigger = base.with_version(extra)
    assert "X-1" in bigger.systems() and "X-1" not in base.systems()


def test_two_versions_on_one_day_are_refused() -> None:
    v = _version(date(2024, 1, 2), (), date(2024, 2, 1))
    with pytest.raises(ValueError, match="same day"):
        SornRegistry([v, v])
