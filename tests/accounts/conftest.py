"""Accounts fixtures: staff made the way ``users create`` makes them, and their TOTP codes."""

from __future__ import annotations

import base64
import time
from collections.abc import Callable

import pytest
from django_otp.oath import TOTP

from statusbridge.accounts.services import NewStaff, create_staff

PASSWORD = "correct horse battery staple 7"
AGENCY = "demo-election-office"

MakeStaff = Callable[..., NewStaff]


def code(secret: str, steps_from_now: int = 0) -> str:
    """The six-digit code an authenticator app shows for this base32 secret (RFC 6238)."""
    totp = TOTP(base64.b32decode(secret))
    totp.time = time.time() + 30 * steps_from_now
    return f"{totp.token():06d}"


def wrong_code(secret: str) -> str:
    """A code that is valid in none of the steps the service accepts (now and one either side)."""
    valid = {code(secret, step) for step in (-2, -1, 0, 1, 2)}
    return next(c for c in (f"{n:06d}" for n in range(0, 1_000_000, 7919)) if c not in valid)


@pytest.fixture
def make_staff(db: None) -> MakeStaff:
    def make(username: str, role: str = "agency-user", agency: str | None = AGENCY) -> NewStaff:
        scoped = role in {"agency-user", "agency-admin"}
        return create_staff(username, role, agency if scoped else None, PASSWORD)

    return make
