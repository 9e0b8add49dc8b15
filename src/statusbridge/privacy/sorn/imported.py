"""A parsed Federal Register notice turned into a SORN version a privacy officer can review.

The parser (`fedreg.notice`) says what the XML holds; this module says what that means for the
registry: the version it would add, the version it modifies, and the structured facts
(recipients, purposes, record fields) that a notice's prose does not state but that the
disclosure policy needs. Those facts are carried over only from a routine use whose wording the
notice repeats (or from statusbridge's own summary of the same notice); a routine use with new
wording gets none, so it authorizes nothing until a person records its purposes.

Pure Python: no Django, no network. It never decides a disclosure.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta
from typing import Any, Final

from statusbridge.fedreg.notice import NoticeParseError, ParsedNotice
from statusbridge.privacy.sorn.diff import SornDiff, match_routine_uses
from statusbridge.privacy.sorn.model import (
    SECTION_KEYS,
    RoutineUse,
    SornVersion,
    default_effective,
    normalize_label,
    normalize_system_number,
)
from statusbridge.privacy.sorn.registry import SornRegistry

_AUTHORITY: Final = re.compile(
    r"\b\d{1,2}\s+U\.S\.C\.\s+\d+[a-z]?(?:-\d+)?(?:\([a-zA-Z0-9]+\))*"
    r"|\bPub(?:lic)?\.?\s+L(?:aw|\.)\s+\d{2,3}-\d{1,4}"
)


def authorities_in(text: str) -> tuple[str, ...]:
    """Statutes a routine use cites, in order of first mention."""
    seen: dict[str, None] = {}
    for m in _AUTHORITY.finditer(text):
        seen.setdefault(" ".join(m.group().split()), None)
    return tuple(seen)


def to_sorn_version(
    parsed: ParsedNotice,
    *,
    published: date | None = None,
    system_number: str | None = None,
    system_name: str | None = None,
) -> SornVersion:
    """The notice as a SORN version awaiting review: a person must check it before it counts.

    Recipients, purposes and record fields are left empty for the reviewer; statutes the
    routine uses cite are filled in.
    """
    number = system_number or parsed.system_number
    day = published or parsed.published
    if not number:
        raise NoticeParseError("no system number in the notice; pass system_number")
    if day is None:
        raise NoticeParseError("no publication date in the notice; pass published")
    if parsed.effective_basis == "stated in DATES" and parsed.effective is not None:
        effective, effective_basis = parsed.effective, parsed.effective_basis
    else:
        effective = default_effective(day)
        effective_basis = "computed: publication + 30 days (5 U.S.C. 552a(e)(11))"
    unconfirmed = []
    if parsed.published_basis.startswith("estimated") and published is None:
        unconfirmed.append("published (estimated from the filing date)")
    if parsed.fr_citation_basis.startswith("estimated"):
        unconfirmed.append("fr_citation (estimated)")
    return SornVersion(
        system_number=normalize_system_number(number),
        system_name=system_name or parsed.system_name or "",
        agency=parsed.agency,
        action=parsed.action,
        published=day,
        effective=max(effective, day),
        effective_basis=effective_basis,
        fr_citation=parsed.fr_citation,
        fr_doc=parsed.fr_doc,
        docket=parsed.docket,
        sections={k: v for k, v in parsed.sections.items() if k in SECTION_KEYS},
        routine_uses_preamble=parsed.routine_uses_preamble,
        routine_uses=tuple(
            RoutineUse(label=ru.label, text=ru.text, authorities=authorities_in(ru.text))
            for ru in parsed.routine_uses
        ),
        change_summary=parsed.summary,
        sources=(f"FR Doc. {parsed.fr_doc}",) if parsed.fr_doc else (),
        unconfirmed=tuple(unconfirmed),
        notes="; ".join(parsed.warnings),
        awaiting_review=True,
    )


def _normal(text: str) -> str:
    return " ".join(text.lower().split())


def informed_by(imported: SornVersion, known: SornVersion | None) -> SornVersion:
    """`imported` with the structured facts of `known`'s routine uses where the wording is the
    same use (matched as the diff matches them: same text, same label and alike, or renumbered
    and alike) with the same text. The notice's text is kept, and its labels, except where the
    known use has a label of ours (the notice's number unconfirmed): that label stays, so events
    and diffs naming it still find it. A use that matches nothing, or whose
    text changed, keeps empty purposes: it authorizes nothing until a person fills them in."""
    if known is None:
        return imported
    bare = tuple(
        replace(ru, recipients=(), purposes=(), record_fields=()) for ru in imported.routine_uses
    )
    matches, _removed, _added = match_routine_uses(known.routine_uses, bare)
    by_new = {id(m.new): m.old for m in matches}
    uses: list[RoutineUse] = []
    for ru, original in zip(bare, imported.routine_uses, strict=True):
        old = by_new.get(id(ru))
        if old is None or _normal(old.text) != _normal(ru.text):
            uses.append(original)
            continue
        note = f"structured facts carried over from {known.key} #{old.label}"
        label, in_notice = original.label, original.label_in_notice
        if not old.label_in_notice:
            # Our label is the name events and diffs already use for this use; keep it, and
            # say how the notice numbers it.
            note += f"; the notice labels it {original.label!r}"
            label, in_notice = old.label, False
        uses.append(
            replace(
                original,
                label=label,
                label_in_notice=in_notice,
                recipients=old.recipients,
                purposes=old.purposes,
                record_fields=old.record_fields,
                authorities=old.authorities or original.authorities,
                effective_since=old.effective_since,
                notes=note,
            )
        )
    return replace(imported, routine_uses=tuple(uses))


def with_purposes(version: SornVersion, purposes: dict[str, tuple[str, ...]]) -> SornVersion:
    """`version` with the purposes a reviewer recorded for some of its routine uses (by label)."""
    keys = {ru.key for ru in version.routine_uses}
    unknown = sorted(label for label in purposes if normalize_label(label) not in keys)
    if unknown:
        raise ValueError(f"the notice has no routine use labelled {', '.join(unknown)}")
    wanted = {normalize_label(k): v for k, v in purposes.items()}
    return replace(
        version,
        routine_uses=tuple(
            replace(ru, purposes=wanted[ru.key]) if ru.key in wanted else ru
            for ru in version.routine_uses
        ),
    )


def substantive_changes(d: SornDiff) -> dict[str, Any]:
    """What a diff says changed in the law, labels aside: the wording of the routine uses added,
    removed and changed, and the sections whose text changed. Two diffs with equal results
    describe the same change (an imported notice against statusbridge's own summary of it)."""
    return {
        "added": sorted(_normal(ru.text) for ru in d.added),
        "removed": sorted(_normal(ru.text) for ru in d.removed),
        "changed": sorted(
            (_normal(c.old.text), _normal(c.new.text))
            for c in d.changed
            if "text" in c.fields_changed
        ),
        "sections": sorted(s.key for s in d.sections),
    }


def link(
    version: SornVersion, known: SornRegistry, builtin: SornRegistry
) -> tuple[SornVersion, str]:
    """`version` with the structured facts of our own summary of the same notice (from
    `builtin`), else of the version it modifies (from `known`), and the key of the version it
    modifies ('' for a system not known before)."""
    try:
        before = known.in_force(version.system_number, version.published - timedelta(days=1))
        same = known.version_of(version.system_number, version.published)
    except LookupError:
        return version, ""
    try:
        ours = builtin.version_of(version.system_number, version.published)
    except LookupError:
        ours = None
    return informed_by(version, ours or same or before), before.key if before else ""
