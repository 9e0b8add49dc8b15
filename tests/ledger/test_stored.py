"""A checkpoint row's columns must say what its signed note says."""

from __future__ import annotations

import hashlib

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from statusbridge.ledger import frontier
from statusbridge.ledger.audit import Problem
from statusbridge.ledger.checkpoint import Checkpoint, sign_checkpoint
from statusbridge.ledger.merkle import leaf_hash
from statusbridge.ledger.note import NoteSigner
from statusbridge.ledger.stored import CheckpointRow, checkpoint_row_findings

ORIGIN = "accounting.statusbridge.example/log"
SIGNER = NoteSigner(
    ORIGIN, Ed25519PrivateKey.from_private_bytes(hashlib.sha256(b"synthetic rows key").digest())
)
LEAVES = [leaf_hash(f"entry {i}".encode()) for i in range(13)]


def _row(size: int) -> CheckpointRow:
    edge = frontier.extend(0, [], LEAVES[:size])
    root = frontier.root(edge)
    note = sign_checkpoint(Checkpoint(ORIGIN, size, root), SIGNER)
    return (size, root.hex(), note, frontier.pack(edge))


def _findings(rows: list[CheckpointRow]) -> list[str]:
    found = checkpoint_row_findings(rows, [SIGNER.verifier()], origin=ORIGIN)
    assert all(f.problem is Problem.BAD_CHECKPOINT for f in found)
    return [str(f) for f in found]


def test_rows_as_signed_pass() -> None:
    assert _findings([_row(0), _row(5), _row(13)]) == []


@pytest.mark.parametrize(
    "column, edit",
    [
        ("size", lambda r: (r[0] + 1, *r[1:])),
        ("root", lambda r: (r[0], "00" * 32, *r[2:])),
        ("frontier", lambda r: (*r[:3], r[3][:-32])),  # a subtree dropped
        ("frontier", lambda r: (*r[:3], r[3] + b"\x00" * 32)),  # one added
        ("frontier", lambda r: (*r[:3], b"\x00" * 32 + r[3][32:])),  # one replaced
        ("frontier", lambda r: (*r[:3], r[3][:-1])),  # not whole hashes
    ],
)
def test_a_column_that_disagrees_with_the_note_is_named(column: str, edit: object) -> None:
    rows = [_row(5), _row(13)]
    rows[1] = edit(rows[1])  # type: ignore[operator]
    (found,) = _findings(rows)
    assert found.startswith("checkpoint #1:") and f"its {column} column" in found


def test_the_latest_row_carrying_an_earlier_note_is_named() -> None:
    earlier, latest = _row(5), _row(13)
    rows = [earlier, (latest[0], *earlier[1:])]
    (found,) = _findings(rows)
    assert "checkpoint #1" in found and "size" in found


def test_a_row_whose_note_does_not_verify_is_left_to_the_audit() -> None:
    size, root, note, packed = _row(5)
    assert _findings([(size, root, note.replace(ORIGIN, "x.example/log", 1), packed)]) == []
