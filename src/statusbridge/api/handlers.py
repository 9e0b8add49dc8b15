"""Every error the API can meet, answered as problem details (see ``problems``).

Must never put a traceback, a submitted value or a request body in a response or a log.
"""

from __future__ import annotations

import math
from typing import Any

from django.conf import settings
from django.core.exceptions import (
    BadRequest,
    RequestDataTooBig,
    SuspiciousOperation,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.http import Http404, HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError

from statusbridge.accounts.policy import Forbidden
from statusbridge.api.auth import InvalidToken
from statusbridge.api.bodies import FormNotText, NotText
from statusbridge.api.jobs import BadUpload, UploadTooLarge, max_upload_bytes
from statusbridge.api.problems import log_failure, problem, where
from statusbridge.cases.lifecycle import NotAllowed
from statusbridge.cases.services import DocumentRefused, InvalidDetermination, UnknownCase
from statusbridge.ledger.services import LedgerDamaged
from statusbridge.privacy.services import Refused
from statusbridge.verify import LaterThanToday

REALM = 'Bearer realm="statusbridge"'


class InvalidField(Exception):
    """A value the API itself needs (not a request field, which is answered INVALID) is wrong."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")


def too_large() -> HttpResponse:
    limit = max_upload_bytes() // (1024 * 1024)
    return problem(413, f"the request is larger than the {limit} MB limit", "too-large")


def body_too_large() -> HttpResponse:
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE / (1024 * 1024)
    return problem(413, f"the request body is larger than {limit:.1f} MB", "too-large")


def _errors(exc: ValidationError) -> list[dict[str, Any]]:
    # Pydantic puts the submitted value in ``input``: it may be an SSN, so only place and fault go.
    return [
        {"loc": [str(part) for part in error.get("loc", ())], "msg": str(error.get("msg", ""))}
        for error in exc.errors
    ]


def _invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = _errors(exc)
    detail = "; ".join(f"{'.'.join(e['loc'])}: {e['msg']}" for e in errors) or "invalid request"
    return problem(422, detail, "invalid-request", errors=errors)


def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    if isinstance(exc, InvalidToken):
        challenge = f'{REALM}, error="invalid_token"'
        return problem(401, str(exc), "invalid-token", {"WWW-Authenticate": challenge})
    detail = "an access token is required (Authorization: Bearer TOKEN)"
    return problem(401, detail, "unauthorized", {"WWW-Authenticate": REALM})


def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if exc.status_code == 400:  # Ninja's only 400: a body it could not parse
        cause = exc.__cause__
        if isinstance(cause, RequestDataTooBig):
            return body_too_large()
        if isinstance(cause, NotText):
            return _not_text(request, cause)
        return problem(422, "the request body is not valid JSON", "invalid-request")
    return problem(exc.status_code, str(exc))


def _not_text(request: HttpRequest, exc: NotText) -> HttpResponse:
    errors = [{"loc": [exc.where], "msg": str(exc)}]
    return problem(422, str(exc), "invalid-request", errors=errors)


def _form_not_text(request: HttpRequest, exc: FormNotText) -> HttpResponse:
    # A form that cannot be read is a malformed body, as an unreadable multipart one is (400);
    # the token endpoint's clients (RFC 6749) expect 400 for it too.
    return problem(400, str(exc), "malformed-body")


def _unreadable_form(request: HttpRequest, exc: Exception) -> HttpResponse:
    # Django's messages can echo the boundary or a header the client sent: none of it goes back.
    detail = (
        "the request body cannot be read as the form its Content-Type declares "
        "(multipart/form-data with a boundary of 1 to 70 characters, "
        "or application/x-www-form-urlencoded in UTF-8)"
    )
    return problem(400, detail, "malformed-body")


def _too_many_fields(request: HttpRequest, exc: Exception) -> HttpResponse:
    limit = settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
    return problem(413, f"the form has more than {limit} fields", "too-large")


def _too_many_files(request: HttpRequest, exc: Exception) -> HttpResponse:
    limit = settings.DATA_UPLOAD_MAX_NUMBER_FILES
    return problem(413, f"the form has more than {limit} files", "too-large")


def _throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
    # Ninja adds the Retry-After header to this answer.
    wait = f"; retry after {math.ceil(exc.wait)} seconds" if exc.wait else ""
    return problem(429, f"too many requests from this client{wait}", "rate-limited")


def _not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return problem(404, "no such resource")


def _refused(request: HttpRequest, exc: Refused) -> HttpResponse:
    return problem(403, f"refused: {exc}", "refused")


def _forbidden(request: HttpRequest, exc: Forbidden) -> HttpResponse:
    return problem(403, f"refused: {exc}", "forbidden")


def _ledger_damaged(request: HttpRequest, exc: LedgerDamaged) -> HttpResponse:
    # Nothing is disclosed while the accounting cannot record it; operators are told by the log.
    log_failure(where(request), exc)
    detail = "verifications are suspended: the accounting of disclosures needs an auditor's check"
    return problem(503, detail, "accounting-unavailable")


def _bad_value(request: HttpRequest, exc: Exception) -> HttpResponse:
    return problem(422, str(exc), "invalid-request")


def _unknown_case(request: HttpRequest, exc: UnknownCase) -> HttpResponse:
    # Word for word another agency's case's answer (``access.permit``), so no client learns
    # which case numbers exist; nor is the number echoed (it could be an SSN a client typed).
    return _not_found(request, exc)


def _not_allowed(request: HttpRequest, exc: NotAllowed) -> HttpResponse:
    # The lifecycle's reason is one line written for the actor; nothing of the request is in it.
    return problem(409, str(exc), "not-allowed")


def _case_value(request: HttpRequest, exc: Exception) -> HttpResponse:
    # The services word their reasons for the command line (``--evidence``); the API has fields.
    return problem(422, str(exc).replace("--", ""), "invalid-request")


def _upload_too_large(request: HttpRequest, exc: Exception) -> HttpResponse:
    return too_large()


def _body_too_large(request: HttpRequest, exc: Exception) -> HttpResponse:
    return body_too_large()


def _failure(request: HttpRequest, exc: Exception) -> HttpResponse:
    log_failure(where(request), exc)
    return problem(500, "the server met an error; it has been logged")


def install(api: NinjaAPI) -> None:
    """Replace Ninja's default error answers with problem details."""
    handlers: list[tuple[type[Exception], Any]] = [
        (ValidationError, _invalid),
        (AuthenticationError, _unauthenticated),
        (Throttled, _throttled),
        (HttpError, _http_error),
        (Http404, _not_found),
        (Refused, _refused),
        (Forbidden, _forbidden),
        (LedgerDamaged, _ledger_damaged),
        (LaterThanToday, _bad_value),
        (InvalidField, _bad_value),
        (UnknownCase, _unknown_case),
        (NotAllowed, _not_allowed),
        (InvalidDetermination, _case_value),
        (DocumentRefused, _case_value),
        (BadUpload, _bad_value),
        (UploadTooLarge, _upload_too_large),
        (RequestDataTooBig, _body_too_large),
        (FormNotText, _form_not_text),
        (NotText, _not_text),
        (TooManyFieldsSent, _too_many_fields),
        (TooManyFilesSent, _too_many_files),
        (MultiPartParserError, _unreadable_form),
        (BadRequest, _unreadable_form),
        (SuspiciousOperation, _unreadable_form),
        (Exception, _failure),
    ]
    for exc_class, handler in handlers:
        api.add_exception_handler(exc_class, handler)
