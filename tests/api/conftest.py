"""API test fixtures: the mini extract ingested in-process, clients and their bearer tokens."""

from __future__ import annotations

import csv
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from django.core.cache import caches
from django.test import Client

from statusbridge.api.credentials import create_client
from statusbridge.records.ingest import ingest
from tests.conftest import DHS_AS_OF, MINI

TOKEN_URL = "/api/v1/oauth/token"
FORM = "application/x-www-form-urlencoded"
BENEFITS = "demo-benefits-agency"
ELECTION = "demo-election-office"
PURPOSE = {BENEFITS: "benefit-eligibility", ELECTION: "voter-list-maintenance"}

Token = Callable[[str], str]


def mini_requests() -> list[dict[str, str]]:
    with (MINI / "requests.csv").open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(autouse=True)
def fresh_rate_counts() -> None:
    """Every test starts with no requests counted (the data home, and its counts, are shared)."""
    caches["rates"].clear()


@pytest.fixture
def snapshots(db: None) -> None:
    ingest("ssa", MINI / "ssa.csv", date.fromisoformat("2026-10-01"))
    ingest("dhs", MINI / "dhs.csv", date.fromisoformat(DHS_AS_OF))


@pytest.fixture
def token(client: Client, db: None) -> Token:
    """A fresh bearer token for a new client of the named agency."""

    def make(agency: str) -> str:
        made = create_client(agency)
        form = {
            "grant_type": "client_credentials",
            "client_id": made.client_id,
            "client_secret": made.client_secret,
        }
        response = client.post(TOKEN_URL, form_body(form), content_type=FORM)
        assert response.status_code == 200, response.content
        access: str = response.json()["access_token"]
        return access

    return make


def form_body(fields: dict[str, str]) -> str:
    return urlencode(fields)


def bearer(access_token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {access_token}"}


def assert_problem(response: Any, status: int) -> dict[str, Any]:
    """The response is RFC 9457 problem details with this status; its body."""
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/problem+json")
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    assert {"type", "title", "detail"} <= set(body)
    assert "Traceback" not in body["detail"]
    return body


def upload_path(tmp_path: Path, name: str, content: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content)
    return path
