"""Legal events as the registry reads them: what a vacated, enjoined, stayed or lifted notice or
routine use leaves usable on each day (pure: no database)."""

from __future__ import annotations

from datetime import date
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from statusbridge.privacy.sorn import registry
from statusbridge.privacy.sorn.events import Effect, LegalEvent

ORDER_DAY = date(2026, 6, 22)
CITATION = "League of Women Voters v. DHS, No. 1:25-cv-03501 (D.D.C. June 22, 2026)"


def event(
    effect: Effect,
    system: str = "DHS/USCIS-004",
    published: date = date(2025, 10, 31),
    on: date = ORDER_DAY,
    label: str = "",
    id: int = 1,
) -> LegalEvent:
    substances: frozenset[tuple[object, ...]] = frozenset()
    if label:
        version = registry().version_of(system, published)
        assert version is not None
        use = version.routine_use(label)
        assert use is not None
        substances = frozenset({use.substance()})
    return LegalEvent(id, system, published, effect, on, CITATION, label, substances)


def purposes(system: str, on: date, events: list[LegalEvent]) -> set[str]:
    standing = registry().standing(system, on, events)
    return {p for u in standing.usable for p in u.routine_use.purposes}


def test_without_events_the_2025_save_notice_covers_voter_list_maintenance() -> None:
    assert "voter-list-maintenance" in purposes("DHS/USCIS-004", date(2026, 7, 1), [])


def test_vacating_the_2025_save_notice_restores_the_2020_wording_from_the_order_day() -> None:
    vacated = [event(Effect.VACATED)]
    assert "voter-list-maintenance" in purposes("DHS/USCIS-004", date(2026, 6, 21), vacated)
    after = registry().standing("DHS/USCIS-004", date(2026, 7, 1), vacated)
    usable = {p for u in after.usable for p in u.routine_use.purposes}
    assert "voter-list-maintenance" not in usable
    assert "benefit-eligibility" in usable  # the 2020 notice's own authority
    user_agencies = next(u for u in after.usable if u.routine_use.label == "sb-user-agencies")
    assert user_agencies.version.fr_citation == "85 FR 31798"
    assert "event 1" in user_agencies.citation()
    assert [b.event.id for b in after.barred] == [1]
    # Uses the 2025 notice repeated unchanged keep the authority of the notice before it.
    assert "credentialing" in usable


def test_a_stay_restores_the_wording_and_a_later_injunction_bars_it_again() -> None:
    events = [
        event(Effect.VACATED),
        event(Effect.STAYED, on=date(2026, 8, 1), id=2),
    ]
    assert "voter-list-maintenance" not in purposes("DHS/USCIS-004", date(2026, 7, 15), events)
    stayed = registry().standing("DHS/USCIS-004", date(2026, 8, 2), events)
    assert "voter-list-maintenance" in {p for u in stayed.usable for p in u.routine_use.purposes}
    assert any(e.id == 2 for u in stayed.usable for e in u.events)
    # An injunction after the stay bars it again.
    events.append(event(Effect.ENJOINED, on=date(2026, 9, 1), id=3))
    assert "voter-list-maintenance" not in purposes("DHS/USCIS-004", date(2026, 9, 2), events)


def test_vacating_ssas_routine_use_to_dhs_leaves_its_other_uses() -> None:
    vacated = [event(Effect.VACATED, "60-0058", date(2025, 11, 12), label="sb-dhs-save")]
    standing = registry().standing("60-0058", date(2026, 7, 1), vacated)
    labels = {u.routine_use.label for u in standing.usable}
    assert "sb-dhs-save" not in labels
    assert {"sb-dhs-e-verify", "sb-state-mva", "1"} <= labels
    assert [b.routine_use.label for b in standing.barred] == ["sb-dhs-save"]


def test_an_event_on_another_system_or_a_later_day_changes_nothing() -> None:
    other = [event(Effect.VACATED, "60-0058", date(2025, 11, 12))]
    assert "voter-list-maintenance" in purposes("DHS/USCIS-004", date(2026, 7, 1), other)
    later = [event(Effect.VACATED, on=date(2026, 12, 1))]
    assert "voter-list-maintenance" in purposes("DHS/USCIS-004", date(2026, 7, 1), later)


_EFFECTS = st.sampled_from(list(Effect))
_DAYS = st.dates(min_value=date(2025, 11, 1), max_value=date(2027, 1, 1))
# Days the 2025 wording is in effect (from December 1, 2025), events aside.
_LATER = st.dates(min_value=date(2025, 12, 1), max_value=date(2027, 1, 1))


@given(
    st.lists(st.tuples(_EFFECTS, _DAYS, st.booleans()), max_size=6),
    _LATER,
    st.randoms(use_true_random=False),
)
def test_the_latest_event_decides_whatever_order_they_are_listed_in(
    raw: list[tuple[Effect, date, bool]], on: date, shuffle: Any
) -> None:
    events = [
        event(effect, on=day, id=i + 1, **({"label": "sb-user-agencies"} if one_use else {}))
        for i, (effect, day, one_use) in enumerate(raw)
    ]
    reordered = list(events)
    shuffle.shuffle(reordered)
    first = registry().standing("DHS/USCIS-004", on, events)
    second = registry().standing("DHS/USCIS-004", on, reordered)
    assert [u.routine_use.label for u in first.usable] == [
        u.routine_use.label for u in second.usable
    ]
    in_effect = [e for e in events if e.effective_from <= on]
    latest = max(in_effect, key=lambda e: (e.effective_from, e.id), default=None)
    covered = {p for u in first.usable for p in u.routine_use.purposes}
    # Every event here touches the 2025 wording of the user-agencies use: the latest decides.
    assert ("voter-list-maintenance" in covered) == (latest is None or not latest.bars)
    assert "benefit-eligibility" in covered  # the 2020 wording is never touched
