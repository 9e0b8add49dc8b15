"""The vectorized entry encoder gives exactly ``AccountingEntry.to_bytes`` for every row."""

from __future__ import annotations

from datetime import UTC, date, datetime

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from statusbridge.ledger import frontier
from statusbridge.ledger.batch import entry_bytes, leaf_hashes
from statusbridge.ledger.entries import AccountingEntry
from statusbridge.ledger.merkle import MerkleLog

text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)
entries = st.builds(
    AccountingEntry,
    sequence=st.integers(0, 10**12),
    disclosed_on=st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)),
    recorded_at=st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2099, 1, 1)).map(
        lambda d: d.replace(microsecond=0, tzinfo=UTC)
    ),
    person_key=st.sampled_from(["", "00ff", "a3" * 16]),
    recipient=text,
    purpose=text,
    authority=text,
    nature=st.sampled_from(["single", "bulk", "ingest"]),
    request_ref=text,
    response_code=text,
    snapshots=st.lists(text, max_size=3).map(tuple),
    law_enforcement=st.booleans(),
)


@settings(max_examples=200)
@given(st.lists(entries, min_size=1, max_size=8))
def test_batch_bytes_equal_canonical_bytes(batch: list[AccountingEntry]) -> None:
    rows = [e.to_json_object() for e in batch]
    frame = pl.DataFrame(
        {k: [r[k] for r in rows] for k in rows[0] if k != "v"},
        schema_overrides={"snapshots": pl.List(pl.String), "sequence": pl.Int64},
    ).with_columns(pl.col("disclosed_on").str.to_date())
    assert entry_bytes(frame) == [e.to_bytes() for e in batch]


@given(st.integers(0, 300), st.integers(0, 300))
def test_frontier_gives_the_tree_root(before: int, added: int) -> None:
    leaves = leaf_hashes([str(i).encode() for i in range(before + added)])
    log = MerkleLog()
    log.extend(leaves)
    first = frontier.extend(0, [], leaves[:before])
    both = frontier.extend(before, first, leaves[before:])
    assert frontier.root(both) == log.root()
    assert frontier.unpack(frontier.pack(both)) == both
