"""Answering verification requests: authorize, normalize, run the pipeline, minimize, account.

``verify one``, ``verify bulk`` and the API all answer through ``Verifier.answer``, so a request
gets the same answer whichever way it arrives. An answer is released only together with its
case (if it opens one) and its accounting entry: all three are committed in one transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import polars as pl
from django.db import transaction

from statusbridge import config
from statusbridge.cases.services import open_cases
from statusbridge.cases.tallies import tally
from statusbridge.engine.backends import Backend, Source
from statusbridge.engine.backends.duckdb import DuckDBBackend
from statusbridge.engine.normalize import MAX_REQUEST_ID, blank_to_null, normalize_requests
from statusbridge.engine.pipeline import verify_batch
from statusbridge.engine.schema import REQUEST_COLUMNS, RESULT_COLUMNS
from statusbridge.files import with_read_faults
from statusbridge.ledger import services as ledger
from statusbridge.privacy.models import GRANTABLE_FIELDS, IDENTIFIER_TYPES
from statusbridge.privacy.services import Authorization, Mode, authorize
from statusbridge.records import corrections, snapshots
from statusbridge.records.models import Snapshot


def snapshots_in_force(on: date) -> dict[Source, Snapshot]:
    found: dict[Source, Snapshot] = {}
    kinds: tuple[Source, ...] = ("ssa", "dhs")
    for kind in kinds:
        snapshot = snapshots.in_force(kind, on)
        if snapshot is not None:
            found[kind] = snapshot
    return found


def open_backend(
    in_force: Mapping[Source, Snapshot], engine: str = "duckdb", spark_master: str | None = None
) -> Backend:
    paths: dict[Source, tuple[date, Path]] = {
        kind: (snap.as_of, snapshots.database_path(snap)) for kind, snap in in_force.items()
    }
    if engine == "spark":
        from statusbridge.engine.backends.spark import SparkBackend

        return SparkBackend(paths, master=spark_master)
    return DuckDBBackend(paths)


@dataclass(frozen=True)
class Prepared:
    """A batch's normalized requests and its answers, not yet released."""

    requests: pl.DataFrame
    answers: pl.DataFrame


class LaterThanToday(ValueError):
    """A verification dated after today: ``on`` selects records and rules that exist."""


@dataclass
class Verifier:
    """Answers batches of raw request rows for one agency and purpose on one day."""

    agency: str
    purpose_name: str
    on: date
    mode: Mode
    engine: str = "duckdb"
    spark_master: str | None = None
    rows: int | None = None
    reference: str = ""
    authorization: Authorization = field(init=False)
    backend: Backend = field(init=False)

    def __post_init__(self) -> None:
        if self.on > config.today():
            raise LaterThanToday(f"{self.on.isoformat()} is later than today")
        # Refused here, before any snapshot is opened or record read.
        self.authorization = authorize(
            self.agency, self.purpose_name, self.on, self.mode, self.rows
        )
        self.snapshots = snapshots_in_force(self.on)
        if self.authorization.ssa_closed:
            # SSA's data reached DHS under a routine use closed that day: no path may read it,
            # not even an A-number request whose DHS record names an SSN.
            self.snapshots.pop("ssa", None)
        self.backend = open_backend(self.snapshots, self.engine, self.spark_master)
        self._secret = config.person_key_secret()
        self._corrections = corrections.in_force(self.on)

    def answer(
        self,
        raw: pl.DataFrame,
        on_release: Callable[[pl.DataFrame], None] | None = None,
        *,
        for_case: str | None = None,
    ) -> pl.DataFrame:
        """One result row per raw row (an unreadable one INVALID), released and accounted.

        ``on_release`` runs inside the releasing transaction (a bulk job writes the batch and
        advances its progress there), so it commits with the cases and accounting or not at all.
        ``for_case``: a case's request answered again (resubmitted); it opens no new case.
        """
        return self.release(self.prepare(raw), on_release, for_case=for_case)

    def prepare(self, raw: pl.DataFrame) -> Prepared:
        """The answers to ``raw``, worked out but not released: no database is touched, so a
        bulk run prepares its next batch in another thread while this one is released."""
        requests = self._outside_agreement(raw, normalize_requests(raw, self._secret, self.on))
        requests = with_read_faults(raw, requests)
        purpose = self.authorization.purpose
        answers = verify_batch(self.backend, requests, purpose, self.on, secret=self._secret)
        answers = self._minimized(corrections.apply(answers, self._corrections, purpose))
        return Prepared(requests, answers)

    def release(
        self,
        prepared: Prepared,
        on_release: Callable[[pl.DataFrame], None] | None = None,
        *,
        for_case: str | None = None,
    ) -> pl.DataFrame:
        """Open the cases, account and hand over prepared answers, in one transaction."""
        requests, answers = prepared.requests, prepared.answers
        purpose = self.authorization.purpose
        with transaction.atomic():
            if for_case is None:
                answers = open_cases(
                    answers, requests, self.agency, purpose, self.on, self.authorization.authority
                )
            else:
                answers = answers.with_columns(
                    pl.when("opens_case").then(pl.lit(for_case)).alias("case_number")
                )
            tally(answers, requests, self.agency, self.purpose_name)
            ledger.record(self._disclosures(answers))
            result = answers.select(*RESULT_COLUMNS, "person_key", "dhs_key")
            if on_release is not None:
                on_release(result)
        return result

    def _outside_agreement(self, raw: pl.DataFrame, requests: pl.DataFrame) -> pl.DataFrame:
        """Rows using an identifier the agreement does not cover, or a legal event has closed,
        are answered INVALID, saying which."""
        barred = [t for t in IDENTIFIER_TYPES if t not in self.authorization.identifier_types]
        if not barred:
            return requests
        limits = self.authorization.identifier_limits
        why = {t: limits.get(t) or "not covered by the agency's agreement" for t in barred}
        faults = [
            pl.when(blank_to_null(pl.col(t)).is_not_null()).then(pl.lit(f"{t}: {why[t]}"))
            for t in barred
        ]
        extra = raw.select(pl.concat_str(faults, separator="; ", ignore_nulls=True).alias("x"))
        combined = pl.concat_str([requests["fault"], extra["x"]], separator="; ", ignore_nulls=True)
        return requests.with_columns(
            pl.when(combined == "").then(None).otherwise(combined).alias("fault")
        )

    def _minimized(self, answers: pl.DataFrame) -> pl.DataFrame:
        """Blank every result field the agreement does not grant (minimum necessary)."""
        typed = answers.with_columns(
            pl.col(c).cast(pl.String) for c in ("ssa_as_of", "dhs_as_of", "status_since")
        )
        withheld = [f for f in GRANTABLE_FIELDS if f not in self.authorization.fields]
        return typed.with_columns(pl.lit(None, pl.String).alias(f) for f in withheld)

    def _disclosures(self, answers: pl.DataFrame) -> pl.DataFrame:
        """One accounting entry per answer, dated the day it is released: ``on`` chooses the
        records and rules; the accounting records when the disclosure really happened."""
        used = [s.snapshot_id for s in self.snapshots.values()]
        reference = self.reference or self.mode
        request_id = pl.col("request_id").fill_null("").str.slice(0, MAX_REQUEST_ID)
        return answers.select(
            pl.lit(config.today()).alias("disclosed_on"),
            pl.col("person_key").fill_null(""),
            pl.col("dhs_key").fill_null(""),
            pl.lit(self.agency).alias("recipient"),
            pl.lit(self.purpose_name).alias("purpose"),
            pl.lit(self.authorization.authority).alias("authority"),
            pl.lit(self.mode).alias("nature"),
            (pl.lit(f"{reference}:") + request_id).alias("request_ref"),
            pl.col("response_code"),
            pl.lit(used, dtype=pl.List(pl.String)).alias("snapshots"),
            pl.lit(self.authorization.law_enforcement).alias("law_enforcement"),
        )

    def close(self) -> None:
        close = getattr(self.backend, "close", None)
        if close is not None:
            close()


def request_frame(fields: Mapping[str, str | None]) -> pl.DataFrame:
    """A one-row raw request frame from named fields (missing ones empty)."""
    row = {c: [fields.get(c) or None] for c in REQUEST_COLUMNS}
    row["request_id"] = [fields.get("request_id") or "single"]
    frame = pl.DataFrame(row, schema={c: pl.String for c in REQUEST_COLUMNS})
    return frame.with_row_index("row_number", offset=1).with_columns(
        pl.col("row_number").cast(pl.Int64)
    )
