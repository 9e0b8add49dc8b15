"""Governance as privacy officers and auditors use it: SORNs, agreements, the accounting."""

from __future__ import annotations

import base64
import json
import sqlite3
from pathlib import Path

import pytest

from statusbridge.ledger.merkle import verify_inclusion
from tests.conftest import GSA_NOTICE, ON, Run

BENEFITS = ("--agency", "demo-benefits-agency", "--purpose", "benefit-eligibility")


def _sql(env: dict[str, str], statement: str) -> None:
    """Change the database behind the service's back, as an insider with access could."""
    url = env.get("STATUSBRIDGE_DATABASE_URL", "")
    if url.startswith("postgres"):
        import psycopg

        with psycopg.connect(url, autocommit=True) as con:
            con.execute(statement)
        return
    with sqlite3.connect(Path(env["STATUSBRIDGE_HOME"]) / "statusbridge.sqlite3") as con:
        con.execute(statement)


def test_sorn_diff_shows_the_dhs_routine_use_added_in_november_2025(cli: Run) -> None:
    text = cli("sorn", "diff", "60-0058@2025-06-01", "60-0058@2026-01-01").stdout
    assert "Routine uses added (1)" in text and "Homeland Security" in text
    data = json.loads(
        cli("sorn", "diff", "60-0058@2025-06-01", "60-0058@2026-01-01", "--json").stdout
    )
    assert len(data["routine_uses"]["added"]) == 1
    assert "1373" in json.dumps(data["routine_uses"]["added"][0])


def test_sorn_import_parses_a_federal_register_notice(cli: Run, tmp_path: Path) -> None:
    data = json.loads(cli("sorn", "import", str(GSA_NOTICE), "--json").stdout)
    assert data["system_number"] == "GSA/OGP-1" and data["action"] == "new"
    assert data["published"] == "2019-10-08" and len(data["routine_uses"]) == 11
    assert {"label", "text"} <= set(data["routine_uses"][0])
    junk = tmp_path / "junk.xml"
    junk.write_text("<NOTICE><PREAMB>")
    done = cli("sorn", "import", str(junk), check=False)
    assert done.returncode != 0 and len(done.stderr.strip().splitlines()) == 1


def test_accounting_lists_each_disclosure_with_a_proof_that_verifies(
    ingested: Run, mini: Path, tmp_path: Path
) -> None:
    out = tmp_path / "r.csv"
    ingested("verify", "bulk", str(mini / "requests.csv"), *BENEFITS, "--out", str(out), "--on", ON)
    ingested(
        "verify", "one", "--ssn", "123456789", "--first-name", "William", "--last-name", "Smith",
        "--dob", "1980-02-03", *BENEFITS, "--on", ON,
    )  # fmt: skip
    document = json.loads(ingested("accounting", "--ssn", "123-45-6789", "--json").stdout)
    entries = document["entries"]
    # The file's r-nickname (the holder) and r-stranger-ssn (someone else giving his number: a
    # disclosure about the holder's record all the same), then the single verification.
    assert [e["nature"] for e in entries] == ["bulk", "bulk", "single"]
    assert {e["recipient"] for e in entries} == {"demo-benefits-agency"}
    assert all("DHS/USCIS-004" in e["authority"] for e in entries)
    lines = document["checkpoint"].split("\n")
    size, root = int(lines[1]), base64.b64decode(lines[2])
    for e in entries:
        proof = [bytes.fromhex(h) for h in e["inclusion_proof"]]
        assert verify_inclusion(bytes.fromhex(e["leaf_hash"]), e["sequence"], size, proof, root)
    assert "123456789" not in json.dumps(document)
    nobody = ingested("accounting", "--ssn", "111-22-3333").stdout
    assert "no disclosures" in nobody
    # The person index catches up with disclosures made after it was last read.
    ingested(
        "verify", "one", "--ssn", "123456789", "--first-name", "Bill", "--last-name", "Smith",
        "--dob", "1980-02-03", *BENEFITS, "--on", ON,
    )  # fmt: skip
    again = json.loads(ingested("accounting", "--ssn", "123456789", "--json").stdout)
    assert [e["nature"] for e in again["entries"]] == ["bulk", "bulk", "single", "single"]


def test_accounting_by_a_number_lists_the_disclosures_of_that_dhs_record(ingested: Run) -> None:
    ingested(
        "verify", "one", "--a-number", "A-222333444", "--first-name", "Nadia",
        "--last-name", "Haddad", "--dob", "1988-04-04", *BENEFITS, "--on", ON,
    )  # fmt: skip
    for spelling in ("A-222333444", "a222333444", "222333444", "A 222 333 444"):
        document = json.loads(ingested("accounting", "--a-number", spelling, "--json").stdout)
        assert [e["nature"] for e in document["entries"]] == ["single"], spelling
        assert all(e["verified"] for e in document["entries"])
    assert "222333444" not in json.dumps(document)
    assert "no disclosures" in ingested("accounting", "--a-number", "A-333444555").stdout
    assert ingested("ledger", "verify").returncode == 0


@pytest.mark.parametrize(
    "args",
    [(), ("--ssn", "123456789", "--a-number", "A222333444"), ("--a-number", "A23")],
    ids=["neither", "both", "a-fragment"],
)
def test_accounting_takes_exactly_one_well_formed_identifier(
    ingested: Run, args: tuple[str, ...]
) -> None:
    done = ingested("accounting", *args, check=False)
    assert done.returncode != 0 and len(done.stderr.strip().splitlines()) == 1, done.stderr


def test_ledger_counts_one_entry_per_released_row(
    ingested: Run, mini: Path, tmp_path: Path
) -> None:
    out = tmp_path / "r.csv"
    ingested("verify", "bulk", str(mini / "requests.csv"), *BENEFITS, "--out", str(out), "--on", ON)
    rows = sum(1 for _ in out.open(encoding="utf-8")) - 1
    stats = json.loads(ingested("ledger", "stats", "--json").stdout)
    assert stats["entries"] == rows + 2  # and the two ingested extracts
    assert stats["size"] == stats["entries"]
    assert ingested("ledger", "verify").returncode == 0
    assert ingested("ledger", "checkpoint").stdout.startswith("statusbridge.local/accounting\n")


def _edit_entry(env: dict[str, str], sequence: int) -> str:
    """An UPDATE rewriting one entry's bytes (its nature) without touching its leaf hash."""
    if env.get("STATUSBRIDGE_DATABASE_URL", "").startswith("postgres"):
        text = "convert_from(entry, 'UTF8')"
        edited = f"convert_to(replace({text}, '\"bulk\"', '\"single\"'), 'UTF8')"
    else:
        edited = "CAST(replace(CAST(entry AS TEXT), '\"bulk\"', '\"single\"') AS BLOB)"
    return f"UPDATE ledger_ledgerentry SET entry = {edited} WHERE sequence = {sequence}"


@pytest.mark.parametrize(
    "tampering, first_bad",
    [
        ("edit", "entry 5"),
        ("DELETE FROM ledger_ledgerentry WHERE sequence = 7", "entry 7"),
        ("UPDATE ledger_ledgerentry SET person_key = '' WHERE sequence = 4", "entry 4"),
    ],
    ids=["edited", "removed", "index-edited"],
)
def test_ledger_verify_catches_edits_made_in_the_database(
    ingested: Run, cli_env: dict[str, str], mini: Path, tmp_path: Path, tampering: str,
    first_bad: str,
) -> None:  # fmt: skip
    out = tmp_path / "r.csv"
    ingested("verify", "bulk", str(mini / "requests.csv"), *BENEFITS, "--out", str(out), "--on", ON)
    _sql(cli_env, _edit_entry(cli_env, 5) if tampering == "edit" else tampering)
    done = ingested("ledger", "verify", check=False)
    assert done.returncode != 0
    assert "NOT intact" in done.stderr and first_bad in done.stderr


def test_refused_requests_are_recorded(ingested: Run, mini: Path, tmp_path: Path) -> None:
    ingested(
        "agreements", "add", "--agency", "tiny-county", "--agency-name", "Tiny County",
        "--purpose", "voter-list-maintenance", "--adverse-action", "--max-rows", "5",
        "--valid-from", "2025-01-01", "--valid-until", "2027-12-31",
    )  # fmt: skip
    done = ingested(
        "verify", "bulk", str(mini / "requests.csv"), "--agency", "tiny-county",
        "--purpose", "voter-list-maintenance", "--out", str(tmp_path / "x.csv"), "--on", ON,
        check=False,
    )  # fmt: skip
    assert done.returncode != 0 and "allows at most 5" in done.stderr
    refusals = json.loads(ingested("agreements", "decisions", "--refused", "--json").stdout)
    assert refusals[0]["agency"] == "tiny-county" and "at most 5" in refusals[0]["reason"]
    listed = json.loads(ingested("agreements", "list", "--json").stdout)
    assert {a["agency"] for a in listed} >= {"tiny-county", "demo-election-office"}


def test_matching_agreements_are_held_to_the_statute(ingested: Run) -> None:
    done = ingested(
        "agreements", "add-matching", "--agency", "demo-election-office", "--title", "Too long",
        "--transmitted", "2025-01-01", "--effective", "2025-02-15", "--expires", "2026-12-31",
        check=False,
    )  # fmt: skip
    assert done.returncode != 0 and "18 months" in done.stderr
    early = ingested(
        "agreements", "add-matching", "--agency", "demo-election-office", "--title", "Too soon",
        "--transmitted", "2025-01-01", "--effective", "2025-01-10", "--expires", "2026-01-31",
        check=False,
    )  # fmt: skip
    assert early.returncode != 0 and "30 days" in early.stderr


def test_identifiers_outside_the_agreement_are_answered_invalid(
    ingested: Run, mini: Path, tmp_path: Path
) -> None:
    ingested(
        "agreements", "add", "--agency", "ssn-only", "--purpose", "benefit-eligibility",
        "--no-adverse-action", "--identifier", "ssn", "--valid-from", "2025-01-01",
        "--valid-until", "2027-12-31", "--no-bulk",
    )  # fmt: skip
    done = ingested(
        "verify", "one", "--a-number", "A-222333444", "--first-name", "Nadia",
        "--last-name", "Haddad", "--dob", "1988-04-04", "--agency", "ssn-only",
        "--purpose", "benefit-eligibility", "--on", ON, "--json",
    )  # fmt: skip
    answer = json.loads(done.stdout)
    assert answer["response_code"] == "INVALID"
    assert answer["reason"] == "a_number: not covered by the agency's agreement"
    assert answer["status"] is None  # the agreement grants no status field


def test_law_enforcement_disclosures_are_accounted_but_not_shown_to_the_person(
    ingested: Run,
) -> None:
    ingested(
        "agreements", "add", "--agency", "state-police", "--purpose", "benefit-eligibility",
        "--no-adverse-action", "--law-enforcement", "--no-bulk",
        "--valid-from", "2025-01-01", "--valid-until", "2027-12-31",
    )  # fmt: skip
    before = json.loads(ingested("ledger", "stats", "--json").stdout)["entries"]
    ingested(
        "verify", "one", "--ssn", "222334444", "--first-name", "Carmen", "--last-name", "Ruiz",
        "--dob", "1970-09-09", "--agency", "state-police", "--purpose", "benefit-eligibility",
        "--on", ON,
    )  # fmt: skip
    assert json.loads(ingested("ledger", "stats", "--json").stdout)["entries"] == before + 1
    shown = json.loads(ingested("accounting", "--ssn", "222-33-4444", "--json").stdout)
    assert shown["entries"] == []
