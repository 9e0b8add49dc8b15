"""Every command declares what it needs, and with ``--by`` each role, in its own agency and in
another, is allowed or refused exactly as the one policy says, as the command runs."""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner

from statusbridge.accounts.policy import TABLE, Actor, decide
from statusbridge.accounts.services import create_staff
from statusbridge.api.credentials import create_client
from statusbridge.cli import main
from tests.accounts.conftest import PASSWORD, MakeStaff

OWN, OTHER = "demo-election-office", "demo-benefits-agency"
PURPOSES = {OWN: "voter-list-maintenance", OTHER: "benefit-eligibility"}
STAFF_ROLES = [r for r in TABLE if r not in {"api-client", "verifier-client", "individual"}]
# Commands an operator runs at the shell as the service's own account: they act for no person,
# so they take no --by (setting up the database, taking in extracts, running the service and its
# workers, generating synthetic worlds, reading public notices).
OPERATOR_COMMANDS = {
    "migrate",
    "records ingest",
    "records list",
    "serve",
    "worker",
    "world generate",
    "sorn list",
    "sorn show",
    "sorn diff",
    "sorn import",
    "sorn sync",
    "sorn review list",
    "sorn review show",
    "sorn event add",
    "sorn events",
    "sorn in-force",
    "sorn cfr",
    "elections list",
    "users code",
}


def _commands(group: click.Group, prefix: str = "") -> Iterator[tuple[str, click.Command]]:
    context = click.Context(group)
    for name in group.list_commands(context):
        command = group.get_command(context, name)
        assert command is not None
        path = f"{prefix} {name}".strip()
        if isinstance(command, click.Group):
            yield from _commands(command, path)
        else:
            yield path, command


def test_every_command_declares_what_it_needs_or_is_the_operators() -> None:
    undeclared = [
        path
        for path, command in _commands(main)
        if path not in OPERATOR_COMMANDS and not hasattr(command.callback, "policy_action")
    ]
    assert not undeclared, f"commands that act without the policy: {undeclared}"
    takes_by = {
        path for path, command in _commands(main) if any(p.name == "by" for p in command.params)
    }
    assert not takes_by & OPERATOR_COMMANDS


Args = Callable[[str, Path], list[str]]


def _pending_event() -> str:
    """A legal event awaiting review, for a privacy officer to accept or reject."""
    from datetime import date

    from statusbridge.privacy.models import LegalEvent

    event = LegalEvent.objects.create(
        system_number="DHS/USCIS-004", version_published=date(2025, 10, 31), effect="stayed",
        effective_from=date(2026, 8, 3), citation="Matrix v. Sample, No. 1 (D.D.C. 2026)",
    )  # fmt: skip
    return f"event-{event.pk}"


def _requests(tmp: Path) -> str:
    path = tmp / "requests.csv"
    path.write_text("request_id,first_name,last_name,dob,ssn\nr1,Ann,Lee,1980-01-01,123456789\n")
    return str(path)


def _case(agency: str) -> str:
    """A case of ``agency`` awaiting a status verifier (its state only decides whether an
    allowed step then succeeds; the policy's refusal comes first either way)."""
    from datetime import date

    from statusbridge.cases.models import Case
    from statusbridge.cases.services import new_case_number

    day = date(2026, 3, 2)
    number = new_case_number(day)
    Case.objects.create(
        case_number=number, agency=agency, purpose=PURPOSES[agency], request_id="r1",
        reason="SSA_CODE_IS_A_SNAPSHOT", opened_on=day, last_event_on=day, due_on=day,
    )  # fmt: skip
    return number


def _pdf(tmp: Path) -> str:
    path = tmp / "passport.pdf"
    path.write_bytes(b"%PDF-1.4\n%synthetic\n")
    return str(path)


_PERSON = ["--first-name", "Ann", "--last-name", "Lee", "--dob", "1980-01-01"]

# Sample arguments for each command, for an acting person aimed at ``agency``.
SAMPLES: dict[str, Args] = {
    "cases list": lambda a, t: ["--agency", a],
    "cases queue": lambda a, t: [],
    "cases show": lambda a, t: [_case(a)],
    "cases institute": lambda a, t: [_case(a)],
    "cases request-documents": lambda a, t: [_case(a), "--note", "a passport"],
    "cases upload": lambda a, t: [_case(a), _pdf(t), "--kind", "us-passport"],
    "cases document": lambda a, t: [_case(a), "1", "--out", str(t / "doc.pdf")],
    "cases determine": lambda a, t: [_case(a), "--outcome", "NOT_VERIFIED", "--evidence", "x"],
    "cases notify": lambda a, t: [_case(a)],
    "cases notice": lambda a, t: [_case(a)],
    "cases contest": lambda a, t: [_case(a)],
    "cases finalize": lambda a, t: [_case(a)],
    "cases close": lambda a, t: [_case(a), "--reason", "duplicate"],
    "cases resubmit": lambda a, t: [_case(a), "--ssn", "123-45-6789", *_PERSON],
    "cases corrections": lambda a, t: ["--agency", a],
    "cases stats": lambda a, t: [],
    "elections add-primary": lambda a, t: ["--state", "GA", "--on", "2028-05-19"],
    "accounting": lambda a, t: ["--ssn", "123-45-6789"],
    "agreements add": lambda a, t: [
        "--agency",
        a,
        "--purpose",
        "matrix-check",
        "--no-adverse-action",
        "--valid-from",
        "2026-01-01",
        "--valid-until",
        "2027-01-01",
    ],
    "agreements add-matching": lambda a, t: [
        "--agency",
        a,
        "--title",
        "Matrix",
        "--transmitted",
        "2026-01-01",
        "--effective",
        "2026-02-15",
        "--expires",
        "2027-08-01",
    ],
    "agreements decisions": lambda a, t: ["--agency", a],
    "agreements list": lambda a, t: [],
    "audit list": lambda a, t: ["--limit", "1"],
    "clients create": lambda a, t: ["--agency", a],
    "clients list": lambda a, t: [],
    "clients revoke": lambda a, t: [create_client(a).client_id],
    "ledger checkpoint": lambda a, t: [],
    "ledger prove": lambda a, t: ["--old-size", "0"],
    "ledger stats": lambda a, t: [],
    "ledger verify": lambda a, t: [],
    "users create": lambda a, t: [
        "--username",
        f"new-{uuid.uuid4().hex[:12]}",
        "--role",
        "agency-user",
        "--agency",
        a,
        "--password-stdin",
    ],
    "users disable": lambda a, t: [
        create_staff(f"old-{uuid.uuid4().hex[:12]}", "agency-user", a, PASSWORD).username
    ],
    "users list": lambda a, t: [],
    "sorn review accept": lambda a, t: [_pending_event()],
    "sorn review reject": lambda a, t: [_pending_event()],
    "verify one": lambda a, t: [
        "--ssn",
        "123-45-6789",
        "--first-name",
        "Ann",
        "--last-name",
        "Lee",
        "--dob",
        "1980-01-01",
        "--agency",
        a,
        "--purpose",
        PURPOSES[a],
    ],
    "verify bulk": lambda a, t: [
        _requests(t),
        "--agency",
        a,
        "--purpose",
        PURPOSES[a],
        "--out",
        str(t / "out.csv"),
        "--quiet",
    ],
}


def test_every_declared_command_has_a_sample() -> None:
    declared = {p for p, c in _commands(main) if hasattr(c.callback, "policy_action")}
    assert declared == set(SAMPLES)


def _target_agency(path: str, agency: str) -> str | None:
    """The agency the sample aims at, or None where the command acts on every agency."""
    whole = {"agreements list", "clients list", "users list", "audit list", "accounting",
             "cases queue", "cases stats", "elections add-primary"}  # fmt: skip
    return None if path in whole or path.startswith("ledger") else agency


@pytest.mark.parametrize("role", STAFF_ROLES)
def test_each_role_in_its_own_and_another_agency(
    role: str, make_staff: MakeStaff, tmp_path: Path
) -> None:
    commands = dict(_commands(main))
    made = make_staff(f"matrix-{role}", role, OWN)
    actor = Actor.staff(made.username, role, OWN if role.startswith("agency") else None)
    runner = CliRunner()
    wrong: list[str] = []
    seen = {True: 0, False: 0}
    for (path, sample), agency in itertools.product(SAMPLES.items(), (OWN, OTHER)):
        work = tmp_path / f"{path.replace(' ', '-')}-{agency}"
        work.mkdir()
        command = commands[path]
        target = _expected_target(path, agency)
        expected = decide(actor, command.callback.policy_action, target).allowed  # type: ignore[union-attr]
        args: list[str] = [*sample(agency, work), "--by", made.username]
        result: Any = runner.invoke(command, args, input=f"{PASSWORD}\n")
        refused = "refused:" in result.output
        seen[refused] += 1
        if refused == expected:
            wrong.append(f"{path} for {agency}: {result.output.strip()[:160]}")
    assert not wrong, f"{role}:\n" + "\n".join(wrong)
    assert seen[True], "every role is refused something"
    assert seen[False], "and allowed something"


def _expected_target(path: str, agency: str) -> Any:
    from statusbridge.accounts.policy import Target

    aimed = _target_agency(path, agency)
    return Target("matrix", "sample", aimed)
