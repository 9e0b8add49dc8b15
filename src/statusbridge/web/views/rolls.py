"""Upload a roll: an agency's request file queued as a bulk job, its progress, results and file.

An upload is queued by ``api.jobs.submit``, exactly as ``POST /api/v1/bulk-jobs`` queues it, and
run by a ``statusbridge worker`` process, never by the web process (unless
``STATUSBRIDGE_BULK_INLINE=1``). ``submit`` files a job under an API client; the web pages use
one stand-in client per agency, inactive and with no secret, so it can never get a token. A job's
page follows its progress with a small script that asks ``progress`` (the page never reloads
itself: WCAG 2.2.1); without script, a link asks again.

Every page asks the policy (``submit_bulk``, ``view_job``, ``download_results``); another
agency's job is "not found". This module must never show an upload's content, nor an SSN: the
results page shows result columns only, and the download is the API's very file.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, cast
from urllib.parse import urlencode

import polars as pl
from django.http import FileResponse, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect

from statusbridge import config
from statusbridge.accounts.policy import Action, agency_target, target_of
from statusbridge.api import jobs
from statusbridge.api.models import ApiBulkJob, ApiClient
from statusbridge.privacy.models import Agency, Agreement
from statusbridge.privacy.services import Refused
from statusbridge.web.access import NotFound, actor_of, permit
from statusbridge.web.pages import page, problem_page, staff_page

JOB_ID = re.compile(r"[0-9a-f]{32}")
PAGE_SIZE = 50
RECENT = 20
# How often a job page's script asks for progress; without script, the reader asks (a link).
POLL_MS = 2000
# Shown in a results table; the request's own identifiers are not (the agency holds them).
SHOWN = ("request_id", "response_code", "status", "reason", "case_number", "ssa_as_of", "dhs_as_of")
UNFINISHED = {ApiBulkJob.State.QUEUED, ApiBulkJob.State.RUNNING}
# The stand-in client's secret digest: not hexadecimal, so no secret's SHA-256 can equal it.
NO_SECRET = "-" * 64


def web_client(agency: str) -> ApiClient:
    """The agency's stand-in client for uploads made in the web pages.

    Its id does not have the form of an issued id and it is inactive, so the token endpoint
    never answers for it; jobs filed under it belong to the agency like any other.
    """
    found = Agency.objects.get(slug=agency)
    client, _ = ApiClient.objects.get_or_create(
        client_id=f"web-{found.pk}",
        defaults={"agency": found, "secret_sha256": NO_SECRET, "active": False},
    )
    return client


def _purposes(agency: str) -> list[str]:
    today = config.today()
    found = Agreement.objects.filter(
        agency__slug=agency, allows_bulk=True, valid_from__lte=today, valid_until__gte=today
    ).values_list("purpose", flat=True)
    return sorted(set(found))


def _job(request: HttpRequest, job_id: str, action: Action) -> ApiBulkJob:
    """The job, once the policy lets the signed-in person do ``action`` to it (else not found)."""
    job = (
        ApiBulkJob.objects.select_related("agency").filter(job_id=job_id).first()
        if JOB_ID.fullmatch(job_id)
        else None
    )
    if job is None:
        raise NotFound(job_id)
    permit(request, action, target_of(job))
    return job


def _no_job(request: HttpRequest) -> HttpResponse:
    message = "There is no such job, or it is not one your agency can see."
    return problem_page(request, 404, "Not found", message)


def _has_results(job: ApiBulkJob) -> bool:
    """As the API delivers them: a done job's, or the rows a failed job released."""
    ready = job.state == ApiBulkJob.State.DONE or job.state == ApiBulkJob.State.FAILED
    return ready and Path(job.results_path).is_file()


def _upload_page(
    request: HttpRequest, agency: str, status: int = 200, **extra: Any
) -> HttpResponse:
    recent = ApiBulkJob.objects.filter(agency__slug=agency).order_by("-created_at")[:RECENT]
    context = {"purposes": _purposes(agency), "jobs": recent, **extra}
    return page(request, "web/rolls/upload.html", context, status=status)


@staff_page
def upload(request: HttpRequest) -> HttpResponse:
    agency = actor_of(request).agency or ""
    permit(request, Action.SUBMIT_BULK, agency_target(agency))
    if request.method != "POST":
        return _upload_page(request, agency)
    purpose = request.POST.get("purpose", "")
    file = request.FILES.get("file")
    if purpose not in _purposes(agency):
        return _upload_page(request, agency, 422, error="Choose a purpose from the list.")
    if file is None:
        return _upload_page(request, agency, 422, error="Choose a .csv or .parquet file.")
    try:
        job = jobs.submit(web_client(agency), file, purpose, config.today())
    except (jobs.BadUpload, jobs.UploadTooLarge) as exc:
        return _upload_page(request, agency, 422, error=f"The file was not accepted: {exc}.")
    except Refused as exc:
        return _upload_page(request, agency, 403, error=f"Refused: {exc}")
    return redirect("web:roll", job_id=job.job_id)


def _progress(job: ApiBulkJob) -> dict[str, Any]:
    progress = jobs.progress(job)
    total, done = progress.rows_total, progress.rows_done
    if job.state == ApiBulkJob.State.DONE:
        done = total
    percent = 100 if total == 0 else min(100, done * 100 // total)
    return {"rows_total": total, "rows_done": done, "percent": percent}


@staff_page
def job_page(request: HttpRequest, job_id: str) -> HttpResponse:
    try:
        job = _job(request, job_id, Action.VIEW_JOB)
    except NotFound:
        return _no_job(request)
    context = {
        "job": job,
        "progress": _progress(job),
        "unfinished": job.state in UNFINISHED,
        "every_ms": POLL_MS,
        "has_results": _has_results(job),
    }
    return page(request, "web/rolls/job.html", context)


@staff_page
def progress(request: HttpRequest, job_id: str) -> HttpResponse:
    """The job's state and progress for its page's script (the same facts the page shows)."""
    try:
        job = _job(request, job_id, Action.VIEW_JOB)
    except NotFound:
        return JsonResponse({"detail": "no such job"}, status=404)
    answer = {
        "state": job.state,
        "state_label": job.get_state_display(),
        "error": job.error,
        "has_results": _has_results(job),
        **_progress(job),
    }
    return JsonResponse(answer, headers={"Cache-Control": "no-store"})


def _filtered(frame: pl.DataFrame, chosen: dict[str, str]) -> pl.DataFrame:
    if chosen["response_code"]:
        frame = frame.filter(pl.col("response_code") == chosen["response_code"])
    if chosen["reason"]:
        frame = frame.filter(pl.col("reason") == chosen["reason"])
    has_case = pl.col("case_number").fill_null("") != ""
    if chosen["case"] == "yes":
        frame = frame.filter(has_case)
    elif chosen["case"] == "no":
        frame = frame.filter(~has_case)
    return frame


def _page_number(raw: str, pages: int) -> int:
    return min(max(int(raw), 1), pages) if raw.isdigit() and len(raw) < 9 else 1


def _values(frame: pl.DataFrame, column: str) -> list[str]:
    return sorted(v for v in frame[column].unique().to_list() if v)


@staff_page
def results(request: HttpRequest, job_id: str) -> HttpResponse:
    try:
        job = _job(request, job_id, Action.VIEW_JOB)
    except NotFound:
        return _no_job(request)
    if not _has_results(job):
        return redirect("web:roll", job_id=job.job_id)
    frame = pl.read_csv(job.results_path, infer_schema=False, columns=list(SHOWN))
    chosen = {name: request.GET.get(name, "") for name in ("response_code", "reason", "case")}
    shown = _filtered(frame, chosen)
    pages = max(1, -(-shown.height // PAGE_SIZE))
    number = _page_number(request.GET.get("page", ""), pages)
    rows = shown.slice((number - 1) * PAGE_SIZE, PAGE_SIZE).fill_null("").to_dicts()
    query = urlencode({k: v for k, v in chosen.items() if v})
    context = {
        "job": job,
        "rows": rows,
        "chosen": chosen,
        "codes": _values(frame, "response_code"),
        "reasons": _values(frame, "reason"),
        "matched": shown.height,
        "total": frame.height,
        "number": number,
        "pages": pages,
        "query": query,
        "first_row": (number - 1) * PAGE_SIZE + 1 if rows else 0,
        "last_row": (number - 1) * PAGE_SIZE + len(rows),
    }
    return page(request, "web/rolls/results.html", context)


@staff_page
def download(request: HttpRequest, job_id: str) -> HttpResponse:
    try:
        job = _job(request, job_id, Action.DOWNLOAD_RESULTS)
    except NotFound:
        return _no_job(request)
    if not _has_results(job):
        message = f"The job is {job.get_state_display().lower()}: its results are not ready."
        return problem_page(request, 409, "Not ready", message)
    # Streamed, as the API streams it (a roll's results can be large); the page wrapper only
    # passes the response on, so its HttpResponse bound is a typing matter.
    streamed = FileResponse(
        Path(job.results_path).open("rb"),  # noqa: SIM115  (FileResponse closes it)
        content_type="text/csv; charset=utf-8",
        as_attachment=True,
        filename=f"{job.job_id}-results.csv",
    )
    return cast(HttpResponse, streamed)
