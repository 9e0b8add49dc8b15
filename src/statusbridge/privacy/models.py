"""Agencies, their agreements, and every decision to disclose or refuse.

An agreement is what lets an agency ask at all; a routine use in force that day, not barred by
an accepted legal event, is what lets statusbridge answer (``services``, ``law``). Both are
checked before any record is read, and each decision, allow or refuse, is kept
(``PolicyDecision``). Imported notices and legal events wait here for a privacy officer.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import models

IDENTIFIER_TYPES = ("ssn", "ssn_last4", "a_number", "certificate_number")
# Result fields an agreement may grant; the rest of the contract's columns are always sent.
GRANTABLE_FIELDS = ("status", "status_since", "evidence")
DEFAULT_FIELDS = ["evidence"]


def default_identifiers() -> list[str]:
    return list(IDENTIFIER_TYPES)


def default_fields() -> list[str]:
    return list(DEFAULT_FIELDS)


class Agency(models.Model):
    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=200)
    contact = models.TextField(
        blank=True,
        help_text="Whom a person contacts about a notice: office, address, telephone, web page.",
    )

    class Meta:
        verbose_name_plural = "agencies"

    def __str__(self) -> str:
        return self.name


class Agreement(models.Model):
    """A memorandum of agreement covering one purpose for one agency."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="agreements")
    reference = models.CharField(max_length=80, blank=True, help_text="e.g. MOA-2025-0001")
    purpose = models.SlugField(max_length=80)
    description = models.TextField(blank=True)
    sorn_system = models.CharField(
        max_length=40,
        default="DHS/USCIS-004",
        help_text="The system of records whose routine uses must cover this purpose.",
    )
    adverse_action = models.BooleanField(
        help_text="The purpose can lead to adverse action (removal from a roll, denial): "
        "anything short of confirmed citizenship goes to additional verification."
    )
    identifier_types = models.JSONField(default=default_identifiers, blank=True)
    fields = models.JSONField(
        default=default_fields,
        blank=True,
        help_text=f"Result fields granted beyond the basic answer: {', '.join(GRANTABLE_FIELDS)}.",
    )
    law_enforcement = models.BooleanField(
        default=False,
        help_text="Disclosures for a civil or criminal law enforcement activity (5 U.S.C. "
        "552a(b)(7)): accounted, but left out of the person's own view (552a(c)(3)).",
    )
    allows_single = models.BooleanField(default=True)
    allows_bulk = models.BooleanField(default=True)
    max_rows_per_file = models.PositiveIntegerField(null=True, blank=True)
    signatories = models.TextField(blank=True)
    valid_from = models.DateField()
    valid_until = models.DateField()
    # The due-process clocks (cases.clocks); the defaults are the ones the law and SAVE use.
    verification_days = models.PositiveSmallIntegerField(
        default=7,
        help_text="Federal working days a status verifier has for additional verification.",
    )
    documents_days = models.PositiveSmallIntegerField(
        default=10,
        help_text="Federal working days for the third step (documents from the person) once asked.",
    )
    contest_days = models.PositiveSmallIntegerField(
        default=30,
        help_text="Calendar days the person has to contest after notice (5 U.S.C. 552a(p)(1)(C)).",
    )
    election_state = models.CharField(
        max_length=2,
        blank=True,
        help_text="For voter-list maintenance: the state (USPS code) whose federal primaries hold "
        "final removals in the 90 days before them (52 U.S.C. 20507(c)(2)(A)).",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "purpose", "valid_from"], name="one_per_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.agency.slug}: {self.purpose} ({self.valid_from}–{self.valid_until})"

    @property
    def receives_status(self) -> bool:
        return "status" in self.fields

    def clean(self) -> None:
        if self.valid_until < self.valid_from:
            raise ValidationError("an agreement cannot end before it starts")
        unknown = set(self.identifier_types) - set(IDENTIFIER_TYPES)
        if unknown:
            raise ValidationError(f"unknown identifier types: {sorted(unknown)}")
        extra = set(self.fields) - set(GRANTABLE_FIELDS)
        if extra:
            raise ValidationError(f"fields that cannot be granted: {sorted(extra)}")


# 5 U.S.C. 552a(o)(2): a matching agreement runs at most 18 months, may be renewed once for at
# most 12 months, and takes effect no sooner than 30 days after it is sent to Congress and OMB.
CMA_MAX_TERM = timedelta(days=548)  # 18 months
CMA_MAX_RENEWAL = timedelta(days=366)  # 12 months
CMA_WAIT = timedelta(days=30)


class ComputerMatchingAgreement(models.Model):
    """Required for bulk matching of the records with an agency's own records."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="matching")
    title = models.CharField(max_length=200)
    transmitted_on = models.DateField(help_text="Sent to Congress and OMB.")
    effective_on = models.DateField()
    expires_on = models.DateField()
    renewed_until = models.DateField(null=True, blank=True)

    def clean(self) -> None:
        for problem in cma_problems(
            self.transmitted_on, self.effective_on, self.expires_on, self.renewed_until
        ):
            raise ValidationError(problem)

    def in_force(self, on: date) -> bool:
        return self.effective_on <= on <= (self.renewed_until or self.expires_on)

    def __str__(self) -> str:
        return f"{self.agency.slug}: {self.title}"


def cma_problems(
    transmitted: date, effective: date, expires: date, renewed_until: date | None
) -> list[str]:
    """What in these dates the Privacy Act does not allow (empty when they are lawful)."""
    problems = []
    if effective < transmitted + CMA_WAIT:
        problems.append(
            "a matching agreement takes effect 30 days after transmittal at the earliest"
        )
    if expires <= effective:
        problems.append("a matching agreement must end after it takes effect")
    if expires - effective > CMA_MAX_TERM:
        problems.append("a matching agreement runs for at most 18 months")
    if renewed_until is not None and (
        renewed_until <= expires or renewed_until - expires > CMA_MAX_RENEWAL
    ):
        problems.append("a renewal extends a matching agreement by at most 12 months, once")
    return problems


class PolicyDecision(models.Model):
    """Every decision to disclose or refuse, with its reason and authority."""

    decided_at = models.DateTimeField(auto_now_add=True)
    on = models.DateField(help_text="The day the verification is made.")
    agency = models.CharField(max_length=80)
    purpose = models.CharField(max_length=80)
    mode = models.CharField(max_length=10)
    rows = models.PositiveIntegerField(null=True, blank=True)
    allowed = models.BooleanField()
    reason = models.TextField()
    authority = models.TextField(blank=True)

    class Meta:
        ordering = ["-decided_at"]
        indexes = [models.Index(fields=["agency", "on"])]


class ImportedNotice(models.Model):
    """A Federal Register notice parsed by ``sorn import``, awaiting a privacy officer's review
    before any of its routine uses can authorize a disclosure."""

    class Review(models.TextChoices):
        AWAITING = "awaiting_review", "Awaiting review"
        ACCEPTED = "accepted", "Accepted"
        REJECTED = "rejected", "Rejected"

    system_number = models.CharField(max_length=80)
    system_name = models.CharField(max_length=300)
    action = models.CharField(max_length=30)
    published = models.DateField(null=True, blank=True)
    fr_doc = models.CharField(max_length=40, blank=True)
    parsed = models.JSONField(help_text="The notice as parsed (sections, routine uses, dates).")
    review = models.CharField(max_length=20, choices=Review.choices, default=Review.AWAITING)
    imported_at = models.DateTimeField(auto_now_add=True)
    source = models.CharField(
        max_length=20, default="file", help_text="file (sorn import) or sync (sorn sync)."
    )
    html_url = models.CharField(max_length=300, blank=True)
    version = models.JSONField(
        null=True,
        blank=True,
        help_text="The SORN version it would add once accepted; empty where it could not be read.",
    )
    modifies = models.CharField(
        max_length=120, blank=True, help_text="SYSTEM@DATE of the version in force before it."
    )
    partial = models.BooleanField(
        default=False, help_text="Read only in part: it can be looked at, never accepted."
    )
    problems = models.TextField(blank=True)
    reviewed_by = models.CharField(max_length=150, blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.system_number} {self.action} ({self.published}) — {self.review}"


class LegalEvent(models.Model):
    """A court order or other legal event touching one version of a system of records (or one
    routine use of it) from a day. It forbids or restores nothing until a privacy officer
    accepts it (``privacy.law``)."""

    class Effect(models.TextChoices):
        VACATED = "vacated", "Vacated"
        ENJOINED = "enjoined", "Enjoined"
        STAYED = "stayed", "Stayed"
        LIFTED = "lifted", "Lifted"

    class Review(models.TextChoices):
        PENDING = "pending", "Awaiting review"
        ACCEPTED = "accepted", "Accepted"
        REJECTED = "rejected", "Rejected"

    system_number = models.CharField(max_length=80)
    version_published = models.DateField(help_text="The publication day of the version touched.")
    routine_use = models.CharField(
        max_length=80, blank=True, help_text="One routine use's label; empty: the whole version."
    )
    effect = models.CharField(max_length=10, choices=Effect.choices)
    effective_from = models.DateField(help_text="The first day the event has effect.")
    citation = models.TextField()
    summary = models.TextField(blank=True)
    url = models.CharField(max_length=300, blank=True)
    unconfirmed = models.JSONField(
        default=list, blank=True, help_text="What about this event could not be confirmed."
    )
    builtin = models.BooleanField(default=False)
    review = models.CharField(max_length=10, choices=Review.choices, default=Review.PENDING)
    reviewed_by = models.CharField(max_length=150, blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["effective_from", "pk"]

    def __str__(self) -> str:
        what = f"{self.system_number}@{self.version_published}"
        if self.routine_use:
            what += f" #{self.routine_use}"
        return f"{what} {self.effect} from {self.effective_from} ({self.citation})"
