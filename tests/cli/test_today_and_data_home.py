"""The service's today, the accounting's dates, bounded request ids and an owner-only data home,
as an operator and a caseworker meet them on the command line."""

from __future__ import annotations

import csv
import json
import stat
from pathlib import Path

from tests.conftest import ON, Run

BENEFITS = ("--agency", "demo-benefits-agency", "--purpose", "benefit-eligibility")
BILL = (
    "--ssn", "123-45-6789", "--first-name", "Bill", "--last-name", "Smith", "--dob", "1980-02-03",
)  # fmt: skip


def test_a_verification_may_not_be_dated_after_today(ingested: Run) -> None:
    done = ingested("verify", "one", *BILL, *BENEFITS, "--on", "2030-12-31", check=False)
    assert done.returncode != 0
    assert "later than today" in done.stderr and "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    stats = json.loads(ingested("ledger", "stats", "--json").stdout)
    assert stats["entries"] == 2  # the two snapshots' receipts, no answer


def test_today_is_the_services_today(ingested: Run, cli_env: dict[str, str]) -> None:
    cli_env["STATUSBRIDGE_TODAY"] = "2026-11-03"
    late = ingested("verify", "one", *BILL, *BENEFITS, "--on", "2026-11-04", check=False)
    assert late.returncode != 0 and "later than today (2026-11-03)" in late.stderr
    ingested("verify", "one", *BILL, *BENEFITS, "--on", "2026-11-03")


def test_the_accounting_records_the_day_of_release_not_the_chosen_day(
    ingested: Run, cli_env: dict[str, str]
) -> None:
    cli_env["STATUSBRIDGE_TODAY"] = "2026-11-20"
    ingested("verify", "one", *BILL, *BENEFITS, "--on", ON)
    entries = json.loads(ingested("accounting", "--ssn", "123456789", "--json").stdout)["entries"]
    assert [e["date"] for e in entries] == ["2026-11-20"]


def test_a_bad_today_setting_is_one_line(ingested: Run, cli_env: dict[str, str]) -> None:
    cli_env["STATUSBRIDGE_TODAY"] = "tomorrow"
    done = ingested("verify", "one", *BILL, *BENEFITS, check=False)
    assert done.returncode != 0 and "STATUSBRIDGE_TODAY" in done.stderr
    assert "Traceback" not in done.stderr


def test_an_overlong_request_id_is_invalid_and_bounded_in_the_accounting(
    ingested: Run, tmp_path: Path
) -> None:
    long_id = "x" * 201
    requests = tmp_path / "requests.csv"
    with requests.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["request_id", "first_name", "last_name", "dob", "ssn"])
        writer.writerow([long_id, "Bill", "Smith", "1980-02-03", "123456789"])
        writer.writerow(["y" * 200, "Bill", "Smith", "1980-02-03", "123456789"])
    out = tmp_path / "results.csv"
    ingested("verify", "bulk", str(requests), *BENEFITS, "--out", str(out), "--on", ON)
    with out.open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert rows[0]["response_code"] == "INVALID"
    assert "request_id: longer than 200 characters" in rows[0]["reason"]
    assert rows[1]["response_code"] == "US_CITIZEN"
    proof = json.loads(ingested("ledger", "prove", "--sequence", "2").stdout)
    assert proof["sequence"] == 2
    entries = json.loads(ingested("accounting", "--ssn", "123456789", "--json").stdout)["entries"]
    assert entries, "the valid row is accounted to its person"


def test_the_data_home_is_owner_only(ingested: Run, cli_env: dict[str, str]) -> None:
    ingested("verify", "one", *BILL, *BENEFITS, "--on", ON)
    home = Path(cli_env["STATUSBRIDGE_HOME"])
    assert stat.S_IMODE(home.stat().st_mode) == 0o700
    exposed = [
        str(path.relative_to(home))
        for path in home.rglob("*")
        if stat.S_IMODE(path.stat().st_mode) & 0o077
    ]
    assert exposed == []


def test_a_loose_data_home_is_closed(cli: Run, cli_env: dict[str, str]) -> None:
    home = Path(cli_env["STATUSBRIDGE_HOME"])
    home.mkdir(mode=0o755)
    home.chmod(0o755)
    cli("ledger", "stats", "--json")
    assert stat.S_IMODE(home.stat().st_mode) == 0o700
