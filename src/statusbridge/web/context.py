"""What every page's header needs: the signed-in staff member and the links their role has.

The links follow the policy's table (``accounts.policy.TABLE``): a role sees a link only for
what it may do. This module must never grant anything; each page asks the policy again.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from statusbridge.accounts.policy import TABLE, Action, Actor, Forbidden, actor_for_user

# (the action the page needs, its link text, its route), in the order the header shows them.
LINKS = (
    (Action.VERIFY, "Verify one person", "web:verify"),
    (Action.SUBMIT_BULK, "Upload a roll", "web:rolls"),
    (Action.VIEW_CASE, "Cases", "web:cases"),
    (Action.DETERMINE_CASE, "Work queue", "web:queue"),
    (Action.READ_DECISIONS, "Oversight", "web:oversight"),
    (Action.READ_DECISIONS, "SORN registry", "web:sorn"),
    (Action.ACCEPT_LEGAL_CHANGE, "Legal changes", "web:review"),
    (Action.VIEW_AGREEMENT, "Agreements", "web:agreements"),
    (Action.READ_DECISIONS, "Decisions", "web:decisions"),
    (Action.READ_ACCOUNTING, "Ledger", "web:ledger"),
    (Action.READ_AUDIT, "Audit trail", "web:audit"),
)


def _signed_in(request: HttpRequest) -> Actor | None:
    """The staff member a page is for: set by the staff gate, or (on a public page) the user
    signed in with both factors, if any."""
    actor: Actor | None = getattr(request, "actor", None)
    if actor is not None:
        return actor
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not getattr(user, "is_verified", bool)():
        return None
    try:
        return actor_for_user(user)
    except Forbidden:
        return None


def navigation(request: HttpRequest) -> dict[str, Any]:
    actor = _signed_in(request)
    if actor is None or actor.kind != "staff" or not actor.active:
        return {"nav": [], "signed_in": None}
    allowed = TABLE.get(actor.role, frozenset())
    here = request.path
    nav = []
    for action, label, route in LINKS:
        if action in allowed:
            url = reverse(route)
            nav.append({"label": label, "url": url, "current": here.startswith(url)})
    return {"nav": nav, "signed_in": actor}
