"""An agency user uploads a roll in a real browser: the job page shows it queued, a worker runs
it, the page reloads itself to done; the results are filtered and downloaded. Every page is
scanned with axe-core and photographed into ``build/e2e/``."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import MINI, run_statusbridge
from tests.e2e.conftest import ELECTION, Service, _staff

pytestmark = pytest.mark.sqlite_only  # one browser run is enough: the pages are the same


def test_an_agency_user_uploads_a_roll(visit: Any, service: Service, tmp_path: Path) -> None:
    rolf = visit()
    rolf.sign_in(_staff(service.env, "rolf", "agency-user", ELECTION))
    rolf.page.get_by_role("link", name="Upload a roll").click()
    rolf.page.wait_for_url("**/rolls/")
    rolf.check("roll-upload")
    rolf.page.get_by_label("Purpose").select_option("voter-list-maintenance")
    rolf.page.locator("#roll-file").set_input_files(str(MINI / "requests.csv"))
    rolf.page.get_by_role("button", name="Upload and verify").click()
    rolf.page.wait_for_url("**/rolls/*/")
    assert "Queued" in rolf.page.locator("#job-state").inner_text()
    assert "0 of 30" in rolf.page.locator("#job-rows").inner_text()
    rolf.check("roll-queued")

    run_statusbridge(service.env, "worker", "--until-idle")
    # The page reloads itself (meta refresh) until the job is done.
    rolf.page.get_by_text("Done: every row has an answer").wait_for(timeout=30_000)
    assert "30 of 30" in rolf.page.locator("#job-rows").inner_text()
    rolf.check("roll-done")

    rolf.page.get_by_role("link", name="See the results").click()
    rolf.page.wait_for_url("**/results/")
    rolf.check("roll-results")
    rolf.page.get_by_label("Case").select_option("yes")
    rolf.page.get_by_role("button", name="Show").click()
    rolf.page.wait_for_url("**/results/?*case=yes")
    table = rolf.page.locator("#results tbody")
    assert "ADDITIONAL_VERIFICATION" in table.inner_text()
    assert "US_CITIZEN" not in table.inner_text()
    rolf.check("roll-results-with-cases")

    with rolf.page.expect_download() as started:
        rolf.page.get_by_role("link", name="Download all results (CSV)").click()
    saved = tmp_path / "results.csv"
    started.value.save_as(saved)
    with saved.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 30 and {"request_id", "response_code", "case_number"} <= set(rows[0])
