"""Upload a roll in the web pages: queued as the API queues it, run by a worker, its progress,
its results filtered and paginated, the API's very file to download; another agency's is 404."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from statusbridge.api.credentials import create_client
from statusbridge.api.models import ApiBulkJob
from statusbridge.bulk.worker import run_next
from tests.conftest import MINI
from tests.web.conftest import BENEFITS, ELECTION, PURPOSE, SignIn

JOB_PAGE = re.compile(r"/rolls/([0-9a-f]{32})/$")


def _roll(name: str = "roll.csv", content: bytes | None = None) -> SimpleUploadedFile:
    data = (MINI / "requests.csv").read_bytes() if content is None else content
    return SimpleUploadedFile(name, data, content_type="text/csv")


def _upload(client: Client, agency: str = ELECTION) -> str:
    response = client.post("/rolls/", {"purpose": PURPOSE[agency], "file": _roll()})
    assert response.status_code == 302, response.content
    found = JOB_PAGE.search(response["Location"])
    assert found, response["Location"]
    return found.group(1)


def _work() -> None:
    """What ``statusbridge worker --until-idle`` does: run queued jobs until none is left."""
    while run_next(lambda: False) is not None:
        pass


@pytest.fixture
def ed(sign_in: SignIn, snapshots: None) -> Client:
    return sign_in("ed", "agency-user", ELECTION)


def test_upload_page_offers_the_agencys_bulk_purposes(ed: Client) -> None:
    page = ed.get("/rolls/").content.decode()
    assert 'value="voter-list-maintenance"' in page
    assert "benefit-eligibility" not in page
    assert 'href="/rolls/"' in ed.get("/").content.decode()  # the header's link


def test_an_upload_is_queued_for_a_worker_and_reloads_until_done(ed: Client) -> None:
    job_id = _upload(ed)
    job = ApiBulkJob.objects.get(job_id=job_id)
    assert job.state == "queued" and job.agency.slug == ELECTION and job.rows_total == 30
    page = ed.get(f"/rolls/{job_id}/").content.decode()
    assert "web/rolls.js" in page and "http-equiv" not in page  # never reloads itself
    assert "0 of 30" in page and "<progress" in page and "Queued" in page
    assert "Check progress again" in page
    polled = ed.get(f"/rolls/{job_id}/progress.json").json()
    assert polled["state"] == "queued" and polled["rows_total"] == 30
    assert polled["rows_done"] == 0 and not polled["has_results"]
    _work()
    page = ed.get(f"/rolls/{job_id}/").content.decode()
    assert "web/rolls.js" not in page
    assert "30 of 30" in page and "(100%)" in page and "Done" in page
    assert 'id="job-results">' in page and f"/rolls/{job_id}/results/" in page
    polled = ed.get(f"/rolls/{job_id}/progress.json").json()
    assert polled["state"] == "done" and polled["percent"] == 100 and polled["has_results"]


def test_results_are_filtered_and_paginated(ed: Client) -> None:
    job_id = _upload(ed)
    _work()
    url = f"/rolls/{job_id}/results/"
    whole = ed.get(url).content.decode()
    assert "30 rows" in whole and "r-nickname" in whole
    cases = ed.get(url, {"case": "yes"}).content.decode()
    without = ed.get(url, {"case": "no"}).content.decode()
    assert "/cases/" in cases
    assert 'href="/cases/' not in without.split('id="results"')[1]
    invalid = ed.get(url, {"response_code": "INVALID"}).content.decode()
    rows = invalid.split("<tbody>")[1].split("</tbody>")[0]
    assert "INVALID" in rows and "US_CITIZEN" not in rows
    nothing = ed.get(url, {"reason": "NO_SUCH_REASON"}).content.decode()
    assert "No rows match" in nothing
    assert ed.get(url, {"page": "99999999999"}).status_code == 200  # any page number is a page


def test_pages_of_fifty(ed: Client) -> None:
    header = (MINI / "requests.csv").read_text().splitlines()[0]
    lines = [header] + [f"p-{n},Ann,,Doe,1990-01-01,,,," for n in range(120)]
    content = ("\n".join(lines) + "\n").encode()
    response = ed.post("/rolls/", {"purpose": PURPOSE[ELECTION], "file": _roll(content=content)})
    job_id = JOB_PAGE.search(response["Location"]).group(1)  # type: ignore[union-attr]
    _work()
    first = ed.get(f"/rolls/{job_id}/results/").content.decode()
    assert "Page 1 of 3" in first and "Rows 1 to 50" in first and "page=2" in first
    last = ed.get(f"/rolls/{job_id}/results/", {"page": "3"}).content.decode()
    assert "Rows 101 to 120" in last


def test_download_is_the_apis_file(ed: Client, client: Client) -> None:
    job_id = _upload(ed)
    assert ed.get(f"/rolls/{job_id}/results.csv").status_code == 409  # not ready yet
    _work()
    page = ed.get(f"/rolls/{job_id}/results.csv")
    assert page.status_code == 200 and page["Content-Type"].startswith("text/csv")
    made = create_client(ELECTION)
    token = client.post(
        "/api/v1/oauth/token",
        {
            "grant_type": "client_credentials",
            "client_id": made.client_id,
            "client_secret": made.client_secret,
        },
    ).json()["access_token"]
    api = client.get(f"/api/v1/bulk-jobs/{job_id}/results", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert api.status_code == 200
    web_bytes, api_bytes = b"".join(page.streaming_content), b"".join(api.streaming_content)
    assert web_bytes == api_bytes
    assert len(list(csv.DictReader(io.StringIO(web_bytes.decode())))) == 30


def test_another_agencys_job_is_not_found(ed: Client, sign_in: SignIn) -> None:
    job_id = _upload(ed)
    _work()
    bea = sign_in("bea", "agency-user", BENEFITS)
    for path in ("", "results/", "results.csv", "progress.json"):
        response = bea.get(f"/rolls/{job_id}/{path}")
        assert response.status_code == 404, path
        assert "no such job" in response.content.decode()
    assert bea.get("/rolls/not-a-job/").status_code == 404
    assert job_id[:8] not in bea.get("/rolls/").content.decode()


def test_staff_without_bulk_work_are_refused(sign_in: SignIn, snapshots: None) -> None:
    vera = sign_in("vera", "status-verifier")
    assert vera.get("/rolls/").status_code == 403
    assert 'href="/rolls/"' not in vera.get("/").content.decode()


@pytest.mark.parametrize(
    ("name", "content", "says"),
    [
        ("roll.txt", b"request_id\nr1\n", "expected a .csv or .parquet"),
        ("roll.parquet", b"not parquet at all", "file:"),
        ("roll.csv", b"\xff\xfe\x00garbage", "file:"),
    ],
)
def test_a_bad_file_is_a_message_not_an_error(
    ed: Client, name: str, content: bytes, says: str
) -> None:
    response = ed.post("/rolls/", {"purpose": PURPOSE[ELECTION], "file": _roll(name, content)})
    assert response.status_code == 422
    page = response.content.decode()
    assert "The file was not accepted" in page and says in page
    assert not ApiBulkJob.objects.exists()


def test_a_missing_file_or_purpose_is_a_message(ed: Client) -> None:
    assert ed.post("/rolls/", {"purpose": PURPOSE[ELECTION]}).status_code == 422
    response = ed.post("/rolls/", {"purpose": "benefit-eligibility", "file": _roll()})
    assert response.status_code == 422 and "Choose a purpose" in response.content.decode()
    assert not ApiBulkJob.objects.exists()


def test_the_web_client_cannot_get_a_token(ed: Client, client: Client) -> None:
    job_id = _upload(ed)
    stand_in = ApiBulkJob.objects.get(job_id=job_id).client
    assert not stand_in.active
    form = {"grant_type": "client_credentials", "client_id": stand_in.client_id}
    answer = client.post("/api/v1/oauth/token", {**form, "client_secret": "-" * 64})
    assert answer.status_code == 401
