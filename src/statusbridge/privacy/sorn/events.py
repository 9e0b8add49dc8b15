"""Legal events as data: a court order or other act that vacates, enjoins, stays or lifts one
version of a system of records notice, or one routine use of it, from a day.

How an event bears on a routine use (used by `SornRegistry.standing`):

- An event on a whole version touches the wording that version introduced. Routine uses the
  version repeated unchanged keep the authority of the earlier notice that introduced them:
  vacating a modification puts the notice back as it stood before.
- An event on one routine use touches that use's wording (its substance, whatever its label) in
  whatever notice the wording came from.
- Of the accepted events touching a use on a day, the latest (by `effective_from`, then id)
  decides: `vacated` or `enjoined` bars the wording; `stayed` or `lifted` restores it.
- A barred wording gives way to the wording it replaced, if that one is in force and not barred
  itself (so the 2020 SAVE routine use answers again once the 2025 one is vacated).

Pure Python: this module decides nothing about a person; it only says which events hold.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Final

from statusbridge.privacy.sorn.model import RoutineUse, normalize_system_number


class Effect(StrEnum):
    VACATED = "vacated"
    ENJOINED = "enjoined"
    STAYED = "stayed"
    LIFTED = "lifted"


BARRING: Final = frozenset({Effect.VACATED, Effect.ENJOINED})


@dataclass(frozen=True)
class LegalEvent:
    """One accepted event (pending and rejected ones never reach the registry)."""

    id: int
    system_number: str
    published: date  # the version it touches
    effect: Effect
    effective_from: date
    citation: str
    routine_use: str = ""  # a label of that version; empty: the whole version
    # The substance of the named routine use, wherever the registry found it (its label may
    # differ between statusbridge's summary and an accepted notice of the same day).
    substances: frozenset[tuple[object, ...]] = frozenset()

    @property
    def system_key(self) -> str:
        return normalize_system_number(self.system_number)

    @property
    def bars(self) -> bool:
        return self.effect in BARRING

    def target(self) -> str:
        what = f"{self.system_key} notice of {self.published.isoformat()}"
        return (
            f"routine use {self.routine_use} of the {what}" if self.routine_use else f"the {what}"
        )

    def describe(self) -> str:
        """E.g. 'the DHS/USCIS-004 notice of 2025-10-31 vacated from 2026-06-22 by … (event 1)'."""
        return (
            f"{self.target()} {self.effect.value} from {self.effective_from.isoformat()} "
            f"by {self.citation} (event {self.id})"
        )

    def touches(self, use: RoutineUse, version_published: date) -> bool:
        """Whether this event bears on `use`, whose wording came from the notice of that day."""
        if not self.routine_use:
            return version_published == self.published
        return use.substance() in self.substances


def deciding_event(
    events: list[LegalEvent], use: RoutineUse, version_published: date, on: date
) -> LegalEvent | None:
    """The latest accepted event in effect on `on` that touches this wording, if any."""
    found = [e for e in events if e.effective_from <= on and e.touches(use, version_published)]
    return max(found, key=lambda e: (e.effective_from, e.id)) if found else None
