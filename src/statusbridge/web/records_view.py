"""The records a status verifier compares a case's request with, read from the snapshots.

For one case: the SSA entries of the number holder the answer named (``case.person_key``, the
snapshots' ``ssn_key``) and the status history of the DHS record it named (``case.dhs_key``, the
keyed hash of ``A`` and the nine-digit A-number), each from the snapshot in force on the day the
case opened, minimized to what a verification needs. Read-only: it opens each snapshot's
database read-only and changes nothing. It must never return a full SSN or A-number (only the
last four and the last three digits), and must never be shown to anyone but a status verifier:
the caller asks the policy (``determine_case``) first.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import duckdb

from statusbridge import config
from statusbridge.cases.models import Case
from statusbridge.engine.person_key import person_key
from statusbridge.records import snapshots
from statusbridge.records.models import Snapshot
from statusbridge.verify import snapshots_in_force

_SSA_COLUMNS = (
    "ssn_last4, first_name, middle_name, last_name, dob, birth_country, citizenship_code, "
    "death_date, entry_date"
)
_DHS_COLUMNS = (
    "first_name, middle_name, last_name, dob, country_of_birth, status, class_of_admission, "
    "status_start, status_end, updated_on"
)
_ORDER_SSA = "entry_date ASC NULLS FIRST, entry_id"
_ORDER_DHS = "status_start ASC NULLS FIRST, updated_on ASC NULLS FIRST, row_id"
_CHUNK = 50_000  # A-numbers fetched and hashed at a time when the likely candidates miss


@dataclass
class Records:
    """What the case page shows a status verifier: each source's rows and its as-of date."""

    ssa_as_of: date | None = None
    dhs_as_of: date | None = None
    ssa: list[dict[str, Any]] = field(default_factory=list)
    dhs: list[dict[str, Any]] = field(default_factory=list)
    a_number_last3: str = ""
    unreadable: list[str] = field(default_factory=list)  # sources whose files could not be read


def _connect(snapshot: Snapshot) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(str(snapshots.database_path(snapshot)), read_only=True)


def _rows(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any]) -> list[dict[str, Any]]:
    cursor = con.execute(sql, params)
    names = [d[0] for d in cursor.description or []]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def ssa_entries(snapshot: Snapshot, key: str) -> list[dict[str, Any]]:
    """The number holder's entries, oldest first; the SSN only as its last four digits."""
    con = _connect(snapshot)
    try:
        sql = f"SELECT {_SSA_COLUMNS} FROM records WHERE ssn_key = ? ORDER BY {_ORDER_SSA}"
        return _rows(con, sql, [key])
    finally:
        con.close()


def _matching(numbers: Iterable[str], key: str, secret: bytes) -> str | None:
    for number in numbers:
        if person_key(f"A{number}", secret) == key:
            return number
    return None


def _a_number_of(con: duckdb.DuckDBPyConnection, case: Case, secret: bytes) -> str | None:
    """The A-number whose keyed hash is the case's ``dhs_key``.

    Only keyed hashes are kept in the case, so the A-numbers are hashed here: first the likely
    ones (the number holder's, or those born the year the request says), then, if those miss
    (a record reached by an A-number whose identity did not fit), all of them.
    """
    year = str(_identity(case).get("dob") or "")[:4]
    likely = con.execute(
        "SELECT DISTINCT a_number FROM records"
        " WHERE ssn_key = ? OR CAST(birth_year AS VARCHAR) = ?",
        [case.person_key or None, year],
    ).fetchall()
    found = _matching((row[0] for row in likely), case.dhs_key, secret)
    if found is not None:
        return found
    cursor = con.execute("SELECT DISTINCT a_number FROM records")
    while chunk := cursor.fetchmany(_CHUNK):
        found = _matching((row[0] for row in chunk), case.dhs_key, secret)
        if found is not None:
            return found
    return None


def dhs_history(snapshot: Snapshot, case: Case) -> tuple[list[dict[str, Any]], str]:
    """The DHS record's status history, oldest first, and its A-number's last three digits."""
    con = _connect(snapshot)
    try:
        number = _a_number_of(con, case, config.person_key_secret())
        if number is None:
            return [], ""
        sql = f"SELECT {_DHS_COLUMNS} FROM records WHERE a_number = ? ORDER BY {_ORDER_DHS}"
        return _rows(con, sql, [number]), number[-3:]
    finally:
        con.close()


def _identity(case: Case) -> dict[str, Any]:
    return case.identity if isinstance(case.identity, dict) else {}


def records_for(case: Case) -> Records:
    """The SSA entries and DHS history the case is about, as of the day it opened."""
    found = Records()
    in_force = snapshots_in_force(case.opened_on)
    ssa, dhs = in_force.get("ssa"), in_force.get("dhs")
    # A snapshot whose files are gone or damaged is said so on the page, not a server error.
    if ssa is not None:
        found.ssa_as_of = ssa.as_of
        try:
            found.ssa = ssa_entries(ssa, case.person_key) if case.person_key else []
        except (duckdb.Error, OSError):
            found.unreadable.append("SSA")
    if dhs is not None:
        found.dhs_as_of = dhs.as_of
        try:
            if case.dhs_key:
                found.dhs, found.a_number_last3 = dhs_history(dhs, case)
        except (duckdb.Error, OSError):
            found.unreadable.append("DHS")
    return found
