"""``statusbridge serve`` as an operator runs it: a real server process, a real client over HTTP."""

from __future__ import annotations

import http.client
import json
import select
import signal
import subprocess
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest

from tests.conftest import BIN, MINI, ON, Run

BENEFITS = ("--agency", "demo-benefits-agency", "--purpose", "benefit-eligibility")
PERSON = {"first_name": "Bill", "last_name": "SMITH", "dob": "1980-02-03", "ssn": "123456789"}


@pytest.fixture
def server(ingested: Run, cli_env: dict[str, str], tmp_path: Path) -> Iterator[str]:
    """The base URL of a running ``statusbridge serve`` on a free loopback port."""
    cli_env["STATUSBRIDGE_MAX_UPLOAD_MB"] = "1"
    log = (tmp_path / "serve.log").open("w")
    process = subprocess.Popen(
        [str(BIN / "statusbridge"), "serve", "--host", "127.0.0.1", "--port", "0"],
        env=cli_env,
        stdout=subprocess.PIPE,
        stderr=log,
        stdin=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert process.stdout is not None
        ready, _, _ = select.select([process.stdout], [], [], 120)
        line = process.stdout.readline() if ready else ""
        assert "serving on http://" in line, (tmp_path / "serve.log").read_text()
        yield line.split("serving on ", 1)[1].split()[0].rstrip("/")
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)
        log.close()


def _call(request: urllib.request.Request) -> tuple[int, dict[str, str], bytes]:
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def _json(request: urllib.request.Request) -> Any:
    status, _, body = _call(request)
    assert status < 300, body
    return json.loads(body)


def _multipart(fields: dict[str, str], name: str, content: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode()
        for key, value in fields.items()
    ]
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
        "Content-Type: text/csv\r\n\r\n"
    )
    parts.append(head.encode() + content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def _token(base: str, ingested: Run) -> str:
    made = json.loads(ingested("clients", "create", "--agency", BENEFITS[1], "--json").stdout)
    form = {"grant_type": "client_credentials", **made}
    request = urllib.request.Request(f"{base}/api/v1/oauth/token", urlencode(form).encode())
    issued = _json(request)
    assert issued["token_type"] == "Bearer"
    token: str = issued["access_token"]
    return token


def _poll(base: str, job_id: str, auth: dict[str, str]) -> dict[str, Any]:
    deadline = time.monotonic() + 120
    while True:
        progress: dict[str, Any] = _json(
            urllib.request.Request(f"{base}/api/v1/bulk-jobs/{job_id}", headers=auth)
        )
        if progress["state"] in ("done", "failed") or time.monotonic() > deadline:
            return progress
        time.sleep(0.2)


def test_an_agency_system_uses_the_served_api(server: str, ingested: Run) -> None:
    auth = {"Authorization": f"Bearer {_token(server, ingested)}"}
    _verify_one(server, auth, ingested)
    _bulk_job(server, auth, ingested)
    _oversized_upload(server, auth)


def _verify_one(server: str, auth: dict[str, str], ingested: Run) -> None:
    body = json.dumps({"purpose": BENEFITS[3], "on": ON, **PERSON}).encode()
    headers = {**auth, "Content-Type": "application/json"}
    answer = _json(urllib.request.Request(f"{server}/api/v1/verifications", body, headers))
    flags = [f"--{k.replace('_', '-')}={v}" for k, v in PERSON.items()]
    cli = json.loads(ingested("verify", "one", *flags, *BENEFITS, "--on", ON, "--json").stdout)
    assert answer == cli
    assert answer["response_code"] == "US_CITIZEN"

    status, headers_401, problem = _call(
        urllib.request.Request(f"{server}/api/v1/verifications", body, {"X": "no token"})
    )
    assert status == 401 and headers_401["Content-Type"] == "application/problem+json"
    assert json.loads(problem)["status"] == 401


def _bulk_job(server: str, auth: dict[str, str], ingested: Run) -> None:
    content = (MINI / "requests.csv").read_bytes()
    data, content_type = _multipart({"purpose": BENEFITS[3], "on": ON}, "requests.csv", content)
    headers = {**auth, "Content-Type": content_type}
    status, _, body = _call(urllib.request.Request(f"{server}/api/v1/bulk-jobs", data, headers))
    assert status == 202, body
    job_id = json.loads(body)["job_id"]
    assert json.loads(body)["state"] == "queued"  # the server runs no job: a worker does
    assert f"job {job_id}: done" in ingested("worker", "--until-idle").stdout
    progress = _poll(server, job_id, auth)
    assert progress["state"] == "done", progress
    results_url = f"{server}/api/v1/bulk-jobs/{job_id}/results"
    status, response_headers, results = _call(urllib.request.Request(results_url, headers=auth))
    assert status == 200 and response_headers["Content-Type"].startswith("text/csv")
    assert results.decode("utf-8").count("\n") == content.decode("utf-8").count("\n")


def _oversized_upload(server: str, auth: dict[str, str]) -> None:
    """Declared larger than the limit: refused before the body is sent, as problem details."""
    host, port = server.removeprefix("http://").rsplit(":", 1)
    connection = http.client.HTTPConnection(host, int(port), timeout=30)
    try:
        connection.putrequest("POST", "/api/v1/bulk-jobs")
        connection.putheader("Authorization", auth["Authorization"])
        connection.putheader("Content-Type", "multipart/form-data; boundary=x")
        connection.putheader("Content-Length", str(5 * 1024 * 1024))
        connection.endheaders()
        response = connection.getresponse()
        assert response.status == 413
        assert response.getheader("Content-Type") == "application/problem+json"
        assert json.loads(response.read())["status"] == 413
    finally:
        connection.close()


def test_the_served_log_masks_an_ssn_put_in_a_path(
    server: str, ingested: Run, tmp_path: Path
) -> None:
    auth = {"Authorization": f"Bearer {_token(server, ingested)}"}
    for path, headers in [
        ("/api/v1/bulk-jobs/123-45-6789", auth),
        ("/api/v1/bulk-jobs/123456789/results", {}),
        ("/api/v1/people/A-123-456-789?ssn=123-45-6789", auth),
    ]:
        status, _, _ = _call(urllib.request.Request(f"{server}{path}", headers=headers))
        assert 400 <= status < 500
    log = (tmp_path / "serve.log").read_text()
    assert "/api/v1/bulk-jobs/#" in log  # the 4xx lines are there, masked
    assert "6789" not in log and "456" not in log
