"""`records ingest` and `records list`: counts add up, rejects explained, snapshots immutable."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from tests.conftest import Run


def test_ingest_counts_add_up_and_rejects_name_row_and_reason(cli: Run, mini: Path) -> None:
    done = cli("records", "ingest", "ssa", str(mini / "ssa.csv"), "--as-of", "2026-10-01")
    assert "read 23 = accepted 21 + rejected 2" in done.stdout
    rejects_path = Path(done.stdout.strip().splitlines()[-1].split(": ", 1)[1])
    with rejects_path.open(newline="", encoding="utf-8") as handle:
        rejects = list(csv.DictReader(handle))
    assert [(r["row_number"], r["reason"].split(":")[0]) for r in rejects] == [
        ("22", "ssn"),
        ("23", "dob"),
    ]
    assert rejects[0]["ssn"] == "***-**-3456"  # never the raw number


def test_the_same_extract_twice_is_one_snapshot(cli: Run, mini: Path) -> None:
    cli("records", "ingest", "dhs", str(mini / "dhs.csv"), "--as-of", "2026-06-01")
    again = cli("records", "ingest", "dhs", str(mini / "dhs.csv"), "--as-of", "2026-06-01")
    assert "already held" in again.stdout
    listed = json.loads(cli("records", "list", "--json").stdout)
    assert [(s["kind"], s["as_of"], s["rows_rejected"]) for s in listed] == [
        ("dhs", "2026-06-01", 1)
    ]


def test_answers_use_the_snapshot_in_force_on_the_day(cli: Run, mini: Path) -> None:
    cli("records", "ingest", "ssa", str(mini / "ssa.csv"), "--as-of", "2026-10-01")
    cli("records", "ingest", "ssa", str(mini / "ssa.csv"), "--as-of", "2025-12-15")
    ask = (
        "verify", "one", "--ssn", "222334444", "--first-name", "Carmen", "--last-name", "Ruiz",
        "--dob", "1970-09-09", "--agency", "demo-benefits-agency",
        "--purpose", "benefit-eligibility", "--json",
    )  # fmt: skip
    assert json.loads(cli(*ask, "--on", "2026-01-15").stdout)["ssa_as_of"] == "2025-12-15"
    assert json.loads(cli(*ask, "--on", "2026-11-01").stdout)["ssa_as_of"] == "2026-10-01"
    before = json.loads(cli(*ask, "--on", "2025-12-14").stdout)
    assert (before["response_code"], before["reason"]) == ("RESUBMIT", "NO_SNAPSHOT")
    assert before["ssa_as_of"] is None


def test_bad_files_are_one_line_errors(cli: Run, tmp_path: Path) -> None:
    wrong = tmp_path / "extract.txt"
    wrong.write_text("x")
    done = cli("records", "ingest", "ssa", str(wrong), "--as-of", "2026-01-01", check=False)
    assert done.returncode != 0 and ".csv or .parquet" in done.stderr
    empty = tmp_path / "empty.csv"
    empty.write_text("ssn,first_name,last_name,dob\n")
    done = cli("records", "ingest", "ssa", str(empty), "--as-of", "2026-01-01", check=False)
    assert done.returncode != 0 and "no rows" in done.stderr
    bad_date = cli("records", "ingest", "ssa", str(empty), "--as-of", "yesterday", check=False)
    assert bad_date.returncode != 0 and "Traceback" not in bad_date.stderr


def test_an_ssa_extract_from_before_the_dhs_routine_use_is_refused(cli: Run, mini: Path) -> None:
    """SSA 60-0058's routine use to DHS took effect in December 2025: an extract as of an
    earlier day was not a lawful disclosure to DHS, so it is not ingested."""
    done = cli(
        "records", "ingest", "ssa", str(mini / "ssa.csv"), "--as-of", "2025-06-01", check=False
    )
    assert done.returncode != 0
    assert "refused: no routine use of SSA 60-0058 in force on 2025-06-01" in done.stderr
    assert json.loads(cli("records", "list", "--json").stdout) == []
