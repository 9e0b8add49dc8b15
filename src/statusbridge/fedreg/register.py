"""The Federal Register's document API (`/documents.json`, `/documents/{number}.json`) and its
full-text XML.

Its search has a quirk that silently loses documents: past page 50, or past 10,000 results, it
starts again at page 1. So a search whose `count` or `total_pages` goes beyond either limit is
split into two date ranges and each searched on its own, down to single days; a page that starts
over is detected; and the documents gathered are checked against `count`. Anything short of the
whole list is a `RegisterError`, never a silently shorter list. This module reads public notices
only; it never sends anything about people.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Final
from urllib.parse import urlsplit

import httpx

from statusbridge import config
from statusbridge.fedreg.http import Cache, HttpSource, RegisterError

XML_HOSTS: Final = frozenset({"www.federalregister.gov", "www.govinfo.gov"})
MAX_PAGES: Final = 50
MAX_RESULTS: Final = 10_000
FIELDS: Final = (
    "document_number",
    "title",
    "type",
    "action",
    "abstract",
    "publication_date",
    "effective_on",
    "citation",
    "docket_ids",
    "agencies",
    "html_url",
    "full_text_xml_url",
)


@dataclass(frozen=True)
class Search:
    """What to look for: the API's `conditions[…]`."""

    term: str = ""
    agencies: Sequence[str] = ()
    types: Sequence[str] = ("NOTICE",)
    docket_id: str = ""
    since: date | None = None
    until: date | None = None

    def params(self, since: date | None, until: date | None) -> list[tuple[str, str | int]]:
        out: list[tuple[str, str | int]] = []
        if self.term:
            out.append(("conditions[term]", self.term))
        out += [("conditions[agencies][]", a) for a in self.agencies]
        out += [("conditions[type][]", t) for t in self.types]
        if self.docket_id:
            out.append(("conditions[docket_id]", self.docket_id))
        if since is not None:
            out.append(("conditions[publication_date][gte]", since.isoformat()))
        if until is not None:
            out.append(("conditions[publication_date][lte]", until.isoformat()))
        return out


@dataclass
class FederalRegister:
    """Searches, documents and full text from the register's API."""

    source: HttpSource
    per_page: int = 100
    max_pages: int = MAX_PAGES
    max_results: int = MAX_RESULTS
    first_day: date = date(1994, 1, 1)  # the API's documents begin in 1994
    fields: Sequence[str] = field(default=FIELDS)

    def search(self, search: Search, today: date) -> Iterator[dict[str, Any]]:
        """Every document the search finds, oldest first, each once."""
        since = search.since or self.first_day
        until = search.until or today
        if since > until:
            return
        seen: set[str] = set()
        for document in self._range(search, since, until):
            number = str(document.get("document_number", ""))
            if number and number not in seen:
                seen.add(number)
                yield document

    def _page(self, search: Search, since: date, until: date, page: int) -> dict[str, Any]:
        params = [
            *search.params(since, until),
            ("per_page", self.per_page),
            ("page", page),
            ("order", "oldest"),
            *(("fields[]", f) for f in self.fields),
        ]
        data = self.source.get_json("documents.json", params, fresh=True)
        if not isinstance(data, dict) or "count" not in data:
            raise RegisterError("the Federal Register's search answer has no 'count'")
        return data

    def _range(self, search: Search, since: date, until: date) -> Iterator[dict[str, Any]]:
        first = self._page(search, since, until, 1)
        count = int(first.get("count") or 0)
        pages = int(first.get("total_pages") or (1 if count else 0))
        if count > self.max_results or pages > self.max_pages:
            if since == until:
                raise RegisterError(
                    f"the Federal Register lists {count:,} documents for {since} alone, more "
                    "than its search can page through; narrow the search"
                )
            middle = since + (until - since) // 2
            yield from self._range(search, since, middle)
            yield from self._range(search, middle + timedelta(days=1), until)
            return
        results = list(first.get("results") or [])
        opening = _first_number(results)
        page, data = 1, first
        while data.get("next_page_url") and page < pages:
            page += 1
            data = self._page(search, since, until, page)
            batch = list(data.get("results") or [])
            if batch and opening and _first_number(batch) == opening:
                raise RegisterError(
                    f"the Federal Register's search started over at page {page} "
                    f"({since} to {until}); the list would be incomplete"
                )
            results += batch
        if len(results) < count:
            raise RegisterError(
                f"the Federal Register listed {len(results)} of the {count} documents it "
                f"counted for {since} to {until}; try again later"
            )
        yield from results

    def document(self, number: str) -> dict[str, Any]:
        """One document's metadata."""
        data = self.source.get_json(f"documents/{_number(number)}.json")
        if not isinstance(data, dict) or "document_number" not in data:
            raise RegisterError(f"the Federal Register has no document {number}")
        return data

    def documents(self, numbers: Sequence[str]) -> list[dict[str, Any]]:
        """Several documents' metadata in one request per twenty."""
        out: list[dict[str, Any]] = []
        for start in range(0, len(numbers), 20):
            chunk = ",".join(_number(n) for n in numbers[start : start + 20])
            data = self.source.get_json(f"documents/{chunk}.json")
            out += list(data.get("results") or []) if isinstance(data, dict) else []
        return out

    def full_text_xml(self, url: str) -> bytes:
        """A document's full text as the register's XML, fetched only from the register itself
        (the API's own host, or the register's and GPO's sites), whatever an answer points at."""
        if not url:
            raise RegisterError("the document has no full-text XML")
        host = urlsplit(self.source.url(url)).hostname or ""
        allowed = {urlsplit(self.source.base_url).hostname, *XML_HOSTS}
        if host not in allowed:
            raise RegisterError(
                f"refusing to fetch full text from {host or url!r}: not the register"
            )
        return self.source.get(url, kind="xml")


def _first_number(results: list[dict[str, Any]]) -> str:
    return str(results[0].get("document_number", "")) if results else ""


def _number(number: str) -> str:
    text = number.strip()
    if not text or not all(c.isalnum() or c == "-" for c in text):
        raise RegisterError(f"{number!r} is not a Federal Register document number")
    return text


def register_from_config(transport: httpx.BaseTransport | None = None) -> FederalRegister:
    """The register at ``STATUSBRIDGE_FEDERAL_REGISTER_URL``, cached in the data home, offline
    where ``STATUSBRIDGE_FEDREG_OFFLINE=1``."""
    source = HttpSource(
        config.federal_register_url(),
        cache=Cache(config.fedreg_cache_dir()),
        offline=config.fedreg_offline(),
        transport=transport,
    )
    return FederalRegister(source)
