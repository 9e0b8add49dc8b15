"""Each role's main journey in a real browser, with an accessibility scan of every page.

A status verifier opens the work queue and determines a case; the agency's user finds it in
the agency's cases and records the notice to the person. Every page is scanned with axe-core
(zero serious or critical violations) and photographed into ``build/e2e/``.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.conftest import Service

pytestmark = pytest.mark.sqlite_only  # one browser run is enough: the pages are the same


def test_the_public_pages_and_sign_in(visit: Any, service: Service) -> None:
    tab = visit()
    tab.go("/")
    assert tab.page.get_by_role("heading", level=1).inner_text() == "statusbridge"
    tab.check("home")
    tab.page.get_by_role("link", name="Staff sign-in").click()
    tab.page.wait_for_url("**/accounts/sign-in/")
    tab.check("sign-in")
    tab.page.get_by_label("Username").fill("nobody")
    tab.page.get_by_label("Password").fill("not the password at all")
    tab.page.get_by_label("Code from your authenticator app").fill("000000")
    tab.page.get_by_role("button", name="Sign in").click()
    assert "not right" in tab.page.get_by_role("alert").inner_text()
    tab.check("sign-in-refused")


def test_a_verifier_determines_and_the_agency_sends_the_notice(
    visit: Any, service: Service
) -> None:
    number = service.case_number
    vic = visit()
    vic.sign_in(service.verifier)
    vic.check("verifier-signed-in")
    vic.page.get_by_role("link", name="Work queue").click()
    vic.page.wait_for_url("**/queue/")
    vic.check("verifier-queue")
    vic.page.get_by_role("link", name=number).click()
    vic.page.wait_for_url(f"**/cases/{number}/")
    assert "LEE" in vic.page.locator("#identity").inner_text().upper()
    vic.check("verifier-case")
    vic.page.locator("#step-determine").get_by_role("button").click()  # no evidence yet
    assert "Check the form below" in vic.page.locator("#page-error").inner_text()
    vic.check("verifier-determination-refused")
    determine = vic.page.locator("#step-determine")
    determine.get_by_label("Outcome", exact=True).select_option("NOT_VERIFIED")
    determine.get_by_label("Evidence").fill("No SSA or DHS record confirms citizenship.")
    determine.get_by_role("button", name="Record the determination").click()
    vic.page.wait_for_url(f"**/cases/{number}/?done=determine")
    assert "determination was recorded" in vic.page.locator("#page-done").inner_text()
    vic.check("verifier-determined")

    ana = visit()
    ana.sign_in(service.agency_user)
    ana.page.get_by_role("link", name="Cases").click()
    ana.page.wait_for_url("**/cases/")
    ana.page.get_by_label("Show cases in the state").select_option("determined")
    ana.page.get_by_role("button", name="Show").click()
    ana.page.wait_for_url("**/cases/?state=determined")
    ana.check("agency-cases")
    ana.page.get_by_role("link", name=number).click()
    ana.page.wait_for_url(f"**/cases/{number}/")
    ana.check("agency-case")
    ana.page.locator("#step-notify").get_by_role("button", name="Record that the notice").click()
    ana.page.wait_for_url(f"**/cases/{number}/?done=notify")
    assert "contest window has started" in ana.page.locator("#page-done").inner_text()
    assert "Notice sent" in ana.page.locator("#history").inner_text()
    ana.check("agency-notice-sent")


def test_an_agency_user_verifies_one_person(visit: Any, service: Service) -> None:
    ana = visit()
    ana.sign_in(service.checker)
    ana.page.get_by_role("link", name="Verify one person").click()
    ana.page.wait_for_url("**/verify/")
    ana.check("verify-form")
    ana.page.get_by_label("First name").fill("Bill")
    ana.page.get_by_label("Last name").fill("Smith")
    ana.page.get_by_label("Date of birth").fill("1980-02-03")
    ana.page.get_by_label("Social Security number").fill("123-45-6789")
    ana.page.get_by_role("button", name="Verify").click()
    answer = ana.page.locator("#answer").inner_text()
    assert "US_CITIZEN" in answer and "123-45-6789" not in ana.page.content()
    ana.check("verify-answer")
