"""A bulk job: one request file verified in batches, resumable after any interruption; and the
idempotency keys of API uploads.

The batch size is fixed when the job is created, so a resume cuts the file exactly where the
interrupted run did. One runner at a time holds a job through its lease (``lease_owner`` until
``lease_expires``), taken and renewed only by conditional updates of this row.
"""

from __future__ import annotations

from django.db import models


class BulkJob(models.Model):
    class State(models.TextChoices):
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    job_id = models.CharField(max_length=32, unique=True)
    agency = models.SlugField(max_length=80)
    purpose = models.SlugField(max_length=80)
    on = models.DateField()
    source_name = models.CharField(max_length=500)
    source_sha256 = models.CharField(max_length=64)
    results_path = models.CharField(max_length=1000)
    rows_total = models.BigIntegerField()
    rows_done = models.BigIntegerField(default=0)
    batch_rows = models.IntegerField(
        default=100_000, help_text="Rows per batch, fixed when the job is created."
    )
    batches_done = models.IntegerField(
        default=0, help_text="Batches released: answered, accounted and written."
    )
    state = models.CharField(max_length=10, choices=State.choices, default=State.RUNNING)
    error = models.CharField(max_length=500, blank=True, help_text="Why a failed job stopped.")
    lease_owner = models.CharField(max_length=200, blank=True, help_text="The runner holding it.")
    lease_expires = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [models.Index(fields=["source_sha256", "state"])]
        constraints = [
            # Two runs of the same command started together must find one job, not make two.
            models.UniqueConstraint(
                fields=["source_sha256", "agency", "purpose", "on", "results_path"],
                condition=models.Q(state="running"),
                name="bulk_one_running_job_per_run",
            )
        ]

    def __str__(self) -> str:
        return f"{self.job_id} ({self.agency}, {self.rows_done:,}/{self.rows_total:,})"


class Submission(models.Model):
    """An upload sent with an ``Idempotency-Key``: the same key from the same client names one
    job, however often the upload is sent again (a client retrying after a lost answer)."""

    client_id = models.CharField(max_length=64, help_text="The API client that sent it.")
    key = models.CharField(max_length=200, help_text="The client's Idempotency-Key header.")
    fingerprint = models.CharField(
        max_length=64, help_text="SHA-256 of the file, purpose and day: what the key stands for."
    )
    job_id = models.CharField(max_length=32, help_text="The API bulk job it made.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["client_id", "key"], name="bulk_one_job_per_key")
        ]

    def __str__(self) -> str:
        return f"{self.client_id}: {self.job_id}"
