"""The catalogue of ingested snapshots. The records themselves live in the snapshot files."""

from __future__ import annotations

from django.db import models

from statusbridge.appendonly import AppendOnlyModel


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


class Correction(AppendOnlyModel):
    """What a status verifier determined about a person, layered over the snapshots.

    The snapshots are never edited: an answer about the person from ``effective_on`` uses the
    correction and says so (``records.corrections``). A correction is found by the person's
    keyed SSN or keyed DHS record, whichever the determination was about.
    """

    person_key = models.CharField(max_length=64, blank=True, db_index=True)
    dhs_key = models.CharField(max_length=64, blank=True, db_index=True)
    outcome = models.CharField(max_length=30)
    status = models.CharField(max_length=30, blank=True)
    evidence = models.TextField(blank=True)
    case_number = models.CharField(max_length=20)
    effective_on = models.DateField()
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["effective_on", "pk"]

    def __str__(self) -> str:
        return f"{self.outcome} from {self.effective_on} ({self.case_number})"


class CorrectionSent(AppendOnlyModel):
    """A correction sent to an agency that earlier received another answer (552a(c)(4))."""

    correction = models.ForeignKey(Correction, on_delete=models.PROTECT, related_name="sent")
    recipient = models.CharField(max_length=80)
    purpose = models.CharField(max_length=80)
    earlier_answer = models.CharField(
        max_length=200, help_text="The answers the agency had been given, comma-separated."
    )
    sent_on = models.DateField()
    ledger_sequence = models.BigIntegerField()
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
