"""``statusbridge users …`` and ``statusbridge audit list`` as an administrator uses them."""

from __future__ import annotations

import base64
import json

import pytest

from tests.conftest import Run

PASSWORD = "correct horse battery staple 7"
AGENCY = "demo-election-office"
OTHER_AGENCY = "demo-benefits-agency"


def create(cli: Run, username: str, role: str, *extra: str, check: bool = True):  # type: ignore[no-untyped-def]
    return cli(
        "users",
        "create",
        "--username",
        username,
        "--role",
        role,
        *extra,
        "--password-stdin",
        "--json",
        input=PASSWORD + "\n",
        check=check,
    )


def test_an_administrator_creates_staff_of_every_role(cli: Run) -> None:
    made = {
        "ana": create(cli, "ana", "agency-user", "--agency", AGENCY),
        "adam": create(cli, "adam", "agency-admin", "--agency", AGENCY),
        "vera": create(cli, "vera", "status-verifier"),
        "paula": create(cli, "paula", "privacy-officer"),
        "otto": create(cli, "otto", "auditor"),
    }
    for username, done in made.items():
        shown = json.loads(done.stdout)
        assert shown["username"] == username
        assert len(base64.b32decode(shown["totp_secret"])) == 20  # a 160-bit TOTP key
    assert json.loads(made["ana"].stdout)["agency"] == AGENCY
    assert json.loads(made["vera"].stdout)["agency"] is None

    listed = json.loads(cli("users", "list", "--json").stdout)
    assert {u["username"]: u["role"] for u in listed} == {
        "ana": "agency-user",
        "adam": "agency-admin",
        "vera": "status-verifier",
        "paula": "privacy-officer",
        "otto": "auditor",
    }
    assert all(u["active"] for u in listed)
    text = cli("users", "list").stdout + cli("users", "list", "--json").stdout
    for done in made.values():
        assert json.loads(done.stdout)["totp_secret"] not in text  # shown once, never again


@pytest.mark.parametrize(
    ("extra", "reason"),
    [
        (("--role", "agency-user"), "--agency"),
        (("--role", "agency-admin", "--agency", "no-such-agency"), "no-such-agency"),
        (("--role", "auditor", "--agency", AGENCY), "every agency"),
        (("--role", "janitor"), "janitor"),
    ],
)
def test_a_role_without_its_agency_or_an_unknown_agency_is_refused(
    cli: Run, extra: tuple[str, ...], reason: str
) -> None:
    done = cli(
        "users",
        "create",
        "--username",
        "ana",
        *extra,
        "--password-stdin",
        input=PASSWORD + "\n",
        check=False,
    )
    assert done.returncode != 0
    assert reason in done.stderr
    assert "Traceback" not in done.stderr
    assert json.loads(cli("users", "list", "--json").stdout) == []


def test_a_weak_password_is_refused_by_the_password_validators(cli: Run) -> None:
    done = cli(
        "users",
        "create",
        "--username",
        "ana",
        "--role",
        "auditor",
        "--password-stdin",
        input="password\n",
        check=False,
    )
    assert done.returncode != 0
    assert "password" in done.stderr.lower()
    assert len(done.stderr.strip().splitlines()) == 1
    assert json.loads(cli("users", "list", "--json").stdout) == []


def test_no_password_on_stdin_is_refused(cli: Run) -> None:
    done = cli(
        "users",
        "create",
        "--username",
        "ana",
        "--role",
        "auditor",
        "--password-stdin",
        input="",
        check=False,
    )
    assert done.returncode != 0
    assert "password" in done.stderr


def test_a_username_is_taken_once(cli: Run) -> None:
    create(cli, "ana", "auditor")
    done = create(cli, "ana", "auditor", check=False)
    assert done.returncode != 0
    assert "ana" in done.stderr and "exists" in done.stderr


def test_disable_marks_the_account_inactive(cli: Run) -> None:
    create(cli, "ana", "auditor")
    cli("users", "disable", "ana")
    [ana] = json.loads(cli("users", "list", "--json").stdout)
    assert ana["active"] is False
    done = cli("users", "disable", "nobody", check=False)
    assert done.returncode != 0 and "nobody" in done.stderr


# --- acting for a person: --by -----------------------------------------------------------


def test_an_agency_admin_creates_staff_of_their_own_agency_only(cli: Run) -> None:
    create(cli, "adam", "agency-admin", "--agency", AGENCY)
    create(cli, "ana", "agency-user", "--agency", AGENCY, "--by", "adam")

    refused = create(
        cli, "bea", "agency-user", "--agency", OTHER_AGENCY, "--by", "adam", check=False
    )
    assert refused.returncode != 0
    assert refused.stderr.startswith("statusbridge: refused:")
    assert len(refused.stderr.strip().splitlines()) == 1
    no_agency = create(cli, "vera", "status-verifier", "--by", "adam", check=False)
    assert no_agency.returncode != 0

    names = {u["username"] for u in json.loads(cli("users", "list", "--json").stdout)}
    assert names == {"adam", "ana"}  # nothing changed by the refusals


@pytest.mark.parametrize("by", ["nobody", "otto", "ghost"])
def test_by_naming_no_user_a_disabled_one_or_one_without_the_right_changes_nothing(
    cli: Run, by: str
) -> None:
    create(cli, "otto", "auditor")
    create(cli, "ghost", "agency-admin", "--agency", AGENCY)
    create(cli, "ana", "agency-user", "--agency", AGENCY)
    cli("users", "disable", "ghost")

    done = cli("users", "disable", "ana", "--by", by, check=False)
    assert done.returncode != 0
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert by in done.stderr
    ana = next(
        u for u in json.loads(cli("users", "list", "--json").stdout) if u["username"] == "ana"
    )
    assert ana["active"] is True


def test_staff_actions_are_audited_and_read_by_auditors(cli: Run) -> None:
    create(cli, "adam", "agency-admin", "--agency", AGENCY)
    create(cli, "otto", "auditor")
    create(cli, "ana", "agency-user", "--agency", AGENCY, "--by", "adam")
    create(cli, "bea", "agency-user", "--agency", OTHER_AGENCY, "--by", "adam", check=False)
    cli("users", "disable", "ana", "--by", "adam")

    actions = json.loads(cli("audit", "list", "--by", "otto", "--json").stdout)
    seen = [(a["by"], a["action"], a["object_kind"], a["object_id"], a["outcome"]) for a in actions]
    assert ("adam", "manage_users", "user", "ana", "allowed") in seen
    assert ("adam", "manage_users", "user", "bea", "refused") in seen
    assert seen.count(("adam", "manage_users", "user", "ana", "allowed")) == 2  # create, disable
    assert all(a["at"] for a in actions)

    refused = cli("audit", "list", "--by", "adam", check=False)
    assert refused.returncode != 0 and "refused" in refused.stderr
    # reading the trail is itself in the trail, refusals too
    again = json.loads(cli("audit", "list", "--json").stdout)
    assert ("otto", "read_audit", "allowed") in [
        (a["by"], a["action"], a["outcome"]) for a in again
    ]
    assert ("adam", "read_audit", "refused") in [
        (a["by"], a["action"], a["outcome"]) for a in again
    ]


@pytest.mark.parametrize("minutes", ["abc", "0", "-5"])
def test_a_session_length_that_cannot_be_used_is_one_line(
    cli: Run, cli_env: dict[str, str], minutes: str
) -> None:
    cli_env["STATUSBRIDGE_SESSION_MINUTES"] = minutes
    done = cli("users", "list", check=False)
    assert done.returncode != 0
    assert done.stderr.strip().splitlines() == [
        f"statusbridge: STATUSBRIDGE_SESSION_MINUTES={minutes!r} is not a whole number of minutes"
    ]
