"""`sorn sync` against the recorded register answers: the 2025 notices queued as reviewable
versions whose diffs match statusbridge's own, nothing counting before acceptance; bad input
queued as partial (never accepted) or reported in one sentence."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

import httpx
import pytest

from statusbridge.fedreg.http import HttpSource, RegisterError
from statusbridge.fedreg.register import FederalRegister
from statusbridge.privacy import law, review
from statusbridge.privacy.models import ImportedNotice
from statusbridge.privacy.services import authorize
from statusbridge.privacy.sorn import diff, registry
from statusbridge.privacy.sorn.imported import substantive_changes
from statusbridge.privacy.sync import sync
from tests.fedreg.handmade import notice_xml
from tests.fedreg.recorded_register import API, RECORDED, mock_transport

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 29)


def recorded() -> FederalRegister:
    return FederalRegister(HttpSource(API, transport=mock_transport(), sleep=lambda s: None))


def serving(xml: bytes, status: int = 200) -> FederalRegister:
    """A register whose search finds one DHS notice and serves `xml` as its full text."""

    def handle(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("documents.json"):
            found = {
                "document_number": "2026-00001",
                "publication_date": "2026-03-02",
                "full_text_xml_url": "https://fr.test/documents/full_text/xml/2026-00001.xml",
            }
            return httpx.Response(200, json={"count": 1, "total_pages": 1, "results": [found]})
        return httpx.Response(status, content=xml)

    return FederalRegister(
        HttpSource(API, transport=httpx.MockTransport(handle), sleep=lambda s: None, retries=1)
    )


def test_sync_queues_the_2025_notices_as_reviewable_versions() -> None:
    report = sync(recorded(), today=TODAY)
    queued = {n.fr_doc: n for n in report.queued}
    assert set(queued) == {"2025-99058", "2025-19735"}
    assert any("2025-99100" in s and "matching_program" in s for s in report.skipped)
    ssa, dhs = queued["2025-99058"], queued["2025-19735"]
    assert (ssa.system_number, ssa.published, ssa.action) == (
        "60-0058",
        date(2025, 11, 12),
        "modified",
    )
    assert (dhs.system_number, dhs.published) == ("DHS/USCIS-004", date(2025, 10, 31))
    assert ssa.modifies == "60-0058@2025-02-20"
    assert dhs.modifies == "DHS/USCIS-004@2020-05-27"
    assert not ssa.partial and not dhs.partial
    assert {r["id"] for r in review.pending() if r["kind"] == "notice"} == {
        f"notice-{ssa.pk}",
        f"notice-{dhs.pk}",
    }


@pytest.mark.parametrize("fr_doc", ["2025-99058", "2025-19735"])
def test_each_imported_diff_matches_the_built_in_one(fr_doc: str) -> None:
    sync(recorded(), today=TODAY)
    notice = ImportedNotice.objects.get(fr_doc=fr_doc)
    imported = review.notice_diff(notice)
    assert imported is not None
    ours = registry().version_of(notice.system_number, notice.published)
    assert ours is not None
    before = registry().in_force(notice.system_number, notice.published - timedelta(days=1))
    assert before is not None
    assert substantive_changes(imported) == substantive_changes(diff(before, ours))
    assert [ru.label for ru in imported.added] == [ru.label for ru in diff(before, ours).added]


def test_nothing_imported_counts_until_accepted_then_it_replaces_our_summary() -> None:
    before = law.registry_in_force()
    sync(recorded(), today=TODAY)
    after_sync = law.registry_in_force()
    assert [v.key for v in after_sync.versions("DHS/USCIS-004")] == [
        v.key for v in before.versions("DHS/USCIS-004")
    ]
    assert after_sync.in_force("DHS/USCIS-004", TODAY) == before.in_force("DHS/USCIS-004", TODAY)
    notice = ImportedNotice.objects.get(fr_doc="2025-19735")
    message = review.accept(f"notice-{notice.pk}", "officer").message
    assert "DHS/USCIS-004@2025-10-31 counts from now" in message
    current = law.registry_in_force().in_force("DHS/USCIS-004", TODAY)
    assert current is not None and not current.awaiting_review
    assert "Hand-made test fixture" not in current.change_summary  # the SUMMARY, not background
    assert current.routine_use("sb-user-agencies") is not None
    # Our facts came along with the same wording, so the same disclosures stay authorized.
    assert authorize("demo-election-office", "voter-list-maintenance", TODAY, "single")


def test_a_second_sync_queues_nothing_again() -> None:
    sync(recorded(), today=TODAY)
    again = sync(recorded(), today=TODAY)
    assert again.queued == []
    assert sum("already queued" in s for s in again.skipped) == 2


def test_one_system_or_a_docket() -> None:
    report = sync(recorded(), system="DHS/USCIS-004", today=TODAY)
    assert [n.fr_doc for n in report.queued] == ["2025-19735"]


def _only(report: Any) -> ImportedNotice:
    assert len(report.queued) == 1
    return report.queued[0]


@pytest.mark.parametrize(
    ("xml", "problem"),
    [
        (b"<NOTICE><PREAMB>", "not well-formed"),
        (b"<html><body>Service unavailable</body></html>", "root element is <html>"),
        (b"<NOTICE><SUPLINF/></NOTICE>", "no <PREAMB>"),
    ],
)
def test_unreadable_xml_is_queued_partial_and_can_never_be_accepted(
    xml: bytes, problem: str
) -> None:
    notice = _only(sync(serving(xml), system="DHS/USCIS-004", today=TODAY))
    assert notice.partial
    assert problem in notice.problems
    with pytest.raises(review.ReviewError, match="read only in part"):
        review.accept(f"notice-{notice.pk}", "officer")
    assert law.registry_in_force().version_of("DHS/USCIS-004", date(2026, 3, 2)) is None


def test_a_notice_without_routine_uses_is_partial() -> None:
    xml = notice_xml(
        action="Notice of a modified system of records.",
        sections=[
            (
                "SYSTEM NAME AND NUMBER:",
                ["DHS/USCIS-004 Systematic Alien Verification for Entitlements (SAVE) Program."],
            )
        ],
        routine_uses=None,
    ).encode()
    notice = _only(sync(serving(xml), system="DHS/USCIS-004", today=TODAY))
    assert notice.partial
    assert "ROUTINE USES" in notice.problems
    with pytest.raises(review.ReviewError, match="read only in part"):
        review.accept(f"notice-{notice.pk}", "officer")


def test_an_unknown_layout_of_routine_uses_is_partial_not_a_silently_wrong_list() -> None:
    xml = notice_xml(
        action="Notice of a modified system of records.",
        sections=[
            (
                "SYSTEM NAME AND NUMBER:",
                ["DHS/USCIS-004 Systematic Alien Verification for Entitlements (SAVE) Program."],
            )
        ],
        routine_uses=("Disclosures go to agencies, as follows, in prose with no numbering.",),
    ).encode()
    notice = _only(sync(serving(xml), system="DHS/USCIS-004", today=TODAY))
    assert notice.partial
    assert "without numbered or lettered routine uses" in notice.problems


def test_a_notice_about_another_system_is_skipped() -> None:
    report = sync(serving(notice_xml().encode()), system="DHS/USCIS-004", today=TODAY)
    assert report.queued == []
    assert any("about EXA-7" in s for s in report.skipped)


def test_a_full_text_the_register_will_not_give_is_queued_partial() -> None:
    notice = _only(sync(serving(b"gone", status=404), system="DHS/USCIS-004", today=TODAY))
    assert notice.partial and "not fetched" in notice.problems


def test_an_api_error_or_timeout_stops_the_sync_with_one_sentence() -> None:
    def down(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectTimeout("no route", request=request)

    register = FederalRegister(
        HttpSource(API, transport=httpx.MockTransport(down), sleep=lambda s: None, retries=1)
    )
    with pytest.raises(RegisterError, match="timed out"):
        sync(register, today=TODAY)
    assert not ImportedNotice.objects.exists()


def test_a_docket_files_each_notice_under_the_system_it_names() -> None:
    def handle(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("documents.json"):
            assert "conditions%5Bdocket_id%5D=USCIS-2025-0337" in str(request.url)
            return httpx.Response(
                200, content=(RECORDED / "search-dhs-uscis-004.json").read_bytes()
            )
        return httpx.Response(200, content=(RECORDED / "dhs-uscis-004-2025-10-31.xml").read_bytes())

    register = FederalRegister(
        HttpSource(API, transport=httpx.MockTransport(handle), sleep=lambda s: None)
    )
    notice = _only(sync(register, docket="USCIS-2025-0337", today=TODAY))
    assert (notice.system_number, notice.fr_doc) == ("DHS/USCIS-004", "2025-19735")


def test_documents_by_number_use_the_multi_document_fetch() -> None:
    asked: list[str] = []

    def handle(request: httpx.Request) -> httpx.Response:
        asked.append(request.url.path)
        if request.url.path.endswith(".json"):
            found = json.loads(
                (RECORDED / "search-60-0058.json").read_text().replace("{base}", "https://fr.test")
            )
            return httpx.Response(200, json={"count": 1, "results": found["results"][:1]})
        return httpx.Response(200, content=(RECORDED / "ssa-60-0058-2025-11-12.xml").read_bytes())

    register = FederalRegister(
        HttpSource(API, transport=httpx.MockTransport(handle), sleep=lambda s: None)
    )
    notice = _only(sync(register, documents=("2025-99058",), today=TODAY))
    assert notice.system_number == "60-0058" and not notice.partial
    assert asked[0] == "/api/v1/documents/2025-99058.json"


def test_an_event_on_our_summary_still_bars_once_the_registers_text_replaces_it() -> None:
    from statusbridge.privacy.models import LegalEvent
    from statusbridge.privacy.services import Refused, authorize_ingest

    sync(recorded(), today=TODAY)
    notice = ImportedNotice.objects.get(fr_doc="2025-99058")
    review.accept(f"notice-{notice.pk}", "officer")
    in_force = law.registry_in_force().in_force("60-0058", TODAY)
    assert in_force is not None and in_force.fr_doc == "2025-99058"
    assert authorize_ingest("ssa", date(2026, 7, 1))  # the register's text authorizes as ours did
    event = LegalEvent.objects.get(builtin=True, system_number="60-0058")
    review.accept(f"event-{event.pk}", "officer")
    with pytest.raises(Refused, match=f"event {event.pk}"):
        authorize_ingest("ssa", date(2026, 7, 1))


def test_an_accepted_matching_program_notice_changes_no_routine_use() -> None:
    from statusbridge.fedreg import notice_json, parse_notice
    from statusbridge.privacy.sorn.imported import to_sorn_version
    from tests.fedreg.recorded_register import RECORDED as FOLDER

    parsed = parse_notice((FOLDER / "matching-program-2025-12-01.xml").read_bytes())
    version = to_sorn_version(parsed, system_number="60-0058", published=date(2025, 12, 1))
    notice = ImportedNotice.objects.create(
        system_number="60-0058", action=parsed.action.value, published=date(2025, 12, 1),
        parsed=notice_json(parsed), version=version.to_json(),
    )  # fmt: skip
    before = law.registry_in_force().in_force("60-0058", TODAY)
    message = review.accept(f"notice-{notice.pk}", "officer").message
    assert "for the record" in message
    assert law.registry_in_force().in_force("60-0058", TODAY) == before
