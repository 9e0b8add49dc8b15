"""Generated requests (schemathesis) against the OpenAPI document: no 500s, nothing undeclared."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from tests.api.conftest import BENEFITS, Token, bearer

schemathesis = pytest.importorskip("schemathesis")
from schemathesis.specs.openapi import checks  # noqa: E402

CHECKS = [
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
]


def _schema() -> object:
    # Reading the document needs Django (set up by pytest-django) but no database.
    from statusbridge.wsgi import application

    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


schema = _schema()


@pytest.fixture
def access(token: Token, snapshots: None) -> str:
    return token(BENEFITS)


@pytest.fixture
def keep_connection(access: str) -> Iterator[None]:
    """Called straight through WSGI, Django would close the test's database connection (and its
    open transaction) after every request; Django's own test client keeps it the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_every_answer_is_declared(case: object, access: str, keep_connection: None) -> None:
    response = case.call_and_validate(  # type: ignore[attr-defined]
        headers=bearer(access), checks=CHECKS
    )
    assert response.status_code < 500
