"""Client credentials and bearer tokens: create clients, issue tokens, recognise them.

Secrets and tokens are shown once and stored only as SHA-256 digests; digests are compared in
constant time. This module must never log or store a secret or a token in the clear.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from statusbridge.api.models import AccessToken, ApiClient
from statusbridge.privacy.models import Agency

TOKEN_SECONDS = 3600
CLIENT_ID = re.compile(r"sbc_[0-9a-f]{24}")
# Compared against when a client id is unknown, so both paths cost one digest and one compare.
_NO_CLIENT = hashlib.sha256(b"no such client").hexdigest()


class UnknownAgency(Exception):
    """The agency named for a new client does not exist."""


@dataclass(frozen=True)
class NewClient:
    client_id: str
    client_secret: str
    agency: str


@dataclass(frozen=True)
class IssuedToken:
    access_token: str
    expires_in: int


def digest(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8")).hexdigest()


def create_client(agency_slug: str) -> NewClient:
    """A new client for the agency's system; the secret is returned here and never again."""
    agency = Agency.objects.filter(slug=agency_slug).first()
    if agency is None:
        raise UnknownAgency(f"unknown agency '{agency_slug}'")
    client_id = f"sbc_{secrets.token_hex(12)}"
    secret = f"sbs_{secrets.token_urlsafe(32)}"
    ApiClient.objects.create(client_id=client_id, secret_sha256=digest(secret), agency=agency)
    return NewClient(client_id=client_id, client_secret=secret, agency=agency.slug)


def create_verifier_client() -> NewClient:
    """A new client for a status verification office's system: it belongs to no agency and
    answers every agency's cases; the secret is returned here and never again."""
    client_id = f"sbc_{secrets.token_hex(12)}"
    secret = f"sbs_{secrets.token_urlsafe(32)}"
    ApiClient.objects.create(
        client_id=client_id,
        secret_sha256=digest(secret),
        agency=None,
        role=ApiClient.Role.VERIFIER,
    )
    return NewClient(client_id=client_id, client_secret=secret, agency="")


def authenticate_client(client_id: str, client_secret: str) -> ApiClient | None:
    """The active client whose id and secret these are, else ``None``."""
    # Only an id of the form create_client makes reaches the database (a NUL fails PostgreSQL).
    client = (
        ApiClient.objects.select_related("agency").filter(client_id=client_id, active=True).first()
        if CLIENT_ID.fullmatch(client_id)
        else None
    )
    expected = client.secret_sha256 if client is not None else _NO_CLIENT
    matches = hmac.compare_digest(expected, digest(client_secret))
    return client if client is not None and matches else None


def issue_token(client: ApiClient) -> IssuedToken:
    """A new bearer token for the client; its own expired tokens are cleared on the way."""
    now = timezone.now()
    AccessToken.objects.filter(client=client, expires_at__lte=now).delete()
    token = secrets.token_urlsafe(32)
    AccessToken.objects.create(
        token_sha256=digest(token),
        client=client,
        expires_at=now + timedelta(seconds=TOKEN_SECONDS),
    )
    return IssuedToken(access_token=token, expires_in=TOKEN_SECONDS)


def client_for_token(token: str) -> ApiClient | None:
    """The active client a live bearer token belongs to, else ``None``."""
    if not token:
        return None
    wanted = digest(token)
    found = (
        AccessToken.objects.select_related("client__agency")
        .filter(token_sha256=wanted, expires_at__gt=timezone.now(), client__active=True)
        .first()
    )
    if found is None or not hmac.compare_digest(found.token_sha256, wanted):
        return None
    return found.client


def revoke_client(client_id: str) -> bool:
    """Deactivate a client and drop its tokens; ``False`` when there is no such client."""
    client = ApiClient.objects.filter(client_id=client_id).first()
    if client is None:
        return False
    client.active = False
    client.save(update_fields=["active"])
    AccessToken.objects.filter(client=client).delete()
    return True
