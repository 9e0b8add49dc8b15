"""Bulk jobs: the batch size a job was created with, one runner at a time, a failure that keeps
what was released; whatever happens, exactly one result row and one accounting entry per
request row released, and no accounting entry for a row not delivered."""

from __future__ import annotations

import csv
import os
import socket
import subprocess
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from statusbridge.bulk import run
from statusbridge.bulk.models import BulkJob
from statusbridge.bulk.run import JobFailed, JobRefused, run_bulk
from statusbridge.ledger.models import LedgerEntry
from statusbridge.verify import Verifier
from tests.conftest import MINI, ON

AGENCY, PURPOSE = "demo-benefits-agency", "benefit-eligibility"
SOURCE = MINI / "requests.csv"


class Crash(BaseException):
    """Stands for the process dying between two batches (not an error the job could handle)."""


def _asked() -> list[str]:
    with SOURCE.open(newline="", encoding="utf-8") as handle:
        return [row["request_id"] for row in csv.DictReader(handle)]


def _released(out: Path) -> list[str]:
    """The request ids in the results file, as asked (without the formula guard)."""
    with out.open(newline="", encoding="utf-8") as handle:
        return [row["request_id"].removeprefix("'") for row in csv.DictReader(handle)]


def _run(out: Path, progress: Callable[[int], None] | None = None) -> run.BulkSummary:
    return run_bulk(SOURCE, out, AGENCY, PURPOSE, date.fromisoformat(ON), progress=progress)


def _crash_after(rows: int) -> Callable[[int], None]:
    def progress(done: int) -> None:
        if done >= rows:
            raise Crash()

    return progress


def _entries_of(job: BulkJob) -> int:
    return sum(1 for e in LedgerEntry.objects.all() if f'"{job.job_id}:'.encode() in bytes(e.entry))


@pytest.mark.parametrize("resume_with", [3, 7, 1000])
def test_a_resume_cuts_the_file_as_the_job_was_created(
    snapshots: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, resume_with: int
) -> None:
    monkeypatch.setenv("STATUSBRIDGE_BATCH_ROWS", "4")
    out = tmp_path / "results.csv"
    before = LedgerEntry.objects.count()
    with pytest.raises(Crash):
        _run(out, _crash_after(8))
    job = BulkJob.objects.get()
    assert (job.state, job.batches_done, job.rows_done, job.batch_rows) == ("running", 2, 8, 4)
    assert LedgerEntry.objects.count() - before == 8 and not out.exists()

    monkeypatch.setenv("STATUSBRIDGE_BATCH_ROWS", str(resume_with))
    summary = _run(out)
    assert summary.resumed_at == 8
    assert _released(out) == _asked()  # every row once, in order
    assert LedgerEntry.objects.count() - before == len(_asked())
    job.refresh_from_db()
    assert (job.state, job.rows_done, job.lease_owner) == ("done", len(_asked()), "")


def _in_a_while() -> object:
    from django.utils import timezone

    return timezone.now() + run.LEASE


def _live_runner_elsewhere() -> str:
    """A runner that is alive: this test's parent process, on this machine."""
    pid = os.getppid()
    return "|".join((socket.gethostname(), str(pid), run._process_started(pid), "1"))


def _interrupted_job(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[BulkJob, Path]:
    monkeypatch.setenv("STATUSBRIDGE_BATCH_ROWS", "5")
    out = tmp_path / "results.csv"
    with pytest.raises(Crash):
        _run(out, _crash_after(5))
    return BulkJob.objects.get(), out


def test_a_second_runner_is_refused_while_the_first_holds_the_job(
    snapshots: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    job, out = _interrupted_job(tmp_path, monkeypatch)
    holder = _live_runner_elsewhere()
    BulkJob.objects.filter(pk=job.pk).update(lease_owner=holder, lease_expires=_in_a_while())
    entries = LedgerEntry.objects.count()
    with pytest.raises(JobRefused, match=f"being run by process {os.getppid()}"):
        _run(out)
    assert LedgerEntry.objects.count() == entries and not out.exists()
    job.refresh_from_db()
    assert (job.lease_owner, job.rows_done, job.state) == (holder, 5, "running")


def test_a_dead_runners_job_is_taken_over_at_once(
    snapshots: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    job, out = _interrupted_job(tmp_path, monkeypatch)
    dead = subprocess.Popen(["true"])
    dead.wait()  # its pid names no process now
    holder = "|".join((socket.gethostname(), str(dead.pid), "1", "1"))
    BulkJob.objects.filter(pk=job.pk).update(lease_owner=holder, lease_expires=_in_a_while())
    _run(out)
    assert _released(out) == _asked()
    assert _entries_of(job) == len(_asked())


def test_an_expired_lease_is_taken_over(
    snapshots: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    job, out = _interrupted_job(tmp_path, monkeypatch)
    other_machine = "elsewhere.example|4242|1|1"
    from django.utils import timezone

    expired = timezone.now() - run.LEASE
    BulkJob.objects.filter(pk=job.pk).update(lease_owner=other_machine, lease_expires=expired)
    _run(out)
    assert _released(out) == _asked() and _entries_of(job) == len(_asked())


def test_a_runner_that_lost_its_lease_releases_nothing_more(
    snapshots: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STATUSBRIDGE_BATCH_ROWS", "5")
    out = tmp_path / "results.csv"
    holder = _live_runner_elsewhere()

    def taken_over(done: int) -> None:  # another runner takes the job after the first batch
        BulkJob.objects.update(lease_owner=holder)

    with pytest.raises(JobRefused, match="taken over"):
        _run(out, taken_over)
    job = BulkJob.objects.get()
    assert (job.batches_done, job.rows_done, job.lease_owner) == (1, 5, holder)
    assert _entries_of(job) == 5  # the second batch was rolled back with its accounting
    assert sorted(p.name for p in (run._job_dir(job)).iterdir()) == ["batch-000000.csv"]


def test_a_job_that_cannot_go_on_fails_and_delivers_what_it_released(
    snapshots: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STATUSBRIDGE_BATCH_ROWS", "4")
    release = Verifier.release
    calls = []

    def failing(self: Verifier, *args: object, **kwargs: object) -> object:
        calls.append(1)
        if len(calls) == 3:
            raise RuntimeError("worker lost 123-45-6789")
        return release(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Verifier, "release", failing)
    out = tmp_path / "results.csv"
    with pytest.raises(JobFailed) as failed:
        _run(out)
    assert failed.value.row == 9 and failed.value.released == 8
    assert "stopped at row 9" in str(failed.value) and "6789" not in str(failed.value)
    job = BulkJob.objects.get()
    assert (job.state, job.rows_done, job.lease_owner) == ("failed", 8, "")
    assert "stopped at row 9" in job.error
    assert _released(out) == _asked()[:8]  # delivered = accounted
    assert _entries_of(job) == 8


def test_an_empty_file_gives_a_header_only_results_file(snapshots: None, tmp_path: Path) -> None:
    source = tmp_path / "requests.csv"
    source.write_text(SOURCE.read_text("utf-8").splitlines()[0] + "\n", "utf-8")
    out = tmp_path / "results.csv"
    summary = run_bulk(source, out, AGENCY, PURPOSE, date.fromisoformat(ON))
    assert (summary.rows, summary.answered, summary.invalid) == (0, 0, 0)
    rows = list(csv.reader(out.open(newline="", encoding="utf-8")))
    assert len(rows) == 1 and rows[0][:2] == ["request_id", "response_code"]
    assert BulkJob.objects.get().state == "done"


def test_two_runs_started_together_find_one_job(snapshots: None, tmp_path: Path) -> None:
    from django.db import IntegrityError, transaction

    from statusbridge.engine.schema import REQUEST_COLUMNS
    from statusbridge.files import survey

    plan = survey(SOURCE, REQUEST_COLUMNS)
    key = run._run_of(plan, tmp_path / "results.csv", AGENCY, PURPOSE, date.fromisoformat(ON))
    first = run._job(key, plan, SOURCE, 5)
    # The second run's look-up missed the first's job (not committed yet): its insert fails...
    with pytest.raises(IntegrityError), transaction.atomic():
        BulkJob.objects.create(**key, job_id="x" * 32, rows_total=plan.rows, batch_rows=7)
    # ...and it takes the job the first made, with the first's batch size.
    again = run._job(key, plan, SOURCE, 7)
    assert (again.pk, again.batch_rows) == (first.pk, 5)
