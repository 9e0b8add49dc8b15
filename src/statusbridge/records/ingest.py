"""``records ingest``: validate, normalize and store an extract as a dated snapshot.

Every row read is either accepted into the snapshot or written to ``rejects.csv`` with its row
number and reason (a line that cannot be split into fields, too: with its line number and fault);
the report's counts always add up. A file that cannot be read as its format says is refused before
anything is stored. Raw SSNs are hashed on the way in
(``engine.person_key``); the rejects file shows only their last four digits.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import polars as pl
import pyarrow.parquet as pq
from django.db import transaction

from statusbridge import config
from statusbridge.engine.normalize import normalize_dhs_rows, normalize_ssa_entries
from statusbridge.engine.schema import DHS_COLUMNS, SSA_COLUMNS
from statusbridge.files import mask_ssns, read_batches, survey, with_read_faults
from statusbridge.ledger import services as ledger
from statusbridge.privacy.services import INGEST_PURPOSE, authorize_ingest
from statusbridge.records import snapshots
from statusbridge.records.models import Snapshot

_KINDS: dict[str, tuple[tuple[str, ...], Callable[[pl.DataFrame, bytes, date], pl.DataFrame]]] = {
    "ssa": (SSA_COLUMNS, normalize_ssa_entries),
    "dhs": (DHS_COLUMNS, normalize_dhs_rows),
}


@dataclass(frozen=True)
class IngestReport:
    snapshot: Snapshot
    rows_read: int
    rows_accepted: int
    rows_rejected: int
    rejects_path: Path
    already_held: bool = False


def _rejects(raw: pl.DataFrame, normalized: pl.DataFrame, columns: tuple[str, ...]) -> pl.DataFrame:
    faulty = normalized.filter(pl.col("fault").is_not_null()).select("row_number", "fault")
    shown = raw.join(faulty, on="row_number").with_columns(
        pl.col("ssn").map_elements(mask_ssns, return_dtype=pl.String)
    )
    return shown.select("row_number", pl.col("fault").alias("reason"), *columns)


def _account(snapshot: Snapshot, authority: str) -> None:
    """Receiving SSA's extract is one bulk disclosure from SSA to DHS; DHS's own is recorded
    too, so the accounting shows every source an answer was drawn from."""
    ledger.record(
        pl.DataFrame(
            {
                "disclosed_on": [config.today()],
                "person_key": [""],
                "recipient": ["statusbridge" if snapshot.kind == "dhs" else "dhs-uscis-save"],
                "purpose": [INGEST_PURPOSE],
                "authority": [authority],
                "nature": ["ingest"],
                "request_ref": [snapshot.snapshot_id],
                "response_code": ["INGESTED"],
                "snapshots": [[snapshot.snapshot_id]],
                "law_enforcement": [False],
            }
        )
    )


def ingest(kind: str, source: Path, as_of: date) -> IngestReport:
    """Ingest ``source`` (CSV or Parquet with the contract's columns) as of ``as_of``."""
    columns, normalize = _KINDS[kind]
    authority = authorize_ingest(kind, as_of)  # refused before a row is read
    secret = config.person_key_secret()
    plan = survey(source, columns)  # a file that cannot be read is refused here, whole
    digest = plan.sha256
    snapshot_id = f"{kind}-{as_of.isoformat()}-{digest[:12]}"
    relative = Path("snapshots") / snapshot_id
    directory = config.data_home() / relative
    held = Snapshot.objects.filter(snapshot_id=snapshot_id).first()
    if held is not None:  # the same bytes as of the same day: ingesting again changes nothing
        rejects = config.data_home() / held.directory / "rejects.csv"
        return IngestReport(
            held, held.rows_read, held.rows_accepted, held.rows_rejected, rejects, True
        )
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True)
    staged = directory / "staged.parquet"
    rejects_path = directory / "rejects.csv"
    read = accepted = rejected = 0
    writer: pq.ParquetWriter | None = None
    with rejects_path.open("w", encoding="utf-8") as rejects_file:
        pl.DataFrame(schema=["row_number", "reason", *columns]).write_csv(rejects_file)
        for raw in read_batches(source, columns, plan=plan):
            normalized = with_read_faults(raw, normalize(raw, secret, as_of))
            good = normalized.filter(pl.col("fault").is_null()).drop("fault").to_arrow()
            writer = writer or pq.ParquetWriter(staged, good.schema)
            writer.write_table(good)
            bad = _rejects(raw, normalized, columns)
            bad.write_csv(rejects_file, include_header=False)
            read += raw.height
            accepted += good.num_rows
            rejected += bad.height
    if writer is None:
        shutil.rmtree(directory)
        raise ValueError(f"{source.name}: no rows to ingest")
    writer.close()
    people = snapshots.build(kind, staged, directory)
    staged.unlink()
    with transaction.atomic():
        snapshot = Snapshot.objects.create(
            snapshot_id=snapshot_id,
            kind=kind,
            as_of=as_of,
            directory=str(relative),
            source_name=source.name,
            source_sha256=digest,
            rows_read=read,
            rows_accepted=accepted,
            rows_rejected=rejected,
            people=people,
        )
        _account(snapshot, authority)
    return IngestReport(snapshot, read, accepted, rejected, rejects_path)
