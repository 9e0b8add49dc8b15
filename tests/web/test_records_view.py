"""The records on a case page: a status verifier sees the SSA entries and DHS history the case is
about, minimized (no full SSN or A-number); agency staff never see them."""

from __future__ import annotations

import re

import duckdb
import pytest

from statusbridge.cases.models import Case
from statusbridge.web import records_view
from statusbridge.web.records_view import records_for
from tests.web.conftest import BENEFITS, EARLIER_NAME, ELECTION, EXPIRED, OpenCase, SignIn

FULL_NUMBERS = ("345678901", "345-67-8901", "333445555", "098765432", "111222333")


def _no_full_numbers(html: str) -> None:
    for number in FULL_NUMBERS:
        assert number not in html
    assert not re.search(r"\bA-?\d{7,9}\b", html)


def test_a_verifier_sees_the_ssa_entries_and_dhs_history(
    sign_in: SignIn, open_case: OpenCase
) -> None:
    number = open_case(ELECTION, EARLIER_NAME)
    vic = sign_in("vic", "status-verifier")
    page = vic.get(f"/cases/{number}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert 'id="records"' in html and 'id="ssa-records"' in html and 'id="dhs-records"' in html
    ssa = html.split('id="ssa-records"')[1].split("</table>")[0]
    assert "LEE" in ssa and "PARK" in ssa and "KR" in ssa and "8901" in ssa
    assert "2010-05-05" in ssa and "2015-05-05" in ssa
    dhs = html.split('id="dhs-records"')[1].split("</table>")[0]
    assert "ending in 432" in dhs and "LPR" in dhs and "F21" in dhs and "2016-01-01" in dhs
    _no_full_numbers(html)


def test_a_dhs_record_linked_by_identity_is_found(open_case: OpenCase) -> None:
    number = open_case(BENEFITS, EXPIRED)
    case = Case.objects.get(case_number=number)
    found = records_for(case)
    assert [e["last_name"] for e in found.ssa] == ["RUIZ"]
    assert "ssn_key" not in found.ssa[0] and "ssn" not in found.ssa[0]
    assert case.dhs_key  # the answer named a DHS record: its history, never its A-number
    assert [r["status"] for r in found.dhs] == ["NONIMMIGRANT"]
    assert found.a_number_last3 == "333"
    assert "a_number" not in found.dhs[0]
    # A record the likely candidates miss (another birth year, no number holder) is still found.
    case.person_key, case.identity = "", {**case.identity, "dob": "1800-01-01"}
    assert records_for(case).a_number_last3 == "333"


def test_agency_staff_never_see_the_records(sign_in: SignIn, open_case: OpenCase) -> None:
    number = open_case(ELECTION, EARLIER_NAME)
    ana = sign_in("ana")
    html = ana.get(f"/cases/{number}/").content.decode()
    assert 'id="identity"' in html
    assert 'id="records"' not in html and "PARK" not in html and "F21" not in html
    _no_full_numbers(html)


def test_nothing_found_is_said_plainly(sign_in: SignIn, open_case: OpenCase) -> None:
    number = open_case(ELECTION, EARLIER_NAME)
    Case.objects.filter(case_number=number).update(person_key="", dhs_key="")
    vic = sign_in("vic", "status-verifier")
    html = vic.get(f"/cases/{number}/").content.decode()
    assert 'id="ssa-none"' in html and "No SSA entries were found" in html
    assert 'id="dhs-none"' in html and "No DHS record was found" in html
    assert 'id="ssa-records"' not in html and 'id="dhs-records"' not in html


def test_a_snapshot_that_cannot_be_read_is_said_so(
    sign_in: SignIn, open_case: OpenCase, monkeypatch: pytest.MonkeyPatch
) -> None:
    number = open_case(ELECTION, EARLIER_NAME)

    def gone(*args: object) -> None:
        raise duckdb.IOException("no such file")

    monkeypatch.setattr(records_view, "_connect", gone)
    vic = sign_in("vic", "status-verifier")
    page = vic.get(f"/cases/{number}/")
    assert page.status_code == 200
    assert "The SSA and DHS snapshot's files could not be read" in page.content.decode()
