"""A case: the question a mismatch opens, and everything done to answer it.

The model stores; it decides nothing. Which step may follow which, and when, is
``cases.lifecycle`` (a pure table); ``cases.services`` is the only code that changes a case,
and it asks the table first. History, notices and documents are append-only.
"""

from __future__ import annotations

from django.db import models

from statusbridge.appendonly import AppendOnlyModel


class Case(models.Model):
    """One request the records did not confirm, for one agency and purpose.

    The request's identity is kept only as far as a status verifier needs it to compare the
    request with the records: names and date of birth as given, the SSN as a keyed hash and its
    last four digits, the A-number as a keyed hash (never a raw SSN).
    """

    case_number = models.CharField(max_length=20, unique=True)
    agency = models.SlugField(max_length=80)
    purpose = models.SlugField(max_length=80)
    adverse_action = models.BooleanField(
        default=True, help_text="The purpose can lead to adverse action (from the agreement)."
    )
    request_id = models.CharField(max_length=200)
    reason = models.CharField(max_length=80)
    authority = models.TextField(
        blank=True, help_text="The legal authority the question was asked under."
    )
    person_key = models.CharField(
        max_length=64, blank=True, help_text="Keyed hash of the SSN holder the answer named."
    )
    dhs_key = models.CharField(
        max_length=64, blank=True, help_text="Keyed hash of the DHS record the answer named."
    )
    identity = models.JSONField(
        default=dict,
        blank=True,
        help_text="The request as a verifier needs it: names, dob, ssn_last4 (no raw SSN).",
    )
    ssa_as_of = models.DateField(null=True, blank=True)
    dhs_as_of = models.DateField(null=True, blank=True)
    opened_on = models.DateField()
    state = models.CharField(max_length=30, default="additional_verification")
    due_on = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=30, blank=True)
    status = models.CharField(max_length=30, blank=True)
    evidence = models.TextField(blank=True)
    determined_on = models.DateField(null=True, blank=True)
    determined_by = models.CharField(max_length=150, blank=True)
    notice_sent_on = models.DateField(null=True, blank=True)
    contest_until = models.DateField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    closure_reason = models.CharField(max_length=300, blank=True)
    last_event_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [
            models.Index(fields=["agency", "opened_on"]),
            models.Index(fields=["state", "due_on"]),
            models.Index(fields=["person_key"]),
        ]

    def __str__(self) -> str:
        return self.case_number


class CaseEvent(AppendOnlyModel):
    """One transition of a case: who did what, on which day, and why. Never changed."""

    # By case number, so a batch that opens thousands of cases writes their first events without
    # reading back the cases' row ids.
    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, related_name="events", to_field="case_number"
    )
    action = models.CharField(max_length=30)
    state = models.CharField(max_length=30, help_text="The state the case entered.")
    on = models.DateField()
    by = models.CharField(max_length=150)
    note = models.TextField(blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]


class CaseDocument(AppendOnlyModel):
    """A document the person gave the agency for the third step, and its review."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="documents")
    kind = models.CharField(max_length=40)
    filename = models.CharField(max_length=200)
    media_type = models.CharField(max_length=60)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveIntegerField()
    content = models.BinaryField()
    uploaded_on = models.DateField()
    uploaded_by = models.CharField(max_length=150)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]


class Notice(AppendOnlyModel):
    """A notice of findings to the person, as rendered, and how the agency sent it."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="notices")
    language = models.CharField(max_length=5)
    text = models.TextField()
    pdf = models.BinaryField()
    sent_on = models.DateField()
    sent_via = models.CharField(max_length=40)
    sent_by = models.CharField(max_length=150)
    contest_until = models.DateField()
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]


class FederalPrimary(models.Model):
    """A federal primary (or runoff) in one state, entered by a privacy officer.

    General elections are computed (``cases.elections``); primaries differ by state and year,
    so they are data, as the agreement's ``election_state`` names which state's apply.
    """

    state = models.CharField(max_length=2, help_text="USPS state code.")
    on = models.DateField()
    name = models.CharField(max_length=200)
    entered_by = models.CharField(max_length=150)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["on", "state"]
        constraints = [models.UniqueConstraint(fields=["state", "on"], name="one_primary_a_day")]

    def __str__(self) -> str:
        return f"{self.state} {self.name} ({self.on})"


class AnswerTally(models.Model):
    """How many answers of each code went to one agency and purpose on one day, per input kind.

    Written by ``cases.tallies`` in the transaction that releases the answers, so the dashboard
    can show additional-verification rates by the identifiers a request gave. Counts only: no
    request, person or identifier is kept here.
    """

    day = models.DateField(help_text="The disclosure day (the service's today).")
    agency = models.SlugField(max_length=80)
    purpose = models.SlugField(max_length=80)
    input_kind = models.CharField(
        max_length=60, help_text='Identifiers given, e.g. "ssn", "a_number+certificate", "none".'
    )
    response_code = models.CharField(max_length=40)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["day", "agency", "purpose", "input_kind", "response_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["day", "agency", "purpose", "input_kind", "response_code"],
                name="one_tally_per_kind_and_code",
            )
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.agency} {self.input_kind} {self.response_code}: {self.count}"
