"""Pages anyone may read without signing in. Nothing here may read a person's records."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from statusbridge.web.pages import page


def home(request: HttpRequest) -> HttpResponse:
    return page(request, "web/home.html")
