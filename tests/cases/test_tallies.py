"""The answer tallies: each request's input kind, counts that add up across batches, and a
``verify bulk`` run whose tallies count every row it answered."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest

from statusbridge.cases.models import AnswerTally
from statusbridge.cases.tallies import counts, input_kinds, tally
from tests.conftest import ON, Run

MINI_REQUESTS = Path(__file__).parents[1] / "fixtures" / "mini" / "requests.csv"

# Normalized requests as the tally sees them: a keyed hash, never an SSN.
REQUESTS = pl.DataFrame(
    {
        "row_number": [1, 2, 3, 4, 5, 6],
        "ssn_key": ["k1", None, None, None, "k5", None],
        "ssn_last4": ["6789", "1234", None, None, "4321", ""],
        "a_number": [None, None, "012345678", None, "098765432", None],
        "certificate_number": [None, None, "ABC123456", None, None, None],
    }
)
ANSWERS = pl.DataFrame(
    {
        "row_number": [1, 2, 3, 4, 5, 6],
        "response_code": [
            "US_CITIZEN",
            "ADDITIONAL_VERIFICATION",
            "ADDITIONAL_VERIFICATION",
            "INVALID",
            "US_CITIZEN",
            "INVALID",
        ],
    }
)


def test_each_request_gets_the_kinds_it_gave_in_a_fixed_order() -> None:
    kinds = dict(input_kinds(REQUESTS).iter_rows())
    assert kinds == {
        1: "ssn",  # a full SSN carries its last four
        2: "ssn_last4",
        3: "a_number+certificate",
        4: "none",
        5: "ssn+a_number",
        6: "none",  # a blank is not given
    }


def test_counts_group_by_kind_and_code() -> None:
    assert counts(ANSWERS, REQUESTS) == [
        ("a_number+certificate", "ADDITIONAL_VERIFICATION", 1),
        ("none", "INVALID", 2),
        ("ssn", "US_CITIZEN", 1),
        ("ssn+a_number", "US_CITIZEN", 1),
        ("ssn_last4", "ADDITIONAL_VERIFICATION", 1),
    ]


@pytest.mark.django_db
def test_two_batches_add_up(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STATUSBRIDGE_TODAY", "2026-11-02")
    tally(ANSWERS, REQUESTS, "demo-election-office", "voter-list-maintenance")
    tally(ANSWERS.head(3), REQUESTS, "demo-election-office", "voter-list-maintenance")
    tally(ANSWERS.head(1), REQUESTS, "demo-benefits-agency", "benefit-eligibility")
    rows = {
        (t.agency, t.input_kind, t.response_code): t.count
        for t in AnswerTally.objects.filter(day="2026-11-02")
    }
    assert rows[("demo-election-office", "ssn", "US_CITIZEN")] == 2
    assert rows[("demo-election-office", "ssn_last4", "ADDITIONAL_VERIFICATION")] == 2
    assert rows[("demo-election-office", "none", "INVALID")] == 2
    assert rows[("demo-benefits-agency", "ssn", "US_CITIZEN")] == 1
    assert sum(rows.values()) == ANSWERS.height + 3 + 1


@pytest.mark.django_db
def test_an_empty_batch_writes_nothing() -> None:
    tally(ANSWERS.head(0), REQUESTS, "demo-election-office", "voter-list-maintenance")
    assert not AnswerTally.objects.exists()


def _tallies(env: dict[str, str]) -> list[dict[str, object]]:
    """The tallies in a CLI data home, read as the service would (no CLI command lists them)."""
    code = (
        "import json, django; django.setup(); "
        "from statusbridge.cases.models import AnswerTally as T; "
        "print(json.dumps(list(T.objects.values('day', 'agency', 'purpose', 'input_kind', "
        "'response_code', 'count')), default=str))"
    )
    python = Path(sys.executable)
    done = subprocess.run(
        [str(python), "-c", code],
        env={**env, "DJANGO_SETTINGS_MODULE": "statusbridge.settings"},
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    found: list[dict[str, object]] = json.loads(done.stdout)
    return found


def test_a_bulk_run_tallies_every_row_it_answered(
    ingested: Run, cli_env: dict[str, str], tmp_path: Path
) -> None:
    out = tmp_path / "results.csv"
    ingested("verify", "bulk", str(MINI_REQUESTS), "--agency", "demo-election-office",
             "--purpose", "voter-list-maintenance", "--on", ON, "--out", str(out),
             "--quiet")  # fmt: skip
    with out.open(newline="") as handle:
        answered = list(csv.DictReader(handle))
    tallies = _tallies(cli_env)
    assert sum(int(str(t["count"])) for t in tallies) == len(answered)
    assert {t["agency"] for t in tallies} == {"demo-election-office"}
    by_code: dict[str, int] = {}
    for t in tallies:
        code = str(t["response_code"])
        by_code[code] = by_code.get(code, 0) + int(str(t["count"]))
    expected: dict[str, int] = {}
    for row in answered:
        expected[row["response_code"]] = expected.get(row["response_code"], 0) + 1
    assert by_code == expected
    assert {"ssn", "ssn_last4"} & {str(t["input_kind"]) for t in tallies}
