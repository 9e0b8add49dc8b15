"""The API's side of the one authorization policy: every route declares the action it needs.

A route is marked ``@needs(Action.X)`` (or ``@public`` for the token endpoint and the OpenAPI
document) and checks that action with ``accounts.policy`` for the calling agency's client, on the
object it acts on, through ``permit``. An object of another agency is answered ``404``, as if it
did not exist, so no client learns which job ids other agencies hold. This module decides
nothing itself: who may do what is ``accounts.policy.TABLE``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.http import Http404, HttpRequest

from statusbridge.accounts.policy import (
    Action,
    Forbidden,
    Target,
    actor_for_client,
    agency_target,
    authorize,
)
from statusbridge.api.auth import client_of

V = TypeVar("V", bound=Callable[..., Any])
PUBLIC = "public"


def needs(action: Action) -> Callable[[V], V]:
    """Declare the action a route needs (read by ``permit`` and by the route matrix test)."""

    def declare(view: V) -> V:
        view.policy_action = action  # type: ignore[attr-defined]
        return view

    return declare


def public(view: V) -> V:
    """Declare a route that needs no actor (it authenticates one, or publishes the API)."""
    view.policy_action = PUBLIC  # type: ignore[attr-defined]
    return view


def own_agency(request: HttpRequest) -> Target:
    """The calling agency itself: what a verification or an upload acts for. A status
    verifier's system has no agency: the target is then no agency's, and the policy refuses."""
    agency = client_of(request).agency
    return agency_target(agency.slug) if agency is not None else Target("agency", "", None)


def permit(request: HttpRequest, view: Callable[..., Any], target: Target) -> None:
    """Refuse unless the calling client may do the ``view``'s declared action to ``target``."""
    action: Action = view.policy_action  # type: ignore[attr-defined]
    decision = authorize(actor_for_client(client_of(request)), action, target, via="api")
    if decision.allowed:
        return
    if target.kind == "agency":
        raise Forbidden(decision.reason)
    raise Http404(target.id)
