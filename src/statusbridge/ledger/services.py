"""The accounting of disclosures as a service: record, checkpoint, prove, verify.

Every answer statusbridge releases is recorded here in the same database transaction that
releases it, and each recording ends with a signed checkpoint (C2SP tlog-checkpoint, Ed25519),
so every entry is covered by a signature as soon as it exists. The Merkle tree is not stored:
a checkpoint keeps the frontier (``frontier``), enough to extend the log, and proofs rebuild the
tree from the stored leaf hashes.

Nothing is appended to a log whose end, latest checkpoint and signature disagree (``LedgerDamaged``:
an entry no checkpoint covers, checkpoints missing, a column edited): numbering on from a damaged
head would bury the damage under new, validly signed entries. ``verify`` reads the whole log from
one snapshot of the database, so disclosures committed meanwhile cannot look like tampering.

Must never store or log a raw SSN or A-number: entries carry keyed hashes (person keys).
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

import polars as pl
from django.db import connection, transaction
from django.db.models import Q

from statusbridge import config
from statusbridge.ledger import frontier
from statusbridge.ledger.audit import AuditReport, Finding, Problem, audit_log
from statusbridge.ledger.batch import entry_bytes, leaf_hashes
from statusbridge.ledger.checkpoint import Checkpoint as SignedHead
from statusbridge.ledger.checkpoint import CheckpointError, sign_checkpoint, verify_checkpoint
from statusbridge.ledger.entries import AccountingEntry, sequence_of
from statusbridge.ledger.keyfile import generate_private_key, load_private_key, save_private_key
from statusbridge.ledger.merkle import MerkleLog, verify_inclusion
from statusbridge.ledger.models import Checkpoint, LedgerEntry, PersonIndex, PersonIndexMark
from statusbridge.ledger.note import NoteSigner, NoteVerifier
from statusbridge.ledger.stored import checkpoint_row_findings, frontier_agrees
from statusbridge.rows import insert_frame

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


class LedgerDamaged(ValueError):
    """The log's own records disagree: nothing is added to it, or read from it, until an auditor
    has looked (``statusbridge ledger verify``)."""

    def __init__(self, reason: str) -> None:
        super().__init__(
            f"the accounting log is damaged: {reason} (run `statusbridge ledger verify`)"
        )


def _end() -> int:
    """One past the last entry's sequence number: where the next entry goes."""
    last = LedgerEntry.objects.order_by("-sequence").values_list("sequence", flat=True).first()
    return 0 if last is None else last + 1


def _head() -> tuple[int, list[bytes]]:
    """The size to number on from and the frontier to extend, once the latest checkpoint's
    signature, its columns and the log's end agree (one signature check per commit)."""
    latest = Checkpoint.objects.order_by("-size").first()
    end = _end()
    if latest is None:
        if end:
            raise LedgerDamaged(f"it holds entries up to {end - 1} but no signed checkpoint")
        return 0, []
    try:
        signed = verify_checkpoint(latest.note, [verifier()], origin=origin())
    except CheckpointError as exc:
        raise LedgerDamaged(f"its latest checkpoint does not verify: {exc}") from exc
    edge = frontier.unpack(bytes(latest.frontier))
    if (
        latest.size != signed.size
        or latest.root != signed.root.hex()
        or not frontier_agrees(edge, signed.size, signed.root)
    ):
        raise LedgerDamaged("its latest checkpoint's columns disagree with its signed note")
    if end != signed.size:
        raise LedgerDamaged(
            f"its entries end at {end}, its latest signed checkpoint at {signed.size}"
        )
    return signed.size, edge


def record(disclosures: pl.DataFrame) -> range:
    """Append one entry per row and sign a checkpoint; call inside the releasing transaction.

    ``disclosures`` has the entry fields except ``sequence`` and ``recorded_at``: disclosed_on,
    person_key (the SSA holder's key), recipient, purpose, authority, nature, request_ref,
    response_code, snapshots (list of snapshot ids), law_enforcement, and optionally dhs_key (the
    key of the DHS record the answer identified; missing, null or empty: none). Raises
    ``LedgerDamaged``, recording nothing, when the log's head does not hold.
    """
    if "dhs_key" not in disclosures.columns:
        disclosures = disclosures.with_columns(pl.lit("", dtype=pl.String).alias("dhs_key"))
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
        stored = numbered.select(
            "sequence",
            pl.Series("entry", entries, dtype=pl.Binary),
            pl.Series("leaf_hash", hashes, dtype=pl.Binary),
            pl.col("person_key", "dhs_key").fill_null(""),
            "law_enforcement",
        )
        insert_frame(LedgerEntry, stored)
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
    findings: tuple[Finding, ...]  # the audit's, and the stored copies' and person index's

    @property
    def ok(self) -> bool:
        return not self.findings

    @property
    def first_problem(self) -> str | None:
        """The first entry named exactly, else the first range of entries, else the first
        problem with a checkpoint, a kept head or the person index."""
        exact = [
            f
            for f in self.findings
            if f.sequence is not None and f.last_sequence in (None, f.sequence)
        ]
        ranged = [f for f in self.findings if f.sequence is not None]
        for found in (exact, ranged):
            if found:
                return str(min(found, key=lambda f: f.sequence or 0))
        return str(self.findings[0]) if self.findings else None


@contextmanager
def _one_snapshot() -> Iterator[None]:
    """Every read inside sees the database as of one moment, without holding writers back."""
    if connection.in_atomic_block:  # the caller's transaction decides
        yield
        return
    if connection.vendor == "postgresql":
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            yield
        return
    # SQLite: Django begins its transactions IMMEDIATE (the write lock, for minutes on a big
    # log); a deferred read transaction in WAL mode is a snapshot that lets writers go on.
    connection.ensure_connection()
    with connection.cursor() as cursor:
        cursor.execute("BEGIN DEFERRED")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("COMMIT")


def verify(kept: Sequence[tuple[str, str]] = ()) -> Verification:
    """Audit every entry against its leaf hash and every checkpoint (see ``ledger.audit``); check
    the stored copies beside them and the person index; prove the log extends each ``kept``
    head (a label, a signed note) someone kept outside the database."""
    verifiers = [verifier()]
    with _one_snapshot():
        heads = [
            (size, root, note, bytes(packed))
            for size, root, note, packed in Checkpoint.objects.order_by("pk").values_list(
                "size", "root", "note", "frontier"
            )
        ]
        report = audit_log(
            _rows(),
            [note for _, _, note, _ in heads],
            verifiers,
            origin=origin(),
            entry_sequence=sequence_of,
            every_commit_signed=True,
            kept=kept,
        )
        findings = [
            *report.findings,
            *checkpoint_row_findings(heads, verifiers, origin=origin()),
            *_column_findings(),
            *_index_findings(_end()),
        ]
    return Verification(report, tuple(findings))


def _column_findings(chunk: int = 200_000) -> list[Finding]:
    """The indexed columns are copies of fields in the entry bytes; they must agree."""
    query = LedgerEntry.objects.order_by("sequence").values_list(
        "sequence", "entry", "person_key", "dhs_key", "law_enforcement"
    )
    batch: list[tuple[Any, ...]] = []
    for row in query.iterator(chunk_size=chunk):
        batch.append(row)
        if len(batch) == chunk:
            found = _disagreement(batch)
            if found:
                return [found]
            batch = []
    found = _disagreement(batch) if batch else None
    return [found] if found else []


def _disagreement(batch: list[tuple[Any, ...]]) -> Finding | None:
    frame = pl.DataFrame(
        [(s, bytes(e).decode(errors="replace"), k, d, bool(b)) for s, e, k, d, b in batch],
        schema=["sequence", "entry", "person_key", "dhs_key", "law"],
        orient="row",
    )
    parsed = frame.with_columns(
        pl.col("entry").str.json_path_match("$.person_key").alias("e_key"),
        pl.col("entry").str.json_path_match("$.dhs_key").fill_null("").alias("e_dhs"),
        pl.col("entry").str.json_path_match("$.law_enforcement").alias("e_law"),
    )
    bad = parsed.filter(
        (pl.col("e_key") != pl.col("person_key"))
        | (pl.col("e_dhs") != pl.col("dhs_key"))
        | (pl.col("e_law") != pl.col("law").cast(pl.String).str.to_lowercase())
    )
    if bad.height == 0:
        return None
    detail = "its indexed columns differ from the entry's signed bytes"
    return Finding(Problem.INDEX_MISMATCH, bad["sequence"][0], detail)


def _index_findings(end: int) -> list[Finding]:
    """The person index must agree with the entries exactly: below its mark, one row for each
    key an entry carries, and no other row. Set-based, in the database: a row missing is looked
    for with one anti-join, a row doubled with one grouped scan of the index; then, none being
    missing or doubled, the index holds no other row exactly when the counts agree (the costlier
    anti-join that names such a row runs only when they do not)."""
    subject = "person index"
    found = []
    marks = list(PersonIndexMark.objects.order_by("pk").values_list("pk", "indexed_through"))
    mark = next((through for pk, through in marks if pk == 1), 0)
    if any(pk != 1 for pk, _ in marks):
        found.append(Finding(Problem.INDEX_MISMATCH, None, "it has a second mark", subject=subject))
    if not 0 <= mark <= end:
        detail = f"its mark says it reaches entry {mark}, but the log's entries end at {end}"
        found.append(Finding(Problem.INDEX_MISMATCH, None, detail, subject=subject))
        mark = min(max(mark, 0), end)
    entries = connection.ops.quote_name(LedgerEntry._meta.db_table)
    index = connection.ops.quote_name(PersonIndex._meta.db_table)
    missing = f"""SELECT MIN(k.sequence) FROM (
            SELECT person_key AS person, sequence FROM {entries}
            WHERE sequence < %s AND person_key <> ''
            UNION ALL
            SELECT dhs_key, sequence FROM {entries} WHERE sequence < %s AND dhs_key <> ''
        ) k WHERE NOT EXISTS (
            SELECT 1 FROM {index} i WHERE i.person_key = k.person AND i.sequence = k.sequence
        )"""
    doubled = f"""SELECT MIN(d.sequence) FROM (
            SELECT sequence FROM {index} GROUP BY person_key, sequence HAVING COUNT(*) > 1
        ) d"""
    counts = f"""SELECT (SELECT COUNT(*) FROM {index}), (
            SELECT COALESCE(SUM(
                CASE WHEN person_key <> '' THEN 1 ELSE 0 END
                + CASE WHEN dhs_key <> '' THEN 1 ELSE 0 END
            ), 0) FROM {entries} WHERE sequence < %s)"""
    extra = f"""SELECT MIN(i.sequence) FROM {index} i
        WHERE i.sequence >= %s OR i.sequence < 0 OR NOT EXISTS (
            SELECT 1 FROM {entries} e WHERE e.sequence = i.sequence AND i.person_key <> ''
            AND (e.person_key = i.person_key OR e.dhs_key = i.person_key)
        )"""
    with connection.cursor() as cursor:
        cursor.execute(missing, [mark, mark])
        (lacking,) = cursor.fetchone()
        cursor.execute(doubled)
        (twice,) = cursor.fetchone()
        cursor.execute(counts, [mark])
        held, expected = cursor.fetchone()
        other = None
        if lacking is None and twice is None and held != expected:
            cursor.execute(extra, [mark])
            (other,) = cursor.fetchone()
    for sequence, detail in (
        (lacking, "the person index is missing its row"),
        (twice, "the person index lists it twice under one key"),
        (other, "the person index lists it under a key it does not carry, or past its mark"),
    ):
        if sequence is not None:
            found.append(Finding(Problem.INDEX_MISMATCH, int(sequence), detail))
    return found


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
    always complete when read. Each entry is indexed under each key it carries (the SSA holder's
    and the DHS record's), in one statement."""
    with transaction.atomic():
        _lock()
        mark, _ = PersonIndexMark.objects.get_or_create(pk=1)
        start, end = mark.indexed_through, _end()
        if not 0 <= start <= end:
            raise LedgerDamaged(
                f"the person index's mark ({start}) is past the log's entries (they end at {end})"
            )
        if start == end:
            return
        entries = connection.ops.quote_name(LedgerEntry._meta.db_table)
        index = connection.ops.quote_name(PersonIndex._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(
                f"""INSERT INTO {index} (person_key, sequence)
                SELECT person, sequence FROM (
                    SELECT person_key AS person, sequence FROM {entries}
                    WHERE sequence >= %s AND sequence < %s AND person_key <> ''
                    UNION
                    SELECT dhs_key, sequence FROM {entries}
                    WHERE sequence >= %s AND sequence < %s AND dhs_key <> ''
                ) fresh ORDER BY person, sequence""",
                [start, end, start, end],
            )
        mark.indexed_through = end
        mark.save(update_fields=["indexed_through"])


def accounting_for(person_key: str, include_law_enforcement: bool = False) -> PersonalAccounting:
    """A person's entries, each with an inclusion proof against the latest checkpoint.

    ``person_key`` is either key an entry carries: an SSN's or an A-number's (``"A"`` + nine
    digits), keyed the same way."""
    index_people()
    head = latest_checkpoint()
    sequences = PersonIndex.objects.filter(person_key=person_key).values_list("sequence")
    query = LedgerEntry.objects.filter(
        Q(person_key=person_key) | Q(dhs_key=person_key),
        sequence__in=sequences,
        sequence__lt=head.size if head else 0,
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


def entries_about(keys: Sequence[str]) -> list[AccountingEntry]:
    """Every entry about a person, found by any of their keys (an SSN's, an A-number's), in
    log order, (b)(7) entries included: a correction must reach those recipients too."""
    keys = [k for k in keys if k]
    if not keys:
        return []
    index_people()
    sequences = PersonIndex.objects.filter(person_key__in=keys).values_list("sequence")
    query = LedgerEntry.objects.filter(sequence__in=sequences).order_by("sequence")
    return [AccountingEntry.from_bytes(bytes(e)) for e in query.values_list("entry", flat=True)]


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
