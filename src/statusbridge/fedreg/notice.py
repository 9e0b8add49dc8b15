"""Read a Federal Register notice (full-text XML) into the parts of a system of records notice.

Handles the XML the register publishes per document (`<NOTICE>` with `<PREAMB>`, `<SUPLINF>`,
`<PRIACT>`, `<FRDOC>`) and a daily issue (`<FEDREG>`) holding one notice. It extracts the system's
name and number, what the notice does (`SornAction`), its dates, document number and page
citation, the OMB Circular A-108 sections, and the numbered routine uses.

Where the XML does not state a value, the parser says how it got one (`published_basis`,
`effective_basis`, `fr_citation_basis`) instead of presenting an estimate as fact. Untrusted input
is read through `safexml`; every failure is a `NoticeParseError` with a plain reason. This module
never fetches anything from the network: callers hand it the bytes. It only reads: turning a
notice into the privacy domain's `SornVersion` is `privacy.sorn.imported`'s job, so this package
never imports `privacy`.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Final

from statusbridge.fedreg.frdates import (
    find_dates,
    next_publication_day,
    parse_filed,
    parse_long_date,
)
from statusbridge.fedreg.safexml import MAX_BYTES, UnsafeXMLError, parse_xml
from statusbridge.fedreg.sorn_terms import (
    SECTION_KEYS,
    SornAction,
    default_effective,
    normalize_system_number,
)

DOCUMENT_TAGS: Final = frozenset({"NOTICE", "PRORULE", "RULE"})
# Blocks whose text is not part of the notice's reading text.
_SKIP: Final = frozenset({"PRTPAGE", "FTNT", "GPH", "GID", "SIG", "BILCOD", "FRDOC", "SU"})
_DASHES: Final = re.compile(r"[\u2010-\u2015\u2212]")


class NoticeParseError(ValueError):
    """The input is not a Federal Register notice this parser can read; the message says why."""


@dataclass(frozen=True)
class ParsedRoutineUse:
    label: str
    text: str

    def to_json(self) -> dict[str, str]:
        return {"label": self.label, "text": self.text}


@dataclass(frozen=True)
class ParsedNotice:
    """What one notice says, as far as the XML shows it."""

    agency: str
    subject: str
    action_text: str
    action: SornAction
    system_number: str | None
    system_name: str | None
    published: date | None
    published_basis: str
    filed: date | None
    fr_doc: str | None
    fr_citation: str | None
    fr_citation_basis: str
    docket: str | None
    department_docket: str
    summary: str
    dates_text: str
    effective: date | None
    effective_basis: str
    is_correction: bool
    sections: Mapping[str, str] = field(default_factory=dict)
    other_sections: Mapping[str, str] = field(default_factory=dict)
    supplementary: str = ""
    routine_uses_preamble: str = ""
    routine_uses: tuple[ParsedRoutineUse, ...] = ()
    warnings: tuple[str, ...] = ()


# -- text ------------------------------------------------------------------------------------


def _clean(text: str) -> str:
    text = " ".join(text.replace("\u2010", "-").replace("\u2011", "-").split())
    text = re.sub(r"\(\s+", "(", text)
    return re.sub(r"\s+([),.;:])", r"\1", text)


def _text(element: ET.Element) -> str:
    """The reading text of an element: emphasis kept, page breaks and footnotes dropped."""
    parts: list[str] = []

    def walk(e: ET.Element) -> None:
        if e.tag not in _SKIP and e.text:
            parts.append(e.text)
        if e.tag not in _SKIP:
            for child in e:
                walk(child)
                if child.tail:
                    parts.append(child.tail)

    walk(element)
    return _clean("".join(parts))


def _child_text(parent: ET.Element, tag: str) -> str:
    found = parent.find(tag)
    return "" if found is None else _text(found)


def _block(parent: ET.Element | None, tag: str) -> str:
    """The paragraphs of a preamble block such as `<ACT>`, without its heading."""
    if parent is None:
        return ""
    found = parent.find(tag)
    if found is None:
        return ""
    paragraphs = [_text(p) for p in found if p.tag not in ("HD",) and p.tag not in _SKIP]
    return "\n".join(p for p in paragraphs if p)


def _flow(element: ET.Element) -> Iterator[tuple[str, str, str]]:
    """Headings and paragraphs in reading order: (kind, text, heading level)."""
    for child in element:
        if child.tag in _SKIP:
            continue
        if child.tag == "HD":
            yield "HD", _text(child), child.get("SOURCE", "")
        elif child.tag in ("P", "FP"):
            text = _text(child)
            if text:
                yield "P", text, ""
        elif child.tag == "GPOTABLE":
            for row in child.iter("ROW"):
                cells = [_text(cell) for cell in row]
                if any(cells):
                    yield "P", " | ".join(cells), ""
        else:
            yield from _flow(child)


# -- sections --------------------------------------------------------------------------------

_SECTION_RULES: Final[tuple[tuple[str, str], ...]] = (
    ("ROUTINE USE", "routine_uses"),
    ("SYSTEM NAME", "system_name_and_number"),
    ("SECURITY CLASSIFICATION", "security_classification"),
    ("SYSTEM LOCATION", "system_location"),
    ("SYSTEM MANAGER", "system_manager"),
    ("AUTHORITY FOR MAINTENANCE", "authority"),
    ("CATEGORIES OF INDIVIDUALS", "categories_of_individuals"),
    ("CATEGORIES OF RECORDS", "categories_of_records"),
    ("RECORD SOURCE", "record_source_categories"),
    ("SAFEGUARD", "safeguards"),
    ("RETENTION", "retention"),
    ("RETRIEV", "retrieval"),
    ("STORAGE", "storage"),
    ("STORING", "storage"),
    ("RECORD ACCESS", "access_procedures"),
    ("CONTESTING", "contesting_procedures"),
    ("NOTIFICATION PROCEDURE", "notification_procedures"),
    ("EXEMPTION", "exemptions"),
)


def section_key(heading: str) -> str | None:
    """The A-108 section a heading such as 'SYSTEM MANAGER(S):' introduces, if any."""
    h = " ".join(heading.upper().replace("(S)", "S").strip().rstrip(":").split())
    if h.startswith("PURPOSE"):
        return "purposes"
    if h.startswith("HISTORY"):
        return "history"
    for needle, key in _SECTION_RULES:
        if needle in h:
            return key
    return None


def _slug(heading: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", heading.lower()).strip("_")[:80] or "untitled"


@dataclass
class _Body:
    sections: dict[str, list[str]] = field(default_factory=dict)
    other: dict[str, list[str]] = field(default_factory=dict)
    supplementary: list[str] = field(default_factory=list)


def _body(suplinf: ET.Element | None) -> _Body:
    body = _Body()
    if suplinf is None:
        return body
    current: list[str] = body.supplementary
    level_of_sections: str | None = None
    for kind, text, level in _flow(suplinf):
        if kind == "P":
            current.append(text)
            continue
        key = section_key(text)
        if key is not None:
            level_of_sections = level
            current = body.sections.setdefault(key, [])
        elif level_of_sections is not None and level == level_of_sections:
            current = body.other.setdefault(_slug(text), [])
        elif text and not text.upper().startswith("SUPPLEMENTARY INFORMATION"):
            current.append(text)
    return body


# -- routine uses ----------------------------------------------------------------------------

_LABEL: Final = re.compile(
    r"^(?P<open>\()?(?P<label>\d{1,3}|([A-Z])\3{0,2}|([a-z])\4{0,2})(?P<close>[.)])\s+(?P<rest>\S.*)$",
    re.DOTALL,
)


def _style(m: re.Match[str]) -> tuple[str, str]:
    label = m["label"]
    kind = "digit" if label.isdigit() else ("upper" if label.isupper() else "lower")
    return kind, ("(" if m["open"] else "") + m["close"]


def _ordinal(label: str) -> int:
    if label.isdigit():
        return int(label)
    return (len(label) - 1) * 26 + (ord(label[0].upper()) - ord("A") + 1)


def routine_uses_from(paragraphs: list[str]) -> tuple[str, list[ParsedRoutineUse], list[str]]:
    """The introductory text, the labelled routine uses, and any doubts about the numbering.

    The first labelled paragraph sets the style ('1.', 'a.', '(A)'...). A paragraph in that
    style starts the next use when its label follows on (gaps of a few are allowed and noted);
    anything else continues the use before it, so lettered sub-items inside a numbered use stay
    inside it.
    """
    preamble: list[str] = []
    uses: list[tuple[str, list[str]]] = []
    warnings: list[str] = []
    style: tuple[str, str] | None = None
    last = 0
    for paragraph in paragraphs:
        m = _LABEL.match(paragraph)
        if m is not None and (style is None or _style(m) == style):
            n = _ordinal(m["label"])
            if style is None or 0 < n - last <= 5:
                if style is not None and n - last > 1:
                    warnings.append(f"routine uses jump from {uses[-1][0]} to {m['label']}")
                style = style or _style(m)
                last = n
                uses.append((m["label"], [m["rest"]]))
                continue
            if n <= last:
                warnings.append(f"routine use label {m['label']} out of sequence; kept as text")
        if uses:
            uses[-1][1].append(paragraph)
        else:
            preamble.append(paragraph)
    parsed = [ParsedRoutineUse(label, "\n".join(texts)) for label, texts in uses]
    return "\n".join(preamble), parsed, warnings


# -- identification --------------------------------------------------------------------------

_DHS_LONG: Final = re.compile(
    r"\((?P<a>[A-Z]{2,})\)\s*/\s*.*?\((?P<b>[A-Z]{2,})\)\s*[-\u2010-\u2015]\s*(?P<n>\d{3})"
)
_NUMBER_FIRST: Final = re.compile(
    r"^(?P<num>[A-Z][A-Za-z]*(?:/[A-Za-z][\w.]*)+[-\u2010-\u2015 ]\d[\w.]*"
    r"|[A-Z]{2,}[-\u2010-\u2015]\d[\w.]*)\s*[,:;\u2013\u2014-]?\s+(?P<name>\S.*)$"
)
_NUMBER_LAST: Final = re.compile(
    r"^(?P<name>.+?)[\s,(]+(?P<num>\d{2}[-\u2010-\u2015]\d{4}"
    r"|[A-Z][A-Za-z]*(?:/[A-Za-z][\w.]*)+[-\u2010-\u2015]\d[\w.]*)\)?$"
)
# 'Name, ABC-7' or 'Name (ABC-7)': a bare 'ABC-7' needs the comma or bracket ('... COVID-19').
_NUMBER_LAST_PLAIN: Final = re.compile(
    r"^(?P<name>.+?)\s*(?:,\s*|\(\s*)(?P<num>[A-Z]{2,}[-\u2010-\u2015]\d[\w.]*)\)?$"
)
_SSA_NUMBER: Final = re.compile(r"\b\d{2}[-\u2010-\u2015]\d{4}\b")
_ENTITLED: Final = re.compile(
    r"(?:entitled|titled),?\s+[\"\u201c`']*(?P<title>.+?)[\"\u201d']*\s*"
    r"(?:\((?P<num>\d{2}[-\u2010-\u2015]\d{4})\))?(?:,|\.\s|\.$|\s+last|\s+system)"
)


def _tidy_name(name: str) -> str:
    return name.strip().strip(" ,;:.\"'`\u201c\u201d").strip()


def split_name_and_number(text: str) -> tuple[str | None, str | None]:
    """(system number, system name) from text such as 'GSA/OGP-1, e-Rulemaking ... System.'"""
    text = text.strip().rstrip(".").strip()
    if not text:
        return None, None
    m = _DHS_LONG.search(text)
    if m is not None:
        rest = _tidy_name(text[m.end() :]) or _tidy_name(text[: m.start()])
        return f"{m['a']}/{m['b']}-{m['n']}", rest or None
    m2 = _NUMBER_FIRST.match(text)
    if m2 is not None:
        return normalize_system_number(m2["num"]), _tidy_name(m2["name"]) or None
    for pattern in (_NUMBER_LAST, _NUMBER_LAST_PLAIN):
        m3 = pattern.match(text)
        if m3 is not None:
            return normalize_system_number(m3["num"]), _tidy_name(m3["name"]) or None
    return None, _tidy_name(text) or None


def _identify(
    sections: Mapping[str, str], summary: str, subject: str
) -> tuple[str | None, str | None]:
    named = sections.get("system_name_and_number", "").split("\n")[0]
    if named:
        number, name = split_name_and_number(named)
        if number or name:
            return number, name
    for text in (summary, subject):
        m = _ENTITLED.search(text)
        if m is not None:
            number, name = split_name_and_number(m["title"])
            if m["num"]:
                number = normalize_system_number(m["num"])
            if number:
                return number, name
    for text in (summary, subject):
        m2 = _SSA_NUMBER.search(text)
        if m2 is not None:
            return normalize_system_number(m2.group()), None
    return None, None


def classify_action(subject: str, action_text: str, document_tag: str = "NOTICE") -> SornAction:
    """What the notice does, from its ACTION line and subject."""
    text = f"{action_text} {subject}".lower()
    if re.search(r"rescind|rescission|deletion of (a|an|the)? ?system", text):
        return SornAction.RESCINDED
    if "matching program" in text or "computer matching" in text:
        return SornAction.MATCHING_PROGRAM
    if "exempt" in text and (document_tag in ("RULE", "PRORULE") or "rule" in text):
        return SornAction.EXEMPTION
    if re.search(r"\bnew system|establish", text):
        return SornAction.NEW
    if re.search(r"modif|revis|alter|amend|republi|reissu|new routine use|update", text):
        return SornAction.MODIFIED
    if "exempt" in text:
        return SornAction.EXEMPTION
    return SornAction.OTHER


_EFFECTIVE: Final = re.compile(r"effective", re.IGNORECASE)


def effective_from_dates(dates_text: str) -> date | None:
    """The day routine uses take effect, where the DATES paragraph states one."""
    for sentence in re.split(r"(?<=[.;])\s+", dates_text):
        if "routine use" not in sentence.lower():
            continue
        for hit in _EFFECTIVE.finditer(sentence):
            after = [d for offset, d in find_dates(sentence) if offset > hit.end()]
            if after:
                return after[0]
    return None


# -- the notice ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Context:
    """What a daily issue says around one document."""

    issue_date: date | None = None
    volume: int | None = None
    page_before: int | None = None


def _page(value: str | None) -> int | None:
    if value is not None and re.fullmatch(r"\d{1,7}", value.strip()):
        return int(value)
    return None


def _first_page(document: ET.Element, page_before: int | None) -> tuple[int | None, bool]:
    """The page the document starts on, and whether that is certain."""
    text_seen = False
    for e in document.iter():
        if e.tag == "PRTPAGE":
            p = _page(e.get("P"))
            if p is None:
                continue
            if not text_seen:
                return p, True
            return (page_before, True) if page_before is not None else (p - 1, False)
        if (e.text and e.text.strip()) or (e is not document and e.tail and e.tail.strip()):
            text_seen = True
    return page_before, page_before is not None


def _documents(root: ET.Element) -> list[tuple[ET.Element, _Context]]:
    if root.tag in DOCUMENT_TAGS:
        return [(root, _Context())]
    if root.tag != "FEDREG":
        raise NoticeParseError(
            f"not a Federal Register notice: the root element is <{root.tag}>, "
            "expected <NOTICE> (or a <FEDREG> daily issue)"
        )
    issue_date = parse_long_date(root.findtext("DATE", ""))
    volume = _page(root.findtext("VOL"))
    found: list[tuple[ET.Element, _Context]] = []
    page: int | None = None
    for e in root.iter():
        if e.tag == "PRTPAGE":
            page = _page(e.get("P")) or page
        elif e.tag in DOCUMENT_TAGS:
            found.append((e, _Context(issue_date, volume, page)))
    return found


def parse_notices(
    xml: bytes | str, *, max_bytes: int = MAX_BYTES, strict: bool = True
) -> list[ParsedNotice]:
    """Every document in a daily issue (or the one document in a per-document file)."""
    try:
        root = parse_xml(xml, max_bytes=max_bytes)
    except UnsafeXMLError as exc:
        raise NoticeParseError(str(exc)) from None
    return [_parse(doc, ctx, None, strict) for doc, ctx in _documents(root)]


def parse_notice(
    xml: bytes | str,
    *,
    published: date | None = None,
    max_bytes: int = MAX_BYTES,
    strict: bool = True,
) -> ParsedNotice:
    """One notice from its full-text XML.

    `published` overrides the publication date (from the register's API metadata, say). With
    `strict`, a new or modified system of records whose routine uses cannot be read is an error.
    """
    try:
        root = parse_xml(xml, max_bytes=max_bytes)
    except UnsafeXMLError as exc:
        raise NoticeParseError(str(exc)) from None
    documents = _documents(root)
    if not documents:
        raise NoticeParseError("the issue holds no notice")
    if len(documents) > 1:
        raise NoticeParseError(
            f"the issue holds {len(documents)} documents; use parse_notices for a whole issue"
        )
    document, context = documents[0]
    return _parse(document, context, published, strict)


def _parse(
    document: ET.Element, context: _Context, published: date | None, strict: bool
) -> ParsedNotice:
    try:
        return _parse_document(document, context, published, strict)
    except NoticeParseError:
        raise
    except (ValueError, TypeError, KeyError, IndexError, RecursionError) as exc:
        # A document shaped unlike any notice; say so rather than fail obscurely.
        raise NoticeParseError(f"cannot read this notice: {type(exc).__name__}: {exc}") from None


def _parse_document(
    document: ET.Element, context: _Context, published: date | None, strict: bool
) -> ParsedNotice:
    warnings: list[str] = []
    preamble = document.find("PREAMB")
    if preamble is None:
        raise NoticeParseError(f"<{document.tag}> has no <PREAMB>: not a full-text notice")
    agency = _child_text(preamble, "AGENCY") or _block(preamble, "AGY")
    subject = _child_text(preamble, "SUBJECT")
    depdoc = _child_text(preamble, "DEPDOC")
    action_text = _block(preamble, "ACT")
    summary = _block(preamble, "SUM")
    dates_text = _block(preamble, "DATES")
    if not subject and not action_text:
        raise NoticeParseError("the notice has neither a subject nor an ACTION line")

    frdoc_el = document.find(".//FRDOC")
    frdoc = _text_all(frdoc_el)
    fr_doc = _fr_doc(frdoc)
    century = (int(fr_doc[:2]) * 100) if fr_doc and re.match(r"\d{4}-", fr_doc) else None
    filed = parse_filed(frdoc, century_hint=century)

    document_date = parse_long_date(document.findtext(".//DATE", "") or "")
    if published is not None:
        basis = "given by the caller"
    elif context.issue_date is not None:
        published, basis = context.issue_date, "issue date (<DATE> of the daily issue)"
    elif document_date is not None:
        published, basis = document_date, "<DATE> in the document"
    elif filed is not None:
        published = next_publication_day(filed)
        basis = "estimated: next publication day after the filing date in <FRDOC>"
        warnings.append(f"publication date {published} estimated from filing date {filed}")
    else:
        basis = "unknown"
        warnings.append("no publication date in the XML")

    page, page_certain = _first_page(document, context.page_before)
    volume = context.volume or (
        published.year - 1935 if published and published.year > 1935 else None
    )
    fr_citation = f"{volume} FR {page}" if volume and page else None
    if fr_citation is None:
        citation_basis = "unknown"
    elif context.volume and page_certain:
        citation_basis = "from the issue"
    else:
        citation_basis = "estimated: volume from the publication year" + (
            "" if page_certain else ", first page one before the first page break"
        )

    body = _body(document.find("SUPLINF"))
    sections = {k: "\n".join(v) for k, v in body.sections.items()}
    action = classify_action(subject, action_text, document.tag)
    number, name = _identify(sections, summary, subject)
    if number is None and action in (SornAction.NEW, SornAction.MODIFIED):
        warnings.append("no system number found")

    preamble_text, uses, use_warnings = routine_uses_from(body.sections.get("routine_uses", []))
    warnings += use_warnings
    has_full_notice = "system_name_and_number" in sections
    if action in (SornAction.NEW, SornAction.MODIFIED) and has_full_notice and not uses:
        section_text = sections.get("routine_uses", "")
        if "routine_uses" not in sections:
            problem = "has no ROUTINE USES section"
        elif re.fullmatch(r"(none|not applicable|n/a)\.?", section_text.strip().lower()):
            problem = ""
        else:
            problem = "has a ROUTINE USES section without numbered or lettered routine uses"
        if problem:
            message = f"this {action.value} system of records notice {problem}"
            if strict:
                raise NoticeParseError(message)
            warnings.append(message)

    stated = effective_from_dates(dates_text)
    if stated is not None:
        effective: date | None = stated
        effective_basis = "stated in DATES"
    elif published is not None:
        effective = default_effective(published)
        effective_basis = "computed: publication + 30 days (5 U.S.C. 552a(e)(11))"
    else:
        effective, effective_basis = None, "unknown"

    return ParsedNotice(
        agency=agency,
        subject=subject,
        action_text=action_text,
        action=action,
        system_number=number,
        system_name=name,
        published=published,
        published_basis=basis,
        filed=filed,
        fr_doc=fr_doc,
        fr_citation=fr_citation,
        fr_citation_basis=citation_basis,
        docket=_docket(depdoc),
        department_docket=depdoc,
        summary=summary,
        dates_text=dates_text,
        effective=effective,
        effective_basis=effective_basis,
        is_correction="correction" in subject.lower(),
        sections={k: sections[k] for k in sorted(sections, key=_section_order)},
        other_sections={k: "\n".join(v) for k, v in body.other.items()},
        supplementary="\n".join(body.supplementary),
        routine_uses_preamble=preamble_text,
        routine_uses=tuple(uses),
        warnings=tuple(warnings),
    )


def _section_order(key: str) -> int:
    order = ("system_name_and_number", *SECTION_KEYS[:8], "routine_uses", *SECTION_KEYS[8:])
    return order.index(key) if key in order else len(order)


def _text_all(element: ET.Element | None) -> str:
    return "" if element is None else _clean("".join(element.itertext()))


def _fr_doc(frdoc: str) -> str | None:
    m = re.search(
        r"FR\s+Doc\.?\s*(?:No\.?:?\s*)?(?P<doc>[A-Z]?\d[\w-]*\d)", _DASHES.sub("-", frdoc)
    )
    return m["doc"] if m else None


def _docket(depdoc: str) -> str | None:
    m = re.search(
        r"Docket\s+(?:No\.?|Number|ID)\s*:?\s*(?P<d>[A-Za-z0-9][\w-]*)", _DASHES.sub("-", depdoc)
    )
    return m["d"] if m else None


# -- out -------------------------------------------------------------------------------------


def notice_json(parsed: ParsedNotice) -> dict[str, Any]:
    """The parsed notice as JSON-able data (what `statusbridge sorn import --json` prints)."""
    return {
        "system_number": parsed.system_number,
        "system_name": parsed.system_name,
        "action": parsed.action.value,
        "published": parsed.published.isoformat() if parsed.published else None,
        "published_basis": parsed.published_basis,
        "effective": parsed.effective.isoformat() if parsed.effective else None,
        "effective_basis": parsed.effective_basis,
        "filed": parsed.filed.isoformat() if parsed.filed else None,
        "fr_doc": parsed.fr_doc,
        "fr_citation": parsed.fr_citation,
        "fr_citation_basis": parsed.fr_citation_basis,
        "docket": parsed.docket,
        "agency": parsed.agency,
        "subject": parsed.subject,
        "action_text": parsed.action_text,
        "is_correction": parsed.is_correction,
        "dates": parsed.dates_text,
        "sections": dict(parsed.sections),
        "other_sections": dict(parsed.other_sections),
        "routine_uses_preamble": parsed.routine_uses_preamble,
        "routine_uses": [ru.to_json() for ru in parsed.routine_uses],
        "warnings": list(parsed.warnings),
        "status": "awaiting_review",
    }
