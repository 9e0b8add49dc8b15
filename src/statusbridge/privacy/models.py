"""Agencies and their agreements: the permissions a request is checked against."""

from __future__ import annotations

from django.db import models


class Agency(models.Model):
    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=200)

    class Meta:
        verbose_name_plural = "agencies"

    def __str__(self) -> str:
        return self.name


class Agreement(models.Model):
    """A memorandum of agreement covering one purpose for one agency."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="agreements")
    purpose = models.SlugField(max_length=80)
    description = models.TextField(blank=True)
    adverse_action = models.BooleanField(
        help_text="The purpose can lead to adverse action (removal from a roll, denial): "
        "anything short of confirmed citizenship goes to additional verification."
    )
    receives_status = models.BooleanField(
        default=False, help_text="The agency may receive the immigration status itself."
    )
    allows_single = models.BooleanField(default=True)
    allows_bulk = models.BooleanField(default=True)
    valid_from = models.DateField()
    valid_until = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "purpose", "valid_from"], name="one_per_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.agency.slug}: {self.purpose} ({self.valid_from}–{self.valid_until})"
