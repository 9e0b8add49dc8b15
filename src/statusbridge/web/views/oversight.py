"""The privacy officer's and the auditor's pages: the SORN registry and its diffs, legal changes
awaiting review, agreements, policy decisions, the ledger's checkpoints, the staff audit trail.

Each page asks the policy for the action the command line asks for the same thing
(``read_decisions`` for the registry, which the CLI shows to anyone: here only oversight roles
need it; ``accept_legal_change``, ``view_agreement``, ``read_accounting``, ``read_audit``). A
review posts to ``privacy.review.accept``/``reject``, the functions ``sorn review`` calls, with
the signed-in username as the reviewer. This module must never change a notice, an event or the
ledger any other way, and never shows a record about a person.
"""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from statusbridge.accounts.models import StaffAction
from statusbridge.accounts.policy import Action, agency_target, whole
from statusbridge.privacy import law
from statusbridge.privacy.models import ComputerMatchingAgreement, LegalEvent, PolicyDecision
from statusbridge.privacy.sorn import SornLookupError, diff
from statusbridge.web.access import actor_of, permit
from statusbridge.web.pages import page, problem_page, staff_page

DECISIONS_LIMIT = 200
AUDIT_PAGE = 50
# The two changes the brief's readers look for first: SSA's and USCIS's latest notices.
EXAMPLE_DIFFS = (
    ("60-0058@2025-11-11", "60-0058@2025-11-12"),
    ("DHS/USCIS-004@2025-10-30", "DHS/USCIS-004@2025-10-31"),
)
LEGAL_CHANGE = whole("legal-change")
ID_MAX = 24  # "notice-" and a 64-bit key fit; anything longer names nothing


# -- the SORN registry ------------------------------------------------------------------------


@staff_page
def sorn_registry(request: HttpRequest) -> HttpResponse:
    permit(request, Action.READ_DECISIONS, whole("sorn"))
    reg = law.registry_in_force()
    systems = [
        {
            "number": system,
            "versions": [
                {
                    "published": v.published,
                    "action": str(v.action),
                    "citation": v.fr_citation or "",
                    "routine_uses": len(v.routine_uses),
                    "name": v.system_name,
                }
                for v in reg.versions(system)
            ],
        }
        for system in reg.systems()
    ]
    examples = [{"old": o, "new": n} for o, n in EXAMPLE_DIFFS]
    return page(request, "web/oversight/sorn.html", {"systems": systems, "examples": examples})


@staff_page
def sorn_diff(request: HttpRequest) -> HttpResponse:
    permit(request, Action.READ_DECISIONS, whole("sorn"))
    old = request.GET.get("old", EXAMPLE_DIFFS[0][0]).strip()[:120]
    new = request.GET.get("new", EXAMPLE_DIFFS[0][1]).strip()[:120]
    reg = law.registry_in_force()
    try:
        found = diff(reg.resolve(old), reg.resolve(new))
    except SornLookupError as exc:
        context: dict[str, Any] = {"old": old, "new": new, "error": f"{exc}."}
        return page(request, "web/oversight/diff.html", context, status=422)
    context = {"old": old, "new": new, "diff": found}
    return page(request, "web/oversight/diff.html", context)


# -- legal changes awaiting review ------------------------------------------------------------

_DONE = {
    "accepted": "Accepted: from now on it counts.",
    "rejected": "Rejected: it will never count.",
}


@staff_page
def review_list(request: HttpRequest) -> HttpResponse:
    from statusbridge.privacy.review import pending, review_id

    permit(request, Action.ACCEPT_LEGAL_CHANGE, LEGAL_CHANGE)
    events = LegalEvent.objects.exclude(review=LegalEvent.Review.PENDING).order_by("-pk")[:20]
    reviewed = [
        {"id": review_id(e), "what": str(e), "review": e.review, "by": e.reviewed_by}
        for e in events
    ]
    context = {
        "items": pending(),
        "reviewed": reviewed,
        "done": _DONE.get(request.GET.get("done", ""), ""),
    }
    return page(request, "web/oversight/review_list.html", context)


@staff_page
def review_item(request: HttpRequest, item_id: str) -> HttpResponse:
    from statusbridge.privacy.review import ReviewError

    permit(request, Action.ACCEPT_LEGAL_CHANGE, LEGAL_CHANGE)
    if not _may_be_an_id(item_id):
        return _no_such_item(request)
    try:
        context = _review_context(item_id)
    except ReviewError:
        return _no_such_item(request)
    context["done"] = _DONE.get(request.GET.get("done", ""), "")
    return page(request, "web/oversight/review_item.html", context)


def _may_be_an_id(item_id: str) -> bool:
    """Whether ``item_id`` could name something; a longer or non-ASCII one is not looked up."""
    return len(item_id) <= ID_MAX and item_id.isascii() and item_id.isprintable()


def _no_such_item(request: HttpRequest) -> HttpResponse:
    message = "There is nothing to review with that id (ids are like notice-3 or event-2)."
    return problem_page(request, 404, "Not found", message)


def _review_context(item_id: str) -> dict[str, Any]:
    from statusbridge.privacy.review import (
        event_json,
        event_preview,
        find,
        notice_diff,
        review_id,
        summary,
    )

    item = find(item_id)
    context: dict[str, Any] = {"item": item, "id": review_id(item)}
    if isinstance(item, LegalEvent):
        context.update(kind="event", event=event_json(item), preview=event_preview(item))
        context["pending"] = item.review == LegalEvent.Review.PENDING
    else:
        data = summary(item)
        context.update(kind="notice", notice=data, diff=notice_diff(item))
        context["pending"] = data["review"] == "pending"
    return context


@staff_page
@require_POST
def review_decide(request: HttpRequest, item_id: str, verdict: str) -> HttpResponse:
    from statusbridge.privacy.review import ReviewError, accept, reject, review_id

    permit(request, Action.ACCEPT_LEGAL_CHANGE, LEGAL_CHANGE)
    if not _may_be_an_id(item_id):
        return _no_such_item(request)
    by = actor_of(request).name
    try:
        done = accept(item_id, by) if verdict == "accept" else reject(item_id, by)
    except ReviewError as exc:
        try:
            context = _review_context(item_id)
        except ReviewError:
            return _no_such_item(request)
        context["error"] = f"Not done: {exc}."
        return page(request, "web/oversight/review_item.html", context, status=409)
    url = reverse("web:review-item", args=[review_id(done.item)])
    return HttpResponseRedirect(f"{url}?done={done.item.review}")


# -- agreements and decisions -----------------------------------------------------------------


@staff_page
def agreements(request: HttpRequest) -> HttpResponse:
    from statusbridge.privacy.models import Agreement

    agency = actor_of(request).agency
    permit(request, Action.VIEW_AGREEMENT, agency_target(agency) if agency else whole("agreement"))
    found = Agreement.objects.select_related("agency").order_by("agency__slug", "purpose")
    matching = ComputerMatchingAgreement.objects.select_related("agency").order_by(
        "agency__slug", "effective_on"
    )
    if agency:
        found = found.filter(agency__slug=agency)
        matching = matching.filter(agency__slug=agency)
    from statusbridge import config

    today = config.today()
    rows = [{"a": a, "in_force": a.valid_from <= today <= a.valid_until} for a in found]
    cmas = [{"m": m, "in_force": m.in_force(today)} for m in matching]
    context = {"agreements": rows, "matching": cmas, "today": today}
    return page(request, "web/oversight/agreements.html", context)


@staff_page
def decisions(request: HttpRequest) -> HttpResponse:
    permit(request, Action.READ_DECISIONS, whole("decisions"))
    refused = request.GET.get("refused") == "1"
    query = PolicyDecision.objects.order_by("-decided_at", "-pk")
    if refused:
        query = query.filter(allowed=False)
    total = query.count()
    context = {"decisions": list(query[:DECISIONS_LIMIT]), "refused": refused, "total": total}
    return page(request, "web/oversight/decisions.html", context)


# -- the ledger and the staff audit trail -----------------------------------------------------


@staff_page
@require_http_methods(["GET", "POST"])
def ledger(request: HttpRequest) -> HttpResponse:
    from statusbridge.ledger import services

    permit(request, Action.READ_ACCOUNTING, whole("ledger"))
    context: dict[str, Any] = {
        "stats": services.stats(),
        "checkpoint": services.latest_checkpoint(),
    }
    if request.method == "POST":
        result = services.verify()
        context["verified"] = {
            "ok": result.ok,
            "entries": result.report.entries,
            "checkpoints": result.report.checkpoints_verified,
            "problem": result.first_problem,
            "findings": len(result.findings),
        }
    return page(request, "web/oversight/ledger.html", context)


@staff_page
def audit_trail(request: HttpRequest) -> HttpResponse:
    permit(request, Action.READ_AUDIT, whole("audit"))
    query = StaffAction.objects.order_by("-pk")
    if request.GET.get("refused") == "1":
        query = query.filter(outcome=StaffAction.Outcome.REFUSED)
    pages = Paginator(query, AUDIT_PAGE)
    number = request.GET.get("page", "1")
    found = pages.get_page(number if number.isdigit() else 1)
    context = {"page": found, "refused": request.GET.get("refused") == "1"}
    return page(request, "web/oversight/audit.html", context)
