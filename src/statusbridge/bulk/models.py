"""A bulk job: one request file verified in batches, resumable after any interruption."""

from __future__ import annotations

from django.db import models


class BulkJob(models.Model):
    class State(models.TextChoices):
        RUNNING = "running", "Running"
        DONE = "done", "Done"

    job_id = models.CharField(max_length=32, unique=True)
    agency = models.SlugField(max_length=80)
    purpose = models.SlugField(max_length=80)
    on = models.DateField()
    source_name = models.CharField(max_length=500)
    source_sha256 = models.CharField(max_length=64)
    results_path = models.CharField(max_length=1000)
    rows_total = models.BigIntegerField()
    rows_done = models.BigIntegerField(default=0)
    batches_done = models.IntegerField(
        default=0, help_text="Batches released: answered, accounted and written."
    )
    state = models.CharField(max_length=10, choices=State.choices, default=State.RUNNING)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [models.Index(fields=["source_sha256", "state"])]

    def __str__(self) -> str:
        return f"{self.job_id} ({self.agency}, {self.rows_done:,}/{self.rows_total:,})"
