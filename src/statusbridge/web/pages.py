"""How a web page is answered: the staff gate, the policy's refusals and the case services'
errors shown in the page (a USWDS alert with the right status), never a server error.

This module must never show a submitted value back in an error (it could be an SSN someone
typed) nor reach around ``cases.services`` to change a case.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from statusbridge.accounts.access import staff_required
from statusbridge.accounts.policy import Forbidden
from statusbridge.cases.services import UnknownCase
from statusbridge.web.access import NotFound

V = TypeVar("V", bound=Callable[..., HttpResponse])


def page(
    request: HttpRequest, template: str, context: Mapping[str, Any] | None = None, status: int = 200
) -> HttpResponse:
    return render(request, template, dict(context or {}), status=status)


def problem_page(request: HttpRequest, status: int, heading: str, message: str) -> HttpResponse:
    """A page that says, in one line, what could not be done and why."""
    context = {"heading": heading, "message": message}
    return page(request, "web/problem.html", context, status=status)


def not_found(request: HttpRequest) -> HttpResponse:
    message = "There is no such case, or it is not one your agency can see."
    return problem_page(request, 404, "Not found", message)


def staff_page(view: V) -> V:
    """A page for signed-in staff (password and code) whose refusals are pages, not errors."""

    @functools.wraps(view)
    def answered(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except (NotFound, UnknownCase):
            return not_found(request)
        except Forbidden as exc:
            return problem_page(request, 403, "Not allowed", f"Refused: {exc}.")

    return staff_required(answered)  # type: ignore[return-value]
