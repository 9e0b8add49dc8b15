"""Every answer the engine gives on a generated world, row by row, as it was recorded.

The engine's rules and its gather may change shape; its answers may not, except by a deliberate
fix recorded again with ``python -m tests.engine.worlds record`` and explained in its commit.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import polars as pl
import pytest

from statusbridge.engine.backends.duckdb import DuckDBBackend

from .worlds import PURPOSES, answers, build_world, read_golden

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def world(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[DuckDBBackend, pl.DataFrame, date]]:
    backend, requests, on = build_world(Path(tmp_path_factory.mktemp("golden")))
    yield backend, requests, on
    backend.close()


@pytest.mark.parametrize("purpose", sorted(PURPOSES))
def test_answers_are_the_recorded_ones(
    world: tuple[DuckDBBackend, pl.DataFrame, date], purpose: str
) -> None:
    backend, requests, on = world
    now = answers(backend, requests, purpose, on).with_columns(pl.all().cast(pl.String))
    recorded = read_golden(purpose).with_columns(pl.all().cast(pl.String))
    assert now.height == recorded.height
    changed = now.join(recorded, on="row_number", suffix="_recorded").filter(
        pl.any_horizontal(pl.col(c).ne_missing(pl.col(f"{c}_recorded")) for c in now.columns[1:])
    )
    assert changed.height == 0, f"{changed.height} answers changed, first: {changed.head(5)}"
