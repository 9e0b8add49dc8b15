"""The Federal Register and eCFR clients against answers written here: paging and its silent
reset, rate limits with Retry-After, errors and timeouts, the cache and offline mode."""

from __future__ import annotations

import json
import stat
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from statusbridge.fedreg.ecfr import Ecfr
from statusbridge.fedreg.http import Cache, HttpSource, RegisterError
from statusbridge.fedreg.register import FederalRegister, Search

API = "https://fr.test/api/v1"
TODAY = date(2026, 11, 29)


class Clock:
    """A fake clock: sleeping moves it, so pacing and backoff cost no real time."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(round(seconds, 3))
        self.now += seconds


def source(handler: Any, clock: Clock | None = None, **kwargs: Any) -> HttpSource:
    clock = clock or Clock()
    return HttpSource(
        API,
        transport=httpx.MockTransport(handler),
        sleep=clock.sleep,
        clock=clock,
        **kwargs,
    )


def doc(number: str, day: str) -> dict[str, Any]:
    return {"document_number": number, "publication_date": day, "type": "Notice"}


def query(request: httpx.Request) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(str(request.url)).query).items()}


def test_pages_are_followed_until_next_page_url_ends() -> None:
    docs = [doc(f"2025-{n:05d}", "2025-01-02") for n in range(5)]

    def handle(request: httpx.Request) -> httpx.Response:
        q = query(request)
        page, per = int(q["page"]), int(q["per_page"])
        body: dict[str, Any] = {
            "count": 5,
            "total_pages": 3,
            "results": docs[(page - 1) * per : page * per],
        }
        if page < 3:
            body["next_page_url"] = f"{API}/documents.json?page={page + 1}"
        return httpx.Response(200, json=body)

    register = FederalRegister(source(handle), per_page=2)
    found = list(register.search(Search(term='"60-0058"'), TODAY))
    assert [d["document_number"] for d in found] == [d["document_number"] for d in docs]


def test_search_sends_the_conditions_the_register_reads() -> None:
    seen: list[dict[str, str]] = []
    urls: list[str] = []

    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(query(request))
        urls.append(str(request.url))
        return httpx.Response(200, json={"count": 0, "total_pages": 0, "results": []})

    search = Search(
        term='"DHS/USCIS-004"',
        agencies=("homeland-security-department",),
        docket_id="USCIS-2025-0337",
        since=date(2025, 1, 1),
    )
    assert list(FederalRegister(source(handle)).search(search, TODAY)) == []
    q = seen[0]
    assert q["conditions[term]"] == '"DHS/USCIS-004"'
    assert q["conditions[agencies][]"] == "homeland-security-department"
    assert q["conditions[type][]"] == "NOTICE"
    assert q["conditions[docket_id]"] == "USCIS-2025-0337"
    assert q["conditions[publication_date][gte]"] == "2025-01-01"
    assert q["conditions[publication_date][lte]"] == "2026-11-29"
    assert q["order"] == "oldest"
    assert "fields%5B%5D=full_text_xml_url" in urls[0]


def _dated_register(per_day: int) -> tuple[FederalRegister, list[tuple[str, str]]]:
    """A register holding `per_day` documents each day of January 2025 that, like the real one,
    starts over at page 1 when asked past `max_pages`."""
    ranges: list[tuple[str, str]] = []
    days = [date(2025, 1, d) for d in range(1, 32)]
    everything = [doc(f"{d:%m%d}-{i}", d.isoformat()) for d in days for i in range(per_day)]

    def handle(request: httpx.Request) -> httpx.Response:
        q = query(request)
        lo, hi = q["conditions[publication_date][gte]"], q["conditions[publication_date][lte]"]
        if q["page"] == "1":
            ranges.append((lo, hi))
        hits = [d for d in everything if lo <= d["publication_date"] <= hi]
        per, page = int(q["per_page"]), int(q["page"])
        pages = -(-len(hits) // per)
        if page > 5:  # the quirk: past the last page it will serve, page 1 again
            page = 1
        body: dict[str, Any] = {
            "count": len(hits),
            "total_pages": pages,
            "results": hits[(page - 1) * per : page * per],
        }
        if int(q["page"]) < pages:
            body["next_page_url"] = "next"
        return httpx.Response(200, json=body)

    register = FederalRegister(source(handle), per_page=2, max_pages=5, max_results=10)
    return register, ranges


def test_a_search_past_the_page_limit_is_split_by_date_and_loses_nothing() -> None:
    register, ranges = _dated_register(per_day=1)
    search = Search(since=date(2025, 1, 1), until=date(2025, 1, 31))
    found = list(register.search(search, TODAY))
    assert len(found) == 31
    assert len({d["document_number"] for d in found}) == 31
    assert ranges[0] == ("2025-01-01", "2025-01-31")
    assert len(ranges) > 1  # split at least once
    assert all(hi >= lo for lo, hi in ranges)


def test_a_single_day_past_the_limit_is_an_error_not_a_short_list() -> None:
    register, _ = _dated_register(per_day=12)
    search = Search(since=date(2025, 1, 3), until=date(2025, 1, 3))
    with pytest.raises(RegisterError, match="more than its search can page through"):
        list(register.search(search, TODAY))


def test_a_page_that_starts_over_is_caught() -> None:
    def handle(request: httpx.Request) -> httpx.Response:
        # Claims three pages but serves page 1 again for page 2 (the reset).
        return httpx.Response(
            200,
            json={
                "count": 6,
                "total_pages": 3,
                "results": [doc("2025-00001", "2025-01-02"), doc("2025-00002", "2025-01-02")],
                "next_page_url": "next",
            },
        )

    with pytest.raises(RegisterError, match="started over at page 2"):
        list(FederalRegister(source(handle), per_page=2).search(Search(), TODAY))


def test_fewer_documents_than_counted_is_an_error() -> None:
    def handle(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            200, json={"count": 3, "total_pages": 1, "results": [doc("2025-1", "2025-01-02")]}
        )

    with pytest.raises(RegisterError, match="listed 1 of the 3"):
        list(FederalRegister(source(handle)).search(Search(), TODAY))


def test_429_waits_as_retry_after_says_then_succeeds() -> None:
    calls: list[int] = []

    def handle(request: httpx.Request) -> httpx.Response:
        calls.append(1)
        if len(calls) == 1:
            return httpx.Response(429, headers={"Retry-After": "7"}, json={"errors": "slow down"})
        return httpx.Response(200, json={"document_number": "2025-19735"})

    clock = Clock()
    register = FederalRegister(source(handle, clock))
    assert register.document("2025-19735")["document_number"] == "2025-19735"
    assert len(calls) == 2
    assert 7.0 in clock.slept


def test_server_errors_are_retried_with_growing_backoff_then_reported() -> None:
    def handle(request: httpx.Request) -> httpx.Response:
        return httpx.Response(503)

    clock = Clock()
    with pytest.raises(RegisterError, match=r"answered 503 .* 3 tries"):
        FederalRegister(source(handle, clock, retries=2)).document("2025-19735")
    assert [s for s in clock.slept if s >= 1] == [1.0, 2.0]


def test_timeouts_are_retried_then_reported_in_one_sentence() -> None:
    def handle(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("slow", request=request)

    with pytest.raises(RegisterError, match="timed out"):
        FederalRegister(source(handle, retries=1)).document("2025-19735")


def test_a_client_error_names_what_the_register_said() -> None:
    def handle(request: httpx.Request) -> httpx.Response:
        return httpx.Response(400, json={"errors": {"conditions": "is invalid"}})

    with pytest.raises(RegisterError, match=r"400 .*conditions: is invalid"):
        FederalRegister(source(handle)).document("2025-19735")


def test_not_json_is_an_error() -> None:
    def handle(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=b"<html>maintenance</html>")

    with pytest.raises(RegisterError, match="not JSON"):
        FederalRegister(source(handle)).document("2025-19735")


def test_requests_are_paced_five_a_second_and_xml_one_a_second() -> None:
    def handle(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith(".xml"):
            return httpx.Response(200, content=b"<NOTICE/>")
        return httpx.Response(200, json={"document_number": "x", "results": []})

    clock = Clock()
    register = FederalRegister(source(handle, clock))
    register.document("2025-1")
    register.document("2025-2")
    register.full_text_xml("https://fr.test/x/1.xml")
    register.full_text_xml("https://fr.test/x/2.xml")
    assert clock.slept == [0.2, 1.0]


def test_the_cache_is_owner_only_and_offline_reads_it_alone(tmp_path: Path) -> None:
    calls: list[str] = []

    def handle(request: httpx.Request) -> httpx.Response:
        calls.append(str(request.url))
        return httpx.Response(200, content=b"<NOTICE>cached</NOTICE>")

    cache = Cache(tmp_path / "cache")
    online = FederalRegister(source(handle, cache=cache))
    url = "https://fr.test/documents/full_text/xml/2025/10/31/2025-19735.xml"
    assert online.full_text_xml(url) == b"<NOTICE>cached</NOTICE>"
    assert online.full_text_xml(url) == b"<NOTICE>cached</NOTICE>"  # from the cache
    assert len(calls) == 1
    stored = cache.path(url)
    assert stat.S_IMODE(stored.stat().st_mode) == 0o600
    assert stat.S_IMODE(stored.parent.stat().st_mode) == 0o700

    def never(request: httpx.Request) -> httpx.Response:
        raise AssertionError("offline mode opened a connection")

    offline = FederalRegister(source(never, cache=cache, offline=True))
    assert offline.full_text_xml(url) == b"<NOTICE>cached</NOTICE>"
    with pytest.raises(RegisterError, match=r"offline, and .* is not in the cache"):
        offline.document("2025-99058")


def test_multi_document_fetch_asks_once_per_twenty() -> None:
    asked: list[str] = []

    def handle(request: httpx.Request) -> httpx.Response:
        asked.append(request.url.path)
        numbers = request.url.path.rsplit("/", 1)[1].removesuffix(".json").split(",")
        return httpx.Response(
            200, json={"count": len(numbers), "results": [doc(n, "2025-01-02") for n in numbers]}
        )

    numbers = [f"2025-{n:05d}" for n in range(25)]
    found = FederalRegister(source(handle)).documents(numbers)
    assert [d["document_number"] for d in found] == numbers
    assert len(asked) == 2


@pytest.mark.parametrize("bad", ["", "../../etc/passwd", "2025 1"])
def test_a_malformed_document_number_is_refused_before_asking(bad: str) -> None:
    def never(request: httpx.Request) -> httpx.Response:
        raise AssertionError("asked")

    with pytest.raises(RegisterError, match="not a Federal Register document number"):
        FederalRegister(source(never)).document(bad)


def test_only_http_urls_are_fetched() -> None:
    def never(request: httpx.Request) -> httpx.Response:
        raise AssertionError("asked")

    with pytest.raises(RegisterError, match="not an http"):
        FederalRegister(source(never)).full_text_xml("file:///etc/passwd")


def test_ecfr_titles_versions_structure_and_part_xml() -> None:
    asked: list[str] = []

    def handle(request: httpx.Request) -> httpx.Response:
        asked.append(str(request.url))
        path = request.url.path
        if path.endswith("titles.json"):
            return httpx.Response(
                200, json={"titles": [{"number": 20, "name": "Employees' Benefits"}]}
            )
        if "/versions/" in path:
            return httpx.Response(
                200, json={"content_versions": [{"part": "416", "date": "2024-01-01"}]}
            )
        if "/structure/" in path:
            return httpx.Response(200, json={"identifier": "20", "type": "title", "children": []})
        return httpx.Response(200, content=b"<DIV5 N='416'><DIV6 N='P'/></DIV5>")

    ecfr = Ecfr(
        HttpSource(
            "https://ecfr.test/api/versioner/v1",
            transport=httpx.MockTransport(handle),
            sleep=lambda s: None,
            name="the eCFR",
        )
    )
    assert ecfr.titles()[0]["number"] == 20
    assert ecfr.versions(20, part="416")[0]["part"] == "416"
    assert ecfr.structure(20, date(2026, 1, 1))["identifier"] == "20"
    assert b"DIV6" in ecfr.part_xml(20, "416", date(2026, 1, 1), subpart="P")
    assert asked[-1] == (
        "https://ecfr.test/api/versioner/v1/full/2026-01-01/title-20.xml?part=416&subpart=P"
    )
    with pytest.raises(RegisterError, match="not a CFR title"):
        ecfr.structure(99, date(2026, 1, 1))


def test_recorded_answers_are_the_registers_shape() -> None:
    from tests.fedreg.recorded_register import RECORDED

    for name in ("search-60-0058.json", "search-dhs-uscis-004.json"):
        data = json.loads((RECORDED / name).read_text())
        assert data["count"] == len(data["results"])
        assert {"document_number", "publication_date", "full_text_xml_url"} <= set(
            data["results"][0]
        )


def test_full_text_comes_only_from_the_register() -> None:
    def handle(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=b"<NOTICE/>")

    register = FederalRegister(source(handle))
    assert register.full_text_xml("https://fr.test/documents/full_text/xml/1.xml")
    assert register.full_text_xml("https://www.federalregister.gov/documents/full_text/xml/1.xml")
    with pytest.raises(RegisterError, match="not the register"):
        register.full_text_xml("http://169.254.169.254/latest/meta-data")
