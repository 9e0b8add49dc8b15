"""The law in force: the built-in notices, the imported notices a privacy officer accepted, and
the accepted legal events, read together.

`registry_in_force()` is what the decision to disclose consults (`services`); `legal_events()` the
events it honours; `in_force()` the plain-words account of both on a day that people read
(`statusbridge sorn in-force`, the public pages). Nothing pending or rejected counts here: an
imported notice or an event authorizes or forbids nothing until it is accepted. This module
never reads records about people.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from statusbridge.privacy.models import ImportedNotice, LegalEvent
from statusbridge.privacy.sorn import events as ev
from statusbridge.privacy.sorn.model import SornDataError, SornVersion, version_from_json
from statusbridge.privacy.sorn.registry import SornRegistry, registry

FR_SITE = "https://www.federalregister.gov"
# Notices that make a new version of a system; a matching program, an exemption rule or another
# notice is kept for the record once accepted but changes no routine use.
VERSION_ACTIONS = ("new", "modified", "rescinded")


def accepted_versions() -> list[SornVersion]:
    """Accepted imported notices as versions, oldest first."""
    found: list[SornVersion] = []
    accepted = ImportedNotice.objects.filter(
        review=ImportedNotice.Review.ACCEPTED, partial=False, action__in=VERSION_ACTIONS
    )
    for notice in accepted.order_by("published", "pk"):
        if notice.version is None:
            continue  # accept refuses a notice without one, so this is not expected
        try:
            found.append(version_from_json(notice.version))
        except SornDataError:
            continue  # accept refuses what cannot be read back, so this is not expected
    return found


def registry_in_force() -> SornRegistry:
    """The built-in systems with every accepted notice in place (replacing our summary of the
    same notice where there is one)."""
    found = registry()
    for version in accepted_versions():
        found = found.with_version(version)
    return found


def _substances(event: LegalEvent, registries: list[SornRegistry]) -> frozenset[tuple[object, ...]]:
    out: set[tuple[object, ...]] = set()
    for reg in registries:
        try:
            version = reg.version_of(event.system_number, event.version_published)
        except LookupError:
            continue
        use = version.routine_use(event.routine_use) if version is not None else None
        if use is not None:
            out.add(use.substance())
    return frozenset(out)


def as_event(event: LegalEvent, registries: list[SornRegistry]) -> ev.LegalEvent:
    """The stored event as the registry reads it. A routine use that can be found in neither our
    summary nor an accepted notice of that day is read as the whole version: an event that bars
    must never silently bar nothing."""
    substances = _substances(event, registries) if event.routine_use else frozenset()
    label = event.routine_use if substances else ""
    return ev.LegalEvent(
        id=event.pk,
        system_number=event.system_number,
        published=event.version_published,
        effect=ev.Effect(event.effect),
        effective_from=event.effective_from,
        citation=event.citation,
        routine_use=label,
        substances=substances,
    )


def legal_events(in_force: SornRegistry | None = None) -> list[ev.LegalEvent]:
    """Every accepted legal event, as the registry reads them."""
    registries = [registry(), in_force or registry_in_force()]
    accepted = LegalEvent.objects.filter(review=LegalEvent.Review.ACCEPTED)
    return [as_event(e, registries) for e in accepted.order_by("effective_from", "pk")]


@dataclass(frozen=True)
class Authority:
    """A routine use that covers a purpose on a day, or the reason none does."""

    citation: str | None
    refusal: str
    barred_by: ev.LegalEvent | None = None  # the event behind a refusal, where one is


def routine_use_authority(system: str, purpose: str, on: date) -> Authority:
    """The routine use of `system` covering `purpose` on `on`, honouring accepted events."""
    reg = registry_in_force()
    standing = reg.standing(system, on, legal_events(reg)).for_purpose(purpose)
    if standing.usable:
        return Authority(standing.usable[0].citation(), "")
    why = f"no routine use of {system} in force on {on.isoformat()} covers '{purpose}'"
    if not standing.barred:
        return Authority(None, why)
    barred = standing.barred[-1]
    why += (
        f": routine use {barred.routine_use.label} ({barred.version.citation()}) is barred, "
        f"{barred.event.describe()}"
    )
    return Authority(None, why, barred.event)


# -- what people read ---------------------------------------------------------------------------


def fr_link(version: SornVersion) -> str | None:
    """Where the Federal Register shows the notice: its document, else its page citation."""
    if version.fr_doc:
        return f"{FR_SITE}/d/{version.fr_doc}"
    if version.fr_citation:
        return f"{FR_SITE}/citation/{version.fr_citation.replace(' ', '-')}"
    if version.docket:
        return f"{FR_SITE}/documents/search?conditions%5Bdocket_id%5D={version.docket}"
    return None


def _event_words(event: LegalEvent) -> dict[str, Any]:
    what = f"routine use {event.routine_use} of " if event.routine_use else ""
    return {
        "id": event.pk,
        "system": event.system_number,
        "touches": f"{what}the notice of {event.version_published.isoformat()}",
        "effect": event.effect,
        "from": event.effective_from.isoformat(),
        "citation": event.citation,
        "review": event.review,
        "unconfirmed": list(event.unconfirmed),
        "plain": (
            f"A court order or other legal event ({event.citation}) {event.effect} {what}the "
            f"{event.system_number} notice published {event.version_published:%B %-d, %Y}, "
            f"from {event.effective_from:%B %-d, %Y}."
        ),
    }


def in_force(on: date) -> list[dict[str, Any]]:
    """For each tracked system: the notices and legal events in force on `on`, in plain words,
    with links to the Federal Register. Events awaiting review are listed as such: they change
    nothing yet, but people should know of them."""
    reg = registry_in_force()
    events = legal_events(reg)
    out: list[dict[str, Any]] = []
    for system in reg.systems():
        current = reg.in_force(system, on)
        standing = reg.standing(system, on, events)
        stored = LegalEvent.objects.filter(
            system_number__iexact=system, effective_from__lte=on
        ).exclude(review=LegalEvent.Review.REJECTED)
        by_key = {u.version.key: u.version for u in standing.usable}
        if current is not None:
            by_key.setdefault(current.key, current)
        notices = sorted(by_key.values(), key=lambda v: v.published)
        out.append(
            {
                "system": system,
                "system_name": current.system_name if current else "",
                "on": on.isoformat(),
                "version_in_force": current.key if current else None,
                "notices": [
                    {
                        "published": v.published.isoformat(),
                        "citation": v.citation(),
                        "url": fr_link(v),
                        "awaiting_review": v.awaiting_review,
                    }
                    for v in notices
                ],
                "routine_uses": [
                    {
                        "label": u.routine_use.label,
                        "text": u.routine_use.text,
                        "purposes": list(u.routine_use.purposes),
                        "since": u.effective_from.isoformat(),
                        "notice": u.version.key,
                        "url": fr_link(u.version),
                    }
                    for u in standing.usable
                ],
                "barred": [
                    {
                        "label": b.routine_use.label,
                        "notice": b.version.key,
                        "plain": f"Routine use {b.routine_use.label} of the notice published "
                        f"{b.version.published:%B %-d, %Y} authorizes nothing: "
                        f"{b.event.describe()}.",
                    }
                    for b in standing.barred
                ],
                "legal_events": [_event_words(e) for e in stored],
            }
        )
    return out
