"""Staff roles, individuals bound to their own records, and the append-only staff audit trail.

Accounts are Django auth users; what a user *is* in statusbridge (a role, and for agency staff
their agency) is a ``StaffProfile`` or an ``Individual`` beside it. ``StaffAction`` rows are only
ever added: the model refuses updates and deletes through the ORM.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from statusbridge.appendonly import AppendOnly, AppendOnlyModel
from statusbridge.privacy.models import Agency

__all__ = ["AppendOnly", "Individual", "Role", "StaffAction", "StaffProfile"]


class Role(models.TextChoices):
    AGENCY_USER = "agency-user", "Agency user"
    AGENCY_ADMIN = "agency-admin", "Agency administrator"
    STATUS_VERIFIER = "status-verifier", "Status verifier"
    PRIVACY_OFFICER = "privacy-officer", "Privacy officer"
    AUDITOR = "auditor", "Auditor"


# Roles that belong to one agency; the others serve every agency.
AGENCY_ROLES = frozenset({Role.AGENCY_USER.value, Role.AGENCY_ADMIN.value})


class StaffProfile(models.Model):
    """A staff member's role and, for agency staff, their agency."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="staff"
    )
    role = models.CharField(max_length=20, choices=Role.choices)
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="staff"
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                name="agency_staff_have_an_agency",
                condition=(
                    models.Q(role__in=sorted(AGENCY_ROLES), agency__isnull=False)
                    | (~models.Q(role__in=sorted(AGENCY_ROLES)) & models.Q(agency__isnull=True))
                ),
            )
        ]

    def __str__(self) -> str:
        where = f" of {self.agency.slug}" if self.agency else ""
        return f"{self.user.username} ({self.role}{where})"


class Individual(models.Model):
    """A person with an account for their own records: bound to a person key once proofed.

    ``person_key`` is the keyed hash of their SSN (``engine.person_key``), never the SSN; it is
    empty until an identity proofing provider vouches for who they are.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="individual"
    )
    person_key = models.CharField(max_length=64, blank=True, db_index=True)
    provider = models.CharField(max_length=40, blank=True, help_text="Who proofed the identity.")
    proofed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.user.username} ({'proofed' if self.person_key else 'not proofed'})"


class StaffAction(AppendOnlyModel):
    """One authorization check of a person: who asked to do what to which object, and the answer.

    Written by ``policy.authorize`` itself, so no surface can act without leaving a row. A staff
    member looking at a person's records is not a disclosure under 552a(b)(1), so it is not in
    the accounting; oversight reads it here.
    """

    class Outcome(models.TextChoices):
        ALLOWED = "allowed", "Allowed"
        REFUSED = "refused", "Refused"

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    # The username and role are copied, not only linked: the row must say who acted as what,
    # whatever later happens to the account.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    username = models.CharField(max_length=150)
    role = models.CharField(max_length=20)
    action = models.CharField(max_length=40)
    object_kind = models.CharField(max_length=40)
    object_id = models.CharField(max_length=200)
    agency = models.CharField(max_length=80, blank=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    reason = models.CharField(max_length=300, blank=True)
    via = models.CharField(max_length=10, help_text="cli, web or api")

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        what = f"{self.action} {self.object_kind} {self.object_id}"
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {what}: {self.outcome}"
