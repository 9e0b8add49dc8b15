"""Bulk jobs over HTTP: upload, authorize up front, run, poll, fetch the results file."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from statusbridge import config
from statusbridge.api.models import ApiBulkJob, ApiClient
from tests.api.conftest import BENEFITS, ELECTION, PURPOSE, Token, assert_problem, bearer
from tests.cli.test_verify_bulk import EXPECTED
from tests.conftest import MINI, ON

URL = "/api/v1/bulk-jobs"
Submit = Callable[..., Any]


@pytest.fixture(autouse=True)
def inline(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STATUSBRIDGE_BULK_INLINE", "1")


@pytest.fixture
def submit(client: Client, token: Token) -> Submit:
    """POST a file as the named agency; returns (response, token)."""

    def post(agency: str, name: str, content: bytes, purpose: str | None = None) -> Any:
        access = token(agency)
        form = {
            "file": SimpleUploadedFile(name, content),
            "purpose": purpose or PURPOSE[agency],
            "on": ON,
        }
        return client.post(URL, form, headers=bearer(access)), access

    return post


def _results(response: Any) -> dict[str, dict[str, str]]:
    text = b"".join(response.streaming_content).decode("utf-8")
    return {row["request_id"]: row for row in csv.DictReader(io.StringIO(text))}


def _uploads() -> list[Path]:
    return list((config.data_home() / "uploads").glob("*/requests.*"))


def test_a_job_runs_end_to_end(client: Client, snapshots: None, submit: Submit) -> None:
    content = (MINI / "requests.csv").read_bytes()
    response, access = submit(BENEFITS, "requests.csv", content)
    assert response.status_code == 202
    job_id = response.json()["job_id"]
    progress = client.get(f"{URL}/{job_id}", headers=bearer(access)).json()
    assert progress["state"] == "done"
    rows = content.decode("utf-8").count("\n") - 1
    assert progress["rows_total"] == progress["rows_done"] == rows
    results = client.get(f"{URL}/{job_id}/results", headers=bearer(access))
    assert results.status_code == 200 and results["Content-Type"].startswith("text/csv")
    answers = _results(results)
    assert len(answers) == rows
    for request_id, expected in EXPECTED.items():
        row = answers[request_id]
        assert (row["response_code"], row["status"], row["reason"]) == expected[0], request_id
    assert not _uploads()  # the upload, with its SSNs, is gone once the job ended


def test_a_parquet_upload_gives_the_same_answers(
    client: Client, snapshots: None, submit: Submit, tmp_path: Path
) -> None:
    source = tmp_path / "requests.parquet"
    pl.read_csv(MINI / "requests.csv", infer_schema=False).write_parquet(source)
    response, access = submit(BENEFITS, "requests.parquet", source.read_bytes())
    job_id = response.json()["job_id"]
    answers = _results(client.get(f"{URL}/{job_id}/results", headers=bearer(access)))
    for request_id, expected in EXPECTED.items():
        assert answers[request_id]["response_code"] == expected[0][0], request_id


def test_a_refused_purpose_is_403_and_leaves_no_job(snapshots: None, submit: Submit) -> None:
    content = (MINI / "requests.csv").read_bytes()
    response, _ = submit(ELECTION, "requests.csv", content, purpose=PURPOSE[BENEFITS])
    assert assert_problem(response, 403)["detail"].startswith("refused:")
    assert not ApiBulkJob.objects.exists() and not _uploads()


def test_another_agencys_job_is_not_found(
    client: Client, snapshots: None, submit: Submit, token: Token
) -> None:
    response, own = submit(BENEFITS, "requests.csv", (MINI / "requests.csv").read_bytes())
    job_id = response.json()["job_id"]
    other = token(ELECTION)
    assert_problem(client.get(f"{URL}/{job_id}", headers=bearer(other)), 404)
    assert_problem(client.get(f"{URL}/{job_id}/results", headers=bearer(other)), 404)
    same_agency = token(BENEFITS)  # another client of the same agency may see it
    assert client.get(f"{URL}/{job_id}", headers=bearer(same_agency)).status_code == 200
    assert_problem(client.get(f"{URL}/nope", headers=bearer(own)), 404)


def test_results_are_409_until_the_job_is_done(client: Client, token: Token) -> None:
    access = token(BENEFITS)
    owner = ApiClient.objects.get(tokens__isnull=False)
    job = ApiBulkJob.objects.create(
        job_id="a" * 32,
        client=owner,
        agency=owner.agency,
        purpose=PURPOSE[BENEFITS],
        on=date.fromisoformat(ON),
        upload_path="/nonexistent/requests.csv",
        results_path="/nonexistent/results.csv",
        rows_total=5,
    )
    progress = client.get(f"{URL}/{job.job_id}", headers=bearer(access)).json()
    assert (progress["state"], progress["rows_total"], progress["rows_done"]) == ("queued", 5, 0)
    problem = assert_problem(client.get(f"{URL}/{job.job_id}/results", headers=bearer(access)), 409)
    assert "queued" in problem["detail"]


@pytest.mark.parametrize(
    ("name", "content"),
    [("requests.txt", b"request_id\nr1\n"), ("requests.parquet", b"not parquet at all")],
    ids=["wrong-extension", "unreadable-parquet"],
)
def test_an_unusable_file_is_422(submit: Submit, name: str, content: bytes) -> None:
    response, _ = submit(BENEFITS, name, content)
    assert_problem(response, 422)
    assert not ApiBulkJob.objects.exists() and not _uploads()


def test_a_missing_file_is_422(client: Client, token: Token) -> None:
    response = client.post(URL, {"purpose": PURPOSE[BENEFITS]}, headers=bearer(token(BENEFITS)))
    assert_problem(response, 422)


def test_an_oversized_upload_is_413(submit: Submit, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STATUSBRIDGE_MAX_UPLOAD_MB", "1")
    line = b"r,Bill,,Smith,1980-02-03,123456789,,,\n"
    header = (MINI / "requests.csv").read_bytes().splitlines(keepends=True)[0]
    just_over = header + line * (1024 * 1024 // len(line) + 1)  # caught as it is stored
    response, _ = submit(BENEFITS, "big.csv", just_over)
    assert_problem(response, 413)
    far_over = just_over * 3  # refused from Content-Length before the body is read
    response, _ = submit(BENEFITS, "big.csv", far_over)
    assert_problem(response, 413)
    assert not ApiBulkJob.objects.exists() and not _uploads()


def _worker_runs_until_idle() -> int:
    from statusbridge.bulk.worker import work

    return work(lambda: False, lambda seconds: None, 0.1, True, lambda line: None)


def test_an_upload_waits_queued_until_a_worker_runs_it(
    client: Client, snapshots: None, submit: Submit, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("STATUSBRIDGE_BULK_INLINE")
    response, access = submit(BENEFITS, "requests.csv", (MINI / "requests.csv").read_bytes())
    assert response.status_code == 202 and response.json()["state"] == "queued"
    job_id = response.json()["job_id"]
    assert client.get(f"{URL}/{job_id}", headers=bearer(access)).json()["state"] == "queued"
    assert assert_problem(client.get(f"{URL}/{job_id}/results", headers=bearer(access)), 409)
    assert _worker_runs_until_idle() == 1
    assert client.get(f"{URL}/{job_id}", headers=bearer(access)).json()["state"] == "done"
    assert len(_results(client.get(f"{URL}/{job_id}/results", headers=bearer(access)))) == 30
    assert _worker_runs_until_idle() == 0  # a finished job is never run again
    assert not _uploads()


def test_a_job_whose_worker_died_is_taken_up_and_a_lost_upload_fails(
    client: Client, snapshots: None, submit: Submit, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("STATUSBRIDGE_BULK_INLINE")
    content = (MINI / "requests.csv").read_bytes()
    died, access = submit(BENEFITS, "requests.csv", content)
    lost, _ = submit(BENEFITS, "other.csv", content + _request(99) + b"\n")
    # The first job's worker claimed it and died before its run began, long ago; the second's
    # upload is gone from the disk.
    long_ago = timezone.now() - timedelta(hours=1)
    ApiBulkJob.objects.filter(job_id=died.json()["job_id"]).update(
        state=ApiBulkJob.State.RUNNING, updated_at=long_ago
    )
    Path(ApiBulkJob.objects.get(job_id=lost.json()["job_id"]).upload_path).unlink()
    assert _worker_runs_until_idle() == 2
    taken_up = client.get(f"{URL}/{died.json()['job_id']}", headers=bearer(access)).json()
    assert (taken_up["state"], taken_up["rows_done"]) == ("done", 30)
    failed = client.get(f"{URL}/{lost.json()['job_id']}", headers=bearer(access)).json()
    assert failed["state"] == "failed" and failed["error"]


def test_a_job_claimed_a_moment_ago_is_left_to_its_worker(
    snapshots: None, submit: Submit, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("STATUSBRIDGE_BULK_INLINE")
    response, _ = submit(BENEFITS, "requests.csv", (MINI / "requests.csv").read_bytes())
    ApiBulkJob.objects.filter(job_id=response.json()["job_id"]).update(
        state=ApiBulkJob.State.RUNNING, updated_at=timezone.now()
    )
    assert _worker_runs_until_idle() == 0
    Path(ApiBulkJob.objects.get().upload_path).unlink()  # the session's data home stays clean


def test_the_same_upload_under_the_same_idempotency_key_makes_one_job(
    client: Client, snapshots: None, token: Token, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("STATUSBRIDGE_BULK_INLINE")
    content = (MINI / "requests.csv").read_bytes()

    def post(access: str, key: str, body: bytes, purpose: str = PURPOSE[BENEFITS]) -> Any:
        form = {"file": SimpleUploadedFile("requests.csv", body), "purpose": purpose, "on": ON}
        headers = {**bearer(access), "Idempotency-Key": key}
        return client.post(URL, form, headers=headers)

    access, other = token(BENEFITS), token(BENEFITS)
    kept = len(_uploads())  # earlier tests' (the data home is the session's)
    first, again = post(access, "roll-2026-11", content), post(access, "roll-2026-11", content)
    assert first.status_code == again.status_code == 202
    assert first.json()["job_id"] == again.json()["job_id"]
    assert ApiBulkJob.objects.count() == 1 and len(_uploads()) == kept + 1
    # Another file (or purpose) under a used key is refused; nothing is kept of it.
    changed = post(access, "roll-2026-11", content + _request(99) + b"\n")
    detail = assert_problem(changed, 422)["detail"]
    assert "Idempotency-Key" in detail and "4444" not in detail
    assert_problem(post(access, "roll-2026-11", content, "law-enforcement"), 422)
    # Keys are the client's own: another client's same key makes its own job.
    theirs = post(other, "roll-2026-11", content)
    assert theirs.status_code == 202 and theirs.json()["job_id"] != first.json()["job_id"]
    assert ApiBulkJob.objects.count() == 2 and len(_uploads()) == kept + 2
    assert_problem(post(access, "", content), 422)
    assert _worker_runs_until_idle() == 2


HEADER = (
    b"request_id,first_name,middle_name,last_name,dob,ssn,ssn_last4,a_number,certificate_number"
)


def _request(i: int) -> bytes:
    return f"q{i},Carmen,,Ruiz,1970-09-09,222-33-4444,,,".encode()


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (HEADER + b"\nr1,Bill,,Smith,1980-02-03,\xff123456789,,,\n", "line 2 is not UTF-8"),
        ((HEADER + b"\n" + _request(1)).decode().encode("utf-16"), "UTF-16"),
        (HEADER.replace(b",", b";") + b"\n" + _request(1).replace(b",", b";"), "';'"),
        (_request(1) + b"\n" + _request(2), "none of the expected columns"),
    ],
    ids=["bad-byte", "utf16", "semicolon", "no-header"],
)
def test_a_file_that_is_not_its_format_is_refused_at_upload_without_echoing_it(
    snapshots: None, submit: Submit, content: bytes, reason: str
) -> None:
    response, _ = submit(BENEFITS, "requests.csv", content)
    detail = assert_problem(response, 422)["detail"]
    assert reason in detail and "123456789" not in detail and "4444" not in detail
    assert not ApiBulkJob.objects.exists() and not _uploads()


def test_a_malformed_record_costs_its_row_alone(
    client: Client, snapshots: None, submit: Submit
) -> None:
    lines = [HEADER, *(_request(i) for i in range(1, 31))]
    lines[5] = b'q5,"Carmen,,Ruiz,1970-09-09,222-33-4444,,,'
    response, access = submit(BENEFITS, "requests.csv", b"\r".join(lines))
    job_id = response.json()["job_id"]
    progress = client.get(f"{URL}/{job_id}", headers=bearer(access)).json()
    assert (progress["state"], progress["rows_total"], progress["rows_done"]) == ("done", 30, 30)
    answers = _results(client.get(f"{URL}/{job_id}/results", headers=bearer(access)))
    assert list(answers) == [f"q{i}" for i in range(1, 31)]
    assert answers["q5"]["response_code"] == "INVALID"
    assert answers["q5"]["reason"].startswith("row: line 6:")


def test_a_job_that_cannot_go_on_fails_saying_from_which_row(
    client: Client, snapshots: None, submit: Submit, monkeypatch: pytest.MonkeyPatch
) -> None:
    from statusbridge.verify import Verifier

    monkeypatch.setenv("STATUSBRIDGE_BATCH_ROWS", "10")
    release, calls = Verifier.release, []

    def failing(self: Verifier, *args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("worker lost 222-33-4444")
        return release(self, *args, **kwargs)

    monkeypatch.setattr(Verifier, "release", failing)
    content = b"\n".join([HEADER, *(_request(i) for i in range(1, 31))])
    response, access = submit(BENEFITS, "requests.csv", content)
    job_id = response.json()["job_id"]
    progress = client.get(f"{URL}/{job_id}", headers=bearer(access)).json()
    assert (progress["state"], progress["rows_total"], progress["rows_done"]) == ("failed", 30, 10)
    assert "stopped at row 11" in progress["error"] and "4444" not in progress["error"]
    # What was released (and accounted) is delivered.
    answers = _results(client.get(f"{URL}/{job_id}/results", headers=bearer(access)))
    assert list(answers) == [f"q{i}" for i in range(1, 11)]
    assert not _uploads()
