"""The engine's rules as pure functions: records in memory, requests in, answers out.

Each test names the people in the records, what a request says, and the answer a careful
verifier would give. The false confirmations found on a two-million-person world (twins using
a sibling's number, namesakes with two A-numbers) are reproduced here in a few rows each.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.engine.support import (
    BENEFITS,
    ELECTION,
    MemoryBackend,
    a_number_key,
    answers,
    dhs_table,
    ssa_table,
    ssn_key,
)

AV = "ADDITIONAL_VERIFICATION"
BETTER = "ANOTHER_RECORD_FITS_BETTER"

# William James Smith and his twin brother James Smith: the twin goes by his brother's middle
# name. Kristina and Christina Novak: twin sisters whose names differ by two letters. Liz Bell
# and Elizabeth Bell: twins, one known by a nickname of the other's name.
TWINS = [
    {"ssn": "123-45-6789", "first_name": "WILLIAM", "middle_name": "JAMES", "last_name": "SMITH",
     "dob": "1980-02-03", "birth_country": "US", "citizenship_code": "A"},
    {"ssn": "123-45-6790", "first_name": "JAMES", "middle_name": None, "last_name": "SMITH",
     "dob": "1980-02-03", "birth_country": "US", "citizenship_code": "A"},
    {"ssn": "222-33-1111", "first_name": "KRISTINA", "middle_name": None, "last_name": "NOVAK",
     "dob": "1991-07-08", "birth_country": "CZ", "citizenship_code": "A"},
    {"ssn": "222-33-2222", "first_name": "CHRISTINA", "middle_name": None, "last_name": "NOVAK",
     "dob": "1991-07-08", "birth_country": "CZ", "citizenship_code": "C"},
    {"ssn": "333-44-1212", "first_name": "ELIZABETH", "middle_name": None, "last_name": "BELL",
     "dob": "1975-04-04", "birth_country": "US", "citizenship_code": "A"},
    {"ssn": "333-44-3434", "first_name": "LIZ", "middle_name": None, "last_name": "BELL",
     "dob": "1975-04-04", "birth_country": "CA", "citizenship_code": "C"},
    # No twin on record: Robert Jones is known as Bob.
    {"ssn": "444-55-6666", "first_name": "ROBERT", "middle_name": None, "last_name": "JONES",
     "dob": "1970-01-01", "birth_country": "US", "citizenship_code": "A"},
    # A holder whose given and family names can trade places.
    {"ssn": "555-66-7777", "first_name": "WEI", "middle_name": None, "last_name": "ZHANG",
     "dob": "1985-09-10", "birth_country": "US", "citizenship_code": "A"},
    # Pedro Alves has a DHS record of his own, carrying his own SSN; Pablo is his twin.
    {"ssn": "616-11-2222", "first_name": "PABLO", "middle_name": "PEDRO", "last_name": "ALVES",
     "dob": "1993-03-03", "birth_country": "US", "citizenship_code": "A"},
    {"ssn": "616-11-3333", "first_name": "PEDRO", "middle_name": None, "last_name": "ALVES",
     "dob": "1993-03-03", "birth_country": "BR", "citizenship_code": "C"},
]  # fmt: skip
# Two Loan Thi Nguyens, born the same day in Vietnam: one a citizen with an SSN whose DHS file
# (A-number 288000001) carries it, the other a visitor (A-number 206795870) with no SSN.
# Two Ivan Petrovs: one an LPR whose DHS record carries his SSN; a namesake naturalized.
NAMESAKES_SSA = [
    {"ssn": "288-01-0549", "first_name": "LOAN", "middle_name": "THI", "last_name": "NGUYEN",
     "dob": "1960-05-14", "birth_country": "VN", "citizenship_code": "A"},
    {"ssn": "377-01-0549", "first_name": "IVAN", "middle_name": None, "last_name": "PETROV",
     "dob": "1979-12-12", "birth_country": "RU", "citizenship_code": "C"},
]  # fmt: skip
DHS = [
    {"a_number": "288000001", "ssn": "288-01-0549", "first_name": "LOAN", "middle_name": "THI",
     "last_name": "NGUYEN", "dob": "1960-05-14", "country_of_birth": "VN",
     "status": "NATURALIZED", "status_start": "2001-01-01", "certificate_number": "N1234567"},
    {"a_number": "206795870", "first_name": "LOAN", "middle_name": "THI", "last_name": "NGUYEN",
     "dob": "1960-05-14", "country_of_birth": "VN", "status": "NONIMMIGRANT",
     "status_start": "2023-07-02", "status_end": "2027-06-11"},
    {"a_number": "377000001", "ssn": "377-01-0549", "first_name": "IVAN", "middle_name": None,
     "last_name": "PETROV", "dob": "1979-12-12", "country_of_birth": "RU", "status": "LPR",
     "status_start": "2024-01-01"},
    {"a_number": "377000002", "first_name": "IVAN", "middle_name": None, "last_name": "PETROV",
     "dob": "1979-12-12", "country_of_birth": "RU", "status": "NATURALIZED",
     "status_start": "2015-01-01", "certificate_number": "N7654321"},
    {"a_number": "666000003", "ssn": "616-11-3333", "first_name": "PEDRO", "middle_name": None,
     "last_name": "ALVES", "dob": "1993-03-03", "country_of_birth": "BR", "status": "LPR",
     "status_start": "2010-01-01"},
]  # fmt: skip


@pytest.fixture(scope="module")
def backend() -> MemoryBackend:
    return MemoryBackend(ssa_table(TWINS + NAMESAKES_SSA), dhs_table(DHS))


def ask(backend: MemoryBackend, **fields: str) -> dict[str, Any]:
    return answers(backend, [{"request_id": "r", **fields}])["r"]


def _code(answer: dict[str, Any]) -> tuple[str, str]:
    return answer["response_code"], answer["reason"]


# --- twins presenting a sibling's number ---------------------------------------------------------


@pytest.mark.parametrize(
    "fields",
    [
        # goes by the sibling's middle name, full SSN and last four
        {"first_name": "James", "last_name": "Smith", "dob": "1980-02-03", "ssn": "123456789"},
        {"first_name": "James", "last_name": "Smith", "dob": "1980-02-03", "ssn_last4": "6789"},
        # two letters from the sibling's given name
        {
            "first_name": "Christina",
            "last_name": "Novak",
            "dob": "1991-07-08",
            "ssn": "222-33-1111",
        },
        # a nickname of the sibling's given name
        {"first_name": "Liz", "last_name": "Bell", "dob": "1975-04-04", "ssn": "333441212"},
        {"first_name": "Liz", "last_name": "Bell", "dob": "1975-04-04", "ssn_last4": "1212"},
    ],
    ids=["middle-name", "middle-name-last4", "two-letters", "nickname", "nickname-last4"],
)
def test_a_twin_with_a_record_of_their_own_is_not_the_sibling(
    backend: MemoryBackend, fields: dict[str, str]
) -> None:
    for purpose in (BENEFITS, ELECTION):
        answer = answers(backend, [{"request_id": "r", **fields}], purpose)["r"]
        assert _code(answer) == (AV, BETTER)


def test_the_answer_names_the_number_holder_whose_record_was_read(backend: MemoryBackend) -> None:
    answer = ask(backend, first_name="James", last_name="Smith", dob="1980-02-03", ssn="123456789")
    assert answer["person_key"] == ssn_key("123456789")
    assert answer["dhs_key"] is None


def test_a_nickname_still_confirms_when_no_one_else_fits_better(backend: MemoryBackend) -> None:
    answer = ask(backend, first_name="Bob", last_name="Jones", dob="1970-01-01", ssn="444556666")
    assert _code(answer) == ("US_CITIZEN", "SSA_CITIZEN_CODE")
    answer = ask(backend, first_name="Bob", last_name="Jones", dob="1970-01-01", ssn_last4="6666")
    assert _code(answer) == ("US_CITIZEN", "SSA_CITIZEN_CODE")


def test_the_twin_with_their_own_number_is_answered(backend: MemoryBackend) -> None:
    answer = ask(backend, first_name="James", last_name="Smith", dob="1980-02-03", ssn="123456790")
    assert _code(answer) == ("US_CITIZEN", "SSA_CITIZEN_CODE")


def test_a_dhs_record_of_exactly_that_person_under_another_number_fits_better(
    backend: MemoryBackend,
) -> None:
    ssa_only_pablo = MemoryBackend(ssa_table(TWINS[:8] + TWINS[8:9]), dhs_table(DHS))
    answer = ask(
        ssa_only_pablo, first_name="Pedro", last_name="Alves", dob="1993-03-03", ssn="616112222"
    )
    assert _code(answer) == (AV, BETTER)


# --- namesakes with two A-numbers --------------------------------------------------------------


def test_a_visitor_does_not_borrow_a_namesakes_citizenship(backend: MemoryBackend) -> None:
    fields = {"first_name": "Loan", "middle_name": "Thi", "last_name": "Nguyen",
              "dob": "1960-05-14", "a_number": "A206795870"}  # fmt: skip
    answer = ask(backend, **fields)
    assert answer["response_code"] == "IMMIGRATION_STATUS"
    assert answer["status"] == "NONIMMIGRANT"
    assert answer["person_key"] is None  # the namesake holder is not this person
    assert answer["dhs_key"] == a_number_key("206795870")


def test_a_holder_tied_to_one_a_number_is_not_a_namesakes_naturalization(
    backend: MemoryBackend,
) -> None:
    answer = ask(backend, first_name="Ivan", last_name="Petrov", dob="1979-12-12", ssn="377010549")
    assert answer["response_code"] != "US_CITIZEN"
    assert answer["status"] == "LPR"
    assert answer["dhs_key"] == a_number_key("377000001")


def test_the_namesakes_own_a_number_still_confirms(backend: MemoryBackend) -> None:
    fields = {"first_name": "Loan", "middle_name": "Thi", "last_name": "Nguyen",
              "dob": "1960-05-14", "a_number": "288000001"}  # fmt: skip
    answer = ask(backend, **fields)
    assert _code(answer) == ("US_CITIZEN", "SSA_CITIZEN_CODE")
    assert answer["person_key"] == ssn_key("288010549")
    assert answer["dhs_key"] == a_number_key("288000001")


def test_a_parolee_is_not_a_namesake_citizen_whose_record_gives_no_country(
    backend: MemoryBackend,
) -> None:
    # François Étienne, paroled in 2024, and Francois Etienne, born a citizen, the same day;
    # SSA does not record the citizen's birthplace, so only the names and date can be compared.
    records = MemoryBackend(
        ssa_table([{"ssn": "401-38-9664", "first_name": "FRANCOIS", "middle_name": None,
                    "last_name": "ETIENNE", "dob": "2005-07-12", "citizenship_code": "A"}]),
        dhs_table([{"a_number": "247075841", "first_name": "FRANCOIS", "middle_name": None,
                    "last_name": "ETIENNE", "dob": "2005-07-12", "country_of_birth": "HT",
                    "status": "PAROLEE", "status_start": "2024-06-08",
                    "status_end": "2028-06-08"}]),
    )  # fmt: skip
    answer = ask(records, first_name="François", last_name="Étienne", dob="2005-07-12",
                 a_number="247075841")  # fmt: skip
    assert (answer["response_code"], answer["status"]) == ("IMMIGRATION_STATUS", "PAROLEE")
    assert answer["person_key"] is None


# --- keying faults that careful rules confirm --------------------------------------------------


def test_swapped_given_and_family_names_confirm_with_the_exact_birth_date(
    backend: MemoryBackend,
) -> None:
    answer = ask(backend, first_name="Zhang", last_name="Wei", dob="1985-09-10", ssn="555667777")
    assert _code(answer) == ("US_CITIZEN", "SSA_CITIZEN_CODE")
    assert answer["person_key"] == ssn_key("555667777")


def test_swapped_names_and_a_near_birth_date_are_two_faults(backend: MemoryBackend) -> None:
    answer = ask(backend, first_name="Zhang", last_name="Wei", dob="1985-09-11", ssn="555667777")
    assert _code(answer) == (AV, "IDENTITY_NOT_CONFIRMED")


@pytest.mark.parametrize("dob", ["1989-02-03", "1930-02-03", "1980-02-03"])
def test_one_wrong_digit_of_the_birth_year_confirms(backend: MemoryBackend, dob: str) -> None:
    answer = ask(backend, first_name="William", last_name="Smith", dob=dob, ssn="123456789")
    assert _code(answer) == ("US_CITIZEN", "SSA_CITIZEN_CODE")


def test_a_near_birth_date_with_the_exact_name_is_a_typo_not_a_namesake() -> None:
    # Another William James Smith was born the next day; a date keying error is still one fault.
    records = MemoryBackend(
        ssa_table([TWINS[0], {**TWINS[0], "ssn": "129-45-6789", "dob": "1980-02-04"}]),
        dhs_table([]),
    )
    answer = ask(records, first_name="William", middle_name="James", last_name="Smith",
                 dob="1980-02-04", ssn="123456789")  # fmt: skip
    assert _code(answer) == ("US_CITIZEN", "SSA_CITIZEN_CODE")


# --- every answer that identified a person carries that person's key ---------------------------


def test_a_mismatch_on_a_full_ssn_is_accounted_to_the_number_holder(
    backend: MemoryBackend,
) -> None:
    answer = ask(backend, first_name="Peter", last_name="Brown", dob="1960-06-06", ssn="444556666")
    assert _code(answer) == (AV, "IDENTITY_NOT_CONFIRMED")
    assert answer["person_key"] == ssn_key("444556666")


def test_an_unknown_number_identifies_no_one(backend: MemoryBackend) -> None:
    answer = ask(backend, first_name="Pat", last_name="Doe", dob="1960-06-06", ssn="111223333")
    assert (answer["person_key"], answer["dhs_key"]) == (None, None)


def test_citizenship_from_a_certificate_carries_both_keys(backend: MemoryBackend) -> None:
    fields = {"first_name": "Loan", "middle_name": "Thi", "last_name": "Nguyen",
              "dob": "1960-05-14", "certificate_number": "N1234567"}  # fmt: skip
    answer = ask(backend, **fields)
    assert answer["response_code"] == "US_CITIZEN"
    assert answer["person_key"] == ssn_key("288010549")
    assert answer["dhs_key"] == a_number_key("288000001")


def test_a_dhs_record_whose_holder_does_not_fit_still_names_the_holder(
    backend: MemoryBackend,
) -> None:
    # The DHS record carries Pedro's SSN; the request's name fits the DHS record, not SSA's.
    records = MemoryBackend(
        ssa_table([{**TWINS[9], "first_name": "PETER", "last_name": "ALVEZ-SOUZA"}]),
        dhs_table(DHS),
    )
    answer = ask(records, first_name="Pedro", last_name="Alves", dob="1993-03-03",
                 a_number="666000003")  # fmt: skip
    assert answer["response_code"] == "IMMIGRATION_STATUS"
    assert answer["person_key"] == ssn_key("616113333")
    assert answer["dhs_key"] == a_number_key("666000003")
