"""The systems of records statusbridge knows, and which version and routine uses held on a day.

A version is in force from the day it is published until the next one is published. Its routine
uses are another matter: one that a notice adds or changes may be used only from that notice's
effective date (5 U.S.C. 552a(e)(11)); until then the earlier wording, if any, still holds. A
routine use a notice removes stops on publication, since narrowing a disclosure needs no notice.

Legal events (`events`) may bar a wording from a day; the registry then answers with the wording
it replaced, where that one holds, and says which events it passed over (`standing`).

The built-in data lives in `data/*.json` next to this module, one file per system.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from importlib import resources

from statusbridge.privacy.sorn.diff import match_routine_uses
from statusbridge.privacy.sorn.events import LegalEvent, deciding_event
from statusbridge.privacy.sorn.model import (
    RoutineUse,
    SornVersion,
    normalize_system_number,
    versions_from_json,
)


class SornLookupError(LookupError):
    """A system or date that the registry cannot resolve; the message says what is known."""


@dataclass(frozen=True)
class EffectiveRoutineUse:
    """A routine use usable on some day, with the notice whose wording applies and since when."""

    routine_use: RoutineUse
    version: SornVersion
    effective_from: date
    # Accepted legal events behind this answer: a later wording barred (so this one applies),
    # or a stay or lift that restored this wording.
    events: tuple[LegalEvent, ...] = field(default=(), compare=False)

    def citation(self) -> str:
        """How the answer's authority names this routine use and the legal basis in force."""
        cite = self.version.fr_citation or self.version.citation()
        text = f"{normalize_system_number(self.version.system_number)} routine use "
        text += f"{self.routine_use.label} ({cite})"
        for event in self.events:
            text += f"; {event.describe()}"
        return text


@dataclass(frozen=True)
class BarredRoutineUse:
    """A wording that would have applied on a day but for an accepted legal event."""

    routine_use: RoutineUse
    version: SornVersion
    event: LegalEvent


@dataclass(frozen=True)
class Standing:
    """The routine uses of a system on a day: usable ones, and those barred by legal events."""

    usable: tuple[EffectiveRoutineUse, ...]
    barred: tuple[BarredRoutineUse, ...]

    def for_purpose(self, purpose: str) -> Standing:
        return Standing(
            tuple(u for u in self.usable if purpose in u.routine_use.purposes),
            tuple(b for b in self.barred if purpose in b.routine_use.purposes),
        )


@dataclass(frozen=True)
class _Entry:
    routine_use: RoutineUse
    version: SornVersion
    effective_from: date
    earlier: _Entry | None  # the wording this one replaced, still usable until effective_from


class SornRegistry:
    """Versions of systems of records, oldest first per system."""

    def __init__(self, versions: Iterable[SornVersion]) -> None:
        by_system: dict[str, list[SornVersion]] = {}
        for v in versions:
            by_system.setdefault(normalize_system_number(v.system_number), []).append(v)
        self._versions = {k: sorted(vs, key=lambda v: v.published) for k, vs in by_system.items()}
        for key, vs in self._versions.items():
            days = [v.published for v in vs]
            if len(days) != len(set(days)):
                raise ValueError(f"{key}: two versions published on the same day")
        self._entries = {k: _entries(vs) for k, vs in self._versions.items()}

    def systems(self) -> list[str]:
        return sorted(self._versions)

    def _key(self, system: str) -> str:
        key = normalize_system_number(system)
        if key not in self._versions:
            known = ", ".join(self.systems()) or "none"
            raise SornLookupError(f"unknown system of records '{system}' (known: {known})")
        return key

    def versions(self, system: str) -> list[SornVersion]:
        return list(self._versions[self._key(system)])

    def in_force(self, system: str, on: date) -> SornVersion | None:
        """The latest version published on or before `on`."""
        found = None
        for v in self._versions[self._key(system)]:
            if v.published <= on:
                found = v
        return found

    def authorizing(self, system: str, on: date) -> list[EffectiveRoutineUse]:
        """Routine uses usable on `on`, each with the notice whose wording applies that day
        (legal events aside: see `standing`)."""
        return list(self.standing(system, on).usable)

    def standing(self, system: str, on: date, events: Sequence[LegalEvent] = ()) -> Standing:
        """Routine uses usable on `on` given the accepted legal `events`, and those they bar."""
        key = self._key(system)
        current = self.in_force(key, on)
        if current is None:
            return Standing((), ())
        mine = [e for e in events if e.system_key == key]
        index = self._versions[key].index(current)
        usable: list[EffectiveRoutineUse] = []
        barred: list[BarredRoutineUse] = []
        for entry in self._entries[key][index]:
            e: _Entry | None = entry
            passed: list[LegalEvent] = []
            while e is not None:
                if e.effective_from > on:
                    e = e.earlier
                    continue
                event = deciding_event(mine, e.routine_use, e.version.published, on)
                if event is None or not event.bars:
                    if event is not None:
                        passed.append(event)
                    break
                barred.append(BarredRoutineUse(e.routine_use, e.version, event))
                passed.append(event)
                e = e.earlier
            if e is not None:
                usable.append(
                    EffectiveRoutineUse(e.routine_use, e.version, e.effective_from, tuple(passed))
                )
        return Standing(tuple(usable), tuple(barred))

    def routine_uses_effective(self, system: str, on: date) -> list[RoutineUse]:
        """Routine uses in force on `on`: published, and past the effective date of their text."""
        return [e.routine_use for e in self.authorizing(system, on)]

    def for_purpose(self, system: str, purpose: str, on: date) -> list[EffectiveRoutineUse]:
        """Routine uses usable on `on` that name `purpose`."""
        return [e for e in self.authorizing(system, on) if purpose in e.routine_use.purposes]

    def resolve(self, ref: str) -> SornVersion:
        """`SYSTEM@YYYY-MM-DD` → the version in force that day; `SYSTEM` alone → the latest."""
        system, at, day = ref.strip().rpartition("@")
        if not at:
            system, day = day, ""
        if not system:
            raise SornLookupError(f"'{ref}' names no system; expected SYSTEM@YYYY-MM-DD")
        key = self._key(system)
        if not day:
            return self._versions[key][-1]
        try:
            on = date.fromisoformat(day)
        except ValueError:
            raise SornLookupError(f"'{day}' in '{ref}' is not a YYYY-MM-DD date") from None
        found = self.in_force(key, on)
        if found is None:
            first = self._versions[key][0]
            raise SornLookupError(
                f"no version of {key} was published on or before {on} "
                f"(the earliest known is {first.published})"
            )
        return found

    def with_version(self, version: SornVersion) -> SornRegistry:
        """A registry that also holds `version` (an accepted notice, say), this one unchanged.

        A version published the same day as one held (statusbridge's own summary of the same
        notice) takes its place: the register's text is the authority.
        """
        key = normalize_system_number(version.system_number)
        everything = [
            v
            for vs in self._versions.values()
            for v in vs
            if not (
                normalize_system_number(v.system_number) == key and v.published == version.published
            )
        ]
        return SornRegistry([*everything, version])

    def version_of(self, system: str, published: date) -> SornVersion | None:
        """The version of `system` published exactly on `published`, if any."""
        return next((v for v in self.versions(system) if v.published == published), None)


def _entries(versions: list[SornVersion]) -> list[list[_Entry]]:
    """For each version, its routine uses with the day each wording first became usable."""
    out: list[list[_Entry]] = []
    previous: list[_Entry] = []
    for v in versions:
        before = {id(e.routine_use): e for e in previous}
        matches, _removed, _added = match_routine_uses(
            tuple(e.routine_use for e in previous), v.routine_uses
        )
        matched = {id(m.new): (m, before[id(m.old)]) for m in matches}
        current: list[_Entry] = []
        for ru in v.routine_uses:
            hit = matched.get(id(ru))
            if hit is not None and hit[0].matched_by == "substance":
                # Unchanged (perhaps renumbered): usable since its wording first took effect.
                old = hit[1]
                current.append(_Entry(ru, old.version, old.effective_from, old.earlier))
            else:
                earlier = hit[1] if hit is not None else None
                since = ru.effective_since if ru.effective_since is not None else v.effective
                current.append(_Entry(ru, v, since, earlier))
        out.append(current)
        previous = current
    return out


def load_builtin() -> list[SornVersion]:
    versions: list[SornVersion] = []
    folder = resources.files("statusbridge.privacy.sorn").joinpath("data")
    for item in sorted(folder.iterdir(), key=lambda p: p.name):
        if item.name.endswith(".json"):
            versions += versions_from_json(json.loads(item.read_text(encoding="utf-8")))
    return versions


@cache
def registry() -> SornRegistry:
    """The built-in systems of records (SSA 60-0058, DHS/USCIS-004), loaded once."""
    return SornRegistry(load_builtin())
