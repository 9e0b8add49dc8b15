"""`records ingest` reads extracts with the same reader: an unreadable line is one rejected row
with its line number, and a file that is not its format is refused before anything is stored."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from statusbridge.files import InputError
from statusbridge.records.ingest import ingest
from statusbridge.records.models import Snapshot
from tests.conftest import MINI, SSA_AS_OF


def test_an_unreadable_line_is_one_rejected_row(db: None, tmp_path: Path) -> None:
    lines = (MINI / "ssa.csv").read_text("utf-8").splitlines()
    lines.insert(3, '999-88-7777,"Ann,,Lee,1990-01-01,F,US,A,,2000-01-01')
    source = tmp_path / "ssa.csv"
    source.write_text("\r".join(lines), "utf-8")
    report = ingest("ssa", source, date.fromisoformat(SSA_AS_OF))
    assert report.rows_read == len(lines) - 1
    assert report.rows_read == report.rows_accepted + report.rows_rejected
    with report.rejects_path.open(newline="", encoding="utf-8") as handle:
        rejects = list(csv.DictReader(handle))
    unread = [r for r in rejects if r["reason"].startswith("row: line 4:")]
    assert len(unread) == 1 and unread[0]["row_number"] == "3"
    assert "999-88" not in report.rejects_path.read_text("utf-8")


def test_a_utf16_extract_is_refused_before_anything_is_stored(db: None, tmp_path: Path) -> None:
    source = tmp_path / "ssa.csv"
    source.write_bytes((MINI / "ssa.csv").read_text("utf-8").encode("utf-16"))
    with pytest.raises(InputError, match="UTF-16"):
        ingest("ssa", source, date.fromisoformat(SSA_AS_OF))
    assert not Snapshot.objects.exists()
