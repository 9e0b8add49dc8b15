"""The Federal Register: reading notices about systems of records from their full-text XML.

Never fetches anything itself; callers pass the XML they obtained.
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
    to_sorn_version,
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
    "to_sorn_version",
]
