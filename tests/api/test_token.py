"""The token endpoint as an agency's system uses it: client credentials in, a bearer token out."""

from __future__ import annotations

import base64
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from statusbridge.api.credentials import create_client, digest, revoke_client
from statusbridge.api.models import AccessToken, ApiClient
from tests.api.conftest import (
    BENEFITS,
    FORM,
    TOKEN_URL,
    Token,
    assert_problem,
    bearer,
    form_body,
)

pytestmark = pytest.mark.django_db
JOB = "/api/v1/bulk-jobs/0123456789abcdef"


def _form(client_id: str, secret: str, grant: str = "client_credentials") -> str:
    return form_body({"grant_type": grant, "client_id": client_id, "client_secret": secret})


def test_good_credentials_get_a_bearer_token(client: Client) -> None:
    made = create_client(BENEFITS)
    response = client.post(TOKEN_URL, _form(made.client_id, made.client_secret), content_type=FORM)
    assert response.status_code == 200
    body = response.json()
    assert body["token_type"] == "Bearer" and body["expires_in"] == 3600
    assert len(body["access_token"]) >= 40
    assert response["Cache-Control"] == "no-store"


def test_only_digests_are_stored(client: Client) -> None:
    made = create_client(BENEFITS)
    response = client.post(TOKEN_URL, _form(made.client_id, made.client_secret), content_type=FORM)
    stored = ApiClient.objects.get(client_id=made.client_id)
    assert made.client_secret not in stored.secret_sha256
    assert stored.secret_sha256 == digest(made.client_secret)
    issued = response.json()["access_token"]
    assert AccessToken.objects.filter(token_sha256=digest(issued)).exists()
    assert not AccessToken.objects.filter(token_sha256=issued).exists()


def test_basic_authentication_works_too(client: Client) -> None:
    made = create_client(BENEFITS)
    pair = base64.b64encode(f"{made.client_id}:{made.client_secret}".encode()).decode()
    response = client.post(
        TOKEN_URL,
        form_body({"grant_type": "client_credentials"}),
        content_type=FORM,
        headers={"Authorization": f"Basic {pair}"},
    )
    assert response.status_code == 200


@pytest.mark.parametrize("which", ["secret", "client_id"])
def test_wrong_credentials_are_401(client: Client, which: str) -> None:
    made = create_client(BENEFITS)
    client_id = made.client_id if which == "secret" else "sbc_nobody"
    secret = made.client_secret + "x" if which == "secret" else made.client_secret
    response = client.post(TOKEN_URL, _form(client_id, secret), content_type=FORM)
    body = assert_problem(response, 401)
    assert body["error"] == "invalid_client"
    assert "WWW-Authenticate" in response


def test_wrong_grant_type_is_400(client: Client) -> None:
    made = create_client(BENEFITS)
    response = client.post(
        TOKEN_URL, _form(made.client_id, made.client_secret, "password"), content_type=FORM
    )
    assert assert_problem(response, 400)["error"] == "unsupported_grant_type"
    missing = client.post(TOKEN_URL, form_body({}), content_type=FORM)
    assert assert_problem(missing, 400)["error"] == "invalid_request"


def test_missing_token_is_401_with_a_bearer_challenge(client: Client) -> None:
    response = client.get(JOB)
    assert_problem(response, 401)
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_expired_token_is_401(client: Client, token: Token) -> None:
    access = token(BENEFITS)
    AccessToken.objects.filter(token_sha256=digest(access)).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    response = client.get(JOB, headers=bearer(access))
    assert_problem(response, 401)
    assert 'error="invalid_token"' in response["WWW-Authenticate"]


def test_revoked_client_cannot_use_its_tokens(client: Client, token: Token) -> None:
    access = token(BENEFITS)
    assert client.get(JOB, headers=bearer(access)).status_code == 404  # authenticated
    found = AccessToken.objects.get(token_sha256=digest(access))
    assert revoke_client(found.client.client_id)
    assert_problem(client.get(JOB, headers=bearer(access)), 401)


def test_a_made_up_token_is_401(client: Client) -> None:
    assert_problem(client.get(JOB, headers=bearer("not-a-token")), 401)
    assert_problem(client.get(JOB, headers={"Authorization": "Token abc"}), 401)
