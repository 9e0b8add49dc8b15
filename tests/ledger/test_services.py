"""The accounting service: entries found by either key, and nothing added to a damaged log."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from statusbridge.ledger import services
from statusbridge.ledger.models import Checkpoint, LedgerEntry, PersonIndex

pytestmark = pytest.mark.django_db

HOLDER = "5a" * 16  # the SSA holder's key
RECORD = "d7" * 16  # the DHS record's key
OTHER = "0c" * 16


def _disclosures(person_keys: list[str], dhs_keys: list[str | None] | None) -> pl.DataFrame:
    n = len(person_keys)
    frame = pl.DataFrame(
        {
            "disclosed_on": [date(2026, 11, 2)] * n,
            "person_key": person_keys,
            "recipient": ["demo-benefits-agency"] * n,
            "purpose": ["benefit-eligibility"] * n,
            "authority": ["DHS/USCIS-004 routine use; agreement MOA-TEST"] * n,
            "nature": ["single"] * n,
            "request_ref": [f"single:r{i}" for i in range(n)],
            "response_code": ["IMMIGRATION_STATUS"] * n,
            "snapshots": [["dhs-2026-06-01"]] * n,
            "law_enforcement": [False] * n,
        },
        schema_overrides={"snapshots": pl.List(pl.String)},
    )
    return frame if dhs_keys is None else frame.with_columns(pl.Series("dhs_key", dhs_keys))


def test_an_answer_naming_a_dhs_record_is_in_both_persons_accountings() -> None:
    services.record(_disclosures([OTHER], None))  # a caller that knows no DHS keys yet
    services.record(_disclosures([HOLDER, "", OTHER], [RECORD, RECORD, None]))
    by_record = services.accounting_for(RECORD)
    assert [e.entry.sequence for e in by_record.entries] == [1, 2]
    assert all(e.verified and e.entry.dhs_key == RECORD for e in by_record.entries)
    assert [e.entry.sequence for e in services.accounting_for(HOLDER).entries] == [1]
    assert [e.entry.sequence for e in services.accounting_for(OTHER).entries] == [0, 3]
    stored = dict(LedgerEntry.objects.values_list("sequence", "entry"))
    assert b'"v":2' in bytes(stored[1]) and b'"v":1' in bytes(stored[3])
    assert PersonIndex.objects.count() == 5
    assert services.verify().ok


def test_an_index_row_missing_for_the_dhs_key_is_reported() -> None:
    services.record(_disclosures([HOLDER], [RECORD]))
    services.index_people()
    PersonIndex.objects.filter(person_key=RECORD).delete()
    result = services.verify()
    assert not result.ok
    assert result.first_problem == "entry 0: index-mismatch: the person index is missing its row"


def test_a_dhs_key_column_edited_is_reported() -> None:
    services.record(_disclosures([HOLDER, HOLDER], [RECORD, None]))
    LedgerEntry.objects.filter(sequence=1).update(dhs_key=RECORD)
    result = services.verify()
    assert result.first_problem is not None and result.first_problem.startswith("entry 1:")


def test_nothing_is_recorded_once_the_checkpoints_are_gone() -> None:
    services.record(_disclosures([HOLDER], [RECORD]))
    Checkpoint.objects.all().delete()
    with pytest.raises(services.LedgerDamaged, match="the accounting log is damaged"):
        services.record(_disclosures([HOLDER], None))
    assert LedgerEntry.objects.count() == 1
