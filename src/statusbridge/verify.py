"""Answering verification requests: authorize, normalize, run the pipeline, open cases.

``verify one``, ``verify bulk`` and the API all answer through ``Verifier.answer``, so a request
gets the same answer whichever way it arrives.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import polars as pl

from statusbridge import config
from statusbridge.cases.services import open_cases
from statusbridge.engine.backends import Backend, Source
from statusbridge.engine.backends.duckdb import DuckDBBackend
from statusbridge.engine.decide import Purpose
from statusbridge.engine.normalize import normalize_requests
from statusbridge.engine.pipeline import verify_batch
from statusbridge.engine.schema import REQUEST_COLUMNS, RESULT_COLUMNS, ResponseCode
from statusbridge.files import Malformed
from statusbridge.privacy.services import Mode, authorize
from statusbridge.records import snapshots


def snapshots_in_force(on: date) -> dict[Source, tuple[date, Any]]:
    found: dict[Source, tuple[date, Any]] = {}
    for kind in ("ssa", "dhs"):
        snapshot = snapshots.in_force(kind, on)
        if snapshot is not None:
            found[kind] = (snapshot.as_of, snapshots.database_path(snapshot))
    return found


def open_backend(on: date, engine: str = "duckdb", spark_master: str | None = None) -> Backend:
    in_force = snapshots_in_force(on)
    if engine == "spark":
        from statusbridge.engine.backends.spark import SparkBackend

        return SparkBackend(in_force, master=spark_master)
    return DuckDBBackend(in_force)


@dataclass
class Verifier:
    """Answers batches of raw request rows for one agency and purpose on one day."""

    agency: str
    purpose_name: str
    on: date
    mode: Mode
    engine: str = "duckdb"
    spark_master: str | None = None
    purpose: Purpose = field(init=False)
    backend: Backend = field(init=False)

    def __post_init__(self) -> None:
        # Refused here, before any snapshot is opened or record read.
        self.purpose = authorize(self.agency, self.purpose_name, self.on, self.mode)
        self.backend = open_backend(self.on, self.engine, self.spark_master)
        self._secret = config.person_key_secret()

    def answer(self, raw: pl.DataFrame, malformed: list[Malformed] | None = None) -> pl.DataFrame:
        """One result row per raw row (and per malformed line), result columns plus extras."""
        requests = normalize_requests(raw, self._secret, self.on)
        answers = verify_batch(self.backend, requests, self.purpose, self.on)
        answers = open_cases(answers, self.agency, self.purpose, self.on)
        if malformed:
            answers = pl.concat([answers, _malformed_answers(malformed)], how="diagonal_relaxed")
        return answers.with_columns(
            pl.col(c).cast(pl.String) for c in ("ssa_as_of", "dhs_as_of", "status_since")
        ).select(*RESULT_COLUMNS, "person_key")

    def close(self) -> None:
        close = getattr(self.backend, "close", None)
        if close is not None:
            close()


def _malformed_answers(found: list[Malformed]) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "request_id": [m.first_field for m in found],
            "response_code": [ResponseCode.INVALID.value] * len(found),
            "reason": ["row: cannot be split into the header's columns"] * len(found),
        }
    )


def request_frame(fields: Mapping[str, str | None]) -> pl.DataFrame:
    """A one-row raw request frame from named fields (missing ones empty)."""
    row = {c: [fields.get(c) or None] for c in REQUEST_COLUMNS}
    row["request_id"] = [fields.get("request_id") or "single"]
    frame = pl.DataFrame(row, schema={c: pl.String for c in REQUEST_COLUMNS})
    return frame.with_row_index("row_number", offset=1).with_columns(
        pl.col("row_number").cast(pl.Int64)
    )
