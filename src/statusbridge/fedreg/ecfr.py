"""The eCFR's versioner API: the regulations that notices and programs cite, as of a date.

Titles and their latest dates, the versions of a part, a title's structure, and the full XML of
one part (or subpart) as it stood on a day, for example 20 CFR part 416 subpart P (SSI
residence and citizenship). Fetched through the same polite, cached, offline-capable source as
the Federal Register. It reads public regulations only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import httpx

from statusbridge import config
from statusbridge.fedreg.http import Cache, HttpSource, Params, RegisterError
from statusbridge.fedreg.safexml import parse_xml


@dataclass
class Ecfr:
    source: HttpSource

    def titles(self) -> list[dict[str, Any]]:
        data = self.source.get_json("titles.json", fresh=True)
        return list(data.get("titles") or []) if isinstance(data, dict) else []

    def versions(self, title: int, part: str | None = None) -> list[dict[str, Any]]:
        """The dated versions of a title's sections (of one part, if given)."""
        params: Params = [("part", part)] if part else []
        data = self.source.get_json(f"versions/title-{_title(title)}.json", params, fresh=True)
        return list(data.get("content_versions") or []) if isinstance(data, dict) else []

    def structure(self, title: int, on: date) -> dict[str, Any]:
        data = self.source.get_json(f"structure/{on.isoformat()}/title-{_title(title)}.json")
        if not isinstance(data, dict):
            raise RegisterError(f"the eCFR's structure of title {title} is not an object")
        return data

    def part_xml(self, title: int, part: str, on: date, subpart: str | None = None) -> bytes:
        """The full XML of a part (or one subpart) as in force on `on`."""
        params: Params = [("part", part), *([("subpart", subpart)] if subpart else [])]
        return self.source.get(
            f"full/{on.isoformat()}/title-{_title(title)}.xml", params, kind="xml"
        )


def _title(title: int) -> int:
    if not 1 <= title <= 50:
        raise RegisterError(f"title {title} is not a CFR title (1 to 50)")
    return title


def section_headings(xml: bytes) -> list[str]:
    """The headings of the sections in a part's XML ('§ 416.1603 How to prove …'), in order."""
    root = parse_xml(xml, max_bytes=50_000_000)
    return [
        " ".join((e.findtext("HEAD") or "").split())
        for e in root.iter()
        if e.get("TYPE") == "SECTION" and e.findtext("HEAD")
    ]


def ecfr_from_config(transport: httpx.BaseTransport | None = None) -> Ecfr:
    return Ecfr(
        HttpSource(
            config.ecfr_url(),
            cache=Cache(config.fedreg_cache_dir()),
            offline=config.fedreg_offline(),
            transport=transport,
            name="the eCFR",
        )
    )
