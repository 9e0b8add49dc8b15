"""The person's journey in a real browser, and the public pages, each scanned with axe-core.

The person signs in by simulated identity proofing, reads who asked about them with every entry
"checked in your browser" (the RFC 9162 inclusion proof and the checkpoint's Ed25519 signature,
by WebCrypto), opens their case, reads the notice and contests it. Screenshots go to
``build/e2e/``.
"""

from __future__ import annotations

from typing import Any

import pytest

from statusbridge.ledger.merkle import MerkleLog, leaf_hash
from tests.conftest import run_statusbridge
from tests.e2e.conftest import ARTIFACTS, Service, Visit

pytestmark = pytest.mark.sqlite_only  # one browser run is enough: the pages are the same


def _noticed(service: Service) -> None:
    """The verifier determines the module's case and the agency sends the notice."""
    number, env = service.case_number, service.env
    run_statusbridge(
        env, "cases", "determine", number, "--outcome", "NOT_VERIFIED",
        "--evidence", "No SSA or DHS record confirms citizenship.",
        "--by", service.verifier.username,
    )  # fmt: skip
    run_statusbridge(env, "cases", "notify", number, "--by", service.agency_user.username)


def test_the_person_checks_who_asked_and_contests(visit: Any, service: Service) -> None:
    _noticed(service)
    number = service.case_number
    me = visit()
    me.go("/")
    me.page.get_by_role("link", name="see who asked about you").click()
    me.page.wait_for_url("**/me/sign-in/")
    assert "Simulated identity proofing" in me.page.locator("#simulated").inner_text()
    me.check("person-sign-in")
    me.page.get_by_label("First name").fill("Ana")
    me.page.get_by_label("Last name").fill("Lee")
    me.page.get_by_label("Date of birth").fill("1990-01-01")
    me.page.get_by_label("Social Security number").fill("345-67-8901")
    me.page.get_by_role("button", name="Prove who I am").click()
    me.page.wait_for_url("**/me/")
    assert "345-67-8901" not in me.page.content()
    me.check("person-home")

    me.page.get_by_role("link", name="Who asked about me").first.click()
    me.page.wait_for_url("**/me/accounting/")
    status = me.page.locator("#check-status-text")
    status.filter(has_text="Every entry was checked").wait_for()
    cells = me.page.locator("td.sb-check")
    assert cells.count() >= 2  # the verification and the determination sent to the agency
    assert cells.all_inner_texts() == ["Checked in your browser"] * cells.count()
    natures = me.page.locator("#accounting").inner_text()
    assert "determination" in natures and "demo-election-office" in natures
    me.check("person-accounting")
    _the_module_refuses_what_does_not_verify(me.page)

    me.page.get_by_role("link", name="My cases and notices").first.click()
    me.page.wait_for_url("**/me/cases/")
    me.check("person-cases")
    me.page.get_by_role("link", name=number).click()
    me.page.wait_for_url(f"**/me/cases/{number}/")
    assert "Download this notice (PDF)" in me.page.content()
    me.check("person-case")
    me.page.get_by_label("Why you contest the finding").fill("I was born in Ohio.")
    me.page.get_by_role("button", name="Contest the finding").click()
    me.page.wait_for_url(f"**/me/cases/{number}/?done=contest")
    assert "contest was recorded" in me.page.locator("#page-done").inner_text()
    assert "You have contested" in me.page.locator("#contest-state").inner_text()
    me.check("person-contested")


def test_without_javascript_the_page_says_the_check_needs_it(
    browser: Any, service: Service
) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        me = Visit(context.new_page(), service.base)
        me.go("/me/sign-in/")
        for label, value in (("First name", "Ana"), ("Last name", "Lee"), ("Date of birth",
                             "1990-01-01"), ("Social Security number", "345678901")):  # fmt: skip
            me.page.get_by_label(label).fill(value)
        me.page.get_by_role("button", name="Prove who I am").click()
        me.page.wait_for_url("**/me/")
        me.go("/me/accounting/")
        assert "needs JavaScript" in me.page.locator("#check-status-text").inner_text()
        checks = me.page.locator("td.sb-check").all_inner_texts()
        assert checks and "Checked in your browser" not in checks
        assert me.page.get_by_role("link", name="Download the signed checkpoint").count() == 1
        me.page.screenshot(path=str(ARTIFACTS / "person-accounting-no-javascript.png"))
    finally:
        context.close()


def _the_module_refuses_what_does_not_verify(page: Any) -> None:
    """The browser's check agrees with ``ledger.merkle`` on every leaf of trees of 1 to 12
    leaves, and refuses a wrong root, a wrong index and a checkpoint whose text was changed."""
    cases = []
    for size in range(1, 13):
        log = MerkleLog()
        leaves = [leaf_hash(f"entry {i}".encode()) for i in range(size)]
        log.extend(leaves)
        for index in range(size):
            proof = [h.hex() for h in log.inclusion_proof(index, size)]
            cases.append([leaves[index].hex(), index, size, proof, log.root(size).hex()])
    doc = page.evaluate("() => JSON.parse(document.getElementById('accounting-data').textContent)")
    found = page.evaluate(
        """async ([cases, doc]) => {
          const m = await import('/static/web/inclusion.js');
          const hex = (t) => Uint8Array.from(t.match(/../g) || [], (b) => parseInt(b, 16));
          const out = {good: 0, wrongRoot: 0, wrongIndex: 0};
          for (const [leaf, index, size, proof, root] of cases) {
            const p = proof.map(hex);
            if (await m.verifyInclusion(hex(leaf), index, size, p, hex(root))) out.good++;
            const bad = hex(root); bad[0] ^= 1;
            if (await m.verifyInclusion(hex(leaf), index, size, p, bad)) out.wrongRoot++;
            if (size > 1 && await m.verifyInclusion(hex(leaf), (index + 1) % size, size, p,
                hex(root))) out.wrongIndex++;
          }
          const head = await m.verifyCheckpoint(doc.checkpoint, doc.verifier_key);
          const nl = String.fromCharCode(10);
          const lines = doc.checkpoint.split(nl);
          lines[1] = String(head.size + 1);
          try {
            await m.verifyCheckpoint(lines.join(nl), doc.verifier_key);
            out.forged = true;
          } catch (e) { out.forged = false; }
          return out;
        }""",
        [cases, doc],
    )
    assert found == {"good": len(cases), "wrongRoot": 0, "wrongIndex": 0, "forged": False}


def test_the_public_pages(visit: Any, service: Service) -> None:
    tab = visit()
    tab.go("/")
    tab.page.get_by_role("link", name="Systems of records and routine uses").click()
    tab.page.wait_for_url("**/systems/")
    assert "Routine uses in force" in tab.page.content()
    tab.check("public-systems")
    tab.go("/")
    tab.page.get_by_role("link", name="latest signed checkpoint").click()
    tab.page.wait_for_url("**/checkpoint/")
    assert tab.page.locator("#checkpoint").inner_text().startswith("statusbridge")
    tab.check("public-checkpoint")
