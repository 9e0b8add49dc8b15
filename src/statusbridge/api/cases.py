"""The v1 case routes: agency systems and status verifiers' systems work cases through due process.

An agency's client lists and reads its own agency's cases, institutes additional verification,
uploads the person's documents, records the notice and a contest, finalizes, closes and resubmits.
A status verifier's client (no agency) reads every agency's cases, works the queue, asks for
documents and determines. Each route declares the policy action the lifecycle table names for
its step (``cases.lifecycle.TABLE``) and asks ``permit`` on the case itself, so another agency's
case is ``404`` as if it did not exist; the step is ``cases.services``, which checks the lifecycle
and records the client id as who did it.

This module decides nothing about a case itself and must never change one except through
``cases.services``, nor echo a request's values in an error.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import File, Form, Router, Status, UploadedFile

from statusbridge.accounts.policy import Action, Target, agency_target, whole
from statusbridge.api.access import needs, permit
from statusbridge.api.auth import client_of
from statusbridge.api.handlers import InvalidField
from statusbridge.api.problems import problem
from statusbridge.api.schemas import (
    CaseDetail,
    CaseStep,
    CaseSummary,
    CloseStep,
    CorrectionSentInfo,
    DetermineStep,
    DocumentReceived,
    NotifyStep,
    Problem,
    RequestDocumentsStep,
    ResubmitRequest,
    VerificationResult,
)
from statusbridge.cases.lifecycle import TABLE, State, Step
from statusbridge.command import Failure, parse_day

router = Router(tags=["cases"])

# Every answer a case route can give besides its own success (schemathesis holds us to them).
ERRORS: dict[int, Any] = {
    400: Problem,  # a query or form value that is not text (a NUL): ``bodies.TextParser``
    401: Problem,
    403: Problem,
    404: Problem,
    409: Problem,
    422: Problem,
    429: Problem,
}
DOCUMENT_TYPES = ("application/pdf", "image/png", "image/jpeg", "image/tiff")


def _binary(description: str, *media_types: str) -> dict[str, Any]:
    content = {t: {"schema": {"type": "string", "format": "binary"}} for t in media_types}
    return {"responses": {"200": {"description": description, "content": content}}}


def _day(value: str | None) -> date:
    """The step's day: a past day (or today) as ``parse_past_day`` reads it; the error names
    the field and the fault, never the value sent (it could be anything a client typed)."""
    from statusbridge import config

    try:
        day = parse_day(value)
    except Failure:
        raise InvalidField("on", "not a date (use YYYY-MM-DD)") from None
    today = config.today()
    if day > today:
        raise InvalidField("on", f"{day.isoformat()} is later than today ({today.isoformat()})")
    return day


def _note(value: str | None) -> str:
    return (value or "").strip()


def _with_note(text: str, note: str | None) -> str:
    """A step whose service keeps one text (evidence, a closure reason) keeps the note in it."""
    return f"{text.strip()} ({_note(note)})" if _note(note) else text.strip()


def _by(request: HttpRequest) -> str:
    """Who the history says did it: the calling system's client id."""
    return client_of(request).client_id


def _callers_cases(request: HttpRequest) -> tuple[Target, str | None]:
    """What a listing covers: an agency's client its agency's cases; a verifier's every case."""
    agency = client_of(request).agency
    if agency is None:
        return whole("case"), None
    return agency_target(agency.slug), agency.slug


def _case_for(request: HttpRequest, case_number: str, view: Any) -> Any:
    """The case, once the policy lets the caller do the view's action to it (else 404)."""
    from statusbridge.accounts.policy import target_of
    from statusbridge.cases.services import case_named

    case = case_named(case_number)
    permit(request, view, target_of(case))
    return case


def _detail(case: Any) -> dict[str, Any]:
    from statusbridge.cases.services import case_named, detail

    return detail(case_named(case.case_number))


# --- reading ---------------------------------------------------------------------------------


@router.get(
    "/cases",
    response={200: list[CaseSummary], **ERRORS},
    summary="The calling agency's cases (a verifier's system: every agency's), earliest first",
)
@needs(Action.VIEW_CASE)
def list_cases(
    request: HttpRequest, state: str | None = None, overdue: bool = False
) -> list[dict[str, Any]]:
    from statusbridge.cases.models import Case
    from statusbridge.cases.services import summary

    target, agency = _callers_cases(request)
    permit(request, list_cases, target)
    query = Case.objects.order_by("opened_on", "pk")
    if agency is not None:
        query = query.filter(agency=agency)
    if state is not None:
        if state not in {s.value for s in State}:
            known = ", ".join(s.value for s in State)
            raise InvalidField("state", f"unknown state (one of {known})")
        query = query.filter(state=state)
    found = [summary(c) for c in query.iterator(chunk_size=2000)]
    return [f for f in found if f["overdue"]] if overdue else found


@router.get(
    "/cases/queue",
    response={200: list[CaseSummary], **ERRORS},
    summary="A status verifier's work queue: the earliest due first, overdue cases leading",
)
@needs(Action.DETERMINE_CASE)
def case_queue(request: HttpRequest) -> list[dict[str, Any]]:
    from statusbridge.cases.services import summary, verifier_queue

    permit(request, case_queue, whole("case"))
    return [summary(c) for c in verifier_queue()]


@router.get(
    "/corrections",
    response={200: list[CorrectionSentInfo], **ERRORS},
    summary="Corrections sent to the calling agency (5 U.S.C. 552a(c)(4))",
)
@needs(Action.VIEW_CASE)
def corrections(request: HttpRequest) -> list[dict[str, Any]]:
    from statusbridge.cases.reports import corrections_sent

    target, agency = _callers_cases(request)
    permit(request, corrections, target)
    return corrections_sent(agency)


@router.get(
    "/cases/{case_number}",
    response={200: CaseDetail, **ERRORS},
    summary="One case, as `statusbridge cases show --json`: documents, notices and history",
)
@needs(Action.VIEW_CASE)
def show_case(request: HttpRequest, case_number: str) -> dict[str, Any]:
    return _detail(_case_for(request, case_number, show_case))


@router.get(
    "/cases/{case_number}/notices/{language}.pdf",
    response=ERRORS,
    summary="The latest notice of findings sent for a case, as PDF",
    openapi_extra=_binary("The notice (PDF).", "application/pdf"),
)
@needs(Action.VIEW_CASE)
def notice_pdf(request: HttpRequest, case_number: str, language: str) -> HttpResponse:
    notice = _notice(request, case_number, language, notice_pdf)
    response = HttpResponse(bytes(notice.pdf), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="{notice.case.case_number}-notice-{notice.language}.pdf"'
    )
    return response


@router.get(
    "/cases/{case_number}/notices/{language}",
    response=ERRORS,
    summary="The latest notice of findings sent for a case, as plain text",
    openapi_extra=_binary("The notice (text).", "text/plain"),
)
@needs(Action.VIEW_CASE)
def notice_text(request: HttpRequest, case_number: str, language: str) -> HttpResponse:
    notice = _notice(request, case_number, language, notice_text)
    return HttpResponse(notice.text, content_type="text/plain; charset=utf-8")


def _notice(request: HttpRequest, case_number: str, language: str, view: Any) -> Any:
    from django.http import Http404

    from statusbridge.cases.notices import LANGUAGES

    case = _case_for(request, case_number, view)
    notice = None
    if language in LANGUAGES:
        notice = case.notices.filter(language=language).order_by("-pk").first()
    if notice is None:
        raise Http404("no such notice")
    return notice


@router.get(
    "/cases/{case_number}/documents/{document_id}",
    response=ERRORS,
    summary="A document uploaded for a case, as it was received",
    openapi_extra=_binary("The document, with its media type.", *DOCUMENT_TYPES),
)
@needs(Action.VIEW_CASE)
def case_document(request: HttpRequest, case_number: str, document_id: int) -> HttpResponse:
    from django.http import Http404

    case = _case_for(request, case_number, case_document)
    document = case.documents.filter(pk=document_id).first()
    if document is None:
        raise Http404("no such document")
    response = HttpResponse(bytes(document.content), content_type=document.media_type)
    response["Content-Disposition"] = f'attachment; filename="case-document-{document.pk}"'
    return response


# --- an agency's steps -----------------------------------------------------------------------


@router.post(
    "/cases/{case_number}/institute",
    response={200: CaseDetail, **ERRORS},
    summary="Send a case to additional verification",
)
@needs(TABLE[Step.INSTITUTE].action)
def institute(request: HttpRequest, case_number: str, body: CaseStep) -> dict[str, Any]:
    from statusbridge.cases import services

    case = _case_for(request, case_number, institute)
    on = _day(body.on)
    return _detail(services.institute(case.case_number, on, _by(request), _note(body.note)))


@router.post(
    "/cases/{case_number}/documents",
    response={201: DocumentReceived, 413: Problem, **ERRORS},
    summary="Upload a document the person gave (PDF or image, at most 10 MB)",
)
@needs(TABLE[Step.SUBMIT_DOCUMENTS].action)
def submit_documents(
    request: HttpRequest,
    case_number: str,
    file: File[UploadedFile],
    kind: Form[str],
    note: Form[str | None] = None,
    on: Form[str | None] = None,
) -> Status[Any] | HttpResponse:
    from statusbridge.cases import services

    case = _case_for(request, case_number, submit_documents)
    day = _day(on)
    limit = services.MAX_DOCUMENT_BYTES
    content = file.read(limit + 1) if (file.size or 0) <= limit else b""
    if (file.size or 0) > limit or len(content) > limit:
        detail = f"the document is larger than {limit // (1024 * 1024)} MB; nothing was kept"
        return problem(413, detail, "too-large")
    document = services.submit_documents(
        case.case_number, day, _by(request), kind, file.name or "", content, _note(note)
    )
    return Status(201, {"document": _document(document), "case": _detail(case)})


def _document(document: Any) -> dict[str, Any]:
    return {
        "id": document.pk,
        "kind": document.kind,
        "filename": document.filename,
        "media_type": document.media_type,
        "size": document.size,
        "sha256": document.sha256,
        "uploaded_on": document.uploaded_on.isoformat(),
        "uploaded_by": document.uploaded_by,
    }


@router.post(
    "/cases/{case_number}/notify",
    response={200: CaseDetail, **ERRORS},
    summary="Record that the person was sent the notice of findings; the contest window starts",
)
@needs(TABLE[Step.NOTIFY].action)
def notify(request: HttpRequest, case_number: str, body: NotifyStep) -> dict[str, Any]:
    from statusbridge.cases import services

    case = _case_for(request, case_number, notify)
    via = body.via.strip() or "mail"
    if len(via) > 40:
        raise InvalidField("via", "at most 40 characters")
    on = _day(body.on)
    return _detail(services.notify(case.case_number, on, _by(request), via, _note(body.note)))


@router.post(
    "/cases/{case_number}/contest",
    response={200: CaseDetail, **ERRORS},
    summary="Record the person's contest; the case goes back to a status verifier",
)
@needs(TABLE[Step.CONTEST].action)
def contest(request: HttpRequest, case_number: str, body: CaseStep) -> dict[str, Any]:
    from statusbridge.cases import services

    case = _case_for(request, case_number, contest)
    on = _day(body.on)
    return _detail(services.contest(case.case_number, on, _by(request), _note(body.note)))


@router.post(
    "/cases/{case_number}/finalize",
    response={200: CaseDetail, **ERRORS},
    summary="The agency's final result (refused until due process allows it)",
)
@needs(TABLE[Step.FINALIZE].action)
def finalize(request: HttpRequest, case_number: str, body: CaseStep) -> dict[str, Any]:
    from statusbridge.cases import services

    case = _case_for(request, case_number, finalize)
    on = _day(body.on)
    return _detail(services.finalize(case.case_number, on, _by(request), _note(body.note)))


@router.post(
    "/cases/{case_number}/close",
    response={200: CaseDetail, **ERRORS},
    summary="Close a case before it is final, with the reason",
)
@needs(TABLE[Step.CLOSE].action)
def close(request: HttpRequest, case_number: str, body: CloseStep) -> dict[str, Any]:
    from statusbridge.cases import services

    case = _case_for(request, case_number, close)
    if not body.reason.strip():
        raise InvalidField("reason", "closing a case needs a reason")
    on = _day(body.on)
    reason = _with_note(body.reason, body.note)
    return _detail(services.close(case.case_number, on, _by(request), reason))


@router.post(
    "/cases/{case_number}/resubmit",
    response={200: VerificationResult, **ERRORS},
    summary="Answer a case again from the records, with more identifiers",
)
@needs(TABLE[Step.RESUBMIT].action)
def resubmit(request: HttpRequest, case_number: str, body: ResubmitRequest) -> dict[str, Any]:
    from statusbridge.cases import services
    from statusbridge.engine.schema import RESULT_COLUMNS

    case = _case_for(request, case_number, resubmit)
    on = _day(body.on)
    answer = services.resubmit(case.case_number, on, _by(request), body.request_fields())
    return {c: answer.get(c) for c in RESULT_COLUMNS}


# --- a status verifier's steps ---------------------------------------------------------------


@router.post(
    "/cases/{case_number}/request-documents",
    response={200: CaseDetail, **ERRORS},
    summary="A status verifier asks for the person's documents (the third step)",
)
@needs(TABLE[Step.REQUEST_DOCUMENTS].action)
def request_documents(
    request: HttpRequest, case_number: str, body: RequestDocumentsStep
) -> dict[str, Any]:
    from statusbridge.cases import services

    case = _case_for(request, case_number, request_documents)
    if not body.note.strip():
        raise InvalidField("note", "say what the person should provide")
    on = _day(body.on)
    return _detail(
        services.request_documents(case.case_number, on, _by(request), body.note.strip())
    )


@router.post(
    "/cases/{case_number}/determine",
    response={200: CaseDetail, **ERRORS},
    summary="A status verifier's determination after additional verification",
)
@needs(TABLE[Step.DETERMINE].action)
def determine(request: HttpRequest, case_number: str, body: DetermineStep) -> dict[str, Any]:
    from statusbridge.cases import services

    case = _case_for(request, case_number, determine)
    on = _day(body.on)
    evidence = _with_note(body.evidence, body.note) if body.evidence.strip() else ""
    found = services.determine(
        case.case_number, on, _by(request), body.outcome, evidence, body.status
    )
    return _detail(found)
