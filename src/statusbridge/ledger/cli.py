"""``statusbridge ledger …`` and ``statusbridge accounting``: the accounting of disclosures."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click
from rich.table import Table

from statusbridge.accounts.acting import acting_for
from statusbridge.accounts.policy import Action, Target, whole
from statusbridge.command import Failure, handled, out

LEDGER = whole("ledger")


@click.group()
def ledger() -> None:
    """The tamper-evident accounting log: checkpoint, verify, prove, stats."""


@ledger.command("stats")
@click.option("--json", "as_json", is_flag=True)
@acting_for(Action.READ_ACCOUNTING, lambda **_: LEDGER)
@handled
def ledger_stats(as_json: bool) -> None:
    """Entries, checkpoints, the latest root and the key that verifies checkpoints."""
    from statusbridge.ledger.services import stats

    found = stats()
    if as_json:
        click.echo(json.dumps(found, indent=2))
        return
    for key, value in found.items():
        click.echo(f"{key}: {value}")


@ledger.command("checkpoint")
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the signed head to this file (keep it: `ledger verify --against FILE`).",
)
@acting_for(Action.READ_ACCOUNTING, lambda **_: LEDGER)
@handled
def ledger_checkpoint(out: Path | None) -> None:
    """Print the latest signed checkpoint (every commit signs one), or write it to a file."""
    from statusbridge.ledger.services import checkpoint_now

    note = checkpoint_now().note
    if out is None:
        click.echo(note, nl=False)
        return
    try:
        out.write_text(note, encoding="utf-8")
    except OSError as exc:
        raise Failure(f"--out {out}: {exc.strerror}") from exc
    click.echo(f"signed head written to {out}")


@ledger.command("verify")
@click.option(
    "--against",
    "kept",
    multiple=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="A signed head kept earlier (`ledger checkpoint --out`); the log must still extend "
    "it. Repeatable.",
)
@acting_for(Action.READ_ACCOUNTING, lambda **_: LEDGER)
@handled
def ledger_verify(kept: tuple[Path, ...]) -> None:
    """Check every entry, checkpoint and index; exit non-zero naming the first problem."""
    from statusbridge.ledger.services import verify

    heads = []
    for path in kept:
        try:
            heads.append((str(path), path.read_text(encoding="utf-8")))
        except (OSError, UnicodeDecodeError) as exc:
            raise Failure(f"--against {path}: cannot read a signed head: {exc}") from exc
    result = verify(heads)
    report = result.report
    if not result.ok:
        raise Failure(f"ledger is NOT intact: {result.first_problem}")
    click.echo(
        f"ledger intact: {report.entries:,} entries, {report.checkpoints_verified:,} signed "
        f"checkpoints verified, every entry covered by one"
    )
    for label, _ in heads:
        click.echo(f"the log extends the head kept in {label}")


@ledger.command("prove")
@click.option("--sequence", type=click.IntRange(min=0), help="Inclusion proof for this entry.")
@click.option("--old-size", type=click.IntRange(min=0), help="Consistency proof from this size.")
@acting_for(Action.READ_ACCOUNTING, lambda **_: LEDGER)
@handled
def ledger_prove(sequence: int | None, old_size: int | None) -> None:
    """Print an inclusion or consistency proof against the latest checkpoint (JSON)."""
    from statusbridge.ledger.services import proof

    if (sequence is None) == (old_size is None):
        raise Failure("give exactly one of --sequence or --old-size")
    click.echo(json.dumps(proof(sequence=sequence, old_size=old_size), indent=2))


@click.command()
@click.option("--ssn", help="The person's SSN (never stored or shown).")
@click.option(
    "--a-number",
    help="The person's A-number, with or without A/A- (never stored or shown): disclosures "
    "of their DHS record.",
)
@click.option("--json", "as_json", is_flag=True)
@acting_for(Action.READ_ACCOUNTING, lambda ssn, a_number, **_: _person(ssn, a_number))
@handled
def accounting(ssn: str | None, a_number: str | None, as_json: bool) -> None:
    """The accounting of disclosures about one person, with a proof for each entry."""
    from statusbridge.ledger.services import accounting_for, verifier

    if (ssn is None) == (a_number is None):
        raise Failure("give exactly one of --ssn or --a-number")
    found = accounting_for(_ssn_key(ssn) if ssn is not None else _a_number_key(a_number or ""))
    head = found.checkpoint
    entries: list[dict[str, Any]] = [
        {
            "sequence": e.entry.sequence,
            "date": e.entry.disclosed_on.isoformat(),
            "recipient": e.entry.recipient,
            "purpose": e.entry.purpose,
            "authority": e.entry.authority,
            "nature": e.entry.nature,
            "response_code": e.entry.response_code,
            "snapshots": list(e.entry.snapshots),
            "leaf_hash": e.leaf_hash.hex(),
            "inclusion_proof": [h.hex() for h in e.proof],
            "verified": e.verified,
        }
        for e in found.entries
    ]
    if as_json:
        document = {
            "checkpoint": head.note if head else None,
            "verifier_key": str(verifier()),
            "entries": entries,
        }
        click.echo(json.dumps(document, indent=2))
    else:
        _print_accounting(entries, head.size if head else 0)
    if not all(e["verified"] for e in entries):
        sys.exit(1)


def _person(ssn: str | None, a_number: str | None) -> Target:
    """One person's accounting: theirs alone to read, besides privacy officers and auditors."""
    if ssn:
        return Target("accounting", "person", None, _ssn_key(ssn))
    if a_number:
        return Target("accounting", "person", None, _a_number_key(a_number))
    raise LookupError("give exactly one of --ssn or --a-number")


def _ssn_key(ssn: str) -> str:
    from statusbridge import config
    from statusbridge.engine.person_key import person_key

    digits = ssn.replace("-", "").replace(" ", "")
    if not (digits.isdigit() and len(digits) == 9):
        raise Failure("--ssn: nine digits, with or without dashes")
    return person_key(digits, config.person_key_secret())


def _a_number_key(a_number: str) -> str:
    """The DHS record's key as the accounting carries it: ``"A"`` + nine digits, keyed like an
    SSN (the prefix keeps the two kinds of key apart), normalized as request files are."""
    import polars as pl

    from statusbridge import config
    from statusbridge.engine.normalize import a_number_digits
    from statusbridge.engine.person_key import person_key

    digits = pl.select(a_number_digits(pl.lit(a_number, dtype=pl.String))).item()
    if digits is None:
        raise Failure("--a-number: seven to nine digits, with or without A or A-")
    return person_key("A" + digits, config.person_key_secret())


def _print_accounting(entries: list[dict[str, Any]], size: int) -> None:
    if not entries:
        click.echo("no disclosures about this person are recorded")
        return
    table = Table("date", "recipient", "purpose", "authority", "answer", "proof")
    for e in entries:
        mark = "verified" if e["verified"] else "FAILED"
        table.add_row(
            str(e["date"]),
            str(e["recipient"]),
            str(e["purpose"]),
            str(e["authority"]),
            str(e["response_code"]),
            f"{mark} ({len(e['inclusion_proof'])} hashes, tree of {size:,})",
        )
    out.print(table)
