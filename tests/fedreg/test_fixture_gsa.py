"""The real GSA notice (FR Doc. 2019-21885, GSA/OGP-1) read end to end.

The fixture is the register's XML for 84 FR 53728-53730 (October 8, 2019), with two passages
edited for the test ('MOAR PARAGRAPHS' in the summary and placeholder citations in HISTORY);
the assertions below state what this file actually says.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from statusbridge.fedreg import ParsedNotice, notice_json, parse_notice
from statusbridge.privacy.sorn import SornAction
from statusbridge.privacy.sorn.imported import to_sorn_version
from tests.fedreg.handmade import GSA_FIXTURE

FIXTURE = Path(GSA_FIXTURE)


@pytest.fixture(scope="module")
def gsa() -> ParsedNotice:
    return parse_notice(FIXTURE.read_bytes())


def test_identifies_the_system(gsa: ParsedNotice) -> None:
    assert gsa.system_number == "GSA/OGP-1"
    assert gsa.system_name == "e-Rulemaking Program Administrative System"
    assert gsa.agency == "GENERAL SERVICES ADMINISTRATION"
    assert gsa.subject == "Privacy Act of 1974; System of Records"


def test_a_new_system_of_records(gsa: ParsedNotice) -> None:
    assert gsa.action_text == "Notice of a new system of records."
    assert gsa.action is SornAction.NEW
    assert not gsa.is_correction


def test_document_number_docket_and_filing(gsa: ParsedNotice) -> None:
    assert gsa.fr_doc == "2019-21885"
    assert gsa.docket == "2019-0002"
    assert gsa.filed == date(2019, 10, 7)


def test_publication_date_is_estimated_from_the_filing_line_and_says_so(gsa: ParsedNotice) -> None:
    # The file has no <DATE>; filed Monday Oct 7, 2019, so the next publication day is Tuesday
    # Oct 8, 2019, which is the true publication date (84 FR 53728).
    assert gsa.published == date(2019, 10, 8)
    assert gsa.published_basis.startswith("estimated")
    assert any("estimated" in w for w in gsa.warnings)


def test_page_citation_from_the_first_page_break(gsa: ParsedNotice) -> None:
    # The first <PRTPAGE P="53729"/> comes after the notice's text has begun.
    assert gsa.fr_citation == "84 FR 53728"
    assert gsa.fr_citation_basis.startswith("estimated")


def test_routine_uses_take_effect_on_the_date_in_dates(gsa: ParsedNotice) -> None:
    # "The routine uses will not be effective until November 7, 2019"; not the Oct 8 applicability.
    assert gsa.effective == date(2019, 11, 7)
    assert gsa.effective_basis == "stated in DATES"


def test_eleven_lettered_routine_uses(gsa: ParsedNotice) -> None:
    labels = [ru.label for ru in gsa.routine_uses]
    assert labels == list("abcdefghijk")
    assert gsa.routine_uses[1].text == (
        "To the Office of Personnel Management (OPM), OMB, and the Government Accountability "
        "Office (GAO) in accordance with their responsibilities for evaluating Federal programs."
    )
    assert gsa.routine_uses[4].text == (
        "To the National Archives and Records Administration (NARA) for records management "
        "purposes."
    )
    assert gsa.routine_uses[10].text.startswith("To a partner agency when GSA determines")


def test_inline_enumerations_stay_inside_their_routine_use(gsa: ParsedNotice) -> None:
    litigation = gsa.routine_uses[3]
    assert litigation.label == "d"
    assert "(a) GSA or any component thereof" in litigation.text
    assert "(d) the United States" in litigation.text
    breach = gsa.routine_uses[8]
    assert breach.text.startswith("To appropriate agencies, entities, and persons when (1) GSA")


def test_routine_use_preamble_is_kept_apart(gsa: ParsedNotice) -> None:
    assert gsa.routine_uses_preamble.startswith("In addition to those disclosures generally")
    assert gsa.routine_uses_preamble.endswith("5 U.S.C. 552a(b)(3) as follows:")


def test_a108_sections(gsa: ParsedNotice) -> None:
    s = gsa.sections
    assert s["security_classification"] == "Unclassified."
    assert s["system_location"] == (
        "National Computer Center in Research Triangle Park, North Carolina."
    )
    # Text split by a page break reads as one paragraph, without the page number.
    assert s["authority"] == (
        "e-Government Act of 2002, see 44 U.S.C. 3602(f)(6); see also id § 3501, note."
    )
    assert "53729" not in s["authority"]
    assert s["categories_of_individuals"].startswith("Covered individuals are partner agency users")
    assert s["exemptions"] == "None."
    assert s["retrieval"].endswith("using the government-issued email addresses.")
    assert "Procedures for contesting records" in s["contesting_procedures"]
    assert s["history"].split("\n") == [
        "FAKE CITATIONS FOR A SORN 01 FR 1234",
        "FAKE CITATIONS FOR NOT A SORN 02 FR 9876",
    ]
    # Emphasis inside a paragraph is kept as plain text, with sensible spacing.
    assert "(e.g., comments received)" in gsa.supplementary
    # The signature block is not part of any section.
    assert "Richard Speidel" not in gsa.supplementary
    assert "MOAR PARAGRAPHS" in gsa.summary


def test_every_a108_heading_in_the_file_is_recognised(gsa: ParsedNotice) -> None:
    assert gsa.other_sections == {}
    assert len(gsa.sections) == 19


def test_json_for_the_cli(gsa: ParsedNotice) -> None:
    data = notice_json(gsa)
    assert data["system_number"] == "GSA/OGP-1"
    assert data["system_name"] == "e-Rulemaking Program Administrative System"
    assert data["action"] == "new"
    assert data["published"] == "2019-10-08"
    assert len(data["routine_uses"]) == 11
    assert data["routine_uses"][0] == {"label": "a", "text": gsa.routine_uses[0].text}
    assert data["status"] == "awaiting_review"


def test_becomes_a_sorn_version_awaiting_review(gsa: ParsedNotice) -> None:
    v = to_sorn_version(gsa)
    assert v.awaiting_review
    assert v.key == "GSA/OGP-1@2019-10-08"
    assert v.effective == date(2019, 11, 7)
    assert len(v.routine_uses) == 11
    assert v.routine_uses[9].label == "j"
    assert "published (estimated from the filing date)" in v.unconfirmed
    # Statutes a routine use cites are picked out for the reviewer.
    assert v.routine_uses[0].authorities == ()
    assert v.section("system_location").startswith("National Computer Center")


def test_text_input_reads_the_same_as_bytes(gsa: ParsedNotice) -> None:
    assert parse_notice(FIXTURE.read_text(encoding="utf-8")) == gsa
