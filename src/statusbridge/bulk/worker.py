"""Workers: the processes that run bulk jobs uploaded over the API (``statusbridge worker``).

The job rows are the queue. A worker claims a ``queued`` job by one conditional UPDATE
(``queued`` → ``running``: one worker wins, on SQLite and PostgreSQL alike) and runs it with
``api.jobs.run_job``; the bulk run's database lease (``bulk.run``) then says which worker holds
it. A ``running`` job whose holder died (a process of this machine that is gone, or a lease run
out) is taken up by the next worker that looks, which resumes it after its last released batch:
each request row gets exactly one result row and one accounting entry, as ``bulk.run`` ensures.

Why no queue library: django-tasks' database backend (the backport of Django 6's tasks) needs no
broker, but a task whose worker dies stays "running" for ever (its issue #46, open), and its
claim relies on ``SELECT … FOR UPDATE SKIP LOCKED``, which SQLite ignores; Celery would add
Redis, a second service to run, secure and back up, to carry what is one row per job here.
Either would still need the lease for taking up a dead worker's job, and the lease is the queue.

A worker must never run a job another live worker holds, start a finished file again, or log
anything of an upload but its job id and counts.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.utils import timezone

from statusbridge.api.jobs import run_job
from statusbridge.api.models import ApiBulkJob
from statusbridge.api.problems import masked
from statusbridge.bulk.models import BulkJob
from statusbridge.bulk.run import LEASE, _held

Stop = Callable[[], bool]
Say = Callable[[str], None]
# A job claimed but with no bulk run yet (its worker still reading the upload) is taken up
# only after this long without a change: its worker may have died before starting the run.
UNSTARTED = LEASE


@dataclass(frozen=True)
class Ran:
    job_id: str
    state: str


def run_next(should_stop: Stop) -> Ran | None:
    """Claim one job this worker may run and run it; None when there is none."""
    for job in _waiting():
        if job.state == ApiBulkJob.State.QUEUED:
            if _claim_queued(job):
                return _run(job.job_id, should_stop, resume_only=False)
            continue
        resume = _take_up(job)
        if resume is not None:
            return _run(job.job_id, should_stop, resume_only=resume)
    return None


def work(
    should_stop: Stop, wait: Callable[[float], object], poll: float, until_idle: bool, say: Say
) -> int:
    """Run jobs until asked to stop (or, ``until_idle``, until none is left to run); jobs run."""
    ran = 0
    while not should_stop():
        done = run_next(should_stop)
        if done is not None:
            if done.state == ApiBulkJob.State.RUNNING:  # another worker took it first
                continue
            ran += 1
            say(f"job {done.job_id}: {done.state}")
            continue
        if until_idle:
            break
        wait(poll)
    return ran


def _waiting() -> list[ApiBulkJob]:
    unfinished = [ApiBulkJob.State.QUEUED, ApiBulkJob.State.RUNNING]
    return list(ApiBulkJob.objects.filter(state__in=unfinished).order_by("created_at", "pk"))


def _claim_queued(job: ApiBulkJob) -> bool:
    claimed = ApiBulkJob.objects.filter(pk=job.pk, state=ApiBulkJob.State.QUEUED).update(
        state=ApiBulkJob.State.RUNNING, updated_at=timezone.now()
    )
    return claimed == 1


def _take_up(job: ApiBulkJob) -> bool | None:
    """Whether to resume a ``running`` job (True), start it over (False) or leave it (None)."""
    runs = BulkJob.objects.filter(results_path=job.results_path)
    ended = runs.exclude(state=BulkJob.State.RUNNING).order_by("-updated_at").first()
    current = runs.filter(state=BulkJob.State.RUNNING).first()
    if current is not None:
        return None if _held(current) else True
    if ended is not None:
        _record_end(job, ended)  # its worker died between ending the run and saying so
        return None
    # Claimed, never started: its worker is reading the upload, or died doing so.
    stale = timezone.now() - UNSTARTED
    if job.updated_at >= stale:
        return None
    touched = ApiBulkJob.objects.filter(pk=job.pk, updated_at=job.updated_at).update(
        updated_at=timezone.now()
    )
    return False if touched == 1 else None


def _record_end(job: ApiBulkJob, run: BulkJob) -> None:
    state = ApiBulkJob.State.DONE if run.state == BulkJob.State.DONE else ApiBulkJob.State.FAILED
    ApiBulkJob.objects.filter(pk=job.pk, state=ApiBulkJob.State.RUNNING).update(
        state=state,
        error=masked(run.error)[:500],
        bulk_job_id=run.job_id,
        updated_at=timezone.now(),
    )
    Path(job.upload_path).unlink(missing_ok=True)


def _run(job_id: str, should_stop: Stop, resume_only: bool) -> Ran:
    run_job(job_id, should_stop=should_stop, resume_only=resume_only)
    state = ApiBulkJob.objects.values_list("state", flat=True).get(job_id=job_id)
    return Ran(job_id, state)
