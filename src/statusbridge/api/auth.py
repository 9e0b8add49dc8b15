"""Who is asking: bearer tokens on every API call, client credentials at the token endpoint.

Must never log a token, a secret or an ``Authorization`` header.
"""

from __future__ import annotations

import base64
import binascii
from urllib.parse import unquote

from django.http import HttpRequest
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer

from statusbridge.api.credentials import client_for_token
from statusbridge.api.models import ApiClient


class InvalidToken(AuthenticationError):
    """A bearer token was sent but is unknown, expired or revoked (RFC 6750 ``invalid_token``)."""

    def __init__(self) -> None:
        super().__init__(401, "the access token is unknown, expired or revoked")


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> ApiClient:
        client = client_for_token(token.strip())
        if client is None:
            raise InvalidToken()
        return client


def client_of(request: HttpRequest) -> ApiClient:
    """The client a bearer-authenticated request was made by."""
    client: ApiClient = request.auth  # type: ignore[attr-defined]
    return client


def basic_credentials(request: HttpRequest) -> tuple[str, str] | None:
    """Client id and secret from an ``Authorization: Basic`` header (RFC 6749 section 2.3.1)."""
    scheme, _, value = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "basic" or not value:
        return None
    try:
        decoded = base64.b64decode(value.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return None
    client_id, colon, secret = decoded.partition(":")
    return (unquote(client_id), unquote(secret)) if colon else None
