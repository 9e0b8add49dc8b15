"""Per-client rate limits: ``STATUSBRIDGE_CLIENT_RATE`` requests a minute, then 429, Retry-After.

The window is django-ratelimit's; its clock is held still here so that no test straddles the end of
a minute. Counting is checked across threads and processes at once, on the cache itself.
"""

from __future__ import annotations

import multiprocessing
import secrets
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlencode

import django_ratelimit.core
import pytest
from django.http import HttpRequest
from django.test import Client

from statusbridge.api import rates
from statusbridge.api.credentials import client_for_token, create_client
from tests.api.conftest import BENEFITS, ELECTION, FORM, TOKEN_URL, Token, assert_problem, bearer
from tests.conftest import BIN

pytestmark = pytest.mark.django_db
NO_SUCH_JOB = "/api/v1/bulk-jobs/" + "0" * 32
STILL = 1_800_000_000.0


@pytest.fixture(autouse=True)
def clock_held_still(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(django_ratelimit.core, "time", SimpleNamespace(time=lambda: STILL))


def test_past_the_client_rate_a_client_gets_429_with_retry_after(
    client: Client, token: Token, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STATUSBRIDGE_CLIENT_RATE", "3")
    busy, other = bearer(token(BENEFITS)), bearer(token(ELECTION))
    for _ in range(3):
        assert client.get(NO_SUCH_JOB, headers=busy).status_code == 404
    response = client.get(NO_SUCH_JOB, headers=busy)
    problem = assert_problem(response, 429)
    assert problem["type"].endswith("/rate-limited")
    assert 1 <= int(response["Retry-After"]) <= 60
    assert response["Retry-After"] in problem["detail"]
    verify = client.post("/api/v1/verifications", {}, content_type="application/json", headers=busy)
    assert verify.status_code == 429  # every endpoint counts
    assert client.get(NO_SUCH_JOB, headers=other).status_code == 404  # its own count


def test_the_default_rate_is_600_a_minute(client: Client, token: Token) -> None:
    headers = bearer(token(BENEFITS))
    client_id = _client_id_of(headers)
    # The first 599 counted directly: as many requests through the test client would be slow.
    assert all(rates._admit(_request(), "api-client", client_id, 600) for _ in range(599))
    assert client.get(NO_SUCH_JOB, headers=headers).status_code == 404
    assert client.get(NO_SUCH_JOB, headers=headers).status_code == 429


def _client_id_of(headers: dict[str, str]) -> str:
    found = client_for_token(headers["Authorization"].removeprefix("Bearer "))
    assert found is not None
    return found.client_id


def test_zero_turns_the_limit_off(
    client: Client, token: Token, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STATUSBRIDGE_CLIENT_RATE", "0")
    headers = bearer(token(BENEFITS))
    for _ in range(30):
        assert client.get(NO_SUCH_JOB, headers=headers).status_code == 404


def _token_request(client: Client, client_id: str, secret: str = "wrong") -> int:
    form = {"grant_type": "client_credentials", "client_id": client_id, "client_secret": secret}
    response = client.post(TOKEN_URL, urlencode(form), content_type=FORM)
    if response.status_code == 429:
        assert_problem(response, 429)
        assert int(response["Retry-After"]) >= 1
    return response.status_code


def test_guessing_one_clients_secret_is_slowed(client: Client) -> None:
    made = create_client(BENEFITS)
    answers = [
        _token_request(client, made.client_id) for _ in range(rates.TOKEN_RATE_PER_CLIENT_ID)
    ]
    assert set(answers) == {401}
    assert _token_request(client, made.client_id, made.client_secret) == 429
    assert _token_request(client, create_client(BENEFITS).client_id) == 401  # another client id


def test_one_address_asking_for_many_clients_is_slowed(client: Client) -> None:
    guesses = [_token_request(client, f"sbc_{secrets.token_hex(12)}") for _ in range(60)]
    assert set(guesses) == {401}
    assert _token_request(client, f"sbc_{secrets.token_hex(12)}") == 429


def _request() -> HttpRequest:
    request = HttpRequest()
    request.method = "GET"
    return request


def _admitted(count: int) -> int:
    return sum(rates._admit(_request(), "api-client", "sbc_shared", 50) for _ in range(count))


def _admitted_by_threads(count: int) -> int:
    with ThreadPoolExecutor(4) as pool:
        return sum(pool.map(_admitted, [count // 4] * 4))


def test_every_process_and_thread_shares_one_count() -> None:
    """4 processes x 4 threads ask 25 times each for one client allowed 50: exactly 50 pass."""
    with multiprocessing.get_context("fork").Pool(4) as pool:
        admitted = sum(pool.map(_admitted_by_threads, [100] * 4))
    assert admitted == 50


def test_serve_refuses_a_rate_that_is_not_a_number(cli_env: dict[str, str], tmp_path: Path) -> None:
    cli_env["STATUSBRIDGE_CLIENT_RATE"] = "lots"
    done = subprocess.run(
        [str(BIN / "statusbridge"), "serve", "--port", "0"],
        env=cli_env,
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode != 0
    assert "STATUSBRIDGE_CLIENT_RATE" in done.stderr and "Traceback" not in done.stderr
