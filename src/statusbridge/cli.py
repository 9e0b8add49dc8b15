"""The ``statusbridge`` command: records and verification; governance commands live with
their packages (``privacy.cli``, ``ledger.cli``) and the world generator with ``world``."""

from __future__ import annotations

import importlib
import json
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

import click
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from statusbridge.accounts.acting import acting_for
from statusbridge.accounts.policy import Action, agency_target
from statusbridge.command import err, handled, out, parse_past_day, setup_django


class Commands(click.Group):
    """Sub-commands that live with their packages are imported only when used, so a fault in
    one package cannot take every other command down with it."""

    LAZY: dict[str, str] = {
        "world": "statusbridge.world.cli:world",
        "sorn": "statusbridge.privacy.cli:sorn",
        "agreements": "statusbridge.privacy.cli:agreements",
        "ledger": "statusbridge.ledger.cli:ledger",
        "accounting": "statusbridge.ledger.cli:accounting",
        "serve": "statusbridge.api.cli:serve",
        "clients": "statusbridge.api.cli:clients",
        "worker": "statusbridge.bulk.cli:worker",
        "users": "statusbridge.accounts.cli:users",
        "audit": "statusbridge.accounts.cli:audit",
        "cases": "statusbridge.cases.cli:cases",
        "elections": "statusbridge.cases.cli:elections",
    }

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*super().list_commands(ctx), *self.LAZY])

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.LAZY:
            module, attribute = self.LAZY[cmd_name].split(":")
            command = getattr(importlib.import_module(module), attribute)
            assert isinstance(command, click.Command)
            return command
        return super().get_command(ctx, cmd_name)


@click.group(cls=Commands)
@click.version_option(package_name="statusbridge")
def main() -> None:
    """statusbridge: what the federal records say about citizenship and immigration status."""


@main.command()
def migrate() -> None:
    """Create or upgrade the database schema (done automatically by every command)."""
    setup_django()
    click.echo("database schema is up to date")


# --- records ---------------------------------------------------------------------------------


@main.group()
def records() -> None:
    """Record snapshots: ingest extracts, list what is held."""


@records.command("ingest")
@click.argument("kind", type=click.Choice(["ssa", "dhs"]))
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--as-of", "as_of", required=True, help="The date the extract is current to.")
@handled
def records_ingest(kind: str, file: Path, as_of: str) -> None:
    """Validate, normalize and store FILE as a dated snapshot."""
    from statusbridge.records.ingest import ingest

    started = time.perf_counter()
    report = ingest(kind, file, parse_past_day(as_of))
    seconds = time.perf_counter() - started
    snap = report.snapshot
    if report.already_held:
        click.echo(f"{file.name} as of {snap.as_of} is already held as {snap.snapshot_id}")
    click.echo(
        f"{snap.snapshot_id}: read {report.rows_read:,} = accepted {report.rows_accepted:,}"
        f" + rejected {report.rows_rejected:,}; {snap.people:,} "
        f"{'SSNs' if kind == 'ssa' else 'A-numbers'}; as of {snap.as_of}; {seconds:.1f} s"
    )
    if report.rows_rejected:
        click.echo(f"rejects (row number and reason): {report.rejects_path}")


@records.command("list")
@click.option("--json", "as_json", is_flag=True)
def records_list(as_json: bool) -> None:
    """Show the snapshots held, newest first."""
    setup_django()
    from statusbridge.records.models import Snapshot

    rows: list[dict[str, Any]] = [
        {
            "snapshot_id": s.snapshot_id,
            "kind": s.kind,
            "as_of": s.as_of.isoformat(),
            "rows_accepted": s.rows_accepted,
            "rows_rejected": s.rows_rejected,
            "people": s.people,
            "source": s.source_name,
            "ingested_at": s.ingested_at.isoformat(timespec="seconds"),
        }
        for s in Snapshot.objects.all()
    ]
    if as_json:
        click.echo(json.dumps(rows, indent=2))
        return
    table = Table("snapshot", "kind", "as of", "accepted", "rejected", "people", "source")
    for r in rows:
        table.add_row(
            r["snapshot_id"],
            r["kind"],
            r["as_of"],
            f"{r['rows_accepted']:,}",
            f"{r['rows_rejected']:,}",
            f"{r['people']:,}",
            r["source"],
        )
    out.print(table if rows else "no snapshots yet: use `statusbridge records ingest`")


# --- verify ----------------------------------------------------------------------------------


def _election_note(agency: str, purpose: str, on: date) -> None:
    """Say so when a roll is checked in the 90 days before a federal election."""
    from statusbridge.cases.elections import hold
    from statusbridge.cases.services import agreement_for

    agreement = agreement_for(agency, purpose, on)
    held = hold(purpose, agreement.election_state if agreement else "", on)
    if held is not None:
        click.echo(
            f"note: {held.reason()}. Cases may be determined and noticed meanwhile.", err=True
        )


@main.group()
def verify() -> None:
    """Verify one person or a whole file."""


@verify.command("one")
@click.option("--ssn")
@click.option("--ssn-last4")
@click.option("--a-number")
@click.option("--certificate-number")
@click.option("--first-name", required=True)
@click.option("--middle-name")
@click.option("--last-name", required=True)
@click.option("--dob", required=True)
@click.option("--agency", required=True)
@click.option("--purpose", required=True)
@click.option("--on", "on", help="The day of the verification (default today).")
@click.option("--request-id", default="single")
@click.option("--json", "as_json", is_flag=True)
@acting_for(Action.VERIFY, lambda agency, **_: agency_target(agency))
@handled
def verify_one(on: str | None, as_json: bool, agency: str, purpose: str, **fields: str) -> None:
    """Verify one person."""
    from statusbridge.engine.schema import RESULT_COLUMNS
    from statusbridge.verify import Verifier, request_frame

    verifier = Verifier(agency, purpose, parse_past_day(on), "single")
    try:
        answer = verifier.answer(request_frame(fields)).select(RESULT_COLUMNS).row(0, named=True)
    finally:
        verifier.close()
    if as_json:
        click.echo(json.dumps(answer, indent=2))
        return
    table = Table(show_header=False)
    for key, value in answer.items():
        table.add_row(key, "" if value is None else str(value))
    out.print(table)


@verify.command("bulk")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--agency", required=True)
@click.option("--purpose", required=True)
@click.option("--out", "out_path", required=True, type=click.Path(path_type=Path))
@click.option("--on", "on", help="The day of the verification (default today).")
@click.option("--engine", type=click.Choice(["duckdb", "spark"]), default="duckdb")
@click.option("--spark-master", help="Spark master URL (default local[2]).")
@click.option("--quiet", is_flag=True, help="No progress bar.")
@acting_for(Action.SUBMIT_BULK, lambda agency, **_: agency_target(agency))
@handled
def verify_bulk(
    file: Path,
    agency: str,
    purpose: str,
    out_path: Path,
    on: str | None,
    engine: str,
    spark_master: str | None,
    quiet: bool,
) -> None:
    """Verify every row of FILE; one result row per input row goes to --out.

    A file that cannot be read as its format says is refused before anything is answered; a
    record that cannot be split into fields is answered INVALID with its line number.
    """
    from statusbridge.bulk.run import run_bulk

    columns = (
        TextColumn("verifying"),
        BarColumn(),
        TextColumn("{task.completed:,} rows · {task.fields[rate]} rows/s"),
        TimeElapsedColumn(),
    )
    started = time.perf_counter()
    # The bar starts with the first released batch: a refusal is told without one.
    bar = Progress(*columns, console=err, disable=quiet, transient=False)
    task = bar.add_task("verify", total=None, rate="–")

    def advance(done: int) -> None:
        if not bar.live.is_started:
            bar.start()
        rate = done / max(time.perf_counter() - started, 1e-9)
        bar.update(task, completed=done, rate=f"{rate:,.0f}")

    try:
        summary = run_bulk(
            file, out_path, agency, purpose, parse_past_day(on), engine, spark_master, advance
        )
    finally:
        bar.stop()
    seconds = time.perf_counter() - started
    if summary.resumed_at:
        click.echo(f"resumed job {summary.job_id} after {summary.resumed_at:,} released rows")
    table = Table("response_code", "rows", "share", title=f"{summary.rows:,} rows → {out_path}")
    for code, count in summary.outcomes.most_common():
        table.add_row(code, f"{count:,}", f"{count / max(summary.rows, 1):.1%}")
    out.print(table)
    click.echo(
        f"read {summary.rows:,} = answered {summary.answered:,} + invalid {summary.invalid:,}"
    )
    _election_note(agency, purpose, parse_past_day(on))
    click.echo(
        f"SSA records as of {summary.ssa_as_of or '—'}, DHS records as of "
        f"{summary.dhs_as_of or '—'}; {seconds:.1f} s"
    )


def run() -> None:
    try:
        main(standalone_mode=True)
    except KeyboardInterrupt:
        sys.exit(130)


if __name__ == "__main__":
    main()
