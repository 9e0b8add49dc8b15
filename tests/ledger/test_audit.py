"""The audit names the first bad entry for every way of tampering with the accounting."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from statusbridge.ledger.audit import AuditReport, LedgerRow, Problem, audit_log
from statusbridge.ledger.checkpoint import Checkpoint, sign_checkpoint
from statusbridge.ledger.entries import AccountingEntry, sequence_of
from statusbridge.ledger.merkle import (
    EMPTY_ROOT,
    MemoryStore,
    MerkleLog,
    NodeAddress,
    NodeSource,
    leaf_hash,
)
from statusbridge.ledger.note import NoteSigner

ORIGIN = "accounting.statusbridge.example/log"
SIGNER = NoteSigner(
    ORIGIN,
    Ed25519PrivateKey.from_private_bytes(hashlib.sha256(b"synthetic audit test key").digest()),
)
SIZE = 40
CHECKPOINTS = (8, 20, 33, 40)


def _entry(sequence: int, purpose: str = "voter-list-maintenance") -> AccountingEntry:
    return AccountingEntry(
        sequence=sequence,
        disclosed_on=date(2026, 11, 2) + timedelta(days=sequence // 10),
        recorded_at=datetime(2026, 11, 2, 9, 0, 0, tzinfo=UTC) + timedelta(minutes=sequence),
        person_key=hashlib.sha256(f"synthetic person {sequence % 7}".encode()).hexdigest(),
        recipient="demo-election-office",
        purpose=purpose,
        authority="60-0058 routine use 34; agreement MOA-DEMO-0001",
        nature="single",
        request_ref=f"req-{sequence:04d}",
        response_code="US_CITIZEN",
        snapshots=("ssa-2026-10-01",),
        law_enforcement=sequence % 11 == 0,
    )


def _row(entry: AccountingEntry) -> LedgerRow:
    return (entry.sequence, entry.to_bytes(), entry.leaf_hash())


@dataclass
class Ledger:
    """A synthetic accounting log as the database would hold it."""

    rows: list[LedgerRow]
    checkpoints: list[str]
    store: MemoryStore


def _ledger(size: int = SIZE, checkpoint_sizes: Sequence[int] = CHECKPOINTS) -> Ledger:
    log = MerkleLog(MemoryStore())
    rows, notes = [], []
    for sequence in range(size):
        row = _row(_entry(sequence))
        rows.append(row)
        log.append(row[2])
        if log.size in checkpoint_sizes:
            notes.append(sign_checkpoint(Checkpoint(ORIGIN, log.size, log.root()), SIGNER))
    store = log.store
    assert isinstance(store, MemoryStore)
    return Ledger(rows, notes, store)


def _audit(
    rows: Sequence[LedgerRow],
    checkpoints: Sequence[str],
    committed: NodeSource | None = None,
    *,
    read_sequence: bool = True,
) -> AuditReport:
    return audit_log(
        rows,
        checkpoints,
        [SIGNER.verifier()],
        origin=ORIGIN,
        committed=committed,
        entry_sequence=sequence_of if read_sequence else None,
    )


class RewrittenNodes:
    """The stored tree after an attacker rewrote some of its nodes."""

    def __init__(self, store: NodeSource, rewritten: dict[NodeAddress, bytes]) -> None:
        self.store, self.rewritten = store, rewritten

    def get_nodes(self, addresses: Sequence[NodeAddress]) -> list[bytes]:
        stored = self.store.get_nodes(addresses)
        return [self.rewritten.get(a, h) for a, h in zip(addresses, stored, strict=True)]


def _renumbered(entries: Sequence[AccountingEntry]) -> list[LedgerRow]:
    """What a careful attacker leaves: sequence numbers, entry bytes and hashes all recomputed."""
    return [_row(replace(e, sequence=i)) for i, e in enumerate(entries)]


def _edited(sequence: int) -> AccountingEntry:
    return _entry(sequence, purpose="benefit-eligibility")


def _where(report: AuditReport) -> tuple[Problem, int | None, int | None]:
    first = report.first
    assert first is not None, "the audit found nothing"
    return first.problem, first.sequence, first.last_sequence


# --- a clean log --------------------------------------------------------------------------------


def test_a_clean_log_passes() -> None:
    ledger = _ledger()
    report = _audit(ledger.rows, ledger.checkpoints, ledger.store)
    assert report.ok, [str(f) for f in report.findings]
    assert report.first is None
    assert (report.entries, report.checkpoints, report.checkpoints_verified) == (40, 4, 4)
    assert (report.covered, report.uncovered) == (40, 0)
    assert report.latest_checkpoint is not None and report.latest_checkpoint.size == 40


def test_an_empty_log_with_no_checkpoints_passes() -> None:
    report = _audit([], [])
    assert report.ok and report.entries == 0 and report.latest_checkpoint is None


def test_entries_after_the_last_checkpoint_are_counted_as_uncovered() -> None:
    ledger = _ledger(checkpoint_sizes=(8, 20, 33))
    report = _audit(ledger.rows, ledger.checkpoints, ledger.store)
    assert report.ok
    assert (report.covered, report.uncovered) == (33, 7)


# --- edits ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("sequence", [0, 7, 13, 39])
def test_an_edited_entry_is_named(sequence: int) -> None:
    ledger = _ledger()
    rows = list(ledger.rows)
    rows[sequence] = (sequence, _edited(sequence).to_bytes(), rows[sequence][2])  # hash kept
    report = _audit(rows, ledger.checkpoints, ledger.store)
    assert _where(report) == (Problem.EDITED, sequence, None)
    # The checkpoint that covers it says the same, on its own evidence.
    assert any(
        f.problem is Problem.NOT_AS_CHECKPOINTED and f.sequence == f.last_sequence == sequence
        for f in report.findings
    )


@pytest.mark.parametrize("sequence", range(SIZE))
def test_an_edited_and_rehashed_entry_is_named_exactly(sequence: int) -> None:
    """The attacker recomputed the leaf hash in the row; the stored tree, authenticated from the
    signed root down, still leads to the entry."""
    ledger = _ledger()
    rows = list(ledger.rows)
    rows[sequence] = _row(_edited(sequence))
    report = _audit(rows, ledger.checkpoints, ledger.store)
    assert _where(report) == (Problem.NOT_AS_CHECKPOINTED, sequence, sequence)


@pytest.mark.parametrize("sequence", range(SIZE))
def test_a_rehash_in_the_trees_leaf_level_too_is_narrowed_to_two_entries(sequence: int) -> None:
    """With the stored leaf hash rewritten as well, the signed pair hash above it cannot tell
    which of its two leaves changed: the audit names the pair, never a wrong entry alone."""
    ledger = _ledger()
    rows = list(ledger.rows)
    rows[sequence] = _row(_edited(sequence))
    committed = RewrittenNodes(ledger.store, {(0, sequence): rows[sequence][2]})
    problem, first, last = _where(_audit(rows, ledger.checkpoints, committed))
    assert problem is Problem.NOT_AS_CHECKPOINTED
    assert first is not None and last is not None
    assert first <= sequence <= last
    assert (first, last) in ((sequence, sequence), (sequence & ~1, sequence | 1))


def test_checkpoints_at_every_size_name_a_fully_rehashed_edit_exactly() -> None:
    ledger = _ledger(checkpoint_sizes=range(1, SIZE + 1))
    rows = list(ledger.rows)
    rows[13] = _row(_edited(13))
    rebuilt = MerkleLog(MemoryStore())
    rebuilt.extend(row[2] for row in rows)
    report = _audit(rows, ledger.checkpoints, rebuilt.store)
    assert _where(report) == (Problem.NOT_AS_CHECKPOINTED, 13, 13)


def test_without_the_stored_tree_a_rehashed_edit_is_narrowed_to_its_checkpoints() -> None:
    ledger = _ledger()
    rows = list(ledger.rows)
    rows[13] = _row(_edited(13))
    report = _audit(rows, ledger.checkpoints)
    # Checkpoint 8 still holds, checkpoint 20 does not: the change is in entries 8..19.
    assert _where(report) == (Problem.NOT_AS_CHECKPOINTED, 8, 19)
    assert report.covered == 8


def test_a_rehashed_edit_with_the_whole_stored_tree_rewritten_is_narrowed_as_far_as_possible() -> (
    None
):
    ledger = _ledger()
    rows = list(ledger.rows)
    rows[13] = _row(_edited(13))
    rebuilt = MerkleLog(MemoryStore())
    rebuilt.extend(row[2] for row in rows)
    report = _audit(rows, ledger.checkpoints, rebuilt.store)
    problem, first, last = _where(report)
    assert problem is Problem.NOT_AS_CHECKPOINTED
    assert first is not None and last is not None
    assert 8 <= first <= 13 <= last <= 19


def test_a_rehashed_edit_after_the_last_checkpoint_is_caught_by_the_stored_tree() -> None:
    ledger = _ledger(checkpoint_sizes=(8, 20, 33))
    rows = list(ledger.rows)
    rows[36] = _row(_edited(36))
    # No signature covers entry 36 yet, so the entries alone cannot show the change...
    assert _audit(rows, ledger.checkpoints).ok
    # ...but the stored tree, which serves everyone's proofs, still holds its old hash above it.
    committed = RewrittenNodes(ledger.store, {(0, 36): rows[36][2]})
    problem, first, last = _where(_audit(rows, ledger.checkpoints, committed))
    assert problem is Problem.TREE_MISMATCH
    assert first is not None and last is not None and first <= 36 <= last <= 37


# --- removals -------------------------------------------------------------------------------------


@pytest.mark.parametrize("sequence", [0, 13, 20, 38])
def test_a_removed_entry_is_named(sequence: int) -> None:
    ledger = _ledger()
    rows = [row for row in ledger.rows if row[0] != sequence]
    report = _audit(rows, ledger.checkpoints, ledger.store)
    assert _where(report) == (Problem.REMOVED, sequence, sequence)


def test_an_entry_replaced_by_unreadable_bytes_is_named() -> None:
    ledger = _ledger()
    rows = list(ledger.rows)
    rows[5] = (5, b"garbage", leaf_hash(b"garbage"))
    report = _audit(rows, ledger.checkpoints, ledger.store)
    assert report.first is not None
    assert (report.first.problem, report.first.sequence) == (Problem.EDITED, 5)
    assert "cannot be read" in report.first.detail


def test_removing_the_last_entries_is_named() -> None:
    ledger = _ledger()
    report = _audit(ledger.rows[:37], ledger.checkpoints, ledger.store)
    assert _where(report) == (Problem.TRUNCATED, 37, 39)


@pytest.mark.parametrize("with_tree", [True, False])
def test_a_removal_hidden_by_renumbering_is_named(with_tree: bool) -> None:
    ledger = _ledger()
    entries = [_entry(s) for s in range(SIZE) if s != 13]
    rows = _renumbered(entries)
    report = _audit(rows, ledger.checkpoints, ledger.store if with_tree else None)
    expected = (13, 13) if with_tree else (8, 19)
    assert _where(report) == (Problem.NOT_AS_CHECKPOINTED, *expected)


# --- reordering -----------------------------------------------------------------------------------


def test_two_entries_swapped_between_rows_are_named() -> None:
    ledger = _ledger()
    rows = list(ledger.rows)
    rows[13], rows[14] = (13, rows[14][1], rows[14][2]), (14, rows[13][1], rows[13][2])
    assert _where(_audit(rows, ledger.checkpoints, ledger.store)) == (
        Problem.MISNUMBERED,
        13,
        None,
    )
    # Without reading the entries' own numbers the tree still names the first moved one.
    report = _audit(rows, ledger.checkpoints, ledger.store, read_sequence=False)
    assert _where(report) == (Problem.NOT_AS_CHECKPOINTED, 13, 13)


def test_rows_out_of_order_are_named() -> None:
    ledger = _ledger()
    rows = list(ledger.rows)
    rows[13], rows[14] = rows[14], rows[13]
    report = _audit(rows, ledger.checkpoints, ledger.store)
    assert report.first is not None and report.first.sequence == 13
    assert {f.problem for f in report.findings} >= {Problem.REORDERED}


def test_a_reordering_hidden_by_renumbering_is_named() -> None:
    ledger = _ledger()
    entries = [_entry(s) for s in range(SIZE)]
    entries[25], entries[30] = entries[30], entries[25]
    report = _audit(_renumbered(entries), ledger.checkpoints, ledger.store)
    assert _where(report) == (Problem.NOT_AS_CHECKPOINTED, 25, 25)


# --- insertions -----------------------------------------------------------------------------------


def test_an_inserted_entry_with_a_repeated_number_is_named() -> None:
    ledger = _ledger()
    rows = list(ledger.rows)
    rows.insert(14, _row(_edited(13)))
    assert _where(_audit(rows, ledger.checkpoints, ledger.store)) == (Problem.INSERTED, 13, None)


@pytest.mark.parametrize("with_tree", [True, False])
def test_an_insertion_hidden_by_renumbering_is_named(with_tree: bool) -> None:
    ledger = _ledger()
    entries = [_entry(s) for s in range(SIZE)]
    entries.insert(13, _edited(13))
    report = _audit(_renumbered(entries), ledger.checkpoints, ledger.store if with_tree else None)
    expected = (13, 13) if with_tree else (8, 19)
    assert _where(report) == (Problem.NOT_AS_CHECKPOINTED, *expected)


def test_an_entry_appended_in_place_of_a_checkpointed_one_is_named() -> None:
    ledger = _ledger()
    rows = [*ledger.rows[:39], _row(_edited(39))]
    report = _audit(rows, ledger.checkpoints, ledger.store)
    assert _where(report) == (Problem.NOT_AS_CHECKPOINTED, 39, 39)


# --- checkpoints ----------------------------------------------------------------------------------


def test_a_checkpoint_with_a_bad_signature_is_reported() -> None:
    ledger = _ledger()
    notes = list(ledger.checkpoints)
    notes[1] = notes[1].replace("\n20\n", "\n21\n")
    report = _audit(ledger.rows, notes, ledger.store)
    assert not report.ok
    first = report.first
    assert first is not None and first.problem is Problem.BAD_CHECKPOINT
    assert (first.sequence, first.checkpoint) == (None, 1)
    assert report.checkpoints_verified == 3


def test_a_checkpoint_signed_by_another_key_is_reported() -> None:
    ledger = _ledger()
    impostor = NoteSigner.generate(ORIGIN)
    forged = sign_checkpoint(Checkpoint(ORIGIN, 40, hashlib.sha256(b"x").digest()), impostor)
    report = _audit(ledger.rows, [*ledger.checkpoints, forged], ledger.store)
    assert [f.problem for f in report.findings] == [Problem.BAD_CHECKPOINT]


def test_an_empty_tree_checkpoint_must_carry_the_empty_root() -> None:
    good = sign_checkpoint(Checkpoint(ORIGIN, 0, EMPTY_ROOT), SIGNER)
    bad = sign_checkpoint(Checkpoint(ORIGIN, 0, b"\1" * 32), SIGNER)
    assert _audit([], [good]).ok
    report = _audit([], [good, bad])
    assert [(f.problem, f.checkpoint) for f in report.findings] == [(Problem.BAD_CHECKPOINT, 1)]


def test_checkpoints_that_contradict_each_other_are_reported() -> None:
    ledger = _ledger()
    # The log's own key signed a smaller tree after a larger one: history was rolled back.
    rolled_back = [*ledger.checkpoints, ledger.checkpoints[0]]
    report = _audit(ledger.rows, rolled_back, ledger.store)
    assert [f.problem for f in report.findings] == [Problem.FORKED]
    # Two different roots for one size.
    other = MerkleLog()
    other.extend(row[2] for row in _renumbered([_edited(0), *(_entry(s) for s in range(1, 8))]))
    fork = sign_checkpoint(Checkpoint(ORIGIN, 8, other.root()), SIGNER)
    report = _audit(ledger.rows, [ledger.checkpoints[0], fork], ledger.store)
    problems = [f.problem for f in report.findings]
    assert Problem.FORKED in problems
    assert Problem.NOT_AS_CHECKPOINTED in problems


def test_a_smaller_checkpoint_the_entries_do_not_match_below_one_they_do_is_a_fork() -> None:
    ledger = _ledger()
    forked = MerkleLog()
    forked.extend(row[2] for row in _renumbered([_edited(0), *(_entry(s) for s in range(1, 8))]))
    fork = sign_checkpoint(Checkpoint(ORIGIN, 8, forked.root()), SIGNER)
    report = _audit(ledger.rows, [fork, *ledger.checkpoints[1:]], ledger.store)
    assert [(f.problem, f.checkpoint) for f in report.findings] == [(Problem.FORKED, 0)]
    assert report.covered == 40


def test_long_logs_are_read_in_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("statusbridge.ledger.audit._BATCH", 3)
    ledger = _ledger()
    assert _audit(ledger.rows, ledger.checkpoints, ledger.store).ok
    rows = list(ledger.rows)
    rows[22] = _row(_edited(22))
    assert _where(_audit(rows, ledger.checkpoints, ledger.store)) == (
        Problem.NOT_AS_CHECKPOINTED,
        22,
        22,
    )


def test_a_checkpoint_of_another_log_is_reported() -> None:
    ledger = _ledger()
    other_log = NoteSigner("other.example/log", Ed25519PrivateKey.generate())
    note = sign_checkpoint(Checkpoint("other.example/log", 40, b"\0" * 32), other_log)
    report = audit_log(
        ledger.rows,
        [note],
        [SIGNER.verifier(), other_log.verifier()],
        origin=ORIGIN,
    )
    assert [f.problem for f in report.findings] == [Problem.BAD_CHECKPOINT]


def test_findings_are_capped_but_counted() -> None:
    ledger = _ledger()
    rows = [(s, _edited(s).to_bytes(), h) for s, _, h in ledger.rows]
    report = audit_log(rows, ledger.checkpoints, [SIGNER.verifier()], origin=ORIGIN, max_findings=5)
    assert len(report.findings) == 5
    assert report.findings_total > 5
    assert report.first is not None and report.first.sequence == 0
    assert str(report.first) == "entry 0: edited: the entry does not hash to its stored leaf hash"


# --- a log that signs every commit, and heads kept outside it -------------------------------------


def _signed_audit(
    ledger: Ledger, rows: Sequence[LedgerRow] | None = None, **kept: str
) -> AuditReport:
    return audit_log(
        ledger.rows if rows is None else rows,
        ledger.checkpoints,
        [SIGNER.verifier()],
        origin=ORIGIN,
        entry_sequence=sequence_of,
        every_commit_signed=True,
        kept=list(kept.items()),
    )


def _head(ledger: Ledger, size: int) -> str:
    log = MerkleLog(MemoryStore())
    log.extend(row[2] for row in ledger.rows[:size])
    return sign_checkpoint(Checkpoint(ORIGIN, size, log.root()), SIGNER)


def test_where_every_commit_signs_an_entry_after_the_last_checkpoint_is_a_finding() -> None:
    ledger = _ledger(checkpoint_sizes=(8, 20, 33))
    assert _where(_signed_audit(ledger)) == (Problem.UNCOVERED, 33, 39)
    assert _signed_audit(_ledger()).ok


def test_where_every_commit_signs_entries_without_any_checkpoint_are_a_finding() -> None:
    ledger = _ledger(checkpoint_sizes=())
    assert _where(_signed_audit(ledger)) == (Problem.UNCOVERED, 0, 39)
    assert _signed_audit(_ledger(size=0, checkpoint_sizes=())).ok


def test_a_failing_checkpoint_is_not_also_reported_as_uncovered() -> None:
    ledger = _ledger()
    rows = list(ledger.rows)
    rows[35] = _row(_edited(35))
    report = _signed_audit(ledger, rows)
    assert not any(f.problem is Problem.UNCOVERED for f in report.findings)


def test_the_log_extends_every_head_kept_outside_it() -> None:
    ledger = _ledger()
    report = _signed_audit(ledger, empty=_head(ledger, 0), early=_head(ledger, 13),
                           equal=_head(ledger, SIZE))  # fmt: skip
    assert report.ok, [str(f) for f in report.findings]


def test_a_rollback_is_reported_against_a_larger_kept_head() -> None:
    ledger = _ledger()
    kept = _head(ledger, SIZE)
    cut = _ledger(size=33, checkpoint_sizes=(8, 20, 33))  # the end and its checkpoint cut together
    report = _signed_audit(cut, **{"head.note": kept})
    first = report.first
    assert first is not None and first.problem is Problem.ROLLED_BACK
    assert str(first).startswith("kept head head.note: rolled-back:") and "40 entries" in str(first)


def test_a_rewritten_and_resigned_history_is_reported_as_a_fork_against_a_kept_head() -> None:
    kept = _head(_ledger(), 20)
    rows = [_row(_edited(0)), *_ledger().rows[1:]]
    resigned = Ledger(rows, [], MemoryStore())
    resigned.checkpoints = [_head(resigned, SIZE)]
    report = _signed_audit(resigned, **{"kept.note": kept})
    assert [f.problem for f in report.findings] == [Problem.FORKED]


def test_a_kept_head_this_log_did_not_sign_is_reported() -> None:
    other = NoteSigner(ORIGIN, Ed25519PrivateKey.generate())
    ledger = _ledger()
    forged = sign_checkpoint(Checkpoint(ORIGIN, 3, EMPTY_ROOT), other)
    report = _signed_audit(ledger, forged=forged)
    assert [f.problem for f in report.findings] == [Problem.BAD_CHECKPOINT]
    assert str(report.findings[0]).startswith("kept head forged:")
