"""`statusbridge sorn sync`: new Federal Register notices for the tracked systems, for review.

For each tracked system (SSA 60-0058 and DHS/USCIS-004 by default, or one named, or a docket) it
searches the register for notices since the system's earliest known version, skips those already
queued, fetches each one's full-text XML, parses it (`fedreg.notice`), links it to the version it
modifies, and stores it as an `ImportedNotice` awaiting review. A notice that cannot be read, or
only in part, is queued too, marked partial with the reason, so a person sees it; it can never be
accepted. Nothing queued here authorizes or forbids anything (`law` reads accepted ones only).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Final

from statusbridge import config
from statusbridge.fedreg.http import RegisterError
from statusbridge.fedreg.notice import NoticeParseError, notice_json, parse_notice
from statusbridge.fedreg.register import FederalRegister, Search
from statusbridge.fedreg.sorn_terms import SornAction, normalize_system_number
from statusbridge.privacy import law
from statusbridge.privacy.models import ImportedNotice
from statusbridge.privacy.sorn.imported import link, to_sorn_version
from statusbridge.privacy.sorn.model import SornVersion
from statusbridge.privacy.sorn.registry import SornRegistry, registry


@dataclass(frozen=True)
class Tracked:
    system: str
    term: str
    agencies: tuple[str, ...]


# The register's agency slugs; the term in quotes finds the number as written in notices.
TRACKED: Final = (
    Tracked("60-0058", '"60-0058"', ("social-security-administration",)),
    Tracked("DHS/USCIS-004", '"DHS/USCIS-004"', ("homeland-security-department",)),
)
# Parser doubts that make a notice partial: its routine uses cannot be trusted as listed.
_PARTIAL_WARNINGS: Final = ("ROUTINE USES", "no system number", "no publication date")


@dataclass
class SyncReport:
    queued: list[ImportedNotice] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [
            f"queued {n.fr_doc}: {n.system_number or '?'} {n.action}, published {n.published}"
            + (f" — PARTIAL: {n.problems}" if n.partial else "")
            + f" (review id notice-{n.pk})"
            for n in self.queued
        ]
        return out + [f"skipped {s}" for s in self.skipped]


def tracked(system: str | None) -> list[Tracked]:
    if system is None:
        return list(TRACKED)
    key = normalize_system_number(system)
    found = [t for t in TRACKED if t.system == key]
    if found:
        return found
    # Another system, by its number: searched across every agency.
    return [Tracked(key, f'"{key}"', ())]


def sync(
    register: FederalRegister,
    system: str | None = None,
    docket: str | None = None,
    documents: tuple[str, ...] = (),
    today: date | None = None,
) -> SyncReport:
    """Search (or fetch the named documents), fetch, parse and queue. A `RegisterError` means
    nothing was half-done silently: what was queued before it stays queued, and the message says
    what failed. With a docket or document numbers, each notice is filed under the system it
    names (or `system`, where given, which a notice about another system does not match)."""
    today = today or config.today()
    report = SyncReport()
    known = law.registry_in_force()
    expected = normalize_system_number(system) if system else None
    if documents:
        for document in register.documents(list(documents)):
            _take(register, expected, document, known, report)
        return report
    if docket:
        for document in register.search(Search(docket_id=docket), today):
            _take(register, expected, document, known, report)
        return report
    for target in tracked(system):
        search = Search(
            term=target.term, agencies=target.agencies, since=_since(known, target.system)
        )
        for document in register.search(search, today):
            _take(register, target.system, document, known, report)
    return report


def _since(known: SornRegistry, system: str) -> date | None:
    try:
        return known.versions(system)[0].published
    except LookupError:
        return None


def _take(
    register: FederalRegister,
    expected: str | None,
    document: dict[str, Any],
    known: SornRegistry,
    report: SyncReport,
) -> None:
    number = str(document.get("document_number", ""))
    if not number:
        report.skipped.append("a search result without a document number")
        return
    if ImportedNotice.objects.filter(fr_doc=number).exists():
        report.skipped.append(f"{number}: already queued")
        return
    published = _day(document.get("publication_date"))
    system = expected or ""
    try:
        xml = register.full_text_xml(str(document.get("full_text_xml_url") or ""))
    except RegisterError as exc:
        report.queued.append(_unreadable(system, document, published, f"not fetched: {exc}"))
        return
    try:
        parsed = parse_notice(xml, published=published, strict=False)
    except NoticeParseError as exc:
        report.queued.append(_unreadable(system, document, published, str(exc)))
        return
    found = normalize_system_number(parsed.system_number or "")
    if found and expected and found != expected:
        report.skipped.append(f"{number}: about {found}, not {expected}")
        return
    system = expected or found
    if not system:
        report.queued.append(_unreadable("", document, published, "no system number found"))
        return
    if parsed.action in (SornAction.MATCHING_PROGRAM, SornAction.OTHER) and not parsed.routine_uses:
        report.skipped.append(
            f"{number}: a {parsed.action.value} notice, not a version of {system}"
        )
        return
    data = notice_json(parsed)
    problems = [w for w in parsed.warnings if any(p in w for p in _PARTIAL_WARNINGS)]
    if parsed.action in (SornAction.NEW, SornAction.MODIFIED) and not parsed.routine_uses:
        problems.append("no routine uses could be read")
    version: SornVersion | None = None
    modifies = ""
    if published is not None:
        version = to_sorn_version(parsed, published=published, system_number=system)
        version, modifies = link(version, known, registry())
    notice = ImportedNotice.objects.create(
        system_number=system,
        system_name=parsed.system_name or "",
        action=parsed.action.value,
        published=published,
        fr_doc=number,
        parsed=data,
        source="sync",
        html_url=str(document.get("html_url") or "")[:300],
        version=version.to_json() if version is not None else None,
        modifies=modifies,
        partial=bool(problems) or version is None,
        problems="; ".join(problems or ([] if version else ["no publication date"])),
    )
    report.queued.append(notice)


def _unreadable(
    system: str, document: dict[str, Any], published: date | None, why: str
) -> ImportedNotice:
    return ImportedNotice.objects.create(
        system_number=system,
        system_name="",
        action=SornAction.OTHER.value,
        published=published,
        fr_doc=str(document.get("document_number", ""))[:40],
        parsed={"error": why, "title": document.get("title")},
        source="sync",
        html_url=str(document.get("html_url") or "")[:300],
        partial=True,
        problems=why,
    )


def _day(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None
