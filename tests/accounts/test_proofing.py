"""The individual: an account bound to a person's own records after identity proofing."""

from __future__ import annotations

import pytest

from statusbridge import config
from statusbridge.accounts.models import Individual
from statusbridge.accounts.policy import Action, Target, actor_for_user, decide
from statusbridge.accounts.proofing import (
    IdentityProofing,
    ProofingRefused,
    SimulatedProofing,
    bind_individual,
    register_individual,
)
from statusbridge.engine.person_key import person_key

CLAIM = {"ssn": "123-45-6789", "first_name": "Pat", "last_name": "Doe", "dob": "1980-02-03"}


def test_the_simulated_provider_is_an_identity_proofing_provider() -> None:
    assert isinstance(SimulatedProofing(), IdentityProofing)
    assert SimulatedProofing().simulated is True


def test_a_proofed_individual_is_bound_to_their_own_person_key(db: None) -> None:
    user = register_individual("pat", "correct horse battery staple 7")
    individual = bind_individual(user, SimulatedProofing(), CLAIM)
    assert individual.person_key == person_key("123456789", config.person_key_secret())
    assert individual.provider == "simulated"
    assert "123456789" not in repr(Individual.objects.values().get())  # no raw SSN stored

    me = actor_for_user(user)
    mine = Target("accounting", individual.person_key, person_key=individual.person_key)
    assert decide(me, Action.READ_ACCOUNTING, mine).allowed


def test_an_unproofed_individual_sees_nothing(db: None) -> None:
    user = register_individual("pat", "correct horse battery staple 7")
    me = actor_for_user(user)
    assert me.person_key is None
    assert not decide(me, Action.READ_ACCOUNTING, Target("accounting", "k", person_key="k")).allowed


@pytest.mark.parametrize("field", ["ssn", "dob", "last_name"])
def test_an_incomplete_or_malformed_claim_is_refused(db: None, field: str) -> None:
    user = register_individual("pat", "correct horse battery staple 7")
    claim = {**CLAIM, field: "x"}
    with pytest.raises(ProofingRefused):
        bind_individual(user, SimulatedProofing(), claim)
    assert not Individual.objects.filter(person_key__gt="").exists()
