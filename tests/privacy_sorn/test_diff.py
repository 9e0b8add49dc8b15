"""What changed between two notices, for people and as JSON."""

from __future__ import annotations

import json
from datetime import date

from statusbridge.privacy.sorn import (
    RoutineUse,
    SornAction,
    SornVersion,
    diff,
    registry,
    render_diff_text,
)


def test_the_november_2025_notice_adds_the_dhs_routine_use() -> None:
    r = registry()
    d = diff(r.resolve("60-0058@2025-06-01"), r.resolve("60-0058@2026-01-01"))
    assert [ru.label for ru in d.added] == ["sb-dhs-save"]
    added = d.added[0]
    assert "DHS (USCIS SAVE)" in added.recipients
    assert {"voter-list-maintenance", "immigration-status-verification"} <= set(added.purposes)
    assert "citizenship_code" in added.record_fields
    assert added.authorities == ("8 U.S.C. 1373(a)",)
    assert d.removed == () and d.changed == ()
    assert "1" in d.unchanged
    assert [s.key for s in d.sections] == ["history"]


def test_text_rendering_shows_the_added_use_and_when_it_applies() -> None:
    r = registry()
    text = render_diff_text(diff(r.resolve("60-0058@2025-06-01"), r.resolve("60-0058@2026-01-01")))
    assert "Routine uses added (1):" in text
    assert "+ sb-dhs-save" in text
    assert "8 U.S.C. 1373(a)" in text
    assert "may be used from 2025-12-12" in text
    assert "voter-list-maintenance" in text
    assert "Not confirmed for 60-0058@2025-11-12" in text


def test_json_round_trips() -> None:
    r = registry()
    d = diff(r.resolve("60-0058@2025-06-01"), r.resolve("60-0058@2026-01-01"))
    data = json.loads(json.dumps(d.to_json()))
    assert data["old"]["published"] == "2025-02-20"
    assert data["new"]["published"] == "2025-11-12"
    assert data["new"]["effective"] == "2025-12-12"
    assert [u["label"] for u in data["routine_uses"]["added"]] == ["sb-dhs-save"]
    assert data["routine_uses"]["removed"] == []
    assert data["sections"][0]["key"] == "history"
    assert data["sections"][0]["unified_diff"].startswith("--- 60-0058@2025-02-20")


def test_same_version_on_both_dates() -> None:
    r = registry()
    d = diff(r.resolve("60-0058@2025-03-01"), r.resolve("60-0058@2025-06-01"))
    assert d.same_version and d.is_empty
    assert "nothing changed" in render_diff_text(d)


def test_save_2025_changes_purposes_and_sources() -> None:
    r = registry()
    d = diff(r.resolve("DHS/USCIS-004@2025-01-01"), r.resolve("DHS/USCIS-004@2026-01-01"))
    keys = [s.key for s in d.sections]
    for key in (
        "purposes",
        "categories_of_individuals",
        "categories_of_records",
        "record_source_categories",
        "history",
    ):
        assert key in keys
    (change,) = d.changed
    assert change.new.label == "sb-user-agencies"
    assert change.matched_by == "label"
    assert "purposes" in change.fields_changed
    assert "voter-list-maintenance" in change.new.purposes
    records = next(s for s in d.sections if s.key == "record_source_categories")
    assert "+" in records.unified_diff and "60-0058" in records.unified_diff


def _v(uses: tuple[RoutineUse, ...], published: date, **sections: str) -> SornVersion:
    return SornVersion(
        system_number="X-1",
        system_name="Example",
        agency="Example agency",
        action=SornAction.MODIFIED,
        published=published,
        effective=published,
        effective_basis="test",
        sections=sections,
        routine_uses=uses,
    )


ARCHIVES = "To the National Archives and Records Administration for records management."
AUDIT = "To the Government Accountability Office and the Inspector General for program audits."
POLICE = "To law enforcement agencies investigating a violation of law shown by the record."


def test_renumbered_uses_are_matched_by_text() -> None:
    old = _v(
        (RoutineUse("1", ARCHIVES), RoutineUse("2", AUDIT), RoutineUse("3", POLICE)),
        date(2020, 1, 2),
    )
    # 1 deleted; 2 and 3 move up, 3 with a small rewording; a new 3 is added.
    new = _v(
        (
            RoutineUse("1", AUDIT),
            RoutineUse("2", POLICE.replace("agencies", "authorities")),
            RoutineUse("3", "To contractors doing work for the agency."),
        ),
        date(2021, 1, 4),
    )
    d = diff(old, new)
    assert [ru.label for ru in d.removed] == ["1"]
    assert d.removed[0].text == ARCHIVES
    assert [ru.text for ru in d.added] == ["To contractors doing work for the agency."]
    moved = {(c.old.label, c.new.label): c for c in d.changed}
    assert set(moved) == {("2", "1"), ("3", "2")}
    assert moved[("2", "1")].fields_changed == ("label",)
    assert moved[("3", "2")].matched_by == "text"
    assert "text" in moved[("3", "2")].fields_changed
    assert "-To law enforcement agencies" in moved[("3", "2")].text_diff
    text = render_diff_text(d)
    assert "(was 3; matched by text" in text


def test_a_reused_number_with_new_meaning_is_a_removal_and_an_addition() -> None:
    old = _v((RoutineUse("5", ARCHIVES),), date(2020, 1, 2))
    new = _v(
        (RoutineUse("5", "To foreign governments under a treaty for tax purposes."),),
        date(2021, 1, 4),
    )
    d = diff(old, new)
    assert len(d.removed) == 1 and len(d.added) == 1 and d.changed == ()


def test_field_level_changes_are_reported() -> None:
    old = _v((RoutineUse("1", ARCHIVES, purposes=("records-management",)),), date(2020, 1, 2))
    new = _v(
        (
            RoutineUse(
                "1",
                ARCHIVES,
                purposes=("records-management", "research-statistics"),
                record_fields=("name",),
            ),
        ),
        date(2021, 1, 4),
    )
    (change,) = diff(old, new).changed
    assert change.fields_changed == ("purposes", "record_fields")
    assert change.text_diff == ""
    assert "purposes: +[research-statistics] -[none]" in render_diff_text(diff(old, new))


def test_section_changes_and_name_changes() -> None:
    old = _v((), date(2020, 1, 2), retention="Kept 6 years.", exemptions="None.")
    new = _v((), date(2021, 1, 4), retention="Kept 10 years.", exemptions="None.")
    new = SornVersion(**{**new.__dict__, "system_name": "Renamed"})
    d = diff(old, new)
    assert [s.key for s in d.sections] == ["retention"]
    assert "-Kept 6 years." in d.sections[0].unified_diff
    assert d.header == {"system_name": ("Example", "Renamed")}
