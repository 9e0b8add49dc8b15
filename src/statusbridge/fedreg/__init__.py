"""The Federal Register and the eCFR: their APIs (``register``, ``ecfr``, both over the polite,
cached ``http`` source) and the notices about systems of records read from their full-text XML
(``notice``, in the words of ``sorn_terms``).

The parser never fetches anything itself; the clients fetch politely, cache, and can work offline.
This package knows nothing of the privacy domain (``privacy`` imports it, never the reverse).
"""

from statusbridge.fedreg.notice import (
    NoticeParseError,
    ParsedNotice,
    ParsedRoutineUse,
    classify_action,
    notice_json,
    parse_notice,
    parse_notices,
    section_key,
    split_name_and_number,
)
from statusbridge.fedreg.safexml import UnsafeXMLError, parse_xml

__all__ = [
    "NoticeParseError",
    "ParsedNotice",
    "ParsedRoutineUse",
    "UnsafeXMLError",
    "classify_action",
    "notice_json",
    "parse_notice",
    "parse_notices",
    "parse_xml",
    "section_key",
    "split_name_and_number",
]
