"""The accounting log at scale: a checkpoint over ten million entries, proofs against n.

Measured in one process, beside the baseline of hashing the same leaves with nothing else (the
least any Merkle checkpoint must do):
- the root over N leaf hashes read back from the database, as ``ledger prove`` and a checkpoint
  from scratch do (``statusbridge`` signs a checkpoint per commit from its frontier, so this is
  the worst case, not the common one);
- a commit's checkpoint from the frontier (100,000 new leaves at size N);
- inclusion and consistency proof sizes and verification times for n = 10^3 … N.
Synthetic entries only. Results go to $BENCH_WORK/results/ledger.json.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import tempfile
import time
from pathlib import Path
from typing import Any

from statusbridge.ledger import frontier
from statusbridge.ledger.merkle import MerkleLog, verify_consistency, verify_inclusion

ENTRIES = int(os.environ.get("BENCH_LEDGER_ENTRIES", "10000000"))
WORK = Path(os.environ.get("BENCH_WORK", "/tmp/statusbridge-bench"))
CHUNK = 200_000


def _leaf(i: int) -> bytes:
    return hashlib.sha256(b"\x00" + f'{{"sequence":{i}}}'.encode()).digest()


def _fill(path: Path, n: int) -> float:
    """A ledger-shaped SQLite table of n leaf hashes (the column a checkpoint reads)."""
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE leaves (sequence INTEGER PRIMARY KEY, leaf_hash BLOB NOT NULL)")
    started = time.perf_counter()
    for start in range(0, n, CHUNK):
        rows = [(i, _leaf(i)) for i in range(start, min(start + CHUNK, n))]
        con.executemany("INSERT INTO leaves VALUES (?, ?)", rows)
    con.commit()
    con.close()
    return time.perf_counter() - started


def _read(path: Path) -> list[bytes]:
    con = sqlite3.connect(path)
    hashes = [bytes(h) for (h,) in con.execute("SELECT leaf_hash FROM leaves ORDER BY sequence")]
    con.close()
    return hashes


def _baseline(hashes: list[bytes]) -> float:
    """Hashing every leaf once more and pairing them up: the floor for any root."""
    started = time.perf_counter()
    level = hashes
    while len(level) > 1:
        level = [
            hashlib.sha256(b"\x01" + level[i] + level[i + 1]).digest()
            if i + 1 < len(level)
            else level[i]
            for i in range(0, len(level), 2)
        ]
    return time.perf_counter() - started


def _proofs(log: MerkleLog, n: int) -> dict[str, Any]:
    root = log.root(n)
    index = n // 3
    started = time.perf_counter()
    path = log.inclusion_proof(index, n)
    made = time.perf_counter() - started
    started = time.perf_counter()
    for _ in range(1000):
        assert verify_inclusion(log.leaf(index), index, n, path, root)
    checked = (time.perf_counter() - started) / 1000
    old = max(1, n // 2 + 1)
    consistency = log.consistency_proof(old, n)
    old_root = log.root(old)
    started = time.perf_counter()
    for _ in range(1000):
        assert verify_consistency(old, n, old_root, root, consistency)
    consistent = (time.perf_counter() - started) / 1000
    return {
        "n": n,
        "inclusion_hashes": len(path),
        "inclusion_bytes": 32 * len(path),
        "inclusion_make_us": made * 1e6,
        "inclusion_verify_us": checked * 1e6,
        "consistency_hashes": len(consistency),
        "consistency_verify_us": consistent * 1e6,
    }


def main() -> None:
    results: dict[str, Any] = {"entries": ENTRIES}
    with tempfile.TemporaryDirectory(dir=WORK if WORK.exists() else None) as tmp:
        database = Path(tmp) / "ledger.sqlite3"
        results["fill_s"] = _fill(database, ENTRIES)
        started = time.perf_counter()
        hashes = _read(database)
        results["read_s"] = time.perf_counter() - started
        started = time.perf_counter()
        log = MerkleLog()
        log.extend(hashes)
        root = log.root()
        results["tree_s"] = time.perf_counter() - started
        results["checkpoint_from_scratch_s"] = results["read_s"] + results["tree_s"]
        results["baseline_pairing_s"] = _baseline(hashes)
        edge = frontier.extend(0, [], hashes)
        assert frontier.root(edge) == root
        more = [_leaf(ENTRIES + i) for i in range(100_000)]
        started = time.perf_counter()
        frontier.root(frontier.extend(ENTRIES, edge, more))
        results["commit_checkpoint_100k_s"] = time.perf_counter() - started
        sizes = [10**k for k in range(3, 8) if 10**k <= ENTRIES]
        results["proofs"] = [_proofs(log, n) for n in sizes]
    out = WORK / "results" / "ledger.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2))
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
