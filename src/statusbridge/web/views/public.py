"""Pages anyone may read without signing in. Nothing here may read a person's records."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from statusbridge.web.pages import page


def home(request: HttpRequest) -> HttpResponse:
    return page(request, "web/home.html")


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """Django's answer to an address nothing serves (the API answers its own in problem details)."""
    from statusbridge.web.pages import problem_page

    message = "There is no page at this address. Check it, or start from the home page."
    return problem_page(request, 404, "Page not found", message)


def server_error(request: HttpRequest) -> HttpResponse:
    """A plain page for a failure the service did not expect; the failure itself is logged."""
    from django.http import HttpResponseServerError

    try:
        from statusbridge.web.pages import problem_page

        message = "Something went wrong on our side; it has been logged. Try again later."
        return problem_page(request, 500, "Something went wrong", message)
    except Exception:  # the error page must not fail in turn
        return HttpResponseServerError("Something went wrong; it has been logged.")
