"""Column names, response codes and reasons shared by the pipeline stages.

The request and result columns are fixed by the contract; the normalized columns are this
package's own and may grow.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Final

REQUEST_COLUMNS: Final = (
    "request_id",
    "first_name",
    "middle_name",
    "last_name",
    "dob",
    "ssn",
    "ssn_last4",
    "a_number",
    "certificate_number",
)
SSA_COLUMNS: Final = (
    "ssn",
    "first_name",
    "middle_name",
    "last_name",
    "dob",
    "sex",
    "birth_country",
    "citizenship_code",
    "death_date",
    "entry_date",
)
DHS_COLUMNS: Final = (
    "a_number",
    "ssn",
    "first_name",
    "middle_name",
    "last_name",
    "dob",
    "country_of_birth",
    "status",
    "class_of_admission",
    "status_start",
    "status_end",
    "certificate_number",
    "updated_on",
)
RESULT_COLUMNS: Final = (
    "request_id",
    "response_code",
    "status",
    "reason",
    "case_number",
    "ssa_as_of",
    "dhs_as_of",
    "evidence",
    "status_since",
)

# The identity columns every normalized table carries, compared pairwise by ``compare``.
IDENTITY_COLUMNS: Final = ("first_name", "middle_name", "last_name", "dob")


class ResponseCode(StrEnum):
    US_CITIZEN = "US_CITIZEN"
    US_NATIONAL = "US_NATIONAL"
    IMMIGRATION_STATUS = "IMMIGRATION_STATUS"
    DECEASED = "DECEASED"
    ADDITIONAL_VERIFICATION = "ADDITIONAL_VERIFICATION"
    RESUBMIT = "RESUBMIT"
    INVALID = "INVALID"


class Evidence(StrEnum):
    """What in the records supports an answer; the first that applies becomes ``reason``."""

    SSA_CITIZEN_CODE = "SSA_CITIZEN_CODE"
    SSA_BIRTHPLACE = "SSA_BIRTHPLACE"
    DHS_NATURALIZED = "DHS_NATURALIZED"
    DHS_DERIVED = "DHS_DERIVED"
    SSA_BIRTHPLACE_NATIONAL = "SSA_BIRTHPLACE_NATIONAL"
    SSA_DEATH_RECORD = "SSA_DEATH_RECORD"
    DHS_STATUS = "DHS_STATUS"


class Reason(StrEnum):
    """Why a request was not answered with a status; each is explained in docs/results.md."""

    IDENTIFIER_REQUIRED = "IDENTIFIER_REQUIRED"
    NO_RECORD_FOUND = "NO_RECORD_FOUND"
    FULL_SSN_REQUIRED = "FULL_SSN_REQUIRED"
    IDENTITY_NOT_CONFIRMED = "IDENTITY_NOT_CONFIRMED"
    ANOTHER_RECORD_FITS_BETTER = "ANOTHER_RECORD_FITS_BETTER"
    SSA_CODE_IS_A_SNAPSHOT = "SSA_CODE_IS_A_SNAPSHOT"
    CITIZENSHIP_NOT_RECORDED = "CITIZENSHIP_NOT_RECORDED"
    STATUS_MAY_HAVE_CHANGED = "STATUS_MAY_HAVE_CHANGED"
    STATUS_EXPIRED_ON_RECORD = "STATUS_EXPIRED_ON_RECORD"
    STATUS_AS_OF_RECORD = "STATUS_AS_OF_RECORD"
    MAY_HAVE_NATURALIZED_SINCE_RECORD = "MAY_HAVE_NATURALIZED_SINCE_RECORD"
    MAY_HAVE_ADJUSTED_SINCE_RECORD = "MAY_HAVE_ADJUSTED_SINCE_RECORD"
    NO_SNAPSHOT = "NO_SNAPSHOT"
    # A status verifier determined it after additional verification (records.corrections).
    CASE_DETERMINATION = "CASE_DETERMINATION"


# Additional verification for these reasons is about what the records say of a person whose
# identity they confirmed; the others (identity not confirmed, another record fits better) are
# about who the person is, and a determination of them corrects no one's records.
RECORD_CONTENT_REASONS: Final = frozenset(
    {
        Reason.SSA_CODE_IS_A_SNAPSHOT,
        Reason.CITIZENSHIP_NOT_RECORDED,
        Reason.STATUS_MAY_HAVE_CHANGED,
        Reason.STATUS_EXPIRED_ON_RECORD,
    }
)

# Birthplaces that confer citizenship at birth
# (8 U.S.C. 1401, 1402, 1406, 1407; 48 U.S.C. 1801).
CITIZEN_BIRTHPLACES: Final = frozenset({"US", "PR", "GU", "VI", "MP"})
# American Samoa confers nationality, not citizenship (8 U.S.C. 1408).
NATIONAL_BIRTHPLACES: Final = frozenset({"AS"})

DHS_STATUSES: Final = frozenset(
    {
        "LPR",
        "CONDITIONAL_RESIDENT",
        "NATURALIZED",
        "DERIVED_CITIZEN",
        "REFUGEE",
        "ASYLEE",
        "NONIMMIGRANT",
        "PAROLEE",
        "TPS",
        "DACA",
    }
)
DHS_CITIZEN_STATUSES: Final = frozenset({"NATURALIZED", "DERIVED_CITIZEN"})
# Statuses a person can leave by naturalizing; an old record of one may be out of date.
STATUSES_BEFORE_NATURALIZATION: Final = frozenset(
    {"LPR", "CONDITIONAL_RESIDENT", "REFUGEE", "ASYLEE"}
)
SSA_CITIZENSHIP_CODES: Final = frozenset({"A", "B", "C", "D"})


# Snapshot tables as the backends serve them (see records.snapshots, which builds them).
SSA_TABLE: Final = {
    "entry_id": "Int64",
    "ssn_key": "String",
    "ssn_last4": "String",
    "first_name": "String",
    "middle_name": "String",
    "last_name": "String",
    "dob": "Date",
    "birth_year": "Int32",
    "sex": "String",
    "birth_country": "String",
    "citizenship_code": "String",
    "death_date": "Date",
    "entry_date": "Date",
    "is_current": "Boolean",
    "person_code": "String",
    "person_birth_country": "String",
    "person_death_date": "Date",
}
DHS_TABLE: Final = {
    "row_id": "Int64",
    "a_number": "String",
    "ssn_key": "String",
    "first_name": "String",
    "middle_name": "String",
    "last_name": "String",
    "dob": "Date",
    "birth_year": "Int32",
    "country_of_birth": "String",
    "status": "String",
    "class_of_admission": "String",
    "status_start": "Date",
    "status_end": "Date",
    "certificate_number": "String",
    "updated_on": "Date",
    "is_current": "Boolean",
    "current_status": "String",
    "current_status_start": "Date",
    "current_status_end": "Date",
    "current_updated_on": "Date",
}
