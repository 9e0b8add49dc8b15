"""`verify bulk` as an agency runs it: every row answered, the rules the mini extract exercises."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import polars as pl
import pytest

from tests.conftest import DHS_AS_OF, ON, SSA_AS_OF, Run

ELECTION = ("--agency", "demo-election-office", "--purpose", "voter-list-maintenance")
BENEFITS = ("--agency", "demo-benefits-agency", "--purpose", "benefit-eligibility")
AV = "ADDITIONAL_VERIFICATION"

# request_id → (code, status, reason) for benefit eligibility, then for voter-list maintenance.
EXPECTED: dict[str, tuple[tuple[str, str, str], tuple[str, str, str]]] = {
    "r-nickname": (("US_CITIZEN", "", "SSA_CITIZEN_CODE"),) * 2,
    "r-naturalized-unlinked": (("US_CITIZEN", "", "DHS_NATURALIZED"),) * 2,
    "r-earlier-name": (
        ("IMMIGRATION_STATUS", "LPR", "MAY_HAVE_NATURALIZED_SINCE_RECORD"),
        (AV, "", "STATUS_MAY_HAVE_CHANGED"),
    ),
    "r-not-recorded": ((AV, "", "CITIZENSHIP_NOT_RECORDED"),) * 2,
    "r-stranger-ssn": ((AV, "", "IDENTITY_NOT_CONFIRMED"),) * 2,
    "r-last4": (
        ("IMMIGRATION_STATUS", "LPR", "MAY_HAVE_NATURALIZED_SINCE_RECORD"),
        (AV, "", "STATUS_MAY_HAVE_CHANGED"),
    ),
    "r-deceased": (("DECEASED", "", "SSA_DEATH_RECORD"),) * 2,
    "r-national": (("US_NATIONAL", "", "SSA_BIRTHPLACE_NATIONAL"),) * 2,
    "r-apostrophe": ((AV, "", "SSA_CODE_IS_A_SNAPSHOT"),) * 2,
    "r-territory": (("US_CITIZEN", "", "SSA_BIRTHPLACE"),) * 2,
    "r-expired": ((AV, "", "STATUS_EXPIRED_ON_RECORD"),) * 2,
    "r-asylee": (
        ("IMMIGRATION_STATUS", "ASYLEE", "STATUS_AS_OF_RECORD"),
        (AV, "", "STATUS_MAY_HAVE_CHANGED"),
    ),
    "r-certificate": (("US_CITIZEN", "", "DHS_DERIVED"),) * 2,
    "r-wrong-a-number": ((AV, "", "IDENTITY_NOT_CONFIRMED"),) * 2,
    "r-no-identifier": (("RESUBMIT", "", "IDENTIFIER_REQUIRED"),) * 2,
    "r-last4-unknown": (("RESUBMIT", "", "FULL_SSN_REQUIRED"),) * 2,
    "r-ssn-unknown": (("RESUBMIT", "", "NO_RECORD_FOUND"),) * 2,
    "r-last4-ambiguous": (("RESUBMIT", "", "FULL_SSN_REQUIRED"),) * 2,
    "r-a-number-unknown": (("RESUBMIT", "", "NO_RECORD_FOUND"),) * 2,
    # Another Tuan Nguyen from Vietnam, born two months apart, naturalized: not this person.
    "r-namesake": ((AV, "", "SSA_CODE_IS_A_SNAPSHOT"),) * 2,
    # A naturalized Loan Ngoc Nguyen and a Jing Ma, born the same days in the same countries,
    # hold SSA citizen codes: neither is the nonimmigrant whose A-number was given.
    "r-namesake-citizen": (
        ("IMMIGRATION_STATUS", "NONIMMIGRANT", "MAY_HAVE_ADJUSTED_SINCE_RECORD"),
        (AV, "", "STATUS_MAY_HAVE_CHANGED"),
    ),
    "r-one-letter-namesake": (
        ("IMMIGRATION_STATUS", "NONIMMIGRANT", "MAY_HAVE_ADJUSTED_SINCE_RECORD"),
        (AV, "", "STATUS_MAY_HAVE_CHANGED"),
    ),
    # Jerome Tate gives his twin Michael Jerome's number; his own record has his exact name.
    "r-twin-sibling-ssn": ((AV, "", "ANOTHER_RECORD_FITS_BETTER"),) * 2,
    "r-twin-sibling-last4": ((AV, "", "ANOTHER_RECORD_FITS_BETTER"),) * 2,
    # A lapsed visitor; the Hoa Tran who is a citizen is tied to another A-number of her own.
    "r-namesake-two-a-numbers": ((AV, "", "STATUS_EXPIRED_ON_RECORD"),) * 2,
    "r-swapped-names": (("US_CITIZEN", "", "SSA_BIRTHPLACE"),) * 2,
}


def _results(path: Path) -> dict[str, dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return {row["request_id"]: row for row in csv.DictReader(handle)}


@pytest.mark.parametrize("purpose_index", [0, 1], ids=["benefits", "election"])
def test_every_rule_of_the_mini_extract(
    ingested: Run, mini: Path, tmp_path: Path, purpose_index: int
) -> None:
    out = tmp_path / "results.csv"
    args = (BENEFITS, ELECTION)[purpose_index]
    done = ingested(
        "verify", "bulk", str(mini / "requests.csv"), *args, "--out", str(out), "--on", ON
    )
    results = _results(out)
    for request_id, expected in EXPECTED.items():
        row = results[request_id]
        got = (row["response_code"], row["status"], row["reason"])
        assert got == expected[purpose_index], request_id
        assert row["ssa_as_of"] == SSA_AS_OF and row["dhs_as_of"] == DHS_AS_OF
        assert bool(row["case_number"]) == (got[0] == AV), request_id
    assert "ADDITIONAL_VERIFICATION" in done.stdout  # the summary table


def test_invalid_rows_name_the_field_and_nothing_is_dropped(
    ingested: Run, mini: Path, tmp_path: Path
) -> None:
    out = tmp_path / "results.csv"
    ingested("verify", "bulk", str(mini / "requests.csv"), *BENEFITS, "--out", str(out), "--on", ON)
    results = _results(out)
    with (mini / "requests.csv").open(encoding="utf-8") as handle:
        assert len(results) == sum(1 for _ in handle) - 1
    assert results["r-bad-ssn"]["response_code"] == "INVALID"
    assert results["r-bad-ssn"]["reason"].startswith("ssn:")
    assert results["r-bad-date"]["reason"].startswith("dob:")


def test_no_cell_reads_as_a_formula(ingested: Run, mini: Path, tmp_path: Path) -> None:
    out = tmp_path / "results.csv"
    ingested("verify", "bulk", str(mini / "requests.csv"), *BENEFITS, "--out", str(out), "--on", ON)
    with out.open(newline="", encoding="utf-8") as handle:
        cells = [cell for row in csv.reader(handle) for cell in row]
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert '\'=HYPERLINK("x")' in cells


def test_malformed_lines_are_answered_not_dropped(ingested: Run, tmp_path: Path) -> None:
    source = tmp_path / "ragged.csv"
    source.write_text(
        "request_id,first_name,last_name,dob,ssn\n"
        "ok-1,Bill,Smith,1980-02-03,123456789\n"
        "short,Bill\n"
        "ok-2,Carmen,Ruiz,1970-09-09,222334444,extra-column-beyond-header\n"
        "ok-3,Carmen,Ruiz,1970-09-09,222334444\n",
        encoding="utf-8",
    )
    out = tmp_path / "results.csv"
    ingested("verify", "bulk", str(source), *BENEFITS, "--out", str(out), "--on", ON)
    results = _results(out)
    assert set(results) == {"ok-1", "short", "ok-2", "ok-3"}
    assert results["short"]["response_code"] == "INVALID"
    assert results["ok-3"]["response_code"] == "US_CITIZEN"


def test_parquet_in_and_out_give_the_same_answers(
    ingested: Run, mini: Path, tmp_path: Path
) -> None:
    source = tmp_path / "requests.parquet"
    pl.read_csv(mini / "requests.csv", infer_schema=False).write_parquet(source)
    csv_out, parquet_out = tmp_path / "r.csv", tmp_path / "r.parquet"
    for src, out in ((mini / "requests.csv", csv_out), (source, parquet_out)):
        ingested("verify", "bulk", str(src), *BENEFITS, "--out", str(out), "--on", ON)
    from_csv = pl.read_csv(csv_out, infer_schema=False).drop("case_number", "request_id")
    from_parquet = pl.read_parquet(parquet_out).drop("case_number", "request_id")
    assert from_csv.fill_null("").equals(from_parquet.fill_null(""))


def test_a_refused_purpose_reads_nothing_and_writes_nothing(
    ingested: Run, mini: Path, tmp_path: Path
) -> None:
    out = tmp_path / "results.csv"
    done = ingested(
        "verify", "bulk", str(mini / "requests.csv"),
        "--agency", "demo-election-office", "--purpose", "benefit-eligibility",
        "--out", str(out), check=False,
    )  # fmt: skip
    assert done.returncode != 0
    assert "refused" in done.stderr and len(done.stderr.strip().splitlines()) == 1
    assert not out.exists() and not list(tmp_path.glob(".results.csv*"))


def test_unknown_agency_is_refused(ingested: Run, mini: Path, tmp_path: Path) -> None:
    done = ingested(
        "verify", "bulk", str(mini / "requests.csv"), "--agency", "nobody",
        "--purpose", "voter-list-maintenance", "--out", str(tmp_path / "x.csv"), check=False,
    )  # fmt: skip
    assert done.returncode != 0 and "unknown agency" in done.stderr


def test_a_results_path_that_cannot_be_written_is_refused_before_any_work(
    ingested: Run, mini: Path, tmp_path: Path
) -> None:
    done = ingested(
        "verify", "bulk", str(mini / "requests.csv"), *BENEFITS,
        "--out", str(tmp_path / "missing" / "r.csv"), check=False,
    )  # fmt: skip
    assert done.returncode != 0 and "no such directory" in done.stderr
    assert "Traceback" not in done.stderr
    stats = json.loads(ingested("ledger", "stats", "--json").stdout)
    assert stats["entries"] == 2  # the two ingests; nothing was released


def test_missing_input_file_is_a_one_line_error(cli: Run, tmp_path: Path) -> None:
    done = cli(
        "verify", "bulk", str(tmp_path / "none.csv"), *BENEFITS, "--out", str(tmp_path / "o.csv"),
        check=False,
    )  # fmt: skip
    assert done.returncode != 0
    assert "no such file" in done.stderr and "Traceback" not in done.stderr
