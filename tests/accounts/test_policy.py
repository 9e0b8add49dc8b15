"""The one authorization policy, as a table: every actor kind × every action × own and other agency.

The expected answers are written out here independently of ``accounts.policy.TABLE``, so a change
to the policy's table that nobody meant shows up as a failing row.
"""

from __future__ import annotations

import pytest

from statusbridge.accounts.policy import (
    Action,
    Actor,
    Target,
    decide,
)

OWN, OTHER = "county-a", "county-b"
A = Action

# What each actor may do to an object of its own agency (agency-scoped actors) or of any agency
# (staff who serve every agency). Anything not listed is refused.
EXPECTED: dict[str, set[Action]] = {
    "agency-user": {
        A.VERIFY,
        A.SUBMIT_BULK,
        A.VIEW_JOB,
        A.DOWNLOAD_RESULTS,
        A.VIEW_CASE,
        A.ACT_ON_CASE,
        A.CONTEST_CASE,
        A.VIEW_AGREEMENT,
    },
    "agency-admin": {
        A.VERIFY,
        A.SUBMIT_BULK,
        A.VIEW_JOB,
        A.DOWNLOAD_RESULTS,
        A.VIEW_CASE,
        A.ACT_ON_CASE,
        A.CONTEST_CASE,
        A.VIEW_AGREEMENT,
        A.MANAGE_USERS,
        A.MANAGE_CLIENTS,
    },
    "status-verifier": {A.VIEW_CASE, A.DETERMINE_CASE},
    "privacy-officer": {
        A.VIEW_AGREEMENT,
        A.MANAGE_AGREEMENTS,
        A.ACCEPT_LEGAL_CHANGE,
        A.READ_DECISIONS,
        A.READ_ACCOUNTING,
    },
    "auditor": {A.VIEW_AGREEMENT, A.READ_DECISIONS, A.READ_ACCOUNTING, A.READ_AUDIT},
    "api-client": {
        A.VERIFY,
        A.SUBMIT_BULK,
        A.VIEW_JOB,
        A.DOWNLOAD_RESULTS,
        A.VIEW_CASE,
        A.ACT_ON_CASE,
        A.CONTEST_CASE,
        A.VIEW_AGREEMENT,
    },
    "verifier-client": {A.VIEW_CASE, A.DETERMINE_CASE},
}
AGENCY_SCOPED = {"agency-user", "agency-admin", "api-client"}


def actor(role: str) -> Actor:
    if role == "api-client":
        return Actor.client("sbc_1", OWN)
    if role == "verifier-client":
        return Actor("client", "sbc_2", "verifier-client")
    agency = OWN if role in AGENCY_SCOPED else None
    return Actor.staff("pat", role, agency)


@pytest.mark.parametrize("role", sorted(EXPECTED))
@pytest.mark.parametrize("action", list(Action), ids=lambda a: a.value)
@pytest.mark.parametrize("where", ["own", "other"])
def test_every_role_action_and_agency(role: str, action: Action, where: str) -> None:
    target = Target("case", "AV-1", agency=OWN if where == "own" else OTHER)
    expected = action in EXPECTED[role] and (where == "own" or role not in AGENCY_SCOPED)
    decision = decide(actor(role), action, target)
    assert decision.allowed is expected, decision.reason
    if not expected:
        assert decision.reason  # a refusal always says why, in one line
        assert "\n" not in decision.reason


def test_the_policy_knows_every_role_and_action() -> None:
    from statusbridge.accounts.models import Role
    from statusbridge.accounts.policy import TABLE

    assert set(TABLE) == {*Role.values, "api-client", "verifier-client", "individual"}
    assert set(EXPECTED) | {"individual"} == set(TABLE)


@pytest.mark.parametrize("role", sorted(AGENCY_SCOPED))
def test_an_agency_actor_is_refused_what_belongs_to_no_agency(role: str) -> None:
    """A status verifier or an auditor belongs to no agency: an agency's administrator may not
    create or disable one, and an agency's system may not read the whole accounting."""
    decision = decide(actor(role), Action.MANAGE_USERS, Target("user", "sam", agency=None))
    assert not decision.allowed


def test_a_status_verifier_never_gets_an_agency_results_file() -> None:
    decision = decide(actor("status-verifier"), Action.DOWNLOAD_RESULTS, Target("job", "j1", OWN))
    assert not decision.allowed
    assert "status-verifier" in decision.reason


def test_an_individual_sees_their_own_records_only() -> None:
    me = Actor.individual("pat", person_key="k1")
    mine = Target("accounting", "k1", person_key="k1")
    theirs = Target("accounting", "k2", person_key="k2")
    everyone = Target("accounting", "*")
    assert decide(me, Action.READ_ACCOUNTING, mine).allowed
    assert not decide(me, Action.READ_ACCOUNTING, theirs).allowed
    assert not decide(me, Action.READ_ACCOUNTING, everyone).allowed
    own_case = Target("case", "AV-1", OWN, person_key="k1")
    assert decide(me, Action.VIEW_CASE, own_case).allowed
    assert decide(me, Action.CONTEST_CASE, own_case).allowed
    assert not decide(me, Action.CONTEST_CASE, Target("case", "AV-2", OWN, person_key="k2")).allowed
    for action in set(Action) - {Action.READ_ACCOUNTING, Action.VIEW_CASE, Action.CONTEST_CASE}:
        assert not decide(me, action, mine).allowed, action


def test_an_individual_not_yet_proofed_sees_nothing() -> None:
    me = Actor.individual("pat", person_key=None)
    assert not decide(
        me, Action.READ_ACCOUNTING, Target("accounting", "k1", person_key="k1")
    ).allowed


def test_a_disabled_actor_is_refused_everything() -> None:
    disabled = Actor.staff("pat", "auditor", None, active=False)
    decision = decide(disabled, Action.READ_AUDIT, Target("audit", "*"))
    assert not decision.allowed
    assert "disabled" in decision.reason


def test_the_documented_matrix_is_the_policy() -> None:
    from pathlib import Path

    from statusbridge.accounts.policy import SCOPE, TABLE

    docs = (Path(__file__).parents[2] / "docs" / "accounts.md").read_text(encoding="utf-8")
    lines = [line for line in docs.splitlines() if line.startswith("| `") and "`" in line[3:30]]
    header = next(line for line in docs.splitlines() if line.startswith("| action |"))
    names = {"API client": "api-client", "verifier system": "verifier-client"}
    roles = [names.get(c.strip(), c.strip()) for c in header.split("|")[2:-1]]
    documented = {}
    for line in lines:
        cells = [c.strip() for c in line.split("|")[1:-1]]
        if cells[0].strip("`") in Action._value2member_map_:
            documented[Action(cells[0].strip("`"))] = dict(zip(roles, cells[1:], strict=True))
    assert set(documented) == set(Action)
    words = {"agency": "own", "everyone": "all", "self": "self"}
    for action, row in documented.items():
        for role, cell in row.items():
            assert cell == (words[SCOPE[role]] if action in TABLE[role] else ""), (action, role)
