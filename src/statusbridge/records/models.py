"""The catalogue of ingested snapshots. The records themselves live in the snapshot files."""

from __future__ import annotations

from django.db import models


class Snapshot(models.Model):
    """One ingested extract: immutable, dated, and cited by every answer that used it."""

    class Kind(models.TextChoices):
        SSA = "ssa", "SSA master file entries"
        DHS = "dhs", "DHS immigration status records"

    snapshot_id = models.CharField(max_length=80, unique=True)
    kind = models.CharField(max_length=3, choices=Kind.choices)
    as_of = models.DateField(help_text="The date the extract is current to.")
    directory = models.CharField(max_length=500, help_text="Relative to the data home.")
    source_name = models.CharField(max_length=500)
    source_sha256 = models.CharField(max_length=64)
    rows_read = models.BigIntegerField()
    rows_accepted = models.BigIntegerField()
    rows_rejected = models.BigIntegerField()
    people = models.BigIntegerField(help_text="Distinct SSNs (SSA) or A-numbers (DHS).")
    ingested_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "-as_of", "-ingested_at"]
        indexes = [models.Index(fields=["kind", "as_of"])]

    def __str__(self) -> str:
        return f"{self.kind} as of {self.as_of} ({self.snapshot_id})"
