"""The public page, the staff gate, the static assets, and verifying one person on the web."""

from __future__ import annotations

import pytest
from django.test import Client

from statusbridge.accounts.models import StaffAction
from tests.web.conftest import EARLIER_NAME, ELECTION, PURPOSE, SignIn


def test_the_home_page_is_public_and_points_to_sign_in(client: Client, db: None) -> None:
    page = client.get("/")
    html = page.content.decode()
    assert page.status_code == 200
    assert '<html lang="en">' in html
    assert 'href="#main-content"' in html and '<main id="main-content"' in html
    assert "/accounts/sign-in/" in html
    assert "not a U.S. government website" in html
    assert "An official website of the United States government" not in html


def test_uswds_is_served_from_the_npm_install(client: Client, db: None) -> None:
    page = client.get("/")
    assert "/static/uswds/css/uswds.min.css" in page.content.decode()
    css = client.get("/static/uswds/css/uswds.min.css")
    assert css.status_code == 200
    assert b"usa-header" in b"".join(css.streaming_content)  # type: ignore[attr-defined]


def test_the_sign_in_page_wears_the_design_system(client: Client, db: None) -> None:
    html = client.get("/accounts/sign-in/").content.decode()
    assert "uswds.min.css" in html and "usa-button" in html
    assert "<script" not in html  # still works without JavaScript


@pytest.mark.parametrize("path", ["/verify/", "/cases/", "/queue/", "/cases/SB1/"])
def test_staff_pages_send_strangers_to_sign_in(client: Client, db: None, path: str) -> None:
    page = client.get(path)
    assert page.status_code == 302
    assert page["Location"].startswith("/accounts/sign-in/")


def test_each_role_sees_the_links_it_may_use(sign_in: SignIn) -> None:
    agency = sign_in("ana").get("/accounts/me/").content.decode()
    assert "Verify one person" in agency and "Work queue" not in agency
    verifier = sign_in("vic", "status-verifier").get("/accounts/me/").content.decode()
    assert "Work queue" in verifier and "Verify one person" not in verifier
    auditor = sign_in("aud", "auditor").get("/accounts/me/").content.decode()
    assert "Work queue" not in auditor and "Verify one person" not in auditor


def _verify(client: Client, **fields: str):  # type: ignore[no-untyped-def]
    return client.post("/verify/", {"purpose": PURPOSE[ELECTION], **fields})


def test_an_agency_user_verifies_one_person_and_gets_a_plain_answer(
    sign_in: SignIn, snapshots: None
) -> None:
    client = sign_in("ana")
    form = client.get("/verify/")
    assert form.status_code == 200
    assert f'value="{PURPOSE[ELECTION]}"' in form.content.decode()
    answer = _verify(client, **EARLIER_NAME)
    html = answer.content.decode()
    assert answer.status_code == 200
    assert "ADDITIONAL_VERIFICATION" in html and "a question, not a finding" in html
    assert "2026-10-01" in html  # the SSA records' as-of date
    assert "/cases/SB" in html  # the case it opened
    assert "345-67-8901" not in html and "345678901" not in html  # the SSN is never shown back
    assert StaffAction.objects.filter(action="verify", via="web", outcome="allowed").exists()


def test_a_citizen_is_confirmed(sign_in: SignIn, snapshots: None) -> None:
    person = {"first_name": "Bill", "last_name": "Smith", "dob": "1980-02-03", "ssn": "123456789"}
    html = _verify(sign_in("ana"), **person).content.decode()
    assert "U.S. citizen" in html and "US_CITIZEN" in html and "Nothing more is needed" in html


def test_a_form_with_a_fault_says_so_and_does_not_show_the_ssn_back(
    sign_in: SignIn, snapshots: None
) -> None:
    page = _verify(sign_in("ana"), first_name="Ana", dob="1990-01-01", ssn="345678901")
    html = page.content.decode()
    assert page.status_code == 422
    assert "This field is required." in html
    assert "345678901" not in html


def test_a_purpose_outside_the_agreement_is_refused_in_the_page(
    sign_in: SignIn, snapshots: None
) -> None:
    page = sign_in("ana").post("/verify/", {**EARLIER_NAME, "purpose": "benefit-eligibility"})
    assert page.status_code == 422  # not one of the agency's purposes: the form says so
    assert "Select a valid choice" in page.content.decode()


def test_roles_without_verify_are_refused_in_a_page(sign_in: SignIn) -> None:
    for username, role in (("vic", "status-verifier"), ("pat", "privacy-officer")):
        page = sign_in(username, role).get("/verify/")
        assert page.status_code == 403
        assert "may not verify" in page.content.decode()
    assert StaffAction.objects.filter(action="verify", via="web", outcome="refused").count() == 2


def test_an_address_nothing_serves_is_a_plain_page(client: Client, db: None) -> None:
    page = client.get("/no/such/page/")
    assert page.status_code == 404
    assert "There is no page at this address" in page.content.decode()
    api = client.get("/api/v1/nothing/here")
    assert api.status_code == 404 and api["Content-Type"].startswith("application/problem+json")


def test_an_unexpected_failure_is_a_plain_page(rf: object, db: None) -> None:
    from statusbridge.web.views.public import server_error

    page = server_error(rf.get("/cases/"))  # type: ignore[attr-defined]
    assert page.status_code == 500
    assert "it has been logged" in page.content.decode()
    assert "Traceback" not in page.content.decode()


def test_the_home_page_shows_a_signed_in_person_their_links(sign_in: SignIn) -> None:
    html = sign_in("ana").get("/").content.decode()
    assert "Verify one person" in html and "Your account" in html
    assert "Staff sign-in" not in html
