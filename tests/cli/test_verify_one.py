"""`verify one` as a caseworker runs it, and agreement with `verify bulk` on the same rows."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from tests.conftest import ON, Run

BENEFITS = ("--agency", "demo-benefits-agency", "--purpose", "benefit-eligibility")


def test_json_answer_cites_evidence_and_snapshot_dates(ingested: Run) -> None:
    done = ingested(
        "verify", "one", "--ssn", "123-45-6789", "--first-name", "bill", "--last-name", "Smith",
        "--dob", "02/03/1980", *BENEFITS, "--on", ON, "--json",
    )  # fmt: skip
    answer = json.loads(done.stdout)
    assert answer["response_code"] == "US_CITIZEN"
    assert answer["reason"] == "SSA_CITIZEN_CODE"
    assert answer["evidence"] == "SSA_CITIZEN_CODE+SSA_BIRTHPLACE"
    assert answer["ssa_as_of"] == "2026-10-01" and answer["dhs_as_of"] == "2026-06-01"


def test_each_identifier_path(ingested: Run) -> None:
    paths = {
        ("--ssn-last4", "8901", "Ana", "Park", "1990-01-01"): "IMMIGRATION_STATUS",
        ("--a-number", "222333444", "Nadia", "Haddad", "1988-04-04"): "IMMIGRATION_STATUS",
        ("--certificate-number", "c7654321", "Emeka", "Okafor", "2001-02-02"): "US_CITIZEN",
    }
    for (flag, value, first, last, dob), code in paths.items():
        done = ingested(
            "verify", "one", flag, value, "--first-name", first, "--last-name", last,
            "--dob", dob, *BENEFITS, "--on", ON, "--json",
        )  # fmt: skip
        assert json.loads(done.stdout)["response_code"] == code, flag


def test_plain_output_is_a_readable_table(ingested: Run) -> None:
    done = ingested(
        "verify", "one", "--ssn", "222334444", "--first-name", "Carmen", "--last-name", "Ruiz",
        "--dob", "1970-09-09", *BENEFITS, "--on", ON,
    )  # fmt: skip
    assert "US_CITIZEN" in done.stdout and "SSA_BIRTHPLACE" in done.stdout


def test_invalid_input_is_answered_invalid(ingested: Run) -> None:
    done = ingested(
        "verify", "one", "--ssn", "12345", "--first-name", "A", "--last-name", "B",
        "--dob", "1990-01-01", *BENEFITS, "--on", ON, "--json",
    )  # fmt: skip
    answer = json.loads(done.stdout)
    assert answer["response_code"] == "INVALID" and answer["reason"].startswith("ssn:")


def test_refused_purpose(ingested: Run) -> None:
    done = ingested(
        "verify", "one", "--ssn", "222334444", "--first-name", "Carmen", "--last-name", "Ruiz",
        "--dob", "1970-09-09", "--agency", "demo-benefits-agency",
        "--purpose", "voter-list-maintenance", check=False,
    )  # fmt: skip
    assert done.returncode != 0 and done.stderr.startswith("statusbridge: refused")


def test_one_and_bulk_agree_on_every_mini_row(ingested: Run, mini: Path, tmp_path: Path) -> None:
    out = tmp_path / "bulk.csv"
    ingested("verify", "bulk", str(mini / "requests.csv"), *BENEFITS, "--out", str(out), "--on", ON)
    with out.open(newline="", encoding="utf-8") as handle:
        bulk = {row["request_id"]: row for row in csv.DictReader(handle)}
    with (mini / "requests.csv").open(newline="", encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle) if r["first_name"] and r["last_name"]]
    for row in rows[:8]:  # each process start costs a second; the property test covers more
        flags = [
            f"--{name.replace('_', '-')}={value}"
            for name, value in row.items()
            if value and name not in ("request_id",)
        ]
        done = ingested("verify", "one", *flags, *BENEFITS, "--on", ON, "--json")
        single = json.loads(done.stdout)
        for column in ("response_code", "status", "reason", "evidence"):
            assert (single[column] or "") == bulk[row["request_id"]][column], row["request_id"]
