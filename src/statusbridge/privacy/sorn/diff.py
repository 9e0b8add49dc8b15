"""What changed between two versions of a system of records notice.

Routine uses are matched first by identical substance, then by label where the text is still
recognisably the same use, then by text similarity (rapidfuzz) to catch renumbering. What is left
over is added or removed. Sections are compared as text and shown as unified diffs.

This module only compares notices; it never decides whether a disclosure is allowed.
"""

from __future__ import annotations

import difflib
import textwrap
from dataclasses import dataclass
from typing import Any, Final, Literal

from rapidfuzz import fuzz

from statusbridge.privacy.sorn.model import SECTION_KEYS, SECTION_TITLES, RoutineUse, SornVersion

# A same-numbered use this similar is the same use reworded; below it the number was reused.
SAME_LABEL_MIN: Final = 50.0
# A differently numbered use this similar is the same use renumbered.
RENUMBERED_MIN: Final = 85.0

MatchedBy = Literal["substance", "label", "text"]


@dataclass(frozen=True)
class RoutineUseMatch:
    old: RoutineUse
    new: RoutineUse
    matched_by: MatchedBy
    similarity: float


def _normal(text: str) -> str:
    return " ".join(text.lower().split())


def similarity(a: RoutineUse, b: RoutineUse) -> float:
    """0–100: how alike two routine uses read."""
    return float(fuzz.ratio(_normal(a.text), _normal(b.text)))


def match_routine_uses(
    old: tuple[RoutineUse, ...], new: tuple[RoutineUse, ...]
) -> tuple[list[RoutineUseMatch], list[RoutineUse], list[RoutineUse]]:
    """Pairs of the same routine use in both versions, then the removed and the added ones."""
    matches: list[RoutineUseMatch] = []
    old_left = list(old)
    new_left = list(new)

    def take(o: RoutineUse, n: RoutineUse, by: MatchedBy, score: float) -> None:
        matches.append(RoutineUseMatch(o, n, by, score))
        old_left.remove(o)
        new_left.remove(n)

    # 1. Same substance: unchanged, or only renumbered. Prefer the same label when both exist.
    for n in list(new_left):
        same = [o for o in old_left if o.substance() == n.substance()]
        if same:
            o = next((x for x in same if x.key == n.key), same[0])
            take(o, n, "substance", 100.0)
    # 2. Same label and still recognisably the same use.
    for n in list(new_left):
        o2 = next((x for x in old_left if x.key == n.key), None)
        if o2 is not None:
            score = similarity(o2, n)
            if score >= SAME_LABEL_MIN:
                take(o2, n, "label", score)
    # 3. Renumbered and possibly reworded: best pairs first.
    scored = sorted(
        ((similarity(o, n), i, j) for i, o in enumerate(old_left) for j, n in enumerate(new_left)),
        key=lambda t: (-t[0], t[1], t[2]),
    )
    used_old: set[int] = set()
    used_new: set[int] = set()
    pairs: list[tuple[RoutineUse, RoutineUse, float]] = []
    for score, i, j in scored:
        if score < RENUMBERED_MIN:
            break
        if i in used_old or j in used_new:
            continue
        used_old.add(i)
        used_new.add(j)
        pairs.append((old_left[i], new_left[j], score))
    for o, n, score in pairs:
        take(o, n, "text", score)
    return matches, old_left, new_left


@dataclass(frozen=True)
class RoutineUseChange:
    old: RoutineUse
    new: RoutineUse
    matched_by: MatchedBy
    similarity: float
    fields_changed: tuple[str, ...]
    text_diff: str

    @property
    def renumbered(self) -> bool:
        return self.old.key != self.new.key

    def to_json(self) -> dict[str, Any]:
        return {
            "old_label": self.old.label,
            "new_label": self.new.label,
            "matched_by": self.matched_by,
            "similarity": round(self.similarity, 1),
            "fields_changed": list(self.fields_changed),
            "old": self.old.to_json(),
            "new": self.new.to_json(),
            "text_diff": self.text_diff,
        }


@dataclass(frozen=True)
class SectionChange:
    key: str
    title: str
    old: str
    new: str
    unified_diff: str

    def to_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "title": self.title,
            "old": self.old,
            "new": self.new,
            "unified_diff": self.unified_diff,
        }


@dataclass(frozen=True)
class SornDiff:
    old: SornVersion
    new: SornVersion
    added: tuple[RoutineUse, ...]
    removed: tuple[RoutineUse, ...]
    changed: tuple[RoutineUseChange, ...]
    unchanged: tuple[str, ...]
    sections: tuple[SectionChange, ...]
    header: dict[str, tuple[str, str]]

    @property
    def same_version(self) -> bool:
        return self.old.key == self.new.key

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.removed or self.changed or self.sections or self.header)

    def to_json(self) -> dict[str, Any]:
        return {
            "system_number": self.new.system_number,
            "old": _version_summary(self.old),
            "new": _version_summary(self.new),
            "same_version": self.same_version,
            "routine_uses": {
                "added": [ru.to_json() for ru in self.added],
                "removed": [ru.to_json() for ru in self.removed],
                "changed": [c.to_json() for c in self.changed],
                "unchanged": list(self.unchanged),
            },
            "sections": [s.to_json() for s in self.sections],
            "header": {k: {"old": o, "new": n} for k, (o, n) in self.header.items()},
        }


def _version_summary(v: SornVersion) -> dict[str, Any]:
    return {
        "key": v.key,
        "system_name": v.system_name,
        "action": v.action.value,
        "published": v.published.isoformat(),
        "effective": v.effective.isoformat(),
        "effective_basis": v.effective_basis,
        "fr_citation": v.fr_citation,
        "fr_doc": v.fr_doc,
        "docket": v.docket,
        "change_summary": v.change_summary,
        "unconfirmed": list(v.unconfirmed),
        "awaiting_review": v.awaiting_review,
    }


def _lines(text: str) -> list[str]:
    out: list[str] = []
    for paragraph in text.split("\n"):
        out.extend(textwrap.wrap(paragraph, width=88) or [""])
    return out


def _unified(old: str, new: str, old_name: str, new_name: str) -> str:
    return "\n".join(
        difflib.unified_diff(
            _lines(old), _lines(new), fromfile=old_name, tofile=new_name, lineterm=""
        )
    )


def _fields_changed(o: RoutineUse, n: RoutineUse) -> tuple[str, ...]:
    changed = []
    # A label of ours (the notice's number unconfirmed) against the notice's own is no change
    # in the law: an imported notice's "3." is the same use as our "sb-litigation".
    if o.key != n.key and o.label_in_notice and n.label_in_notice:
        changed.append("label")
    if _normal(o.text) != _normal(n.text):
        changed.append("text")
    for name in ("recipients", "purposes", "record_fields", "authorities"):
        if sorted(getattr(o, name)) != sorted(getattr(n, name)):
            changed.append(name)
    return tuple(changed)


def diff(old: SornVersion, new: SornVersion) -> SornDiff:
    """Routine uses added, removed and changed, and every section whose text changed."""
    matches, removed, added = match_routine_uses(old.routine_uses, new.routine_uses)
    changed: list[RoutineUseChange] = []
    unchanged: list[str] = []
    for m in matches:
        fields = _fields_changed(m.old, m.new)
        if not fields:
            unchanged.append(m.new.label)
            continue
        text_diff = ""
        if "text" in fields:
            text_diff = _unified(
                m.old.text, m.new.text, f"{old.key} #{m.old.label}", f"{new.key} #{m.new.label}"
            )
        changed.append(
            RoutineUseChange(m.old, m.new, m.matched_by, m.similarity, fields, text_diff)
        )
    order = {ru.key: i for i, ru in enumerate(new.routine_uses)}
    changed.sort(key=lambda c: order.get(c.new.key, 0))
    sections: list[SectionChange] = []
    keys = [k for k in SECTION_KEYS if k in old.sections or k in new.sections]
    keys += sorted(k for k in {*old.sections, *new.sections} if k not in SECTION_KEYS)
    if old.routine_uses_preamble or new.routine_uses_preamble:
        keys.append("routine_uses_preamble")
    for key in keys:
        if key == "routine_uses_preamble":
            a, b = old.routine_uses_preamble, new.routine_uses_preamble
            title = "Routine uses (introductory text)"
        else:
            a, b = old.section(key), new.section(key)
            title = SECTION_TITLES.get(key, key.replace("_", " ").capitalize())
        if _normal(a) != _normal(b):
            sections.append(SectionChange(key, title, a, b, _unified(a, b, old.key, new.key)))
    header: dict[str, tuple[str, str]] = {}
    if _normal(old.system_name) != _normal(new.system_name):
        header["system_name"] = (old.system_name, new.system_name)
    if old.system_number != new.system_number:
        header["system_number"] = (old.system_number, new.system_number)
    return SornDiff(
        old=old,
        new=new,
        added=tuple(added),
        removed=tuple(removed),
        changed=tuple(changed),
        unchanged=tuple(unchanged),
        sections=tuple(sections),
        header=header,
    )


def _describe(v: SornVersion) -> str:
    text = f"{v.key} — {v.action.value}, {v.citation()}"
    text += f"; routine uses it adds or changes effective {v.effective.isoformat()}"
    if v.awaiting_review:
        text += " [awaiting review]"
    return text


def _routine_use_lines(ru: RoutineUse, marker: str, indent: str = "    ") -> list[str]:
    label = ru.label if ru.label_in_notice else f"{ru.label} (our label; notice number unconfirmed)"
    lines = [f"  {marker} {label}:"]
    lines += [indent + line for line in textwrap.wrap(ru.text, width=84)]
    for name, values in (
        ("recipients", ru.recipients),
        ("purposes", ru.purposes),
        ("record fields", ru.record_fields),
        ("authorities", ru.authorities),
    ):
        if values:
            lines.append(f"{indent}{name}: {', '.join(values)}")
    return lines


def render_diff_text(d: SornDiff) -> str:
    """The diff as people read it on a terminal."""
    out = [f"System of records {d.new.system_number}: {d.new.system_name}"]
    out.append(f"  from {_describe(d.old)}")
    out.append(f"  to   {_describe(d.new)}")
    if d.same_version:
        out.append("")
        out.append("Both dates fall under the same notice: nothing changed between them.")
        return "\n".join(out) + "\n"
    if d.new.change_summary:
        out.append("")
        out.append("What the later notice says it changes:")
        out += ["  " + line for line in textwrap.wrap(d.new.change_summary, width=86)]
    for name, (a, b) in d.header.items():
        out.append(f"{name.replace('_', ' ')}: {a!r} -> {b!r}")
    out.append("")
    out.append(f"Routine uses added ({len(d.added)}):")
    for ru in d.added:
        out += _routine_use_lines(ru, "+")
        out.append(f"    may be used from {d.new.effective.isoformat()} ({d.new.effective_basis})")
    out.append(f"Routine uses removed ({len(d.removed)}):")
    for ru in d.removed:
        out += _routine_use_lines(ru, "-")
    out.append(f"Routine uses changed ({len(d.changed)}):")
    for c in d.changed:
        head = f"  ~ {c.new.label}"
        if c.renumbered:
            head += f" (was {c.old.label}; matched by {c.matched_by}, {c.similarity:.0f}% alike)"
        out.append(f"{head}: {', '.join(c.fields_changed)} changed")
        for name in ("recipients", "purposes", "record_fields", "authorities"):
            if name in c.fields_changed:
                before = set(getattr(c.old, name))
                after = set(getattr(c.new, name))
                gained = ", ".join(sorted(after - before)) or "none"
                lost = ", ".join(sorted(before - after)) or "none"
                out.append(f"      {name.replace('_', ' ')}: +[{gained}] -[{lost}]")
        if c.text_diff:
            out += ["      " + line for line in c.text_diff.splitlines()]
    out.append(f"Routine uses unchanged: {len(d.unchanged)}")
    out.append("")
    out.append(f"Sections changed ({len(d.sections)}):")
    for s in d.sections:
        out.append(f"  * {s.title}")
        out += ["      " + line for line in s.unified_diff.splitlines()]
    unconfirmed = [v for v in (d.old, d.new) if v.unconfirmed]
    if unconfirmed:
        out.append("")
        for v in unconfirmed:
            out.append(f"Not confirmed for {v.key}: {', '.join(v.unconfirmed)}")
    return "\n".join(out) + "\n"
