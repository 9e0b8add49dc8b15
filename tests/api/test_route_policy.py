"""Every API route declares the action it needs, and the one policy — not the route — decides."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from statusbridge.accounts import policy
from statusbridge.accounts.policy import Action
from statusbridge.api.access import PUBLIC
from statusbridge.api.credentials import create_verifier_client
from statusbridge.api.views import api
from statusbridge.cases.lifecycle import TABLE, Step
from tests.api.conftest import (
    BENEFITS,
    FORM,
    PURPOSE,
    TOKEN_URL,
    Token,
    assert_problem,
    bearer,
    form_body,
)
from tests.conftest import MINI, ON

NICKNAME = {
    "request_id": "r-1",
    "first_name": "Bill",
    "last_name": "Smith",
    "dob": "1980-02-03",
    "ssn": "123456789",
}


def _operations() -> list[tuple[str, str, Any]]:
    found = []
    for _, router in api._routers:
        for path, view in router.path_operations.items():
            for operation in view.operations:
                for method in operation.methods:
                    found.append((method, path, operation.view_func))
    return found


def test_every_route_declares_what_it_needs() -> None:
    operations = _operations()
    assert len(operations) >= 5
    undeclared = [f"{m} {p}" for m, p, view in operations if not hasattr(view, "policy_action")]
    assert not undeclared, f"routes without a declared action: {undeclared}"


def test_every_declared_action_is_one_the_table_gives_agency_or_verifier_systems() -> None:
    declared = {view.policy_action for _, _, view in _operations()} - {PUBLIC}
    assert declared <= policy.TABLE["api-client"] | policy.TABLE["verifier-client"]


def test_each_case_step_route_needs_the_action_the_lifecycle_names() -> None:
    path = "/cases/{{case_number}}/{}".format
    steps = {path(s.value.replace("_", "-")): s for s in Step if s is not Step.SUBMIT_DOCUMENTS}
    steps[path("documents")] = Step.SUBMIT_DOCUMENTS
    routed = {p: view for m, p, view in _operations() if m == "POST" and p in steps}
    assert set(routed) == set(steps)
    for path, view in routed.items():
        assert view.policy_action == TABLE[steps[path]].action, path


@pytest.fixture
def withdrawn(monkeypatch: pytest.MonkeyPatch) -> Any:
    """Take one action away from agency systems in the policy table."""

    def withdraw(action: Action) -> None:
        table = dict(policy.TABLE)
        table["api-client"] = table["api-client"] - {action}
        monkeypatch.setattr(policy, "TABLE", table)

    return withdraw


def test_a_verification_goes_through_the_policy(
    client: Client, token: Token, snapshots: None, withdrawn: Any
) -> None:
    access = token(BENEFITS)
    body = {**NICKNAME, "purpose": PURPOSE[BENEFITS], "on": ON}
    post = {"content_type": "application/json", "headers": bearer(access)}
    assert client.post("/api/v1/verifications", body, **post).status_code == 200
    withdrawn(Action.VERIFY)
    assert_problem(client.post("/api/v1/verifications", body, **post), 403)


def test_bulk_routes_go_through_the_policy(
    client: Client,
    token: Token,
    snapshots: None,
    withdrawn: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("STATUSBRIDGE_BULK_INLINE", "1")
    access = token(BENEFITS)
    form = {
        "file": SimpleUploadedFile("requests.csv", (MINI / "requests.csv").read_bytes()),
        "purpose": PURPOSE[BENEFITS],
        "on": ON,
    }
    job_id = client.post("/api/v1/bulk-jobs", form, headers=bearer(access)).json()["job_id"]
    job_url = f"/api/v1/bulk-jobs/{job_id}"
    assert client.get(f"{job_url}/results", headers=bearer(access)).status_code == 200
    withdrawn(Action.DOWNLOAD_RESULTS)
    assert_problem(client.get(f"{job_url}/results", headers=bearer(access)), 404)
    assert client.get(job_url, headers=bearer(access)).status_code == 200
    withdrawn(Action.VIEW_JOB)
    assert_problem(client.get(job_url, headers=bearer(access)), 404)
    withdrawn(Action.SUBMIT_BULK)
    again = {**form, "file": SimpleUploadedFile("requests.csv", b"request_id\n")}
    assert_problem(client.post("/api/v1/bulk-jobs", again, headers=bearer(access)), 403)


# Enough of every body that a route reaches its policy check (extra fields are ignored).
ANY_BODY = {"purpose": PURPOSE[BENEFITS], "outcome": "US_CITIZEN", "evidence": "x",
            "reason": "x", "note": "x", "on": ON}  # fmt: skip
UPLOADS = {"/bulk-jobs", "/cases/{case_number}/documents"}


def _verifier_token(client: Client) -> str:
    made = create_verifier_client()
    form = {"grant_type": "client_credentials", "client_id": made.client_id,
            "client_secret": made.client_secret}  # fmt: skip
    access: str = client.post(TOKEN_URL, form_body(form), content_type=FORM).json()["access_token"]
    return access


def _call(client: Client, access: str, method: str, path: str, case_number: str) -> Any:
    url = "/api/v1" + path.format(
        case_number=case_number, language="en", document_id=1, job_id="0" * 32
    )
    if method == "GET":
        return client.get(url, headers=bearer(access))
    if path in UPLOADS:
        form = {"file": SimpleUploadedFile("r.csv", b"request_id\n"), "kind": "other",
                "purpose": PURPOSE[BENEFITS]}  # fmt: skip
        return client.post(url, form, headers=bearer(access))
    return client.post(url, ANY_BODY, content_type="application/json", headers=bearer(access))


@pytest.mark.parametrize("role", ["api-client", "verifier-client"])
def test_a_route_whose_action_the_role_lacks_is_refused(
    client: Client, token: Token, snapshots: None, role: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every route, called by a system whose role lacks its action: 403 or 404, nothing else."""
    monkeypatch.setenv("STATUSBRIDGE_TODAY", ON)
    agency = token(BENEFITS)
    body = {**NICKNAME, "ssn": "333445555", "first_name": "Jorge", "last_name": "Ruiz",
            "dob": "1999-09-09", "purpose": PURPOSE[BENEFITS], "on": ON}  # fmt: skip
    post = {"content_type": "application/json", "headers": bearer(agency)}
    number = client.post("/api/v1/verifications", body, **post).json()["case_number"]
    assert number
    access = agency if role == "api-client" else _verifier_token(client)
    lacking = [
        (m, p) for m, p, view in _operations()
        if view.policy_action != PUBLIC and view.policy_action not in policy.TABLE[role]
    ]  # fmt: skip
    assert lacking
    for method, path in lacking:
        response = _call(client, access, method, path, number)
        assert response.status_code in (403, 404), (method, path, response.content)
        assert_problem(response, response.status_code)


def test_case_routes_go_through_the_policy(
    client: Client, token: Token, snapshots: None, withdrawn: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STATUSBRIDGE_TODAY", ON)
    access = token(BENEFITS)
    body = {**NICKNAME, "ssn": "333445555", "first_name": "Jorge", "last_name": "Ruiz",
            "dob": "1999-09-09", "purpose": PURPOSE[BENEFITS], "on": ON}  # fmt: skip
    post = {"content_type": "application/json", "headers": bearer(access)}
    number = client.post("/api/v1/verifications", body, **post).json()["case_number"]
    url = f"/api/v1/cases/{number}"
    assert client.get(url, headers=bearer(access)).status_code == 200
    withdrawn(Action.ACT_ON_CASE)
    assert_problem(client.post(f"{url}/institute", {}, **post), 404)
    withdrawn(Action.VIEW_CASE)
    assert_problem(client.get(url, headers=bearer(access)), 404)
    assert_problem(client.get("/api/v1/cases", headers=bearer(access)), 403)
