"""Web page fixtures: the mini extract ingested in-process, staff signed in with password and
code, and cases opened the way an agency's verification opens them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from django.test import Client

from statusbridge.accounts.services import create_staff
from statusbridge.records.ingest import ingest
from statusbridge.verify import Verifier, request_frame
from tests.accounts.conftest import PASSWORD, code
from tests.conftest import DHS_AS_OF, MINI, ON, SSA_AS_OF

BENEFITS = "demo-benefits-agency"
ELECTION = "demo-election-office"
PURPOSE = {BENEFITS: "benefit-eligibility", ELECTION: "voter-list-maintenance"}
EXPIRED = {  # the benefits agency is not told this person's status: a case opens, in state open
    "request_id": "r-expired",
    "first_name": "Jorge",
    "last_name": "Ruiz",
    "dob": "1999-09-09",
    "ssn": "333445555",
}
EARLIER_NAME = {  # the election office is not told a status: additional verification at once
    "request_id": "r-earlier-name",
    "first_name": "ana",
    "last_name": "lee",
    "dob": "1990-01-01",
    "ssn": "345-67-8901",
}
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"

SignIn = Callable[..., Client]
OpenCase = Callable[[str, dict[str, str]], str]


@pytest.fixture(autouse=True)
def today(monkeypatch: pytest.MonkeyPatch) -> Callable[[str], None]:
    monkeypatch.setenv("STATUSBRIDGE_TODAY", ON)
    return lambda day: monkeypatch.setenv("STATUSBRIDGE_TODAY", day)


@pytest.fixture
def snapshots(db: None) -> None:
    ingest("ssa", MINI / "ssa.csv", date.fromisoformat(SSA_AS_OF))
    ingest("dhs", MINI / "dhs.csv", date.fromisoformat(DHS_AS_OF))


@pytest.fixture
def sign_in(db: None) -> SignIn:
    """A fresh browser-like client signed in (password and code) as a new staff member."""

    def make(username: str, role: str = "agency-user", agency: str | None = ELECTION) -> Client:
        scoped = role in {"agency-user", "agency-admin"}
        made = create_staff(username, role, agency if scoped else None, PASSWORD)
        client = Client()
        form = {"username": username, "password": PASSWORD, "code": code(made.totp_secret)}
        done = client.post("/accounts/sign-in/", form)
        assert done.status_code == 302, done.content
        return client

    return make


@pytest.fixture
def open_case(snapshots: None) -> OpenCase:
    """A case opened by an agency's single verification, as the API's would open it."""

    def make(agency: str, person: dict[str, str]) -> str:
        verifier = Verifier(agency, PURPOSE[agency], date.fromisoformat(ON), "single")
        try:
            answer = verifier.answer(request_frame(person)).row(0, named=True)
        finally:
            verifier.close()
        assert answer["response_code"] == "ADDITIONAL_VERIFICATION", answer
        number: str = answer["case_number"]
        return number

    return make
