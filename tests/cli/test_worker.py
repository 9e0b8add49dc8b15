"""``statusbridge worker`` as an operator runs it beside ``statusbridge serve``: an upload waits
queued until a worker runs it; two workers share the queue, and when the one running a job is
killed with SIGKILL the other finishes it with exactly one result row and one accounting entry
per request row; SIGTERM stops a worker cleanly (exit 0)."""

from __future__ import annotations

import csv
import io
import json
import re
import signal
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import BIN, ON, Run

AGENCY = "demo-election-office"
PURPOSE = "voter-list-maintenance"
ROWS = 1200
BATCH = 40


@pytest.fixture
def server(cli_env: dict[str, str]) -> Iterator[str]:
    """``statusbridge serve`` on a free port; its base URL."""
    proc = subprocess.Popen(
        [str(BIN / "statusbridge"), "serve", "--port", "0"],
        env=cli_env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()
    found = re.search(r"(http://\S+?:\d+)/", line)
    assert found, (line, proc.stderr.read() if proc.stderr else "")
    yield found.group(1)
    proc.terminate()
    proc.wait(timeout=30)


class Api:
    """The HTTP API as a client agency's system calls it (standard library only)."""

    def __init__(self, base: str, token: str) -> None:
        self.base, self.token = f"{base}/api/v1", token

    def call(self, path: str, body: bytes | None = None, headers: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
        request = urllib.request.Request(
            self.base + path,
            data=body,
            headers={"Authorization": f"Bearer {self.token}", **(headers or {})},
        )
        try:
            with urllib.request.urlopen(request, timeout=120) as response:
                return response.status, response.read().decode("utf-8")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode("utf-8")

    def get(self, path: str) -> Any:
        status, text = self.call(path)
        assert status == 200, text
        return json.loads(text)


def _client(cli: Run, base: str) -> Api:
    made = json.loads(cli("clients", "create", "--agency", AGENCY, "--json").stdout)
    form = urllib.parse.urlencode({"grant_type": "client_credentials", **made}).encode()
    with urllib.request.urlopen(f"{base}/api/v1/oauth/token", data=form, timeout=60) as answer:
        return Api(base, json.loads(answer.read())["access_token"])


def _upload(api: Api, requests: Path, on: str, key: str | None = None) -> Any:
    boundary = uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in (("purpose", PURPOSE), ("on", on))
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="requests.csv"'
        "\r\nContent-Type: text/csv\r\n\r\n".encode()
        + requests.read_bytes()
        + f"\r\n--{boundary}--\r\n".encode()
    )
    headers = {"Content-Type": f"multipart/form-data; boundary={boundary}"}
    if key:
        headers["Idempotency-Key"] = key
    status, text = api.call("/bulk-jobs", b"".join(parts), headers)
    assert status == 202, text
    return json.loads(text)


def _result_ids(api: Api, job_id: str) -> list[str]:
    status, text = api.call(f"/bulk-jobs/{job_id}/results")
    assert status == 200, text
    return [row["request_id"] for row in csv.DictReader(io.StringIO(text))]


def _worker(cli_env: dict[str, str], *args: str) -> subprocess.Popen[str]:
    env = {**cli_env, "STATUSBRIDGE_BATCH_ROWS": str(BATCH)}
    return subprocess.Popen(
        [str(BIN / "statusbridge"), "worker", "--poll", "0.1", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
    )


def _released_batches(home: Path) -> int:
    return sum(1 for _ in (home / "jobs").glob("*/batch-*.csv")) if (home / "jobs").exists() else 0


def test_an_upload_waits_queued_until_a_worker_runs_it(
    ingested: Run, mini: Path, server: str
) -> None:
    api = _client(ingested, server)
    job = _upload(api, mini / "requests.csv", ON)
    assert job["state"] == "queued"
    assert api.get(f"/bulk-jobs/{job['job_id']}")["state"] == "queued"
    ran = ingested("worker", "--until-idle")
    assert f"job {job['job_id']}: done" in ran.stdout
    progress = api.get(f"/bulk-jobs/{job['job_id']}")
    assert (progress["state"], progress["rows_done"]) == ("done", 30)
    assert len(_result_ids(api, job["job_id"])) == 30
    # Sent again under its key, the same upload is the same job, and no worker runs it twice.
    keyed = _upload(api, mini / "requests.csv", ON, key="roll-1")
    assert _upload(api, mini / "requests.csv", ON, key="roll-1")["job_id"] == keyed["job_id"]
    assert f"job {keyed['job_id']}: done" in ingested("worker", "--until-idle").stdout
    assert "job" not in ingested("worker", "--until-idle").stdout


def test_a_worker_killed_mid_job_leaves_it_to_another(
    cli: Run, cli_env: dict[str, str], tmp_path: Path, server: str
) -> None:
    world = tmp_path / "world"
    cli("world", "generate", "--people", "3000", "--seed", "11", "--out", str(world),
        "--requests", str(ROWS))  # fmt: skip
    facts = json.loads((world / "world.json").read_text())
    cli("records", "ingest", "ssa", str(world / "ssa.csv"), "--as-of", facts["ssa_as_of"])
    cli("records", "ingest", "dhs", str(world / "dhs.csv"), "--as-of", facts["dhs_as_of"])
    api = _client(cli, server)
    job_id = _upload(api, world / "requests.csv", facts["ssa_as_of"])["job_id"]

    first = _worker(cli_env)
    home = Path(cli_env["STATUSBRIDGE_HOME"])
    deadline = time.monotonic() + 120
    while _released_batches(home) < 5 and time.monotonic() < deadline and first.poll() is None:
        time.sleep(0.02)
    # Frozen mid-job, the first still holds the job: a second worker started now must leave it.
    first.send_signal(signal.SIGSTOP)
    second = _worker(cli_env)
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=30)
    assert api.get(f"/bulk-jobs/{job_id}")["state"] == "running", "it ended too soon"

    deadline = time.monotonic() + 300
    while api.get(f"/bulk-jobs/{job_id}")["state"] == "running":
        assert time.monotonic() < deadline and second.poll() is None
        time.sleep(0.1)
    second.send_signal(signal.SIGTERM)
    out, err = second.communicate(timeout=60)
    assert second.returncode == 0, err
    assert f"job {job_id}: done" in out and "Traceback" not in err

    with (world / "requests.csv").open(newline="", encoding="utf-8") as handle:
        asked = [row["request_id"] for row in csv.DictReader(handle)]
    assert _result_ids(api, job_id) == asked  # every row once, in order
    stats = json.loads(cli("ledger", "stats", "--json").stdout)
    assert stats["entries"] == ROWS + 2  # one per released row, plus the two ingests
    assert cli("ledger", "verify").returncode == 0


def test_sigterm_gives_the_job_back_to_the_queue_and_exits_0(
    cli: Run, cli_env: dict[str, str], tmp_path: Path, server: str
) -> None:
    world = tmp_path / "world"
    cli("world", "generate", "--people", "2000", "--seed", "5", "--out", str(world),
        "--requests", "1000")  # fmt: skip
    facts = json.loads((world / "world.json").read_text())
    cli("records", "ingest", "ssa", str(world / "ssa.csv"), "--as-of", facts["ssa_as_of"])
    cli("records", "ingest", "dhs", str(world / "dhs.csv"), "--as-of", facts["dhs_as_of"])
    api = _client(cli, server)
    job_id = _upload(api, world / "requests.csv", facts["ssa_as_of"])["job_id"]
    worker = _worker(cli_env)
    home = Path(cli_env["STATUSBRIDGE_HOME"])
    deadline = time.monotonic() + 120
    while _released_batches(home) < 2 and time.monotonic() < deadline and worker.poll() is None:
        time.sleep(0.02)
    worker.send_signal(signal.SIGTERM)
    out, err = worker.communicate(timeout=60)
    assert worker.returncode == 0 and "Traceback" not in err, err
    progress = api.get(f"/bulk-jobs/{job_id}")
    assert progress["state"] == "queued" and 0 < progress["rows_done"] < 1000
    done = _worker(cli_env, "--until-idle")
    out, err = done.communicate(timeout=300)
    assert done.returncode == 0 and f"job {job_id}: done" in out, err
    assert len(_result_ids(api, job_id)) == 1000
    assert json.loads(cli("ledger", "stats", "--json").stdout)["entries"] == 1000 + 2
