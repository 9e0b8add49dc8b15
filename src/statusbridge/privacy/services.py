"""Deciding whether a request may be answered at all, before any record is read."""

from __future__ import annotations

from datetime import date
from typing import Literal

from statusbridge.engine.decide import Purpose
from statusbridge.privacy.models import Agency, Agreement

Mode = Literal["single", "bulk"]


class Refused(Exception):
    """The request is not covered by an agreement in force; the message says why."""


def authorize(agency_slug: str, purpose: str, on: date, mode: Mode) -> Purpose:
    """The purpose as the rules see it, or ``Refused`` with a plain-language reason."""
    agency = Agency.objects.filter(slug=agency_slug).first()
    if agency is None:
        raise Refused(f"unknown agency '{agency_slug}'")
    agreements = Agreement.objects.filter(agency=agency, purpose=purpose)
    if not agreements.exists():
        raise Refused(f"agency '{agency_slug}' has no agreement for purpose '{purpose}'")
    agreement = agreements.filter(valid_from__lte=on, valid_until__gte=on).first()
    if agreement is None:
        raise Refused(f"agency '{agency_slug}' has no agreement for '{purpose}' in force on {on}")
    if not (agreement.allows_bulk if mode == "bulk" else agreement.allows_single):
        raise Refused(f"the agreement for '{purpose}' does not cover {mode} verification")
    return Purpose(
        name=purpose,
        adverse_action=agreement.adverse_action,
        receives_status=agreement.receives_status,
    )
