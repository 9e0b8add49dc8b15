"""The person's own pages: simulated proofing signs them in, they see only their own accounting
entries and cases ((b)(7) entries hidden), contest once and only when the lifecycle allows; and
the public pages anyone reads."""

from __future__ import annotations

import base64
import json
from datetime import date

import polars as pl
import pytest
from django.test import Client

from statusbridge import config
from statusbridge.cases import reports, services
from statusbridge.cases.models import Case
from statusbridge.engine.person_key import person_key
from statusbridge.ledger import services as ledger
from statusbridge.ledger.merkle import leaf_hash, verify_inclusion
from statusbridge.verify import Verifier, request_frame
from tests.conftest import ON
from tests.web.conftest import BENEFITS, EARLIER_NAME, ELECTION, EXPIRED, PURPOSE, OpenCase

ANA = {"first_name": "Ana", "last_name": "Lee", "dob": "1990-01-01", "ssn": "345-67-8901"}
JORGE = {"first_name": "Jorge", "last_name": "Ruiz", "dob": "1999-09-09", "ssn": "333445555"}
DAY = date.fromisoformat(ON)


def _person(who: dict[str, str]) -> Client:
    client = Client()
    done = client.post("/me/sign-in/", who)
    assert done.status_code == 302 and done["Location"] == "/me/", done.content
    return client


def _key(ssn: str) -> str:
    return person_key(ssn.replace("-", ""), config.person_key_secret())


def _law_enforcement_entry(key: str) -> None:
    ledger.record(
        pl.DataFrame(
            {
                "disclosed_on": [DAY],
                "person_key": [key],
                "recipient": ["demo-police"],
                "purpose": ["law-enforcement"],
                "authority": ["5 U.S.C. 552a(b)(7)"],
                "nature": ["single"],
                "request_ref": ["single:secret"],
                "response_code": ["CITIZEN"],
                "snapshots": [["ssa-2026-06-01"]],
                "law_enforcement": [True],
            },
            schema_overrides={"snapshots": pl.List(pl.String)},
        )
    )


def _verify(agency: str, person: dict[str, str]) -> None:
    verifier = Verifier(agency, PURPOSE[agency], DAY, "single")
    try:
        verifier.answer(request_frame(person))
    finally:
        verifier.close()


def _noticed(number: str) -> None:
    services.determine(number, DAY, "vic", "NOT_VERIFIED", "No record confirms citizenship.")
    services.notify(number, DAY, "ana-staff")


@pytest.mark.django_db
def test_the_sign_in_is_labelled_simulated_and_never_echoes_the_ssn() -> None:
    page = Client().get("/me/sign-in/").content.decode()
    assert "Simulated identity proofing" in page
    refused = Client().post("/me/sign-in/", {**ANA, "ssn": "12345678", "dob": "1990-01-01"})
    assert refused.status_code == 400 and "12345678" not in refused.content.decode()
    assert Client().get("/me/").status_code == 302  # not signed in: to the sign-in page


def test_a_person_sees_only_their_own_accounting(open_case: OpenCase) -> None:
    open_case(ELECTION, EARLIER_NAME)  # a disclosure about Ana
    open_case(BENEFITS, EXPIRED)  # one about Jorge
    _law_enforcement_entry(_key(ANA["ssn"]))
    ana = _person(ANA)
    html = ana.get("/me/accounting/").content.decode()
    assert ELECTION in html and BENEFITS not in html
    assert "demo-police" not in html and "some entries may be hidden" in html
    assert "needs JavaScript" in html  # the check runs in the browser; without it, says so
    doc = json.loads(ana.get("/me/accounting.json").content)
    assert [e["recipient"] for e in doc["entries"]] == [ELECTION]
    head = doc["checkpoint"].splitlines()
    size, root = int(head[1]), base64.b64decode(head[2])
    for e in doc["entries"]:  # what the browser checks, checked here the same way
        leaf = leaf_hash(base64.b64decode(e["entry"]))
        proof = [bytes.fromhex(h) for h in e["inclusion_proof"]]
        assert verify_inclusion(leaf, e["sequence"], size, proof, root)
    assert doc["verifier_key"] == str(ledger.verifier())


def test_a_person_sees_their_cases_and_not_anothers(open_case: OpenCase) -> None:
    mine = open_case(ELECTION, EARLIER_NAME)
    theirs = open_case(BENEFITS, EXPIRED)
    ana = _person(ANA)
    listed = ana.get("/me/cases/").content.decode()
    assert mine in listed and theirs not in listed
    assert ana.get(f"/me/cases/{mine}/").status_code == 200
    for path in (f"/me/cases/{theirs}/", "/me/cases/SB000000NOSUCH/", "/me/cases/%00x/"):
        assert ana.get(path).status_code == 404
    assert ana.post(f"/me/cases/{theirs}/contest/", {}).status_code == 404
    assert Case.objects.get(case_number=theirs).state == "open"


def test_a_person_contests_once_and_only_when_allowed(open_case: OpenCase) -> None:
    number = open_case(ELECTION, EARLIER_NAME)
    ana = _person(ANA)
    early = ana.get(f"/me/cases/{number}/").content.decode()
    assert "Contest the finding</button>" not in early and "no finding to contest" in early
    refused = ana.post(f"/me/cases/{number}/contest/", {"note": "too early"})
    assert refused.status_code == 400 and "cannot be contested" in refused.content.decode()
    _noticed(number)
    page = ana.get(f"/me/cases/{number}/").content.decode()
    assert "Contest the finding</button>" in page and "Download this notice (PDF)" in page
    notice = Case.objects.get(case_number=number).notices.order_by("pk").first()
    assert notice is not None
    pdf = ana.get(f"/me/cases/{number}/notices/{notice.pk}.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    done = ana.post(f"/me/cases/{number}/contest/", {"note": "I am a citizen."})
    assert done.status_code == 302
    case = Case.objects.get(case_number=number)
    assert case.state == "contested"
    event = case.events.order_by("pk").last()
    assert event is not None and event.by.startswith("person-")
    again = ana.post(f"/me/cases/{number}/contest/", {"note": "again"})
    assert again.status_code == 400 and Case.objects.get(case_number=number).state == "contested"


def test_a_staff_member_is_not_a_person(sign_in) -> None:  # type: ignore[no-untyped-def]
    staff = sign_in("ana")
    assert staff.get("/me/accounting/").status_code == 302


@pytest.mark.django_db
def test_the_public_pages() -> None:
    client = Client()
    home = client.get("/").content.decode()
    assert "/systems/" in home and "/checkpoint/" in home and "/me/sign-in/" in home
    systems = client.get("/systems/").content.decode()
    assert "60-0058" in systems and "Routine uses in force" in systems
    empty = client.get("/checkpoint/").content.decode()
    assert "no checkpoint" in empty
    assert client.get("/checkpoint.txt").status_code == 404


def test_the_checkpoint_is_public(open_case: OpenCase) -> None:
    open_case(ELECTION, EARLIER_NAME)
    client = Client()
    page = client.get("/checkpoint/").content.decode()
    note = client.get("/checkpoint.txt").content.decode()
    assert note.startswith(ledger.origin() + "\n") and note.splitlines()[2] in page
    assert client.get("/verifier-key.txt").content.decode().strip() == str(ledger.verifier())


def test_corrections_sent_for_the_person_are_listed(open_case: OpenCase) -> None:
    _verify(ELECTION, EXPIRED)  # another agency told something else earlier
    number = open_case(BENEFITS, EXPIRED)
    services.institute(number, DAY, "ana-staff")
    services.determine(number, DAY, "vic", "US_CITIZEN", "Certificate of naturalization seen.")
    sent = [c for c in reports.corrections_sent() if c["case_number"] == number]
    assert sent, "the determination corrects what the records said"
    jorge = _person(JORGE)
    mine = jorge.get("/me/corrections/").content.decode()
    assert number in mine and sent[0]["recipient"] in mine
    assert number in jorge.get(f"/me/cases/{number}/").content.decode()
    assert "correction" in jorge.get("/me/accounting/").content.decode()
    assert number not in _person(ANA).get("/me/corrections/").content.decode()
