"""The privacy officer's and the auditor's pages through the test client: each page by role
(allowed and refused), a legal event accepted and rejected through the page (its review changes
and names who), the ledger's Verify button, and the dashboard's CSV downloads."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from statusbridge.accounts.models import StaffAction
from statusbridge.privacy import review
from statusbridge.privacy.models import LegalEvent, PolicyDecision
from statusbridge.web.views import oversight_world
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


def test_the_dashboard_shows_additional_verification_by_input_kind(
    sign_in: SignIn, open_case: OpenCase
) -> None:
    open_case(ELECTION, EARLIER_NAME)  # a full SSN given; the election office gets AV
    client = sign_in("aud", "auditor")
    html = client.get("/oversight/dashboard/").content.decode()
    assert 'id="table-input-kinds"' in html
    answer = client.get("/oversight/charts/input-kinds.csv").content.decode()
    rows = list(csv.DictReader(io.StringIO(answer)))
    assert rows == [
        {
            "input_kind": "ssn",
            "answers": "1",
            "additional_verification": "1",
            "percent_additional_verification": "100.0",
        }
    ]


# A world's truth as ``statusbridge world generate`` writes it (its header), hand-filled; and a
# name-change column, which a truth file may have.
TRUTH_HEADER = (
    "request_id,person_id,input_kind,fault,truth_class,truth_how,records_show,impostor,"
    "deceased,valid,owner_person_id,namesake,name_changed"
)
TRUTH_ROWS = [
    "R1,P1,ssn,none,citizen,BIRTH_US,citizen,false,false,true,P1,false,false",
    "R2,P2,ssn,none,citizen,BIRTH_US,citizen,false,false,true,P2,false,true",
    "R3,P3,ssn,none,citizen,NATURALIZED,citizen,false,false,true,P3,false,true",
    "R4,P4,a_number,none,citizen,NATURALIZED,none,false,false,true,P4,false,false",
    "R5,P5,a_number,none,lawful_noncitizen,LPR,status,false,false,true,P5,false,false",
    "R6,P6,ssn,none,citizen,BIRTH_US,citizen,true,false,true,P9,false,false",
    "R7,P7,ssn,none,national,BIRTH_AS,national,false,false,true,P7,false,false",
]
RESULTS = {
    "R1": "US_CITIZEN",
    "R2": "ADDITIONAL_VERIFICATION",
    "R3": "US_CITIZEN",
    "R4": "ADDITIONAL_VERIFICATION",
    "R5": "US_CITIZEN",  # a false confirmation: not a citizen
    "R6": "US_CITIZEN",  # a false confirmation: an impostor
    "R7": "US_NATIONAL",
    "R-other": "US_CITIZEN",  # not in the truth file: not counted
}


def _files(truth: str, results: str) -> dict[str, SimpleUploadedFile]:
    return {
        "truth": SimpleUploadedFile("truth.csv", truth.encode(), "text/csv"),
        "results": SimpleUploadedFile("results.csv", results.encode(), "text/csv"),
    }


def _results(codes: dict[str, str]) -> str:
    lines = ["request_id,response_code,status,reason,case_number"]
    lines += [f"{r},{c},,," for r, c in codes.items()]
    return "\n".join(lines) + "\n"


def _truth(rows: list[str], header: str = TRUTH_HEADER) -> str:
    return "\n".join([header, *rows]) + "\n"


def _world_rows(html: str) -> dict[tuple[str, str], list[str]]:
    table = html.split('id="table-world"')[1].split("</tbody>")[0]
    cells = [[c.split("</td>")[0] for c in tr.split("<td>")[1:]] for tr in table.split("<tr>")[2:]]
    return {(c[0], c[1]): c[2:] for c in cells}


def test_a_world_upload_shows_error_rates_by_group(sign_in: SignIn) -> None:
    client = sign_in("pat", "privacy-officer")
    answer = client.post("/oversight/dashboard/", _files(_truth(TRUTH_ROWS), _results(RESULTS)))
    assert answer.status_code == 200
    html = answer.content.decode()
    rows = _world_rows(html)
    how = "how status was acquired"
    # answers, true citizens, not confirmed, percent not confirmed, false confirmations
    assert rows[(how, "BIRTH_US")] == ["3", "2", "1", "50.0", "1"]
    assert rows[(how, "NATURALIZED")] == ["2", "2", "1", "50.0", "0"]
    assert rows[(how, "LPR")] == ["1", "0", "0", "—", "1"]
    assert rows[(how, "BIRTH_AS")] == ["1", "1", "0", "0.0", "0"]
    assert rows[("name change", "name changed")] == ["2", "2", "1", "50.0", "0"]
    assert rows[("name change", "name unchanged")] == ["5", "3", "1", "33.3", "2"]
    assert "7 results matched" in html and "1 not in it" in html
    assert '"world"' in html.split('id="sb-chart-specs"')[1]  # the chart's spec
    assert "R-other" not in html and "P1" not in html.split('id="section-world"')[1]


def test_a_truth_file_without_name_changes_is_grouped_by_how_only(sign_in: SignIn) -> None:
    header = TRUTH_HEADER.rsplit(",", 1)[0]
    truth = _truth([r.rsplit(",", 1)[0] for r in TRUTH_ROWS], header)
    client = sign_in("aud", "auditor")
    answer = client.post("/oversight/dashboard/", _files(truth, _results(RESULTS)))
    assert answer.status_code == 200
    groupings = {g for g, _ in _world_rows(answer.content.decode())}
    assert groupings == {"how status was acquired"}


@pytest.mark.parametrize(
    ("truth", "results", "says"),
    [
        ("\x00\x01\x02 not a csv \xff", _results(RESULTS), "counted: the truth file"),
        (_truth(TRUTH_ROWS), "request_id,status\nR1,x\n", "no response_code column"),
        ("request_id,truth_class\nR1,citizen\n", _results(RESULTS), "no truth_how"),
        (_truth(TRUTH_ROWS), _results({"X1": "US_CITIZEN"}), "not the same world"),
        (TRUTH_HEADER + "\n", _results(RESULTS), "no rows"),
    ],
)
def test_bad_world_files_get_a_message(
    sign_in: SignIn, truth: str, results: str, says: str
) -> None:
    client = sign_in("pat", "privacy-officer")
    answer = client.post("/oversight/dashboard/", _files(truth, results))
    assert answer.status_code == 422
    html = answer.content.decode()
    assert 'id="world-error"' in html and says in html and 'id="table-world"' not in html


def test_a_missing_or_oversized_world_file_gets_a_message(
    sign_in: SignIn, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = sign_in("pat", "privacy-officer")
    one = _files(_truth(TRUTH_ROWS), _results(RESULTS))
    del one["results"]
    answer = client.post("/oversight/dashboard/", one)
    assert answer.status_code == 422 and "Choose both files" in answer.content.decode()
    monkeypatch.setattr(oversight_world, "MAX_UPLOAD_BYTES", 200)
    big = client.post("/oversight/dashboard/", _files(_truth(TRUTH_ROWS), _results(RESULTS)))
    assert big.status_code == 413 and "larger than" in big.content.decode()


def test_only_oversight_roles_may_upload_a_world(sign_in: SignIn) -> None:
    for role in ("status-verifier", "agency-user"):
        client = sign_in(f"x-{role}", role)
        answer = client.post("/oversight/dashboard/", _files(_truth(TRUTH_ROWS), _results(RESULTS)))
        assert answer.status_code == 403 and 'id="table-world"' not in answer.content.decode()


def test_a_world_upload_without_the_form_token_is_refused(sign_in: SignIn) -> None:
    signed_in = sign_in("pat", "privacy-officer")
    strict = Client(enforce_csrf_checks=True)
    strict.cookies = signed_in.cookies
    answer = strict.post("/oversight/dashboard/", _files(_truth(TRUTH_ROWS), _results(RESULTS)))
    assert answer.status_code == 403 and 'id="table-world"' not in answer.content.decode()
