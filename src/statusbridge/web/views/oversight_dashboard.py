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
- Additional-verification rates by input kind (SSN, A-number, certificate) cannot be derived:
  neither an entry nor a decision records which identifier a request gave. Error rates by
  population group need a synthetic world's truth file, which the service does not hold. The
  page says both.

This module only reads: entries' bytes, decisions and cases. It never shows a person's key.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from typing import Any

from django.db.models import Count
from django.http import HttpRequest, HttpResponse

from statusbridge.accounts.policy import Action, whole
from statusbridge.cases import reports
from statusbridge.ledger.entries import AccountingEntry
from statusbridge.ledger.models import LedgerEntry
from statusbridge.privacy.models import PolicyDecision
from statusbridge.web.access import permit
from statusbridge.web.pages import page, problem_page, staff_page

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


@staff_page
def dashboard(request: HttpRequest) -> HttpResponse:
    permit(request, Action.READ_DECISIONS, whole("decisions"))
    made, facts = charts()
    specs = {c["slug"]: c["spec"] for c in made if c["rows"]}
    context = {"charts": made, "specs": specs, "facts": facts}
    return page(request, "web/oversight/dashboard.html", context)


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
