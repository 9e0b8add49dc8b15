"""Accounting entries: one canonical byte form, read back exactly, and nothing else accepted."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from statusbridge.ledger.entries import AccountingEntry, EntryError, sequence_of
from statusbridge.ledger.merkle import leaf_hash

ENTRY = AccountingEntry(
    sequence=41,
    disclosed_on=date(2026, 11, 2),
    recorded_at=datetime(2026, 11, 2, 14, 5, 9, tzinfo=UTC),
    person_key="9f" * 32,
    recipient="demo-election-office",
    purpose="voter-list-maintenance",
    authority="60-0058 routine use 34; agreement MOA-DEMO-0001",
    nature="bulk",
    request_ref="job-7f3a",
    response_code="US_CITIZEN",
    snapshots=("ssa-2026-10-01", "dhs-2026-06-01"),
    law_enforcement=False,
)

EXPECTED_BYTES = (
    '{"authority":"60-0058 routine use 34; agreement MOA-DEMO-0001",'
    '"disclosed_on":"2026-11-02","law_enforcement":false,"nature":"bulk",'
    '"person_key":"' + "9f" * 32 + '","purpose":"voter-list-maintenance",'
    '"recipient":"demo-election-office","recorded_at":"2026-11-02T14:05:09Z",'
    '"request_ref":"job-7f3a","response_code":"US_CITIZEN",'
    '"sequence":41,"snapshots":["ssa-2026-10-01","dhs-2026-06-01"],"v":1}'
).encode()


def test_canonical_bytes_are_sorted_compact_utf8_json() -> None:
    assert ENTRY.to_bytes() == EXPECTED_BYTES
    assert ENTRY.leaf_hash() == leaf_hash(EXPECTED_BYTES)
    assert AccountingEntry.from_bytes(EXPECTED_BYTES) == ENTRY
    assert sequence_of(EXPECTED_BYTES) == 41


DHS_KEY = "a1" * 16
DHS_ENTRY = replace(ENTRY, dhs_key=DHS_KEY)
EXPECTED_DHS_BYTES = (
    '{"authority":"60-0058 routine use 34; agreement MOA-DEMO-0001",'
    '"dhs_key":"' + DHS_KEY + '","disclosed_on":"2026-11-02","law_enforcement":false,'
    '"nature":"bulk","person_key":"' + "9f" * 32 + '","purpose":"voter-list-maintenance",'
    '"recipient":"demo-election-office","recorded_at":"2026-11-02T14:05:09Z",'
    '"request_ref":"job-7f3a","response_code":"US_CITIZEN",'
    '"sequence":41,"snapshots":["ssa-2026-10-01","dhs-2026-06-01"],"v":2}'
).encode()


def test_an_entry_naming_a_dhs_record_is_format_2_and_others_stay_format_1() -> None:
    assert DHS_ENTRY.to_bytes() == EXPECTED_DHS_BYTES
    assert AccountingEntry.from_bytes(EXPECTED_DHS_BYTES) == DHS_ENTRY
    assert (ENTRY.version, DHS_ENTRY.version) == (1, 2)
    # Entries written before format 2 existed read back as they are: no DHS key.
    assert AccountingEntry.from_bytes(EXPECTED_BYTES).dhs_key == ""
    only_dhs = replace(DHS_ENTRY, person_key="")
    assert AccountingEntry.from_bytes(only_dhs.to_bytes()) == only_dhs


@pytest.mark.parametrize(
    "data",
    [
        EXPECTED_DHS_BYTES.replace(b'"v":2', b'"v":1'),  # format 1 has no DHS key
        EXPECTED_DHS_BYTES.replace(DHS_KEY.encode(), b""),  # format 2 without one: two spellings
        EXPECTED_DHS_BYTES.replace(b'"dhs_key":"a1', b'"dhs_key":"A1'),
        EXPECTED_DHS_BYTES.replace(b'"v":2', b'"v":3'),
        EXPECTED_DHS_BYTES.replace(b'"v":2', b'"v":[2]'),
        EXPECTED_DHS_BYTES.replace(b'"v":2', b'"v":true'),
    ],
)
def test_format_2_is_held_to_its_one_spelling(data: bytes) -> None:
    with pytest.raises(EntryError):
        AccountingEntry.from_bytes(data)


def test_text_is_kept_as_utf8_not_escaped() -> None:
    entry = replace(ENTRY, purpose="vérification — 检查")
    assert "vérification — 检查".encode() in entry.to_bytes()
    assert AccountingEntry.from_bytes(entry.to_bytes()) == entry


def test_law_enforcement_entries_are_hidden_from_the_persons_view() -> None:
    assert ENTRY.shown_to_person
    assert not replace(ENTRY, law_enforcement=True).shown_to_person


@pytest.mark.parametrize(
    "data",
    [
        EXPECTED_BYTES.replace(b",", b", ", 1),  # whitespace
        json.dumps(json.loads(EXPECTED_BYTES)).encode(),  # another spelling
        json.dumps(json.loads(EXPECTED_BYTES), sort_keys=True, ensure_ascii=True).encode(),
        EXPECTED_BYTES.replace(b'"sequence":41', b'"sequence":41.0'),
        EXPECTED_BYTES.replace(b'"sequence":41', b'"sequence":"41"'),
        EXPECTED_BYTES.replace(b'"v":1', b'"v":2'),
        EXPECTED_BYTES.replace(b'"law_enforcement":false', b'"law_enforcement":0'),
        EXPECTED_BYTES.replace(b'"nature":"bulk"', b'"nature":"batch"'),
        EXPECTED_BYTES.replace(b"2026-11-02T14:05:09Z", b"2026-11-02T14:05:09+00:00"),
        EXPECTED_BYTES.replace(b"2026-11-02T14:05:09Z", b"2026-11-02T14:05:09.5Z"),
        EXPECTED_BYTES.replace(b'"disclosed_on":"2026-11-02"', b'"disclosed_on":"2026-11-31"'),
        EXPECTED_BYTES.replace(b'"person_key":"9f', b'"person_key":"9F'),
        EXPECTED_BYTES.replace(b'"v":1}', b'"v":1,"extra":1}'),
        EXPECTED_BYTES.replace(b'"v":1}', b'"v":1,"v":1}'),
        EXPECTED_BYTES.replace(b'"sequence":41', b'"sequence":NaN'),
        EXPECTED_BYTES[:-1],
        EXPECTED_BYTES + b"\n",
        b"\xff" + EXPECTED_BYTES,
        b"[]",
    ],
)
def test_anything_but_the_canonical_form_is_refused(data: bytes) -> None:
    with pytest.raises(EntryError):
        AccountingEntry.from_bytes(data)


@pytest.mark.parametrize(
    "change",
    [
        {"sequence": -1},
        {"sequence": True},
        {"disclosed_on": datetime(2026, 11, 2, tzinfo=UTC)},
        {"recorded_at": datetime(2026, 11, 2, 14, 5, 9)},  # naive
        {"recorded_at": datetime(2026, 11, 2, 9, 5, 9, tzinfo=timezone(timedelta(hours=-5)))},
        {"recorded_at": datetime(2026, 11, 2, 14, 5, 9, 250_000, tzinfo=UTC)},
        {"person_key": "123-45-6789"},  # never a raw SSN
        {"person_key": "ABCDEF"},
        {"dhs_key": "A222333444"},  # never a raw A-number
        {"dhs_key": None},
        {"nature": "batch"},
        {"snapshots": ["ssa-2026-10-01"]},
        {"law_enforcement": "no"},
        {"purpose": "\ud800"},
    ],
)
def test_invalid_entries_cannot_be_made(change: dict[str, object]) -> None:
    with pytest.raises(EntryError):
        replace(ENTRY, **change)  # type: ignore[arg-type]


_slug = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-", min_size=1, max_size=30)
_entries = st.builds(
    AccountingEntry,
    sequence=st.integers(min_value=0, max_value=2**63),
    disclosed_on=st.dates(),
    recorded_at=st.datetimes(timezones=st.just(UTC)).map(lambda d: d.replace(microsecond=0)),
    person_key=st.one_of(st.just(""), st.binary(min_size=32, max_size=32).map(lambda b: b.hex())),
    recipient=_slug,
    purpose=st.text(),
    authority=st.text(),
    nature=st.sampled_from(["single", "bulk", "ingest"]),
    request_ref=st.text(),
    response_code=st.text(),
    snapshots=st.lists(_slug, max_size=4).map(tuple),
    law_enforcement=st.booleans(),
    dhs_key=st.one_of(st.just(""), st.binary(min_size=16, max_size=16).map(lambda b: b.hex())),
)


@given(_entries)
def test_round_trip_is_exact_and_deterministic(entry: AccountingEntry) -> None:
    data = entry.to_bytes()
    back = AccountingEntry.from_bytes(data)
    assert back == entry
    assert back.to_bytes() == data
    assert back.leaf_hash() == entry.leaf_hash()


@given(_entries, _entries)
def test_different_entries_have_different_bytes(a: AccountingEntry, b: AccountingEntry) -> None:
    assert (a == b) == (a.to_bytes() == b.to_bytes())


@pytest.mark.parametrize(
    "data", [b"[]", b"{}", b'{"sequence":true}', b'{"sequence":"4"}', b"\xff", b"not json"]
)
def test_sequence_of_refuses_what_is_not_an_entry(data: bytes) -> None:
    with pytest.raises(EntryError):
        sequence_of(data)
