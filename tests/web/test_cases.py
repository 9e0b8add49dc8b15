"""Cases on the web: the agency's list and case page, the verifier's queue and determination,
each step through the one policy and the lifecycle, and every refusal shown in the page."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from statusbridge.accounts.models import StaffAction
from statusbridge.cases.models import Case
from tests.web.conftest import (
    BENEFITS,
    EARLIER_NAME,
    ELECTION,
    EXPIRED,
    PDF,
    OpenCase,
    SignIn,
)


def _state(number: str) -> str:
    return Case.objects.get(case_number=number).state


def _step(client: Client, number: str, step: str, **form: object):  # type: ignore[no-untyped-def]
    prefix = step.replace("-", "_")  # each step's form fields carry its name
    fields = {f"{prefix}-{name}": value for name, value in form.items()}
    return client.post(f"/cases/{number}/steps/{step}/", fields)


def test_an_agency_lists_its_own_cases_only(sign_in: SignIn, open_case: OpenCase) -> None:
    ours = open_case(ELECTION, EARLIER_NAME)
    theirs = open_case(BENEFITS, EXPIRED)
    client = sign_in("ana")
    html = client.get("/cases/").content.decode()
    assert ours in html and theirs not in html
    filtered = client.get("/cases/", {"state": "final"}).content.decode()
    assert ours not in filtered and "No cases in this state" in filtered
    wrong = client.get("/cases/", {"state": "nonsense"})
    assert wrong.status_code == 422 and "Choose a state" in wrong.content.decode()


def test_another_agencys_case_is_not_found(sign_in: SignIn, open_case: OpenCase) -> None:
    theirs = open_case(BENEFITS, EXPIRED)
    client = sign_in("ana")
    for path in (f"/cases/{theirs}/", "/cases/SB000000NOSUCHCASE/"):
        page = client.get(path)
        assert page.status_code == 404
        assert "not one your agency can see" in page.content.decode()
    refused = _step(client, theirs, "close", reason="not ours")
    assert refused.status_code == 404 and _state(theirs) == "open"


def test_the_case_page_offers_only_what_due_process_allows(
    sign_in: SignIn, open_case: OpenCase
) -> None:
    number = open_case(BENEFITS, EXPIRED)
    html = sign_in("bo", agency=BENEFITS).get(f"/cases/{number}/").content.decode()
    assert 'id="step-institute"' in html and 'id="step-close"' in html
    for absent in ("notify", "finalize", "determine", "submit_documents"):
        assert f'id="step-{absent}"' not in html
    assert 'id="history"' in html and "opened: the records did not confirm" in html


def test_an_agency_institutes_additional_verification(sign_in: SignIn, open_case: OpenCase) -> None:
    number = open_case(BENEFITS, EXPIRED)
    client = sign_in("bo", agency=BENEFITS)
    done = _step(client, number, "institute", note="asked by the caseworker")
    assert done.status_code == 302
    assert _state(number) == "additional_verification"
    page = client.get(done["Location"]).content.decode()
    assert "sent to additional verification" in page and "asked by the caseworker" in page
    assert StaffAction.objects.filter(action="act_on_case", via="web", username="bo").exists()


def test_a_step_due_process_does_not_allow_is_refused_in_the_page(
    sign_in: SignIn, open_case: OpenCase
) -> None:
    number = open_case(ELECTION, EARLIER_NAME)
    page = _step(sign_in("ana"), number, "notify", via="mail")
    assert page.status_code == 409
    assert "Not allowed: a case in state additional_verification cannot be noticed" in (
        page.content.decode()
    )
    assert _state(number) == "additional_verification"


def test_a_verifier_works_the_queue_and_determines(sign_in: SignIn, open_case: OpenCase) -> None:
    number = open_case(ELECTION, EARLIER_NAME)
    vic = sign_in("vic", "status-verifier")
    queue = vic.get("/queue/").content.decode()
    assert number in queue and ELECTION in queue
    page = vic.get(f"/cases/{number}/").content.decode()
    assert 'id="identity"' in page and "lee" in page and "8901" in page
    assert 'id="step-determine"' in page and 'id="step-request_documents"' in page
    assert 'id="step-close"' not in page  # the agency's step, not the verifier's

    bad = _step(vic, number, "determine", outcome="IMMIGRATION_STATUS", evidence="DHS record")
    assert bad.status_code == 422
    assert "needs status" in bad.content.decode()
    assert _state(number) == "additional_verification"
    missing = _step(vic, number, "determine", outcome="US_CITIZEN", evidence="")
    assert missing.status_code == 422 and "This field is required." in missing.content.decode()

    done = _step(vic, number, "determine", outcome="NOT_VERIFIED", evidence="no record matches")
    assert done.status_code == 302 and _state(number) == "determined"
    assert number not in vic.get("/queue/").content.decode()


def test_notice_window_and_finalize_for_an_adverse_result(
    sign_in: SignIn, open_case: OpenCase, today: object
) -> None:
    number = open_case(ELECTION, EARLIER_NAME)
    vic = sign_in("vic", "status-verifier")
    _step(vic, number, "determine", outcome="NOT_VERIFIED", evidence="no record matches")
    ana = sign_in("ana")
    early = _step(ana, number, "finalize")
    assert early.status_code == 409 and "notify the person first" in early.content.decode()
    assert _step(ana, number, "notify", via="mail").status_code == 302
    assert _state(number) == "notice_sent"
    page = ana.get(f"/cases/{number}/").content.decode()
    assert "contest window has started" not in page  # only after the redirect's flag
    assert 'id="step-contest"' in page
    waiting = _step(ana, number, "finalize")
    assert waiting.status_code == 409 and "may contest until" in waiting.content.decode()
    contested = _step(ana, number, "contest", note="the person called")
    assert contested.status_code == 302 and _state(number) == "contested"


def test_each_role_is_refused_the_other_sides_steps(sign_in: SignIn, open_case: OpenCase) -> None:
    number = open_case(ELECTION, EARLIER_NAME)
    agency = _step(sign_in("ana"), number, "determine", outcome="US_CITIZEN", evidence="x")
    assert agency.status_code == 403 and "may not determine case" in agency.content.decode()
    auditor = sign_in("aud", "auditor").get(f"/cases/{number}/")
    assert auditor.status_code == 403
    assert sign_in("aud2", "auditor").get("/queue/").status_code == 403
    assert sign_in("ann", agency=ELECTION).get("/queue/").status_code == 403
    assert _state(number) == "additional_verification"


def test_documents_are_asked_for_uploaded_and_read(sign_in: SignIn, open_case: OpenCase) -> None:
    number = open_case(ELECTION, EARLIER_NAME)
    vic = sign_in("vic", "status-verifier")
    empty = _step(vic, number, "request-documents", note="")
    assert empty.status_code == 422
    asked = _step(vic, number, "request-documents", note="a passport or a certificate")
    assert asked.status_code == 302 and _state(number) == "documents_requested"

    ana = sign_in("ana")
    text = SimpleUploadedFile("note.txt", b"not a document")
    refused = _step(ana, number, "submit-documents", kind="us-passport", file=text)
    assert refused.status_code == 422
    assert "not a PDF or an image" in refused.content.decode()
    passport = SimpleUploadedFile("passport.pdf", PDF)
    done = _step(ana, number, "submit-documents", kind="us-passport", file=passport)
    assert done.status_code == 302 and _state(number) == "documents_submitted"

    page = vic.get(f"/cases/{number}/").content.decode()
    document = Case.objects.get(case_number=number).documents.get()
    link = f"/cases/{number}/documents/{document.pk}/"
    assert link in page and "passport.pdf" in page
    got = vic.get(link)
    assert got.status_code == 200 and got["Content-Type"] == "application/pdf"
    assert got.content == PDF
    assert vic.get(f"/cases/{number}/documents/{document.pk + 99}/").status_code == 404


def test_closing_needs_a_reason_and_unknown_steps_are_not_found(
    sign_in: SignIn, open_case: OpenCase
) -> None:
    number = open_case(BENEFITS, EXPIRED)
    bo = sign_in("bo", agency=BENEFITS)
    blank = _step(bo, number, "close", reason="  ")
    assert blank.status_code in (409, 422) and _state(number) == "open"
    assert _step(bo, number, "fly", note="x").status_code == 404
    assert bo.get(f"/cases/{number}/steps/close/").status_code == 405
    closed = _step(bo, number, "close", reason="the person withdrew the application")
    assert closed.status_code == 302 and _state(number) == "closed"
    page = bo.get(f"/cases/{number}/").content.decode()
    assert 'id="no-steps"' in page


def test_an_agency_resubmits_with_more_identifiers(sign_in: SignIn, open_case: OpenCase) -> None:
    number = open_case(BENEFITS, EXPIRED)
    bo = sign_in("bo", agency=BENEFITS)
    page = bo.get(f"/cases/{number}/").content.decode()
    assert 'id="step-resubmit"' in page and 'value="RUIZ"' in page  # the identity, to amend
    missing = _step(bo, number, "resubmit", first_name="Jorge", dob="1999-09-09", ssn="333445555")
    assert missing.status_code == 422 and "333445555" not in missing.content.decode()
    person = {k: v for k, v in EXPIRED.items() if k != "request_id"}
    done = _step(bo, number, "resubmit", **person, a_number="A111222333")
    assert done.status_code == 302
    history = bo.get(done["Location"]).content.decode()
    assert "answered from the records again" in history and "resubmit" in history
    assert "333445555" not in history


def test_overdue_cases_are_marked_and_verifiers_see_every_agency(
    sign_in: SignIn, open_case: OpenCase, today: Any
) -> None:
    election = open_case(ELECTION, EARLIER_NAME)
    benefits = open_case(BENEFITS, EXPIRED)
    vic = sign_in("vic", "status-verifier")
    listed = vic.get("/cases/").content.decode()
    assert election in listed and benefits in listed
    assert "overdue" not in vic.get("/queue/").content.decode().replace("sb-overdue", "")
    today("2026-11-20")  # due 2026-11-12: seven federal working days after 2026-11-02
    queue = vic.get("/queue/").content.decode()
    assert "1 overdue." in queue and "sb-row-overdue" in queue


def test_hostile_values_are_answered_with_pages(sign_in: SignIn, open_case: OpenCase) -> None:
    number = open_case(ELECTION, EARLIER_NAME)
    ana = sign_in("ana")
    assert ana.get("/cases/SB%00X/").status_code == 404
    assert ana.get("/cases/", {"state": "final\x00"}).status_code == 422
    page = _step(ana, number, "close", reason="withdrawn\x00")
    assert page.status_code == 422 and _state(number) == "additional_verification"
    verify = ana.post("/verify/", {"purpose": "voter-list-maintenance", "first_name": "A\x00"})
    assert verify.status_code == 422
