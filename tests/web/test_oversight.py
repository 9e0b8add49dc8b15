"""The privacy officer's and the auditor's pages through the test client: each page by role
(allowed and refused), a legal event accepted and rejected through the page (its review changes
and names who), the ledger's Verify button, and the dashboard's CSV downloads."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from django.test import Client

from statusbridge.accounts.models import StaffAction
from statusbridge.privacy import review
from statusbridge.privacy.models import LegalEvent, PolicyDecision
from tests.web.conftest import EARLIER_NAME, ELECTION, OpenCase, SignIn

PAGES = {
    "/oversight/dashboard/": {"privacy-officer", "auditor"},
    "/oversight/sorn/": {"privacy-officer", "auditor"},
    "/oversight/sorn/diff/": {"privacy-officer", "auditor"},
    "/oversight/review/": {"privacy-officer"},
    "/oversight/agreements/": {"privacy-officer", "auditor"},
    "/oversight/decisions/": {"privacy-officer", "auditor"},
    "/oversight/ledger/": {"privacy-officer", "auditor"},
    "/oversight/audit/": {"auditor"},
}
ROLES = ("privacy-officer", "auditor", "status-verifier", "agency-user")


def _event() -> LegalEvent:
    return review.add_event(
        "60-0058", date(2025, 11, 12), "stayed", date(2027, 1, 4), "Stay (D.D.C., synthetic)"
    )


@pytest.mark.parametrize("role", ROLES)
def test_each_page_answers_the_roles_the_policy_allows(sign_in: SignIn, role: str) -> None:
    client = sign_in("someone", role)
    for path, allowed in PAGES.items():
        answer = client.get(path)
        if role in allowed:
            assert answer.status_code == 200, (path, answer.content[:300])
        elif path == "/oversight/agreements/" and role == "agency-user":
            assert answer.status_code == 200  # view_agreement: its own agency's only
        else:
            assert answer.status_code == 403, path
            assert "Refused:" in answer.content.decode()


def test_strangers_are_sent_to_sign_in(client: Client, db: None) -> None:
    for path in PAGES:
        answer = client.get(path)
        assert answer.status_code == 302 and answer["Location"].startswith("/accounts/sign-in/")


def test_the_header_links_follow_the_role(sign_in: SignIn) -> None:
    officer = sign_in("pat", "privacy-officer").get("/accounts/me/").content.decode()
    assert "Legal changes" in officer and "Audit trail" not in officer
    auditor = sign_in("aud", "auditor").get("/accounts/me/").content.decode()
    assert "Audit trail" in auditor and "Legal changes" not in auditor
    assert "SORN registry" in auditor and "Oversight" in auditor


def test_the_registry_lists_versions_and_the_diffs_show_routine_uses(sign_in: SignIn) -> None:
    client = sign_in("aud", "auditor")
    registry = client.get("/oversight/sorn/").content.decode()
    assert "60-0058" in registry and "DHS/USCIS-004" in registry and "2025-11-12" in registry
    ssa = client.get(
        "/oversight/sorn/diff/", {"old": "60-0058@2025-11-11", "new": "60-0058@2025-11-12"}
    )
    html = ssa.content.decode()
    assert ssa.status_code == 200
    assert "Routine uses added (1)" in html and 'id="diff"' in html
    uscis = client.get(
        "/oversight/sorn/diff/",
        {"old": "DHS/USCIS-004@2025-10-30", "new": "DHS/USCIS-004@2025-10-31"},
    )
    assert uscis.status_code == 200 and "Routine uses changed" in uscis.content.decode()


@pytest.mark.parametrize("old", ["60-0058@not-a-day", "NO-SUCH@2025-01-01", "@2025-01-01"])
def test_a_diff_of_versions_that_do_not_exist_is_a_message(sign_in: SignIn, old: str) -> None:
    answer = sign_in("aud", "auditor").get("/oversight/sorn/diff/", {"old": old, "new": "60-0058"})
    assert answer.status_code == 422
    assert 'id="page-error"' in answer.content.decode()


def test_an_officer_accepts_a_legal_event_through_the_page(sign_in: SignIn) -> None:
    event = _event()
    client = sign_in("pat", "privacy-officer")
    listed = client.get("/oversight/review/").content.decode()
    assert f"event-{event.pk}" in listed
    shown = client.get(f"/oversight/review/event-{event.pk}/").content.decode()
    assert "If accepted" in shown and 'id="accept"' in shown
    done = client.post(f"/oversight/review/event-{event.pk}/accept/")
    assert done.status_code == 302 and done["Location"].endswith("?done=accepted")
    event.refresh_from_db()
    assert event.review == "accepted" and event.reviewed_by == "pat"
    again = client.post(f"/oversight/review/event-{event.pk}/reject/")
    assert again.status_code == 409 and "already accepted by pat" in again.content.decode()


def test_an_officer_rejects_a_legal_event_and_an_auditor_may_not(sign_in: SignIn) -> None:
    event = _event()
    refused = sign_in("aud", "auditor").post(f"/oversight/review/event-{event.pk}/reject/")
    assert refused.status_code == 403
    event.refresh_from_db()
    assert event.review == "pending"
    client = sign_in("pat", "privacy-officer")
    assert client.post(f"/oversight/review/event-{event.pk}/reject/").status_code == 302
    event.refresh_from_db()
    assert event.review == "rejected" and event.reviewed_by == "pat"
    assert client.get("/oversight/review/event-999999/").status_code == 404
    assert client.post("/oversight/review/nonsense/accept/").status_code == 404
    assert client.get(f"/oversight/review/event-{event.pk}/accept/").status_code == 405


def test_the_verify_button_checks_the_ledger(sign_in: SignIn, open_case: OpenCase) -> None:
    open_case(ELECTION, EARLIER_NAME)
    client = sign_in("aud", "auditor")
    page = client.get("/oversight/ledger/").content.decode()
    assert 'id="verify"' in page and "Verify the ledger" in page
    done = client.post("/oversight/ledger/")
    html = done.content.decode()
    assert done.status_code == 200
    assert "Ledger intact" in html and 'id="checkpoint"' in html


def test_decisions_newest_first_and_the_refused_filter(
    sign_in: SignIn, open_case: OpenCase
) -> None:
    open_case(ELECTION, EARLIER_NAME)
    PolicyDecision.objects.create(
        on=date(2026, 1, 5), agency="nobody", purpose="x", mode="single", allowed=False,
        reason="unknown agency 'nobody'",
    )  # fmt: skip
    client = sign_in("pat", "privacy-officer")
    every = client.get("/oversight/decisions/").content.decode()
    assert every.index("unknown agency") < every.index(ELECTION)  # the refusal is newer
    refused = client.get("/oversight/decisions/", {"refused": "1"}).content.decode()
    assert "unknown agency" in refused and ELECTION not in refused.split('id="decisions"')[1]


def test_the_audit_trail_is_paginated_newest_first(sign_in: SignIn) -> None:
    client = sign_in("aud", "auditor")
    for _ in range(3):
        client.get("/oversight/ledger/")
    first = client.get("/oversight/audit/").content.decode()
    assert "read_audit" in first.split("<tbody>")[1].split("</tr>")[0]  # this very check, first
    assert StaffAction.objects.filter(username="aud", via="web").count() >= 4
    assert client.get("/oversight/audit/", {"page": "x"}).status_code == 200


def test_the_dashboard_offers_each_chart_as_csv(sign_in: SignIn, open_case: OpenCase) -> None:
    open_case(ELECTION, EARLIER_NAME)
    client = sign_in("aud", "auditor")
    html = client.get("/oversight/dashboard/").content.decode()
    assert 'id="sb-chart-specs"' in html and "vega-lite.min.js" in html
    assert "truth file" in html  # says what it cannot show
    links = [part.split('"')[0] for part in html.split('href="/oversight/charts/')[1:]]
    assert links
    for link in links:
        answer = client.get(f"/oversight/charts/{link}")
        assert answer.status_code == 200 and answer["Content-Type"].startswith("text/csv")
        rows = list(csv.DictReader(io.StringIO(answer.content.decode())))
        assert rows, link
    verifications = client.get("/oversight/charts/verifications-by-agency.csv").content.decode()
    rows = list(csv.DictReader(io.StringIO(verifications)))
    assert rows[0]["agency"] == ELECTION and int(rows[0]["verifications"]) >= 1
    assert client.get("/oversight/charts/nothing.csv").status_code == 404
    assert (
        sign_in("vic", "status-verifier").get("/oversight/charts/outcomes.csv").status_code == 403
    )


def test_vega_is_served_from_the_npm_install(client: Client, db: None) -> None:
    answer = client.get("/static/vega/vega-lite/vega-lite.min.js")
    assert answer.status_code == 200


@pytest.mark.parametrize(
    "item", ["event-99999999999999999999999999", "notice-%00", "event-%D9%A3", "%00", "x" * 40]
)
def test_hostile_review_ids_are_not_found(sign_in: SignIn, item: str) -> None:
    client = sign_in("pat", "privacy-officer")
    assert client.get(f"/oversight/review/{item}/").status_code == 404
    assert client.post(f"/oversight/review/{item}/accept/").status_code == 404
