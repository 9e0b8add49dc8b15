"""Cases on the web: an agency's list and a case page, with the steps due process allows.

A case page offers only the steps ``cases.services.next_steps`` allows today and the signed-in
person's role may take; each is a small form posting to ``step``, which asks the policy for the
action ``cases.lifecycle.TABLE`` names for that step and then calls the service, as the command
line and the API do. A refusal or a bad value is shown in the page (an alert), never a server
error. This module must never change a case except through ``cases.services``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.urls import reverse
from django.views.decorators.http import require_POST

from statusbridge import config
from statusbridge.accounts.policy import Action, target_of
from statusbridge.cases import services
from statusbridge.cases.lifecycle import TABLE, NotAllowed, State, Step
from statusbridge.cases.models import Case
from statusbridge.privacy.services import Refused
from statusbridge.verify import LaterThanToday
from statusbridge.web import forms as web_forms
from statusbridge.web.access import NotFound, actor_of, offers, own_cases, permit
from statusbridge.web.pages import page, problem_page, staff_page
from statusbridge.web.records_view import records_for

LIST_LIMIT = 500  # the newest this many; a longer list is for `cases list --json` or the API
STATE_LABELS = {
    State.OPEN: "Open: not yet sent to additional verification",
    State.ADDITIONAL_VERIFICATION: "Additional verification",
    State.DOCUMENTS_REQUESTED: "Documents requested",
    State.DOCUMENTS_SUBMITTED: "Documents submitted",
    State.DETERMINED: "Determined",
    State.NOTICE_SENT: "Notice sent",
    State.CONTESTED: "Contested",
    State.FINAL: "Final",
    State.CLOSED: "Closed",
}


@dataclass(frozen=True)
class StepForm:
    """A step the case page offers: its heading, button, form, and how the service takes it."""

    heading: str
    button: str
    form: type[forms.Form]
    take: Callable[[str, date, str, dict[str, Any]], object]  # case number, on, by, form data
    explain: str = ""
    upload: bool = False


def _institute(number: str, on: date, by: str, data: dict[str, Any]) -> object:
    return services.institute(number, on, by, data.get("note", ""))


def _documents(number: str, on: date, by: str, data: dict[str, Any]) -> object:
    upload = data["file"]
    content = upload.read(services.MAX_DOCUMENT_BYTES + 1)
    return services.submit_documents(
        number, on, by, data["kind"], upload.name or "", content, data.get("note", "")
    )


def _notify(number: str, on: date, by: str, data: dict[str, Any]) -> object:
    return services.notify(number, on, by, data["via"], data.get("note", ""))


def _contest(number: str, on: date, by: str, data: dict[str, Any]) -> object:
    return services.contest(number, on, by, data.get("note", ""))


def _finalize(number: str, on: date, by: str, data: dict[str, Any]) -> object:
    return services.finalize(number, on, by, data.get("note", ""))


def _close(number: str, on: date, by: str, data: dict[str, Any]) -> object:
    return services.close(number, on, by, data["reason"])


def _request_documents(number: str, on: date, by: str, data: dict[str, Any]) -> object:
    return services.request_documents(number, on, by, data["note"].strip())


def _determine(number: str, on: date, by: str, data: dict[str, Any]) -> object:
    status = data.get("status") or None
    return services.determine(number, on, by, data["outcome"], data["evidence"], status)


def _resubmit(number: str, on: date, by: str, data: dict[str, Any]) -> object:
    fields = {name: (str(value or "").strip() or None) for name, value in data.items()}
    return services.resubmit(number, on, by, fields)


# The steps the web offers, in the order a case page shows them.
STEPS: dict[Step, StepForm] = {
    Step.DETERMINE: StepForm(
        "Determine the case",
        "Record the determination",
        web_forms.DetermineForm,
        _determine,
        "Compare the request with the records and any documents. A determination of U.S. "
        "citizenship or nationality corrects the records, and every agency that had another "
        "answer about the person is sent the correction.",
    ),
    Step.REQUEST_DOCUMENTS: StepForm(
        "Ask for documents",
        "Ask for documents",
        web_forms.RequestDocumentsForm,
        _request_documents,
        "The agency asks the person for them; the case waits for their documents.",
    ),
    Step.INSTITUTE: StepForm(
        "Send to additional verification",
        "Send to additional verification",
        web_forms.NoteForm,
        _institute,
        "A status verifier looks at the records again, within the working days your "
        "agreement sets.",
    ),
    Step.SUBMIT_DOCUMENTS: StepForm(
        "Upload a document the person gave",
        "Upload the document",
        web_forms.DocumentForm,
        _documents,
        "A status verifier reviews it.",
        upload=True,
    ),
    Step.NOTIFY: StepForm(
        "Send the notice of findings",
        "Record that the notice was sent",
        web_forms.NotifyForm,
        _notify,
        "The person may contest the finding within the window your agreement sets (30 days "
        "unless it says otherwise); no final result before the window ends.",
    ),
    Step.RESUBMIT: StepForm(
        "Verify again with more identifiers",
        "Verify again",
        web_forms.ResubmitForm,
        _resubmit,
        "Answered from the records again, as a new verification. If they now confirm the "
        "person's status, the case is closed with that answer.",
    ),
    Step.CONTEST: StepForm(
        "Record the person's contest",
        "Record the contest",
        web_forms.NoteForm,
        _contest,
        "The person told your agency they disagree: the case goes back to a status verifier.",
    ),
    Step.FINALIZE: StepForm(
        "Finalize",
        "Finalize the case",
        web_forms.NoteForm,
        _finalize,
        "Your agency's final result.",
    ),
    Step.CLOSE: StepForm(
        "Close the case",
        "Close the case",
        web_forms.CloseForm,
        _close,
        "Close it before it is final, for example when the person withdrew.",
    ),
}


def _identity(case: Case) -> dict[str, Any]:
    raw = case.identity
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except ValueError:
            return {}
    return raw if isinstance(raw, dict) else {}


# What a case number can look like: anything else (a NUL, which PostgreSQL's text refuses) never
# reaches the database.
CASE_NUMBER = re.compile(r"[0-9A-Za-z]{1,40}")


def _case(request: HttpRequest, number: str, action: Action) -> Case:
    if not CASE_NUMBER.fullmatch(number):
        raise NotFound("not a case number")
    case = services.case_named(number)
    permit(request, action, target_of(case))
    return case


@staff_page
def case_list(request: HttpRequest) -> HttpResponse:
    target, agency = own_cases(request)
    permit(request, Action.VIEW_CASE, target)
    state = request.GET.get("state", "")
    query = Case.objects.order_by("-opened_on", "-pk")
    if agency is not None:
        query = query.filter(agency=agency)
    error = ""
    if state and state not in {s.value for s in State}:
        error, state = "Choose a state from the list.", ""
    if state:
        query = query.filter(state=state)
    today = config.today()
    rows = [services.summary(c, today) for c in query[:LIST_LIMIT]]
    context = {
        "cases": rows,
        "state": state,
        "states": [(s.value, label) for s, label in STATE_LABELS.items()],
        "labels": {s.value: label for s, label in STATE_LABELS.items()},
        "error": error,
        "limit": LIST_LIMIT,
    }
    return page(request, "web/cases.html", context, status=422 if error else 200)


def _offered(request: HttpRequest, case: Case, allowed: list[str]) -> list[dict[str, Any]]:
    target = target_of(case)
    shown = []
    for step, form in STEPS.items():
        if step.value in allowed and offers(request, TABLE[step].action, target):
            # Each form's fields carry its step as a prefix: ids stay unique on the page.
            initial = _identity(case) if step is Step.RESUBMIT else None
            made = form.form(prefix=step.value, initial=initial)
            shown.append({"step": step.value, "spec": form, "form": made})
    return shown


def case_page(
    request: HttpRequest,
    case: Case,
    *,
    error: str = "",
    failed: tuple[str, forms.Form] | None = None,
    status: int = 200,
) -> HttpResponse:
    today = config.today()
    found = services.detail(case, today)
    steps = _offered(request, case, services.next_steps(case, today))
    if failed is not None:  # the form that failed keeps what was typed, with its errors
        if isinstance(failed[1].data, QueryDict):
            kept = failed[1].data.copy()
            kept.pop(f"{failed[0]}-ssn", None)  # but never an SSN
            failed[1].data = kept
        for offered in steps:
            if offered["step"] == failed[0]:
                offered["form"] = failed[1]
    context = {
        "case": found,
        "identity": _identity(case),
        # The records themselves only for a status verifier; agency staff see the request.
        "records": (
            records_for(case) if offers(request, Action.DETERMINE_CASE, target_of(case)) else None
        ),
        "steps": steps,
        "labels": {s.value: label for s, label in STATE_LABELS.items()},
        "error": error,
        "done": _DONE_BY_NAME.get(request.GET.get("done", ""), ""),
    }
    return page(request, "web/case.html", context, status=status)


@staff_page
def case_detail(request: HttpRequest, number: str) -> HttpResponse:
    return case_page(request, _case(request, number, Action.VIEW_CASE))


DONE = {
    Step.INSTITUTE: "The case was sent to additional verification.",
    Step.SUBMIT_DOCUMENTS: "The document was uploaded for a status verifier to review.",
    Step.NOTIFY: "The notice was recorded; the contest window has started.",
    Step.CONTEST: "The contest was recorded; the case is back with a status verifier.",
    Step.FINALIZE: "The case is final.",
    Step.CLOSE: "The case is closed.",
    Step.REQUEST_DOCUMENTS: "The request for documents was recorded.",
    Step.RESUBMIT: "The request was answered from the records again: the history says how.",
    Step.DETERMINE: "The determination was recorded.",
}


_DONE_BY_NAME = {step.value: message for step, message in DONE.items()}


@require_POST
@staff_page
def step(request: HttpRequest, number: str, name: str) -> HttpResponse:
    try:
        chosen = Step(name.replace("-", "_"))
    except ValueError:
        chosen = None
    spec = STEPS.get(chosen) if chosen is not None else None
    if chosen is None or spec is None:
        return problem_page(request, 404, "Not found", "There is no such step.")
    case = _case(request, number, TABLE[chosen].action)
    files = request.FILES if spec.upload else None
    form = spec.form(request.POST, files, prefix=chosen.value)
    if not form.is_valid():
        return case_page(
            request, case, error="Check the form below.", failed=(chosen.value, form), status=422
        )
    by = actor_of(request).name
    try:
        spec.take(case.case_number, config.today(), by, form.cleaned_data)
    except NotAllowed as exc:
        return case_page(request, case, error=f"Not allowed: {exc}.", status=409)
    except (Refused, LaterThanToday) as exc:
        return case_page(request, case, error=f"Refused: {exc}.", status=403)
    except (services.InvalidDetermination, services.DocumentRefused) as exc:
        message = str(exc).replace("--", "")
        return case_page(
            request, case, error=f"{message[:1].upper()}{message[1:]}.",
            failed=(chosen.value, form), status=422,
        )  # fmt: skip
    url = reverse("web:case", args=[case.case_number])
    return HttpResponseRedirect(f"{url}?done={chosen.value}")


@staff_page
def document(request: HttpRequest, number: str, document_id: int) -> HttpResponse:
    case = _case(request, number, Action.VIEW_CASE)
    found = case.documents.filter(pk=document_id).first()
    if found is None:
        raise NotFound(str(document_id))
    response = HttpResponse(bytes(found.content), content_type=found.media_type)
    response["Content-Disposition"] = f'attachment; filename="case-document-{found.pk}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
