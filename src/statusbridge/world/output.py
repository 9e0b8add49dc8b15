"""Writing a world to disk: the four CSV files, people.parquet and world.json.

CSV files are written with pyarrow (fast), every column as text with empty strings for missing
values and no quoting: no generated value contains a comma, quote or line break, and pyarrow
refuses to write one that does. Output must be byte-for-byte the same for the same seed, so
nothing here may record a timestamp, a host name or anything else from the environment.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.csv as pcsv
import pyarrow.parquet as pq

from .arrays import Ints
from .arrow import Text, as_text, column_text, join, nulls_where, text
from .countries import COUNTRIES
from .evidence import RECORDS_SHOW
from .families import Role
from .identifiers import a_number_text, ssn_text
from .kinds import TRUTH_HOW, Kind, truth_class
from .namepools import CULTURES
from .origins import Path as ImmigrationPath
from .population import Population, person_ids
from .timeline import VISA_CODES

FILES = {
    "ssa": "ssa.csv",
    "dhs": "dhs.csv",
    "requests": "requests.csv",
    "truth": "truth.csv",
    "people": "people.parquet",
    "world": "world.json",
}


def write_csv(table: pa.Table, path: Path, columns: Sequence[str]) -> None:
    """Exactly `columns`, in order, all text, empty where missing."""
    text_only = pa.table({c: column_text(table, c) for c in columns})
    # Header names are plain words too; the option is newer than pyarrow's stubs.
    unquoted: dict[str, Any] = {"quoting_style": "none", "quoting_header": "none"}
    pcsv.write_csv(text_only, path, pcsv.WriteOptions(**unquoted))


def _labels(names: Sequence[str], index: Ints) -> Text:
    return text(np.array(list(names))[index])


def people_table(pop: Population, records_show: Ints) -> pa.Table:
    """One row per person with the ground truth (typed columns)."""
    t, names, fam = pop.t, pop.names, pop.fam
    visa = np.array((*VISA_CODES, ""))[t.visa_class]
    dates = {
        "name_changed_on": names.changed_on,
        "ssn_issued": t.ssn_issued,
        "arrival_date": pop.org.arrival,
        "visa_start": t.visa_start,
        "visa_end": t.visa_end,
        "extension_start": t.extension_start,
        "extension_end": t.extension_end,
        "refugee_start": t.refugee_start,
        "asylee_start": t.asylee_start,
        "tps_start": t.tps_start,
        "tps_end": t.tps_end,
        "parole_start": t.parole_start,
        "parole_end": t.parole_end,
        "daca_first": t.daca_first,
        "conditional_start": t.conditional_start,
        "lpr_date": t.lpr_date,
        "naturalization_date": t.naturalized_on,
        "derivation_date": t.derived_on,
        "citizenship_certificate_date": t.citizenship_certificate_on,
        "death_date": t.death,
    }
    columns: dict[str, Any] = {
        "person_id": pop.person_id,
        "family_id": join("F", as_text(fam.family + 1)),
        "role": _labels([r.name.lower() for r in Role], fam.role),
        "sex": text(np.where(fam.female, "F", "M")),
        "dob": pa.array(fam.dob),
        "birth_country": _labels(COUNTRIES, pop.org.birthplace),
        "culture": _labels([c.key for c in CULTURES], pop.org.culture),
        "path": _labels([p.name.lower() for p in ImmigrationPath], pop.org.path),
        "kind": _labels([k.name.lower() for k in Kind], pop.kind),
        "truth_class": _labels([truth_class(k) for k in Kind], pop.kind),
        "truth_how": _labels([TRUTH_HOW[k] for k in Kind], pop.kind),
        "records_show": _labels(RECORDS_SHOW, records_show),
        "first_name": names.first,
        "middle_name": names.middle,
        "last_name": names.last,
        "birth_last_name": names.birth_last,
        "ssn": nulls_where(ssn_text(np.maximum(pop.ssn, 0)), ~pop.has_ssn),
        "a_number": nulls_where(a_number_text(np.maximum(pop.a_number, 0)), ~pop.has_a_number),
        "certificate_number": nulls_where(pop.certificate, ~pop.has_certificate),
        "visa_class": nulls_where(text(visa), t.visa_class < 0),
        "daca_grants": pa.array(t.daca_grants.astype(np.int32)),
        "twin_of": nulls_where(person_ids(np.maximum(fam.twin_of, 0)), fam.twin_of < 0),
    } | {name: pa.array(values) for name, values in dates.items()}
    return pa.table(columns)


def write_people(table: pa.Table, path: Path) -> None:
    pq.write_table(table, path, compression="zstd")


def write_world_json(summary: dict[str, Any], path: Path) -> None:
    path.write_text(json.dumps(summary, indent=2, sort_keys=False) + "\n", encoding="utf-8")
