"""Legal events in the database: nothing counts until a privacy officer accepts it; then the
decision to disclose (and SSA's ingest) honours the event from its day and cites it."""

from __future__ import annotations

from datetime import date

import pytest

from statusbridge.privacy import law, review
from statusbridge.privacy.models import LegalEvent, PolicyDecision
from statusbridge.privacy.services import Refused, authorize, authorize_ingest

pytestmark = pytest.mark.django_db

ELECTION, BENEFITS = "demo-election-office", "demo-benefits-agency"
VOTER, BENEFIT = "voter-list-maintenance", "benefit-eligibility"
AFTER, BEFORE = date(2026, 7, 1), date(2026, 6, 21)


def builtin(system: str) -> LegalEvent:
    return LegalEvent.objects.get(builtin=True, system_number=system)


def test_the_june_2026_order_ships_awaiting_review_with_its_scope_unconfirmed() -> None:
    events = list(LegalEvent.objects.filter(builtin=True))
    assert {e.system_number for e in events} == {"DHS/USCIS-004", "60-0058"}
    for e in events:
        assert e.review == "pending"
        assert e.effect == "vacated"
        assert e.effective_from == date(2026, 6, 22)
        assert "1:25-cv-03501" in e.citation
        assert any("scope" in doubt for doubt in e.unconfirmed)
    assert {r["kind"] for r in review.pending()} == {"event"}


def test_an_unaccepted_order_changes_nothing() -> None:
    assert authorize(ELECTION, VOTER, AFTER, "single").authority
    assert authorize_ingest("ssa", AFTER)


def test_an_accepted_order_refuses_from_its_day_and_names_the_event() -> None:
    event = builtin("DHS/USCIS-004")
    review.accept(f"event-{event.pk}", "officer")
    assert authorize(ELECTION, VOTER, BEFORE, "single").authority  # the day before
    with pytest.raises(Refused) as refused:
        authorize(ELECTION, VOTER, AFTER, "single")
    reason = str(refused.value)
    assert "vacated from 2026-06-22" in reason
    assert "1:25-cv-03501" in reason
    assert f"(event {event.pk})" in reason
    decision = PolicyDecision.objects.filter(allowed=False).first()
    assert decision is not None and "1:25-cv-03501" in decision.reason


def test_an_allowed_answer_cites_the_legal_basis_in_force() -> None:
    event = builtin("DHS/USCIS-004")
    review.accept(f"event-{event.pk}", "officer")
    allowed = authorize(BENEFITS, BENEFIT, AFTER, "single")
    assert "85 FR 31798" in allowed.authority  # the 2020 notice answers again
    assert f"event {event.pk}" in allowed.authority
    assert "90 FR 48948" not in allowed.authority.split(";")[0]


def test_a_rejected_order_never_counts() -> None:
    event = builtin("DHS/USCIS-004")
    review.reject(f"event-{event.pk}", "officer")
    assert authorize(ELECTION, VOTER, AFTER, "single").authority
    with pytest.raises(review.ReviewError, match="already rejected"):
        review.accept(f"event-{event.pk}", "officer")


def test_a_vacated_ssa_routine_use_stops_the_ingest_and_closes_the_ssn_paths() -> None:
    event = builtin("60-0058")
    review.accept(f"event-{event.pk}", "officer")
    with pytest.raises(Refused, match=r"1:25-cv-03501.*\(event \d+\)"):
        authorize_ingest("ssa", AFTER)
    assert authorize_ingest("ssa", BEFORE)
    allowed = authorize(BENEFITS, BENEFIT, AFTER, "single")
    assert "ssn" not in allowed.identifier_types
    assert "ssn_last4" not in allowed.identifier_types
    assert {"a_number", "certificate_number"} <= allowed.identifier_types
    assert "1:25-cv-03501" in allowed.identifier_limits["ssn"]
    before = authorize(BENEFITS, BENEFIT, BEFORE, "single")
    assert "ssn" in before.identifier_types and not before.identifier_limits


def test_a_stay_accepted_later_restores_the_disclosure_and_is_cited() -> None:
    vacatur = builtin("DHS/USCIS-004")
    review.accept(f"event-{vacatur.pk}", "officer")
    stay = review.add_event(
        "DHS/USCIS-004",
        date(2025, 10, 31),
        "stayed",
        date(2026, 8, 3),
        "Stay pending appeal (D.C. Cir.)",
    )
    assert "stayed" not in authorize(BENEFITS, BENEFIT, date(2026, 8, 4), "single").authority
    with pytest.raises(Refused):
        authorize(ELECTION, VOTER, date(2026, 8, 4), "single")  # pending: no effect yet
    review.accept(f"event-{stay.pk}", "officer")
    allowed = authorize(ELECTION, VOTER, date(2026, 8, 4), "single")
    assert f"event {stay.pk}" in allowed.authority


@pytest.mark.parametrize(
    ("system", "published", "label", "message"),
    [
        ("DHS/USCIS-099", "2025-10-31", "", "unknown system of records"),
        (
            "DHS/USCIS-004",
            "2025-10-30",
            "",
            "no version of DHS/USCIS-004 was published on 2025-10-30",
        ),
        ("60-0058", "2025-11-12", "sb-nothing", "has no routine use 'sb-nothing'"),
    ],
)
def test_an_event_naming_no_known_version_is_refused(
    system: str, published: str, label: str, message: str
) -> None:
    with pytest.raises(review.ReviewError, match=message):
        review.add_event(
            system, date.fromisoformat(published), "vacated", AFTER, "Some order", routine_use=label
        )
    assert not LegalEvent.objects.filter(builtin=False).exists()


def test_an_event_before_its_notice_or_without_a_citation_is_refused() -> None:
    with pytest.raises(review.ReviewError, match="before the notice"):
        review.add_event("DHS/USCIS-004", date(2025, 10, 31), "vacated", date(2025, 1, 1), "x")
    with pytest.raises(review.ReviewError, match="citation"):
        review.add_event("DHS/USCIS-004", date(2025, 10, 31), "vacated", AFTER, " ")


def test_review_ids_name_their_kind() -> None:
    with pytest.raises(review.ReviewError, match="not a review id"):
        review.find("case-3")
    with pytest.raises(review.ReviewError, match="nothing to review"):
        review.find("event-999")


def test_in_force_says_in_plain_words_what_holds_with_links() -> None:
    event = builtin("DHS/USCIS-004")
    review.accept(f"event-{event.pk}", "officer")
    systems = {s["system"]: s for s in law.in_force(AFTER)}
    save = systems["DHS/USCIS-004"]
    assert save["version_in_force"] == "DHS/USCIS-004@2025-10-31"
    assert any(n["url"] == "https://www.federalregister.gov/d/2020-11390" for n in save["notices"])
    assert save["barred"] and "authorizes nothing" in save["barred"][0]["plain"]
    accepted = [e for e in save["legal_events"] if e["review"] == "accepted"]
    assert accepted and "June 22, 2026" in accepted[0]["plain"]
    ssa = systems["60-0058"]
    assert [e["review"] for e in ssa["legal_events"]] == ["pending"]
    assert not ssa["barred"]
