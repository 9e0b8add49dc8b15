"""The `statusbridge world` commands: generate a synthetic world from the command line.

Only parses options, calls `generate_world` and prints a short summary of counts, files and
as-of dates. It must never print identifiers (no SSNs, A-numbers or names).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import click

from .generate import DEFAULT_DHS_LAG_DAYS, DEFAULT_SSA_AS_OF, WorldSummary, generate_world


@click.group(name="world")
def world() -> None:
    """Synthetic populations with ground truth, records and requests."""


@world.command(name="generate")
@click.option("--people", type=click.IntRange(min=1), required=True, help="Number of people.")
@click.option(
    "--seed",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    help="Random seed; the same seed gives the same files byte for byte.",
)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Output directory (ssa.csv, dhs.csv, requests.csv, truth.csv, people.parquet, "
    "world.json).",
)
@click.option(
    "--requests",
    type=click.IntRange(min=0),
    default=None,
    help="Request rows [default: a quarter of --people, at most 1,000,000].",
)
@click.option(
    "--ssa-as-of",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=DEFAULT_SSA_AS_OF.isoformat(),
    show_default=True,
    help="The day the SSA extract is current to (the world's 'today').",
)
@click.option(
    "--dhs-lag-days",
    type=click.IntRange(min=0),
    default=DEFAULT_DHS_LAG_DAYS,
    show_default=True,
    help="How many days before the SSA as-of date the DHS extract was cut.",
)
def generate(
    people: int,
    seed: int,
    out: Path,
    requests: int | None,
    ssa_as_of: datetime,
    dhs_lag_days: int,
) -> None:
    """Generate a synthetic world and write its files to --out."""
    if requests is not None and requests > people:
        raise click.BadParameter("must not exceed --people", param_hint="--requests")
    summary = generate_world(
        people=people,
        seed=seed,
        out=out,
        requests=requests,
        ssa_as_of=ssa_as_of.date(),
        dhs_lag_days=dhs_lag_days,
    )
    click.echo(describe(summary))


def describe(summary: WorldSummary) -> str:
    """A short human summary: counts per kind of person, files written, as-of dates."""
    lines = [
        f"World seed {summary.seed}: {summary.people:,} people, {summary.requests:,} requests",
        f"SSA as of {summary.ssa_as_of.isoformat()}: {summary.ssa_entries:,} entries "
        f"on {summary.ssa_numbers:,} SSNs",
        f"DHS as of {summary.dhs_as_of.isoformat()}: {summary.dhs_rows:,} rows "
        f"on {summary.dhs_a_numbers:,} A-numbers",
        "People by kind:",
        *(f"  {kind:<22} {count:>10,}" for kind, count in summary.kinds.items()),
        "Files:",
        *(f"  {path}" for path in summary.files.values()),
    ]
    return "\n".join(lines)
