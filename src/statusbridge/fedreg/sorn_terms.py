"""The words a Federal Register notice about a system of records uses, as typed values.

What a notice does (`SornAction`), the sections OMB Circular A-108 gives every notice, how a system
number is spelled, and the Privacy Act's 30 days between publishing a routine use and using it.
The notice parser reads these and the privacy domain (`privacy.sorn.model`) re-uses them, so the
dependency runs one way: privacy → fedreg, never back. Nothing here reads records about people or
decides a disclosure.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, timedelta
from enum import StrEnum
from typing import Final

# 5 U.S.C. 552a(e)(11): at least 30 days' notice before a new or intended use takes effect.
ROUTINE_USE_NOTICE_DAYS: Final = 30


class SornAction(StrEnum):
    """What a Federal Register notice does to a system of records."""

    NEW = "new"
    MODIFIED = "modified"
    RESCINDED = "rescinded"
    MATCHING_PROGRAM = "matching_program"
    EXEMPTION = "exemption"
    OTHER = "other"


# The A-108 sections, in the order a notice prints them, with the headings people recognise.
SECTION_TITLES: Final[Mapping[str, str]] = {
    "system_name_and_number": "System name and number",
    "security_classification": "Security classification",
    "system_location": "System location",
    "system_manager": "System manager(s)",
    "authority": "Authority for maintenance of the system",
    "purposes": "Purpose(s) of the system",
    "categories_of_individuals": "Categories of individuals covered by the system",
    "categories_of_records": "Categories of records in the system",
    "record_source_categories": "Record source categories",
    "routine_uses": "Routine uses of records maintained in the system",
    "storage": "Policies and practices for storage of records",
    "retrieval": "Policies and practices for retrieval of records",
    "retention": "Policies and practices for retention and disposal of records",
    "safeguards": "Administrative, technical, and physical safeguards",
    "access_procedures": "Record access procedures",
    "contesting_procedures": "Contesting record procedures",
    "notification_procedures": "Notification procedures",
    "exemptions": "Exemptions promulgated for the system",
    "history": "History",
}

# The sections a version carries as text (name/number and routine uses are structured fields).
SECTION_KEYS: Final[tuple[str, ...]] = tuple(
    k for k in SECTION_TITLES if k not in ("system_name_and_number", "routine_uses")
)


def normalize_system_number(number: str) -> str:
    """One spelling per system: dashes unified, spaces trimmed, letters upper-cased."""
    return re.sub(r"[\u2010-\u2015\u2212]", "-", number).strip().upper()


def default_effective(published: date) -> date:
    """The earliest day new routine uses may apply when a notice names no later date."""
    return published + timedelta(days=ROUTINE_USE_NOTICE_DAYS)
