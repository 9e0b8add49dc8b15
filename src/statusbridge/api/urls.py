"""The API's URL routes under ``/api/v1/``: Ninja's, each guarded, and problem details for the rest.

Ninja answers an unknown method, and Django an unknown path, in plain text or HTML; the guard and
the catch-all here make those problem details too, and refuse an oversized body before it is read.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.urls import URLPattern, URLResolver, re_path
from django.views.decorators.csrf import csrf_exempt

from statusbridge.api.handlers import too_large
from statusbridge.api.problems import is_problem, log_failure, problem, where
from statusbridge.api.serving import body_limit
from statusbridge.api.views import api

app_name = "api-v1"
View = Callable[..., HttpResponseBase]


def _declared_length(request: HttpRequest) -> int:
    raw = request.META.get("CONTENT_LENGTH") or "0"
    return int(raw) if raw.isdigit() else 0


def guarded(view: View) -> View:
    @functools.wraps(view)
    def guard(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if _declared_length(request) > body_limit():
            return too_large()
        try:
            response = view(request, *args, **kwargs)
        except Http404:
            return problem(404, "no such resource")
        except Exception as exc:  # outside Ninja's operations (the OpenAPI view)
            log_failure(where(request), exc)
            return problem(500, "the server met an error; it has been logged")
        if response.status_code == 405 and not is_problem(response):
            allowed = {"Allow": response.get("Allow", "")}
            return problem(405, f"{request.method} is not allowed here", headers=allowed)
        return response

    return guard


def _guarded_patterns() -> list[URLPattern | URLResolver]:
    patterns, _app, _namespace = api.urls
    return [
        URLPattern(p.pattern, guarded(p.callback), p.default_args, p.name)
        if isinstance(p, URLPattern)
        else p
        for p in patterns
    ]


@csrf_exempt
def unknown(request: HttpRequest, rest: str = "") -> HttpResponse:
    return problem(404, "no such resource")


urlpatterns = [*_guarded_patterns(), re_path(r"^(?P<rest>.*)$", unknown)]
