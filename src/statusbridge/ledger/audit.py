"""Audit of the whole accounting log against its signed checkpoints, with hashes alone.

What it is for: ``statusbridge ledger verify`` must say whether the accounting of disclosures is
intact and, where it is not, name the first bad entry. :func:`audit_log` reads the log's rows in
order (sequence, entry bytes, stored leaf hash) and the signed checkpoints, and reports:

* ``edited``: a stored leaf hash is not the hash of its entry (an entry changed after it was
  written, and its hash was not recomputed);
* ``removed`` / ``inserted`` / ``reordered``: the sequence numbers have a gap, repeat, or go
  backwards; ``misnumbered``: an entry's own sequence differs from its row's (a moved entry);
* ``not-as-checkpointed``: the entries no longer hash to the root a signed checkpoint commits to
  (an entry was changed *and* its leaf hash recomputed, or entries were removed, inserted or moved
  and renumbered so that the sequence numbers look whole);
* ``truncated``: a signed checkpoint commits to entries the log no longer holds;
* ``bad-checkpoint``: a checkpoint is malformed, for another log, or not validly signed;
* ``forked``: two validly signed checkpoints contradict each other (the log shrank, or two roots
  for one size), which no append-only log can produce;
* ``tree-mismatch``: the stored tree the service answers proofs from disagrees with the entries;
* ``uncovered``: entries after the largest signed checkpoint, where the log signs one with every
  commit (``every_commit_signed``), so that none can exist: added, or their checkpoints removed,
  behind the log's back;
* ``rolled-back`` / ``forked`` against a head kept outside the database (``kept``): the log no
  longer reaches the size a signed head someone kept commits to, or it does not extend that head
  (a consistency proof from the kept size to the latest checkpoint that holds fails). Cutting the
  log's end and the newer checkpoints together leaves a database that agrees with itself; only a
  head kept elsewhere reveals it.

What can be named, and why: a checkpoint commits to its whole tree with one 32-byte root, so the
root alone says only *that* leaves ``[a, b)`` changed, where ``a`` is the size of the last
checkpoint that still matches and ``b`` that of the first that does not. To name the leaf, the
audit bisects from the signed root through the stored tree (``committed``): a pair of stored
children whose hash is the already-authenticated parent is authentic too (SHA-256 is second
preimage resistant), and so is a pair made of one recomputed and one stored child. Walking down,
always into the first child that differs, reaches the first leaf whose recomputed hash differs from
the one the checkpoint commits to. How far it gets depends on what the attacker rewrote:

* the entry and its row's leaf hash, not the stored tree: the exact entry;
* the stored leaf hash in the tree too, not the nodes above it: the two entries under one
  level-1 node (its signed hash cannot say which of its two leaves changed), unless another
  checkpoint's tree splits that pair differently, which it often does;
* every stored node up to the signed root: the range between the two checkpoints around it.

Each failing checkpoint bounds the same first bad leaf, so the audit intersects their ranges, and
never names fewer entries than the evidence allows (``sequence`` .. ``last_sequence``). The more
often the log signs checkpoints, the smaller that range: a checkpoint after every entry names any
change exactly. Entries after the last checkpoint are proven by nothing but their own hashes and
the stored tree, and are counted as ``uncovered`` (a finding where every commit signs one).

Checking every checkpoint's root against the tree recomputed from the entries also checks the
checkpoints' consistency with each other, since roots of prefixes of one sequence of leaves always
are consistent: a checkpoint the entries do not match below a larger one they do match means the
key signed two histories (``forked``), as do a later checkpoint smaller than an earlier one and
two roots for one size.

What it must never do: trust a stored hash it has not authenticated from a signed root, stop at the
first problem without looking for an earlier one, or touch Django or a database: the caller reads
the rows (ordered by sequence) and passes them in. Sequence numbers are leaf indexes, from 0.

Why hand-written: this is the accounting's own rule of evidence; no library knows it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from statusbridge.ledger.checkpoint import Checkpoint, CheckpointError, verify_checkpoint
from statusbridge.ledger.merkle import (
    EMPTY_ROOT,
    MemoryStore,
    MerkleLog,
    NodeSource,
    ProofError,
    fold_subtrees,
    leaf_hash,
    node_hash,
    split_point,
    subtree_addresses,
    verify_consistency,
)
from statusbridge.ledger.note import NoteVerifier

LedgerRow = tuple[int, bytes, bytes]
"""One stored entry: its sequence number, its canonical bytes, and its stored leaf hash."""

_BATCH = 1 << 16
# How many failing checkpoints to bisect: the first few split the tree in the most different
# places; a log that checkpoints after every entry may have millions more.
_NARROWING = 32


class Problem(StrEnum):
    EDITED = "edited"
    REMOVED = "removed"
    INSERTED = "inserted"
    REORDERED = "reordered"
    MISNUMBERED = "misnumbered"
    NOT_AS_CHECKPOINTED = "not-as-checkpointed"
    TRUNCATED = "truncated"
    BAD_CHECKPOINT = "bad-checkpoint"
    FORKED = "forked"
    TREE_MISMATCH = "tree-mismatch"
    UNCOVERED = "uncovered"
    ROLLED_BACK = "rolled-back"
    INDEX_MISMATCH = "index-mismatch"


@dataclass(frozen=True)
class Finding:
    """One problem. ``sequence`` is the first entry it concerns (None for a checkpoint-only
    problem); where only a range can be named, ``last_sequence`` ends it; ``checkpoint`` is the
    position of the checkpoint concerned in the list given to :func:`audit_log`; ``subject`` names
    what else a problem is about (a kept head, the person index)."""

    problem: Problem
    sequence: int | None
    detail: str
    last_sequence: int | None = None
    checkpoint: int | None = None
    subject: str | None = None

    def __str__(self) -> str:
        if self.subject is not None:
            where = self.subject
        elif self.sequence is None:
            where = "checkpoint" if self.checkpoint is None else f"checkpoint #{self.checkpoint}"
        elif self.last_sequence is None or self.last_sequence == self.sequence:
            where = f"entry {self.sequence}"
        else:
            where = f"entries {self.sequence}..{self.last_sequence}"
        return f"{where}: {self.problem.value}: {self.detail}"


@dataclass(frozen=True)
class AuditReport:
    """What the audit found: counts, the latest checkpoint that holds, and the problems."""

    entries: int
    checkpoints: int
    checkpoints_verified: int
    covered: int
    latest_checkpoint: Checkpoint | None
    findings: tuple[Finding, ...]
    findings_total: int

    @property
    def ok(self) -> bool:
        return not self.findings

    @property
    def uncovered(self) -> int:
        """Entries after the largest checkpoint that holds: proven by no signature yet."""
        return self.entries - self.covered

    @property
    def first(self) -> Finding | None:
        """The problem at the lowest sequence number (checkpoint-only problems after those)."""
        if not self.findings:
            return None
        return min(
            self.findings,
            key=lambda f: (f.sequence is None, f.sequence if f.sequence is not None else 0),
        )


class _Findings:
    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.kept: list[Finding] = []
        self.total = 0

    def add(self, finding: Finding) -> None:
        self.total += 1
        if len(self.kept) < self.limit:
            self.kept.append(finding)


def audit_log(
    rows: Iterable[LedgerRow],
    checkpoints: Sequence[str | bytes],
    verifiers: Sequence[NoteVerifier],
    *,
    origin: str,
    committed: NodeSource | None = None,
    entry_sequence: Callable[[bytes], int] | None = None,
    every_commit_signed: bool = False,
    kept: Sequence[tuple[str, str | bytes]] = (),
    max_findings: int = 100,
) -> AuditReport:
    """Audit the log: ``rows`` in sequence order, ``checkpoints`` in the order they were signed.

    ``every_commit_signed``: the log signs a checkpoint with every commit, so an entry after the
    largest signed checkpoint is a finding, not a wait for the next one. ``kept``: signed heads
    kept outside the log, each with a label naming where it came from; the log must still extend
    every one of them.

    ``committed`` is the stored tree (the service's ``merkle.MerkleStore``), used only to name the
    exact leaf a checkpoint mismatch comes from and to check that the tree proofs are served from
    agrees with the entries. ``entry_sequence`` reads the sequence number inside an entry's bytes
    (``entries.sequence_of``), to catch entries moved between rows. Holds the recomputed tree in
    memory: about 64 bytes an entry.
    """
    findings = _Findings(max_findings)
    recomputed = MerkleLog(MemoryStore())
    _read_rows(rows, recomputed, findings, entry_sequence)
    size = recomputed.size

    verified = _verify_checkpoints(checkpoints, verifiers, origin, findings)
    covered, latest = _check_against_checkpoints(verified, recomputed, committed, findings)
    if committed is not None:
        _check_committed_tree(recomputed, committed, covered, findings)
    signed_end = max((cp.size for _, cp in verified), default=0)
    if every_commit_signed and size > signed_end:
        detail = (
            "no signed checkpoint covers them; every commit signs one, so they were added, or "
            "their checkpoints removed, behind the log's back"
        )
        findings.add(Finding(Problem.UNCOVERED, signed_end, detail, last_sequence=size - 1))
    for label, note in kept:
        _check_kept_head(label, note, verifiers, origin, recomputed, latest, findings)

    return AuditReport(
        entries=size,
        checkpoints=len(checkpoints),
        checkpoints_verified=len(verified),
        covered=covered,
        latest_checkpoint=latest,
        findings=tuple(findings.kept),
        findings_total=findings.total,
    )


def _read_rows(
    rows: Iterable[LedgerRow],
    recomputed: MerkleLog,
    findings: _Findings,
    entry_sequence: Callable[[bytes], int] | None,
) -> None:
    """Check each row on its own and add the hash of its entry to the recomputed tree."""
    expected = 0
    previous: int | None = None
    batch: list[bytes] = []
    for sequence, entry, stored in rows:
        if sequence != expected:
            if previous is not None and sequence == previous:
                findings.add(Finding(Problem.INSERTED, sequence, "sequence number repeated"))
            elif sequence < expected:
                findings.add(Finding(Problem.REORDERED, sequence, f"comes after entry {previous}"))
            else:
                findings.add(
                    Finding(
                        Problem.REMOVED,
                        expected,
                        f"missing: the next entry is {sequence}",
                        last_sequence=sequence - 1,
                    )
                )
        expected = sequence + 1
        previous = sequence
        recomputed_hash = leaf_hash(entry)
        if stored != recomputed_hash:
            findings.add(
                Finding(Problem.EDITED, sequence, "the entry does not hash to its stored leaf hash")
            )
        if entry_sequence is not None:
            try:
                inner = entry_sequence(entry)
            except ValueError:
                findings.add(Finding(Problem.EDITED, sequence, "the entry cannot be read"))
            else:
                if inner != sequence:
                    findings.add(
                        Finding(
                            Problem.MISNUMBERED,
                            sequence,
                            f"the entry in this row says it is entry {inner}",
                        )
                    )
        batch.append(recomputed_hash)
        if len(batch) >= _BATCH:
            recomputed.extend(batch)
            batch = []
    recomputed.extend(batch)


def _verify_checkpoints(
    notes: Sequence[str | bytes],
    verifiers: Sequence[NoteVerifier],
    origin: str,
    findings: _Findings,
) -> list[tuple[int, Checkpoint]]:
    """The validly signed checkpoints, with their positions; bad ones and contradictions noted."""
    verified: list[tuple[int, Checkpoint]] = []
    by_size: dict[int, tuple[int, bytes]] = {}
    largest: tuple[int, int] | None = None  # (position, size) of the largest so far
    for position, note in enumerate(notes):
        try:
            checkpoint = verify_checkpoint(note, verifiers, origin=origin)
        except CheckpointError as exc:
            findings.add(Finding(Problem.BAD_CHECKPOINT, None, str(exc), checkpoint=position))
            continue
        if checkpoint.size == 0 and checkpoint.root != EMPTY_ROOT:
            detail = "an empty tree's root is the hash of nothing"
            findings.add(Finding(Problem.BAD_CHECKPOINT, None, detail, checkpoint=position))
            continue
        if largest is not None and checkpoint.size < largest[1]:
            findings.add(
                Finding(
                    Problem.FORKED,
                    None,
                    f"size {checkpoint.size} after checkpoint #{largest[0]} of size "
                    f"{largest[1]}: the log shrank",
                    checkpoint=position,
                )
            )
        same = by_size.setdefault(checkpoint.size, (position, checkpoint.root))
        if same[1] != checkpoint.root:
            findings.add(
                Finding(
                    Problem.FORKED,
                    None,
                    f"two roots for size {checkpoint.size} (see checkpoint #{same[0]})",
                    checkpoint=position,
                )
            )
        if largest is None or checkpoint.size > largest[1]:
            largest = (position, checkpoint.size)
        verified.append((position, checkpoint))
    return verified


def _check_kept_head(
    label: str,
    note: str | bytes,
    verifiers: Sequence[NoteVerifier],
    origin: str,
    recomputed: MerkleLog,
    latest: Checkpoint | None,
    findings: _Findings,
) -> None:
    """The log must still extend a signed head kept outside it: a consistency proof from the
    kept size to the latest checkpoint that holds, built from the entries and checked as any
    holder of the two heads would check it."""
    subject = f"kept head {label}"
    try:
        head = verify_checkpoint(note, verifiers, origin=origin)
    except CheckpointError as exc:
        findings.add(Finding(Problem.BAD_CHECKPOINT, None, str(exc), subject=subject))
        return
    size, root = (latest.size, latest.root) if latest is not None else (0, EMPTY_ROOT)
    if head.size > size:
        detail = (
            f"it commits to {head.size} entries, the log's latest signed checkpoint that holds to "
            f"{size}: the log was rolled back"
        )
        findings.add(Finding(Problem.ROLLED_BACK, None, detail, subject=subject))
        return
    try:
        proof = recomputed.consistency_proof(head.size, size)
    except ProofError:
        proof = []
    if not verify_consistency(head.size, size, head.root, root, proof):
        detail = (
            f"the log does not extend it (size {head.size} to {size}): its history was "
            "rewritten and signed again"
        )
        findings.add(Finding(Problem.FORKED, None, detail, subject=subject))


def _check_against_checkpoints(
    verified: Sequence[tuple[int, Checkpoint]],
    recomputed: MerkleLog,
    committed: NodeSource | None,
    findings: _Findings,
) -> tuple[int, Checkpoint | None]:
    """Compare each checkpoint, smallest first, with the recomputed tree, and name the first leaf
    where they part. Returns how many leaves the checkpoints prove, and the largest that holds."""
    size = recomputed.size
    proven = 0
    latest: Checkpoint | None = None
    failing: list[tuple[int, Checkpoint]] = []
    for position, checkpoint in sorted(verified, key=lambda item: item[1].size):
        if checkpoint.size <= size and recomputed.root(checkpoint.size) == checkpoint.root:
            # Smaller checkpoints that the entries do not match contradict this one, which
            # they do: the log's key signed two histories.
            for other_at, other in failing:
                findings.add(
                    Finding(
                        Problem.FORKED,
                        None,
                        f"size {other.size} contradicts checkpoint #{position} of size "
                        f"{checkpoint.size}, which the entries match",
                        checkpoint=other_at,
                    )
                )
            failing = []
            proven, latest = checkpoint.size, checkpoint
        else:
            failing.append((position, checkpoint))
    if not failing:
        return proven, latest

    # Every failing checkpoint commits to the same history, so each narrows down the same first
    # differing leaf; together they may narrow it further than any one of them.
    ranges = [_localize(cp, recomputed, committed, proven) for _, cp in failing[:_NARROWING]]
    first = max(start for start, _ in ranges)
    last = min(end for _, end in ranges)
    if first > last:  # the failing checkpoints disagree among themselves too
        first, last = ranges[0]
    position, checkpoint = failing[0]
    what = f"checkpoint #{position} (size {checkpoint.size})"
    if first >= size:
        largest = max(cp.size for _, cp in failing)
        findings.add(
            Finding(
                Problem.TRUNCATED,
                first,
                f"missing: the checkpoints commit to {largest} entries; the log holds {size}",
                last_sequence=largest - 1,
                checkpoint=position,
            )
        )
    elif first == last:
        findings.add(
            Finding(
                Problem.NOT_AS_CHECKPOINTED,
                first,
                f"differs from the entry {what} commits to",
                last_sequence=last,
                checkpoint=position,
            )
        )
    else:
        findings.add(
            Finding(
                Problem.NOT_AS_CHECKPOINTED,
                first,
                f"one of these differs from or is missing where {what} commits to an entry; "
                "the stored tree cannot narrow it down further",
                last_sequence=last,
                checkpoint=position,
            )
        )
    return proven, latest


def _localize(
    checkpoint: Checkpoint,
    recomputed: MerkleLog,
    committed: NodeSource | None,
    proven: int,
) -> tuple[int, int]:
    """The narrowest range of leaves (first, last) sure to hold the first leaf at which the log
    differs from what ``checkpoint`` commits to."""
    size = recomputed.size

    def ours(start: int, end: int) -> bytes | None:
        return recomputed.subtree_hash(start, end) if end <= size else None

    def stored(start: int, end: int) -> bytes | None:
        return _stored_hash(committed, start, end)

    start, end, want = 0, checkpoint.size, checkpoint.root
    # Invariant: ``want`` is the authentic hash of leaves [start, end), and ours differs from it.
    while end - start > 1:
        mid = start + split_point(end - start)
        left, right = ours(start, mid), ours(mid, end)
        stored_left, stored_right = stored(start, mid), stored(mid, end)
        if left is not None and stored_right is not None and node_hash(left, stored_right) == want:
            start, want = mid, stored_right
        elif (
            stored_left is not None and right is not None and node_hash(stored_left, right) == want
        ):
            end, want = mid, stored_left
        elif (
            stored_left is not None
            and stored_right is not None
            and node_hash(stored_left, stored_right) == want
        ):
            if left != stored_left:
                end, want = mid, stored_left
            else:
                start, want = mid, stored_right
        else:
            break
    return max(start, proven), end - 1


def _stored_hash(committed: NodeSource | None, start: int, end: int) -> bytes | None:
    if committed is None:
        return None
    try:
        nodes = committed.get_nodes(subtree_addresses(start, end))
    except (IndexError, KeyError):
        return None
    return fold_subtrees(nodes)


def _check_committed_tree(
    recomputed: MerkleLog, committed: NodeSource, proven: int, findings: _Findings
) -> None:
    """The stored tree must give the same root as the entries; if not, name where they part."""
    size = recomputed.size
    if size == 0 or _stored_hash(committed, 0, size) == recomputed.root():
        return
    start, end = 0, size
    while end - start > 1:
        mid = start + split_point(end - start)
        if _stored_hash(committed, start, mid) != recomputed.subtree_hash(start, mid):
            end = mid
        elif _stored_hash(committed, mid, end) != recomputed.subtree_hash(mid, end):
            start = mid
        else:
            break  # the children agree but their parent does not: a stored node was rewritten
    if end <= proven:
        # The checkpoints prove these entries: it is the stored tree that is wrong.
        detail = "the stored tree that serves proofs is corrupt here; the entries are as signed"
    else:
        start = max(start, proven)
        detail = "the stored tree that serves proofs disagrees with the entries here"
    findings.add(Finding(Problem.TREE_MISMATCH, start, detail, last_sequence=end - 1))
