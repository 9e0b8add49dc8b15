"""Hand-made notices: each kind of action, the ways a notice names its system, and bad input."""

from __future__ import annotations

from datetime import date

import pytest

from statusbridge.fedreg import (
    NoticeParseError,
    classify_action,
    notice_json,
    parse_notice,
    parse_notices,
    section_key,
    split_name_and_number,
)
from statusbridge.privacy.sorn import SornAction
from statusbridge.privacy.sorn.imported import to_sorn_version
from tests.fedreg.handmade import notice_xml


@pytest.mark.parametrize(
    ("subject", "action", "expected"),
    [
        (
            "Privacy Act of 1974; System of Records",
            "Notice of a new system of records.",
            SornAction.NEW,
        ),
        (
            "Privacy Act of 1974; System of Records",
            "Notice of a Modified System of Records.",
            SornAction.MODIFIED,
        ),
        (
            "Privacy Act of 1974; System of Records",
            "Notice of rescindment of a system of records.",
            SornAction.RESCINDED,
        ),
        (
            "Privacy Act of 1974; Rescindment of a System of Records Notice",
            "Notice.",
            SornAction.RESCINDED,
        ),
        (
            "Privacy Act of 1974; Matching Program",
            "Notice of a new matching program.",
            SornAction.MATCHING_PROGRAM,
        ),
        (
            "Privacy Act of 1974; Computer Matching Program",
            "Notice of a modified matching program.",
            SornAction.MATCHING_PROGRAM,
        ),
        (
            "Privacy Act of 1974: Implementation of Exemptions; Example Records",
            "Final rule.",
            SornAction.EXEMPTION,
        ),
        ("Privacy Act of 1974; System of Records", "Notice.", SornAction.OTHER),
        (
            "Privacy Act of 1974; System of Records; Correction",
            "Notice of a modified system of records; correction.",
            SornAction.MODIFIED,
        ),
        (
            "Privacy Act of 1974, as Amended; Proposed New Routine Use",
            "Proposed new routine use.",
            SornAction.MODIFIED,
        ),
    ],
)
def test_classifies_what_a_notice_does(subject: str, action: str, expected: SornAction) -> None:
    assert classify_action(subject, action) is expected


@pytest.mark.parametrize(
    ("action", "expected"),
    [
        ("Notice of a new system of records.", SornAction.NEW),
        ("Notice of a modified system of records.", SornAction.MODIFIED),
        ("Notice of rescindment of a system of records notice.", SornAction.RESCINDED),
        ("Notice of a new matching program.", SornAction.MATCHING_PROGRAM),
        ("Notice.", SornAction.OTHER),
    ],
)
def test_each_action_from_a_whole_notice(action: str, expected: SornAction) -> None:
    parsed = parse_notice(notice_xml(action=action))
    assert parsed.action is expected
    assert parsed.system_number == "EXA-7"
    assert parsed.system_name == "Example Benefit Records"


def test_an_exemption_rule() -> None:
    xml = notice_xml(
        root="RULE",
        subject="Privacy Act of 1974: Implementation of Exemptions; EXA-7",
        action="Final rule.",
        routine_uses=None,
        sections=[],
    )
    parsed = parse_notice(xml)
    assert parsed.action is SornAction.EXEMPTION
    assert parsed.routine_uses == ()


def test_a_rescindment_needs_no_routine_uses() -> None:
    parsed = parse_notice(
        notice_xml(action="Notice of rescindment of a system of records.", routine_uses=None)
    )
    assert parsed.action is SornAction.RESCINDED
    assert parsed.routine_uses == ()


def test_numbered_routine_uses_with_sub_items_and_continuations() -> None:
    parsed = parse_notice(
        notice_xml(
            routine_uses=[
                "1. To employers, to complete wage reports.",
                "2. To DHS, when:",
                "(a) the person claims citizenship;",
                "a. a sub-item in another style stays here;",
                "We disclose only the fields needed.",
                "3. To the National Archives for records management.",
            ]
        )
    )
    assert [ru.label for ru in parsed.routine_uses] == ["1", "2", "3"]
    second = parsed.routine_uses[1].text
    assert second.split("\n") == [
        "To DHS, when:",
        "(a) the person claims citizenship;",
        "a. a sub-item in another style stays here;",
        "We disclose only the fields needed.",
    ]
    assert parsed.routine_uses_preamble == "We may disclose records as follows:"


def test_doubled_letters_after_z() -> None:
    letters = [chr(c) for c in range(ord("A"), ord("Z") + 1)] + ["AA", "BB"]
    parsed = parse_notice(notice_xml(routine_uses=[f"{x}. To recipient {x}." for x in letters]))
    assert [ru.label for ru in parsed.routine_uses] == letters


def test_a_label_out_of_sequence_is_text_not_a_new_use() -> None:
    parsed = parse_notice(
        notice_xml(routine_uses=["1. To A.", "2. To B.", "1. This restates the first.", "3. To C."])
    )
    assert [ru.label for ru in parsed.routine_uses] == ["1", "2", "3"]
    assert parsed.routine_uses[1].text.endswith("1. This restates the first.")
    assert any("out of sequence" in w for w in parsed.warnings)


def test_ssa_style_name_then_number() -> None:
    parsed = parse_notice(
        notice_xml(
            sections=[
                (
                    "SYSTEM NAME AND NUMBER:",
                    [
                        "Master Files of Social Security Number (SSN) Holders and "
                        "SSN Applications, 60\u20130058."
                    ],
                ),
            ]
        )
    )
    assert parsed.system_number == "60-0058"
    assert parsed.system_name == (
        "Master Files of Social Security Number (SSN) Holders and SSN Applications"
    )


@pytest.mark.parametrize(
    ("text", "number", "name"),
    [
        (
            "GSA/OGP-1, e-Rulemaking Program Administrative System.",
            "GSA/OGP-1",
            "e-Rulemaking Program Administrative System",
        ),
        (
            "DHS/USCIS-004 Systematic Alien Verification for Entitlements (SAVE) Program.",
            "DHS/USCIS-004",
            "Systematic Alien Verification for Entitlements (SAVE) Program",
        ),
        (
            "Department of Homeland Security (DHS)/U.S. Citizenship and Immigration Services "
            "(USCIS)-004 Systematic Alien Verification for Entitlements (SAVE) Program.",
            "DHS/USCIS-004",
            "Systematic Alien Verification for Entitlements (SAVE) Program",
        ),
        (
            "Travel and Border Crossing Records (60-0389)",
            "60-0389",
            "Travel and Border Crossing Records",
        ),
        ("Records kept somewhere", None, "Records kept somewhere"),
    ],
)
def test_system_name_and_number_forms(text: str, number: str | None, name: str) -> None:
    assert split_name_and_number(text) == (number, name)


def test_number_from_the_summary_when_there_is_no_name_section() -> None:
    parsed = parse_notice(
        notice_xml(
            action="Notice of rescindment of a system of records.",
            summary="We are rescinding the system of records entitled, Old Claims Folders "
            "(60-0999), last published on May 1, 2001.",
            sections=[],
            routine_uses=None,
        )
    )
    assert parsed.system_number == "60-0999"
    assert parsed.system_name == "Old Claims Folders"


def test_issue_date_and_volume_from_a_daily_issue() -> None:
    single = notice_xml().split("?>", 1)[1]
    issue = (
        "<FEDREG><VOL>89</VOL><NO>88</NO><DATE>Monday, May 6, 2024</DATE>"
        '<NOTICES><PRTPAGE P="37000"/>' + single + "</NOTICES></FEDREG>"
    )
    parsed = parse_notice(issue)
    assert parsed.published == date(2024, 5, 6)
    assert parsed.published_basis.startswith("issue date")
    assert parsed.fr_citation == "89 FR 37000"
    assert parsed.fr_citation_basis == "from the issue"
    assert parsed.effective == date(2024, 6, 5)
    two = issue.replace("</NOTICES>", single + "</NOTICES>")
    with pytest.raises(NoticeParseError, match="parse_notices"):
        parse_notice(two)
    assert len(parse_notices(two)) == 2


def test_publication_date_given_by_the_caller_wins() -> None:
    parsed = parse_notice(notice_xml(), published=date(2024, 5, 7))
    assert parsed.published == date(2024, 5, 7)
    assert parsed.published_basis == "given by the caller"


def test_effective_is_computed_when_dates_names_none() -> None:
    parsed = parse_notice(notice_xml(dates="Comments are due in 30 days."))
    # Filed Friday May 3, 2024: next publication day Monday May 6; 30 days later June 5.
    assert parsed.published == date(2024, 5, 6)
    assert parsed.effective == date(2024, 6, 5)
    assert parsed.effective_basis.startswith("computed")


def test_section_headings() -> None:
    assert section_key("SYSTEM MANAGER(S):") == "system_manager"
    assert section_key("Purpose(s) of the system:") == "purposes"
    assert section_key("POLICIES AND PRACTICES FOR RETENTION AND DISPOSAL OF RECORDS:") == (
        "retention"
    )
    assert section_key("ADMINISTRATIVE, TECHNICAL, AND PHYSICAL SAFEGUARDS:") == "safeguards"
    assert (
        section_key(
            "ROUTINE USES OF RECORDS MAINTAINED IN THE SYSTEM, INCLUDING CATEGORIES "
            "OF USERS AND PURPOSES OF SUCH USES:"
        )
        == "routine_uses"
    )
    assert section_key("I. Background") is None


def test_unknown_headings_are_kept() -> None:
    parsed = parse_notice(
        notice_xml(
            sections=[
                ("SYSTEM NAME AND NUMBER:", ["Example Benefit Records, EXA-7."]),
                ("PARTICIPATING AGENCIES:", ["EXA and SSA."]),
            ]
        )
    )
    assert parsed.other_sections == {"participating_agencies": "EXA and SSA."}


def test_to_sorn_version_needs_a_system_number() -> None:
    parsed = parse_notice(
        notice_xml(action="Notice of a new matching program.", sections=[], routine_uses=None)
    )
    with pytest.raises(NoticeParseError, match="system number"):
        to_sorn_version(parsed)
    v = to_sorn_version(parsed, system_number="EXA-7")
    assert v.awaiting_review and v.system_number == "EXA-7"


def test_json_has_the_contract_fields() -> None:
    data = notice_json(parse_notice(notice_xml()))
    assert {"system_number", "system_name", "action", "published", "routine_uses"} <= set(data)
    assert data["routine_uses"] == [
        {"label": "1", "text": "To the Department of Justice for litigation."},
        {
            "label": "2",
            "text": "To a Member of Congress acting for the person the record is about.",
        },
    ]


# -- input the parser must refuse, with a reason -------------------------------------------


def test_not_xml() -> None:
    with pytest.raises(NoticeParseError, match="not well-formed XML"):
        parse_notice(b"%PDF-1.7 this is not xml")


def test_empty_input() -> None:
    with pytest.raises(NoticeParseError, match="empty"):
        parse_notice(b"   ")


def test_xml_that_is_not_a_notice() -> None:
    with pytest.raises(NoticeParseError, match="root element is <html>"):
        parse_notice(b"<html><body>hello</body></html>")


def test_a_notice_without_a_preamble() -> None:
    with pytest.raises(NoticeParseError, match="PREAMB"):
        parse_notice(b"<NOTICE><SUPLINF><P>text</P></SUPLINF></NOTICE>")


def test_a_new_system_without_routine_uses() -> None:
    with pytest.raises(NoticeParseError, match="no ROUTINE USES section"):
        parse_notice(notice_xml(routine_uses=None))
    relaxed = parse_notice(notice_xml(routine_uses=None), strict=False)
    assert relaxed.routine_uses == ()
    assert any("ROUTINE USES" in w for w in relaxed.warnings)


def test_a_routine_uses_section_with_nothing_numbered() -> None:
    with pytest.raises(NoticeParseError, match="without numbered or lettered"):
        parse_notice(notice_xml(routine_uses=["We share records with whoever asks."]))


def test_a_routine_uses_section_that_says_none() -> None:
    xml = notice_xml(routine_uses=[]).replace(
        "<P>We may disclose records as follows:</P>", "<P>None.</P>"
    )
    assert parse_notice(xml).routine_uses == ()


def test_entity_expansion_is_refused() -> None:
    bomb = (
        '<?xml version="1.0"?>\n<!DOCTYPE NOTICE [\n<!ENTITY a "aaaaaaaaaa">\n'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">\n<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;">\n'
        "]>\n<NOTICE><PREAMB><SUBJECT>&c;</SUBJECT></PREAMB></NOTICE>"
    )
    with pytest.raises(NoticeParseError, match="DOCTYPE"):
        parse_notice(bomb)


def test_external_entities_are_refused() -> None:
    xxe = (
        '<?xml version="1.0"?><!DOCTYPE NOTICE [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        "<NOTICE><PREAMB><SUBJECT>&x;</SUBJECT></PREAMB></NOTICE>"
    )
    with pytest.raises(NoticeParseError, match="not allowed"):
        parse_notice(xxe)


def test_undeclared_entities_are_an_error() -> None:
    with pytest.raises(NoticeParseError, match="undefined entity"):
        parse_notice("<NOTICE><PREAMB><SUBJECT>&nbsp;</SUBJECT></PREAMB></NOTICE>")


def test_oversized_input() -> None:
    big = notice_xml(summary="x" * 2_000)
    with pytest.raises(NoticeParseError, match="limit"):
        parse_notice(big, max_bytes=1_000)


def test_deep_nesting() -> None:
    deep = "<NOTICE>" + "<E>" * 500 + "x" + "</E>" * 500 + "</NOTICE>"
    with pytest.raises(NoticeParseError, match="nested deeper"):
        parse_notice(deep)


def test_wrong_input_type() -> None:
    with pytest.raises(NoticeParseError, match="expected XML"):
        parse_notice(12345)  # type: ignore[arg-type]


def test_table_rows_are_kept_as_text() -> None:
    xml = notice_xml().replace(
        '<HD SOURCE="HD2">HISTORY:</HD>',
        '<HD SOURCE="HD2">POLICIES AND PRACTICES FOR RETENTION AND DISPOSAL OF RECORDS:</HD>'
        '<GPOTABLE COLS="2"><BOXHD><CHED H="1">Record</CHED><CHED H="1">Kept</CHED></BOXHD>'
        '<ROW><ENT I="01">Applications</ENT><ENT>75 years</ENT></ROW></GPOTABLE>'
        '<HD SOURCE="HD2">HISTORY:</HD>',
    )
    assert parse_notice(xml).sections["retention"] == "Applications | 75 years"
