"""The web's gate for staff pages: signed in with both factors, an active account with a role.

Every staff view is wrapped in ``staff_required``; a view that acts on an object then asks the
policy (``policy.require(request.actor, action, target, via="web")``). This module must never
let a password-only session through: Django's own login (the admin's, a test's
``force_login``) leaves ``is_verified()`` false.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse

from statusbridge.accounts.policy import Actor, Forbidden, actor_for_user

V = TypeVar("V", bound=Callable[..., HttpResponse])


class StaffRequest(HttpRequest):
    actor: Actor


def staff_required(view: V) -> V:
    """Send anyone but a fully signed-in staff member to the sign-in page."""

    @functools.wraps(view)
    def gated(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = request.user
        verified = getattr(user, "is_verified", lambda: False)()
        if not (user.is_authenticated and user.is_active and verified):
            return redirect_to_login(request.get_full_path())
        try:
            actor = actor_for_user(user)
        except Forbidden:
            return redirect_to_login(request.get_full_path())
        if actor.kind != "staff":
            return redirect_to_login(request.get_full_path())
        request.actor = actor  # type: ignore[attr-defined]
        return view(request, *args, **kwargs)

    return gated  # type: ignore[return-value]
