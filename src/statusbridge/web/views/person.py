"""The person's own pages under ``/me/``: signing in by (simulated) identity proofing, who asked
about them (the accounting, each entry proved in their browser), their cases and notices, and
contesting a noticed determination.

A person is an ``accounts.models.Individual`` bound to a person key; every page asks
``accounts.policy`` with the scope "self" (``view_case``, ``read_accounting``, ``contest_case``),
so a case or entry of anyone else is answered "not found". The demo's proofing is simulated and
every page that uses it says so.

This module must never store, log or show back an SSN (only the proofing call sees it, and only
its keyed hash is kept), show a (b)(7) law-enforcement entry, or change a case except through
``cases.services``.
"""

from __future__ import annotations

import base64
import functools
import json
import secrets
from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.contrib.auth import get_user_model, login, logout
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_POST

from statusbridge import config
from statusbridge.accounts.models import Individual
from statusbridge.accounts.policy import Action, Actor, Forbidden, Target, actor_for_user, authorize
from statusbridge.accounts.proofing import ProofingRefused, SimulatedProofing, bind_individual
from statusbridge.cases import lifecycle, services
from statusbridge.cases.lifecycle import NotAllowed, Step
from statusbridge.cases.models import Case, Notice
from statusbridge.web.forms import DescribedForm
from statusbridge.web.pages import page, problem_page

V = TypeVar("V", bound=Callable[..., HttpResponse])
PROVIDER = SimulatedProofing()  # the demo's only provider; production uses OpenID Connect
BACKEND = "django.contrib.auth.backends.ModelBackend"
NOT_FOUND = "There is no such case among yours."
_TEXT = {"class": "usa-input"}


class ProofingForm(DescribedForm):
    first_name = forms.CharField(
        label="First name", max_length=100, widget=forms.TextInput(attrs=_TEXT)
    )
    last_name = forms.CharField(
        label="Last name", max_length=100, widget=forms.TextInput(attrs=_TEXT)
    )
    dob = forms.DateField(
        label="Date of birth",
        help_text="For example: 1990-01-31.",
        input_formats=["%Y-%m-%d"],
        widget=forms.TextInput(attrs=_TEXT),
    )
    ssn = forms.CharField(
        label="Social Security number",
        max_length=11,
        help_text="Nine digits, with or without dashes. It is never stored or shown.",
        widget=forms.PasswordInput(attrs={**_TEXT, "autocomplete": "off"}),
    )


class ContestForm(DescribedForm):
    note = forms.CharField(
        label="Why you contest the finding (optional)",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"class": "usa-textarea", "rows": 4}),
    )


# --- the gate --------------------------------------------------------------------------------


def person_of(request: HttpRequest) -> Actor | None:
    """The signed-in person whose identity has been proofed, or None."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    try:
        actor = actor_for_user(user)
    except Forbidden:
        return None
    return actor if actor.kind == "individual" and actor.person_key else None


def person_page(view: V) -> V:
    """Send anyone but a proofed person to the person's sign-in; refusals become pages."""

    @functools.wraps(view)
    def gated(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        actor = person_of(request)
        if actor is None:
            return HttpResponseRedirect(reverse("web:person-sign-in"))
        request.person = actor  # type: ignore[attr-defined]
        try:
            return view(request, actor, *args, **kwargs)
        except (services.UnknownCase, Notice.DoesNotExist):
            return problem_page(request, 404, "Not found", NOT_FOUND)
        except Forbidden:  # another person's: the same answer as a case that does not exist
            return problem_page(request, 404, "Not found", NOT_FOUND)

    return gated  # type: ignore[return-value]


def _permit(actor: Actor, action: Action, target: Target) -> None:
    if not authorize(actor, action, target, via="web").allowed:
        raise Forbidden(target.id)


# --- signing in ------------------------------------------------------------------------------


@sensitive_post_parameters("ssn")
@sensitive_variables("form")
@never_cache
def sign_in(request: HttpRequest) -> HttpResponse:
    """Simulated identity proofing: the demo believes the claim; production asks Login.gov."""
    form = ProofingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        claim = {k: str(v) for k, v in form.cleaned_data.items()}
        try:
            PROVIDER.proof(claim)  # refused before any account is made
        except ProofingRefused as exc:
            return _sign_in_page(request, ProofingForm(_without_ssn(request)), f"{exc}.")
        individual = _bound(claim)
        login(request, individual.user, backend=BACKEND)
        return HttpResponseRedirect(reverse("web:person-home"))
    error = "Check the form below." if form.is_bound else ""
    if form.is_bound:
        form = ProofingForm(_without_ssn(request))
        form.is_valid()  # the errors of the other fields, shown again; the SSN is never echoed
    return _sign_in_page(request, form, error)


def _without_ssn(request: HttpRequest) -> dict[str, str]:
    return {k: request.POST.get(k, "") for k in ("first_name", "last_name", "dob")}


@sensitive_variables("claim")
def _bound(claim: dict[str, str]) -> Individual:
    """The account of the person the provider vouches for: theirs if one exists, else a new
    one (an unusable password: only proofing signs it in)."""
    from statusbridge.engine.person_key import person_key

    key = person_key(PROVIDER.proof(claim).ssn, config.person_key_secret())
    found = Individual.objects.select_related("user").filter(person_key=key).first()
    if found is not None:
        return found
    with transaction.atomic():
        users = get_user_model()
        user = users.objects.create_user(username=f"person-{secrets.token_hex(5)}")
        user.set_unusable_password()
        user.save()
        Individual.objects.create(user=user)
        bound = bind_individual(user, PROVIDER, claim)
    return Individual.objects.select_related("user").get(pk=bound.pk)


def _sign_in_page(request: HttpRequest, form: ProofingForm, error: str) -> HttpResponse:
    status = 400 if error else 200
    return page(request, "web/person/sign_in.html", {"form": form, "error": error}, status)


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    logout(request)
    return HttpResponseRedirect(reverse("web:home"))


# --- the person's pages ----------------------------------------------------------------------


@person_page
def home(request: HttpRequest, actor: Actor) -> HttpResponse:
    return page(request, "web/person/home.html", {"person": actor})


def _keys(actor: Actor) -> list[str]:
    """The person's keys in the accounting: their SSN's, and the DHS records their own cases'
    answers named (their A-number's), if any."""
    assert actor.person_key
    dhs = Case.objects.filter(person_key=actor.person_key).exclude(dhs_key="")
    return [actor.person_key, *sorted(set(dhs.values_list("dhs_key", flat=True)))]


def accounting_document(actor: Actor) -> dict[str, Any]:
    """Every entry about the person shown to them ((b)(7) ones left out), with its proof, the
    checkpoint they are proved against and the key that signed it."""
    from statusbridge.ledger.services import accounting_for, verifier

    assert actor.person_key
    _permit(actor, Action.READ_ACCOUNTING, Target("accounting", "person", None, actor.person_key))
    head, seen, entries = None, set(), []
    for key in _keys(actor):
        found = accounting_for(key)
        head = found.checkpoint or head
        for e in found.entries:
            if e.entry.sequence in seen or not e.entry.shown_to_person:
                continue
            seen.add(e.entry.sequence)
            entries.append(_entry(e))
    entries.sort(key=lambda e: e["sequence"])
    return {
        "checkpoint": head.note if head else None,
        "verifier_key": str(verifier()),
        "entries": entries,
    }


def _entry(e: Any) -> dict[str, Any]:
    entry = e.entry
    return {
        "sequence": entry.sequence,
        "date": entry.disclosed_on.isoformat(),
        "recipient": entry.recipient,
        "purpose": entry.purpose,
        "authority": entry.authority,
        "nature": entry.nature,
        "response_code": entry.response_code,
        "entry": base64.b64encode(entry.to_bytes()).decode("ascii"),
        "leaf_hash": e.leaf_hash.hex(),
        "inclusion_proof": [h.hex() for h in e.proof],
        "verified_by_server": e.verified,
    }


@person_page
def accounting(request: HttpRequest, actor: Actor) -> HttpResponse:
    document = accounting_document(actor)
    return page(request, "web/person/accounting.html", {"doc": document})


@person_page
def accounting_download(request: HttpRequest, actor: Actor) -> HttpResponse:
    """The whole accounting with proofs, checkpoint and key, to check with any tool."""
    body = json.dumps(accounting_document(actor), indent=2) + "\n"
    response = HttpResponse(body, content_type="application/json")
    response["Content-Disposition"] = 'attachment; filename="my-accounting.json"'
    return response


@person_page
def case_list(request: HttpRequest, actor: Actor) -> HttpResponse:
    target = Target("case", "*", None, actor.person_key)
    _permit(actor, Action.VIEW_CASE, target)
    cases = Case.objects.filter(person_key=actor.person_key).order_by("-opened_on", "-pk")
    return page(request, "web/person/cases.html", {"cases": [_row(c) for c in cases]})


def _row(case: Case) -> dict[str, Any]:
    from statusbridge.web.views.cases import STATE_LABELS

    return {
        "number": case.case_number,
        "agency": _agency_name(case.agency),
        "opened_on": case.opened_on,
        "state": STATE_LABELS.get(case.state, case.state),  # type: ignore[call-overload]
    }


def _agency_name(slug: str) -> str:
    from statusbridge.privacy.models import Agency

    agency = Agency.objects.filter(slug=slug).first()
    return agency.name if agency else slug


def own_case(actor: Actor, number: str, action: Action = Action.VIEW_CASE) -> Case:
    """The person's case, after asking the policy; another's is ``UnknownCase`` to them."""
    from statusbridge.accounts.policy import target_of
    from statusbridge.web.views.cases import CASE_NUMBER

    if not CASE_NUMBER.fullmatch(number):  # a value no case number has never reaches the database
        raise services.UnknownCase(number)
    case = services.case_named(number)
    try:
        _permit(actor, action, target_of(case))
    except Forbidden:
        raise services.UnknownCase(number) from None
    return case


def may_contest(case: Case) -> bool:
    """Whether the lifecycle lets the person contest the case today."""
    today = config.today()
    try:
        lifecycle.check(services.facts_of(case, today), Step.CONTEST, today, today)
    except NotAllowed:
        return False
    return True


@person_page
def case_detail(request: HttpRequest, actor: Actor, number: str) -> HttpResponse:
    return _case_page(request, own_case(actor, number))


def _case_page(
    request: HttpRequest, case: Case, form: ContestForm | None = None, error: str = ""
) -> HttpResponse:
    from statusbridge.cases.reports import corrections_sent
    from statusbridge.privacy.models import Agency

    done = "Your contest was recorded." if request.GET.get("done") == "contest" else ""
    context = {
        "case": case,
        "state": _row(case)["state"],
        "agency": Agency.objects.filter(slug=case.agency).first(),
        "notices": list(case.notices.order_by("pk")),
        "events": list(case.events.order_by("pk")),
        "may_contest": may_contest(case),
        "form": form or ContestForm(),
        "corrections": [c for c in corrections_sent() if c["case_number"] == case.case_number],
        "error": error,
        "done": done,
    }
    return page(request, "web/person/case.html", context, status=400 if error else 200)


@person_page
def notice_pdf(request: HttpRequest, actor: Actor, number: str, notice_id: int) -> HttpResponse:
    case = own_case(actor, number)
    notice = case.notices.get(pk=notice_id)
    response = HttpResponse(bytes(notice.pdf), content_type="application/pdf")
    filename = f"notice-{case.case_number}-{notice.pk}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_POST
@person_page
def contest(request: HttpRequest, actor: Actor, number: str) -> HttpResponse:
    case = own_case(actor, number)
    form = ContestForm(request.POST)
    if not form.is_valid():
        return _case_page(request, case, form, "Check the form below.")
    _permit(actor, Action.CONTEST_CASE, services.case_target(case.case_number))
    try:
        services.contest(case.case_number, config.today(), actor.name, form.cleaned_data["note"])
    except NotAllowed as exc:
        return _case_page(request, case, form, f"Your case cannot be contested now: {exc}.")
    url = reverse("web:person-case", args=[case.case_number])
    return HttpResponseRedirect(url + "?done=contest")


@person_page
def corrections(request: HttpRequest, actor: Actor) -> HttpResponse:
    from statusbridge.cases.reports import corrections_sent

    _permit(actor, Action.VIEW_CASE, Target("case", "*", None, actor.person_key))
    numbers = set(Case.objects.filter(person_key=actor.person_key).values_list("case_number"))
    mine = [c for c in corrections_sent() if (c["case_number"],) in numbers]
    return page(request, "web/person/corrections.html", {"corrections": mine})
