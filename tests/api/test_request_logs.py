"""Request log lines never carry an SSN or A-number a client put in a URL.

Django logs every 4xx and 5xx answer with its path (``django.request``); a client that puts an SSN
in a path (a job id mistyped as the person's number) must not leave it in the server's log.
"""

from __future__ import annotations

import logging

import pytest
from django.test import Client

from tests.api.conftest import BENEFITS, Token, bearer

pytestmark = pytest.mark.django_db
IDENTIFIERS = ["123-45-6789", "123456789", "123 45 6789", "A-123-456-789", "123.45.6789"]


@pytest.mark.parametrize("identifier", IDENTIFIERS)
def test_a_4xx_log_line_masks_an_identifier_in_the_path(
    client: Client, token: Token, caplog: pytest.LogCaptureFixture, identifier: str
) -> None:
    access = token(BENEFITS)
    with caplog.at_level(logging.INFO):
        assert (
            client.get(f"/api/v1/bulk-jobs/{identifier}", headers=bearer(access)).status_code == 404
        )
        assert client.get(f"/api/v1/bulk-jobs/{identifier}/results").status_code == 401
        assert client.get(f"/api/v1/people/{identifier}?ssn={identifier}").status_code == 404
    lines = [r.getMessage() for r in caplog.records if r.name.startswith("django")]
    assert len(lines) >= 3, lines
    for line in lines:
        assert "6789" not in line and "456" not in line, line
    assert any("/api/v1/bulk-jobs/" in line for line in lines)


def test_a_logged_exception_is_masked_too(caplog: pytest.LogCaptureFixture) -> None:
    try:
        raise ValueError("no job 123-45-6789")
    except ValueError:
        with caplog.at_level(logging.ERROR):
            logging.getLogger("django.request").exception("Internal Server Error: /x/123456789")
    assert "6789" not in caplog.text
