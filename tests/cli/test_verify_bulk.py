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
    # A parolee and a namesake born a citizen the same day (SSA records no birthplace).
    "r-parolee-namesake": (
        ("IMMIGRATION_STATUS", "PAROLEE", "MAY_HAVE_ADJUSTED_SINCE_RECORD"),
        (AV, "", "STATUS_MAY_HAVE_CHANGED"),
    ),
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


# --- reading files: a bad record costs itself alone; a file that is not its format is refused --

HEADER = "request_id,first_name,middle_name,last_name,dob,ssn,ssn_last4,a_number,certificate_number"


def _request(i: int) -> str:
    return f"q{i},Carmen,,Ruiz,1970-09-09,222-33-4444,,,"


def _ledger_entries(cli: Run) -> int:
    entries: int = json.loads(cli("ledger", "stats", "--json").stdout)["entries"]
    return entries


def test_one_unbalanced_quote_costs_its_row_alone(ingested: Run, tmp_path: Path) -> None:
    lines = [HEADER, *(_request(i) for i in range(1, 30_001))]
    lines[5] = 'q5,"Carmen,,Ruiz,1970-09-09,222-33-4444,,,'
    source = tmp_path / "requests.csv"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "results.csv"
    done = ingested("verify", "bulk", str(source), *BENEFITS, "--out", str(out), "--on", ON)
    results = pl.read_csv(out, infer_schema=False)
    assert results.height == 30_000
    assert results["request_id"].to_list() == [f"q{i}" for i in range(1, 30_001)]
    bad = results.filter(pl.col("response_code") == "INVALID")
    assert bad["request_id"].to_list() == ["q5"]
    assert bad["reason"][0].startswith("row: line 6:")
    assert "read 30,000 = answered 29,999 + invalid 1" in done.stdout
    assert _ledger_entries(ingested) == 30_000 + 2


@pytest.mark.parametrize("ending", ["\r", "\r\n"], ids=["CR", "CRLF"])
def test_any_line_ending_counts(ingested: Run, tmp_path: Path, ending: str) -> None:
    source = tmp_path / "requests.csv"
    source.write_text(ending.join([HEADER, *(_request(i) for i in range(1, 6))]), "utf-8")
    out = tmp_path / "results.csv"
    done = ingested("verify", "bulk", str(source), *BENEFITS, "--out", str(out), "--on", ON)
    results = _results(out)
    assert len(results) == 5 and {r["response_code"] for r in results.values()} == {"US_CITIZEN"}
    assert "read 5 = answered 5 + invalid 0" in done.stdout


def test_upper_case_and_padded_headers_are_read(ingested: Run, mini: Path, tmp_path: Path) -> None:
    text = (mini / "requests.csv").read_text("utf-8")
    header, rest = text.split("\n", 1)
    source = tmp_path / "requests.csv"
    source.write_text(", ".join(h.upper() for h in header.split(",")) + "\n" + rest, "utf-8")
    out = tmp_path / "results.csv"
    ingested("verify", "bulk", str(source), *BENEFITS, "--out", str(out), "--on", ON)
    results = _results(out)
    for request_id, expected in EXPECTED.items():
        assert results[request_id]["response_code"] == expected[0][0], request_id


def _list_column_parquet(path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.table({"request_id": ["r1"], "first_name": pa.array([["Bill"]]), "dob": ["x"]})
    pq.write_table(table, path)


def _parquet_named_csv(path: Path) -> None:
    frame = pl.DataFrame({"request_id": ["r1"], "ssn": ["123456789"]})
    frame.write_parquet(path.with_suffix(".parquet"))
    path.write_bytes(path.with_suffix(".parquet").read_bytes())


REFUSED = {
    "utf16": (lambda p: p.write_bytes((HEADER + "\n" + _request(1)).encode("utf-16")), "UTF-16"),
    "utf16-no-bom": (
        lambda p: p.write_bytes((HEADER + "\n" + _request(1)).encode("utf-16-le")),
        "not UTF-8",
    ),
    "semicolon": (
        lambda p: p.write_text(HEADER.replace(",", ";") + "\n" + _request(1).replace(",", ";")),
        "separated by ';'",
    ),
    "tab": (
        lambda p: p.write_text(HEADER.replace(",", "\t") + "\n" + _request(1).replace(",", "\t")),
        "separated by tabs",
    ),
    "no-header": (lambda p: p.write_text(_request(1) + "\n" + _request(2)), "none of the"),
    "parquet-named-csv": (_parquet_named_csv, "Parquet"),
    "bad-byte-deep": (
        lambda p: p.write_bytes(
            "\n".join([HEADER, *(_request(i) for i in range(1, 2000))]).encode()
            + b"\nq2000,Carm\xe9n,,Ruiz,1970-09-09,222-33-4444,,,\n"
        ),
        "line 2001 is not UTF-8",
    ),
}


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_a_file_that_is_not_its_format_is_refused_before_anything_is_answered(
    ingested: Run, tmp_path: Path, case: str
) -> None:
    write, reason = REFUSED[case]
    source = tmp_path / "requests.csv"
    write(source)
    out = tmp_path / "results.csv"
    done = ingested(
        "verify", "bulk", str(source), *BENEFITS, "--out", str(out), "--on", ON, check=False
    )
    assert done.returncode != 0 and reason in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr
    assert not out.exists() and not list(tmp_path.glob(".results.csv*"))
    assert _ledger_entries(ingested) == 2  # the two ingests; nothing was answered


def test_a_parquet_with_a_list_column_is_refused(ingested: Run, tmp_path: Path) -> None:
    source = tmp_path / "requests.parquet"
    _list_column_parquet(source)
    out = tmp_path / "results.csv"
    done = ingested(
        "verify", "bulk", str(source), *BENEFITS, "--out", str(out), "--on", ON, check=False
    )
    assert done.returncode != 0 and "first_name" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr
    assert not out.exists() and _ledger_entries(ingested) == 2


@pytest.mark.parametrize("case", ["empty", "header-only", "zero-row-parquet"])
@pytest.mark.parametrize("results_suffix", [".csv", ".parquet"])
def test_a_file_with_no_rows_gives_an_empty_results_file(
    ingested: Run, tmp_path: Path, case: str, results_suffix: str
) -> None:
    if case == "zero-row-parquet":
        source = tmp_path / "requests.parquet"
        pl.DataFrame(schema=dict.fromkeys(HEADER.split(","), pl.String)).write_parquet(source)
    else:
        source = tmp_path / "requests.csv"
        source.write_text("" if case == "empty" else HEADER + "\n", "utf-8")
    out = tmp_path / f"results{results_suffix}"
    done = ingested("verify", "bulk", str(source), *BENEFITS, "--out", str(out), "--on", ON)
    assert "Traceback" not in done.stderr and "read 0 = answered 0 + invalid 0" in done.stdout
    results = pl.read_csv(out) if results_suffix == ".csv" else pl.read_parquet(out)
    assert results.height == 0 and "response_code" in results.columns


def test_no_raw_line_or_ssn_is_ever_echoed(ingested: Run, tmp_path: Path) -> None:
    source = tmp_path / "requests.csv"
    source.write_text(
        HEADER + "\n"
        'q1,"Carmen,,Ruiz,1970-09-09,222-33-4444,,,\n'
        'q2,"Carmen"x,,Ruiz,1970-09-09,222334444,,,\n'
        "q3,Carmen,,Ruiz,1970-09-09,222-33-4444\n"
        "q4,Carmen,,Ruiz,1970-09-09,222-33-4444,,,,,\n",
        encoding="utf-8",
    )
    out = tmp_path / "results.csv"
    done = ingested("verify", "bulk", str(source), *BENEFITS, "--out", str(out), "--on", ON)
    for shown in (done.stdout, done.stderr):
        assert "4444" not in shown and "Ruiz" not in shown
    results = _results(out)
    assert [r["response_code"] for r in results.values()] == ["INVALID"] * 4
    assert "4444" not in out.read_text("utf-8")
    broken = tmp_path / "broken.csv"
    broken.write_bytes(source.read_bytes() + b"q5,Carm\xe9n,,Ruiz,1970-09-09,222-33-4444,,,\n")
    done = ingested(
        "verify", "bulk", str(broken), *BENEFITS, "--out", str(out), "--on", ON, check=False
    )
    assert done.returncode != 0 and "4444" not in done.stderr + done.stdout
