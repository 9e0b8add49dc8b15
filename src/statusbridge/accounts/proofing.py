"""Identity proofing: binding an individual's account to their own records.

``IdentityProofing`` is what a provider implements. The production path is an OpenID Connect
provider such as Login.gov (IAL2): the person is sent to the provider, signs in and proves who
they are there, and the provider's ID token (with the ``social_security_number`` claim Login.gov
releases at IAL2) comes back to a callback that calls ``bind_individual`` — see docs/accounts.md.

``SimulatedProofing`` is for the demo and tests only: it believes the claim it is given. It
must never be configured in production, and every page that uses it must say it is simulated.
This module must never store or log the SSN it is given: only its keyed hash is kept.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Protocol, runtime_checkable

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from statusbridge import config
from statusbridge.accounts.models import Individual
from statusbridge.accounts.services import AccountError
from statusbridge.engine.person_key import person_key


class ProofingRefused(Exception):
    """The provider did not vouch for the person; the message never repeats the claim."""


@dataclass(frozen=True)
class ProofedIdentity:
    """What a provider vouches for: the person's SSN (hashed at once by the caller) and name."""

    ssn: str  # nine digits
    first_name: str
    last_name: str
    dob: date
    provider: str


@runtime_checkable
class IdentityProofing(Protocol):
    """A provider that proves who a person is."""

    name: str
    simulated: bool

    def proof(self, claim: Mapping[str, str]) -> ProofedIdentity:
        """What the provider vouches for, or ``ProofingRefused``.

        For an OpenID Connect provider the claim is the callback's ``code`` and ``state``; the
        provider exchanges the code for an ID token and reads the verified claims from it.
        """
        ...


class SimulatedProofing:
    """Demo only: vouches for any well-formed claim without checking it against anything."""

    name = "simulated"
    simulated = True

    def proof(self, claim: Mapping[str, str]) -> ProofedIdentity:
        ssn = re.sub(r"[\s-]", "", claim.get("ssn", ""))
        if not re.fullmatch(r"\d{9}", ssn):
            raise ProofingRefused("the SSN must be nine digits")
        first, last = claim.get("first_name", "").strip(), claim.get("last_name", "").strip()
        if not first or not re.fullmatch(r"[^\d]{2,}", last):
            raise ProofingRefused("a first and last name are needed")
        try:
            dob = date.fromisoformat(claim.get("dob", ""))
        except ValueError:
            raise ProofingRefused("the date of birth must be YYYY-MM-DD") from None
        return ProofedIdentity(ssn, first, last, dob, self.name)


def register_individual(username: str, password: str) -> AbstractBaseUser:
    """An individual's account, not yet bound to any records."""
    users = get_user_model()
    if users.objects.filter(username=username).exists():
        raise AccountError(f"a user '{username}' already exists")
    try:
        validate_password(password, users(username=username))
    except ValidationError as exc:
        raise AccountError("password refused: " + " ".join(exc.messages)) from exc
    with transaction.atomic():
        user = users.objects.create_user(username=username, password=password)
        Individual.objects.create(user=user)
    return user


def bind_individual(
    user: AbstractBaseUser, provider: IdentityProofing, claim: Mapping[str, str]
) -> Individual:
    """Bind the account to the records of the person the provider vouches for."""
    identity = provider.proof(claim)
    individual = Individual.objects.get(user_id=user.pk)
    individual.person_key = person_key(identity.ssn, config.person_key_secret())
    individual.provider = identity.provider
    individual.proofed_at = timezone.now()
    individual.save(update_fields=["person_key", "provider", "proofed_at"])
    return individual
