"""The API's request and response bodies, as they appear in the OpenAPI document."""

from __future__ import annotations

from typing import Any

from ninja import Schema
from pydantic import Field


class TokenResponse(Schema):
    access_token: str
    token_type: str = "Bearer"
    expires_in: int


class VerificationRequest(Schema):
    """One person, as in a row of a bulk request file; invalid values are answered ``INVALID``."""

    purpose: str = Field(
        description="The purpose of the agency's agreement, e.g. benefit-eligibility"
    )
    on: str | None = Field(
        None, description="The day of the verification (YYYY-MM-DD); default today"
    )
    request_id: str | None = Field(None, description="The agency's own key, returned unchanged")
    first_name: str | None = None
    middle_name: str | None = None
    last_name: str | None = None
    dob: str | None = Field(None, description="YYYY-MM-DD or MM/DD/YYYY")
    ssn: str | None = None
    ssn_last4: str | None = None
    a_number: str | None = None
    certificate_number: str | None = None

    def request_fields(self) -> dict[str, str | None]:
        """The request columns, as ``verify one`` passes them on."""
        return self.model_dump(exclude={"purpose", "on"})


class VerificationResult(Schema):
    """The result columns of a bulk results file; fields the agreement does not grant are null."""

    request_id: str | None
    response_code: str | None
    status: str | None
    reason: str | None
    case_number: str | None
    ssa_as_of: str | None
    dhs_as_of: str | None
    evidence: str | None
    status_since: str | None


class JobAccepted(Schema):
    job_id: str
    state: str


class JobProgress(Schema):
    job_id: str
    state: str
    purpose: str
    on: str
    rows_total: int
    rows_done: int
    error: str = ""
    created_at: str
    updated_at: str


class Problem(Schema):
    """RFC 9457 problem details."""

    type: str
    title: str
    status: int
    detail: str


# --- cases -----------------------------------------------------------------------------------

_ON = "The day it was done (YYYY-MM-DD); default today, never later"


class CaseSummary(Schema):
    """A case as ``statusbridge cases list --json`` shows it."""

    case_number: str
    agency: str
    purpose: str
    request_id: str
    reason: str
    state: str
    opened_on: str | None
    due_on: str | None
    overdue: bool
    outcome: str | None
    status: str | None
    evidence: str | None
    determined_on: str | None
    notice_sent_on: str | None
    contest_until: str | None
    closed_on: str | None
    closure_reason: str | None
    ssa_as_of: str | None
    dhs_as_of: str | None
    next: list[str] = Field(description="The steps the lifecycle allows the case today")


class CaseDocumentInfo(Schema):
    id: int
    kind: str
    filename: str
    media_type: str
    size: int
    sha256: str
    uploaded_on: str | None
    uploaded_by: str


class CaseNoticeInfo(Schema):
    language: str
    sent_on: str | None
    sent_via: str
    contest_until: str | None


class CaseEventInfo(Schema):
    state: str
    action: str
    on: str | None
    by: str
    note: str


class CaseDetail(CaseSummary):
    """A case as ``statusbridge cases show --json`` shows it: history oldest first."""

    identity: dict[str, Any]
    documents: list[CaseDocumentInfo]
    notices: list[CaseNoticeInfo]
    history: list[CaseEventInfo]


class DocumentReceived(Schema):
    document: CaseDocumentInfo
    case: CaseDetail


class CaseStep(Schema):
    """Any step of a case: the day it was done and why."""

    on: str | None = Field(None, description=_ON)
    note: str | None = Field(None, description="Why, in a few words (kept in the history)")


class NotifyStep(CaseStep):
    via: str = Field("mail", description="How the notice was sent")


class CloseStep(CaseStep):
    reason: str = Field(description="Why the case is closed")


class RequestDocumentsStep(CaseStep):
    note: str = Field(description="What the person should provide")


class DetermineStep(CaseStep):
    outcome: str = Field(description="US_CITIZEN, US_NATIONAL, IMMIGRATION_STATUS or NOT_VERIFIED")
    status: str | None = Field(None, description="The immigration status, with IMMIGRATION_STATUS")
    evidence: str = Field(description="What the determination rests on")


class ResubmitRequest(Schema):
    """The request fields again, with more identifiers (a full SSN, an A-number)."""

    on: str | None = Field(None, description=_ON)
    first_name: str | None = None
    middle_name: str | None = None
    last_name: str | None = None
    dob: str | None = Field(None, description="YYYY-MM-DD or MM/DD/YYYY")
    ssn: str | None = None
    ssn_last4: str | None = None
    a_number: str | None = None
    certificate_number: str | None = None

    def request_fields(self) -> dict[str, str | None]:
        return self.model_dump(exclude={"on"})


class CorrectionSentInfo(Schema):
    """A correction sent to an agency that earlier received another answer (552a(c)(4))."""

    sent_on: str
    recipient: str
    purpose: str
    earlier_answer: str
    outcome: str
    status: str | None
    effective_on: str
    case_number: str
    ledger_sequence: int
