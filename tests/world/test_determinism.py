"""A world is a pure function of its seed and parameters."""

from __future__ import annotations

from pathlib import Path

from statusbridge.world import generate_world

FILES = ("ssa.csv", "dhs.csv", "requests.csv", "truth.csv", "people.parquet", "world.json")


def _bytes(out: Path) -> dict[str, bytes]:
    return {name: (out / name).read_bytes() for name in FILES}


def test_same_seed_gives_the_same_bytes(tmp_path: Path) -> None:
    generate_world(2_000, 5, tmp_path / "a")
    generate_world(2_000, 5, tmp_path / "b")
    assert _bytes(tmp_path / "a") == _bytes(tmp_path / "b")


def test_a_different_seed_gives_a_different_world(tmp_path: Path) -> None:
    generate_world(2_000, 5, tmp_path / "a")
    generate_world(2_000, 6, tmp_path / "b")
    first, second = _bytes(tmp_path / "a"), _bytes(tmp_path / "b")
    for name in FILES:
        assert first[name] != second[name], name


def test_the_as_of_date_and_lag_are_respected(tmp_path: Path) -> None:
    from datetime import date

    summary = generate_world(500, 1, tmp_path, ssa_as_of=date(2025, 1, 15), dhs_lag_days=30)
    assert summary.dhs_as_of == date(2024, 12, 16)
    assert b'"ssa_as_of": "2025-01-15"' in (tmp_path / "world.json").read_bytes()
