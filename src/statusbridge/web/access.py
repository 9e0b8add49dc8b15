"""The web's side of the one authorization policy: every page asks ``accounts.policy``.

A staff page is wrapped in ``accounts.access.staff_required`` (both factors) and then asks
``permit`` for the action it takes, through the same actions the command line and the API use
(a case step: the action ``cases.lifecycle.TABLE`` names for it). A case of another agency is
answered "not found", as the API answers it, so no one learns which case numbers exist.
``offers`` asks the same question without recording it, to decide which forms a page shows;
the form's own view asks again, and that answer is the one recorded and obeyed.

This module decides nothing itself: who may do what is ``accounts.policy.TABLE``.
"""

from __future__ import annotations

from typing import cast

from django.http import HttpRequest

from statusbridge.accounts.access import StaffRequest
from statusbridge.accounts.policy import (
    Action,
    Actor,
    Forbidden,
    Target,
    agency_target,
    authorize,
    decide,
    whole,
)


class NotFound(Exception):
    """What a page asked for does not exist, or is another agency's (the same to the asker)."""


def actor_of(request: HttpRequest) -> Actor:
    """The signed-in staff member ``staff_required`` put on the request."""
    return cast(StaffRequest, request).actor


def permit(request: HttpRequest, action: Action, target: Target) -> None:
    """Refuse (``Forbidden``, or ``NotFound`` for another agency's object) unless the signed-in
    person may do ``action`` to ``target``; the check is recorded in the staff audit trail."""
    decision = authorize(actor_of(request), action, target, via="web")
    if decision.allowed:
        return
    if target.kind != "agency" and target.agency and _other_agency(request, target):
        raise NotFound(target.id)
    raise Forbidden(decision.reason)


def _other_agency(request: HttpRequest, target: Target) -> bool:
    actor = actor_of(request)
    return actor.agency is not None and actor.agency != target.agency


def offers(request: HttpRequest, action: Action, target: Target) -> bool:
    """Whether a page should offer a form for ``action`` (not recorded: nothing is done yet)."""
    return decide(actor_of(request), action, target).allowed


def own_cases(request: HttpRequest) -> tuple[Target, str | None]:
    """What a case list covers: agency staff their agency's cases; verifiers every agency's."""
    agency = actor_of(request).agency
    if agency is None:
        return whole("case"), None
    return agency_target(agency), agency
