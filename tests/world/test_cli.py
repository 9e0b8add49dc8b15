"""`statusbridge world generate` from the command line."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from statusbridge.world.cli import world


def test_generate_writes_the_files_and_prints_a_summary(tmp_path: Path) -> None:
    out = tmp_path / "w"
    result = CliRunner().invoke(
        world, ["generate", "--people", "400", "--seed", "2", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "400 people, 100 requests" in result.output
    assert "SSA as of 2026-10-01" in result.output
    assert "DHS as of 2026-06-03" in result.output
    assert "naturalized" in result.output
    for name in ("ssa.csv", "dhs.csv", "requests.csv", "truth.csv", "people.parquet"):
        assert (out / name).exists()
        assert str(out / name) in result.output
    assert not re.search(r"\b\d{9}\b", result.output), "identifiers must never be printed"


def test_options_for_requests_and_as_of(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        world,
        ["generate", "--people", "300", "--out", str(tmp_path), "--requests", "50",
         "--ssa-as-of", "2025-03-01"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "50 requests" in result.output
    assert "DHS as of 2024-11-01" in result.output


def test_more_requests_than_people_is_refused(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        world, ["generate", "--people", "10", "--out", str(tmp_path), "--requests", "11"]
    )
    assert result.exit_code != 0
    assert "--requests" in result.output
    assert not (tmp_path / "ssa.csv").exists()
