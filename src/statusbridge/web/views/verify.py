"""Verify one person: the form, and a plain answer with its evidence, as-of dates and next step.

Answered by ``verify.Verifier`` exactly as ``POST /api/v1/verifications`` and ``verify one``
answer the same fields, for the signed-in person's agency. The page must never show the SSN
that was typed back, nor log it.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse

from statusbridge import config
from statusbridge.accounts.policy import Action, agency_target
from statusbridge.engine.schema import RESULT_COLUMNS
from statusbridge.ledger.services import LedgerDamaged
from statusbridge.privacy.models import Agreement
from statusbridge.privacy.services import Refused
from statusbridge.verify import LaterThanToday, Verifier, request_frame
from statusbridge.web.access import actor_of, permit
from statusbridge.web.forms import VerifyForm
from statusbridge.web.pages import page, staff_page

# Each answer in a few words, for the page's heading.
HEADLINE = {
    "US_CITIZEN": "U.S. citizen",
    "US_NATIONAL": "U.S. national",
    "IMMIGRATION_STATUS": "Immigration status",
    "DECEASED": "Deceased, per the SSA record",
    "ADDITIONAL_VERIFICATION": "Not confirmed: additional verification",
    "RESUBMIT": "Resubmit",
    "INVALID": "Not looked up",
}
# What each answer means, in plain words, and what the agency does next.
MEANING = {
    "US_CITIZEN": ("The records show U.S. citizenship.", "Nothing more is needed."),
    "US_NATIONAL": (
        "The records show U.S. nationality (a U.S. national is not a citizen).",
        "Nothing more is needed.",
    ),
    "IMMIGRATION_STATUS": (
        "The records show a current immigration status.",
        "Check the status against what your program requires; a status may have changed "
        "since the record's date.",
    ),
    "DECEASED": (
        "The Social Security record carries a date of death.",
        "Records can be wrong: confirm with the person or their family before acting.",
    ),
    "ADDITIONAL_VERIFICATION": (
        "Not confirmed from the records. This is a question, not a finding.",
        "A case is open: take no adverse action. Follow the case to see what happens next.",
    ),
    "RESUBMIT": (
        "This request cannot be verified as it was sent.",
        "Ask the person for what the reason names and verify again.",
    ),
    "INVALID": (
        "The request has a fault and was not looked up.",
        "Correct what the reason names and verify again.",
    ),
}


def _purposes(agency: str) -> list[str]:
    today = config.today()
    found = Agreement.objects.filter(
        agency__slug=agency, allows_single=True, valid_from__lte=today, valid_until__gte=today
    ).values_list("purpose", flat=True)
    return sorted(set(found))


def _answer(agency: str, form: VerifyForm) -> dict[str, Any]:
    verifier = Verifier(agency, form.cleaned_data["purpose"], config.today(), "single")
    try:
        answer = verifier.answer(request_frame(form.request_fields()))
    finally:
        verifier.close()
    result: dict[str, Any] = answer.select(RESULT_COLUMNS).row(0, named=True)
    code = str(result["response_code"])
    meaning, next_step = MEANING.get(code, ("", ""))
    typed = form.cleaned_data.get("request_id") or None  # not the frame's stand-in, "single"
    return {
        **result,
        "request_id": typed,
        "headline": HEADLINE.get(code, code),
        "meaning": meaning,
        "next_step": next_step,
    }


@staff_page
def verify_one(request: HttpRequest) -> HttpResponse:
    agency = actor_of(request).agency or ""
    permit(request, Action.VERIFY, agency_target(agency))
    purposes = _purposes(agency)
    if request.method != "POST":
        return page(request, "web/verify.html", {"form": VerifyForm(purposes)})
    form = VerifyForm(purposes, request.POST)
    if not form.is_valid():
        kept = request.POST.copy()
        kept.pop("ssn", None)  # the page shows what was typed, but never an SSN
        form.data = kept
        return page(request, "web/verify.html", {"form": form}, status=422)
    try:
        result = _answer(agency, form)
    except (Refused, LaterThanToday) as exc:
        context = {"form": VerifyForm(purposes), "error": f"Refused: {exc}"}
        return page(request, "web/verify.html", context, status=403)
    except LedgerDamaged:
        error = "Verifications are suspended: the accounting of disclosures needs a check."
        return page(request, "web/verify.html", {"form": VerifyForm(purposes), "error": error}, 503)
    # A fresh form: the answer page must not carry the SSN that was typed.
    return page(request, "web/verify.html", {"form": VerifyForm(purposes), "result": result})
