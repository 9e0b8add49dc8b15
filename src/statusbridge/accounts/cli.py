"""``statusbridge users …`` and ``statusbridge audit …``: staff accounts and the staff audit trail.

A TOTP secret is printed once, by ``users create``; passwords are read from standard input only,
never from an argument (arguments show in process lists and shell history). This module must
never print a password or, after creation, a TOTP secret. ``users code`` (for demos) prints a
current code, never the secret, to the operator at the shell only: it takes no ``--by``.
"""

from __future__ import annotations

import json
import sys
from typing import Any

import click
from rich.table import Table

from statusbridge.accounts.acting import acting_for
from statusbridge.accounts.policy import Action, Target, whole
from statusbridge.command import Failure, handled, out, setup_django


def _user_target(username: str, **_: Any) -> Target:
    from statusbridge.accounts.services import staff_agency

    return Target("user", username, agency=staff_agency(username))


def _new_user_target(username: str, agency: str | None, **_: Any) -> Target:
    return Target("user", username, agency=agency or None)


def _read_password() -> str:
    password = sys.stdin.readline().rstrip("\r\n")
    if not password:
        raise Failure("no password on standard input (--password-stdin reads one line)")
    return password


@click.group()
def users() -> None:
    """Staff accounts: people who sign in with a password and a TOTP code."""


@users.command("create")
@click.option("--username", required=True)
@click.option("--role", required=True, help="agency-user, agency-admin, status-verifier, …")
@click.option("--agency", help="The agency of an agency-user or agency-admin.")
@click.option(
    "--password-stdin",
    "password_stdin",
    is_flag=True,
    required=True,
    help="Read the password from the first line of standard input.",
)
@click.option("--json", "as_json", is_flag=True)
@acting_for(Action.MANAGE_USERS, _new_user_target)
@handled
def users_create(
    username: str, role: str, agency: str | None, password_stdin: bool, as_json: bool
) -> None:
    """Create a staff account; its TOTP secret is shown this once."""
    from statusbridge.accounts.services import AccountError, create_staff

    password = _read_password()
    try:
        made = create_staff(username, role, agency, password)
    except AccountError as exc:
        raise Failure(str(exc)) from exc
    shown = {
        "username": made.username,
        "role": made.role,
        "agency": made.agency,
        "totp_secret": made.totp_secret,
        "otpauth_uri": made.otpauth_uri,
    }
    if as_json:
        click.echo(json.dumps(shown, indent=2))
        return
    where = f" of {made.agency}" if made.agency else ""
    click.echo(f"created {made.username} ({made.role}{where})")
    click.echo(f"TOTP secret (shown only this once): {made.totp_secret}")
    click.echo(f"for an authenticator app: {made.otpauth_uri}")


@users.command("list")
@click.option("--json", "as_json", is_flag=True)
@acting_for(Action.MANAGE_USERS, lambda **_: whole("user"))
def users_list(as_json: bool) -> None:
    """Staff accounts, their roles and agencies (never a secret)."""
    setup_django()
    from statusbridge.accounts.services import list_staff

    staff = list_staff()
    if as_json:
        rows = [
            {
                "username": s.username,
                "role": s.role,
                "agency": s.agency,
                "active": s.active,
                "created": s.created.isoformat(timespec="seconds"),
                "last_sign_in": s.last_sign_in.isoformat(timespec="seconds")
                if s.last_sign_in
                else None,
            }
            for s in staff
        ]
        click.echo(json.dumps(rows, indent=2))
        return
    table = Table("username", "role", "agency", "active", "last sign-in")
    for s in staff:
        last = s.last_sign_in.isoformat(timespec="seconds") if s.last_sign_in else "never"
        table.add_row(s.username, s.role, s.agency or "—", "yes" if s.active else "disabled", last)
    out.print(table if staff else "no staff yet: use `statusbridge users create`")


@users.command("disable")
@click.argument("username")
@acting_for(Action.MANAGE_USERS, _user_target)
@handled
def users_disable(username: str) -> None:
    """Disable an account: its sessions end at once; it can no longer sign in or act."""
    from statusbridge.accounts.services import AccountError, disable_staff

    try:
        disable_staff(username)
    except AccountError as exc:
        raise Failure(str(exc)) from exc
    click.echo(f"disabled {username}")


@users.command("code")
@click.argument("username")
@handled
def users_code(username: str) -> None:
    """Print an active account's current sign-in code (demos; the operator at the shell only).

    Whoever runs it can already read the data home, TOTP keys included; it takes no ``--by``,
    so no signed-in person can reach it through the policy.
    """
    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(
        user__username=username, user__is_active=True, confirmed=True
    ).first()
    if device is None:
        raise Failure(f"no active account '{username}' with an authenticator")
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    click.echo(f"{totp.token():0{device.digits}d}")


@click.group()
def audit() -> None:
    """The trail of staff actions: who viewed or changed what, allowed or refused."""


@audit.command("list")
@click.option("--limit", type=click.IntRange(min=1), help="Only the newest N actions.")
@click.option("--json", "as_json", is_flag=True)
@acting_for(Action.READ_AUDIT, lambda **_: Target("audit", "*"))
@handled
def audit_list(limit: int | None, as_json: bool) -> None:
    """Staff actions, oldest first."""
    from statusbridge.accounts.models import StaffAction

    actions = StaffAction.objects.order_by("-id")
    picked = list(actions[:limit] if limit else actions)[::-1]
    rows = [
        {
            "at": a.at.isoformat(timespec="seconds"),
            "by": a.username,
            "role": a.role,
            "action": a.action,
            "object_kind": a.object_kind,
            "object_id": a.object_id,
            "agency": a.agency or None,
            "outcome": a.outcome,
            "reason": a.reason,
            "via": a.via,
        }
        for a in picked
    ]
    if as_json:
        click.echo(json.dumps(rows, indent=2))
        return
    table = Table("at", "by", "action", "object", "agency", "outcome")
    for r in rows:
        table.add_row(
            r["at"],
            f"{r['by']} ({r['role']})",
            r["action"],
            f"{r['object_kind']} {r['object_id']}",
            r["agency"] or "—",
            r["outcome"],
        )
    out.print(table if rows else "no staff actions yet")
