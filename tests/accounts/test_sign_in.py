"""Staff sign-in over the web: password and TOTP, a refusal that names neither, lockout,
session cookies, CSRF, and no staff page without both factors."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client

from statusbridge import config
from statusbridge.accounts.services import disable_staff
from statusbridge.config import ConfigurationError
from tests.accounts.conftest import PASSWORD, MakeStaff, code, wrong_code

SIGN_IN = "/accounts/sign-in/"
ME = "/accounts/me/"
REFUSAL = "The username, password or code is not right."


def sign_in(client: Client, username: str, password: str, otp: str):  # type: ignore[no-untyped-def]
    return client.post(SIGN_IN, {"username": username, "password": password, "code": otp})


def test_the_sign_in_page_is_a_plain_accessible_form(client: Client, db: None) -> None:
    page = client.get(SIGN_IN)
    html = page.content.decode()
    assert page.status_code == 200
    assert '<html lang="en">' in html
    assert "<script" not in html  # works without JavaScript
    for field in ("username", "password", "code"):
        assert re.search(rf'<label for="id_{field}"', html), field
    assert 'autocomplete="one-time-code"' in html
    assert "csrfmiddlewaretoken" in html


def test_staff_sign_in_with_password_and_code_and_see_who_they_are(
    client: Client, make_staff: MakeStaff
) -> None:
    ana = make_staff("ana")
    done = sign_in(client, "ana", PASSWORD, code(ana.totp_secret))
    assert done.status_code == 302
    me = client.get(ME)
    assert me.status_code == 200
    html = me.content.decode()
    assert "ana" in html and "agency-user" in html and "demo-election-office" in html


def test_a_staff_page_needs_both_factors(client: Client, make_staff: MakeStaff) -> None:
    make_staff("ana")
    anonymous = client.get(ME)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(SIGN_IN)

    # a password-only session (as Django's own login makes) is not enough
    client.force_login(User.objects.get(username="ana"))
    assert client.get(ME).status_code == 302


@pytest.mark.parametrize("which", ["password", "code", "username"])
def test_a_refusal_does_not_say_which_factor_was_wrong(
    client: Client, make_staff: MakeStaff, which: str
) -> None:
    ana = make_staff("ana")
    attempt = {
        "password": ("ana", "not the password", code(ana.totp_secret)),
        "code": ("ana", PASSWORD, wrong_code(ana.totp_secret)),
        "username": ("nobody", PASSWORD, code(ana.totp_secret)),
    }[which]
    refused = sign_in(client, *attempt)
    assert refused.status_code == 200
    assert REFUSAL in refused.content.decode()
    assert client.get(ME).status_code == 302


def test_the_same_refusal_page_for_every_wrong_factor(
    client: Client, make_staff: MakeStaff
) -> None:
    ana = make_staff("ana")
    bad_password = sign_in(client, "ana", "not the password", code(ana.totp_secret)).content
    bad_code = sign_in(client, "ana", PASSWORD, wrong_code(ana.totp_secret)).content
    strip = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]*"')
    assert strip.sub(b"", bad_password) == strip.sub(b"", bad_code)


def test_lockout_after_repeated_failures_even_with_the_right_factors(
    client: Client, make_staff: MakeStaff, caplog: pytest.LogCaptureFixture
) -> None:
    ana = make_staff("ana")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(client, "ana", PASSWORD, wrong_code(ana.totp_secret)).status_code == 200
    # the failure that reaches the threshold is answered with the lockout
    assert sign_in(client, "ana", "not the password", code(ana.totp_secret)).status_code == 429
    locked = sign_in(client, "ana", PASSWORD, code(ana.totp_secret))
    assert locked.status_code == 429
    assert "locked" in locked.content.decode().lower()
    assert client.get(ME).status_code == 302
    assert any("ana" in r.getMessage() and "lock" in r.getMessage().lower() for r in caplog.records)


def test_failures_below_the_threshold_then_success_start_the_count_again(
    client: Client, make_staff: MakeStaff
) -> None:
    ana = make_staff("ana")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, "ana", "not the password", code(ana.totp_secret))
    assert sign_in(client, "ana", PASSWORD, code(ana.totp_secret)).status_code == 302
    client.post("/accounts/sign-out/")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, "ana", "not the password", code(ana.totp_secret))
    assert sign_in(client, "ana", PASSWORD, code(ana.totp_secret, 1)).status_code == 302


def test_a_used_code_cannot_be_replayed(client: Client, make_staff: MakeStaff) -> None:
    ana = make_staff("ana")
    now = code(ana.totp_secret)
    assert sign_in(client, "ana", PASSWORD, now).status_code == 302
    other = Client()
    assert REFUSAL in sign_in(other, "ana", PASSWORD, now).content.decode()


def test_a_disabled_account_session_stops_at_once(client: Client, make_staff: MakeStaff) -> None:
    ana = make_staff("ana")
    sign_in(client, "ana", PASSWORD, code(ana.totp_secret))
    assert client.get(ME).status_code == 200
    disable_staff("ana")
    assert client.get(ME).status_code == 302
    assert REFUSAL in sign_in(client, "ana", PASSWORD, code(ana.totp_secret, 1)).content.decode()


def test_session_cookie_is_httponly_samesite_and_expires(
    client: Client, make_staff: MakeStaff
) -> None:
    ana = make_staff("ana")
    sign_in(client, "ana", PASSWORD, code(ana.totp_secret))
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    assert int(cookie["max-age"]) == settings.SESSION_COOKIE_AGE
    assert settings.SESSION_COOKIE_AGE == 30 * 60  # the documented default
    assert settings.SESSION_COOKIE_SECURE is not settings.DEBUG


def test_sign_in_without_the_csrf_token_is_refused(make_staff: MakeStaff) -> None:
    ana = make_staff("ana")
    strict = Client(enforce_csrf_checks=True)
    assert sign_in(strict, "ana", PASSWORD, code(ana.totp_secret)).status_code == 403


def test_sign_out_ends_the_session(client: Client, make_staff: MakeStaff) -> None:
    ana = make_staff("ana")
    sign_in(client, "ana", PASSWORD, code(ana.totp_secret))
    assert client.post("/accounts/sign-out/").status_code == 302
    assert client.get(ME).status_code == 302


def test_a_next_address_elsewhere_is_not_followed(client: Client, make_staff: MakeStaff) -> None:
    ana = make_staff("ana")
    done = client.post(
        SIGN_IN + "?next=https://evil.example/",
        {"username": "ana", "password": PASSWORD, "code": code(ana.totp_secret)},
    )
    assert done.status_code == 302
    assert done["Location"] == ME


def test_the_admin_site_also_needs_the_second_factor(client: Client, make_staff: MakeStaff) -> None:
    make_staff("ana")
    User.objects.filter(username="ana").update(is_staff=True, is_superuser=True)
    client.force_login(User.objects.get(username="ana"))
    assert client.get("/admin/").status_code == 302


def test_an_expired_session_signs_in_again(client: Client, make_staff: MakeStaff) -> None:
    from datetime import timedelta

    from django.contrib.sessions.models import Session
    from django.utils import timezone

    ana = make_staff("ana")
    sign_in(client, "ana", PASSWORD, code(ana.totp_secret))
    assert client.get(ME).status_code == 200
    # the session's last request was longer ago than the session lasts
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    assert client.get(ME).status_code == 302


def test_each_request_moves_the_expiry_on(client: Client, make_staff: MakeStaff) -> None:
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    ana = make_staff("ana")
    sign_in(client, "ana", PASSWORD, code(ana.totp_secret))
    soon = timezone.now() + timezone.timedelta(seconds=5)
    Session.objects.update(expire_date=soon)
    client.get(ME)
    [session] = Session.objects.all()
    assert session.expire_date > soon  # an idle timeout, not a fixed one


def test_behind_a_tls_proxy_the_sign_in_form_is_accepted(
    make_staff: MakeStaff, settings: Any
) -> None:
    """Behind a proxy that ends TLS, Django sees plain HTTP while the browser's Origin says
    https: CSRF refuses every sign-in unless the proxy's X-Forwarded-Proto is trusted."""
    ana = make_staff("ana")
    form = {"username": "ana", "password": PASSWORD, "code": code(ana.totp_secret)}
    through_proxy = {
        "HTTP_HOST": "testserver",  # as the proxy passes it on
        "HTTP_ORIGIN": "https://testserver",
        "HTTP_X_FORWARDED_PROTO": "https",
    }

    untrusted = Client(enforce_csrf_checks=True)
    untrusted.get(SIGN_IN)
    token = untrusted.cookies["csrftoken"].value
    refused = untrusted.post(SIGN_IN, {**form, "csrfmiddlewaretoken": token}, **through_proxy)
    assert refused.status_code == 403

    settings.SECURE_PROXY_SSL_HEADER = tls_proxy_header("1")
    trusted = Client(enforce_csrf_checks=True)
    trusted.get(SIGN_IN, **through_proxy)
    token = trusted.cookies["csrftoken"].value
    done = trusted.post(SIGN_IN, {**form, "csrfmiddlewaretoken": token}, **through_proxy)
    assert done.status_code == 302


@pytest.mark.parametrize(
    ("raw", "header"), [("", None), ("0", None), ("1", "HTTP_X_FORWARDED_PROTO")]
)
def test_the_tls_proxy_setting(raw: str, header: str | None) -> None:
    found = tls_proxy_header(raw)
    assert (found[0] if found else None) == header


def test_a_tls_proxy_setting_that_is_neither_on_nor_off_is_refused() -> None:
    with pytest.raises(ConfigurationError, match="STATUSBRIDGE_TLS_PROXY"):
        tls_proxy_header("yes please")


def tls_proxy_header(raw: str) -> tuple[str, str] | None:
    import os
    from unittest import mock

    with mock.patch.dict(os.environ, {"STATUSBRIDGE_TLS_PROXY": raw}):
        return config.tls_proxy_header()
