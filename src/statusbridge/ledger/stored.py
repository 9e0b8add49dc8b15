"""The copies the database keeps beside signed data must say what the signature says.

What it is for: a checkpoint row keeps its ``size``, ``root`` and ``frontier`` as columns beside the
signed note they come from. The service finds the latest checkpoint by its ``size`` column and
extends the log from its ``frontier``, so a column edited behind its back would have the next
checkpoint sign a root the entries do not have. Each row is checked against its own verified note:
its size and root are the note's, and its frontier holds one hash per complete subtree of that
size and folds to the signed root. Since the audit checks the signed root against the entries, a
frontier that folds to it is, by SHA-256's collision resistance, exactly the entries' subtrees.

What it must never do: trust a column it has not compared with a verified note, or touch Django or
a database: the caller reads the rows, in the order it gave their notes to ``audit.audit_log``, so
that both name a checkpoint by the same position.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from statusbridge.ledger import frontier
from statusbridge.ledger.audit import Finding, Problem
from statusbridge.ledger.checkpoint import CheckpointError, verify_checkpoint
from statusbridge.ledger.note import NoteVerifier

CheckpointRow = tuple[int, str, str, bytes]
"""One stored checkpoint: its size, root (hex) and signed note columns, and its packed frontier."""


def checkpoint_row_findings(
    rows: Iterable[CheckpointRow], verifiers: Sequence[NoteVerifier], *, origin: str
) -> list[Finding]:
    """A finding for each row whose columns disagree with its signed note. Rows whose note does
    not verify are the audit's to report (``bad-checkpoint``)."""
    found = []
    for position, (size, root, note, packed) in enumerate(rows):
        try:
            signed = verify_checkpoint(note, verifiers, origin=origin)
        except CheckpointError:
            continue
        edge = frontier.unpack(bytes(packed))
        wrong = [
            column
            for column, agrees in (
                ("size", size == signed.size),
                ("root", root == signed.root.hex()),
                ("frontier", frontier_agrees(edge, signed.size, signed.root)),
            )
            if not agrees
        ]
        if wrong:
            detail = f"its {' and '.join(wrong)} column disagrees with its signed note"
            found.append(Finding(Problem.BAD_CHECKPOINT, None, detail, checkpoint=position))
    return found


def frontier_agrees(edge: Sequence[bytes], size: int, root: bytes) -> bool:
    """Whether a frontier is the one of a log of ``size`` leaves with this root."""
    widths = frontier.subtree_sizes(size)
    if len(edge) != len(widths) or any(len(h) != len(root) for h in edge):
        return False
    return frontier.root(edge) == root
