"""What the extracted records show about each person: the answer a perfect matcher could give.

It reports the records, stale codes and missing naturalizations included, so it must never read
the timeline or the person's kind: only the SSA entries and DHS rows as extracted.

Order of strength: `citizen` (SSA code A on the current entry, an SSA birthplace in the states,
DC, PR, GU, VI or MP, or a current DHS NATURALIZED / DERIVED_CITIZEN row), `national` (SSA
birthplace AS), `status` (a current lawful DHS row not ended by the SSA as-of date), `expired`
(a current DHS row whose end has passed), `none`.
"""

from __future__ import annotations

import numpy as np

from .arrays import Ints, Mask
from .countries import COUNTRY_INDEX
from .dhs import CITIZEN_STATUSES, DhsRows
from .population import Population
from .ssa import CODE_A, SsaEntries, citizen_birthplace

RECORDS_SHOW = ("citizen", "national", "status", "expired", "none")
CITIZEN, NATIONAL, STATUS, EXPIRED, NONE = range(5)


def records_show(pop: Population, ssa: SsaEntries, dhs: DhsRows) -> Ints:
    """Per person, an index into RECORDS_SHOW."""
    ssa_citizen, ssa_national = _ssa_evidence(pop, ssa)
    dhs_citizen, dhs_status, dhs_expired = _dhs_evidence(pop, dhs)
    result: Ints = np.select(
        [ssa_citizen | dhs_citizen, ssa_national, dhs_status, dhs_expired],
        [CITIZEN, NATIONAL, STATUS, EXPIRED],
        NONE,
    ).astype(np.int64)
    return result


def _per_person(size: int, rows: Ints, values: Mask) -> Mask:
    flags = np.zeros(size, dtype=np.bool_)
    flags[rows[values]] = True
    return flags


def _ssa_evidence(pop: Population, ssa: SsaEntries) -> tuple[Mask, Mask]:
    """From each SSN's current entry: citizen code or birthplace; national birthplace."""
    current = ssa.current
    person = ssa.person[current]
    citizen = (ssa.code[current] == CODE_A) | citizen_birthplace(pop, ssa)[current]
    samoan = pop.org.birthplace[person] == COUNTRY_INDEX["AS"]
    national = ssa.birth_country_known[person] & samoan
    return _per_person(pop.size, person, citizen), _per_person(pop.size, person, national)


def _dhs_evidence(pop: Population, dhs: DhsRows) -> tuple[Mask, Mask, Mask]:
    """From each A-number's current row: citizenship, a lawful status in force, or an ended one."""
    current = dhs.current
    person = dhs.person[current]
    status = dhs.status[current]
    end = dhs.end[current]
    citizen = np.isin(status, CITIZEN_STATUSES)
    ended = end < pop.as_of
    in_force = ~citizen & ~ended
    return (
        _per_person(pop.size, person, citizen),
        _per_person(pop.size, person, in_force),
        _per_person(pop.size, person, ~citizen & ended),
    )
