"""The population: US-like proportions, rich in hard cases, with real families."""

from __future__ import annotations

import numpy as np
import pytest

from statusbridge.world.arrow import take
from statusbridge.world.dates import age_in_years
from statusbridge.world.families import Role
from statusbridge.world.kinds import Kind
from statusbridge.world.naming import feminine, plain
from statusbridge.world.population import Population, build_population

AS_OF = np.datetime64("2026-10-01")
DHS_AS_OF = AS_OF - np.timedelta64(120, "D")


@pytest.fixture(scope="module")
def population() -> Population:
    return build_population(50_000, 21, AS_OF, DHS_AS_OF)


def _share(population: Population, kind: Kind) -> float:
    return float((population.kind == kind).mean())


def test_native_born_citizens_are_the_majority(population: Population) -> None:
    assert 0.65 <= _share(population, Kind.NATIVE_US) <= 0.85
    assert 0.005 <= _share(population, Kind.NATIVE_TERRITORY) <= 0.04
    assert 0.0005 <= _share(population, Kind.NATIONAL) <= 0.005


def test_every_kind_of_person_is_present(population: Population) -> None:
    counts = np.bincount(population.kind, minlength=len(Kind))
    assert (counts > 10).all(), {k.name: int(counts[k]) for k in Kind}
    assert 0.04 <= _share(population, Kind.NATURALIZED) <= 0.12
    assert 0.004 <= _share(population, Kind.DERIVED) <= 0.03
    assert 0.01 <= _share(population, Kind.NO_STATUS) <= 0.06


def test_people_without_status_have_no_ssn_unless_they_once_had_a_visa(
    population: Population,
) -> None:
    no_status = population.kind == Kind.NO_STATUS
    assert population.has_ssn[no_status].mean() < 0.3
    undocumented = no_status & ~population.has_a_number
    assert not population.has_ssn[undocumented].any()


def test_deaths_are_mostly_among_the_old(population: Population) -> None:
    dead = ~np.isnat(population.t.death)
    assert 0.01 <= dead.mean() <= 0.08
    age = age_in_years(population.fam.dob[dead], AS_OF)
    assert np.median(age) > 65
    assert (population.t.death[dead] >= population.fam.dob[dead]).all()
    assert (population.t.death[dead] <= AS_OF).all()


def test_children_share_their_father_s_surname_and_twins_their_birthday(
    population: Population,
) -> None:
    fam, names = population.fam, population.names
    # Spanish-naming children carry two surnames, the father's first: compare first words,
    # allowing for lost accents and Slavic feminine forms.
    children = np.flatnonzero((fam.role == Role.CHILD) & ~fam.female[fam.head])
    child_words = [plain(str(x).split()[0]) for x in take(names.birth_last, children).to_pylist()]
    head_words = [
        plain(str(x).split()[0]) for x in take(names.birth_last, fam.head[children]).to_pylist()
    ]
    shared = [c in (h, feminine(h)) for c, h in zip(child_words, head_words, strict=True)]
    assert np.mean(shared) > 0.99
    twins = np.flatnonzero(fam.twin_of >= 0)
    assert twins.size > 0
    assert (fam.dob[twins] == fam.dob[fam.twin_of[twins]]).all()
    assert (fam.family[twins] == fam.family[fam.twin_of[twins]]).all()


def test_derived_citizens_were_minors_when_a_parent_naturalized(population: Population) -> None:
    t = population.t
    derived = np.flatnonzero(population.kind == Kind.DERIVED)
    age = age_in_years(population.fam.dob[derived], t.derived_on[derived])
    assert (age < 18).all()
    fam = population.fam
    head_nat = t.naturalized_on[fam.head[derived]]
    partner = np.maximum(fam.partner[derived], 0)
    partner_nat = np.where(
        fam.partner[derived] >= 0, t.naturalized_on[partner], np.datetime64("NaT")
    )
    assert (~np.isnat(np.fmin(head_nat, partner_nat))).all()


def test_some_naturalizations_fall_inside_the_dhs_lag(population: Population) -> None:
    naturalized = population.t.naturalized_on[population.kind == Kind.NATURALIZED]
    late = (naturalized > DHS_AS_OF).mean()
    assert 0.01 <= late <= 0.1
