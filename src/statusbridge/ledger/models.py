"""The accounting of disclosures as stored: one row per leaf, one row per signed checkpoint.

The canonical entry bytes are the record; ``person_key``, ``dhs_key`` and ``law_enforcement`` are
copies kept to find one person's entries, and ``ledger verify`` checks them against the bytes. A
checkpoint row's ``size``, ``root`` and ``frontier`` are copies of what its signed ``note`` says,
checked the same way; the person index must agree with the entries exactly.
"""

from __future__ import annotations

from django.db import models


class LedgerEntry(models.Model):
    # An auto field only for its column type: in SQLite it is the table's rowid, so the log
    # keeps one B-tree fewer. Sequences are always assigned explicitly (from 0).
    sequence = models.BigAutoField(primary_key=True, help_text="Leaf index, from 0.")
    entry = models.BinaryField(help_text="Canonical entry bytes (ledger.entries).")
    leaf_hash = models.BinaryField(help_text="RFC 9162 leaf hash of the entry bytes.")
    person_key = models.CharField(max_length=64, blank=True, help_text="The SSA holder's key.")
    dhs_key = models.CharField(
        max_length=64, blank=True, default="", db_default="", help_text="The DHS record's key."
    )
    law_enforcement = models.BooleanField(default=False)

    class Meta:
        verbose_name_plural = "ledger entries"


class Checkpoint(models.Model):
    size = models.BigIntegerField(unique=True)
    root = models.CharField(max_length=64, help_text="Root hash, hex.")
    note = models.TextField(help_text="The signed checkpoint (C2SP tlog-checkpoint).")
    frontier = models.BinaryField(
        help_text="Hashes of the complete subtrees covering the log at this size, so the next "
        "checkpoint is computed from the new leaves alone."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["size"]


class PersonIndex(models.Model):
    """Which entries are about which person, by either key (SSA holder or DHS record): filled in
    person order after releases, not one random index insert per released row
    (``services.index_people``)."""

    person_key = models.CharField(max_length=64)
    sequence = models.BigIntegerField()

    class Meta:
        indexes = [models.Index(fields=["person_key", "sequence"])]


class PersonIndexMark(models.Model):
    """How far the person index reaches: every entry below ``indexed_through`` is in it."""

    indexed_through = models.BigIntegerField(default=0)
