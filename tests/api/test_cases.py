"""Cases through the API: agencies' and status verifiers' systems take every step of due process.

Each step goes through the one policy and the lifecycle table, as on the command line; the
service's today is moved with ``STATUSBRIDGE_TODAY`` to play out a contest window in one test.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from statusbridge.api.credentials import create_client, create_verifier_client
from statusbridge.cases.models import Case
from tests.api.conftest import (
    BENEFITS,
    ELECTION,
    FORM,
    PURPOSE,
    TOKEN_URL,
    assert_problem,
    bearer,
    form_body,
)
from tests.conftest import MINI, ON

API = "/api/v1"
JSON = "application/json"
EXPIRED = {  # the benefits agency is not told this person's status: a case opens, in state open
    "request_id": "r-expired",
    "first_name": "Jorge",
    "last_name": "Ruiz",
    "dob": "1999-09-09",
    "ssn": "333445555",
}
EARLIER_NAME = {  # the benefits agency hears a status; the election office opens a case
    "request_id": "r-earlier-name",
    "first_name": "ana",
    "last_name": "lee",
    "dob": "1990-01-01",
    "ssn": "345-67-8901",
}
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
AFTER_WINDOW = "2026-12-03"  # notice on ON (2026-11-02): contest until 2026-12-02


@dataclass(frozen=True)
class Caller:
    client_id: str
    access: str

    def get(self, client: Client, path: str, **params: str) -> Any:
        return client.get(f"{API}{path}", params, headers=bearer(self.access))

    def post(self, client: Client, path: str, body: dict[str, Any] | None = None) -> Any:
        return client.post(
            f"{API}{path}", body or {}, content_type=JSON, headers=bearer(self.access)
        )

    def upload(self, client: Client, number: str, name: str, content: bytes, **form: str) -> Any:
        fields = {"file": SimpleUploadedFile(name, content), "kind": "us-passport", **form}
        return client.post(f"{API}/cases/{number}/documents", fields, headers=bearer(self.access))


def _caller(client: Client, made: Any) -> Caller:
    form = {
        "grant_type": "client_credentials",
        "client_id": made.client_id,
        "client_secret": made.client_secret,
    }
    response = client.post(TOKEN_URL, form_body(form), content_type=FORM)
    assert response.status_code == 200, response.content
    return Caller(made.client_id, response.json()["access_token"])


@pytest.fixture(autouse=True)
def today(monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setenv("STATUSBRIDGE_TODAY", ON)
    return lambda day: monkeypatch.setenv("STATUSBRIDGE_TODAY", day)


@pytest.fixture
def benefits(client: Client, snapshots: None) -> Caller:
    return _caller(client, create_client(BENEFITS))


@pytest.fixture
def election(client: Client, snapshots: None) -> Caller:
    return _caller(client, create_client(ELECTION))


@pytest.fixture
def verifier(client: Client, snapshots: None) -> Caller:
    return _caller(client, create_verifier_client())


def _open_case(client: Client, agency: str, caller: Caller, person: dict[str, str]) -> str:
    body = {"purpose": PURPOSE[agency], "on": ON, **person}
    answer = caller.post(client, "/verifications", body).json()
    assert answer["response_code"] == "ADDITIONAL_VERIFICATION", answer
    number: str = answer["case_number"]
    return number


def _ok(response: Any, status: int = 200) -> dict[str, Any]:
    assert response.status_code == status, response.content
    body: dict[str, Any] = response.json()
    return body


def test_every_step_of_a_benefits_case_through_the_api(
    client: Client, benefits: Caller, verifier: Caller, today: Any
) -> None:
    number = _open_case(client, BENEFITS, benefits, EXPIRED)
    listed = _ok(benefits.get(client, "/cases", state="open"))
    assert [c["case_number"] for c in listed] == [number]
    assert "history" not in listed[0]
    shown = _ok(benefits.get(client, f"/cases/{number}"))
    assert (shown["state"], shown["agency"], shown["purpose"]) == (
        "open",
        BENEFITS,
        PURPOSE[BENEFITS],
    )
    assert "institute" in shown["next"]

    step = _ok(benefits.post(client, f"/cases/{number}/institute", {"note": "asked by caseworker"}))
    assert step["state"] == "additional_verification" and step["due_on"]
    assert step["history"][-1] == {
        "state": "additional_verification",
        "action": "institute",
        "on": ON,
        "by": benefits.client_id,
        "note": "asked by caseworker",
    }
    assert number in [c["case_number"] for c in _ok(verifier.get(client, "/cases/queue"))]

    step = _ok(
        verifier.post(
            client,
            f"/cases/{number}/determine",
            {"outcome": "NOT_VERIFIED", "evidence": "no record of the status"},
        )
    )
    assert (step["state"], step["outcome"]) == ("determined", "NOT_VERIFIED")
    assert step["history"][-1]["by"] == verifier.client_id

    step = _ok(benefits.post(client, f"/cases/{number}/notify", {"via": "email"}))
    assert (step["state"], step["contest_until"]) == ("notice_sent", "2026-12-02")
    assert {n["language"] for n in step["notices"]} == {"en", "es"}

    step = _ok(benefits.post(client, f"/cases/{number}/contest", {"note": "person called"}))
    assert step["state"] == "contested"
    step = _ok(
        verifier.post(
            client,
            f"/cases/{number}/request-documents",
            {"note": "a copy of the permanent resident card"},
        )
    )
    assert step["state"] == "documents_requested"

    received = _ok(benefits.upload(client, number, "card.pdf", PDF, note="from the person"), 201)
    assert received["case"]["state"] == "documents_submitted"
    document = received["document"]
    assert (document["media_type"], document["size"]) == ("application/pdf", len(PDF))
    got = verifier.get(client, f"/cases/{number}/documents/{document['id']}")
    assert got.status_code == 200 and got["Content-Type"] == "application/pdf"
    assert got.content == PDF

    step = _ok(
        verifier.post(
            client,
            f"/cases/{number}/determine",
            {
                "outcome": "IMMIGRATION_STATUS",
                "status": "LPR",
                "evidence": "permanent resident card, valid",
            },
        )
    )
    assert (step["state"], step["status"]) == ("determined", "LPR")
    step = _ok(benefits.post(client, f"/cases/{number}/notify", {}))
    assert step["state"] == "notice_sent"

    today(AFTER_WINDOW)
    step = _ok(benefits.post(client, f"/cases/{number}/finalize", {"note": "window ended"}))
    assert step["state"] == "final"
    actions = [e["action"] for e in step["history"]]
    assert actions == ["open", "institute", "determine", "notify", "contest", "request_documents",
                       "submit_documents", "determine", "notify", "finalize"]  # fmt: skip
    assert {e["by"] for e in step["history"][1:]} == {benefits.client_id, verifier.client_id}


def test_an_adverse_result_waits_for_notice_and_the_window(
    client: Client, election: Caller, verifier: Caller, today: Any
) -> None:
    number = _open_case(client, ELECTION, election, EXPIRED)
    assert _ok(election.get(client, f"/cases/{number}"))["state"] == "additional_verification"
    _ok(
        verifier.post(
            client,
            f"/cases/{number}/determine",
            {"outcome": "NOT_VERIFIED", "evidence": "no record"},
        )
    )
    early = assert_problem(election.post(client, f"/cases/{number}/finalize"), 409)
    assert "notify the person first" in early["detail"]
    _ok(election.post(client, f"/cases/{number}/notify"))
    window = assert_problem(election.post(client, f"/cases/{number}/finalize"), 409)
    assert "2026-12-02" in window["detail"]
    today("2026-12-02")
    assert_problem(election.post(client, f"/cases/{number}/finalize"), 409)
    today(AFTER_WINDOW)
    assert _ok(election.post(client, f"/cases/{number}/finalize"))["state"] == "final"
    assert_problem(election.post(client, f"/cases/{number}/close", {"reason": "late"}), 409)


def test_a_notice_downloads_as_text_and_pdf(
    client: Client, election: Caller, verifier: Caller
) -> None:
    number = _open_case(client, ELECTION, election, EXPIRED)
    assert_problem(election.get(client, f"/cases/{number}/notices/en.pdf"), 404)
    _ok(
        verifier.post(
            client,
            f"/cases/{number}/determine",
            {"outcome": "NOT_VERIFIED", "evidence": "no record"},
        )
    )
    _ok(election.post(client, f"/cases/{number}/notify"))
    pdf = election.get(client, f"/cases/{number}/notices/en.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-")
    text = election.get(client, f"/cases/{number}/notices/es")
    assert text.status_code == 200 and text["Content-Type"].startswith("text/plain")
    assert number in text.content.decode("utf-8")
    assert_problem(election.get(client, f"/cases/{number}/notices/fr"), 404)
    assert verifier.get(client, f"/cases/{number}/notices/en").status_code == 200


def test_another_agencys_case_is_not_found(
    client: Client, benefits: Caller, election: Caller
) -> None:
    number = _open_case(client, BENEFITS, benefits, EXPIRED)
    assert_problem(election.get(client, f"/cases/{number}"), 404)
    assert_problem(election.post(client, f"/cases/{number}/institute"), 404)
    assert_problem(election.post(client, f"/cases/{number}/close", {"reason": "x"}), 404)
    assert_problem(election.get(client, f"/cases/{number}/notices/en"), 404)
    assert election.get(client, "/cases").json() == []
    assert Case.objects.get(case_number=number).state == "open"
    unknown = assert_problem(benefits.get(client, "/cases/SB000000AAAAAAAAAA"), 404)
    others = assert_problem(election.get(client, f"/cases/{number}"), 404)
    assert unknown == others  # nothing tells a client which case numbers exist


def test_each_refusal_has_its_status_and_changes_nothing(
    client: Client, benefits: Caller, verifier: Caller
) -> None:
    number = _open_case(client, BENEFITS, benefits, EXPIRED)
    url = f"/cases/{number}"
    conflict = assert_problem(benefits.post(client, f"{url}/finalize"), 409)
    assert conflict["detail"] == "a case in state open cannot be finalized"
    later = assert_problem(benefits.post(client, f"{url}/institute", {"on": "2026-11-03"}), 422)
    assert "later than today" in later["detail"]
    not_a_day = assert_problem(
        benefits.post(client, f"{url}/institute", {"on": "123-45-6789"}), 422
    )
    assert "6789" not in not_a_day["detail"]
    assert_problem(benefits.post(client, f"{url}/close", {"reason": "  "}), 422)
    assert_problem(benefits.post(client, f"{url}/close", {}), 422)
    assert_problem(benefits.get(client, "/cases", state="nowhere"), 422)
    assert _ok(benefits.get(client, url))["state"] == "open"
    assert len(_ok(benefits.get(client, url))["history"]) == 1

    _ok(benefits.post(client, f"{url}/institute"))
    bad_outcome = {"outcome": "MAYBE", "evidence": "x"}
    assert_problem(verifier.post(client, f"{url}/determine", bad_outcome), 422)
    no_status = {"outcome": "IMMIGRATION_STATUS", "evidence": "card"}
    detail = assert_problem(verifier.post(client, f"{url}/determine", no_status), 422)["detail"]
    assert "needs status" in detail and "--" not in detail
    no_evidence = {"outcome": "US_CITIZEN", "evidence": " "}
    assert_problem(verifier.post(client, f"{url}/determine", no_evidence), 422)
    assert_problem(verifier.post(client, f"{url}/request-documents", {"note": ""}), 422)
    assert _ok(benefits.get(client, url))["state"] == "additional_verification"


def test_uploads_must_be_a_pdf_or_an_image_of_at_most_10_mb(
    client: Client, benefits: Caller, verifier: Caller
) -> None:
    number = _open_case(client, BENEFITS, benefits, EXPIRED)
    _ok(benefits.post(client, f"/cases/{number}/institute"))
    _ok(verifier.post(client, f"/cases/{number}/request-documents", {"note": "passport"}))
    wrong = assert_problem(benefits.upload(client, number, "card.pdf", b"hello"), 422)
    assert "not a PDF or an image" in wrong["detail"]
    big = PDF + b"0" * (10 * 1024 * 1024)
    large = assert_problem(benefits.upload(client, number, "big.pdf", big), 413)
    assert "10 MB" in large["detail"]
    form = {"kind": "diary"}
    assert_problem(benefits.upload(client, number, "card.pdf", PDF, **form), 422)
    assert_problem(benefits.upload(client, number, "card.pdf", PDF, on="2030-01-01"), 422)
    shown = _ok(benefits.get(client, f"/cases/{number}"))
    assert (shown["state"], shown["documents"]) == ("documents_requested", [])
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16
    document = _ok(benefits.upload(client, number, "card.png", png), 201)["document"]
    got = verifier.get(client, f"/cases/{number}/documents/{document['id']}")
    assert got["Content-Type"] == "image/png" and got.content == png
    assert_problem(verifier.get(client, f"/cases/{number}/documents/999999"), 404)


def test_systems_are_refused_the_other_sides_routes(
    client: Client, benefits: Caller, verifier: Caller
) -> None:
    number = _open_case(client, BENEFITS, benefits, EXPIRED)
    _ok(benefits.post(client, f"/cases/{number}/institute"))
    determination = {"outcome": "US_CITIZEN", "evidence": "passport"}
    assert_problem(benefits.post(client, f"/cases/{number}/determine", determination), 404)
    assert_problem(benefits.post(client, f"/cases/{number}/request-documents", {"note": "x"}), 404)
    assert_problem(benefits.get(client, "/cases/queue"), 404)

    person = {"purpose": PURPOSE[BENEFITS], "on": ON, **EXPIRED}
    assert_problem(verifier.post(client, "/verifications", person), 403)
    form = {
        "file": SimpleUploadedFile("r.csv", (MINI / "requests.csv").read_bytes()),
        "purpose": PURPOSE[BENEFITS],
    }
    assert_problem(client.post(f"{API}/bulk-jobs", form, headers=bearer(verifier.access)), 403)
    for step in ("institute", "notify", "contest", "finalize"):
        assert_problem(verifier.post(client, f"/cases/{number}/{step}"), 404)
    assert_problem(verifier.post(client, f"/cases/{number}/close", {"reason": "x"}), 404)
    assert _ok(benefits.get(client, f"/cases/{number}"))["state"] == "additional_verification"
    # A verifier's system reads every agency's cases.
    assert [c["case_number"] for c in _ok(verifier.get(client, "/cases"))] == [number]
    assert _ok(verifier.get(client, f"/cases/{number}"))["agency"] == BENEFITS


def test_overdue_cases_lead_the_queue_and_filter_the_list(
    client: Client, benefits: Caller, verifier: Caller, today: Any
) -> None:
    number = _open_case(client, BENEFITS, benefits, EXPIRED)
    due = _ok(benefits.post(client, f"/cases/{number}/institute"))["due_on"]
    assert _ok(benefits.get(client, "/cases", overdue="true")) == []
    today("2026-12-01")
    assert due < "2026-12-01"
    overdue = _ok(benefits.get(client, "/cases", overdue="true"))
    assert [c["case_number"] for c in overdue] == [number] and overdue[0]["overdue"]
    assert _ok(verifier.get(client, "/cases/queue"))[0]["overdue"] is True


def test_resubmitting_answers_from_the_records_again(client: Client, benefits: Caller) -> None:
    number = _open_case(client, BENEFITS, benefits, EXPIRED)
    answer = _ok(benefits.post(client, f"/cases/{number}/resubmit", EXPIRED))
    assert answer["request_id"] == "r-expired"
    assert answer["response_code"] == "ADDITIONAL_VERIFICATION"
    shown = _ok(benefits.get(client, f"/cases/{number}"))
    assert shown["history"][-1]["action"] == "resubmit"
    assert shown["history"][-1]["by"] == benefits.client_id
    assert_problem(benefits.post(client, f"/cases/{number}/resubmit", {"on": "2099-01-01"}), 422)


def test_a_citizenship_determination_is_sent_as_a_correction(
    client: Client, benefits: Caller, election: Caller, verifier: Caller
) -> None:
    heard = benefits.post(
        client, "/verifications", {"purpose": PURPOSE[BENEFITS], "on": ON, **EARLIER_NAME}
    ).json()
    assert heard["response_code"] == "IMMIGRATION_STATUS"
    number = _open_case(client, ELECTION, election, EARLIER_NAME)
    assert _ok(benefits.get(client, "/corrections")) == []
    _ok(
        verifier.post(
            client,
            f"/cases/{number}/determine",
            {"outcome": "US_CITIZEN", "evidence": "certificate of naturalization"},
        )
    )
    sent = _ok(benefits.get(client, "/corrections"))
    assert [(s["recipient"], s["outcome"], s["case_number"]) for s in sent] == [
        (BENEFITS, "US_CITIZEN", number)
    ]
    assert _ok(election.get(client, "/corrections")) == []


def test_an_operator_creates_a_verifier_system_of_no_agency(cli: Any) -> None:
    made = json.loads(cli("clients", "create", "--verifier", "--json").stdout)
    assert made["client_id"].startswith("sbc_") and made["client_secret"]
    both = cli("clients", "create", "--verifier", "--agency", BENEFITS, check=False)
    neither = cli("clients", "create", check=False)
    for refused in (both, neither):
        assert refused.returncode != 0 and "Traceback" not in refused.stderr
        assert "--verifier" in refused.stderr.strip().splitlines()[-1]
    listed = json.loads(cli("clients", "list", "--json").stdout)
    assert [(c["client_id"], c["agency"], c["role"]) for c in listed] == [
        (made["client_id"], None, "verifier-client")
    ]


def test_every_case_route_is_in_the_openapi_document_with_its_schemas(client: Client) -> None:
    document = client.get(f"{API}/openapi.json").json()
    routes = {
        (method.upper(), path): operation
        for path, item in document["paths"].items()
        if path.startswith(f"{API}/cases") or path == f"{API}/corrections"
        for method, operation in item.items()
    }
    assert len(routes) == 16
    for (method, path), operation in routes.items():
        responses = operation["responses"]
        success = responses.get("200") or responses["201"]
        assert success["content"], (method, path)
        assert set(responses["404"]["content"]) == {"application/problem+json"}, path
        if method == "POST":
            assert operation["requestBody"]["content"], path
    upload = routes[("POST", f"{API}/cases/{{case_number}}/documents")]
    assert "multipart/form-data" in upload["requestBody"]["content"]
    assert "413" in upload["responses"]
    pdf = routes[("GET", f"{API}/cases/{{case_number}}/notices/{{language}}.pdf")]
    assert "application/pdf" in pdf["responses"]["200"]["content"]
