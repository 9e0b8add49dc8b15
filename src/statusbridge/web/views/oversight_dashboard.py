"""The oversight dashboard: counts for the privacy officer and the auditor, each as a Vega-Lite
chart, a plain table (the chart's text alternative, and all there is without JavaScript) and a
CSV download of the same rows.

Where the numbers come from, and why:

- Verifications by agency, purpose and routine use over time, and the outcome mix, are counted
  from the ledger's entries: each entry is one disclosure about one person, with the day, the
  recipient, the purpose, the authority (the routine use) and the answer's code. A policy
  decision is one per request (a bulk file of 10,000 rows is one decision), so it cannot weigh
  disclosures; it is used for what only it holds, the requests refused.
- Time to determination against the agreements' clocks, and corrections sent, are
  ``cases.reports.stats()``.
- Additional-verification rates by input kind (SSN, SSN last four, A-number, certificate) are
  ``cases.models.AnswerTally``: counts the releasing transaction adds per batch (an entry and a
  decision do not record which identifiers a request gave).
- Error rates by population group need a synthetic world's truth file, which the service does
  not hold: an auditor or privacy officer uploads it with the results of ``verify bulk`` on that
  world, and ``oversight_world`` counts them in memory for that one page (never stored).

This module only reads: entries' bytes, decisions, cases and tallies. It never shows a person's
key, and it keeps uploaded files in memory only.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from typing import Any

from django.core.files.uploadhandler import MemoryFileUploadHandler
from django.db.models import Count, Sum
from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from statusbridge.accounts.policy import Action, whole
from statusbridge.cases import reports
from statusbridge.cases.models import AnswerTally
from statusbridge.ledger.entries import AccountingEntry
from statusbridge.ledger.models import LedgerEntry
from statusbridge.privacy.models import PolicyDecision
from statusbridge.web.access import permit
from statusbridge.web.pages import page, problem_page, staff_page
from statusbridge.web.views import oversight_world

# The newest entries counted: enough for any demo world, and a page that answers in seconds
# on a large log (the page says when more exist).
ENTRIES_LIMIT = 200_000
VERIFICATIONS = ("single", "bulk")


def _routine_use(authority: str) -> str:
    """The routine use cited, without the agreement the authority also names."""
    return authority.split(";", 1)[0].strip() or "(none recorded)"


def _entries() -> tuple[list[AccountingEntry], int]:
    total = LedgerEntry.objects.count()
    newest = LedgerEntry.objects.order_by("-sequence").values_list("entry", flat=True)
    found = [AccountingEntry.from_bytes(bytes(b)) for b in newest[:ENTRIES_LIMIT]]
    return [e for e in found if e.nature in VERIFICATIONS], total


def _verifications(entries: list[AccountingEntry]) -> list[dict[str, Any]]:
    counted = Counter(
        (e.disclosed_on.isoformat(), e.recipient, e.purpose, _routine_use(e.authority))
        for e in entries
    )
    return [
        {"day": d, "agency": a, "purpose": p, "routine_use": r, "verifications": n}
        for (d, a, p, r), n in sorted(counted.items())
    ]


def _outcomes(entries: list[AccountingEntry]) -> list[dict[str, Any]]:
    counted = Counter((e.recipient, e.response_code) for e in entries)
    return [
        {"agency": a, "outcome": o, "verifications": n} for (a, o), n in sorted(counted.items())
    ]


def _refusals() -> list[dict[str, Any]]:
    query = PolicyDecision.objects.values("agency", "allowed").annotate(n=Count("pk"))
    return [
        {
            "agency": r["agency"],
            "decision": "allowed" if r["allowed"] else "refused",
            "requests": r["n"],
        }
        for r in query.order_by("agency", "allowed")
    ]


def _timeliness() -> list[dict[str, Any]]:
    rows = []
    for g in reports.stats()["groups"]:
        days = g["working_days_to_determination"]
        rows.append(
            {
                "agency": g["agency"],
                "purpose": g["purpose"],
                "cases_opened": g["opened"],
                "determined": g["determined"],
                "determined_on_time": g["determined_on_time"],
                "determined_late": g["determined"] - g["determined_on_time"],
                "median_working_days": days["median"],
                "overdue_now": g["overdue"],
                "corrections_sent": g["corrections_sent"],
            }
        )
    return rows


def _input_kinds() -> list[dict[str, Any]]:
    """Answers per input kind and the share that needed additional verification."""
    sums = AnswerTally.objects.values("input_kind", "response_code").annotate(n=Sum("count"))
    answers: Counter[str] = Counter()
    pending: Counter[str] = Counter()
    for r in sums:
        answers[r["input_kind"]] += r["n"]
        if r["response_code"] == "ADDITIONAL_VERIFICATION":
            pending[r["input_kind"]] += r["n"]
    return [
        {
            "input_kind": kind,
            "answers": n,
            "additional_verification": pending[kind],
            "percent_additional_verification": round(100 * pending[kind] / n, 1) if n else None,
        }
        for kind, n in sorted(answers.items())
    ]


def _bar(x: str, y: str, color: str, title: str, temporal: bool = False) -> dict[str, Any]:
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "description": title,
        "width": "container",
        "height": 260,
        "mark": "bar",
        "encoding": {
            "x": {"field": x, "type": "temporal" if temporal else "nominal", "title": x},
            "y": {"field": y, "type": "quantitative", "aggregate": "sum", "title": y},
            "color": {"field": color, "type": "nominal", "title": color},
            "tooltip": [{"field": color}, {"field": y, "aggregate": "sum"}],
        },
    }


def _timeliness_spec() -> dict[str, Any]:
    """Cases determined on time and late, and those overdue now, side by side per agency."""
    kinds = ["determined_on_time", "determined_late", "overdue_now", "corrections_sent"]
    spec = _bar("agency", "cases", "measure", "Determinations on time, late, overdue; corrections")
    spec["transform"] = [{"fold": kinds, "as": ["measure", "cases"]}]
    spec["encoding"]["xOffset"] = {"field": "measure", "sort": kinds}
    spec["encoding"]["color"]["sort"] = kinds
    return spec


def charts() -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Each chart: its slug, title, text alternative, columns, rows and Vega-Lite spec."""
    entries, total = _entries()
    verifications = _verifications(entries)
    made = [
        _chart(
            "verifications-by-agency",
            "Verifications by agency over time",
            verifications,
            _bar("day", "verifications", "agency", "Verifications per day by agency", True),
        ),
        _chart(
            "verifications-by-routine-use",
            "Verifications by purpose and routine use",
            verifications,
            _bar("purpose", "verifications", "routine_use", "Verifications by purpose"),
        ),
        _chart(
            "outcomes",
            "Outcome mix by agency",
            _outcomes(entries),
            _bar("agency", "verifications", "outcome", "Answers by agency and outcome"),
        ),
        _chart(
            "decisions",
            "Requests allowed and refused by the policy",
            _refusals(),
            _bar("agency", "requests", "decision", "Requests allowed and refused by agency"),
        ),
        _chart(
            "input-kinds",
            "Additional verification by the identifiers given",
            _input_kinds(),
            _bar(
                "input_kind",
                "percent_additional_verification",
                "input_kind",
                "Percent of answers that were additional verification, by input kind",
            ),
        ),
        _chart(
            "timeliness",
            "Time to determination and corrections sent",
            _timeliness(),
            _timeliness_spec(),
        ),
    ]
    facts = {"entries": total, "counted": min(total, ENTRIES_LIMIT), "limit": ENTRIES_LIMIT}
    return made, facts


def _chart(
    slug: str, title: str, rows: list[dict[str, Any]], spec: dict[str, Any]
) -> dict[str, Any]:
    columns = list(rows[0]) if rows else []
    spec = {**spec, "data": {"values": rows}}
    return {"slug": slug, "title": title, "columns": columns, "rows": rows, "spec": spec}


class _InMemory(MemoryFileUploadHandler):
    """Keeps every uploaded file in memory (the request's size is checked before)."""

    def handle_raw_input(self, *args: Any, **kwargs: Any) -> None:
        super().handle_raw_input(*args, **kwargs)
        self.activated = True


def _too_large(request: HttpRequest) -> bool:
    try:
        size = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return True
    return size > oversight_world.MAX_UPLOAD_BYTES


@csrf_exempt
def dashboard(request: HttpRequest) -> HttpResponse:
    """The dashboard; a POST brings a world's truth and results, counted in memory only.

    The upload handlers must be chosen before the CSRF check reads the form, so that check is
    made here, after them: files never go to disk, and an oversized request's files are not
    read at all (its form fields still are, for the CSRF token)."""
    oversized = request.method == "POST" and _too_large(request)
    if request.method == "POST":
        request.upload_handlers = [] if oversized else [_InMemory(request)]
    return _dashboard(request, oversized)


@csrf_protect
@staff_page
def _dashboard(request: HttpRequest, oversized: bool = False) -> HttpResponse:
    permit(request, Action.READ_DECISIONS, whole("decisions"))
    made, facts = charts()
    specs = {c["slug"]: c["spec"] for c in made if c["rows"]}
    context: dict[str, Any] = {"charts": made, "specs": specs, "facts": facts}
    status = 200
    if request.method == "POST":
        status, world = _world(request, oversized)
        context["world"] = world
        if world.get("rows"):
            specs["world"] = world["spec"]
    return page(request, "web/oversight/dashboard.html", context, status=status)


def _world(request: HttpRequest, oversized: bool) -> tuple[int, dict[str, Any]]:
    """The status and what the page shows of an uploaded world: its rows, or why there are none."""
    limit = oversight_world.MAX_UPLOAD_BYTES // (1024 * 1024)
    if oversized:
        return 413, {"error": f"The two files together are larger than {limit} MB."}
    truth, results = request.FILES.get("truth"), request.FILES.get("results")
    if truth is None or results is None:
        return 422, {"error": "Choose both files: the world's truth.csv and the results file."}
    try:
        rows, counted = oversight_world.error_rates(truth.read(), results.read())
    except oversight_world.BadFile as exc:
        return 422, {"error": f"The files could not be counted: {exc}."}
    title = "Error rates by population group"
    spec = _bar(
        "group",
        "percent_citizens_not_confirmed",
        "grouping",
        "Percent of true citizens not confirmed, by population group",
    )
    columns = list(rows[0]) if rows else []
    spec = {**spec, "data": {"values": rows}}
    return 200, {"rows": rows, "columns": columns, "facts": counted, "title": title, "spec": spec}


@staff_page
def chart_csv(request: HttpRequest, slug: str) -> HttpResponse:
    permit(request, Action.READ_DECISIONS, whole("decisions"))
    made, _facts = charts()
    found = next((c for c in made if c["slug"] == slug), None)
    if found is None:
        return problem_page(request, 404, "Not found", "There is no such chart.")
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=found["columns"] or ["none"], lineterminator="\n")
    writer.writeheader()
    writer.writerows(found["rows"])
    answer = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    answer["Content-Disposition"] = f'attachment; filename="{slug}.csv"'
    return answer
