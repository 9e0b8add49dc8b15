"""The exact-match approach: the naive SSN check many jurisdictions run, in plain pandas.

A request is confirmed as a citizen when its SSN, first name, last name and date of birth equal
those of the SSA number's current entry (the latest ``entry_date``) and that entry's citizenship
code is ``A``. No other evidence is read (no birthplace, no DHS record), and every other row is
"not confirmed". It is measured for speed beside ``verify bulk`` and scored for accuracy against
the world's truth, in two variants:

- as written (the default): the values are compared character for character, nothing normalized;
- ``--canonical``: what any real exact-match system does first — names upper-cased and trimmed,
  dashes and spaces dropped from SSNs, both date formats read as dates. Still no accents folded,
  no nicknames, no typing errors forgiven.
- ``--rules`` (implies ``--canonical``): a plain rules matcher, the two keying faults a careful
  clerk forgives and nothing else: given and family names in either order, and a date of birth
  one digit away. No nicknames, no typos, no check for anyone else the request may be.

    python bench/exact_match.py REQUESTS.csv SSA.csv OUT.csv [--canonical | --rules]

``OUT.csv`` has ``request_id, response_code (US_CITIZEN | NOT_CONFIRMED), reason`` where reason is
``SSA_CODE_A``, ``NO_SSN``, ``SSN_NOT_FOUND``, ``IDENTITY_MISMATCH`` or ``SSA_CODE_NOT_A``.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd

_REQUEST_COLUMNS = ["request_id", "first_name", "last_name", "dob", "ssn"]
_SSA_COLUMNS = ["ssn", "first_name", "last_name", "dob", "citizenship_code", "entry_date"]


def _entry_day(text: pd.Series) -> pd.Series:
    """The SSA side's own entry dates, so its current entry is the latest one."""
    iso = pd.to_datetime(text, format="%Y-%m-%d", errors="coerce")
    us = pd.to_datetime(text, format="%m/%d/%Y", errors="coerce")
    return iso.fillna(us)


def canonical(frame: pd.DataFrame) -> pd.DataFrame:
    """Upper-case trimmed names, SSN digits, ISO dates: the least any exact matcher does."""
    names = {c: frame[c].str.strip().str.upper() for c in ("first_name", "last_name")}
    day = _entry_day(frame["dob"].str.strip()).dt.strftime("%Y-%m-%d").fillna("")
    ssn = frame["ssn"].str.replace(r"[\s\-]", "", regex=True)
    return frame.assign(**names, dob=day, ssn=ssn)


def current_entries(ssa: pd.DataFrame) -> pd.DataFrame:
    ordered = ssa.assign(_day=_entry_day(ssa["entry_date"])).sort_values(
        "_day", kind="stable", na_position="first"
    )
    return ordered.drop_duplicates("ssn", keep="last").drop(columns=["_day", "entry_date"])


def _one_digit_apart(left: pd.Series, right: pd.Series) -> pd.Series:
    """Dates (as text of equal length) that differ in exactly one character."""
    apart = [
        len(a) == len(b) and sum(x != y for x, y in zip(a, b, strict=True)) == 1
        for a, b in zip(left.fillna(""), right.fillna(""), strict=True)
    ]
    return pd.Series(apart, index=left.index)


def exact_match(requests: pd.DataFrame, ssa: pd.DataFrame, rules: bool = False) -> pd.DataFrame:
    current = current_entries(ssa)
    joined = requests.merge(current, on="ssn", how="left", suffixes=("", "_ssa"), indicator=True)
    has_ssn = joined["ssn"] != ""
    found = has_ssn & (joined["_merge"] == "both")
    names = (joined["first_name"] == joined["first_name_ssa"]) & (
        joined["last_name"] == joined["last_name_ssa"]
    )
    dob = joined["dob"] == joined["dob_ssa"]
    if rules:
        swapped = (joined["first_name"] == joined["last_name_ssa"]) & (
            joined["last_name"] == joined["first_name_ssa"]
        )
        names = names | swapped
        dob = dob | _one_digit_apart(joined["dob"], joined["dob_ssa"])
    same_person = found & names & dob
    citizen = same_person & (joined["citizenship_code"] == "A")
    reason = np.select(
        [~has_ssn, ~found, ~same_person, ~citizen],
        ["NO_SSN", "SSN_NOT_FOUND", "IDENTITY_MISMATCH", "SSA_CODE_NOT_A"],
        default="SSA_CODE_A",
    )
    return pd.DataFrame(
        {
            "request_id": joined["request_id"],
            "response_code": np.where(citizen, "US_CITIZEN", "NOT_CONFIRMED"),
            "reason": reason,
        }
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("requests", type=Path)
    parser.add_argument("ssa", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--canonical", action="store_true", help="case, SSN dashes, dates")
    parser.add_argument("--rules", action="store_true", help="swapped names, a digit of the date")
    args = parser.parse_args()
    requests = pd.read_csv(
        args.requests,
        dtype=str,
        keep_default_na=False,
        usecols=_REQUEST_COLUMNS,
        on_bad_lines="skip",  # the naive check drops what it cannot parse
    )
    ssa = pd.read_csv(args.ssa, dtype=str, keep_default_na=False, usecols=_SSA_COLUMNS)
    if args.canonical or args.rules:
        requests, ssa = canonical(requests), canonical(ssa)
    exact_match(requests, ssa, rules=args.rules).to_csv(args.out, index=False)


if __name__ == "__main__":
    main()
