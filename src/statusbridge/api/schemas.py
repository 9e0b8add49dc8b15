"""The API's request and response bodies, as they appear in the OpenAPI document."""

from __future__ import annotations

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
