"""The built-in notices are internally consistent and honest about what is not confirmed."""

from __future__ import annotations

import re

import pytest

from statusbridge.privacy.sorn import (
    SECTION_KEYS,
    SornDataError,
    SornVersion,
    registry,
    versions_from_json,
)

ALL = [v for s in registry().systems() for v in registry().versions(s)]
SLUG = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")


@pytest.mark.parametrize("version", ALL, ids=lambda v: v.key)
def test_each_version_is_well_formed(version: SornVersion) -> None:
    assert version.effective >= version.published
    assert version.effective_basis
    assert version.sources, "every version cites where its facts come from"
    assert set(version.sections) <= set(SECTION_KEYS)
    assert version.section("history")
    for ru in version.routine_uses:
        assert ru.text and ru.recipients and ru.purposes
        assert all(SLUG.match(p) for p in ru.purposes), ru.purposes
        assert all(SLUG.match(f) for f in ru.record_fields), ru.record_fields
        if not ru.label_in_notice:
            assert ru.notes, f"{ru.label}: an unconfirmed label must say why"
    if version.fr_citation is None:
        assert "fr_citation" in version.unconfirmed


def test_the_2022_notice_is_dated_by_publication_not_filing() -> None:
    first = registry().versions("60-0058")[0]
    assert first.published.isoformat() == "2022-01-04"
    assert "filing date" in first.notes


def test_json_round_trip_of_every_version() -> None:
    for v in ALL:
        data = v.to_json()
        assert data["published"] == v.published.isoformat()
        assert [u["label"] for u in data["routine_uses"]] == [u.label for u in v.routine_uses]


def _doc(**version: object) -> dict[str, object]:
    base: dict[str, object] = {"action": "new", "published": "2024-01-02"}
    base.update(version)
    return {"system_number": "X-1", "system_name": "X", "agency": "A", "versions": [base]}


@pytest.mark.parametrize(
    ("doc", "message"),
    [
        (_doc(published="2024-13-01"), "not a YYYY-MM-DD date"),
        (_doc(effective="2023-12-01"), "before publication"),
        (_doc(sections={"nonsense": "x"}), "unknown sections"),
        (
            _doc(routine_uses=[{"label": "1", "text": "a"}, {"label": "1.", "text": "b"}]),
            "duplicate",
        ),
        (_doc(amends={}), "first version cannot amend"),
    ],
)
def test_bad_data_is_rejected_with_a_reason(doc: dict[str, object], message: str) -> None:
    with pytest.raises(SornDataError, match=message):
        versions_from_json(doc)


def test_amendments_must_name_existing_routine_uses() -> None:
    doc = _doc(routine_uses=[{"label": "1", "text": "a"}])
    doc["versions"].append(  # type: ignore[attr-defined]
        {"action": "modified", "published": "2024-06-03", "amends": {"remove": ["9"]}}
    )
    with pytest.raises(SornDataError, match="cannot remove routine use '9'"):
        versions_from_json(doc)


def test_a_misspelt_key_is_an_error_not_silence() -> None:
    with pytest.raises(SornDataError, match="unknown keys \\['efective'\\]"):
        versions_from_json(_doc(efective="2024-02-01"))
    with pytest.raises(SornDataError, match="unknown keys \\['purpose'\\]"):
        versions_from_json(_doc(routine_uses=[{"label": "1", "text": "a", "purpose": ["x"]}]))
