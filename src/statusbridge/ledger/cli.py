"""``statusbridge ledger …`` and ``statusbridge accounting``: the accounting of disclosures."""

from __future__ import annotations

import json
import sys
from typing import Any

import click
from rich.table import Table

from statusbridge.command import Failure, handled, out


@click.group()
def ledger() -> None:
    """The tamper-evident accounting log: checkpoint, verify, prove, stats."""


@ledger.command("stats")
@click.option("--json", "as_json", is_flag=True)
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
@handled
def ledger_checkpoint() -> None:
    """Print the latest signed checkpoint (every commit signs one)."""
    from statusbridge.ledger.services import checkpoint_now

    click.echo(checkpoint_now().note, nl=False)


@ledger.command("verify")
@handled
def ledger_verify() -> None:
    """Check every entry and checkpoint; exit non-zero naming the first bad entry."""
    from statusbridge.ledger.services import verify

    result = verify()
    report = result.report
    if not result.ok:
        raise Failure(f"ledger is NOT intact: {result.first_problem}")
    click.echo(
        f"ledger intact: {report.entries:,} entries, {report.checkpoints_verified:,} signed "
        f"checkpoints verified, {report.uncovered:,} entries after the latest checkpoint"
    )


@ledger.command("prove")
@click.option("--sequence", type=click.IntRange(min=0), help="Inclusion proof for this entry.")
@click.option("--old-size", type=click.IntRange(min=0), help="Consistency proof from this size.")
@handled
def ledger_prove(sequence: int | None, old_size: int | None) -> None:
    """Print an inclusion or consistency proof against the latest checkpoint (JSON)."""
    from statusbridge.ledger.services import proof

    if (sequence is None) == (old_size is None):
        raise Failure("give exactly one of --sequence or --old-size")
    click.echo(json.dumps(proof(sequence=sequence, old_size=old_size), indent=2))


@click.command()
@click.option("--ssn", required=True, help="The person's SSN (never stored or shown).")
@click.option("--json", "as_json", is_flag=True)
@handled
def accounting(ssn: str, as_json: bool) -> None:
    """The accounting of disclosures about one person, with a proof for each entry."""
    from statusbridge import config
    from statusbridge.engine.person_key import person_key
    from statusbridge.ledger.services import accounting_for, verifier

    digits = ssn.replace("-", "").replace(" ", "")
    if not (digits.isdigit() and len(digits) == 9):
        raise Failure("--ssn: nine digits, with or without dashes")
    found = accounting_for(person_key(digits, config.person_key_secret()))
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
