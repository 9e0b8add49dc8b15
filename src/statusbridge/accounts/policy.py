"""The one authorization policy: may this actor do this action to this object?

Every surface asks here — the CLI's ``--by``, the API's routes, the web's staff pages — and
nowhere else. The answer is a pure function of a table (``TABLE``: who may do what, data in one
place) and a scope check (agency staff and agency systems act only on their own agency's
objects; an individual only on their own records; the other staff serve every agency).
``authorize`` writes each check of a person to the staff audit trail, allowed or refused.

This module must never decide anything from a request's wording or a surface's kind: the same
actor, action and object get the same answer everywhere.
"""

from __future__ import annotations

import enum
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

log = logging.getLogger(__name__)


class Action(enum.StrEnum):
    VERIFY = "verify"  # single verifications
    SUBMIT_BULK = "submit_bulk"
    VIEW_JOB = "view_job"
    DOWNLOAD_RESULTS = "download_results"  # an agency's whole results file
    VIEW_CASE = "view_case"
    ACT_ON_CASE = "act_on_case"  # notify the person, finalize
    DETERMINE_CASE = "determine_case"  # a status verifier's determination, or asking for documents
    CONTEST_CASE = "contest_case"  # the person, or the agency recording the person's contest
    VIEW_AGREEMENT = "view_agreement"
    MANAGE_AGREEMENTS = "manage_agreements"
    ACCEPT_LEGAL_CHANGE = "accept_legal_change"  # imported notices and legal events
    READ_DECISIONS = "read_decisions"  # decisions to disclose or refuse
    READ_ACCOUNTING = "read_accounting"
    READ_AUDIT = "read_audit"  # this trail of staff actions
    MANAGE_USERS = "manage_users"
    MANAGE_CLIENTS = "manage_clients"  # an agency's API clients


A = Action
_AGENCY_WORK = frozenset(
    {A.VERIFY, A.SUBMIT_BULK, A.VIEW_JOB, A.DOWNLOAD_RESULTS, A.VIEW_CASE, A.VIEW_AGREEMENT}
)

# Who may do what: role → actions. The scope each role acts in is in ``SCOPE``.
TABLE: dict[str, frozenset[Action]] = {
    "agency-user": _AGENCY_WORK | {A.ACT_ON_CASE, A.CONTEST_CASE},
    "agency-admin": _AGENCY_WORK
    | {A.ACT_ON_CASE, A.CONTEST_CASE, A.MANAGE_USERS, A.MANAGE_CLIENTS},
    "status-verifier": frozenset({A.VIEW_CASE, A.DETERMINE_CASE}),
    "privacy-officer": frozenset(
        {
            A.VIEW_AGREEMENT,
            A.MANAGE_AGREEMENTS,
            A.ACCEPT_LEGAL_CHANGE,
            A.READ_DECISIONS,
            A.READ_ACCOUNTING,
        }
    ),
    "auditor": frozenset({A.VIEW_AGREEMENT, A.READ_DECISIONS, A.READ_ACCOUNTING, A.READ_AUDIT}),
    "api-client": _AGENCY_WORK | {A.ACT_ON_CASE, A.CONTEST_CASE},
    # A status verification office's own system: answers cases through the API, as its staff do.
    "verifier-client": frozenset({A.VIEW_CASE, A.DETERMINE_CASE}),
    "individual": frozenset({A.VIEW_CASE, A.CONTEST_CASE, A.READ_ACCOUNTING}),
}

Scope = Literal["agency", "everyone", "self"]
SCOPE: dict[str, Scope] = {
    "agency-user": "agency",
    "agency-admin": "agency",
    "api-client": "agency",
    "verifier-client": "everyone",
    "status-verifier": "everyone",
    "privacy-officer": "everyone",
    "auditor": "everyone",
    "individual": "self",
}


@dataclass(frozen=True)
class Actor:
    """Who asks: a staff member, an agency's API client, or an individual."""

    kind: Literal["staff", "client", "individual"]
    name: str  # a username or a client_id
    role: str  # a key of TABLE
    agency: str | None = None  # the agency's slug, for agency staff and clients
    person_key: str | None = None  # an individual's own records, once proofed
    active: bool = True
    user_id: int | None = None

    @classmethod
    def staff(
        cls,
        name: str,
        role: str,
        agency: str | None,
        active: bool = True,
        user_id: int | None = None,
    ) -> Actor:
        return cls("staff", name, role, agency, None, active, user_id)

    @classmethod
    def client(cls, client_id: str, agency: str, active: bool = True) -> Actor:
        return cls("client", client_id, "api-client", agency, None, active)

    @classmethod
    def individual(
        cls, name: str, person_key: str | None, active: bool = True, user_id: int | None = None
    ) -> Actor:
        return cls("individual", name, "individual", None, person_key or None, active, user_id)

    def __str__(self) -> str:
        where = f" of {self.agency}" if self.agency else ""
        return f"{self.name} ({self.role}{where})"


@dataclass(frozen=True)
class Target:
    """What is acted on: its kind and id, the agency it belongs to, and whose records it holds.

    ``agency`` is None for what belongs to no agency (the whole accounting, the audit trail, a
    status verifier's account); ``person_key`` is set where the object is one person's records.
    """

    kind: str
    id: str
    agency: str | None = None
    person_key: str | None = None


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: str


def agency_target(slug: str) -> Target:
    """An agency itself: what a verification, an upload, a new agreement or client acts for."""
    return Target("agency", slug, slug)


def whole(kind: str) -> Target:
    """Something of every agency at once: the whole accounting log, every agreement, all users."""
    return Target(kind, "*")


class Forbidden(Exception):
    """An actor may not do what it asked; the message is one line, fit to show the actor."""


def decide(actor: Actor, action: Action, target: Target) -> Decision:
    """The policy's answer, without side effects."""
    if not actor.active:
        return Decision(False, f"{actor.name}'s account is disabled")
    if action not in TABLE.get(actor.role, frozenset()):
        return Decision(False, f"{actor} may not {action.value.replace('_', ' ')}")
    scope = SCOPE[actor.role]
    if scope == "agency" and (actor.agency is None or target.agency != actor.agency):
        whose = f"agency {target.agency}" if target.agency else "no agency"
        return Decision(False, f"{actor} may not act on {target.kind} {target.id} of {whose}")
    if scope == "self" and (actor.person_key is None or target.person_key != actor.person_key):
        return Decision(False, f"{actor} may act only on their own records")
    return Decision(True, f"{actor} may {action.value.replace('_', ' ')}")


def authorize(actor: Actor, action: Action, target: Target, via: str = "cli") -> Decision:
    """Decide, and record the check in the staff audit trail when the actor is a person.

    An API client's requests are not staff actions: what they disclose is in the accounting.
    """
    decision = decide(actor, action, target)
    if actor.kind != "client":
        from statusbridge.accounts.models import StaffAction

        StaffAction.objects.create(
            user_id=actor.user_id,
            username=actor.name,
            role=actor.role,
            action=action.value,
            object_kind=target.kind,
            object_id=target.id[:200],
            agency=target.agency or "",
            outcome="allowed" if decision.allowed else "refused",
            reason=decision.reason[:300],
            via=via,
        )
    if not decision.allowed:
        log.info("refused: %s", decision.reason)
    return decision


def require(actor: Actor, action: Action, target: Target, via: str = "cli") -> None:
    """``authorize``, raising ``Forbidden`` on a refusal."""
    decision = authorize(actor, action, target, via)
    if not decision.allowed:
        raise Forbidden(decision.reason)


def actor_for_user(user: AbstractBaseUser | AnonymousUser) -> Actor:
    """The actor a signed-in user is; ``Forbidden`` for one with neither a role nor records."""
    from statusbridge.accounts.models import Individual, StaffProfile

    if not user.is_authenticated or user.pk is None:
        raise Forbidden("sign in first")
    name = user.get_username()
    profile = StaffProfile.objects.select_related("agency").filter(user_id=user.pk).first()
    if profile is not None:
        agency = profile.agency.slug if profile.agency else None
        return Actor.staff(name, profile.role, agency, user.is_active, user.pk)
    individual = Individual.objects.filter(user_id=user.pk).first()
    if individual is not None:
        return Actor.individual(name, individual.person_key, user.is_active, user.pk)
    raise Forbidden(f"{name} has no role in statusbridge")


def actor_named(username: str) -> Actor:
    """The actor for ``--by USERNAME``: ``Forbidden`` when no such user exists or it is disabled."""
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise Forbidden(f"no user '{username}'")
    if not user.is_active:
        raise Forbidden(f"{username}'s account is disabled")
    return actor_for_user(user)


def target_of(obj: object) -> Target:
    """The target a stored object is: its kind, id, agency and whose records it holds.

    Cases and bulk jobs hold their agency as a slug, the others as a key to ``Agency``; this is
    the one place that knows which.
    """
    from statusbridge.api.models import ApiBulkJob, ApiClient
    from statusbridge.bulk.models import BulkJob
    from statusbridge.cases.models import Case
    from statusbridge.privacy.models import Agreement

    if isinstance(obj, Case):
        return Target("case", obj.case_number, obj.agency, obj.person_key or None)
    if isinstance(obj, BulkJob):
        return Target("job", obj.job_id, obj.agency)
    if isinstance(obj, ApiBulkJob):
        return Target("job", obj.job_id, obj.agency.slug)
    if isinstance(obj, Agreement):
        return Target("agreement", obj.reference or str(obj.pk), obj.agency.slug)
    if isinstance(obj, ApiClient):
        return Target("client", obj.client_id, obj.agency.slug if obj.agency else None)
    raise TypeError(f"the policy knows no target kind for {type(obj).__name__}")


def actor_for_client(client: object) -> Actor:
    """The actor an ``api.models.ApiClient`` is."""
    from statusbridge.api.models import ApiClient

    assert isinstance(client, ApiClient)
    if client.agency is None:  # a status verification office's system: no agency of its own
        return Actor("client", client.client_id, "verifier-client", None, None, client.active)
    return Actor.client(client.client_id, client.agency.slug, client.active)
