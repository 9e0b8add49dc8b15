"""A status verifier's work queue: every agency's cases waiting for a verifier, the earliest due
first, overdue ones marked. Reading it is ``determine_case`` on every agency's cases, as
``cases queue`` and ``GET /api/v1/cases/queue`` ask."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from statusbridge import config
from statusbridge.accounts.policy import Action, whole
from statusbridge.cases import services
from statusbridge.web.access import permit
from statusbridge.web.pages import page, staff_page
from statusbridge.web.views.cases import STATE_LABELS

QUEUE_LIMIT = 500


@staff_page
def work_queue(request: HttpRequest) -> HttpResponse:
    permit(request, Action.DETERMINE_CASE, whole("case"))
    today = config.today()
    waiting = services.verifier_queue(today)
    rows = [services.summary(c, today) for c in waiting[:QUEUE_LIMIT]]
    context = {
        "cases": rows,
        "total": len(waiting),
        "overdue": sum(1 for r in rows if r["overdue"]),
        "labels": {s.value: label for s, label in STATE_LABELS.items()},
        "today": today,
    }
    return page(request, "web/queue.html", context)
