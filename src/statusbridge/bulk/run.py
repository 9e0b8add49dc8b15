"""Running a bulk verification file: batches released one by one, resumable, then assembled.

The file is surveyed first (``files.survey``): one that cannot be read as its format says is
refused before anything is answered. Each batch is then answered, its cases opened, its
accounting entries recorded, its results written to the job's directory and the job's progress
advanced in one database transaction; a batch whose transaction did not commit was never
released and is simply done again. So after an interruption (even ``kill -9``) the same command
resumes where the last committed batch ended, cutting the file into the batches the job was
created with, and the accounting holds exactly one entry per released result row.

One runner at a time holds a job: its lease in the database, taken and renewed only by
conditional updates, so a second run of the same command is refused while the first is alive,
and a runner that lost its lease can release nothing more. The results file is assembled from
released batches only, so it is always whole. A job that cannot go on ends ``failed``, says from
which row, and delivers the rows it released: no answer is accounted that is not delivered.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import polars as pl
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from statusbridge import config
from statusbridge.bulk.models import BulkJob
from statusbridge.engine.schema import REQUEST_COLUMNS, RESULT_COLUMNS, ResponseCode
from statusbridge.files import BATCH_ROWS, InputError, ResultWriter, Survey, read_batches, survey
from statusbridge.verify import Prepared, Verifier

Progress = Callable[[int], None]
BATCH_ROWS_ENV = "STATUSBRIDGE_BATCH_ROWS"
# Renewed with every released batch; a runner on another machine that dies silently is taken
# over once it runs out. A dead runner on this machine is taken over at once.
LEASE = timedelta(minutes=10)


class JobRefused(ValueError):
    """Another runner holds the job: nothing was done."""


class JobFailed(ValueError):
    """The job cannot go on: it ended ``failed``, keeping (and delivering) what it released."""

    def __init__(self, job_id: str, row: int, reason: str, released: int) -> None:
        self.job_id, self.row, self.reason, self.released = job_id, row, reason, released
        kept = f"; rows 1 to {released:,} were answered and delivered" if released else ""
        super().__init__(f"job {job_id} stopped at row {row:,}: {reason}{kept}")


class JobStopped(Exception):
    """The runner was asked to stop: it let the job go between two batches, nothing lost."""


class _LeaseLost(Exception):
    """Another runner took the job over: this one must release nothing more."""


@dataclass
class BulkSummary:
    job_id: str = ""
    rows: int = 0
    resumed_at: int = 0
    outcomes: Counter[str] = field(default_factory=Counter)
    ssa_as_of: str = ""
    dhs_as_of: str = ""

    @property
    def invalid(self) -> int:
        return self.outcomes[ResponseCode.INVALID.value]

    @property
    def answered(self) -> int:
        return self.rows - self.invalid


def batch_rows() -> int:
    raw = os.environ.get(BATCH_ROWS_ENV, "").strip()
    return int(raw) if raw.isdigit() and int(raw) > 0 else BATCH_ROWS


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
    should_stop: Callable[[], bool] | None = None,
    resume_only: bool = False,
) -> BulkSummary:
    """Verify every row of ``source`` into ``out``; nothing is written if the run is refused.

    ``rows_per_batch`` (else ``STATUSBRIDGE_BATCH_ROWS``) applies to a new job only: a resumed
    job keeps the batch size it was created with. ``should_stop`` is asked between batches: when
    it says yes the lease is let go and ``JobStopped`` raised, the job left to resume. With
    ``resume_only`` an unfinished job of the same run is resumed, never a new one made (a
    worker taking up a job whose runner died must not verify a finished file again).
    """
    plan = survey(source, REQUEST_COLUMNS)  # a file that cannot be read is refused here
    ResultWriter(out, RESULT_COLUMNS)  # a bad results path fails before any work
    run = _run_of(plan, out, agency, purpose, on)
    _refuse_if_held(run, out)  # before anything is written: the holder may be mid-transaction
    verifier = Verifier(agency, purpose, on, "bulk", engine, spark_master, rows=plan.rows)
    try:
        job = _job(run, plan, source, rows_per_batch or batch_rows(), create=not resume_only)
        verifier.reference = job.job_id
        summary = BulkSummary(job_id=job.job_id, resumed_at=job.rows_done)
        with _lease(job, out) as owner:
            try:
                _release_batches(
                    verifier, job, owner, source, plan, out.suffix.lower(), progress, should_stop
                )
                if job.rows_done != plan.rows:
                    raise InputError(f"{plan.rows:,} rows were counted but {job.rows_done:,} read")
                _assemble(job, out)
            except JobStopped:
                raise
            except _LeaseLost as exc:
                raise JobRefused(f"job {job.job_id} was taken over by another runner") from exc
            except Exception as exc:
                raise _fail(job, owner, out, exc) from exc
            _finish(job, owner)
    finally:
        verifier.close()
    _summarize(out, summary)
    return summary


def _run_of(plan: Survey, out: Path, agency: str, purpose: str, on: date) -> dict[str, object]:
    """What makes two runs the same job: file, agency, purpose, day and results path."""
    return {
        "source_sha256": plan.sha256,
        "agency": agency,
        "purpose": purpose,
        "on": on,
        "results_path": str(out.resolve()),
    }


def _job(
    run: dict[str, object], plan: Survey, source: Path, rows: int, create: bool = True
) -> BulkJob:
    """The unfinished job of the same run, or (when ``create``) a new one."""
    found = BulkJob.objects.filter(**run, state=BulkJob.State.RUNNING).first()
    if found is not None:
        return found
    if not create:
        raise JobRefused("the job is no longer unfinished: another runner ended it")
    try:
        with transaction.atomic():
            return BulkJob.objects.create(
                **run,
                job_id=uuid.uuid4().hex,
                source_name=source.name[:500],
                rows_total=plan.rows,
                batch_rows=rows,
            )
    except IntegrityError:  # the same command, started at the same moment, made it first
        return BulkJob.objects.get(**run, state=BulkJob.State.RUNNING)


# --- the lease -------------------------------------------------------------------------------

_SEPARATOR = "|"


def _process_started(pid: int) -> str:
    """The process's start time in clock ticks (Linux), so a reused pid is not taken for it."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return ""
    return stat.rsplit(")", 1)[1].split()[19]


def _runner() -> str:
    pid = os.getpid()
    parts = (socket.gethostname(), str(pid), _process_started(pid), str(threading.get_ident()))
    return _SEPARATOR.join(parts)


def _gone(holder: str) -> bool:
    """Whether the runner is known to be dead: a process of this machine that no longer runs."""
    parts = holder.split(_SEPARATOR)
    if len(parts) != 4 or parts[0] != socket.gethostname() or not parts[1].isdigit():
        return False  # another machine's runner: its lease must run out
    pid, started = int(parts[1]), parts[2]
    if started:
        return _process_started(pid) != started
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def _describe(holder: str) -> str:
    parts = holder.split(_SEPARATOR)
    return f"process {parts[1]} on {parts[0]}" if len(parts) == 4 else "another runner"


@contextmanager
def _lease(job: BulkJob, out: Path) -> Iterator[str]:
    """Hold the job for this runner until the block ends (or the process dies)."""
    owner = _take(job, out)
    try:
        yield owner
    finally:
        BulkJob.objects.filter(pk=job.pk, lease_owner=owner).update(
            lease_owner="", lease_expires=None
        )


def _held(job: BulkJob) -> bool:
    """Whether a live runner holds the job's lease."""
    expires = job.lease_expires
    live = bool(job.lease_owner) and expires is not None and expires >= timezone.now()
    return live and not _gone(job.lease_owner)


def _refuse_if_held(run: dict[str, object], out: Path) -> None:
    job = BulkJob.objects.filter(**run, state=BulkJob.State.RUNNING).first()
    if job is not None and _held(job):
        raise _held_by_another(job, out)


def _take(job: BulkJob, out: Path) -> str:
    job.refresh_from_db()
    if _held(job):
        raise _held_by_another(job, out)
    owner, now = _runner(), timezone.now()
    claimable = Q(lease_owner="") | Q(lease_expires__lt=now)
    if job.lease_owner:
        claimable |= Q(lease_owner=job.lease_owner)  # the one seen dead or expired just now
    taken = BulkJob.objects.filter(claimable, pk=job.pk, state=BulkJob.State.RUNNING).update(
        lease_owner=owner, lease_expires=now + LEASE
    )
    if taken != 1:
        job.refresh_from_db()
        raise _held_by_another(job, out)
    job.lease_owner = owner
    return owner


def _held_by_another(job: BulkJob, out: Path) -> JobRefused:
    if job.state == BulkJob.State.DONE:
        return JobRefused(f"job {job.job_id} was just finished by another run: see {out}")
    return JobRefused(
        f"job {job.job_id} for this file is being run by {_describe(job.lease_owner)}"
        f" (it writes {out.name}); run this again only if that one stops"
    )


# --- batches ---------------------------------------------------------------------------------


def _job_dir(job: BulkJob) -> Path:
    path = config.data_home() / "jobs" / job.job_id
    path.mkdir(parents=True, exist_ok=True)
    return path


def _batch_path(job: BulkJob, index: int, suffix: str) -> Path:
    return _job_dir(job) / f"batch-{index:06d}{suffix}"


def _release_batches(
    verifier: Verifier,
    job: BulkJob,
    owner: str,
    source: Path,
    plan: Survey,
    suffix: str,
    progress: Progress | None,
    should_stop: Callable[[], bool] | None = None,
) -> None:
    """Release the job's batches in order, each prepared (matched and decided) in a second
    thread while the one before it is released: the matching is mostly work outside the
    interpreter lock (DuckDB, polars), the release mostly the database's, so on two cores
    they overlap. Only the releasing thread touches the database; at most one batch waits."""
    # The job's own batch size, whatever STATUSBRIDGE_BATCH_ROWS says now: the batches released
    # before an interruption are skipped by number, so they must be cut the same way.
    batches = read_batches(source, REQUEST_COLUMNS, job.batch_rows, plan)
    unreleased = ((i, raw) for i, raw in enumerate(batches) if i >= job.batches_done)
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="prepare") as preparing:
        # The file is read in the preparing thread too: a batch that cannot be read fails only
        # once every batch before it has been released, as it would one batch at a time.
        ahead = preparing.submit(_prepare_next, verifier, unreleased)
        while (ready := ahead.result()) is not None:
            ahead = preparing.submit(_prepare_next, verifier, unreleased)
            if should_stop is not None and should_stop():
                raise JobStopped(f"job {job.job_id} let go after {job.rows_done:,} rows")
            _release(verifier, job, owner, *ready, suffix)
            if progress:
                progress(job.rows_done)


def _prepare_next(
    verifier: Verifier, unreleased: Iterator[tuple[int, pl.DataFrame]]
) -> tuple[int, Prepared] | None:
    """The next unreleased batch, prepared; None at the end of the file."""
    for index, raw in unreleased:
        return index, verifier.prepare(raw)
    return None


def _release(
    verifier: Verifier, job: BulkJob, owner: str, index: int, prepared: Prepared, suffix: str
) -> None:
    target = _batch_path(job, index, suffix)
    staged = target.with_name(f"{target.stem}.{uuid.uuid4().hex[:8]}{suffix}")

    def write(answers: pl.DataFrame) -> None:
        writer = ResultWriter(staged, RESULT_COLUMNS)
        writer.write(answers)
        writer.commit()
        # Progress moves only for the lease holder and only from this batch: a runner that was
        # taken over, or a batch released meanwhile, rolls the whole batch back.
        now = timezone.now()
        advanced = BulkJob.objects.filter(
            pk=job.pk, lease_owner=owner, batches_done=index, state=BulkJob.State.RUNNING
        ).update(
            batches_done=index + 1,
            rows_done=F("rows_done") + answers.height,
            lease_expires=now + LEASE,
            updated_at=now,
        )
        if advanced != 1:
            raise _LeaseLost()
        staged.replace(target)  # under the job row's lock, so no other runner writes it

    try:
        # ``release`` commits in its own transaction, around the writes alone: an outer one here
        # would hold SQLite's write lock through the whole batch's matching as well, and every
        # single verification meanwhile would wait for it (p99 15 s at 100,000-row batches).
        verifier.release(prepared, on_release=write)
    finally:
        staged.unlink(missing_ok=True)
    job.refresh_from_db(fields=["batches_done", "rows_done"])


# --- the end of a job ------------------------------------------------------------------------


def _assemble(job: BulkJob, out: Path) -> None:
    """Join the released batches into the results file, atomically."""
    suffix = out.suffix.lower()
    parts = [_batch_path(job, index, suffix) for index in range(job.batches_done)]
    missing = [p.name for p in parts if not p.is_file()]
    if missing:
        raise InputError(f"the released batch {missing[0]} is missing from the job's directory")
    if suffix == ".parquet" or not parts:
        writer = ResultWriter(out, RESULT_COLUMNS)
        for part in parts:
            writer.write(pl.read_parquet(part))
        writer.commit()
        return
    partial = out.with_name(f".{out.name}.partial")
    try:
        _concatenate_csv(parts, partial)
        partial.replace(out)
    finally:
        partial.unlink(missing_ok=True)


def _concatenate_csv(parts: list[Path], target: Path) -> None:
    """The batches' CSV bytes one after another, with the header once."""
    with target.open("wb") as sink:
        for number, part in enumerate(parts):
            with part.open("rb") as source:
                header = source.readline()
                if number == 0:
                    sink.write(header)
                shutil.copyfileobj(source, sink, 1 << 20)


def _finish(job: BulkJob, owner: str) -> None:
    BulkJob.objects.filter(pk=job.pk, lease_owner=owner).update(
        state=BulkJob.State.DONE, updated_at=timezone.now()
    )
    shutil.rmtree(_job_dir(job), ignore_errors=True)


def _fail(job: BulkJob, owner: str, out: Path, cause: Exception) -> JobFailed:
    """End the job ``failed``, delivering what it released; the error to raise."""
    job.refresh_from_db(fields=["batches_done", "rows_done"])
    # Never a value from the file: an input error's text is written to be shown, others are not.
    reason = str(cause) if isinstance(cause, InputError) else f"{type(cause).__name__} in a worker"
    failure = JobFailed(job.job_id, job.rows_done + 1, reason, job.rows_done)
    if job.rows_done:
        try:
            _assemble(job, out)
        except Exception:  # the batches stay in the job's directory
            failure = JobFailed(job.job_id, job.rows_done + 1, reason, 0)
    BulkJob.objects.filter(pk=job.pk, lease_owner=owner).update(
        state=BulkJob.State.FAILED, error=str(failure)[:500], updated_at=timezone.now()
    )
    return failure


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
