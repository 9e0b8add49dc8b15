"""``POST /api/v1/verifications`` answers exactly as ``statusbridge verify one`` does."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from django.test import Client

from statusbridge.ledger.models import LedgerEntry
from tests.api.conftest import (
    BENEFITS,
    ELECTION,
    PURPOSE,
    Token,
    assert_problem,
    bearer,
    mini_requests,
)
from tests.cli.test_verify_bulk import EXPECTED
from tests.conftest import DHS_AS_OF, ON, SSA_AS_OF

URL = "/api/v1/verifications"
RESULT_FIELDS = {
    "request_id", "response_code", "status", "reason", "case_number",
    "ssa_as_of", "dhs_as_of", "evidence", "status_since",
}  # fmt: skip
NICKNAME = {
    "request_id": "r-nickname",
    "first_name": "Bill",
    "last_name": "SMITH",
    "dob": "1980-02-03",
    "ssn": "123456789",
}


def _verify(client: Client, access: str, body: dict[str, Any]) -> Any:
    return client.post(URL, body, content_type="application/json", headers=bearer(access))


def _fields(row: dict[str, str]) -> dict[str, str]:
    return {k: v for k, v in row.items() if v}


def test_the_nickname_row_is_a_citizen(client: Client, snapshots: None, token: Token) -> None:
    body = {"purpose": PURPOSE[BENEFITS], "on": ON, **NICKNAME}
    response = _verify(client, token(BENEFITS), body)
    assert response.status_code == 200
    answer = response.json()
    assert set(answer) == RESULT_FIELDS
    assert (answer["response_code"], answer["reason"]) == ("US_CITIZEN", "SSA_CITIZEN_CODE")
    assert answer["request_id"] == "r-nickname"
    assert (answer["ssa_as_of"], answer["dhs_as_of"]) == (SSA_AS_OF, DHS_AS_OF)


@pytest.mark.parametrize("agency", [BENEFITS, ELECTION])
def test_every_mini_row_answers_as_the_cli_does(
    client: Client, snapshots: None, token: Token, agency: str
) -> None:
    access = token(agency)
    index = 0 if agency == BENEFITS else 1
    for row in mini_requests():
        if row["request_id"] not in EXPECTED:
            continue
        answer = _verify(client, access, {"purpose": PURPOSE[agency], "on": ON, **_fields(row)})
        got = answer.json()
        code, status, reason = EXPECTED[row["request_id"]][index]
        assert (got["response_code"], got["status"] or "", got["reason"]) == (code, status, reason)
        assert bool(got["case_number"]) == (code == "ADDITIONAL_VERIFICATION")


def test_the_election_office_never_receives_a_status(
    client: Client, snapshots: None, token: Token
) -> None:
    access = token(ELECTION)
    for row in mini_requests():
        body = {"purpose": PURPOSE[ELECTION], "on": ON, **_fields(row)}
        answer = _verify(client, access, body).json()
        assert answer["status"] is None and answer["status_since"] is None, row["request_id"]


def test_invalid_values_are_answered_invalid_not_rejected(
    client: Client, snapshots: None, token: Token
) -> None:
    access = token(BENEFITS)
    bad_ssn = {**NICKNAME, "ssn": "12345"}
    answer = _verify(client, access, {"purpose": PURPOSE[BENEFITS], "on": ON, **bad_ssn})
    assert answer.status_code == 200
    assert answer.json()["response_code"] == "INVALID"
    assert answer.json()["reason"].startswith("ssn:")
    bad_dob = {**NICKNAME, "dob": "02/30/1980"}
    answer = _verify(client, access, {"purpose": PURPOSE[BENEFITS], "on": ON, **bad_dob})
    assert answer.json()["reason"].startswith("dob:")


def test_a_refused_purpose_is_403_and_discloses_nothing(
    client: Client, snapshots: None, token: Token
) -> None:
    before = LedgerEntry.objects.count()
    body = {"purpose": PURPOSE[BENEFITS], "on": ON, **NICKNAME}
    response = _verify(client, token(ELECTION), body)
    problem = assert_problem(response, 403)
    assert problem["detail"].startswith("refused:")
    assert "response_code" not in problem and "US_CITIZEN" not in response.content.decode()
    assert LedgerEntry.objects.count() == before


@pytest.mark.parametrize(
    "body",
    [
        "{not json",
        "[1, 2]",
        '{"first_name": "Bill"}',
        '{"purpose": "benefit-eligibility", "ssn": 123456789}',
        '{"purpose": "benefit-eligibility", "on": "next tuesday"}',
    ],
    ids=["bad-json", "not-an-object", "no-purpose", "ssn-not-a-string", "bad-on"],
)
def test_a_malformed_body_is_422(client: Client, token: Token, body: str) -> None:
    response = client.post(
        URL, body, content_type="application/json", headers=bearer(token(BENEFITS))
    )
    problem = assert_problem(response, 422)
    assert "123456789" not in response.content.decode()  # submitted values are not echoed
    assert problem["detail"]


def test_csrf_does_not_apply_to_token_authenticated_calls(snapshots: None, token: Token) -> None:
    strict = Client(enforce_csrf_checks=True)
    body = {"purpose": PURPOSE[BENEFITS], "on": ON, **NICKNAME}
    response = _verify(strict, token(BENEFITS), body)
    assert response.status_code == 200


def test_a_server_error_is_a_problem_and_its_log_has_no_ssn(
    client: Client,
    token: Token,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    ssn, a_number = NICKNAME["ssn"], "A098765432"

    def broken(*args: Any, **kwargs: Any) -> None:
        # Built at run time: a frame's source line must not be what carries the number.
        raise RuntimeError(f"could not compare {ssn[:3]}-{ssn[3:5]}-{ssn[5:]} with {a_number}")

    monkeypatch.setattr("statusbridge.api.views.Verifier", broken)
    body = {"purpose": PURPOSE[BENEFITS], **NICKNAME}
    with caplog.at_level(logging.ERROR, logger="statusbridge.api"):
        response = _verify(client, token(BENEFITS), body)
    problem = assert_problem(response, 500)
    assert "123-45-6789" not in response.content.decode()
    assert "RuntimeError" not in problem["detail"]
    logged = caplog.text
    assert "RuntimeError" in logged and "/api/v1/verifications" in logged
    assert "123-45-6789" not in logged and "098765432" not in logged
    assert "123456789" not in logged
