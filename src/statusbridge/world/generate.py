"""`generate_world`: build a synthetic population and write its records, requests and truth.

The one public entry point of the package. It wires the concerns together, each on its own
random stream, and returns a `WorldSummary`. It must never print or log (the CLI does), and must
never write outside the output directory it is given.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any, cast

import numpy as np
import numpy.typing as npt
import pyarrow as pa

from .arrays import Ints
from .arrow import Text
from .dhs import DHS_COLUMNS, DhsRows, build_dhs, dhs_table
from .evidence import RECORDS_SHOW, records_show
from .output import FILES, people_table, write_csv, write_people, write_world_json
from .population import Population, build_population, count_by_kind
from .recorded import RecordSurnames
from .requests import (
    REQUEST_COLUMNS,
    TRUTH_COLUMNS,
    build_plan,
    label_names_not_on_record,
    render_requests,
    truth_table,
)
from .ssa import SSA_COLUMNS, SsaEntries, build_ssa, ssa_table
from .streams import stream

DEFAULT_SSA_AS_OF = date(2026, 10, 1)
DEFAULT_DHS_LAG_DAYS = 120
MAX_DEFAULT_REQUESTS = 1_000_000


@dataclass(frozen=True)
class WorldSummary:
    """What was generated and where it was written."""

    seed: int
    people: int
    requests: int
    ssa_entries: int
    ssa_numbers: int
    dhs_rows: int
    dhs_a_numbers: int
    ssa_as_of: date
    dhs_as_of: date
    kinds: dict[str, int]
    records_show: dict[str, int]
    truth_classes: dict[str, int]
    input_kinds: dict[str, int]
    faults: dict[str, int]
    files: dict[str, Path] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        """The content of world.json (paths relative to the output directory)."""
        return {
            "generator": "statusbridge.world",
            "format_version": 1,
            "seed": self.seed,
            "people": self.people,
            "requests": self.requests,
            "ssa_as_of": self.ssa_as_of.isoformat(),
            "dhs_as_of": self.dhs_as_of.isoformat(),
            "dhs_lag_days": (self.ssa_as_of - self.dhs_as_of).days,
            "counts": {
                "ssa_entries": self.ssa_entries,
                "ssa_numbers": self.ssa_numbers,
                "dhs_rows": self.dhs_rows,
                "dhs_a_numbers": self.dhs_a_numbers,
                "kinds": self.kinds,
                "truth_class": self.truth_classes,
                "records_show": self.records_show,
                "input_kind": self.input_kinds,
                "fault": self.faults,
            },
            "files": {k: p.name for k, p in self.files.items()},
        }


def default_requests(people: int) -> int:
    """A quarter of the population, capped at a million rows."""
    return min(max(people // 4, 1), MAX_DEFAULT_REQUESTS, people)


def generate_world(
    people: int,
    seed: int,
    out: Path,
    requests: int | None = None,
    ssa_as_of: date = DEFAULT_SSA_AS_OF,
    dhs_lag_days: int = DEFAULT_DHS_LAG_DAYS,
) -> WorldSummary:
    """Generate a world of `people` people from `seed` and write it to `out`."""
    count = default_requests(people) if requests is None else requests
    _check(people, seed, count, dhs_lag_days)
    dhs_as_of = ssa_as_of - timedelta(days=dhs_lag_days)
    out.mkdir(parents=True, exist_ok=True)
    files = {k: out / name for k, name in FILES.items()}
    as_of, dhs_day = np.datetime64(ssa_as_of, "D"), np.datetime64(dhs_as_of, "D")
    pop = build_population(people, seed, as_of, dhs_day)
    ssa, dhs, surnames = _write_records(seed, pop, files)
    shows = records_show(pop, ssa, dhs)
    truth = _write_requests(seed, pop, shows, surnames, count, files)
    write_people(people_table(pop, shows), files["people"])
    summary = WorldSummary(
        seed=seed,
        people=people,
        requests=count,
        ssa_entries=ssa.size,
        ssa_numbers=int(np.unique(ssa.person).size),
        dhs_rows=dhs.size,
        dhs_a_numbers=int(np.unique(dhs.person).size),
        ssa_as_of=ssa_as_of,
        dhs_as_of=dhs_as_of,
        kinds=count_by_kind(pop),
        records_show=_counts(np.array(RECORDS_SHOW)[shows]),
        truth_classes=_column_counts(truth, "truth_class"),
        input_kinds=_column_counts(truth, "input_kind"),
        faults=_column_counts(truth, "fault"),
        files=files,
    )
    write_world_json(summary.as_json(), files["world"])
    return summary


def _write_records(
    seed: int, pop: Population, files: dict[str, Path]
) -> tuple[SsaEntries, DhsRows, RecordSurnames]:
    """Build and write the SSA and DHS extracts; also returns their surnames as written."""
    ssa = build_ssa(stream(seed, "ssa"), pop)
    ssa_file = ssa_table(stream(seed, "ssa-file"), pop, ssa)
    write_csv(ssa_file, files["ssa"], SSA_COLUMNS)
    dhs = build_dhs(stream(seed, "dhs"), pop)
    dhs_file = dhs_table(stream(seed, "dhs-file"), pop, dhs)
    write_csv(dhs_file, files["dhs"], DHS_COLUMNS)
    surnames = RecordSurnames(
        ssa.person,
        _text_column(ssa_file, "last_name"),
        dhs.person,
        _text_column(dhs_file, "last_name"),
    )
    return ssa, dhs, surnames


def _write_requests(
    seed: int,
    pop: Population,
    shows: Ints,
    surnames: RecordSurnames,
    count: int,
    files: dict[str, Path],
) -> pa.Table:
    """Build and write the requests and their truth; returns the truth table."""
    plan, who = build_plan(stream(seed, "requests"), pop, count)
    requests = render_requests(stream(seed, "requests-file"), pop, plan, who)
    write_csv(requests, files["requests"], REQUEST_COLUMNS)
    # Labelling reads the surnames as written, so it follows rendering (which it never changes).
    label_names_not_on_record(plan, who, _text_column(requests, "last_name"), surnames)
    truth = truth_table(pop, plan, shows)
    write_csv(truth, files["truth"], TRUTH_COLUMNS)
    return truth


def _text_column(table: pa.Table, name: str) -> Text:
    """One text column of a table as a single array."""
    return cast(Text, table.column(name).combine_chunks())


def _check(people: int, seed: int, requests: int, dhs_lag_days: int) -> None:
    if people < 1:
        raise ValueError("people must be at least 1")
    if seed < 0:
        raise ValueError("seed must be a non-negative integer")
    if not 0 <= requests <= people:
        raise ValueError("requests must be between 0 and the number of people")
    if dhs_lag_days < 0:
        raise ValueError("dhs_lag_days must not be negative")


def _counts(values: npt.NDArray[np.str_]) -> dict[str, int]:
    return dict(sorted(Counter(values.tolist()).items()))


def _column_counts(table: pa.Table, column: str) -> dict[str, int]:
    return _counts(np.array(table.column(column).to_pylist()))
