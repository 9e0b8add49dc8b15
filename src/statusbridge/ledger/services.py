"""The accounting of disclosures as a service: record, checkpoint, prove, verify.

Every answer statusbridge releases is recorded here in the same database transaction that
releases it, and each recording ends with a signed checkpoint (C2SP tlog-checkpoint, Ed25519),
so every entry is covered by a signature as soon as it exists. The Merkle tree is not stored:
a checkpoint keeps the frontier (``frontier``), enough to extend the log, and proofs rebuild the
tree from the stored leaf hashes. Must never store or log a raw SSN: entries carry person keys.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

import polars as pl
from django.db import connection, transaction

from statusbridge import config
from statusbridge.ledger import frontier
from statusbridge.ledger.audit import AuditReport, audit_log
from statusbridge.ledger.batch import entry_bytes, leaf_hashes
from statusbridge.ledger.checkpoint import Checkpoint as SignedHead
from statusbridge.ledger.checkpoint import sign_checkpoint
from statusbridge.ledger.entries import AccountingEntry, sequence_of
from statusbridge.ledger.keyfile import generate_private_key, load_private_key, save_private_key
from statusbridge.ledger.merkle import MerkleLog, verify_inclusion
from statusbridge.ledger.models import Checkpoint, LedgerEntry, PersonIndex, PersonIndexMark
from statusbridge.ledger.note import NoteSigner, NoteVerifier
from statusbridge.rows import insert_rows

ORIGIN_ENV = "STATUSBRIDGE_LEDGER_ORIGIN"
DEFAULT_ORIGIN = "statusbridge.local/accounting"
_LOCK_ID = 0x5B1ED6E7  # PostgreSQL advisory lock serializing appends to the log


def origin() -> str:
    return os.environ.get(ORIGIN_ENV, "").strip() or DEFAULT_ORIGIN


def _key_path() -> Path:
    return config.data_home() / "keys" / "ledger-ed25519.key"


@cache
def _signer(path: Path, name: str) -> NoteSigner:
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        save_private_key(path, generate_private_key())
    return NoteSigner(name, load_private_key(path))


def signer() -> NoteSigner:
    return _signer(_key_path(), origin())


def verifier() -> NoteVerifier:
    return signer().verifier()


def _lock() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK_ID])


def _head() -> tuple[int, list[bytes]]:
    latest = Checkpoint.objects.order_by("-size").first()
    if latest is None:
        return 0, []
    return latest.size, frontier.unpack(bytes(latest.frontier))


_COLUMNS = ("sequence", "entry", "leaf_hash", "person_key", "law_enforcement")


def record(disclosures: pl.DataFrame) -> range:
    """Append one entry per row and sign a checkpoint; call inside the releasing transaction.

    ``disclosures`` has the entry fields except ``sequence`` and ``recorded_at``: disclosed_on,
    person_key, recipient, purpose, authority, nature, request_ref, response_code, snapshots
    (list of snapshot ids), law_enforcement.
    """
    with transaction.atomic():
        _lock()
        start, edge = _head()
        now = datetime.now(UTC).replace(microsecond=0, tzinfo=None).isoformat() + "Z"
        numbered = disclosures.with_columns(
            pl.int_range(start, start + disclosures.height, dtype=pl.Int64).alias("sequence"),
            pl.lit(now).alias("recorded_at"),
        )
        entries = entry_bytes(numbered)
        hashes = leaf_hashes(entries)
        columns = numbered.select("sequence", "person_key", "law_enforcement").iter_rows()
        insert_rows(
            LedgerEntry,
            _COLUMNS,
            [
                (seq, entry, leaf, key or "", secret)
                for (seq, key, secret), entry, leaf in zip(columns, entries, hashes, strict=True)
            ],
        )
        _sign(start + len(entries), frontier.extend(start, edge, hashes))
    return range(start, start + len(entries))


def _sign(size: int, edge: list[bytes]) -> Checkpoint:
    root = frontier.root(edge)
    note = sign_checkpoint(SignedHead(origin(), size, root), signer())
    return Checkpoint.objects.create(
        size=size, root=root.hex(), note=note, frontier=frontier.pack(edge)
    )


def latest_checkpoint() -> Checkpoint | None:
    return Checkpoint.objects.order_by("-size").first()


def _rows(chunk: int = 50_000) -> Iterator[tuple[int, bytes, bytes]]:
    query = LedgerEntry.objects.order_by("sequence").values_list("sequence", "entry", "leaf_hash")
    for sequence, entry, leaf in query.iterator(chunk_size=chunk):
        yield sequence, bytes(entry), bytes(leaf)


@dataclass(frozen=True)
class Verification:
    report: AuditReport
    index_problem: str | None  # a person_key/recipient/date column that disagrees with its entry

    @property
    def ok(self) -> bool:
        return self.report.ok and self.index_problem is None

    @property
    def first_problem(self) -> str | None:
        """The first entry named exactly, else the first range a checkpoint narrows it to."""
        exact = [
            f
            for f in self.report.findings
            if f.sequence is not None and f.last_sequence in (None, f.sequence)
        ]
        if exact:
            return str(min(exact, key=lambda f: f.sequence or 0))
        if self.report.first is not None:
            return str(self.report.first)
        return self.index_problem


def verify() -> Verification:
    """Audit every entry against its leaf hash and every checkpoint (see ``ledger.audit``)."""
    notes = list(Checkpoint.objects.order_by("size").values_list("note", flat=True))
    report = audit_log(_rows(), notes, [verifier()], origin=origin(), entry_sequence=sequence_of)
    return Verification(report, _index_problem())


def _index_problem(chunk: int = 200_000) -> str | None:
    """The indexed columns are copies of fields in the entry bytes; they must agree."""
    query = LedgerEntry.objects.order_by("sequence").values_list(
        "sequence", "entry", "person_key", "law_enforcement"
    )
    batch: list[tuple[Any, ...]] = []
    for row in query.iterator(chunk_size=chunk):
        batch.append(row)
        if len(batch) == chunk:
            found = _disagreement(batch)
            if found:
                return found
            batch = []
    return _disagreement(batch) if batch else None


def _disagreement(batch: list[tuple[Any, ...]]) -> str | None:
    frame = pl.DataFrame(
        [(s, bytes(e).decode(), k, bool(b)) for s, e, k, b in batch],
        schema=["sequence", "entry", "person_key", "law"],
        orient="row",
    )
    parsed = frame.with_columns(
        pl.col("entry").str.json_path_match("$.person_key").alias("e_key"),
        pl.col("entry").str.json_path_match("$.law_enforcement").alias("e_law"),
    )
    bad = parsed.filter(
        (pl.col("e_key") != pl.col("person_key"))
        | (pl.col("e_law") != pl.col("law").cast(pl.String).str.to_lowercase())
    )
    if bad.height == 0:
        return None
    return f"entry {bad['sequence'][0]}: indexed columns differ from the entry's signed bytes"


@dataclass(frozen=True)
class PersonalEntry:
    entry: AccountingEntry
    proof: list[bytes]
    leaf_hash: bytes
    verified: bool


@dataclass(frozen=True)
class PersonalAccounting:
    checkpoint: Checkpoint | None
    entries: list[PersonalEntry]


def index_people() -> None:
    """Bring the person index up to the end of the log, inserting in person order.

    Releasing a batch does not touch the index (a random B-tree insert per row is most of what
    the accounting would cost a bulk run); a person's accounting calls this first, so it is
    always complete when read."""
    with transaction.atomic():
        _lock()
        mark, _ = PersonIndexMark.objects.get_or_create(pk=1)
        end = LedgerEntry.objects.order_by("-sequence").values_list("sequence", flat=True).first()
        if end is None or end < mark.indexed_through:
            return
        fresh = (
            LedgerEntry.objects.filter(sequence__gte=mark.indexed_through)
            .exclude(person_key="")
            .order_by("person_key", "sequence")
            .values_list("person_key", "sequence")
        )
        insert_rows(PersonIndex, ("person_key", "sequence"), list(fresh))
        mark.indexed_through = end + 1
        mark.save(update_fields=["indexed_through"])


def accounting_for(person_key: str, include_law_enforcement: bool = False) -> PersonalAccounting:
    """A person's entries, each with an inclusion proof against the latest checkpoint."""
    index_people()
    head = latest_checkpoint()
    sequences = PersonIndex.objects.filter(person_key=person_key).values_list("sequence")
    query = LedgerEntry.objects.filter(
        sequence__in=sequences, person_key=person_key, sequence__lt=head.size if head else 0
    )
    if not include_law_enforcement:
        query = query.filter(law_enforcement=False)
    rows = list(query.order_by("sequence").values_list("sequence", "entry", "leaf_hash"))
    if head is None or not rows:
        return PersonalAccounting(head, [])
    log = MerkleLog()
    hashes = LedgerEntry.objects.filter(sequence__lt=head.size).order_by("sequence")
    log.extend(bytes(h) for h in hashes.values_list("leaf_hash", flat=True).iterator(50_000))
    root = bytes.fromhex(head.root)
    found = []
    for sequence, entry, leaf in rows:
        proof = log.inclusion_proof(sequence, head.size)
        ok = verify_inclusion(bytes(leaf), sequence, head.size, proof, root)
        found.append(
            PersonalEntry(AccountingEntry.from_bytes(bytes(entry)), proof, bytes(leaf), ok)
        )
    return PersonalAccounting(head, found)


def stats() -> dict[str, object]:
    head = latest_checkpoint()
    return {
        "entries": LedgerEntry.objects.count(),
        "checkpoints": Checkpoint.objects.count(),
        "size": head.size if head else 0,
        "root": head.root if head else "",
        "origin": origin(),
        "verifier_key": str(verifier()),
    }


def checkpoint_now() -> Checkpoint:
    """Sign a checkpoint at the current size (a fresh signature over the same head if nothing
    was added since the last one)."""
    with transaction.atomic():
        _lock()
        head = latest_checkpoint()
        if head is not None:
            return head
        return _sign(0, [])


def proof(sequence: int | None = None, old_size: int | None = None) -> dict[str, object]:
    """An inclusion proof for one entry, or a consistency proof from an earlier size, against
    the latest checkpoint; hex hashes, with the checkpoint note to verify them against."""
    head = latest_checkpoint()
    if head is None:
        raise ValueError("the ledger has no checkpoint yet")
    log = MerkleLog()
    hashes = LedgerEntry.objects.filter(sequence__lt=head.size).order_by("sequence")
    log.extend(bytes(h) for h in hashes.values_list("leaf_hash", flat=True).iterator(50_000))
    if sequence is not None:
        if sequence >= head.size:
            raise ValueError(f"entry {sequence} is not in the latest checkpoint (size {head.size})")
        path = log.inclusion_proof(sequence, head.size)
        kind: dict[str, object] = {"sequence": sequence, "leaf_hash": log.leaf(sequence).hex()}
    else:
        assert old_size is not None
        if old_size > head.size:
            raise ValueError(f"size {old_size} is larger than the log ({head.size})")
        path = log.consistency_proof(old_size, head.size)
        kind = {"old_size": old_size, "old_root": log.root(old_size).hex()}
    return {**kind, "size": head.size, "root": head.root, "checkpoint": head.note,
            "proof": [h.hex() for h in path]}  # fmt: skip
