"""Single verifications made while a bulk run writes: every one is answered, none fails with 500.

On SQLite one writer at a time holds the database; a verification made while a bulk batch is
released used to fail with ``database is locked`` once it had waited SQLite's 5 seconds.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import threading
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

from tests.api.test_serve import BENEFITS, PERSON, _call, _token, server  # noqa: F401
from tests.conftest import BIN, MINI, ON, Run

BULK_ROWS = 100_000


def _big_request_file(tmp_path: Path, rows: int) -> Path:
    """The mini requests repeated to ``rows`` rows, each with its own request id."""
    with (MINI / "requests.csv").open(newline="", encoding="utf-8") as handle:
        template = list(csv.DictReader(handle))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(template[0]))
    writer.writeheader()
    for number in range(rows):
        writer.writerow({**template[number % len(template)], "request_id": f"r{number}"})
    path = tmp_path / "big.csv"
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def test_single_verifications_during_a_bulk_run_never_fail(
    server: str,  # noqa: F811
    ingested: Run,
    cli_env: dict[str, str],
    tmp_path: Path,
) -> None:
    headers = {
        "Authorization": f"Bearer {_token(server, ingested)}",
        "Content-Type": "application/json",
    }
    body = json.dumps({"purpose": BENEFITS[3], "on": ON, **PERSON}).encode()
    requests = _big_request_file(tmp_path, BULK_ROWS)
    bulk = subprocess.Popen(
        [
            str(BIN / "statusbridge"), "verify", "bulk", str(requests),
            *BENEFITS, "--on", ON, "--out", str(tmp_path / "results.csv"), "--quiet",
        ],
        env=cli_env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    statuses: list[int] = []

    def verify_until_the_bulk_run_ends() -> None:
        while bulk.poll() is None:
            request = urllib.request.Request(f"{server}/api/v1/verifications", body, headers)
            status, _, _ = _call(request)
            statuses.append(status)

    threads = [threading.Thread(target=verify_until_the_bulk_run_ends) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert bulk.wait() == 0, bulk.stderr.read() if bulk.stderr else ""
    assert statuses and set(statuses) == {200}, statuses
    with (tmp_path / "results.csv").open(encoding="utf-8") as results:
        assert sum(1 for _ in results) == BULK_ROWS + 1


@pytest.mark.sqlite_only
@pytest.mark.django_db
def test_a_sqlite_writer_waits_longer_than_a_bulk_batch_holds_the_lock() -> None:
    """SQLite's default 5 seconds was shorter than one batch's release on a large file."""
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA busy_timeout")
        (waits_ms,) = cursor.fetchone()
    assert waits_ms >= 60_000
