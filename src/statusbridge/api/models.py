"""API clients, their access tokens, and bulk jobs submitted over HTTP.

Only SHA-256 digests of client secrets and access tokens are stored, never the values: both are
32 random bytes, so a plain digest cannot be reversed or guessed and a slow password hash would
add cost without adding safety.
"""

from __future__ import annotations

from django.db import models

from statusbridge.privacy.models import Agency


class ApiClient(models.Model):
    """A system allowed to ask for tokens (OAuth 2.0 client credentials): an agency's, acting
    for that agency, or a status verification office's, which belongs to no agency and answers
    every agency's cases (``accounts.policy``: roles ``api-client`` and ``verifier-client``)."""

    class Role(models.TextChoices):
        AGENCY = "api-client", "Agency system"
        VERIFIER = "verifier-client", "Status verifier system"

    client_id = models.CharField(max_length=40, unique=True)
    secret_sha256 = models.CharField(max_length=64)
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="api_clients", null=True, blank=True
    )
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.AGENCY)
    created_at = models.DateTimeField(auto_now_add=True)
    active = models.BooleanField(default=True)

    class Meta:
        constraints = [
            # An agency's system always acts for its agency; a verifier's for none.
            models.CheckConstraint(
                condition=models.Q(role="api-client", agency__isnull=False)
                | models.Q(role="verifier-client", agency__isnull=True),
                name="api_client_agency_matches_role",
            )
        ]

    def __str__(self) -> str:
        return f"{self.client_id} ({self.agency.slug if self.agency else self.role})"

    def acting_agency(self) -> Agency:
        """The agency this system acts for; a status verifier's system acts for none (refused:
        the policy refuses it first, this keeps every later step honest about it)."""
        from statusbridge.accounts.policy import Forbidden

        if self.agency is None:
            raise Forbidden(f"{self.client_id} is a status verifier's system, of no agency")
        return self.agency


class AccessToken(models.Model):
    """A bearer token, valid until ``expires_at``."""

    token_sha256 = models.CharField(max_length=64, unique=True)
    client = models.ForeignKey(ApiClient, on_delete=models.CASCADE, related_name="tokens")
    expires_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"token for {self.client.client_id} until {self.expires_at:%Y-%m-%d %H:%M}"


class ApiBulkJob(models.Model):
    """A bulk file uploaded over HTTP; its progress comes from the ``bulk.BulkJob`` that runs it."""

    class State(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    job_id = models.CharField(max_length=32, unique=True)
    client = models.ForeignKey(ApiClient, on_delete=models.PROTECT, related_name="bulk_jobs")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="api_bulk_jobs")
    purpose = models.SlugField(max_length=80)
    on = models.DateField()
    upload_path = models.CharField(max_length=1000)
    results_path = models.CharField(max_length=1000)
    rows_total = models.BigIntegerField(default=0)
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    error = models.CharField(max_length=500, blank=True)
    bulk_job_id = models.CharField(max_length=32, blank=True, help_text="The bulk.BulkJob run.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [models.Index(fields=["state"])]

    def __str__(self) -> str:
        return f"{self.job_id} ({self.agency.slug}, {self.state})"
