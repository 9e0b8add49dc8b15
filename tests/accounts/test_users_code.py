"""``statusbridge users code``: a demo account's current sign-in code, for the operator at the
shell only (no ``--by``), never the secret; refused for an unknown or disabled account."""

from __future__ import annotations

import json

from tests.accounts.conftest import code
from tests.conftest import Run

PASSWORD = "demo password for ed"


def _create(cli: Run, username: str) -> str:
    made = cli(
        "users", "create", "--username", username, "--role", "agency-user",
        "--agency", "demo-election-office", "--password-stdin", "--json",
        input=PASSWORD + "\n",
    )  # fmt: skip
    secret: str = json.loads(made.stdout)["totp_secret"]
    return secret


def test_the_current_code_is_one_the_sign_in_accepts(cli: Run) -> None:
    secret = _create(cli, "ed")
    shown = cli("users", "code", "ed").stdout.strip()
    assert shown in {code(secret, step) for step in (-1, 0, 1)}  # a step may pass meanwhile
    assert secret not in shown


def test_refused_for_an_unknown_or_disabled_account_and_with_by(cli: Run) -> None:
    _create(cli, "ed")
    unknown = cli("users", "code", "nobody", check=False)
    assert unknown.returncode != 0 and "no active account 'nobody'" in unknown.stderr
    assert cli("users", "code", "ed", "--by", "ed", check=False).returncode != 0
    cli("users", "disable", "ed")
    disabled = cli("users", "code", "ed", check=False)
    assert disabled.returncode != 0 and disabled.stdout == ""
