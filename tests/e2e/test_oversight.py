"""The privacy officer's and the auditor's pages in a real browser, each scanned with axe-core.

A privacy officer opens a legal event awaiting review, accepts it, and reads what SSA's notice
of November 12, 2025 changed; an auditor opens the dashboard (its charts drawn by Vega-Lite),
the ledger (and verifies it) and the staff audit trail, and counts a world's error rates.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import run_statusbridge
from tests.e2e.conftest import Service, _staff

pytestmark = pytest.mark.sqlite_only  # one browser run is enough: the pages are the same


def _event(service: Service) -> str:
    added = run_statusbridge(
        service.env, "sorn", "event", "add", "--system", "60-0058", "--published", "2025-11-12",
        "--effect", "stayed", "--from", "2027-01-04", "--citation", "Stay (D.D.C., synthetic)",
        "--json",
    )  # fmt: skip
    found: str = json.loads(added.stdout)["id"]
    return found


def test_an_officer_accepts_a_legal_event_and_reads_a_diff(visit: Any, service: Service) -> None:
    event = _event(service)
    pat = visit()
    pat.sign_in(_staff(service.env, "pat", "privacy-officer", None))
    pat.page.get_by_role("link", name="Legal changes").click()
    pat.page.wait_for_url("**/oversight/review/")
    pat.check("officer-legal-changes")
    pat.page.get_by_role("link", name=event, exact=True).click()
    pat.page.wait_for_url(f"**/oversight/review/{event}/")
    pat.check("officer-legal-event")
    pat.page.get_by_role("button", name=f"Accept {event}").click()
    pat.page.wait_for_url(f"**/oversight/review/{event}/?done=accepted")
    assert "accepted by pat" in pat.page.locator("#review-state").inner_text()
    pat.check("officer-legal-event-accepted")
    pat.page.get_by_role("link", name="SORN registry").click()
    pat.page.wait_for_url("**/oversight/sorn/")
    pat.check("officer-sorn-registry")
    pat.page.get_by_role("link", name="60-0058@2025-11-11 against 60-0058@2025-11-12").click()
    pat.page.wait_for_url("**/oversight/sorn/diff/**")
    assert "Routine uses added (1)" in pat.page.locator("#diff").inner_text()
    pat.check("officer-sorn-diff")
    pat.go(
        "/oversight/sorn/diff/?old=DHS%2FUSCIS-004%402025-10-30&new=DHS%2FUSCIS-004%402025-10-31"
    )
    pat.check("officer-sorn-diff-uscis")
    pat.page.get_by_role("link", name="Agreements").click()
    pat.page.wait_for_url("**/oversight/agreements/")
    pat.check("officer-agreements")
    pat.page.get_by_role("link", name="Decisions").click()
    pat.page.wait_for_url("**/oversight/decisions/")
    assert "voter-list-maintenance" in pat.page.locator("#decisions").inner_text()
    pat.check("officer-decisions")


def test_an_auditor_opens_the_dashboard_ledger_and_trail(visit: Any, service: Service) -> None:
    aud = visit()
    aud.sign_in(_staff(service.env, "aud", "auditor", None))
    aud.page.get_by_role("link", name="Oversight").click()
    aud.page.wait_for_url("**/oversight/dashboard/")
    chart = aud.page.locator("#chart-verifications-by-agency svg")
    chart.first.wait_for()  # drawn by Vega-Lite from the JSON the page embeds
    assert "demo-election-office" in aud.page.locator("#table-outcomes").inner_text()
    aud.check("auditor-dashboard")
    aud.page.get_by_role("link", name="Ledger").click()
    aud.page.wait_for_url("**/oversight/ledger/")
    aud.page.get_by_role("button", name="Verify the ledger").click()
    aud.page.locator("#verified").wait_for()
    assert "Ledger intact" in aud.page.locator("#verified").inner_text()
    aud.check("auditor-ledger-verified")
    aud.page.get_by_role("link", name="Audit trail").click()
    aud.page.wait_for_url("**/oversight/audit/")
    assert "read_accounting" in aud.page.locator("#audit").inner_text()
    aud.check("auditor-audit-trail")


TRUTH = (
    "request_id,person_id,truth_class,truth_how,impostor\n"
    "R1,P1,citizen,BIRTH_US,false\n"
    "R2,P2,citizen,NATURALIZED,false\n"
    "R3,P3,lawful_noncitizen,LPR,false\n"
)
RESULTS = (
    "request_id,response_code,status,reason,case_number\n"
    "R1,US_CITIZEN,,,\n"
    "R2,ADDITIONAL_VERIFICATION,,,\n"
    "R3,US_CITIZEN,,,\n"
)


def test_an_auditor_counts_a_worlds_error_rates(
    visit: Any, service: Service, tmp_path: Path
) -> None:
    (tmp_path / "truth.csv").write_text(TRUTH)
    (tmp_path / "results.csv").write_text(RESULTS)
    aud = visit()
    aud.sign_in(_staff(service.env, "aud2", "auditor", None))
    aud.go("/oversight/dashboard/")
    assert "ssn" in aud.page.locator("#table-input-kinds").inner_text()
    aud.page.locator("#world-truth").set_input_files(tmp_path / "truth.csv")
    aud.page.locator("#world-results").set_input_files(tmp_path / "results.csv")
    aud.page.get_by_role("button", name="Count error rates").click()
    aud.page.locator("#chart-world svg").first.wait_for()
    table = aud.page.locator("#table-world").inner_text()
    assert "NATURALIZED" in table and "LPR" in table
    aud.check("auditor-dashboard-world")
