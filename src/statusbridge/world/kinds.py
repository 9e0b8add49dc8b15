"""The true standing of each person on the SSA as-of date (or on the day they died).

`Kind` is the fine-grained ground truth used for counts; `truth_class` and `truth_how` are what
the truth file reports. This module reads the timeline only; it must never read records, because
the point of the world is that records may disagree with the truth.
"""

from __future__ import annotations

from enum import IntEnum

import numpy as np

from .arrays import Ints
from .countries import COUNTRY_INDEX
from .dates import days
from .origins import Path
from .timeline import DACA_RENEWAL_DAYS, Timeline


class Kind(IntEnum):
    NATIVE_US = 0
    NATIVE_TERRITORY = 1
    NATIONAL = 2
    NATURALIZED = 3
    DERIVED = 4
    LPR = 5
    CONDITIONAL_RESIDENT = 6
    REFUGEE = 7
    ASYLEE = 8
    TPS = 9
    DACA = 10
    PAROLEE = 11
    NONIMMIGRANT = 12
    NO_STATUS = 13


TRUTH_CLASS: dict[Kind, str] = {
    Kind.NATIVE_US: "citizen",
    Kind.NATIVE_TERRITORY: "citizen",
    Kind.NATIONAL: "national",
    Kind.NATURALIZED: "citizen",
    Kind.DERIVED: "citizen",
    Kind.NO_STATUS: "no_lawful_status",
}
TRUTH_HOW: dict[Kind, str] = {
    Kind.NATIVE_US: "BIRTH_US",
    Kind.NATIVE_TERRITORY: "BIRTH_TERRITORY",
    Kind.NATIONAL: "BIRTH_AS",
    Kind.NATURALIZED: "NATURALIZED",
    Kind.DERIVED: "DERIVED",
    Kind.LPR: "LPR",
    Kind.CONDITIONAL_RESIDENT: "CONDITIONAL_RESIDENT",
    Kind.REFUGEE: "REFUGEE",
    Kind.ASYLEE: "ASYLEE",
    Kind.TPS: "TPS",
    Kind.DACA: "DACA",
    Kind.PAROLEE: "PAROLEE",
    Kind.NONIMMIGRANT: "NONIMMIGRANT",
    Kind.NO_STATUS: "NONE",
}


def truth_class(kind: Kind) -> str:
    """`citizen`, `national`, `lawful_noncitizen` or `no_lawful_status`."""
    return TRUTH_CLASS.get(kind, "lawful_noncitizen")


def kinds(path: Ints, birthplace: Ints, t: Timeline) -> Ints:
    """Each person's kind on their horizon, the most settled standing first."""
    h = t.horizon
    native = path == Path.NATIVE
    daca_until = t.daca_first + days((np.maximum(t.daca_grants, 1) - 1) * DACA_RENEWAL_DAYS + 730)
    visa_until = np.fmax(t.visa_end, t.extension_end)
    conditions = [
        native & (birthplace == COUNTRY_INDEX["US"]),
        native & (birthplace == COUNTRY_INDEX["AS"]),
        native,
        t.derived_on <= h,
        t.naturalized_on <= h,
        t.lpr_date <= h,
        t.conditional_start <= h,
        (t.daca_grants > 0) & (daca_until >= h),
        t.refugee_start <= h,
        t.asylee_start <= h,
        t.tps_start <= h,  # TPS extended by notice even where the record's end has passed
        (t.parole_start <= h) & (t.parole_end >= h),
        (t.visa_start <= h) & (visa_until >= h),
    ]
    choices = [
        Kind.NATIVE_US,
        Kind.NATIONAL,
        Kind.NATIVE_TERRITORY,
        Kind.DERIVED,
        Kind.NATURALIZED,
        Kind.LPR,
        Kind.CONDITIONAL_RESIDENT,
        Kind.DACA,
        Kind.REFUGEE,
        Kind.ASYLEE,
        Kind.TPS,
        Kind.PAROLEE,
        Kind.NONIMMIGRANT,
    ]
    result: Ints = np.select(conditions, choices, Kind.NO_STATUS).astype(np.int64)
    return result
