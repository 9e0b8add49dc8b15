"""Every command and setting a user can reach is documented (fails when one is added silently)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import click

from statusbridge.cli import main

ROOT = Path(__file__).parent.parent
CONFIGURATION = (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")


def _commands(group: click.Group, prefix: str) -> Iterator[str]:
    context = click.Context(group)
    for name in group.list_commands(context):
        command = group.get_command(context, name)
        assert command is not None, name
        path = f"{prefix} {name}"
        if isinstance(command, click.Group):
            yield from _commands(command, path)
        else:
            yield path


def test_every_command_is_in_the_operator_docs() -> None:
    missing = [
        path
        for path in _commands(main, "statusbridge")
        if path.replace("ingest", "ingest ssa") not in CONFIGURATION
        and f"`{path}" not in CONFIGURATION
    ]
    assert not missing, f"undocumented commands: {missing}"


def test_every_setting_is_in_the_operator_docs() -> None:
    source = "\n".join(p.read_text() for p in (ROOT / "src").rglob("*.py"))
    settings = set(re.findall(r"STATUSBRIDGE_[A-Z_]+", source))
    missing = sorted(s for s in settings if s not in CONFIGURATION)
    assert not missing, f"undocumented settings: {missing}"


def test_every_response_reason_is_explained() -> None:
    from statusbridge.engine.schema import Evidence, Reason, ResponseCode

    results = (ROOT / "docs" / "results.md").read_text(encoding="utf-8")
    names = [*ResponseCode, *Reason, *Evidence]
    internal = {"DHS_STATUS"}  # the evidence column's word for an IMMIGRATION_STATUS answer
    missing = [n.value for n in names if n.value not in results and n.value not in internal]
    assert not missing, f"unexplained codes: {missing}"
