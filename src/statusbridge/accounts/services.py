"""Staff accounts: create one with its TOTP device, list them, disable one.

A TOTP secret leaves this module once, in the ``NewStaff`` returned by ``create_staff``; it is
never listed, logged or shown again. Passwords are checked with Django's password validators
and stored only as Django's salted hashes.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import quote

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from statusbridge.accounts.models import AGENCY_ROLES, Role, StaffProfile
from statusbridge.privacy.models import Agency

ISSUER = "statusbridge"


class AccountError(ValueError):
    """A request about an account that cannot be carried out; the message is one line."""


@dataclass(frozen=True)
class NewStaff:
    username: str
    role: str
    agency: str | None
    totp_secret: str  # base32, for an authenticator app; shown once

    @property
    def otpauth_uri(self) -> str:
        """The ``otpauth://`` address an authenticator app reads (as a QR code or typed)."""
        label = quote(f"{ISSUER}:{self.username}")
        return f"otpauth://totp/{label}?secret={self.totp_secret}&issuer={ISSUER}"


@dataclass(frozen=True)
class StaffListing:
    username: str
    role: str
    agency: str | None
    active: bool
    created: datetime
    last_sign_in: datetime | None


def check_role(role: str, agency: str | None) -> Agency | None:
    """The agency a new account of ROLE belongs to; ``AccountError`` when they do not fit."""
    if role not in Role.values:
        raise AccountError(f"'{role}' is not a role (use one of: {', '.join(Role.values)})")
    if role not in AGENCY_ROLES:
        if agency:
            raise AccountError(f"a {role} serves every agency; --agency does not apply")
        return None
    if not agency:
        raise AccountError(f"a {role} belongs to one agency: give --agency")
    found = Agency.objects.filter(slug=agency).first()
    if found is None:
        raise AccountError(f"unknown agency '{agency}'")
    return found


def create_staff(username: str, role: str, agency: str | None, password: str) -> NewStaff:
    """A new staff account with a confirmed TOTP device; its secret is returned this once."""
    users = get_user_model()
    username = username.strip()
    if not username:
        raise AccountError("a username is needed")
    belongs_to = check_role(role, agency)
    if users.objects.filter(username=username).exists():
        raise AccountError(f"a user '{username}' already exists")
    candidate = users(username=username)
    try:
        validate_password(password, candidate)
    except ValidationError as exc:
        raise AccountError("password refused: " + " ".join(exc.messages)) from exc
    with transaction.atomic():
        user = users.objects.create_user(username=username, password=password)
        StaffProfile.objects.create(user=user, role=role, agency=belongs_to)
        device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    secret = base64.b32encode(device.bin_key).decode()
    return NewStaff(username, role, belongs_to.slug if belongs_to else None, secret)


def list_staff() -> list[StaffListing]:
    return [
        StaffListing(
            p.user.username,
            p.role,
            p.agency.slug if p.agency else None,
            p.user.is_active,
            p.user.date_joined,
            p.user.last_login,
        )
        for p in StaffProfile.objects.select_related("user", "agency").order_by("user__username")
    ]


def staff_agency(username: str) -> str | None:
    """The agency a staff member belongs to (None for staff of every agency)."""
    profile = StaffProfile.objects.select_related("agency").filter(user__username=username).first()
    if profile is None:
        raise AccountError(f"no staff member '{username}'")
    return profile.agency.slug if profile.agency else None


def disable_staff(username: str) -> None:
    """Disable an account; its sessions end at once.

    Django refuses an inactive user on every request of a session it holds; the sessions are
    deleted as well, so not even a stale cookie names the account any more.
    """
    users = get_user_model()
    user = users.objects.filter(username=username).first()
    if user is None:
        raise AccountError(f"no user '{username}'")
    with transaction.atomic():
        users.objects.filter(pk=user.pk).update(is_active=False)
        for session in Session.objects.all().iterator():
            if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
                session.delete()
