"""Checkpoints of the accounting log in the C2SP tlog-checkpoint format.

What it is for: a checkpoint (https://c2sp.org/tlog-checkpoint) is the signed statement "the log
called <origin> had <size> entries and this RFC 9162 root hash". Its note text is the origin line,
the tree size in decimal without leading zeros, the base64 root hash, and optional non-empty
extension lines; it travels as a signed note (``note``). A person who keeps one checkpoint can later
demand proofs that their entries are in the log and that the log only grew since.

What it must never do: sign or accept a checkpoint whose text is not in the one canonical form
(blank lines, leading zeros, signs or spaces in the size, non-canonical base64, a root that is not
32 bytes, carriage returns), accept one for another origin, or accept one without a verifying
signature from a known key. No Django, database or network code.

Why hand-written: the format is three lines of text; what matters is exact, strict agreement with
the C2SP specification so that Go tooling and witnesses read our checkpoints and we read theirs.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Sequence
from dataclasses import dataclass

from statusbridge.ledger.merkle import HASH_SIZE
from statusbridge.ledger.note import NoteError, NoteSigner, NoteVerifier, open_note

# Tree sizes are uint64 in every C2SP implementation.
MAX_TREE_SIZE = 2**64 - 1
_DECIMAL = re.compile(r"0|[1-9][0-9]*")


class CheckpointError(ValueError):
    """A checkpoint is malformed, for another log, or not signed by a known key."""


@dataclass(frozen=True)
class Checkpoint:
    """A tree head: the log's origin, its size and its root hash, plus optional extension lines."""

    origin: str
    size: int
    root: bytes
    extensions: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        _check_line(self.origin, "the origin")
        if isinstance(self.size, bool) or not isinstance(self.size, int):
            raise CheckpointError("the tree size must be an integer")
        if not 0 <= self.size <= MAX_TREE_SIZE:
            raise CheckpointError(f"tree size {self.size} is out of range")
        if not isinstance(self.root, bytes) or len(self.root) != HASH_SIZE:
            raise CheckpointError(f"the root hash must be {HASH_SIZE} bytes")
        for line in self.extensions:
            _check_line(line, "an extension line")

    def text(self) -> str:
        """The note text: one line each for origin, size, root and extensions, newline-ended."""
        lines = [self.origin, str(self.size), base64.b64encode(self.root).decode("ascii")]
        return "\n".join([*lines, *self.extensions]) + "\n"

    @classmethod
    def from_text(cls, text: str) -> Checkpoint:
        """Parse a checkpoint's note text, accepting only its canonical form."""
        if not text.endswith("\n"):
            raise CheckpointError("a checkpoint text must end with a newline")
        lines = text[:-1].split("\n")
        if len(lines) < 3:
            raise CheckpointError("a checkpoint needs an origin, a size and a root hash")
        origin, size_text, root_text, *extensions = lines
        for line in lines:
            if not line:
                raise CheckpointError("a checkpoint text has no blank lines")
        if not _DECIMAL.fullmatch(size_text):
            raise CheckpointError(f"tree size {size_text!r} is not a canonical decimal")
        try:
            root = base64.b64decode(root_text.encode("ascii"), validate=True)
        except (binascii.Error, UnicodeEncodeError) as exc:
            raise CheckpointError("the root hash is not base64") from exc
        if base64.b64encode(root).decode("ascii") != root_text:
            raise CheckpointError("the root hash is not canonical base64")
        return cls(origin, int(size_text), root, tuple(extensions))


def _check_line(line: str, what: str) -> None:
    if not isinstance(line, str) or not line:
        raise CheckpointError(f"{what} must be a non-empty line")
    for ch in line:
        if ch < " ":
            raise CheckpointError(f"{what} contains control character U+{ord(ch):04X}")


def sign_checkpoint(checkpoint: Checkpoint, signer: NoteSigner) -> str:
    """The checkpoint as a signed note. The signer's key name must be the checkpoint's origin."""
    if signer.name != checkpoint.origin:
        raise CheckpointError(
            f"key {signer.name!r} may not sign checkpoints of log {checkpoint.origin!r}"
        )
    return signer.sign(checkpoint.text())


def verify_checkpoint(
    note: str | bytes, verifiers: Sequence[NoteVerifier], *, origin: str
) -> Checkpoint:
    """The checkpoint in a signed note, once a known key's signature on it verifies.

    ``origin`` is the log the caller expects; a checkpoint of any other log is refused even when
    it is validly signed, so that a key shared between logs cannot vouch for the wrong one.
    """
    try:
        text, _ = open_note(note, verifiers)
    except NoteError as exc:
        raise CheckpointError(str(exc)) from exc
    checkpoint = Checkpoint.from_text(text)
    if checkpoint.origin != origin:
        raise CheckpointError(f"the checkpoint is for log {checkpoint.origin!r}, not {origin!r}")
    return checkpoint
