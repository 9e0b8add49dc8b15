"""The law as it changes, from the command line as people use it: an accepted court order stops
the disclosures it covers and the refusal cites it; sync and review over a loopback register."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import ON, Run
from tests.fedreg.recorded_register import loopback_register

PASSWORD = "correct horse battery staple 7"
VOTER = [
    "verify", "one", "--ssn", "123-45-6789", "--first-name", "William", "--last-name", "Smith",
    "--dob", "1980-02-03", "--agency", "demo-election-office",
    "--purpose", "voter-list-maintenance", "--on", ON,
]  # fmt: skip


def officer(run: Run, name: str = "officer") -> str:
    run("users", "create", "--username", name, "--role", "privacy-officer", "--password-stdin",
        input=f"{PASSWORD}\n")  # fmt: skip
    return name


def builtin_event(run: Run, system: str) -> str:
    events = json.loads(run("sorn", "events", "--json").stdout)
    return next(e["id"] for e in events if e["system"] == system and e["builtin"])


def test_an_accepted_court_order_refuses_verify_one_and_cites_it(ingested: Run) -> None:
    by = officer(ingested)
    event = builtin_event(ingested, "DHS/USCIS-004")
    pending = json.loads(ingested("sorn", "review", "list", "--json").stdout)
    assert {
        "id": event,
        "kind": "event",
        "system": "DHS/USCIS-004",
        "published": "2026-06-22",
    }.items() <= next(p for p in pending if p["id"] == event).items()
    assert ingested(*VOTER).returncode == 0  # awaiting review: nothing changes
    ingested("sorn", "review", "accept", event, "--by", by)
    refused = ingested(*VOTER, check=False)
    assert refused.returncode != 0
    assert "Traceback" not in refused.stderr
    line = refused.stderr.strip()
    assert len(line.splitlines()) == 1
    assert "vacated from 2026-06-22" in line
    assert "1:25-cv-03501" in line and f"(event {event.split('-')[1]})" in line
    events = json.loads(ingested("sorn", "events", "--json").stdout)
    assert next(e for e in events if e["id"] == event)["review"] == "accepted"


def test_only_a_privacy_officer_accepts(ingested: Run) -> None:
    ingested("users", "create", "--username", "aud", "--role", "auditor", "--password-stdin",
             input=f"{PASSWORD}\n")  # fmt: skip
    event = builtin_event(ingested, "DHS/USCIS-004")
    refused = ingested("sorn", "review", "accept", event, "--by", "aud", check=False)
    assert refused.returncode != 0 and "refused:" in refused.stderr
    missing = ingested("sorn", "review", "accept", event, check=False)
    assert missing.returncode != 0 and "--by" in missing.stderr
    assert ingested(*VOTER).returncode == 0


def test_event_add_then_review_and_bad_events(cli: Run) -> None:
    added = cli("sorn", "event", "add", "--system", "60-0058", "--published", "2025-11-12",
                "--routine-use", "sb-dhs-save", "--effect", "enjoined", "--from", "2026-07-01",
                "--citation", "Example v. SSA, No. 1:26-cv-1 (D. Md. 2026)", "--json")  # fmt: skip
    event = json.loads(added.stdout)
    assert event["id"].startswith("event-") and event["review"] == "pending"
    shown = cli("sorn", "review", "show", event["id"])
    assert "enjoined from 2026-07-01" in shown.stdout
    for bad, why in [
        (["--system", "60-0058", "--published", "2025-11-13"], "no version of 60-0058"),
        (["--system", "XYZ-1", "--published", "2025-11-12"], "unknown system of records"),
    ]:
        done = cli("sorn", "event", "add", *bad, "--effect", "vacated", "--from", "2026-07-01",
                   "--citation", "x", check=False)  # fmt: skip
        assert done.returncode != 0 and why in done.stderr and "Traceback" not in done.stderr
    in_force = json.loads(cli("sorn", "in-force", "--on", "2026-07-02", "--json").stdout)
    assert {s["system"] for s in in_force} == {"60-0058", "DHS/USCIS-004"}


def test_sync_over_a_loopback_register_then_review(cli: Run, cli_env: dict[str, str]) -> None:
    by = officer(cli)
    with loopback_register() as url:
        cli_env["STATUSBRIDGE_FEDERAL_REGISTER_URL"] = url
        synced = json.loads(cli("sorn", "sync", "--json").stdout)
    queued = {q["system"]: q for q in synced["queued"]}
    assert set(queued) == {"60-0058", "DHS/USCIS-004"}
    ssa = queued["60-0058"]
    assert ssa["published"] == "2025-11-12" and ssa["kind"] == "notice"
    shown = cli("sorn", "review", "show", ssa["id"]).stdout
    assert "Routine uses added (1):" in shown and "sb-dhs-save" in shown
    assert "Routine uses changed (0):" in shown
    listed = json.loads(cli("sorn", "review", "list", "--json").stdout)
    assert ssa["id"] in {item["id"] for item in listed}
    accepted = cli("sorn", "review", "accept", ssa["id"], "--by", by)
    assert "counts from now" in accepted.stdout
    # Offline, with the cache the sync filled: nothing new, no connection needed.
    cli_env["STATUSBRIDGE_FEDREG_OFFLINE"] = "1"
    cli_env["STATUSBRIDGE_FEDERAL_REGISTER_URL"] = "http://127.0.0.1:9/api/v1"
    offline = cli("sorn", "sync", "--system", "XYZ-1", check=False)
    assert offline.returncode != 0
    assert "offline, and" in offline.stderr and "Traceback" not in offline.stderr


ECFR_PART = b"""<?xml version="1.0" encoding="UTF-8"?>
<DIV5 N="416" TYPE="PART"><HEAD>PART 416-SUPPLEMENTAL SECURITY INCOME (hand-made fixture)</HEAD>
<DIV6 N="P" TYPE="SUBPART"><HEAD>Subpart P-Residence and Citizenship</HEAD>
<DIV8 N="416.1600" TYPE="SECTION"><HEAD>\xc2\xa7 416.1600 Introduction.</HEAD><P>Text.</P></DIV8>
<DIV8 N="416.1610" TYPE="SECTION"><HEAD>\xc2\xa7 416.1610 Evidence of citizenship.</HEAD></DIV8>
</DIV6></DIV5>
"""


def test_a_regulation_from_the_ecfr_cache_offline(
    cli: Run, cli_env: dict[str, str], tmp_path: Path
) -> None:
    from statusbridge.fedreg.http import Cache

    url = "https://www.ecfr.gov/api/versioner/v1/full/2026-01-02/title-20.xml?part=416&subpart=P"
    Cache(Path(cli_env["STATUSBRIDGE_HOME"]) / "cache" / "fedreg").put(url, ECFR_PART)
    cli_env["STATUSBRIDGE_FEDREG_OFFLINE"] = "1"
    out = tmp_path / "part.xml"
    args = ["sorn", "cfr", "--title", "20", "--part", "416", "--subpart", "P"]
    shown = cli(*args, "--on", "2026-01-02", "--out", str(out)).stdout.splitlines()
    assert shown == ["§ 416.1600 Introduction.", "§ 416.1610 Evidence of citizenship."]
    assert out.read_bytes() == ECFR_PART
    missing = cli(*args, "--on", "2026-01-05", check=False)
    assert missing.returncode != 0 and "not in the cache" in missing.stderr


def test_a_vacated_ssa_routine_use_closes_the_ssn_paths_and_says_which_order(
    ingested: Run,
) -> None:
    """SSA's 2025 routine use vacated: an SSN request is answered INVALID naming the order; an
    A-number request still has SAVE's own authority."""
    by = officer(ingested)
    ingested("sorn", "review", "accept", builtin_event(ingested, "60-0058"), "--by", by)
    benefits = ["--agency", "demo-benefits-agency", "--purpose", "benefit-eligibility", "--on", ON]
    by_ssn = json.loads(ingested(
        "verify", "one", "--ssn", "123-45-6789", "--first-name", "Bill", "--last-name", "Smith",
        "--dob", "1980-02-03", *benefits, "--json",
    ).stdout)  # fmt: skip
    assert by_ssn["response_code"] == "INVALID"
    assert by_ssn["reason"].startswith("ssn: ") and "1:25-cv-03501" in by_ssn["reason"]
    by_a_number = json.loads(ingested(
        "verify", "one", "--a-number", "222333444", "--first-name", "Nadia",
        "--last-name", "Haddad", "--dob", "1988-04-04", *benefits, "--json",
    ).stdout)  # fmt: skip
    assert by_a_number["response_code"] == "IMMIGRATION_STATUS"


def test_after_the_vacatur_no_answer_reads_ssa_records(ingested: Run) -> None:
    by = officer(ingested)
    ingested("sorn", "review", "accept", builtin_event(ingested, "60-0058"), "--by", by)
    answer = json.loads(ingested(
        "verify", "one", "--a-number", "222333444", "--first-name", "Nadia",
        "--last-name", "Haddad", "--dob", "1988-04-04", "--agency", "demo-benefits-agency",
        "--purpose", "benefit-eligibility", "--on", ON, "--json",
    ).stdout)  # fmt: skip
    assert answer["ssa_as_of"] is None and answer["dhs_as_of"] == "2026-06-01"
