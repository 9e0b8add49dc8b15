"""Every API route declares the action it needs, and the one policy — not the route — decides."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from statusbridge.accounts import policy
from statusbridge.accounts.policy import Action
from statusbridge.api.access import PUBLIC
from statusbridge.api.views import api
from tests.api.conftest import BENEFITS, PURPOSE, Token, assert_problem, bearer
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


def test_every_declared_action_is_one_the_table_gives_agency_systems() -> None:
    declared = {view.policy_action for _, _, view in _operations()} - {PUBLIC}
    assert declared <= policy.TABLE["api-client"]


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
