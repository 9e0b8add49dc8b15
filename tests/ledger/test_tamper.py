"""`ledger verify` against an attacker who edits the database directly.

Each test lets the service build a real accounting (two ingested extracts, a bulk run, single
verifications, a person's accounting read), then changes the database behind the service's back,
as an insider with database access could, and runs `statusbridge ledger verify` as an auditor
would: it must exit non-zero and name what is wrong. A rollback (the log's end and the newer
checkpoints cut together) leaves a database that agrees with itself; only a signed head kept
outside it (`ledger checkpoint --out`, `ledger verify --against`) can reveal it.
"""

from __future__ import annotations

import json
import sqlite3
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from statusbridge.ledger import frontier
from statusbridge.ledger.checkpoint import Checkpoint, sign_checkpoint
from statusbridge.ledger.entries import AccountingEntry
from statusbridge.ledger.keyfile import load_private_key
from statusbridge.ledger.merkle import leaf_hash
from statusbridge.ledger.note import NoteSigner
from tests.conftest import MINI, ON, DataHome, Run

BENEFITS = ("--agency", "demo-benefits-agency", "--purpose", "benefit-eligibility")
ORIGIN = "statusbridge.local/accounting"
ENTRIES = "ledger_ledgerentry"
CHECKPOINTS = "ledger_checkpoint"
INDEX = "ledger_personindex"
MARK = "ledger_personindexmark"


# --- the attacker's tools: plain SQL on the service's database -----------------------------------


def _connect(env: dict[str, str]) -> Any:
    url = env.get("STATUSBRIDGE_DATABASE_URL", "")
    if url.startswith("postgres"):
        import psycopg

        return psycopg.connect(url, autocommit=True)
    return sqlite3.connect(
        Path(env["STATUSBRIDGE_HOME"]) / "statusbridge.sqlite3", isolation_level=None
    )


def _sql(env: dict[str, str], statement: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
    """Run one statement (``?`` placeholders) and return its rows, if any."""
    con = _connect(env)
    try:
        if not isinstance(con, sqlite3.Connection):
            statement = statement.replace("?", "%s")
        cursor = con.execute(statement, tuple(params))
        rows = cursor.fetchall() if cursor.description else []
        return [tuple(bytes(v) if isinstance(v, memoryview) else v for v in r) for r in rows]
    finally:
        con.close()


def _size(env: dict[str, str]) -> int:
    return int(_sql(env, f"SELECT COUNT(*) FROM {ENTRIES}")[0][0])


def _entry(env: dict[str, str], sequence: int) -> AccountingEntry:
    found = _sql(env, f"SELECT entry FROM {ENTRIES} WHERE sequence = ?", [sequence])
    return AccountingEntry.from_bytes(bytes(found[0][0]))


def _rewrite(env: dict[str, str], entry: AccountingEntry) -> None:
    """Replace an entry's bytes and recompute its leaf hash, as a careful attacker would."""
    data = entry.to_bytes()
    _sql(
        env,
        f"UPDATE {ENTRIES} SET entry = ?, leaf_hash = ? WHERE sequence = ?",
        [data, leaf_hash(data), entry.sequence],
    )


def _forge_after_the_last(env: dict[str, str]) -> int:
    """Append an entry no commit made: a copy of the last one, renumbered, hashes right."""
    last = _size(env) - 1
    forged = replace(_entry(env, last), sequence=last + 1, recipient="somebody-else")
    data = forged.to_bytes()
    _sql(
        env,
        f"INSERT INTO {ENTRIES} (sequence, entry, leaf_hash, person_key, law_enforcement) "
        "VALUES (?, ?, ?, ?, ?)",
        [forged.sequence, data, leaf_hash(data), forged.person_key, False],
    )
    return forged.sequence


def _resign_everything(env: dict[str, str]) -> None:
    """With the signing key from the data home: one fresh checkpoint over the log as it now is."""
    key = load_private_key(Path(env["STATUSBRIDGE_HOME"]) / "keys" / "ledger-ed25519.key")
    hashes = [bytes(h) for (h,) in _sql(env, f"SELECT leaf_hash FROM {ENTRIES} ORDER BY sequence")]
    edge = frontier.extend(0, [], hashes)
    root = frontier.root(edge)
    note = sign_checkpoint(Checkpoint(ORIGIN, len(hashes), root), NoteSigner(ORIGIN, key))
    _sql(env, f"DELETE FROM {CHECKPOINTS}")
    _sql(
        env,
        f"INSERT INTO {CHECKPOINTS} (size, root, note, frontier, created_at) "
        "VALUES (?, ?, ?, ?, ?)",
        [len(hashes), root.hex(), note, frontier.pack(edge), datetime.now(UTC).isoformat()],
    )


# --- a real accounting ---------------------------------------------------------------------------


def _verify_one(cli: Run, first_name: str = "William", *, check: bool = True) -> Any:
    return cli(
        "verify", "one", "--ssn", "123456789", "--first-name", first_name,
        "--last-name", "Smith", "--dob", "1980-02-03", *BENEFITS, "--on", ON, check=check,
    )  # fmt: skip


def _make_history(run: Run) -> None:
    """Extracts, a bulk run, two single answers, and one person's accounting read (the person
    index filled); the ledger verifies."""
    out = Path(tempfile.mkdtemp()) / "results.csv"
    run("verify", "bulk", str(MINI / "requests.csv"), *BENEFITS, "--out", str(out), "--on", ON)
    _verify_one(run)
    _verify_one(run, "Bill")
    run("accounting", "--ssn", "123456789", "--json")
    assert run("ledger", "verify").returncode == 0


@pytest.fixture(scope="module")
def built_history(
    tmp_path_factory: pytest.TempPathFactory, mini_ingested: DataHome
) -> Iterator[DataHome]:
    made = DataHome.build(tmp_path_factory.mktemp("history"), _make_history, mini_ingested)
    yield made
    made.drop()


@pytest.fixture
def history(cli: Run, cli_env: dict[str, str], built_history: DataHome) -> Run:
    """A copy of the history above for each test to tamper with."""
    built_history.copy_into(cli_env)
    return cli


def _refused(cli: Run, *args: str) -> str:
    done = cli("ledger", "verify", *args, check=False)
    assert done.returncode != 0, done.stdout
    assert "NOT intact" in done.stderr and "Traceback" not in done.stderr, done.stderr
    return done.stderr


# --- checkpoints missing, entries no checkpoint covers ------------------------------------------


def test_all_checkpoints_deleted_is_reported(history: Run, cli_env: dict[str, str]) -> None:
    _sql(cli_env, f"DELETE FROM {CHECKPOINTS}")
    reason = _refused(history)
    assert "entries 0.." in reason and "no signed checkpoint" in reason


def test_all_checkpoints_deleted_and_an_entry_rewritten_is_reported(
    history: Run, cli_env: dict[str, str]
) -> None:
    _rewrite(cli_env, replace(_entry(cli_env, 5), purpose="something-else"))
    _sql(cli_env, f"DELETE FROM {CHECKPOINTS}")
    assert "no signed checkpoint" in _refused(history)


def test_a_forged_entry_after_the_last_is_reported(history: Run, cli_env: dict[str, str]) -> None:
    forged = _forge_after_the_last(cli_env)
    reason = _refused(history)
    assert f"entry {forged}: uncovered" in reason


def test_the_newest_checkpoints_deleted_are_reported(history: Run, cli_env: dict[str, str]) -> None:
    size = _size(cli_env)
    _sql(cli_env, f"DELETE FROM {CHECKPOINTS} WHERE size > ?", [size - 2])
    assert f"entries {size - 2}..{size - 1}: uncovered" in _refused(history)


def test_the_latest_checkpoint_replaced_by_the_one_before_is_reported(
    history: Run, cli_env: dict[str, str]
) -> None:
    (before,) = _sql(
        cli_env,
        f"SELECT root, note, frontier FROM {CHECKPOINTS} WHERE size = ?",
        [_size(cli_env) - 1],
    )
    _sql(
        cli_env,
        f"UPDATE {CHECKPOINTS} SET root = ?, note = ?, frontier = ? WHERE size = ?",
        [*before, _size(cli_env)],
    )
    reason = _refused(history)
    assert "uncovered" in reason or "signed note" in reason


# --- checkpoint rows that disagree with their signed notes ---------------------------------------


@pytest.mark.parametrize(
    "column, value",
    [
        ("root", "00" * 32),
        ("frontier", b"\x00" * 32),
        ("frontier", b""),
        ("size", 10_000),
    ],
    ids=["root", "frontier-hash", "frontier-empty", "size"],
)
def test_a_checkpoint_column_edited_is_reported(
    history: Run, cli_env: dict[str, str], column: str, value: object
) -> None:
    _sql(cli_env, f"UPDATE {CHECKPOINTS} SET {column} = ? WHERE size = ?", [value, _size(cli_env)])
    reason = _refused(history)
    assert "checkpoint #" in reason and column in reason and "signed note" in reason


# --- the person index ----------------------------------------------------------------------------


def test_person_index_rows_deleted_are_reported(history: Run, cli_env: dict[str, str]) -> None:
    (first,) = _sql(cli_env, f"SELECT MIN(sequence) FROM {INDEX}")[0]
    _sql(cli_env, f"DELETE FROM {INDEX} WHERE sequence > ?", [first])
    reason = _refused(history)
    assert "person index" in reason and "missing" in reason


def test_a_person_index_row_added_is_reported(history: Run, cli_env: dict[str, str]) -> None:
    (key, sequence) = _sql(cli_env, f"SELECT person_key, sequence FROM {INDEX} LIMIT 1")[0]
    _sql(cli_env, f"INSERT INTO {INDEX} (person_key, sequence) VALUES (?, ?)", [key, 0])
    reason = _refused(history)
    assert "person index" in reason and "entry 0" in reason
    assert sequence != 0  # entry 0 is an ingested extract: it names nobody


def test_a_person_index_row_doubled_is_reported(history: Run, cli_env: dict[str, str]) -> None:
    (key, sequence) = _sql(cli_env, f"SELECT person_key, sequence FROM {INDEX} LIMIT 1")[0]
    _sql(cli_env, f"INSERT INTO {INDEX} (person_key, sequence) VALUES (?, ?)", [key, sequence])
    assert "person index" in _refused(history)


@pytest.mark.parametrize("where", ["past-the-log", "within-the-log", "backwards", "negative"])
def test_the_index_mark_moved_is_reported(
    history: Run, cli_env: dict[str, str], where: str
) -> None:
    _verify_one(history, "Will")  # a disclosure the index has not reached yet
    size = _size(cli_env)
    mark = {"past-the-log": size + 1000, "within-the-log": size, "backwards": 3, "negative": -5}
    _sql(cli_env, f"UPDATE {MARK} SET indexed_through = ?", [mark[where]])
    assert "person index" in _refused(history)


def test_the_person_index_mark_moved_past_the_log_does_not_hide_new_disclosures(
    history: Run, cli_env: dict[str, str]
) -> None:
    _sql(cli_env, f"UPDATE {MARK} SET indexed_through = indexed_through + 1000")
    _verify_one(history, "Will")
    done = history("accounting", "--ssn", "123456789", check=False)
    assert done.returncode != 0 and "the accounting log is damaged" in done.stderr
    assert "Traceback" not in done.stderr


# --- disclosures after tampering ------------------------------------------------------------------


@pytest.mark.parametrize("tampering", ["forged-entry", "checkpoints-deleted", "frontier-edited"])
def test_no_disclosure_is_recorded_on_a_damaged_log(
    history: Run, cli_env: dict[str, str], tampering: str
) -> None:
    if tampering == "forged-entry":
        _forge_after_the_last(cli_env)
    elif tampering == "checkpoints-deleted":
        _sql(cli_env, f"DELETE FROM {CHECKPOINTS}")
    else:
        _sql(cli_env, f"UPDATE {CHECKPOINTS} SET frontier = ? WHERE size = ?",
             [b"\x01" * 32, _size(cli_env)])  # fmt: skip
    size = _size(cli_env)
    done = _verify_one(history, check=False)
    assert done.returncode != 0
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "the accounting log is damaged" in lines[0], done.stderr
    assert "IntegrityError" not in done.stderr
    assert _size(cli_env) == size  # nothing released, nothing recorded
    _refused(history)


# --- a rollback, seen from a head kept outside the database --------------------------------------


def _export(cli: Run, path: Path) -> str:
    cli("ledger", "checkpoint", "--out", str(path))
    return path.read_text(encoding="utf-8")


def test_checkpoint_prints_the_signed_head_or_writes_it_to_a_file(
    history: Run, tmp_path: Path
) -> None:
    printed = history("ledger", "checkpoint").stdout
    assert printed.startswith(ORIGIN + "\n") and "\u2014 " in printed
    assert _export(history, tmp_path / "head.note") == printed


def test_a_rollback_is_reported_against_a_kept_head(
    history: Run, cli_env: dict[str, str], tmp_path: Path
) -> None:
    older = tmp_path / "older.note"
    _export(history, older)
    cut = _size(cli_env)
    _verify_one(history, "Will")
    _verify_one(history, "Willy")
    newer = tmp_path / "newer.note"
    _export(history, newer)
    held = history("ledger", "verify", "--against", str(older), "--against", str(newer))
    assert "older.note" in held.stdout and "newer.note" in held.stdout

    # The attacker cuts the last two disclosures and the checkpoints that signed them.
    _sql(cli_env, f"DELETE FROM {ENTRIES} WHERE sequence >= ?", [cut])
    _sql(cli_env, f"DELETE FROM {CHECKPOINTS} WHERE size > ?", [cut])
    assert history("ledger", "verify").returncode == 0  # invisible from inside the database
    assert history("ledger", "verify", "--against", str(older)).returncode == 0
    reason = _refused(history, "--against", str(older), "--against", str(newer))
    assert "newer.note" in reason and "rolled back" in reason
    assert f"{cut + 2} entries" in reason


def test_a_rewritten_history_is_reported_against_a_kept_head(
    history: Run, cli_env: dict[str, str], tmp_path: Path
) -> None:
    kept = tmp_path / "kept.note"
    _export(history, kept)
    # With the signing key too: an entry rewritten and the whole log signed afresh.
    _rewrite(cli_env, replace(_entry(cli_env, 5), purpose="something-else"))
    _resign_everything(cli_env)
    assert history("ledger", "verify").returncode == 0
    reason = _refused(history, "--against", str(kept))
    assert "kept.note" in reason and "forked" in reason


def test_a_head_that_this_log_did_not_sign_is_refused(history: Run, tmp_path: Path) -> None:
    stranger = NoteSigner(ORIGIN, Ed25519PrivateKey.generate())
    fake = tmp_path / "fake.note"
    fake.write_text(sign_checkpoint(Checkpoint(ORIGIN, 3, b"\x07" * 32), stranger))
    reason = _refused(history, "--against", str(fake))
    assert "fake.note" in reason and "signature" in reason
    missing = history("ledger", "verify", "--against", str(tmp_path / "nope"), check=False)
    assert missing.returncode != 0 and "Traceback" not in missing.stderr


def test_stats_still_count_entries_and_checkpoints(history: Run, cli_env: dict[str, str]) -> None:
    stats = json.loads(history("ledger", "stats", "--json").stdout)
    assert stats["entries"] == _size(cli_env)
    assert stats["checkpoints"] == _sql(cli_env, f"SELECT COUNT(*) FROM {CHECKPOINTS}")[0][0]
