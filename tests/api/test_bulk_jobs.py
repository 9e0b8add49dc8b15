"""Bulk jobs over HTTP: upload, authorize up front, run, poll, fetch the results file."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from statusbridge import config
from statusbridge.api import jobs
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


def test_a_job_left_running_resumes(client: Client, snapshots: None, submit: Submit) -> None:
    response, _ = submit(BENEFITS, "requests.csv", (MINI / "requests.csv").read_bytes())
    finished = ApiBulkJob.objects.get(job_id=response.json()["job_id"])
    folder = Path(finished.upload_path).parent
    upload = folder / "requests.csv"
    upload.write_bytes((MINI / "requests.csv").read_bytes())
    stopped = ApiBulkJob.objects.create(
        job_id="b" * 32,
        client=finished.client,
        agency=finished.agency,
        purpose=finished.purpose,
        on=finished.on,
        upload_path=str(upload),
        results_path=str(folder / "resumed.csv"),
        state=ApiBulkJob.State.RUNNING,
    )
    lost = ApiBulkJob.objects.create(
        job_id="c" * 32,
        client=finished.client,
        agency=finished.agency,
        purpose=finished.purpose,
        on=finished.on,
        upload_path=str(folder / "gone.csv"),
        results_path=str(folder / "lost.csv"),
        state=ApiBulkJob.State.QUEUED,
    )
    assert jobs.resume_unfinished() == 1
    stopped.refresh_from_db()
    lost.refresh_from_db()
    assert stopped.state == "done" and (folder / "resumed.csv").is_file()
    assert lost.state == "failed" and "lost" in lost.error


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
    answer, calls = Verifier.answer, []

    def failing(self: Verifier, *args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("worker lost 222-33-4444")
        return answer(self, *args, **kwargs)

    monkeypatch.setattr(Verifier, "answer", failing)
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
