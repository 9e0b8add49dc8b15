"""Running a bulk verification file end to end with progress and a summary of outcomes."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from statusbridge.engine.schema import REQUEST_COLUMNS, RESULT_COLUMNS
from statusbridge.files import BATCH_ROWS, Malformed, ResultWriter, input_format, read_batches
from statusbridge.verify import Verifier, request_frame

Progress = Callable[[int], None]


@dataclass
class BulkSummary:
    rows: int = 0
    outcomes: Counter[str] = field(default_factory=Counter)
    ssa_as_of: str = ""
    dhs_as_of: str = ""


def run_bulk(
    source: Path,
    out: Path,
    agency: str,
    purpose: str,
    on: date,
    engine: str = "duckdb",
    spark_master: str | None = None,
    progress: Progress | None = None,
    batch_rows: int = BATCH_ROWS,
) -> BulkSummary:
    """Verify every row of ``source`` into ``out``; nothing is written if the run is refused."""
    input_format(source)
    writer = ResultWriter(out, RESULT_COLUMNS)
    verifier = Verifier(agency, purpose, on, "bulk", engine, spark_master)
    summary = BulkSummary()
    malformed: list[Malformed] = []
    raw = request_frame({}).clear()
    try:
        for raw in read_batches(source, REQUEST_COLUMNS, malformed, batch_rows):
            answers = verifier.answer(raw, malformed)
            malformed.clear()
            writer.write(answers)
            summary.rows += answers.height
            summary.outcomes.update(answers["response_code"].to_list())
            summary.ssa_as_of = answers["ssa_as_of"][0] or ""
            summary.dhs_as_of = answers["dhs_as_of"][0] or ""
            if progress:
                progress(answers.height)
        if malformed:  # lines met after the last batch was handed over
            answers = verifier.answer(raw.clear(), malformed)
            writer.write(answers)
            summary.rows += answers.height
            summary.outcomes.update(answers["response_code"].to_list())
        writer.commit()
    except BaseException:
        writer.abandon()
        raise
    finally:
        verifier.close()
    return summary
