"""Running a bulk verification file: batches released one by one, resumable, then assembled.

Each batch is answered, its cases opened, its accounting entries recorded, its results written to
the job's directory and the job's progress advanced in one database transaction; a batch whose
transaction did not commit was never released and is simply done again. So after an interruption
(even ``kill -9``) the same command resumes where the last committed batch ended, and the
accounting holds exactly one entry per released result row. The results file appears, whole, only
when every batch is released.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import polars as pl
from django.db import transaction

from statusbridge import config
from statusbridge.bulk.models import BulkJob
from statusbridge.engine.schema import REQUEST_COLUMNS, RESULT_COLUMNS
from statusbridge.files import (
    BATCH_ROWS,
    Malformed,
    ResultWriter,
    count_rows,
    input_format,
    read_batches,
    sha256_of,
)
from statusbridge.verify import Verifier, request_frame

Progress = Callable[[int], None]
BATCH_ROWS_ENV = "STATUSBRIDGE_BATCH_ROWS"


@dataclass
class BulkSummary:
    job_id: str = ""
    rows: int = 0
    resumed_at: int = 0
    outcomes: Counter[str] = field(default_factory=Counter)
    ssa_as_of: str = ""
    dhs_as_of: str = ""


def batch_rows() -> int:
    raw = os.environ.get(BATCH_ROWS_ENV, "").strip()
    return int(raw) if raw.isdigit() and int(raw) > 0 else BATCH_ROWS


def _job(source: Path, out: Path, agency: str, purpose: str, on: date, rows: int) -> BulkJob:
    """The unfinished job for the same file, agency, purpose, day and results path, or a new one."""
    digest = sha256_of(source)
    found = BulkJob.objects.filter(
        source_sha256=digest,
        agency=agency,
        purpose=purpose,
        on=on,
        results_path=str(out.resolve()),
        state=BulkJob.State.RUNNING,
    ).first()
    return found or BulkJob.objects.create(
        job_id=uuid.uuid4().hex,
        agency=agency,
        purpose=purpose,
        on=on,
        source_name=source.name,
        source_sha256=digest,
        results_path=str(out.resolve()),
        rows_total=rows,
    )


def _job_dir(job: BulkJob) -> Path:
    path = config.data_home() / "jobs" / job.job_id
    path.mkdir(parents=True, exist_ok=True)
    return path


def _batch_path(job: BulkJob, index: int, suffix: str) -> Path:
    return _job_dir(job) / f"batch-{index:06d}{suffix}"


def run_bulk(
    source: Path,
    out: Path,
    agency: str,
    purpose: str,
    on: date,
    engine: str = "duckdb",
    spark_master: str | None = None,
    progress: Progress | None = None,
    rows_per_batch: int | None = None,
) -> BulkSummary:
    """Verify every row of ``source`` into ``out``; nothing is written if the run is refused."""
    input_format(source)
    ResultWriter(out, RESULT_COLUMNS)  # a bad results path fails before any work
    rows = count_rows(source)
    verifier = Verifier(agency, purpose, on, "bulk", engine, spark_master, rows=rows)
    job = _job(source, out, agency, purpose, on, rows)
    verifier.reference = job.job_id
    summary = BulkSummary(job_id=job.job_id, resumed_at=job.rows_done)
    try:
        _release_batches(verifier, job, source, out.suffix.lower(), rows_per_batch, progress)
        _assemble(job, out)
    finally:
        verifier.close()
    _summarize(out, summary)
    return summary


def _release_batches(
    verifier: Verifier,
    job: BulkJob,
    source: Path,
    suffix: str,
    rows_per_batch: int | None,
    progress: Progress | None,
) -> None:
    malformed: list[Malformed] = []
    batches = read_batches(source, REQUEST_COLUMNS, malformed, rows_per_batch or batch_rows())
    index = -1
    for index, raw in enumerate(batches):
        if index < job.batches_done:  # released before an interruption
            malformed.clear()
            continue
        _release(verifier, job, index, raw, malformed, suffix)
        malformed.clear()
        if progress:
            progress(job.rows_done)
    if malformed:  # lines met after the last batch was handed over
        _release(verifier, job, index + 1, request_frame({}).clear(), malformed, suffix)


def _release(
    verifier: Verifier,
    job: BulkJob,
    index: int,
    raw: pl.DataFrame,
    malformed: list[Malformed],
    suffix: str,
) -> None:
    target = _batch_path(job, index, suffix)

    def write(answers: pl.DataFrame) -> None:
        writer = ResultWriter(target, RESULT_COLUMNS)
        writer.write(answers)
        writer.commit()
        job.batches_done = index + 1
        job.rows_done += answers.height
        job.save(update_fields=["batches_done", "rows_done", "updated_at"])

    with transaction.atomic():
        verifier.answer(raw, list(malformed), on_release=write)


def _assemble(job: BulkJob, out: Path) -> None:
    """Join the released batches into the results file, atomically."""
    suffix = out.suffix.lower()
    parts = sorted(_job_dir(job).glob(f"batch-*{suffix}"))[: job.batches_done]
    partial = out.with_name(f".{out.name}.partial")
    try:
        if suffix == ".parquet":
            writer = ResultWriter(out, RESULT_COLUMNS)
            for part in parts:
                writer.write(pl.read_parquet(part))
            writer.commit()
        else:
            _concatenate_csv(parts, partial)
            partial.replace(out)
    finally:
        partial.unlink(missing_ok=True)
    with transaction.atomic():
        job.state = BulkJob.State.DONE
        job.save(update_fields=["state", "updated_at"])
    shutil.rmtree(_job_dir(job), ignore_errors=True)


def _concatenate_csv(parts: list[Path], target: Path) -> None:
    """The batches' CSV bytes one after another, with the header once."""
    with target.open("wb") as sink:
        for number, part in enumerate(parts):
            with part.open("rb") as source:
                header = source.readline()
                if number == 0:
                    sink.write(header)
                shutil.copyfileobj(source, sink, 1 << 20)


def _summarize(out: Path, summary: BulkSummary) -> None:
    frame = (
        pl.read_parquet(out, columns=["response_code", "ssa_as_of", "dhs_as_of"])
        if out.suffix.lower() == ".parquet"
        else pl.read_csv(
            out, columns=["response_code", "ssa_as_of", "dhs_as_of"], infer_schema=False
        )
    )
    summary.rows = frame.height
    summary.outcomes.update(frame["response_code"].to_list())
    if frame.height:
        summary.ssa_as_of = frame["ssa_as_of"].drop_nulls().first() or ""  # type: ignore[assignment]
        summary.dhs_as_of = frame["dhs_as_of"].drop_nulls().first() or ""  # type: ignore[assignment]
