"""A bulk run killed with SIGKILL resumes without losing or repeating a row, cutting the file
into the batches the job was created with whatever STATUSBRIDGE_BATCH_ROWS says at the resume;
a second run of the same command while the first holds the job is refused; and the accounting
holds exactly one entry per released result row."""

from __future__ import annotations

import csv
import json
import signal
import subprocess
import time
from pathlib import Path

import pytest

from tests.conftest import BIN, Run

ROWS = 3000
BATCH = 50


def _released_batches(home: Path) -> int:
    return sum(1 for _ in (home / "jobs").glob("*/batch-*.csv")) if (home / "jobs").exists() else 0


@pytest.mark.parametrize("resume_batch", [170, 20], ids=["larger", "smaller"])
def test_kill_9_then_resume(
    cli: Run, cli_env: dict[str, str], tmp_path: Path, resume_batch: int
) -> None:
    world = tmp_path / "world"
    cli("world", "generate", "--people", "6000", "--seed", "11", "--out", str(world),
        "--requests", str(ROWS))  # fmt: skip
    facts = json.loads((world / "world.json").read_text())
    cli("records", "ingest", "ssa", str(world / "ssa.csv"), "--as-of", facts["ssa_as_of"])
    cli("records", "ingest", "dhs", str(world / "dhs.csv"), "--as-of", facts["dhs_as_of"])
    out = tmp_path / "results.csv"
    command = [
        str(BIN / "statusbridge"), "verify", "bulk", str(world / "requests.csv"),
        "--agency", "demo-election-office", "--purpose", "voter-list-maintenance",
        "--out", str(out), "--on", facts["ssa_as_of"], "--quiet",
    ]  # fmt: skip
    env = {**cli_env, "STATUSBRIDGE_BATCH_ROWS": str(BATCH)}
    home = Path(cli_env["STATUSBRIDGE_HOME"])
    run = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while _released_batches(home) < 5 and time.monotonic() < deadline and run.poll() is None:
        time.sleep(0.02)
    assert run.poll() is None, "the run ended before it could be interrupted"
    # Frozen, the first run still holds the job (perhaps mid-transaction): a second is refused.
    run.send_signal(signal.SIGSTOP)
    second = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600)
    assert second.returncode != 0 and "being run by process" in second.stderr
    assert len(second.stderr.strip().splitlines()) == 1 and "Traceback" not in second.stderr
    run.send_signal(signal.SIGKILL)
    run.wait(timeout=30)
    assert not out.exists()  # nothing half-written where the agency looks

    resumed_env = {**env, "STATUSBRIDGE_BATCH_ROWS": str(resume_batch)}
    again = subprocess.run(command, env=resumed_env, capture_output=True, text=True, timeout=600)
    assert again.returncode == 0, again.stderr
    assert "resumed job" in again.stdout
    assert f"read {ROWS:,} = answered" in again.stdout

    with out.open(newline="", encoding="utf-8") as handle:
        released = [row["request_id"] for row in csv.DictReader(handle)]
    with (world / "requests.csv").open(newline="", encoding="utf-8") as handle:
        asked = [row["request_id"] for row in csv.DictReader(handle)]
    assert released == asked  # every row once, in order
    stats = json.loads(cli("ledger", "stats", "--json").stdout)
    assert stats["entries"] == ROWS + 2  # one per released row, plus the two ingests
    assert cli("ledger", "verify").returncode == 0
