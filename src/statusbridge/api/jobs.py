"""Bulk jobs over HTTP: keep the upload, authorize up front, run ``run_bulk`` in the background.

A job runs on a small pool of worker threads in the server process (``STATUSBRIDGE_BULK_WORKERS``),
or in the request itself when ``STATUSBRIDGE_BULK_INLINE=1`` (tests, tiny deployments). Because
``run_bulk`` resumes an unfinished run of the same file, agency, purpose, day and results path,
a server restart simply starts the unfinished jobs again (``resume_unfinished``).

An upload holds raw SSNs: it is stored owner-only and deleted as soon as its job ends. This module
must never show a job to a client of another agency, nor put an upload's content in a log.
"""

from __future__ import annotations

import os
import shutil
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow as pa
from django.core.files.uploadedfile import UploadedFile
from django.db import connections, transaction

from statusbridge import config
from statusbridge.api.models import ApiBulkJob, ApiClient
from statusbridge.api.problems import log_failure, masked
from statusbridge.bulk.models import BulkJob
from statusbridge.bulk.run import JobFailed, JobRefused, run_bulk
from statusbridge.engine.schema import REQUEST_COLUMNS
from statusbridge.files import InputError, survey
from statusbridge.privacy.services import Refused, authorize

MAX_UPLOAD_ENV = "STATUSBRIDGE_MAX_UPLOAD_MB"
INLINE_ENV = "STATUSBRIDGE_BULK_INLINE"
WORKERS_ENV = "STATUSBRIDGE_BULK_WORKERS"
DEFAULT_MAX_UPLOAD_MB = 2048
SUFFIXES = (".csv", ".parquet")
_pool: ThreadPoolExecutor | None = None
_pool_lock = threading.Lock()


class UploadTooLarge(Exception):
    """The upload is larger than ``STATUSBRIDGE_MAX_UPLOAD_MB``."""


class BadUpload(Exception):
    """The upload is not a request file statusbridge can read."""


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


def _rows(source: Path) -> int:
    """The records the upload holds; one that cannot be read as its format says is refused
    here, at upload (the reason never quotes the file)."""
    try:
        return survey(source, REQUEST_COLUMNS).rows
    except InputError as exc:
        raise BadUpload(f"file: {exc}") from exc


def submit(client: ApiClient, upload: UploadedFile[Any], purpose: str, on: date) -> ApiBulkJob:
    """Store and authorize the upload, then queue its job; nothing is kept if either fails."""
    job_id = uuid.uuid4().hex
    folder = _uploads() / job_id
    folder.mkdir(mode=0o700)
    try:
        source = _store(upload, folder)
        rows = _rows(source)
        authorize(client.agency.slug, purpose, on, "bulk", rows)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    job = ApiBulkJob.objects.create(
        job_id=job_id,
        client=client,
        agency=client.agency,
        purpose=purpose,
        on=on,
        upload_path=str(source.resolve()),
        results_path=str((folder / "results.csv").resolve()),
        rows_total=rows,
    )
    start(job)
    return job


def start(job: ApiBulkJob) -> None:
    """Run the job now (inline mode) or once its row is committed, on a worker thread."""
    if os.environ.get(INLINE_ENV, "").strip() == "1":
        run_job(job.job_id)
        return
    job_id = job.job_id
    transaction.on_commit(lambda: _pool_executor().submit(_run_in_thread, job_id))


def _pool_executor() -> ThreadPoolExecutor:
    global _pool
    with _pool_lock:
        if _pool is None:
            workers = _positive_env(WORKERS_ENV, 1)
            _pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="bulk-job")
        return _pool


def _run_in_thread(job_id: str) -> None:
    # Django opens one connection per thread; a worker must close its own.
    try:
        run_job(job_id)
    except Exception as exc:
        log_failure(f"bulk job {job_id}", exc)
    finally:
        connections.close_all()


def run_job(job_id: str) -> None:
    """Run one job to its end, recording ``done`` or ``failed``; the upload goes either way.

    A failed job keeps the rows it released: its results file holds them, and its error says
    from which row it stopped. A job another runner holds is left to that runner.
    """
    job = ApiBulkJob.objects.select_related("agency").get(job_id=job_id)
    _set_state(job, ApiBulkJob.State.RUNNING)
    try:
        summary = run_bulk(
            Path(job.upload_path), Path(job.results_path), job.agency.slug, job.purpose, job.on
        )
    except JobRefused:
        return  # the runner holding it records the end and removes the upload
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


def resume_unfinished() -> int:
    """Start again every job a stopped server left unfinished; the number started."""
    started = 0
    unfinished = ApiBulkJob.objects.filter(
        state__in=[ApiBulkJob.State.QUEUED, ApiBulkJob.State.RUNNING]
    )
    for job in unfinished:
        if Path(job.upload_path).is_file():
            start(job)
            started += 1
        else:
            _set_state(job, ApiBulkJob.State.FAILED, "the upload was lost; submit it again")
    return started


def find(client: ApiClient, job_id: str) -> ApiBulkJob | None:
    """The job, if it belongs to the client's agency."""
    return ApiBulkJob.objects.filter(job_id=job_id, agency_id=client.agency_id).first()


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
