"""What awaits a privacy officer: imported notices and legal events, and their review.

Review ids name their kind (`notice-12`, `event-3`) so one `sorn review accept ID` serves both
without ambiguity; a bare number is accepted where only one kind has it. Accepting is the only
way anything imported starts to count (`law` reads accepted items alone); a notice read only in
part, or one whose version cannot be read back, can be looked at but never accepted. Each
review records who made it and when. This module never reads records about people.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from statusbridge.privacy import law
from statusbridge.privacy.models import ImportedNotice, LegalEvent
from statusbridge.privacy.sorn.diff import SornDiff, diff
from statusbridge.privacy.sorn.events import Effect
from statusbridge.privacy.sorn.imported import with_purposes
from statusbridge.privacy.sorn.model import SornDataError, SornVersion, version_from_json
from statusbridge.privacy.sorn.registry import SornLookupError, SornRegistry, registry


class ReviewError(ValueError):
    """A review that cannot be made; the message says why in one line."""


Item = ImportedNotice | LegalEvent


def review_id(item: Item) -> str:
    return f"{'notice' if isinstance(item, ImportedNotice) else 'event'}-{item.pk}"


def find(item_id: str) -> Item:
    """The notice or event a review id names."""
    kind, _, number = item_id.strip().lower().rpartition("-")
    if not number.isdigit():
        raise ReviewError(f"'{item_id}' is not a review id (notice-N or event-N)")
    pk = int(number)
    notice = ImportedNotice.objects.filter(pk=pk).first() if kind in ("", "notice") else None
    event = LegalEvent.objects.filter(pk=pk).first() if kind in ("", "event") else None
    if kind not in ("", "notice", "event"):
        raise ReviewError(f"'{item_id}' is not a review id (notice-N or event-N)")
    if notice is not None and event is not None:
        raise ReviewError(f"both notice-{pk} and event-{pk} exist; say which")
    found = notice or event
    if found is None:
        raise ReviewError(f"nothing to review has the id '{item_id}'")
    return found


def _state(item: Item) -> str:
    if isinstance(item, LegalEvent):
        return item.review
    return {"awaiting_review": "pending"}.get(item.review, item.review)


def summary(item: Item) -> dict[str, Any]:
    """One line of `sorn review list`."""
    if isinstance(item, LegalEvent):
        return {
            "id": review_id(item),
            "kind": "event",
            "system": item.system_number,
            "published": item.effective_from.isoformat(),
            "what": str(item),
            "review": item.review,
            "unconfirmed": list(item.unconfirmed),
        }
    return {
        "id": review_id(item),
        "kind": "notice",
        "system": item.system_number,
        "published": item.published.isoformat() if item.published else None,
        "what": f"{item.action} notice {item.fr_doc or ''}".strip(),
        "review": _state(item),
        "partial": item.partial,
        "problems": item.problems,
        "doubts": list(item.parsed.get("warnings", [])) if isinstance(item.parsed, dict) else [],
    }


def pending() -> list[dict[str, Any]]:
    notices = ImportedNotice.objects.filter(review=ImportedNotice.Review.AWAITING)
    events = LegalEvent.objects.filter(review=LegalEvent.Review.PENDING)
    return [summary(n) for n in notices.order_by("pk")] + [summary(e) for e in events]


def event_json(event: LegalEvent) -> dict[str, Any]:
    """One line of `sorn events`."""
    return {
        "id": review_id(event),
        "system": event.system_number,
        "published": event.version_published.isoformat(),
        "routine_use": event.routine_use or None,
        "effect": event.effect,
        "from": event.effective_from.isoformat(),
        "citation": event.citation,
        "summary": event.summary,
        "review": event.review,
        "reviewed_by": event.reviewed_by or None,
        "builtin": event.builtin,
        "unconfirmed": list(event.unconfirmed),
    }


# -- notices -----------------------------------------------------------------------------------


def notice_version(notice: ImportedNotice) -> SornVersion | None:
    if notice.version is None:
        return None
    try:
        return version_from_json(notice.version)
    except SornDataError:
        return None


def notice_diff(notice: ImportedNotice) -> SornDiff | None:
    """The notice against the version in force the day before it was published (None for a new
    system, or a notice that could not be read)."""
    version = notice_version(notice)
    if version is None:
        return None
    in_force = law.registry_in_force()
    try:
        before = in_force.in_force(version.system_number, version.published - timedelta(days=1))
    except SornLookupError:
        return None
    return diff(before, version) if before is not None else None


# -- events ------------------------------------------------------------------------------------


def event_preview(event: LegalEvent) -> dict[str, Any]:
    """What accepting `event` would change on its `from` day, the other accepted events as they
    are: the routine uses it would stop or restore and the purposes no longer or again covered."""
    reg = law.registry_in_force()
    others = [e for e in law.legal_events(reg) if e.id != event.pk]
    on = event.effective_from
    try:
        without = reg.standing(event.system_number, on, others)
    except SornLookupError:
        return {"on": on.isoformat(), "stops": [], "restores": [], "purposes_lost": [],
                "purposes_regained": []}  # fmt: skip
    hypothetical = law.as_event(event, [registry(), reg])
    with_it = reg.standing(event.system_number, on, [*others, hypothetical])

    def uses(standing: Any) -> set[str]:
        return {f"{u.routine_use.label} ({u.version.key})" for u in standing.usable}

    def purposes(standing: Any) -> set[str]:
        return {p for u in standing.usable for p in u.routine_use.purposes}

    return {
        "on": on.isoformat(),
        "stops": sorted(uses(without) - uses(with_it)),
        "restores": sorted(uses(with_it) - uses(without)),
        "purposes_lost": sorted(purposes(without) - purposes(with_it)),
        "purposes_regained": sorted(purposes(with_it) - purposes(without)),
    }


def _known_version(system: str, published: date) -> tuple[SornRegistry, SornVersion]:
    in_force = law.registry_in_force()
    for reg in (in_force, registry()):
        try:
            found = reg.version_of(system, published)
        except SornLookupError:
            continue
        if found is not None:
            return reg, found
    try:
        days = ", ".join(v.published.isoformat() for v in in_force.versions(system))
    except SornLookupError as exc:
        raise ReviewError(str(exc)) from None
    raise ReviewError(
        f"no version of {system} was published on {published.isoformat()} (known: {days})"
    )


def add_event(
    system: str,
    published: date,
    effect: str,
    effective_from: date,
    citation: str,
    routine_use: str = "",
    summary_text: str = "",
) -> LegalEvent:
    """A legal event awaiting review; refused where it names no known version or routine use."""
    if not citation.strip():
        raise ReviewError("an event needs its citation (the court, case number and date)")
    if effect not in {e.value for e in Effect}:
        raise ReviewError(f"unknown effect '{effect}' (vacated, enjoined, stayed, lifted)")
    _reg, version = _known_version(system, published)
    if routine_use:
        found = version.routine_use(routine_use) or _builtin_use(version, routine_use)
        if found is None:
            labels = ", ".join(ru.label for ru in version.routine_uses) or "none"
            raise ReviewError(
                f"the {version.system_number} notice of {published} has no routine use "
                f"'{routine_use}' (its routine uses: {labels})"
            )
    if effective_from < published:
        raise ReviewError(
            f"an event cannot take effect ({effective_from}) before the notice it "
            f"touches was published ({published})"
        )
    return LegalEvent.objects.create(
        system_number=version.system_number,
        version_published=published,
        routine_use=routine_use,
        effect=effect,
        effective_from=effective_from,
        citation=citation.strip(),
        summary=summary_text,
    )


def _builtin_use(version: SornVersion, label: str) -> Any:
    try:
        same = registry().version_of(version.system_number, version.published)
    except SornLookupError:
        return None
    return same.routine_use(label) if same is not None else None


# -- the review --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reviewed:
    item: Item
    message: str


def accept(item_id: str, by: str, purposes: dict[str, tuple[str, ...]] | None = None) -> Reviewed:
    """Accept a notice or an event: from now it counts (an event from its own `from` day)."""
    with transaction.atomic():
        item = _locked(find(item_id))
        _still_pending(item)
        if isinstance(item, ImportedNotice):
            message = _accept_notice(item, purposes or {})
        else:
            if purposes:
                raise ReviewError("--purposes applies to notices, not to legal events")
            message = f"accepted event-{item.pk}: {item}"
        item.review = "accepted"
        item.reviewed_by = by
        item.reviewed_at = timezone.now()
        item.save()
    return Reviewed(item, message)


def reject(item_id: str, by: str) -> Reviewed:
    with transaction.atomic():
        item = _locked(find(item_id))
        _still_pending(item)
        item.review = "rejected"
        item.reviewed_by = by
        item.reviewed_at = timezone.now()
        item.save()
    return Reviewed(item, f"rejected {review_id(item)}: it will never count")


def _locked(item: Item) -> Item:
    return type(item).objects.select_for_update().get(pk=item.pk)


def _still_pending(item: Item) -> None:
    if _state(item) != "pending":
        raise ReviewError(f"{review_id(item)} was already {_state(item)} by {item.reviewed_by}")


def _accept_notice(notice: ImportedNotice, purposes: dict[str, tuple[str, ...]]) -> str:
    if notice.partial:
        raise ReviewError(
            f"notice-{notice.pk} was read only in part ({notice.problems}); it cannot be "
            "accepted: reject it, and record the notice by hand if it matters"
        )
    version = notice_version(notice)
    if version is None:
        raise ReviewError(f"notice-{notice.pk} has no version that can be read back")
    if notice.action not in law.VERSION_ACTIONS:
        if purposes:
            raise ReviewError(f"a {notice.action} notice has no routine uses to give purposes to")
        return (
            f"accepted notice-{notice.pk} for the record: a {notice.action} notice changes no "
            "routine use of the system"
        )
    if purposes:
        version = with_purposes(version, purposes)
    version = _reviewed(version)
    try:
        law.registry_in_force().with_version(version)
    except ValueError as exc:
        raise ReviewError(f"notice-{notice.pk} cannot join the registry: {exc}") from None
    notice.version = version.to_json()
    blank = [ru.label for ru in version.routine_uses if not ru.purposes]
    note = f" ({len(blank)} routine uses with no purposes authorize nothing)" if blank else ""
    return f"accepted notice-{notice.pk}: {version.key} counts from now{note}"


def _reviewed(version: SornVersion) -> SornVersion:
    return replace(version, awaiting_review=False)
