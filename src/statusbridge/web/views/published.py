"""Public pages, no sign-in: the systems of records and routine uses in force today, with their
history and legal standing, and the accounting log's latest signed checkpoint.

Everything here is public by law or by design (notices are published in the Federal Register; a
checkpoint names only a size and a root hash). This module must never read a person's records.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from statusbridge import config
from statusbridge.web.pages import page


def systems(request: HttpRequest) -> HttpResponse:
    from statusbridge.privacy.law import in_force

    today = config.today()
    return page(request, "web/public/systems.html", {"systems": in_force(today), "today": today})


def _latest() -> tuple[str | None, str]:
    from statusbridge.ledger.services import latest_checkpoint, verifier

    head = latest_checkpoint()
    return (head.note if head else None), str(verifier())


def checkpoint(request: HttpRequest) -> HttpResponse:
    from statusbridge.ledger.services import latest_checkpoint

    head = latest_checkpoint()
    note, key = _latest()
    context = {"note": note, "verifier_key": key, "head": head}
    return page(request, "web/public/checkpoint.html", context)


def checkpoint_text(request: HttpRequest) -> HttpResponse:
    """The signed note as plain text, to keep and check later (``ledger verify --against``)."""
    note, _ = _latest()
    if note is None:
        return HttpResponse(
            "no checkpoint yet: nothing has been disclosed\n",
            status=404,
            content_type="text/plain; charset=utf-8",
        )
    response = HttpResponse(note, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="checkpoint.txt"'
    return response


def verifier_key(request: HttpRequest) -> HttpResponse:
    """The key that verifies checkpoints, as a C2SP verifier key line."""
    _, key = _latest()
    return HttpResponse(key + "\n", content_type="text/plain; charset=utf-8")
