"""Deciding whether a disclosure may be made at all, before any record is read.

A verification needs an agency agreement in force for the purpose, the mode and the identifiers
used, a matching agreement in force for bulk runs, and a routine use of the agreement's system of
records that covers the purpose and is in force that day (a routine use not yet effective
authorizes nothing, 5 U.S.C. 552a(e)(11)). Ingesting SSA's extract is itself a disclosure from
SSA 60-0058 to DHS and is checked the same way. Every decision is recorded, refusals too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from django.db import transaction

from statusbridge.engine.decide import Purpose
from statusbridge.privacy.models import Agency, Agreement, PolicyDecision
from statusbridge.privacy.sorn import registry

Mode = Literal["single", "bulk"]
SSA_SYSTEM = "60-0058"
INGEST_PURPOSE = "immigration-status-verification"


class Refused(Exception):
    """The disclosure is not authorized; the message says why in plain words."""


@dataclass(frozen=True)
class Authorization:
    purpose: Purpose
    authority: str
    identifier_types: frozenset[str]
    fields: frozenset[str]
    law_enforcement: bool = False


def _record(
    agency: str, purpose: str, on: date, mode: str, rows: int | None, allowed: bool, why: str
) -> None:
    # Its own transaction: a refusal is kept even when the caller's work is rolled back.
    with transaction.atomic():
        PolicyDecision.objects.create(
            agency=agency[:80],
            purpose=purpose[:80],
            on=on,
            mode=mode,
            rows=rows,
            allowed=allowed,
            reason="" if allowed else why,
            authority=why if allowed else "",
        )


def routine_use_authority(system: str, purpose: str, on: date) -> str | None:
    """The citation of a routine use of ``system`` in force on ``on`` covering ``purpose``."""
    uses = registry().for_purpose(system, purpose, on)
    if not uses:
        return None
    use = uses[0]
    return f"{system} routine use {use.routine_use.label} ({use.version.fr_citation})"


def _agreement(agency_slug: str, purpose: str, on: date, mode: Mode, rows: int | None) -> Agreement:
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
    limit = agreement.max_rows_per_file
    if mode == "bulk" and limit is not None and rows is not None and rows > limit:
        raise Refused(f"the file has {rows:,} rows; the agreement allows at most {limit:,}")
    if mode == "bulk" and not any(m.in_force(on) for m in agency.matching.all()):
        raise Refused(f"agency '{agency_slug}' has no computer matching agreement in force on {on}")
    return agreement


def authorize(
    agency: str, purpose: str, on: date, mode: Mode, rows: int | None = None
) -> Authorization:
    """The authority for a verification, or ``Refused`` with a plain-language reason."""
    try:
        agreement = _agreement(agency, purpose, on, mode, rows)
        use = routine_use_authority(agreement.sorn_system, purpose, on)
        if use is None:
            raise Refused(
                f"no routine use of {agreement.sorn_system} in force on {on} covers '{purpose}'"
            )
    except Refused as refusal:
        _record(agency, purpose, on, mode, rows, False, str(refusal))
        raise
    authority = f"{use}; agreement {agreement.reference or agreement.pk}"
    _record(agency, purpose, on, mode, rows, True, authority)
    return Authorization(
        purpose=Purpose(
            name=purpose,
            adverse_action=agreement.adverse_action,
            receives_status=agreement.receives_status,
        ),
        authority=authority,
        identifier_types=frozenset(agreement.identifier_types),
        fields=frozenset(agreement.fields),
        law_enforcement=agreement.law_enforcement,
    )


def authorize_ingest(kind: str, as_of: date) -> str:
    """The authority for receiving an extract; SSA's is checked against 60-0058 on ``as_of``."""
    if kind != "ssa":
        return "DHS/USCIS-004 (DHS's own records)"
    use = routine_use_authority(SSA_SYSTEM, INGEST_PURPOSE, as_of)
    if use is None:
        why = f"no routine use of SSA {SSA_SYSTEM} in force on {as_of} discloses to DHS"
        _record("ssa", INGEST_PURPOSE, as_of, "ingest", None, False, why)
        raise Refused(why)
    _record("ssa", INGEST_PURPOSE, as_of, "ingest", None, True, use)
    return use
