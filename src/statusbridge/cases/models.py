"""A case for additional verification, opened when the records do not confirm a request."""

from __future__ import annotations

from django.db import models


class Case(models.Model):
    class State(models.TextChoices):
        OPEN = "open", "Open: additional verification requested"
        RESOLVED = "resolved", "Resolved"

    case_number = models.CharField(max_length=20, unique=True)
    agency = models.SlugField(max_length=80)
    purpose = models.SlugField(max_length=80)
    request_id = models.CharField(max_length=200)
    reason = models.CharField(max_length=80)
    person_key = models.CharField(
        max_length=64, blank=True, help_text="Keyed hash of the SSN where one was confirmed."
    )
    opened_on = models.DateField()
    state = models.CharField(max_length=10, choices=State.choices, default=State.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["agency", "opened_on"])]

    def __str__(self) -> str:
        return self.case_number
