"""What every page's header needs: the signed-in staff member and the links their role has.

The links follow the policy's table (``accounts.policy.TABLE``): a role sees a link only for
what it may do. This module must never grant anything; each page asks the policy again.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from statusbridge.accounts.policy import TABLE, Action, Actor

# (the action the page needs, its link text, its route), in the order the header shows them.
LINKS = (
    (Action.VERIFY, "Verify one person", "web:verify"),
    (Action.VIEW_CASE, "Cases", "web:cases"),
    (Action.DETERMINE_CASE, "Work queue", "web:queue"),
)


def navigation(request: HttpRequest) -> dict[str, Any]:
    actor: Actor | None = getattr(request, "actor", None)
    if actor is None or actor.kind != "staff":
        return {"nav": [], "signed_in": None}
    allowed = TABLE.get(actor.role, frozenset())
    here = request.path
    nav = []
    for action, label, route in LINKS:
        if action in allowed:
            url = reverse(route)
            nav.append({"label": label, "url": url, "current": here.startswith(url)})
    return {"nav": nav, "signed_in": actor}
