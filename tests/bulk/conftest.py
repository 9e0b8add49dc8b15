"""Bulk job fixtures: the mini extract ingested in-process and its request file."""

from __future__ import annotations

from datetime import date

import pytest

from statusbridge.records.ingest import ingest
from tests.conftest import DHS_AS_OF, MINI, SSA_AS_OF


@pytest.fixture
def snapshots(db: None) -> None:
    ingest("ssa", MINI / "ssa.csv", date.fromisoformat(SSA_AS_OF))
    ingest("dhs", MINI / "dhs.csv", date.fromisoformat(DHS_AS_OF))
