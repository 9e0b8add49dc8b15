"""Staff sign-in and sign-out, and a "who am I" page that proves the staff gate.

Password and TOTP code are checked together and refused with one message that names neither.
Each refusal counts toward django-axes' lockout of the username, wrong codes included (axes
counts ``user_login_failed`` signals; a wrong code sends one). This module must never log a
password or a code.
"""

from __future__ import annotations

import logging

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib.auth import authenticate, login, logout
from django.contrib.auth.signals import user_login_failed
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from statusbridge.accounts.access import staff_required
from statusbridge.accounts.forms import SignInForm
from statusbridge.accounts.models import StaffProfile

log = logging.getLogger(__name__)
REFUSAL = "The username, password or code is not right."


def _locked(request: HttpRequest, username: str) -> HttpResponse:
    log.warning("sign-in refused: %s is locked out after repeated failures", username)
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "accounts/locked.html", {"minutes": minutes}, status=429)


def _next_page(request: HttpRequest) -> str:
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    safe = url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return wanted if safe else reverse("accounts:me")


@sensitive_post_parameters("password", "code")
@csrf_protect
@never_cache
def sign_in(request: HttpRequest) -> HttpResponse:
    form = SignInForm(request.POST or None)
    if request.method != "POST":
        return _page(request, form)
    if not form.is_valid():
        return _page(request, form, REFUSAL)
    username = form.cleaned_data["username"]
    credentials = {"username": username}
    if AxesProxyHandler.is_locked(request, credentials):
        return _locked(request, username)
    user = authenticate(request, username=username, password=form.cleaned_data["password"])
    profile = StaffProfile.objects.filter(user_id=user.pk).first() if user else None
    device = TOTPDevice.objects.filter(user_id=user.pk, confirmed=True).first() if user else None
    if user is not None and profile and device and device.verify_token(form.cleaned_data["code"]):
        login(request, user)
        otp_login(request, device)
        return HttpResponseRedirect(_next_page(request))
    if user is not None:  # right password, wrong code (or no second factor): a failure too
        user_login_failed.send(sender=__name__, credentials=credentials, request=request)
    if AxesProxyHandler.is_locked(request, credentials):
        return _locked(request, username)
    # A fresh form: the page must look the same whichever factor was wrong.
    return _page(request, SignInForm(initial=credentials), REFUSAL)


def _page(request: HttpRequest, form: SignInForm, refusal: str = "") -> HttpResponse:
    context = {"form": form, "refusal": refusal, "next": request.GET.get("next", "")}
    return render(request, "accounts/sign_in.html", context)


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    logout(request)
    return HttpResponseRedirect(reverse("accounts:sign-in"))


@staff_required
def me(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/me.html", {"actor": request.actor})  # type: ignore[attr-defined]
