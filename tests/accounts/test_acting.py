"""``acting_for``: the ``--by`` option any command can take, as the lead will apply it."""

from __future__ import annotations

from typing import Any

import click
from click.testing import CliRunner

from statusbridge.accounts.acting import acting_for
from statusbridge.accounts.models import StaffAction
from statusbridge.accounts.policy import Action, Target
from tests.accounts.conftest import MakeStaff

done: list[dict[str, Any]] = []


@click.command()
@click.argument("case_number")
@acting_for(
    Action.DETERMINE_CASE,
    lambda case_number, **_: Target("case", case_number, agency="demo-election-office"),
    required=True,
    pass_by=True,
)
def determine(case_number: str, by: str) -> None:
    done.append({"case": case_number, "by": by})


def test_the_person_allowed_runs_the_command_and_is_passed_on(make_staff: MakeStaff) -> None:
    make_staff("vera", "status-verifier")
    done.clear()
    result = CliRunner().invoke(determine, ["AV-1", "--by", "vera"])
    assert result.exit_code == 0, result.output
    assert done == [{"case": "AV-1", "by": "vera"}]
    assert StaffAction.objects.get().outcome == "allowed"


def test_a_person_without_the_right_is_refused_before_the_command_runs(
    make_staff: MakeStaff,
) -> None:
    make_staff("ana", "agency-user")
    done.clear()
    result = CliRunner().invoke(determine, ["AV-1", "--by", "ana"])
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        "statusbridge: refused: ana (agency-user of demo-election-office) may not determine case"
    ]
    assert done == []
    assert StaffAction.objects.get().outcome == "refused"


def test_a_required_by_must_be_given(db: None) -> None:
    done.clear()
    result = CliRunner().invoke(determine, ["AV-1"])
    assert result.exit_code == 2
    assert "--by" in result.output
    assert done == []


def test_a_target_that_does_not_exist_is_one_line(make_staff: MakeStaff) -> None:
    make_staff("vera", "status-verifier")

    def missing(**_: Any) -> Target:
        raise KeyError("no case AV-404")  # a KeyError's message without its quotes

    @click.command()
    @acting_for(Action.VIEW_CASE, missing)
    def show() -> None:
        raise AssertionError("must not run")

    result = CliRunner().invoke(show, ["--by", "vera"])
    assert result.exit_code == 1
    assert result.output.strip() == "statusbridge: no case AV-404"
