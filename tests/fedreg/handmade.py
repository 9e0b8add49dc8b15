"""Small hand-made Federal Register notices in the register's full-text XML shape."""

from __future__ import annotations

from collections.abc import Sequence
from xml.sax.saxutils import escape

from tests.conftest import GSA_NOTICE

GSA_FIXTURE = str(GSA_NOTICE)


def notice_xml(
    *,
    subject: str = "Privacy Act of 1974; System of Records",
    action: str = "Notice of a new system of records.",
    agency: str = "EXAMPLE AGENCY",
    dates: str = "This notice is applicable upon publication, with the exception of the routine "
    "uses, which are effective June 5, 2024.",
    summary: str = "We are establishing a system of records.",
    sections: Sequence[tuple[str, Sequence[str]]] | None = None,
    routine_uses: Sequence[str] | None = (
        "1. To the Department of Justice for litigation.",
        "2. To a Member of Congress acting for the person the record is about.",
    ),
    frdoc: str = "[FR Doc. 2024-09999 Filed 5-3-24; 8:45 am]",
    depdoc: str = "[Docket No. EXA-2024-0001]",
    root: str = "NOTICE",
    extra_preamble: str = "",
) -> str:
    if sections is None:
        sections = [
            ("SYSTEM NAME AND NUMBER:", ["Example Benefit Records, EXA-7."]),
            ("SECURITY CLASSIFICATION:", ["Unclassified."]),
            ("PURPOSE(S) OF THE SYSTEM:", ["To pay benefits."]),
        ]
    body = []
    for heading, paragraphs in sections:
        body.append(f'<HD SOURCE="HD2">{escape(heading)}</HD>')
        body += [f"<P>{escape(p)}</P>" for p in paragraphs]
    if routine_uses is not None:
        body.append(
            '<HD SOURCE="HD2">ROUTINE USES OF RECORDS MAINTAINED IN THE SYSTEM, INCLUDING '
            "CATEGORIES OF USERS AND PURPOSES OF SUCH USES:</HD>"
        )
        body.append("<P>We may disclose records as follows:</P>")
        body += [f"<P>{escape(p)}</P>" for p in routine_uses]
    body.append('<HD SOURCE="HD2">HISTORY:</HD><P>None.</P>')
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<{root}>
<PREAMB>
<AGENCY TYPE="S">{escape(agency)}</AGENCY>
<DEPDOC>{escape(depdoc)}</DEPDOC>
<SUBJECT>{escape(subject)}</SUBJECT>
<ACT><HD SOURCE="HED">ACTION:</HD><P>{escape(action)}</P></ACT>
<SUM><HD SOURCE="HED">SUMMARY:</HD><P>{escape(summary)}</P></SUM>
<DATES><HD SOURCE="HED">DATES:</HD><P>{escape(dates)}</P></DATES>
{extra_preamble}
</PREAMB>
<SUPLINF>
<HD SOURCE="HED">SUPPLEMENTARY INFORMATION:</HD>
<P>Background text.</P>
<PRIACT>
{"".join(body)}
</PRIACT>
</SUPLINF>
<FRDOC>{escape(frdoc)}</FRDOC>
</{root}>
"""
