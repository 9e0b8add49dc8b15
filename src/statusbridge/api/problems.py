"""Errors as RFC 9457 problem details (``application/problem+json``), and safe error logs.

Every error the API returns goes through ``problem``. A problem's ``detail`` is written for the
client and must never carry a traceback; a server-side log of an error must never carry a request
body or a raw identifier (SSN, A-number): ``log_failure`` keeps the code frames and masks every run
of digits in the messages. ``MaskIdentifiers`` does the same to every log record the service
writes — Django's and waitress's request lines name the path, and a client may put an SSN there.
"""

from __future__ import annotations

import json
import logging
import re
import traceback
from http import HTTPStatus
from typing import Any

from django.http import HttpRequest, HttpResponse

MEDIA_TYPE = "application/problem+json"
TYPE_BASE = "tag:statusbridge,2026:problem/"
logger = logging.getLogger("statusbridge.api")
# Digits joined by the separators people type in SSNs and A-numbers: 123-45-6789, 123.45.6789.
_DIGITS = re.compile(r"\d(?:[\d .-]*\d)?")


def problem(
    status: int,
    detail: str,
    kind: str | None = None,
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> HttpResponse:
    """A problem details response; ``kind`` names a statusbridge problem type, else about:blank."""
    body: dict[str, Any] = {
        "type": f"{TYPE_BASE}{kind}" if kind else "about:blank",
        "title": HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
        **extra,
    }
    response = HttpResponse(json.dumps(body), status=status, content_type=MEDIA_TYPE)
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def is_problem(response: Any) -> bool:
    return str(response.get("Content-Type", "")).startswith(MEDIA_TYPE)


def masked(text: str) -> str:
    """``text`` with every run of four or more digits (SSNs, A-numbers, dates) masked."""
    return _DIGITS.sub(lambda m: "#" if sum(c.isdigit() for c in m[0]) >= 4 else m[0], text)


def where(request: HttpRequest) -> str:
    return f"{request.method} {request.path}"


def log_failure(place: str, exc: BaseException) -> None:
    """Log an unexpected error: where it happened, never what the request carried."""
    frames = "".join(traceback.format_tb(exc.__traceback__))
    chain: list[str] = []
    current: BaseException | None = exc
    while current is not None and len(chain) < 5:
        chain.append(masked("".join(traceback.format_exception_only(current)).strip()))
        current = current.__cause__ or current.__context__
    logger.error("%s failed\n%s%s", place, frames, "\ncaused by: ".join(chain))


class MaskIdentifiers(logging.Filter):
    """Masks every run of four or more digits in a record's message and exception text.

    Installed on the log handlers and on the request loggers (``settings.LOGGING``), so no line a
    request causes — ``Not Found: /api/v1/bulk-jobs/123-45-6789`` — keeps the number.
    """

    _formatter = logging.Formatter()

    def filter(self, record: logging.LogRecord) -> bool:
        # Idempotent: a record may pass through a logger's filter and a handler's.
        record.msg, record.args = masked(record.getMessage()), None
        if record.exc_info and not record.exc_text:
            record.exc_text = self._formatter.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = masked(record.exc_text)
        if record.stack_info:
            record.stack_info = masked(record.stack_info)
        return True
