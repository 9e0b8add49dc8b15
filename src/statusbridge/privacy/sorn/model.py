"""What a system of records notice says, as typed values: versions, sections, routine uses.

A SORN is published, then modified by later notices; each notice is one `SornVersion`. The
sections follow OMB Circular A-108's template. Routine uses carry, besides their summary, the
structured facts the disclosure policy needs: who may receive records, for which purposes, which
record fields, under which statutes.

Every text here is a summary in the project's own words; the Federal Register is the authority.
Where a fact could not be confirmed against the notice, the version or routine use says so
(`unconfirmed`, `label_in_notice`, `notes`) rather than guessing silently. Nothing in this module
may read records about people or decide a disclosure; it only describes what the notices say.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Final

# The notices' own vocabulary lives with the parser; the domain re-uses it (privacy → fedreg).
from statusbridge.fedreg.sorn_terms import (
    ROUTINE_USE_NOTICE_DAYS,
    SECTION_KEYS,
    SECTION_TITLES,
    SornAction,
    default_effective,
    normalize_system_number,
)

__all__ = [
    "ROUTINE_USE_NOTICE_DAYS",
    "SECTION_KEYS",
    "SECTION_TITLES",
    "RoutineUse",
    "SornAction",
    "SornDataError",
    "SornVersion",
    "default_effective",
    "normalize_label",
    "normalize_system_number",
    "version_from_json",
    "versions_from_json",
]


def normalize_label(label: str) -> str:
    """A routine-use label as compared: `1.`, `(1)` and ` 1 ` are the same label."""
    return label.strip().strip("().").strip().upper()


@dataclass(frozen=True)
class RoutineUse:
    """One routine use: a disclosure the notice allows outside the agency (5 U.S.C. 552a(b)(3))."""

    label: str
    text: str
    recipients: tuple[str, ...] = ()
    purposes: tuple[str, ...] = ()
    record_fields: tuple[str, ...] = ()
    authorities: tuple[str, ...] = ()
    # False where the label is ours because the notice's own number could not be confirmed.
    label_in_notice: bool = True
    # Set where this wording was usable before its notice's `effective` date: a use already in
    # force before the first notice recorded here, or one the notice applies on publication.
    effective_since: date | None = None
    notes: str = ""

    @property
    def key(self) -> str:
        return normalize_label(self.label)

    def substance(self) -> tuple[object, ...]:
        """What the routine use allows; two uses with equal substance allow the same disclosures."""
        return (
            " ".join(self.text.split()),
            tuple(sorted(self.recipients)),
            tuple(sorted(self.purposes)),
            tuple(sorted(self.record_fields)),
            tuple(sorted(self.authorities)),
        )

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "label": self.label,
            "text": self.text,
            "recipients": list(self.recipients),
            "purposes": list(self.purposes),
            "record_fields": list(self.record_fields),
            "authorities": list(self.authorities),
        }
        if not self.label_in_notice:
            out["label_in_notice"] = False
        if self.effective_since is not None:
            out["effective_since"] = self.effective_since.isoformat()
        if self.notes:
            out["notes"] = self.notes
        return out

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> RoutineUse:
        _known_keys(data, _ROUTINE_USE_KEYS, f"routine use {data.get('label')!r}")
        return cls(
            label=str(data["label"]),
            text=str(data["text"]),
            recipients=tuple(data.get("recipients", ())),
            purposes=tuple(data.get("purposes", ())),
            record_fields=tuple(data.get("record_fields", ())),
            authorities=tuple(data.get("authorities", ())),
            label_in_notice=bool(data.get("label_in_notice", True)),
            effective_since=(
                _date(data["effective_since"], f"routine use {data['label']}")
                if data.get("effective_since")
                else None
            ),
            notes=str(data.get("notes", "")),
        )


@dataclass(frozen=True)
class SornVersion:
    """A system of records as one Federal Register notice describes it."""

    system_number: str
    system_name: str
    agency: str
    action: SornAction
    published: date
    # The day the routine uses this notice adds or changes may first be used.
    effective: date
    effective_basis: str
    fr_citation: str | None = None
    fr_doc: str | None = None
    docket: str | None = None
    sections: Mapping[str, str] = field(default_factory=dict)
    routine_uses_preamble: str = ""
    routine_uses: tuple[RoutineUse, ...] = ()
    change_summary: str = ""
    sources: tuple[str, ...] = ()
    # Field names whose values here could not be confirmed against the notice or its metadata.
    unconfirmed: tuple[str, ...] = ()
    notes: str = ""
    # An imported notice stays awaiting review until a person checks it against the register.
    awaiting_review: bool = False

    @property
    def key(self) -> str:
        return f"{self.system_number}@{self.published.isoformat()}"

    def section(self, key: str) -> str:
        return self.sections.get(key, "")

    def routine_use(self, label: str) -> RoutineUse | None:
        wanted = normalize_label(label)
        return next((ru for ru in self.routine_uses if ru.key == wanted), None)

    def citation(self) -> str:
        """How people refer to this notice: citation, document number and date."""
        parts = [
            p for p in (self.fr_citation, f"FR Doc. {self.fr_doc}" if self.fr_doc else "") if p
        ]
        parts.append(f"published {self.published.isoformat()}")
        return ", ".join(parts)

    def to_json(self) -> dict[str, Any]:
        return {
            "system_number": self.system_number,
            "system_name": self.system_name,
            "agency": self.agency,
            "action": self.action.value,
            "published": self.published.isoformat(),
            "effective": self.effective.isoformat(),
            "effective_basis": self.effective_basis,
            "fr_citation": self.fr_citation,
            "fr_doc": self.fr_doc,
            "docket": self.docket,
            "sections": {k: self.sections[k] for k in _ordered_keys(self.sections)},
            "routine_uses_preamble": self.routine_uses_preamble,
            "routine_uses": [ru.to_json() for ru in self.routine_uses],
            "change_summary": self.change_summary,
            "sources": list(self.sources),
            "unconfirmed": list(self.unconfirmed),
            "notes": self.notes,
            "awaiting_review": self.awaiting_review,
        }


def _ordered_keys(sections: Mapping[str, str]) -> list[str]:
    known = [k for k in SECTION_KEYS if k in sections]
    return known + sorted(k for k in sections if k not in SECTION_KEYS)


class SornDataError(ValueError):
    """Built-in or supplied SORN data is inconsistent; the message names the version and field."""


_ROUTINE_USE_KEYS: Final = frozenset(
    {
        "label",
        "text",
        "recipients",
        "purposes",
        "record_fields",
        "authorities",
        "label_in_notice",
        "effective_since",
        "notes",
    }
)
_VERSION_KEYS: Final = frozenset(
    {
        "action",
        "published",
        "effective",
        "effective_basis",
        "fr_citation",
        "fr_doc",
        "docket",
        "system_name",
        "sections",
        "routine_uses_preamble",
        "routine_uses",
        "amends",
        "change_summary",
        "sources",
        "unconfirmed",
        "notes",
    }
)
_AMEND_KEYS: Final = frozenset({"sections", "add", "replace", "remove", "routine_uses_preamble"})


def _known_keys(data: Mapping[str, Any], allowed: frozenset[str], where: str) -> None:
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise SornDataError(f"{where}: unknown keys {unknown}")


def _date(value: Any, where: str) -> date:
    try:
        return date.fromisoformat(str(value))
    except ValueError as exc:
        raise SornDataError(f"{where}: not a YYYY-MM-DD date: {value!r}") from exc


def versions_from_json(document: Mapping[str, Any]) -> list[SornVersion]:
    """The versions of one system from its data file.

    A version lists its routine uses and sections in full, or `amends` the one before it
    (`add`, `replace`, `remove` routine uses by label, `sections` to change), so unchanged text
    is written once and unchanged routine uses keep the day they first became effective.
    """
    system_number = normalize_system_number(str(document["system_number"]))
    agency = str(document["agency"])
    out: list[SornVersion] = []
    previous: SornVersion | None = None
    for i, raw in enumerate(document["versions"]):
        where = f"{system_number} version {i + 1}"
        _known_keys(raw, _VERSION_KEYS, where)
        published = _date(raw["published"], where)
        if previous is not None and published <= previous.published:
            raise SornDataError(f"{where}: versions must be listed oldest first")
        if "effective" in raw:
            effective = _date(raw["effective"], where)
            basis = str(raw.get("effective_basis", "stated in the notice"))
        else:
            effective = default_effective(published)
            basis = str(
                raw.get(
                    "effective_basis",
                    "computed: publication + 30 days (5 U.S.C. 552a(e)(11))",
                )
            )
        if effective < published:
            raise SornDataError(f"{where}: effective {effective} before publication {published}")
        amends = raw.get("amends")
        if amends is not None:
            if previous is None:
                raise SornDataError(f"{where}: the first version cannot amend another")
            _known_keys(amends, _AMEND_KEYS, f"{where} amends")
            sections = dict(previous.sections)
            sections.update({str(k): str(v) for k, v in amends.get("sections", {}).items()})
            routine_uses = _amend_routine_uses(previous.routine_uses, amends, where)
            preamble = str(amends.get("routine_uses_preamble", previous.routine_uses_preamble))
        else:
            sections = {str(k): str(v) for k, v in raw.get("sections", {}).items()}
            routine_uses = tuple(RoutineUse.from_json(r) for r in raw.get("routine_uses", ()))
            preamble = str(raw.get("routine_uses_preamble", ""))
        unknown = [k for k in sections if k not in SECTION_KEYS]
        if unknown:
            raise SornDataError(f"{where}: unknown sections {unknown}")
        labels = [ru.key for ru in routine_uses]
        if len(labels) != len(set(labels)):
            raise SornDataError(f"{where}: duplicate routine-use labels")
        version = SornVersion(
            system_number=system_number,
            system_name=str(raw.get("system_name", document["system_name"])),
            agency=agency,
            action=SornAction(raw["action"]),
            published=published,
            effective=effective,
            effective_basis=basis,
            fr_citation=raw.get("fr_citation"),
            fr_doc=raw.get("fr_doc"),
            docket=raw.get("docket"),
            sections=sections,
            routine_uses_preamble=preamble,
            routine_uses=routine_uses,
            change_summary=str(raw.get("change_summary", "")),
            sources=tuple(raw.get("sources", ())),
            unconfirmed=tuple(raw.get("unconfirmed", ())),
            notes=str(raw.get("notes", "")),
        )
        out.append(version)
        previous = version
    return out


def _amend_routine_uses(
    before: Sequence[RoutineUse], amends: Mapping[str, Any], where: str
) -> tuple[RoutineUse, ...]:
    uses = {ru.key: ru for ru in before}
    order = [ru.key for ru in before]
    for label in amends.get("remove", ()):
        key = normalize_label(str(label))
        if key not in uses:
            raise SornDataError(f"{where}: cannot remove routine use {label!r}: not present")
        del uses[key]
        order.remove(key)
    for raw in amends.get("replace", ()):
        ru = RoutineUse.from_json(raw)
        if ru.key not in uses:
            raise SornDataError(f"{where}: cannot replace routine use {ru.label!r}: not present")
        uses[ru.key] = ru
    for raw in amends.get("add", ()):
        ru = RoutineUse.from_json(raw)
        if ru.key in uses:
            raise SornDataError(f"{where}: routine use {ru.label!r} added twice")
        uses[ru.key] = ru
        order.append(ru.key)
    return tuple(uses[k] for k in order)


def version_from_json(data: Mapping[str, Any]) -> SornVersion:
    """A version from what `SornVersion.to_json` wrote (an imported notice as stored)."""
    where = f"version {data.get('system_number')}@{data.get('published')}"
    try:
        return SornVersion(
            system_number=normalize_system_number(str(data["system_number"])),
            system_name=str(data.get("system_name", "")),
            agency=str(data.get("agency", "")),
            action=SornAction(data["action"]),
            published=_date(data["published"], where),
            effective=_date(data["effective"], where),
            effective_basis=str(data.get("effective_basis", "")),
            fr_citation=data.get("fr_citation"),
            fr_doc=data.get("fr_doc"),
            docket=data.get("docket"),
            sections={str(k): str(v) for k, v in data.get("sections", {}).items()},
            routine_uses_preamble=str(data.get("routine_uses_preamble", "")),
            routine_uses=tuple(RoutineUse.from_json(r) for r in data.get("routine_uses", ())),
            change_summary=str(data.get("change_summary", "")),
            sources=tuple(data.get("sources", ())),
            unconfirmed=tuple(data.get("unconfirmed", ())),
            notes=str(data.get("notes", "")),
            awaiting_review=bool(data.get("awaiting_review", False)),
        )
    except (KeyError, ValueError) as exc:
        raise SornDataError(f"{where}: {exc}") from None
