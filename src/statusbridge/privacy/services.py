"""Deciding whether a disclosure may be made at all, before any record is read.

A verification needs an agency agreement in force for the purpose, the mode and the identifiers
used, a matching agreement in force for bulk runs, and a routine use of the agreement's system of
records that covers the purpose and is in force that day (a routine use not yet effective
authorizes nothing, 5 U.S.C. 552a(e)(11)) and not barred by an accepted legal event (`law`): a
refusal then names the event, and an allowed answer's authority cites the legal basis in force.
Ingesting SSA's extract is itself a disclosure from SSA 60-0058 to DHS and is checked the same
way; where an accepted event bars SSA's routine use to DHS, the identifier paths that read SSA's
records (SSN, its last four digits) are closed too, while the A-number and certificate paths,
which read DHS's own records, keep their authority. Every decision is recorded, refusals too.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from django.db import transaction

from statusbridge.engine.decide import Purpose
from statusbridge.privacy import law
from statusbridge.privacy.models import Agency, Agreement, PolicyDecision

Mode = Literal["single", "bulk"]
SSA_SYSTEM = "60-0058"
INGEST_PURPOSE = "immigration-status-verification"
# The identifier paths answered from SSA's records, which DHS holds under 60-0058's routine use.
SSA_PATHS = ("ssn", "ssn_last4")


class Refused(Exception):
    """The disclosure is not authorized; the message says why in plain words."""


@dataclass(frozen=True)
class Authorization:
    purpose: Purpose
    authority: str
    identifier_types: frozenset[str]
    fields: frozenset[str]
    law_enforcement: bool = False
    # Identifier paths closed by a legal event, each with the reason (the event cited); those
    # paths are also left out of ``identifier_types``.
    identifier_limits: Mapping[str, str] = field(default_factory=dict)
    # Why SSA's records may not be used at all that day (its routine use to DHS closed by an
    # accepted legal event), or "": then no answer reads them, whatever the identifier.
    ssa_closed: str = ""


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
    """The citation of a routine use of ``system`` in force on ``on`` covering ``purpose``,
    honouring accepted legal events; None where none does (``law.routine_use_authority`` says
    why)."""
    return law.routine_use_authority(system, purpose, on).citation


def _ssa_paths_closed(on: date) -> str:
    """Why the SSA identifier paths are closed on ``on`` by an accepted legal event, or ''."""
    found = law.routine_use_authority(SSA_SYSTEM, INGEST_PURPOSE, on)
    if found.citation is not None or found.barred_by is None:
        return ""  # open, or closed by no event: the ingest check already guards the extract
    return f"answers from SSA's records: {found.refusal}"


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
        found = law.routine_use_authority(agreement.sorn_system, purpose, on)
        if found.citation is None:
            raise Refused(found.refusal)
        identifiers = set(agreement.identifier_types)
        limits: dict[str, str] = {}
        closed = _ssa_paths_closed(on) if agreement.sorn_system != SSA_SYSTEM else ""
        if closed:
            limits = {t: closed for t in SSA_PATHS if t in identifiers}
            identifiers -= set(SSA_PATHS)
        if not identifiers:
            raise Refused(closed)
    except Refused as refusal:
        _record(agency, purpose, on, mode, rows, False, str(refusal))
        raise
    authority = f"{found.citation}; agreement {agreement.reference or agreement.pk}"
    if limits:
        authority += f"; SSN paths closed: {closed}"
    _record(agency, purpose, on, mode, rows, True, authority)
    return Authorization(
        purpose=Purpose(
            name=purpose,
            adverse_action=agreement.adverse_action,
            receives_status=agreement.receives_status,
        ),
        authority=authority,
        identifier_types=frozenset(identifiers),
        fields=frozenset(agreement.fields),
        law_enforcement=agreement.law_enforcement,
        identifier_limits=limits,
        ssa_closed=closed,
    )


def authorize_ingest(kind: str, as_of: date) -> str:
    """The authority for receiving an extract; SSA's is checked against 60-0058 on ``as_of``."""
    if kind != "ssa":
        return "DHS/USCIS-004 (DHS's own records)"
    found = law.routine_use_authority(SSA_SYSTEM, INGEST_PURPOSE, as_of)
    if found.citation is None:
        why = f"no routine use of SSA {SSA_SYSTEM} in force on {as_of} discloses to DHS"
        if found.barred_by is not None:
            why = f"SSA's extract as of {as_of}: {found.refusal}"
        _record("ssa", INGEST_PURPOSE, as_of, "ingest", None, False, why)
        raise Refused(why)
    _record("ssa", INGEST_PURPOSE, as_of, "ingest", None, True, found.citation)
    return found.citation
