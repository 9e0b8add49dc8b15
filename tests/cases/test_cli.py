"""Cases worked from the command line as agency staff and status verifiers would, weeks of a
case played out with ``STATUSBRIDGE_TODAY``."""

from __future__ import annotations

import csv
import functools
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import ON, DataHome, Run, ingest_mini, run_statusbridge

MINI_REQUESTS = Path(__file__).parents[1] / "fixtures" / "mini" / "requests.csv"
ELECTION = ("--agency", "demo-election-office", "--purpose", "voter-list-maintenance")
BENEFITS = ("--agency", "demo-benefits-agency", "--purpose", "benefit-eligibility")
PASSWORD = "a long synthetic password 1"
USERS = {
    "vera": ("status-verifier", None),
    "ed": ("agency-user", "demo-election-office"),
    "bea": ("agency-user", "demo-benefits-agency"),
    "pia": ("privacy-officer", None),
}


def _checked(run: Run) -> None:
    """Both agencies check the mini roll on ON; the staff who work the cases exist."""
    ingest_mini(run)
    for agency in (ELECTION, BENEFITS):
        out = f"/tmp/never-{agency[1]}.csv"
        run("verify", "bulk", str(MINI_REQUESTS), *agency, "--on", ON, "--out", out, "--quiet")
        Path(out).unlink()
    for name, (role, agency) in USERS.items():
        extra = ("--agency", agency) if agency else ()
        run("users", "create", "--username", name, "--role", role, *extra, "--password-stdin",
            input=PASSWORD + "\n")  # fmt: skip


@pytest.fixture(scope="module")
def checked(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DataHome]:
    made = DataHome.build(tmp_path_factory.mktemp("cases-checked"), _checked)
    yield made
    made.drop()


class Clock:
    """``statusbridge`` run on a chosen day of the service."""

    def __init__(self, env: dict[str, str]) -> None:
        self.env = env

    def on(self, day: str) -> Run:
        return functools.partial(run_statusbridge, {**self.env, "STATUSBRIDGE_TODAY": day})


@pytest.fixture
def clock(cli_env: dict[str, str], checked: DataHome) -> Clock:
    checked.copy_into(cli_env)
    return Clock(cli_env)


def _case(run: Run, request_id: str, agency: str = "demo-election-office") -> dict[str, object]:
    found = json.loads(run("cases", "list", "--agency", agency, "--json").stdout)
    return next(c for c in found if c["request_id"] == request_id)


def _show(run: Run, number: str) -> dict[str, object]:
    return json.loads(run("cases", "show", number, "--json").stdout)


def _refused(run: Run, *args: str) -> str:
    done = run(*args, check=False)
    assert done.returncode != 0, done.stdout
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr, done.stderr
    return done.stderr


def test_every_answer_that_needs_verification_opened_a_case_with_its_due_date(clock: Clock) -> None:
    run = clock.on("2026-11-03")
    election = json.loads(run("cases", "list", *ELECTION[:2], "--json").stdout)
    assert election and all(c["state"] == "additional_verification" for c in election)
    # Opened Monday Nov 2, 2026; Veterans Day (Wed Nov 11) is no working day.
    assert {c["due_on"] for c in election} == {"2026-11-12"}
    contract = {"case_number", "agency", "purpose", "reason", "state", "opened_on", "due_on",
                "outcome", "status", "notice_sent_on", "contest_until"}  # fmt: skip
    assert contract <= set(election[0]) and "history" not in election[0]
    benefits = json.loads(run("cases", "list", *BENEFITS[:2], "--json").stdout)
    assert benefits and all(c["state"] == "open" and c["due_on"] is None for c in benefits)
    shown = _show(run, str(election[0]["case_number"]))
    assert shown["history"][0]["state"] == "additional_verification"
    assert set(shown["history"][0]) >= {"state", "on", "by", "note"}


def test_an_unfavourable_determination_runs_its_whole_course(clock: Clock, tmp_path: Path) -> None:
    run = clock.on("2026-11-04")
    number = str(_case(run, "r-expired")["case_number"])
    _refused(run, "cases", "finalize", number, "--by", "ed")
    run("cases", "determine", number, "--outcome", "NOT_VERIFIED",
        "--evidence", "No status found after the one that expired", "--by", "vera")  # fmt: skip
    assert "notify the person first" in _refused(run, "cases", "finalize", number, "--by", "ed")
    run("cases", "notify", number, "--by", "ed", "--via", "mail")
    shown = _show(run, number)
    assert shown["state"] == "notice_sent"
    assert (shown["notice_sent_on"], shown["contest_until"]) == ("2026-11-04", "2026-12-04")
    later = clock.on("2026-12-04")
    assert "may contest until 2026-12-04" in _refused(
        later, "cases", "finalize", number, "--by", "ed"
    )

    # The person contests; a verifier asks for documents; the agency uploads them.
    run = clock.on("2026-11-20")
    run("cases", "contest", number, "--note", "has a renewed card")
    assert _show(run, number)["due_on"] == "2026-12-02"  # Thanksgiving, Nov 26, is no working day
    run(
        "cases",
        "request-documents",
        number,
        "--by",
        "vera",
        "--note",
        "the permanent resident card",
    )
    text = tmp_path / "card.txt"
    text.write_text("not a scan")
    assert "not a PDF or an image" in _refused(
        run, "cases", "upload", number, str(text), "--kind", "immigration-document", "--by", "ed"
    )
    scan = tmp_path / "card.pdf"
    scan.write_bytes(b"%PDF-1.4\n% a synthetic scan\n")
    run("cases", "upload", number, str(scan), "--kind", "immigration-document", "--by", "ed")
    copy = tmp_path / "review.pdf"
    run("cases", "document", number, "1", "--out", str(copy), "--by", "vera")
    assert copy.read_bytes() == scan.read_bytes()
    run("cases", "determine", number, "--outcome", "IMMIGRATION_STATUS", "--status", "LPR",
        "--evidence", "Permanent resident card renewed in 2025 (seen)", "--by", "vera")  # fmt: skip
    run("cases", "notify", number, "--by", "ed")
    assert _show(run, number)["contest_until"] == "2026-12-20"
    _refused(clock.on("2026-12-20"), "cases", "finalize", number, "--by", "ed")
    clock.on("2026-12-21")("cases", "finalize", number, "--by", "ed")

    shown = _show(clock.on("2026-12-21"), number)
    assert shown["state"] == "final" and shown["outcome"] == "IMMIGRATION_STATUS"
    states = [e["state"] for e in shown["history"]]
    assert states == ["additional_verification", "determined", "notice_sent", "contested",
                      "documents_requested", "documents_submitted", "determined", "notice_sent",
                      "final"]  # fmt: skip
    assert {e["by"] for e in shown["history"]} >= {"vera", "ed"}
    notice = run("cases", "notice", number, "--language", "es").stdout
    assert number in notice and "20 de diciembre de 2026" in notice
    pdf = tmp_path / "notice.pdf"
    run("cases", "notice", number, "--pdf", str(pdf))
    assert pdf.read_bytes().startswith(b"%PDF-")


def test_a_citizen_determination_corrects_the_record_for_every_earlier_recipient(
    clock: Clock,
) -> None:
    run = clock.on("2026-11-05")
    number = str(_case(run, "r-earlier-name")["case_number"])
    run("cases", "determine", number, "--outcome", "US_CITIZEN", "--evidence",
        "Naturalized in 2019 (USCIS naturalization record)", "--by", "vera")  # fmt: skip
    sent = json.loads(
        run("cases", "corrections", "--agency", "demo-benefits-agency", "--json").stdout
    )
    assert [(s["purpose"], s["outcome"], s["case_number"]) for s in sent] == [
        ("benefit-eligibility", "US_CITIZEN", number)
    ]
    assert "IMMIGRATION_STATUS" in sent[0]["earlier_answer"]  # the agency had been told LPR
    accounting = json.loads(run("accounting", "--ssn", "345-67-8901", "--json").stdout)
    natures = [(e["recipient"], e["nature"]) for e in accounting["entries"]]
    assert ("demo-benefits-agency", "correction") in natures
    assert ("demo-election-office", "determination") in natures
    assert all(e["verified"] for e in accounting["entries"])
    # Later answers use the determination, and say so, for both agencies; no new case opens.
    for agency in (BENEFITS, ELECTION):
        answer = json.loads(run("verify", "one", "--ssn", "345-67-8901", "--first-name", "Ana",
                                "--last-name", "Lee", "--dob", "1990-01-01", *agency,
                                "--json").stdout)  # fmt: skip
        assert (answer["response_code"], answer["reason"]) == ("US_CITIZEN", "CASE_DETERMINATION")
        assert answer["case_number"] is None
    # A favourable result needs no notice: the agency may close the question at once.
    _refused(run, "cases", "notify", number, "--by", "ed")
    run("cases", "finalize", number, "--by", "ed")


def test_an_identity_question_corrects_nobody(clock: Clock) -> None:
    """A stranger using someone's SSN: the determination answers the case, never the holder's
    records."""
    run = clock.on("2026-11-05")
    number = str(_case(run, "r-stranger-ssn")["case_number"])
    run("cases", "determine", number, "--outcome", "US_CITIZEN", "--evidence", "U.S. passport",
        "--by", "vera")  # fmt: skip
    assert json.loads(run("cases", "corrections", "--json").stdout) == []


def test_a_benefits_case_is_instituted_resubmitted_and_closed(clock: Clock) -> None:
    run = clock.on("2026-11-06")
    first = str(_case(run, "r-not-recorded", "demo-benefits-agency")["case_number"])
    _refused(run, "cases", "determine", first, "--outcome", "US_CITIZEN", "--evidence", "x",
             "--by", "vera")  # fmt: skip
    run("cases", "institute", first, "--by", "bea")
    shown = _show(run, first)
    assert (shown["state"], shown["due_on"]) == ("additional_verification", "2026-11-18")
    second = str(_case(run, "r-stranger-ssn", "demo-benefits-agency")["case_number"])
    answer = json.loads(run("cases", "resubmit", second, "--ssn", "123-45-6789", "--first-name",
                            "Bill", "--last-name", "Smith", "--dob", "1980-02-03", "--by", "bea",
                            "--json").stdout)  # fmt: skip
    assert answer["response_code"] == "US_CITIZEN" and answer["case_number"] is None
    assert _show(run, second)["state"] == "closed"
    _refused(run, "cases", "close", first, "--by", "bea", "--reason", " ")
    run("cases", "close", first, "--by", "bea", "--reason", "the person withdrew the application")
    closed = _show(run, first)
    assert (closed["state"], closed["closure_reason"]) == (
        "closed",
        "the person withdrew the application",
    )


def test_bad_input_is_refused_in_one_line_and_changes_nothing(clock: Clock) -> None:
    run = clock.on("2026-11-10")
    number = str(_case(run, "r-expired")["case_number"])
    before = _show(run, number)
    refusals = {
        ("cases", "show", "SB000000NOTACASE"): "no case",
        ("cases", "determine", number, "--outcome", "MAYBE", "--evidence", "x", "--by", "vera"):
            "unknown outcome",
        ("cases", "determine", number, "--outcome", "US_CITIZEN", "--status", "LPR",
         "--evidence", "x", "--by", "vera"): "--status goes only with IMMIGRATION_STATUS",
        ("cases", "determine", number, "--outcome", "IMMIGRATION_STATUS", "--evidence", "x",
         "--by", "vera"): "needs --status",
        ("cases", "determine", number, "--outcome", "US_CITIZEN", "--evidence", "x",
         "--by", "ed"): "refused: ed (agency-user",
        ("cases", "finalize", number, "--by", "bea"): "refused: bea",
        ("cases", "notify", number, "--by", "pia"): "refused: pia",
        ("cases", "determine", number, "--outcome", "US_CITIZEN", "--evidence", "x",
         "--by", "vera", "--on", "2026-11-01"): "before the case's last event",
        ("cases", "determine", number, "--outcome", "US_CITIZEN", "--evidence", "x",
         "--by", "vera", "--on", "2026-11-11"): "later than today",
        ("cases", "determine", number, "--outcome", "US_CITIZEN", "--evidence", "x"):
            "Missing option '--by'",
        ("cases", "list", "--state", "pending"): "unknown state",
    }  # fmt: skip
    for args, message in refusals.items():
        done = run(*args, check=False)
        assert done.returncode != 0 and message in done.stderr, (args, done.stderr)
        assert "Traceback" not in done.stderr
    assert _show(run, number) == before


def test_stats_measure_outcomes_for_oversight(clock: Clock) -> None:
    run = clock.on("2026-11-05")
    number = str(_case(run, "r-earlier-name")["case_number"])
    run("cases", "determine", number, "--outcome", "US_CITIZEN", "--evidence", "naturalized",
        "--by", "vera")  # fmt: skip
    stats = json.loads(clock.on("2026-11-20")("cases", "stats", "--json", "--by", "pia").stdout)
    groups = {(g["agency"], g["purpose"]): g for g in stats["groups"]}
    election = groups[("demo-election-office", "voter-list-maintenance")]
    opened = sum(
        1 for row in csv.DictReader(MINI_REQUESTS.open(encoding="utf-8")) if row
    )  # every row was asked; the cases are those the records did not confirm
    assert 0 < election["opened"] < opened
    assert election["determined"] == election["determined_on_time"] == 1
    assert election["resolved_in_favour"] == 1 and election["share_in_favour"] == 1.0
    assert election["overdue"] == election["opened"] - 1  # due Nov 12, now Nov 20
    assert election["corrections_sent"] == 1
    _refused(run, "cases", "stats", "--by", "ed")


def test_no_final_removal_in_the_ninety_days_before_a_federal_election(
    clock: Clock, tmp_path: Path
) -> None:
    """Determined and noticed in the summer of 2028; the window ends before the general election
    of November 7, 2028, but the removal waits until the day after it."""
    run = clock.on("2028-08-01")
    number = str(_case(run, "r-expired")["case_number"])
    run("cases", "determine", number, "--outcome", "NOT_VERIFIED", "--evidence", "no status found",
        "--by", "vera")  # fmt: skip
    run("cases", "notify", number, "--by", "ed")
    refused = _refused(clock.on("2028-09-01"), "cases", "finalize", number, "--by", "ed")
    assert "federal general election of 2028-11-07" in refused and "2028-11-08" in refused
    clock.on("2028-11-08")("cases", "finalize", number, "--by", "ed")
    # A bulk run in the window says so; a privacy officer enters a state's primary.
    held = clock.on(ON)("verify", "bulk", str(MINI_REQUESTS), *ELECTION, "--on", "2026-09-01",
                        "--out", str(tmp_path / "r.csv"), "--quiet")  # fmt: skip
    assert "federal general election of 2026-11-03" in held.stderr
    run("elections", "add-primary", "--state", "ga", "--on", "2028-05-19", "--by", "pia")
    listed = json.loads(run("elections", "list", "--state", "GA", "--from", "2028-01-01",
                            "--json").stdout)  # fmt: skip
    assert [e["on"] for e in listed] == ["2028-05-19", "2028-11-07"]
    _refused(run, "elections", "add-primary", "--state", "GA", "--on", "2028-06-01", "--by", "ed")


def test_the_agreement_sets_the_clocks_and_the_state_whose_primaries_hold_removals(
    clock: Clock,
) -> None:
    run = clock.on("2026-11-02")
    run("agreements", "add", "--agency", "fulton-elections", "--purpose", "voter-list-maintenance",
        "--adverse-action", "--valid-from", "2026-01-01", "--valid-until", "2027-12-31",
        "--verification-days", "3", "--contest-days", "45", "--election-state", "ga",
        "--contact", "Fulton Elections, 555-0150 (synthetic)")  # fmt: skip
    run("users", "create", "--username", "fe", "--role", "agency-user", "--agency",
        "fulton-elections", "--password-stdin", input=PASSWORD + "\n")  # fmt: skip
    answer = json.loads(run("verify", "one", "--ssn", "333-44-5555", "--first-name", "Jorge",
                            "--last-name", "Ruiz", "--dob", "1999-09-09", "--agency",
                            "fulton-elections", "--purpose", "voter-list-maintenance",
                            "--json").stdout)  # fmt: skip
    number = answer["case_number"]
    assert _show(run, number)["due_on"] == "2026-11-05"  # three working days
    run("cases", "determine", number, "--outcome", "NOT_VERIFIED", "--evidence", "none found",
        "--by", "vera")  # fmt: skip
    run("cases", "notify", number, "--by", "fe")
    shown = _show(run, number)
    assert shown["contest_until"] == "2026-12-17"
    assert "Fulton Elections, 555-0150" in run("cases", "notice", number).stdout
    run("elections", "add-primary", "--state", "GA", "--on", "2027-03-02", "--name",
        "special federal primary", "--by", "pia")  # fmt: skip
    refused = _refused(clock.on("2026-12-18"), "cases", "finalize", number, "--by", "fe")
    assert "GA special federal primary of 2027-03-02" in refused
    clock.on("2027-03-03")("cases", "finalize", number, "--by", "fe")
