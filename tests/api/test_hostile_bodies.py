"""Bodies an attacker or a broken client sends: every one is a 4xx problem, never a 500.

Driven through Django's test client with raw bytes, as a client on the wire would send them.
"""

from __future__ import annotations

import base64
import json
import logging

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.api.conftest import BENEFITS, PURPOSE, Token, assert_problem, bearer
from tests.conftest import MINI, ON

pytestmark = pytest.mark.django_db
VERIFY = "/api/v1/verifications"
BULK = "/api/v1/bulk-jobs"
FIELDS = [
    "purpose", "on", "request_id", "first_name", "middle_name", "last_name", "dob",
    "ssn", "ssn_last4", "a_number", "certificate_number",
]  # fmt: skip
PERSON = {"first_name": "Bill", "last_name": "SMITH", "dob": "1980-02-03", "ssn": "123456789"}
CLIENT_ERRORS = {400, 413, 415, 422}


@pytest.fixture(autouse=True)
def inline(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STATUSBRIDGE_BULK_INLINE", "1")


@pytest.fixture
def access(token: Token, snapshots: None) -> str:
    return token(BENEFITS)


def _json_with(field: str, escaped: str) -> str:
    """A verification body whose ``field`` holds ``escaped``, written as raw JSON text."""
    body = {"purpose": PURPOSE[BENEFITS], "on": ON, **PERSON}
    body.pop(field, None)
    text = json.dumps(body)
    return text[:-1] + f', "{field}": "{escaped}"}}'


@pytest.mark.parametrize("field", FIELDS)
def test_a_lone_surrogate_in_any_field_is_a_422(client: Client, access: str, field: str) -> None:
    body = _json_with(field, "Bill\\ud800")
    response = client.post(VERIFY, body, content_type="application/json", headers=bearer(access))
    problem = assert_problem(response, 422)
    assert field in problem["detail"]


def test_a_lone_surrogate_in_a_key_is_a_422(client: Client, access: str) -> None:
    body = json.dumps({"purpose": PURPOSE[BENEFITS], **PERSON})[:-1] + ', "\\udfff": "x"}'
    response = client.post(VERIFY, body, content_type="application/json", headers=bearer(access))
    assert_problem(response, 422)


def test_a_body_that_is_not_utf8_is_a_problem(client: Client, access: str) -> None:
    body = b'{"purpose": "benefit-eligibility", "first_name": "Bi\xffll"}'
    response = client.post(VERIFY, body, content_type="application/json", headers=bearer(access))
    assert_problem(response, 422)


def _multipart(boundary: str, parts: list[bytes], close: bool = True) -> bytes:
    joined = b"".join(f"--{boundary}\r\n".encode() + part + b"\r\n" for part in parts)
    return joined + (f"--{boundary}--\r\n".encode() if close else b"")


def _field(name: str, value: str) -> bytes:
    return f'Content-Disposition: form-data; name="{name}"\r\n\r\n{value}'.encode()


def _file(name: str, content: bytes, field: str = "file") -> bytes:
    head = f'Content-Disposition: form-data; name="{field}"; filename="{name}"\r\n'
    return (head + "Content-Type: text/csv\r\n\r\n").encode() + content


REQUESTS = (MINI / "requests.csv").read_bytes()
PURPOSE_PART = _field("purpose", PURPOSE[BENEFITS])
LONG_BOUNDARY = "b" * 5000
HOSTILE: dict[str, tuple[str, bytes]] = {
    "no-boundary": (
        "multipart/form-data",
        _multipart("x", [PURPOSE_PART, _file("r.csv", REQUESTS)]),
    ),
    "empty-boundary": (
        "multipart/form-data; boundary=",
        _multipart("", [PURPOSE_PART, _file("r.csv", REQUESTS)]),
    ),
    "5000-character-boundary": (
        f"multipart/form-data; boundary={LONG_BOUNDARY}",
        _multipart(LONG_BOUNDARY, [PURPOSE_PART, _file("r.csv", REQUESTS)]),
    ),
    "5000-character-file-name": (
        "multipart/form-data; boundary=x",
        _multipart("x", [PURPOSE_PART, _file("r" * 5000 + ".csv", REQUESTS)]),
    ),
    "5000-character-extension": (
        "multipart/form-data; boundary=x",
        _multipart("x", [PURPOSE_PART, _file("r." + "c" * 5000, REQUESTS)]),
    ),
    "long-extension-on-a-file-kept-on-disk": (
        "multipart/form-data; boundary=x",
        _multipart("x", [PURPOSE_PART, _file("r." + "c" * 900, b"a" * 3_000_000)]),
    ),
    "1500-fields": (
        "multipart/form-data; boundary=x",
        _multipart("x", [PURPOSE_PART] + [_field(f"f{i}", "1") for i in range(1500)]),
    ),
    "150-files": (
        "multipart/form-data; boundary=x",
        _multipart("x", [PURPOSE_PART] + [_file(f"{i}.csv", b"a\n", "file") for i in range(150)]),
    ),
    "truncated": (
        "multipart/form-data; boundary=x",
        _multipart("x", [PURPOSE_PART, _file("r.csv", REQUESTS)], close=False)[:-40],
    ),
    "truncated-in-headers": (
        "multipart/form-data; boundary=x",
        b'--x\r\nContent-Disposition: form-data; name="purp',
    ),
    "json-instead-of-multipart": ("application/json", b'{"purpose": "benefit-eligibility"}'),
    "text-plain": ("text/plain", b"purpose=benefit-eligibility"),
    "no-content-type": ("", REQUESTS),
    "file-name-not-utf8": (
        "multipart/form-data; boundary=x",
        _multipart("x", [PURPOSE_PART, _file("r#.csv", REQUESTS)]).replace(b"r#", b"r\xff"),
    ),
    "purpose-not-utf8": (
        "multipart/form-data; boundary=x",
        _multipart("x", [b'Content-Disposition: form-data; name="purpose"\r\n\r\n\xff\xfe']),
    ),
    "header-without-colon": (
        "multipart/form-data; boundary=x",
        _multipart("x", [b"garbage\r\n\r\nvalue", _file("r.csv", REQUESTS)]),
    ),
}


@pytest.mark.parametrize("case", HOSTILE, ids=list(HOSTILE))
def test_malformed_multipart_is_a_client_error_problem(
    client: Client, access: str, case: str, caplog: pytest.LogCaptureFixture
) -> None:
    content_type, body = HOSTILE[case]
    with caplog.at_level(logging.ERROR):
        response = client.generic(
            "POST", BULK, body, content_type=content_type, headers=bearer(access)
        )
    assert response.status_code in CLIENT_ERRORS, response.content
    assert_problem(response, response.status_code)
    assert "failed" not in caplog.text  # nothing reached the server-error log


TOKEN_URL = "/api/v1/oauth/token"
TOKEN_BODIES: dict[str, tuple[str, bytes]] = {
    "1500-fields": (
        "application/x-www-form-urlencoded",
        b"grant_type=client_credentials&" + b"&".join(b"f%d=1" % i for i in range(1500)),
    ),
    "latin-1-form": (
        "application/x-www-form-urlencoded; charset=latin-1",
        b"grant_type=client_credentials&client_id=\xe9",
    ),
    "broken-multipart": ("multipart/form-data; boundary=", b"--\r\n"),
    "surrogate-bytes": (
        "application/x-www-form-urlencoded",
        b"grant_type=client_credentials&client_id=%ED%A0%80&client_secret=%00",
    ),
}


@pytest.mark.parametrize("credentials", [b"\x00:secret", b"%00:secret", b"sbc_1:\x00"])
def test_basic_credentials_holding_a_nul_are_a_wrong_client(
    client: Client, credentials: bytes
) -> None:
    basic = base64.b64encode(credentials).decode()
    response = client.post(
        TOKEN_URL,
        "grant_type=client_credentials",
        content_type="application/x-www-form-urlencoded",
        headers={"Authorization": f"Basic {basic}"},
    )
    assert assert_problem(response, 401)["error"] == "invalid_client"


@pytest.mark.parametrize("case", TOKEN_BODIES, ids=list(TOKEN_BODIES))
def test_a_malformed_token_request_is_a_client_error_problem(client: Client, case: str) -> None:
    content_type, body = TOKEN_BODIES[case]
    response = client.generic("POST", TOKEN_URL, body, content_type=content_type)
    assert response.status_code in {400, 401, 413}, response.content
    assert_problem(response, response.status_code)


# Every code point, lone surrogates and NUL included.
ANY_TEXT = st.text(st.characters(exclude_categories=()), max_size=30)


@given(
    body=st.dictionaries(
        st.one_of(st.sampled_from(FIELDS), ANY_TEXT),
        st.one_of(ANY_TEXT, st.integers(), st.none(), st.lists(ANY_TEXT, max_size=2)),
    )
)
@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_any_json_object_is_answered_without_a_server_error(
    client: Client, access: str, body: dict[str, object]
) -> None:
    text = json.dumps(body, ensure_ascii=True)
    response = client.post(VERIFY, text, content_type="application/json", headers=bearer(access))
    assert response.status_code in {200, 403, 422}, response.content


PART_HEADERS = st.sampled_from(
    [
        b'Content-Disposition: form-data; name="purpose"',
        b'Content-Disposition: form-data; name="file"; filename="r.csv"',
        b"Content-Disposition: form-data",
        b"Content-Type: text/csv",
        b"",
    ]
)


@given(
    boundary=st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=90),
    parts=st.lists(
        st.tuples(st.lists(PART_HEADERS | st.binary(max_size=40), max_size=3), st.binary()),
        max_size=4,
    ),
    cut=st.integers(min_value=0, max_value=400),
)
@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_any_multipart_body_is_answered_without_a_server_error(
    client: Client, access: str, boundary: str, parts: list[tuple[list[bytes], bytes]], cut: int
) -> None:
    marker = f"--{boundary}\r\n".encode()
    body = b"".join(marker + b"\r\n".join(heads) + b"\r\n\r\n" + data for heads, data in parts)
    body = (body + f"--{boundary}--\r\n".encode())[: len(body) + 200 - cut]
    response = client.generic(
        "POST",
        BULK,
        body,
        content_type=f"multipart/form-data; boundary={boundary}",
        headers=bearer(access),
    )
    assert response.status_code in CLIENT_ERRORS | {202, 403}, response.content
