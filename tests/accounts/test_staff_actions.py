"""The audit trail of staff actions: written by the policy check itself, append-only."""

from __future__ import annotations

import pytest

from statusbridge.accounts.models import AppendOnly, StaffAction
from statusbridge.accounts.policy import Action, Forbidden, Target, actor_named, require
from tests.accounts.conftest import MakeStaff


def test_every_check_of_a_person_is_recorded_allowed_or_refused(make_staff: MakeStaff) -> None:
    make_staff("vera", "status-verifier")
    vera = actor_named("vera")
    require(vera, Action.VIEW_CASE, Target("case", "AV-7", agency="demo-election-office"))
    with pytest.raises(Forbidden):
        require(vera, Action.DOWNLOAD_RESULTS, Target("job", "j9", agency="demo-election-office"))

    rows = list(
        StaffAction.objects.order_by("id").values_list(
            "username", "role", "action", "object_kind", "object_id", "agency", "outcome"
        )
    )
    assert rows == [
        ("vera", "status-verifier", "view_case", "case", "AV-7", "demo-election-office", "allowed"),
        (
            "vera",
            "status-verifier",
            "download_results",
            "job",
            "j9",
            "demo-election-office",
            "refused",
        ),
    ]
    refused = StaffAction.objects.get(outcome="refused")
    assert "status-verifier" in refused.reason
    assert refused.at is not None


def test_the_trail_cannot_be_changed_or_deleted_through_the_orm(make_staff: MakeStaff) -> None:
    make_staff("otto", "auditor")
    require(actor_named("otto"), Action.READ_AUDIT, Target("audit", "*"))
    entry = StaffAction.objects.get()

    entry.outcome = "refused"
    with pytest.raises(AppendOnly):
        entry.save()
    with pytest.raises(AppendOnly):
        entry.delete()
    with pytest.raises(AppendOnly):
        StaffAction.objects.all().update(outcome="refused")
    with pytest.raises(AppendOnly):
        StaffAction.objects.all().delete()
    with pytest.raises(AppendOnly):
        StaffAction.objects.bulk_update([entry], ["outcome"])
    assert StaffAction.objects.get().outcome == "allowed"


def test_an_api_client_check_is_not_a_staff_action(db: None) -> None:
    """A system's requests are accounted in the ledger as disclosures; the staff trail is people."""
    from statusbridge.accounts.policy import Actor

    require(
        Actor.client("sbc_1", "demo-election-office"),
        Action.VIEW_JOB,
        Target("job", "j1", agency="demo-election-office"),
    )
    assert not StaffAction.objects.exists()


def test_a_disabled_user_cannot_act(make_staff: MakeStaff) -> None:
    from statusbridge.accounts.services import disable_staff

    make_staff("otto", "auditor")
    disable_staff("otto")
    with pytest.raises(Forbidden, match="otto"):
        actor_named("otto")
    with pytest.raises(Forbidden, match="nobody"):
        actor_named("nobody")


def test_stored_objects_name_their_agency_and_person_for_the_policy(db: None) -> None:
    from statusbridge.accounts.policy import target_of
    from statusbridge.api.models import ApiClient
    from statusbridge.bulk.models import BulkJob
    from statusbridge.cases.models import Case
    from statusbridge.privacy.models import Agency, Agreement

    agency = Agency.objects.get(slug="demo-election-office")
    assert target_of(Case(case_number="AV-1", agency=agency.slug, person_key="k")) == Target(
        "case", "AV-1", agency.slug, "k"
    )
    assert target_of(BulkJob(job_id="j1", agency=agency.slug)) == Target("job", "j1", agency.slug)
    assert target_of(Agreement(reference="MOA-1", agency=agency)).agency == agency.slug
    assert target_of(ApiClient(client_id="sbc_1", agency=agency)).kind == "client"
    with pytest.raises(TypeError):
        target_of(agency)


def test_every_command_with_by_declares_its_action() -> None:
    from statusbridge.accounts.cli import audit, users

    declared = {
        f"{group.name} {name}": getattr(command.callback, "policy_action", None)
        for group in (users, audit)
        for name, command in group.commands.items()
    }
    assert declared == {
        "users create": Action.MANAGE_USERS,
        "users disable": Action.MANAGE_USERS,
        "users list": Action.MANAGE_USERS,
        "users code": None,  # the operator's, at the shell: takes no --by
        "audit list": Action.READ_AUDIT,
    }
