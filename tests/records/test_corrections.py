"""Corrections layered over answers, as a pure function of the answers and the corrections."""

from __future__ import annotations

import polars as pl

from statusbridge.engine.decide import Purpose
from statusbridge.records.corrections import _SCHEMA, apply

VOTERS = Purpose("voter-list-maintenance", adverse_action=True, receives_status=False)
BENEFITS = Purpose("benefit-eligibility", adverse_action=False, receives_status=True)


def _answers(*rows: tuple[str, str, str | None, str | None]) -> pl.DataFrame:
    return pl.DataFrame(
        [
            {
                "row_number": i,
                "response_code": code,
                "reason": reason,
                "status": status,
                "evidence": None,
                "status_since": None,
                "opens_case": code == "ADDITIONAL_VERIFICATION",
                "person_key": key,
                "dhs_key": None,
            }
            for i, (code, reason, status, key) in enumerate(rows)
        ],
        schema_overrides={"status_since": pl.Date, "dhs_key": pl.String, "person_key": pl.String},
    )


def _corrections(*rows: tuple[str, str, str | None]) -> pl.DataFrame:
    return pl.DataFrame(list(rows), schema=_SCHEMA, orient="row")


def test_a_citizen_determination_answers_later_questions_about_the_same_person() -> None:
    answers = _answers(
        ("ADDITIONAL_VERIFICATION", "SSA_CODE_IS_A_SNAPSHOT", None, "k1"),
        ("IMMIGRATION_STATUS", "MAY_HAVE_NATURALIZED_SINCE_RECORD", "LPR", "k1"),
        ("ADDITIONAL_VERIFICATION", "SSA_CODE_IS_A_SNAPSHOT", None, "k2"),
    )
    done = apply(answers, _corrections(("k1", "US_CITIZEN", None)), BENEFITS)
    assert done.columns == answers.columns
    assert done["response_code"].to_list() == [
        "US_CITIZEN", "US_CITIZEN", "ADDITIONAL_VERIFICATION"
    ]  # fmt: skip
    assert done["reason"].to_list()[:2] == ["CASE_DETERMINATION"] * 2
    assert done["status"].to_list()[:2] == [None, None]
    assert done["opens_case"].to_list() == [False, False, True]


def test_an_answer_about_who_the_person_is_or_a_death_is_never_corrected() -> None:
    answers = _answers(
        ("ADDITIONAL_VERIFICATION", "IDENTITY_NOT_CONFIRMED", None, "k1"),
        ("ADDITIONAL_VERIFICATION", "ANOTHER_RECORD_FITS_BETTER", None, "k1"),
        ("DECEASED", "SSA_DEATH_RECORD", None, "k1"),
        ("RESUBMIT", "FULL_SSN_REQUIRED", None, "k1"),
    )
    done = apply(answers, _corrections(("k1", "US_CITIZEN", None)), VOTERS)
    assert done.equals(answers)


def test_a_status_is_given_only_where_the_purpose_may_receive_it() -> None:
    answers = _answers(("ADDITIONAL_VERIFICATION", "STATUS_EXPIRED_ON_RECORD", None, "k1"))
    correction = _corrections(("k1", "IMMIGRATION_STATUS", "LPR"))
    to_benefits = apply(answers, correction, BENEFITS)
    assert to_benefits.select("response_code", "status", "reason").row(0) == (
        "IMMIGRATION_STATUS", "LPR", "CASE_DETERMINATION"
    )  # fmt: skip
    assert apply(answers, correction, VOTERS).equals(answers)


def test_no_corrections_leave_the_answers_as_they_are() -> None:
    answers = _answers(("US_CITIZEN", "SSA_CITIZEN_CODE", None, "k1"))
    assert apply(answers, _corrections(), VOTERS) is answers


def test_a_person_known_only_by_their_dhs_record_is_found_by_it() -> None:
    answers = _answers(
        ("ADDITIONAL_VERIFICATION", "STATUS_MAY_HAVE_CHANGED", None, None)
    ).with_columns(pl.lit("a1").alias("dhs_key"))
    done = apply(answers, _corrections(("a1", "US_CITIZEN", None)), VOTERS)
    assert done.select("response_code", "reason").row(0) == ("US_CITIZEN", "CASE_DETERMINATION")
