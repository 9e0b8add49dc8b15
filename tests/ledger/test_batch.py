"""The vectorized entry encoder gives exactly ``AccountingEntry.to_bytes`` for every row."""

from __future__ import annotations

import json
from dataclasses import replace
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
    dhs_key=st.sampled_from(["", "0a1b", "c4" * 16]),
)


def _frame(batch: list[AccountingEntry], *, dhs_column: bool = True) -> pl.DataFrame:
    rows = [{"dhs_key": "", **e.to_json_object()} for e in batch]
    fields = [k for k in rows[0] if k != "v" and (dhs_column or k != "dhs_key")]
    return pl.DataFrame(
        {k: [r[k] for r in rows] for k in fields},
        schema_overrides={"snapshots": pl.List(pl.String), "sequence": pl.Int64},
    ).with_columns(pl.col("disclosed_on").str.to_date())


# No deadline: a polars call's first run (and a busy machine) is slow, and speed is not the point.
@settings(max_examples=200, deadline=None)
@given(st.lists(entries, min_size=1, max_size=8))
def test_batch_bytes_equal_canonical_bytes(batch: list[AccountingEntry]) -> None:
    """Both formats, mixed in one batch: format 1 where no DHS record is named, else 2."""
    assert entry_bytes(_frame(batch)) == [e.to_bytes() for e in batch]


@settings(deadline=None)
@given(st.lists(entries.map(lambda e: replace(e, dhs_key="")), min_size=1, max_size=4))
def test_a_batch_without_dhs_keys_is_written_in_format_1(batch: list[AccountingEntry]) -> None:
    expected = [e.to_bytes() for e in batch]
    assert all(
        json.loads(data)["v"] == 1 and "dhs_key" not in json.loads(data) for data in expected
    )
    assert entry_bytes(_frame(batch)) == expected
    # A frame from a caller that does not know about DHS keys yet records all the same.
    assert entry_bytes(_frame(batch, dhs_column=False)) == expected


@given(st.integers(0, 300), st.integers(0, 300))
def test_frontier_gives_the_tree_root(before: int, added: int) -> None:
    leaves = leaf_hashes([str(i).encode() for i in range(before + added)])
    log = MerkleLog()
    log.extend(leaves)
    first = frontier.extend(0, [], leaves[:before])
    both = frontier.extend(before, first, leaves[before:])
    assert frontier.root(both) == log.root()
    assert frontier.unpack(frontier.pack(both)) == both
