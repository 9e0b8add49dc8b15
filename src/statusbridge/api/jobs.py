"""Bulk jobs over HTTP: keep the upload, authorize up front, queue it for a worker.

The server runs no job: an upload is stored and its job ``queued``; ``statusbridge worker``
processes (``bulk.worker``) take queued jobs and run them here, in ``run_job``. Only with
``STATUSBRIDGE_BULK_INLINE=1`` (tests, tiny deployments) does the upload request run its job
itself. An upload sent with an ``Idempotency-Key`` makes one job per key and client: sent again,
the same job is answered; another file under the same key is refused.

An upload holds raw SSNs: it is stored owner-only and deleted as soon as its job ends. This module
must never show a job to a client of another agency, nor put an upload's content in a log.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import uuid
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow as pa
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction

from statusbridge import config
from statusbridge.api.models import ApiBulkJob, ApiClient
from statusbridge.api.problems import log_failure, masked
from statusbridge.bulk.models import BulkJob, Submission
from statusbridge.bulk.run import JobFailed, JobRefused, JobStopped, run_bulk
from statusbridge.engine.schema import REQUEST_COLUMNS
from statusbridge.files import InputError, survey
from statusbridge.privacy.services import Refused, authorize

MAX_UPLOAD_ENV = "STATUSBRIDGE_MAX_UPLOAD_MB"
DEFAULT_MAX_UPLOAD_MB = 2048
SUFFIXES = (".csv", ".parquet")
MAX_KEY = 200


class UploadTooLarge(Exception):
    """The upload is larger than ``STATUSBRIDGE_MAX_UPLOAD_MB``."""


class BadUpload(Exception):
    """The upload is not a request file statusbridge can read."""


class KeyReused(BadUpload):
    """An ``Idempotency-Key`` the client already used for another file, purpose or day."""


@dataclass(frozen=True)
class Progress:
    rows_total: int
    rows_done: int


def _positive_env(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    return int(raw) if raw.isdigit() and int(raw) > 0 else default


def max_upload_bytes() -> int:
    return _positive_env(MAX_UPLOAD_ENV, DEFAULT_MAX_UPLOAD_MB) * 1024 * 1024


def _uploads() -> Path:
    path = config.data_home() / "uploads"
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def _store(upload: UploadedFile[Any], folder: Path) -> Path:
    """Write the upload owner-only into ``folder``, stopping at the size limit."""
    suffix = Path(upload.name or "").suffix.lower()
    if suffix not in SUFFIXES:
        raise BadUpload("file: expected a .csv or .parquet file name")
    target = folder / f"requests{suffix}"
    limit, size = max_upload_bytes(), 0
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as sink:
        for chunk in upload.chunks():
            size += len(chunk)
            if size > limit:
                raise UploadTooLarge(f"the file is larger than {limit // (1024 * 1024)} MB")
            sink.write(chunk)
    return target


def _survey(source: Path) -> tuple[int, str]:
    """The records the upload holds and its SHA-256; one that cannot be read as its format says
    is refused here, at upload (the reason never quotes the file)."""
    try:
        plan = survey(source, REQUEST_COLUMNS)
    except InputError as exc:
        raise BadUpload(f"file: {exc}") from exc
    return plan.rows, plan.sha256


def idempotency_key(header: str | None) -> str | None:
    """The ``Idempotency-Key`` header's value, or None when absent; refused when unusable."""
    if header is None:
        return None
    key = header.strip()
    if not key or len(key) > MAX_KEY or not key.isprintable():
        raise BadUpload(f"Idempotency-Key: expected 1 to {MAX_KEY} printable characters")
    return key


def submit(
    client: ApiClient,
    upload: UploadedFile[Any],
    purpose: str,
    on: date,
    key: str | None = None,
) -> ApiBulkJob:
    """Store and authorize the upload, then queue its job; nothing is kept if either fails.

    With ``key`` (the request's ``Idempotency-Key``) the client's earlier job under that key is
    answered instead, when it was made from the same file, purpose and day.
    """
    job_id = uuid.uuid4().hex
    folder = _uploads() / job_id
    folder.mkdir(mode=0o700)
    try:
        source = _store(upload, folder)
        rows, sha256 = _survey(source)
        fingerprint = hashlib.sha256(f"{sha256}|{purpose}|{on.isoformat()}".encode()).hexdigest()
        earlier = _earlier(client, key, fingerprint) if key else None
        if earlier is not None:
            shutil.rmtree(folder, ignore_errors=True)
            return earlier
        authorize(client.acting_agency().slug, purpose, on, "bulk", rows)
        job = _queue(client, key, fingerprint, job_id, purpose, on, source, rows)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    if job.job_id != job_id:  # the same key, sent twice at once: the other request's job
        shutil.rmtree(folder, ignore_errors=True)
    elif config.bulk_inline():
        run_job(job.job_id)
    return job


def _earlier(client: ApiClient, key: str, fingerprint: str) -> ApiBulkJob | None:
    """The job the client made under ``key``; refused when the key stood for another upload."""
    found = Submission.objects.filter(client_id=client.client_id, key=key).first()
    if found is None:
        return None
    if found.fingerprint != fingerprint:
        raise KeyReused(
            "Idempotency-Key: this key was used for another file, purpose or day; use a new key"
        )
    return ApiBulkJob.objects.get(job_id=found.job_id)


def _queue(
    client: ApiClient,
    key: str | None,
    fingerprint: str,
    job_id: str,
    purpose: str,
    on: date,
    source: Path,
    rows: int,
) -> ApiBulkJob:
    """The queued job, with its key in the same transaction: one job per key and client."""
    try:
        with transaction.atomic():
            if key:
                Submission.objects.create(
                    client_id=client.client_id, key=key, fingerprint=fingerprint, job_id=job_id
                )
            return ApiBulkJob.objects.create(
                job_id=job_id,
                client=client,
                agency=client.acting_agency(),
                purpose=purpose,
                on=on,
                upload_path=str(source.resolve()),
                results_path=str((source.parent / "results.csv").resolve()),
                rows_total=rows,
            )
    except IntegrityError:
        if not key:
            raise
        earlier = _earlier(client, key, fingerprint)
        if earlier is None:
            raise
        return earlier


def run_job(job_id: str, should_stop: Any = None, resume_only: bool = False) -> None:
    """Run one job to its end, recording ``done`` or ``failed``; the upload goes either way.

    A failed job keeps the rows it released: its results file holds them, and its error says
    from which row it stopped. A job another runner holds is left to that runner. Asked to stop
    (``should_stop``, between batches), the job is queued again for any worker to resume;
    ``resume_only`` is passed on to ``run_bulk``.
    """
    job = ApiBulkJob.objects.select_related("agency").get(job_id=job_id)
    unfinished = [ApiBulkJob.State.QUEUED, ApiBulkJob.State.RUNNING]
    if not ApiBulkJob.objects.filter(pk=job.pk, state__in=unfinished).update(
        state=ApiBulkJob.State.RUNNING
    ):
        return  # another runner ended it meanwhile
    try:
        summary = run_bulk(
            Path(job.upload_path),
            Path(job.results_path),
            job.agency.slug,
            job.purpose,
            job.on,
            should_stop=should_stop,
            resume_only=resume_only,
        )
    except JobRefused:
        return  # the runner holding it records the end and removes the upload
    except JobStopped:
        _set_state(job, ApiBulkJob.State.QUEUED)
        return
    except Refused as exc:
        _set_state(job, ApiBulkJob.State.FAILED, f"refused: {exc}")
    except JobFailed as exc:
        kept = f"; rows 1 to {exc.released:,} are in the results" if exc.released else ""
        reason = masked(f"stopped at row {exc.row:,}: {exc.reason}")
        _set_state(job, ApiBulkJob.State.FAILED, (reason[: 500 - len(kept)] + kept))
    except (InputError, ValueError, pa.ArrowException) as exc:
        _set_state(job, ApiBulkJob.State.FAILED, masked(str(exc))[:500])
    except Exception as exc:
        log_failure(f"bulk job {job_id}", exc)
        _set_state(job, ApiBulkJob.State.FAILED, "the job failed on the server; submit it again")
    else:
        job.bulk_job_id = summary.job_id
        _set_state(job, ApiBulkJob.State.DONE)
    Path(job.upload_path).unlink(missing_ok=True)


def _set_state(job: ApiBulkJob, state: str, error: str = "") -> None:
    job.state = state
    job.error = error
    job.save(update_fields=["state", "error", "bulk_job_id", "updated_at"])


def progress(job: ApiBulkJob) -> Progress:
    """Rows counted and rows released, from the bulk run behind the job."""
    runs = (
        BulkJob.objects.filter(job_id=job.bulk_job_id)
        if job.bulk_job_id
        else BulkJob.objects.filter(results_path=job.results_path)
    )
    run = runs.order_by("-created_at").first()
    if run is None:
        return Progress(rows_total=job.rows_total, rows_done=0)
    return Progress(rows_total=run.rows_total, rows_done=run.rows_done)
