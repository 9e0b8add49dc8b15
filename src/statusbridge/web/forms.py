"""The web pages' forms: one person to verify, and each step of a case.

Forms only read and shape what was typed; the verification and every case step are decided by
``verify.Verifier`` and ``cases.services``. No form may echo an SSN back into a page.
"""

from __future__ import annotations

from django import forms

from statusbridge.cases.lifecycle import Outcome
from statusbridge.cases.services import DOCUMENT_KINDS
from statusbridge.engine.schema import DHS_CITIZEN_STATUSES, DHS_STATUSES

IMMIGRATION_STATUSES = sorted(DHS_STATUSES - DHS_CITIZEN_STATUSES)
OUTCOME_LABELS = {
    Outcome.US_CITIZEN: "U.S. citizen",
    Outcome.US_NATIONAL: "U.S. national (not a citizen)",
    Outcome.IMMIGRATION_STATUS: "Immigration status (choose it below)",
    Outcome.NOT_VERIFIED: "Not verified",
}
_TEXT = {"class": "usa-input"}
_AREA = {"class": "usa-textarea", "rows": 3}
_SELECT = {"class": "usa-select"}


def _text(label: str, required: bool = False, help_text: str = "", **attrs: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=200,
        help_text=help_text,
        widget=forms.TextInput(attrs={**_TEXT, **attrs}),
    )


class DescribedForm(forms.Form):
    """A form whose fields point at their hints (``aria-describedby``), as web/field.html
    renders them, so that screen readers read the hint with the field."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        for name, field in self.fields.items():
            if field.help_text:
                field.widget.attrs["aria-describedby"] = f"{self[name].id_for_label}-hint"


class VerifyForm(DescribedForm):
    """One person, as in a row of a bulk request file: names, birth date, one identifier."""

    purpose = forms.ChoiceField(label="Purpose", widget=forms.Select(attrs=_SELECT))
    first_name = _text("First name", required=True, autocomplete="off")
    middle_name = _text("Middle name (optional)", autocomplete="off")
    last_name = _text("Last name", required=True, autocomplete="off")
    dob = _text(
        "Date of birth", required=True, help_text="For example 1990-01-31 or 01/31/1990.",
        autocomplete="off",
    )  # fmt: skip
    ssn = _text("Social Security number", help_text="Nine digits, with or without dashes.",
                autocomplete="off", inputmode="numeric")  # fmt: skip
    ssn_last4 = _text("Or the last four digits of the SSN", autocomplete="off",
                      inputmode="numeric")  # fmt: skip
    a_number = _text("Or the A-number", help_text="For example A012345678.", autocomplete="off")
    certificate_number = _text("Or the naturalization or citizenship certificate number",
                               autocomplete="off")  # fmt: skip
    request_id = _text("Your reference (optional)", help_text="Returned with the answer.")

    def __init__(self, purposes: list[str], *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["purpose"].choices = [(p, p) for p in purposes]  # type: ignore[attr-defined]

    def request_fields(self) -> dict[str, str | None]:
        data = self.cleaned_data
        names = ("request_id", "first_name", "middle_name", "last_name", "dob", "ssn",
                 "ssn_last4", "a_number", "certificate_number")  # fmt: skip
        return {name: (data.get(name) or "").strip() or None for name in names}


class NoteForm(forms.Form):
    note = forms.CharField(
        label="Note (optional)", required=False, max_length=1000,
        widget=forms.Textarea(attrs=_AREA),
    )  # fmt: skip


class NotifyForm(NoteForm):
    field_order = ("via", "note")
    via = forms.ChoiceField(
        label="Sent by",
        choices=[("mail", "Mail"), ("email", "Email"), ("in-person", "In person")],
        widget=forms.Select(attrs=_SELECT),
    )


class CloseForm(forms.Form):
    reason = forms.CharField(
        label="Why the case is closed", max_length=300, widget=forms.Textarea(attrs=_AREA)
    )


class DocumentForm(NoteForm):
    field_order = ("kind", "file", "note")
    kind = forms.ChoiceField(
        label="Kind of document",
        choices=list(DOCUMENT_KINDS.items()),
        widget=forms.Select(attrs=_SELECT),
    )
    file = forms.FileField(
        label="The document (PDF, PNG, JPEG or TIFF; at most 10 MB)",
        widget=forms.ClearableFileInput(attrs={"class": "usa-file-input"}),
    )


class RequestDocumentsForm(forms.Form):
    note = forms.CharField(
        label="What the person should provide", max_length=1000,
        widget=forms.Textarea(attrs=_AREA),
    )  # fmt: skip


class DetermineForm(forms.Form):
    outcome = forms.ChoiceField(
        label="Outcome",
        choices=[(o.value, OUTCOME_LABELS[o]) for o in Outcome],
        widget=forms.Select(attrs=_SELECT),
    )
    status = forms.ChoiceField(
        label="Immigration status (for that outcome only)",
        required=False,
        choices=[("", "—"), *((s, s.replace("_", " ").capitalize()) for s in IMMIGRATION_STATUSES)],
        widget=forms.Select(attrs=_SELECT),
    )
    evidence = forms.CharField(
        label="Evidence: what the determination rests on",
        max_length=2000,
        widget=forms.Textarea(attrs=_AREA),
    )


class ResubmitForm(DescribedForm):
    """The person's request again, with the identifiers the agency now has."""

    first_name = _text("First name", required=True, autocomplete="off")
    middle_name = _text("Middle name (optional)", autocomplete="off")
    last_name = _text("Last name", required=True, autocomplete="off")
    dob = _text("Date of birth", required=True, help_text="For example 1990-01-31.",
                autocomplete="off")  # fmt: skip
    ssn = _text("Full Social Security number", autocomplete="off", inputmode="numeric")
    a_number = _text("Or the A-number", autocomplete="off")
    certificate_number = _text("Or the naturalization or citizenship certificate number",
                               autocomplete="off")  # fmt: skip

    def request_fields(self) -> dict[str, str | None]:
        return {name: (value or "").strip() or None for name, value in self.cleaned_data.items()}
