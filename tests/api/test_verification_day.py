"""The API's ``on``: the records and rules of a day that has happened, never a later one."""

from __future__ import annotations

import pytest
from django.test import Client

from statusbridge.ledger.models import LedgerEntry
from tests.api.conftest import BENEFITS, PURPOSE, Token, assert_problem, bearer

URL = "/api/v1/verifications"
BILL = {
    "request_id": "r-1",
    "first_name": "Bill",
    "last_name": "Smith",
    "dob": "1980-02-03",
    "ssn": "123456789",
}


def test_a_day_after_today_is_refused_before_anything_is_disclosed(
    client: Client, token: Token, snapshots: None
) -> None:
    before = LedgerEntry.objects.count()
    body = {**BILL, "purpose": PURPOSE[BENEFITS], "on": "2030-12-31"}
    response = client.post(
        URL, body, content_type="application/json", headers=bearer(token(BENEFITS))
    )
    assert_problem(response, 422)
    assert "later than today" in response.json()["detail"]
    assert LedgerEntry.objects.count() == before


def test_the_services_today_is_the_limit(
    client: Client, token: Token, snapshots: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STATUSBRIDGE_TODAY", "2026-11-03")
    access = token(BENEFITS)
    late = {**BILL, "purpose": PURPOSE[BENEFITS], "on": "2026-11-04"}
    assert_problem(
        client.post(URL, late, content_type="application/json", headers=bearer(access)), 422
    )
    ok = {**BILL, "purpose": PURPOSE[BENEFITS], "on": "2026-11-03"}
    response = client.post(URL, ok, content_type="application/json", headers=bearer(access))
    assert response.status_code == 200, response.content
