"""The v1 endpoints: token, verifications, bulk jobs, and the OpenAPI document (cases: ``cases``).

A view authenticates, hands the request to ``Verifier`` or ``jobs`` and shapes the answer; it
decides nothing about a person itself and must never log what a request carried.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from ninja import File, Form, NinjaAPI, Status, UploadedFile

from statusbridge.accounts.policy import Action, target_of
from statusbridge.api import handlers, jobs
from statusbridge.api.access import needs, own_agency, permit, public
from statusbridge.api.auth import BearerToken, basic_credentials, client_of
from statusbridge.api.bodies import TextParser
from statusbridge.api.cases import router as cases_router
from statusbridge.api.credentials import authenticate_client, issue_token
from statusbridge.api.handlers import InvalidField
from statusbridge.api.models import ApiBulkJob
from statusbridge.api.problems import MEDIA_TYPE, problem
from statusbridge.api.rates import ClientRate, TokenRate
from statusbridge.api.schemas import (
    JobAccepted,
    JobProgress,
    Problem,
    TokenResponse,
    VerificationRequest,
    VerificationResult,
)
from statusbridge.command import Failure, parse_past_day
from statusbridge.engine.schema import RESULT_COLUMNS
from statusbridge.verify import Verifier, request_frame


class StatusbridgeApi(NinjaAPI):
    def get_openapi_schema(self, **kwargs: Any) -> Any:
        """Ninja's document, with error bodies typed as problem details."""
        schema = super().get_openapi_schema(**kwargs)
        for item in schema["paths"].values():
            for operation in item.values():
                for code, response in operation.get("responses", {}).items():
                    content = response.get("content", {})
                    if int(code) >= 400 and "application/json" in content:
                        response["content"] = {MEDIA_TYPE: content["application/json"]}
        return schema


api = StatusbridgeApi(
    title="statusbridge",
    version="1",
    description="Citizenship and immigration status verification (see docs/api.md).",
    urls_namespace="api-v1",
    openapi_url="/openapi.json",
    docs_url=None,
    auth=BearerToken(),
    parser=TextParser(),
    throttle=[ClientRate()],
)
handlers.install(api)
api.add_router("/", cases_router)

JOB_ID = re.compile(r"[0-9a-f]{32}")
PROBLEMS: dict[int, Any] = {401: Problem, 422: Problem, 429: Problem}
CSV_RESULTS = {
    "responses": {
        "200": {
            "description": "The results file: one row per request row.",
            "content": {"text/csv": {"schema": {"type": "string"}}},
        }
    }
}


def _day(value: str | None) -> date:
    try:
        return parse_past_day(value)
    except Failure as exc:
        raise InvalidField("on", exc.message) from exc


def _job(request: HttpRequest, job_id: str, view: Any) -> ApiBulkJob:
    """The job, once the policy lets the caller do the view's action to it (else 404)."""
    # Only ids of the form jobs make reach the database: a NUL in a path fails PostgreSQL's text.
    if not JOB_ID.fullmatch(job_id):
        raise Http404("no such job")
    job = ApiBulkJob.objects.select_related("agency").filter(job_id=job_id).first()
    if job is None:
        raise Http404(job_id)
    permit(request, view, target_of(job))
    return job


def _oauth_problem(status: int, error: str, detail: str) -> HttpResponse:
    headers = {"Cache-Control": "no-store"}
    if status == 401:
        headers["WWW-Authenticate"] = 'Basic realm="statusbridge"'
    return problem(status, detail, error.replace("_", "-"), headers, error=error)


@api.post(
    "/oauth/token",
    auth=None,
    throttle=[TokenRate()],
    response={200: TokenResponse, 400: Problem, 401: Problem, 429: Problem},
    tags=["auth"],
    summary="Get an access token (OAuth 2.0 client credentials)",
)
@public
def token(
    request: HttpRequest,
    grant_type: Form[str] = "",
    client_id: Form[str] = "",
    client_secret: Form[str] = "",
) -> HttpResponse:
    if grant_type != "client_credentials":
        error = "unsupported_grant_type" if grant_type else "invalid_request"
        return _oauth_problem(400, error, "grant_type must be client_credentials")
    client_id, client_secret = basic_credentials(request) or (client_id, client_secret)
    client = authenticate_client(client_id, client_secret)
    if client is None:
        return _oauth_problem(401, "invalid_client", "unknown client or wrong secret")
    issued = issue_token(client)
    data = {
        "access_token": issued.access_token,
        "token_type": "Bearer",
        "expires_in": issued.expires_in,
    }
    response = api.create_response(request, data, status=200)
    response["Cache-Control"] = "no-store"
    return response


@api.post(
    "/verifications",
    response={200: VerificationResult, 403: Problem, **PROBLEMS},
    tags=["verifications"],
    summary="Verify one person",
)
@needs(Action.VERIFY)
def verifications(request: HttpRequest, body: VerificationRequest) -> dict[str, Any]:
    """Answered exactly as ``statusbridge verify one`` answers the same fields."""
    permit(request, verifications, own_agency(request))
    agency = client_of(request).acting_agency().slug
    verifier = Verifier(agency, body.purpose, _day(body.on), "single")
    try:
        answer = verifier.answer(request_frame(body.request_fields()))
    finally:
        verifier.close()
    result: dict[str, Any] = answer.select(RESULT_COLUMNS).row(0, named=True)
    return result


@api.post(
    "/bulk-jobs",
    response={202: JobAccepted, 400: Problem, 403: Problem, 413: Problem, **PROBLEMS},
    tags=["bulk jobs"],
    summary="Submit a request file (CSV or Parquet) for bulk verification",
)
@needs(Action.SUBMIT_BULK)
def create_bulk_job(
    request: HttpRequest,
    file: File[UploadedFile],
    purpose: Form[str],
    on: Form[str | None] = None,
) -> Status[Any]:
    permit(request, create_bulk_job, own_agency(request))
    key = jobs.idempotency_key(request.headers.get("Idempotency-Key"))
    job = jobs.submit(client_of(request), file, purpose, _day(on), key)
    job.refresh_from_db(fields=["state"])
    return Status(202, {"job_id": job.job_id, "state": job.state})


@api.get(
    "/bulk-jobs/{job_id}",
    response={200: JobProgress, 404: Problem, **PROBLEMS},
    tags=["bulk jobs"],
    summary="A bulk job's state and progress",
)
@needs(Action.VIEW_JOB)
def bulk_job(request: HttpRequest, job_id: str) -> dict[str, Any]:
    job = _job(request, job_id, bulk_job)
    progress = jobs.progress(job)
    return {
        "job_id": job.job_id,
        "state": job.state,
        "purpose": job.purpose,
        "on": job.on.isoformat(),
        "rows_total": progress.rows_total,
        "rows_done": progress.rows_done,
        "error": job.error,
        "created_at": job.created_at.isoformat(timespec="seconds"),
        "updated_at": job.updated_at.isoformat(timespec="seconds"),
    }


@api.get(
    "/bulk-jobs/{job_id}/results",
    response={404: Problem, 409: Problem, **PROBLEMS},
    tags=["bulk jobs"],
    summary="A finished bulk job's results file (CSV); a failed job's holds the rows released",
    openapi_extra=CSV_RESULTS,
)
@needs(Action.DOWNLOAD_RESULTS)
def bulk_job_results(request: HttpRequest, job_id: str) -> HttpResponse | FileResponse:
    job = _job(request, job_id, bulk_job_results)
    # A failed job delivers the rows it released (and accounted) before it stopped.
    delivered = job.state == ApiBulkJob.State.FAILED and Path(job.results_path).is_file()
    if job.state != ApiBulkJob.State.DONE and not delivered:
        detail = f"the job is {job.state}" + (f": {job.error}" if job.error else "")
        return problem(409, detail, "results-not-ready")
    results = Path(job.results_path)
    if not results.is_file():
        raise Http404(job_id)
    return FileResponse(
        results.open("rb"),
        content_type="text/csv; charset=utf-8",
        as_attachment=True,
        filename=f"{job.job_id}-results.csv",
    )
