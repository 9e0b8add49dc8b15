"""The notice of findings, as a person would read it: text and PDF, English and Spanish."""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import replace
from datetime import date
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from statusbridge.cases.notices import (
    LANGUAGES,
    OUTCOMES,
    NoticeFacts,
    render,
    written_date,
)

CASE = "SB261102K7Q2M9X4TP"
SSA_AS_OF = date(2026, 3, 3)
DHS_AS_OF = date(2026, 6, 1)
FACTS = NoticeFacts(
    case_number=CASE,
    agency_name="Demo County Election Office",
    agency_contact="Elections Office, 100 Main St., Springfield\nPhone 555-123-4567",
    purpose="voter-list-maintenance",
    request_id="ROLL-0042",
    outcome="NOT_VERIFIED",
    status="",
    evidence="SSA shows code C since 2004; no DHS record matched the name and date of birth.",
    ssa_as_of=SSA_AS_OF,
    dhs_as_of=DHS_AS_OF,
    determined_on=date(2026, 11, 2),
    notice_on=date(2026, 11, 3),
    contest_until=date(2026, 12, 3),
    case_page=f"https://statusbridge.example/me/cases/{CASE}",
)
STATUSES = ("LPR", "CONDITIONAL_RESIDENT", "REFUGEE", "ASYLEE", "NONIMMIGRANT", "PAROLEE",
            "TPS", "DACA", "NATURALIZED", "DERIVED_CITIZEN")  # fmt: skip
# Nine digits standing on their own, plain or split 3-2-4: what must never reach a notice.
SSN_SHAPED = re.compile(r"(?<![^\W_])\d{3}(?:[-–\s.]\d{2}[-–\s.]|\d{2})\d{4}(?![^\W_])")


def looks_like_ssn(text: str) -> bool:
    """SSN-shaped once look-alike digits are read as digits and accents dropped."""
    folded = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return SSN_SHAPED.search(unicodedata.normalize("NFKC", folded)) is not None


def facts_for(outcome: str) -> NoticeFacts:
    return replace(FACTS, outcome=outcome, status="LPR" if outcome == "IMMIGRATION_STATUS" else "")


def flat(text: str) -> str:
    """Whitespace collapsed: a date wrapped over two lines still reads as one phrase."""
    return " ".join(text.split())


def pdf_text(pdf: bytes) -> str:
    return flat(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages))


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("outcome", OUTCOMES)
def test_every_outcome_renders_with_the_facts_a_person_needs(outcome: str, language: str) -> None:
    notice = render(facts_for(outcome), language)
    text = flat(notice.text)
    assert notice.language == language
    assert CASE in text
    assert "ROLL-0042" in text
    assert written_date(FACTS.contest_until, language) in text
    assert written_date(SSA_AS_OF, language) in text
    assert written_date(DHS_AS_OF, language) in text
    assert "Elections Office, 100 Main St., Springfield" in text
    assert "Phone 555-123-4567" in text
    assert "552a(p)" in text
    assert FACTS.case_page in text
    assert notice.pdf.startswith(b"%PDF-")


def test_the_english_notice_says_what_to_do_and_that_records_can_be_wrong() -> None:
    text = flat(render(FACTS, "en").text)
    assert text.startswith("Notice of findings about your citizenship or immigration status")
    assert "contest" in text and "by December 3, 2026" in text
    assert "not a final decision" in text
    assert "naturalization" in text and "noncitizen code" in text
    assert "No final action will be taken until after December 3, 2026" in text
    assert "while your contest is open" in text
    for document in ("U.S. passport", "certificate of naturalization", "certificate of citizenship",
                     "birth certificate", "immigration document"):  # fmt: skip
        assert document in text
    assert "voter list maintenance" in text
    assert "March 3, 2026" in text and "June 1, 2026" in text


def test_the_spanish_notice_has_spanish_dates_and_accents() -> None:
    text = flat(render(FACTS, "es").text)
    assert text.startswith("Aviso de conclusiones sobre su ciudadanía o estatus migratorio")
    assert "3 de marzo de 2026" in text
    assert "1 de junio de 2026" in text
    assert "a más tardar el 3 de diciembre de 2026" in text
    assert "¿Qué dicen los registros?" in text
    assert "mantenimiento del padrón electoral" in text
    assert "no es una decisión final" in text
    assert "Ley de Privacidad" in text
    for english in ("March", "December", "Notice of findings"):
        assert english not in text


def test_dates_are_written_out_in_each_language_whatever_the_locale() -> None:
    assert written_date(date(2026, 3, 3), "en") == "March 3, 2026"
    assert written_date(date(2026, 3, 3), "es") == "3 de marzo de 2026"
    spanish = [written_date(date(2026, month, 1), "es").split()[2] for month in range(1, 13)]
    assert spanish == ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
                       "septiembre", "octubre", "noviembre", "diciembre"]  # fmt: skip


@pytest.mark.parametrize(
    ("status", "english", "spanish"),
    [
        ("LPR", "lawful permanent resident", "residente permanente legal"),
        (
            "CONDITIONAL_RESIDENT",
            "conditional permanent resident",
            "residente permanente condicional",
        ),
        ("REFUGEE", "refugee", "persona refugiada"),
        ("ASYLEE", "asylum", "asilo"),
        ("NONIMMIGRANT", "temporary visa", "visa temporal"),
        ("PAROLEE", "parole", "parole"),
        ("TPS", "Temporary Protected Status", "Estatus de Protección Temporal"),
        ("DACA", "Deferred Action for Childhood Arrivals", "Acción Diferida"),
        ("NATURALIZED", "naturalized U.S. citizen", "por naturalización"),
        ("DERIVED_CITIZEN", "U.S. citizen through a parent", "ciudadanía derivada"),
    ],
)
def test_each_dhs_status_is_said_in_plain_words(status: str, english: str, spanish: str) -> None:
    facts = replace(FACTS, outcome="IMMIGRATION_STATUS", status=status)
    assert english in flat(render(facts, "en").text)
    assert spanish in flat(render(facts, "es").text)
    assert f": {status}." not in flat(render(facts, "en").text)  # never the bare code


def test_a_citizen_status_is_not_called_a_lack_of_citizenship() -> None:
    for status in ("NATURALIZED", "DERIVED_CITIZEN"):
        text = flat(render(replace(FACTS, outcome="IMMIGRATION_STATUS", status=status), "en").text)
        assert "do not show that you are a U.S. citizen" not in text
    lpr = flat(render(replace(FACTS, outcome="IMMIGRATION_STATUS", status="LPR"), "en").text)
    assert "do not show that you are a U.S. citizen" in lpr


def test_each_outcome_says_something_different() -> None:
    sections = {
        outcome: flat(render(facts_for(outcome), "en").text).split("What the records say")[1][:80]
        for outcome in OUTCOMES
    }
    assert len(set(sections.values())) == len(OUTCOMES)
    assert "you are a U.S. citizen" in sections["US_CITIZEN"]
    assert "U.S. national" in sections["US_NATIONAL"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_pdf_carries_the_case_number_and_the_contest_date(language: str) -> None:
    notice = render(FACTS, language)
    assert notice.pdf.startswith(b"%PDF-")
    text = pdf_text(notice.pdf)
    assert CASE in text
    assert written_date(FACTS.contest_until, language) in text
    if language == "es":
        assert "¿Qué dicen los registros?" in text
        assert "ciudadanía" in text


def test_spanish_letters_render_in_the_pdf() -> None:
    facts = replace(
        FACTS, agency_contact="Oficina Electoral, Peña Blanca. ¡Llame! ¿Dudas? áéíóúñÑü"
    )
    assert "Peña Blanca. ¡Llame! ¿Dudas? áéíóúñÑü" in pdf_text(render(facts, "es").pdf)


def test_the_same_facts_give_the_same_pdf() -> None:
    assert render(FACTS, "en").pdf == render(FACTS, "en").pdf


PLANTED = ("123-45-6789", "123 45 6789", "123456789", "123.45.6789", "123–45–6789",
           "１２３-４５-６７８９", "①②③-④⑤-⑥⑦⑧⑨",
           "1\u200b23-45-6789", "1\u030123-45-6789",
           "SSN123456789", "ss#123-45-6789")  # fmt: skip


@pytest.mark.parametrize("ssn", PLANTED)
@pytest.mark.parametrize("field", ["evidence", "agency_contact", "request_id", "agency_name"])
def test_an_ssn_typed_into_free_text_never_reaches_the_notice(field: str, ssn: str) -> None:
    changes: dict[str, Any] = {field: f"person SSN: {ssn} (check)"}
    facts = replace(FACTS, **changes)
    for language in LANGUAGES:
        notice = render(facts, language)
        for output in (notice.text, pdf_text(notice.pdf)):
            assert "6789" not in output
            assert not looks_like_ssn(output)
        assert "[number removed]" in notice.text or "[número omitido]" in notice.text


A_NUMBERS = ("A123456789", "A-012345678", "A# 12345678", "A-number: 1234567", "a123456789",
             "a-number 12345678", "A no. 12345678", "A 12345678")  # fmt: skip


@pytest.mark.parametrize("a_number", A_NUMBERS)
def test_an_a_number_typed_into_free_text_never_reaches_the_notice(a_number: str) -> None:
    notice = render(replace(FACTS, evidence=f"DHS record {a_number} shows LPR."), "en")
    digits = re.sub(r"\D", "", a_number).lstrip("0")
    assert digits not in notice.text
    assert digits not in pdf_text(notice.pdf)
    assert "DHS record [number removed] shows LPR." in flat(notice.text)


def test_phone_numbers_zip_codes_and_the_case_number_are_kept() -> None:
    contact = "Phone (555) 123-4567 or 1-555-123-4567, Springfield, IL 62701-1234"
    text = flat(render(replace(FACTS, agency_contact=contact), "en").text)
    assert contact in text
    assert CASE in text
    spanish = "Llame a 55512345 o al 555-123-4567."
    assert spanish in flat(render(replace(FACTS, agency_contact=spanish), "es").text)


def test_text_is_not_html_escaped() -> None:
    facts = replace(FACTS, agency_name="Smith & Jones <Elections>", evidence='"quoted" & <b>')
    text = render(facts, "en").text
    assert "Smith & Jones <Elections>" in text
    assert '"quoted" & <b>' in text
    assert "&amp;" not in text and "&lt;" not in text


def test_emoji_and_cjk_in_free_text_do_not_break_the_pdf() -> None:
    facts = replace(
        FACTS,
        agency_contact="县选举办公室 📞 555-123-4567 “open” 9–5 — Zoë",
        evidence="Verifier note 🙂 with ﬁne ligatures, Ω and 한국어",
    )
    for language in LANGUAGES:
        notice = render(facts, language)
        assert "县选举办公室 📞" in notice.text  # the text keeps what was written
        text = pdf_text(notice.pdf)
        assert CASE in text
        assert "555-123-4567" in text
        assert '"open" 9-5 - Zoë' in text  # near equivalents where Latin-1 has one
        assert "fine ligatures" in text


def test_a_missing_contact_says_the_agency_that_wrote_to_you() -> None:
    facts = replace(FACTS, agency_contact="")
    assert "Contact the agency that wrote to you: Demo County Election Office." in flat(
        render(facts, "en").text
    )
    assert "la agencia que le escribió" in render(facts, "es").text
    nameless = replace(facts, agency_name="")
    assert "Contact the agency that wrote to you." in flat(render(nameless, "en").text)


def test_without_a_case_page_the_notice_points_to_the_agency() -> None:
    text = render(replace(FACTS, case_page=""), "en").text
    assert "case page" not in text
    assert "Contact Demo County Election Office." in flat(text)


def test_records_not_consulted_are_said_to_be_unused() -> None:
    text = flat(render(replace(FACTS, dhs_as_of=None), "en").text)
    assert "Immigration records (Department of Homeland Security): not used for this notice" in text
    assert "Social Security records: current as of March 3, 2026" in text


def test_an_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError, match="language"):
        render(FACTS, "fr")


def test_an_outcome_a_notice_cannot_state_is_refused() -> None:
    with pytest.raises(ValueError, match="outcome"):
        render(replace(FACTS, outcome="DECEASED"), "en")


free_text = st.text(max_size=300)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    case_number=free_text,
    agency_name=free_text,
    agency_contact=free_text,
    purpose=free_text,
    request_id=free_text,
    outcome=st.sampled_from(OUTCOMES),
    status=st.one_of(st.sampled_from(STATUSES), free_text),
    evidence=free_text,
    ssa_as_of=st.one_of(st.none(), st.dates()),
    dhs_as_of=st.one_of(st.none(), st.dates()),
    days=st.tuples(st.dates(), st.dates(), st.dates()),
    case_page=free_text,
    language=st.sampled_from(LANGUAGES),
)
def test_any_free_text_renders_without_an_ssn(
    case_number: str,
    agency_name: str,
    agency_contact: str,
    purpose: str,
    request_id: str,
    outcome: str,
    status: str,
    evidence: str,
    ssa_as_of: date | None,
    dhs_as_of: date | None,
    days: tuple[date, date, date],
    case_page: str,
    language: str,
) -> None:
    facts = NoticeFacts(
        case_number=case_number,
        agency_name=agency_name,
        agency_contact=agency_contact,
        purpose=purpose,
        request_id=request_id,
        outcome=outcome,
        status=status,
        evidence=f"{evidence} 987-65-4321 {evidence}",
        ssa_as_of=ssa_as_of,
        dhs_as_of=dhs_as_of,
        determined_on=days[0],
        notice_on=days[1],
        contest_until=days[2],
        case_page=case_page,
    )
    notice = render(facts, language)
    assert notice.pdf.startswith(b"%PDF-")
    assert notice.pdf.rstrip().endswith(b"%%EOF")
    assert written_date(facts.contest_until, language) in flat(notice.text)
    assert "987-65-4321" not in notice.text
    assert not looks_like_ssn(notice.text)
    extracted = pdf_text(notice.pdf)
    assert "987-65-4321" not in extracted
    assert not looks_like_ssn(extracted)


# Digits, separators and look-alikes in dense mixes: where a scrubber's edge cases live.
identifier_soup = st.text(
    alphabet=st.sampled_from("0123456789 -.#Aa–①１\u0301\u200bnumberS:"), max_size=80
)


@settings(max_examples=150, deadline=None)
@given(evidence=identifier_soup, request_id=identifier_soup, language=st.sampled_from(LANGUAGES))
def test_no_ssn_shape_survives_identifier_like_free_text(
    evidence: str, request_id: str, language: str
) -> None:
    notice = render(replace(FACTS, evidence=evidence, request_id=request_id), language)
    assert not looks_like_ssn(notice.text)
    assert not looks_like_ssn(pdf_text(notice.pdf))


def test_each_pdf_page_names_the_case_and_counts_pages() -> None:
    notice = render(replace(FACTS, evidence="Braces {nb} and {page} stay as typed."), "en")
    pages = PdfReader(io.BytesIO(notice.pdf)).pages
    for number, page in enumerate(pages, start=1):
        assert f"Case {CASE} - page {number} of {len(pages)}" in flat(page.extract_text())
    text = pdf_text(notice.pdf)
    assert "Braces {nb} and {page} stay as typed." in text
    assert "- Contact Demo County" not in text  # bullets are drawn, not typed
