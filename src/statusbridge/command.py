"""What every ``statusbridge`` sub-command shares: Django set-up, dates, one-line failures.

Errors a user can fix (a refused purpose, a bad file, a missing snapshot) end with a one-line
reason on standard error and a non-zero exit status, never a traceback.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from datetime import date, datetime
from typing import Any, TypeVar

import click
from rich.console import Console

err = Console(stderr=True)
out = Console()
F = TypeVar("F", bound=Callable[..., Any])


def setup_django() -> None:
    """Configure Django and bring the database schema up to date (a fresh home just works)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "statusbridge.settings")
    import django
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    from statusbridge import config

    config.owner_only_files()
    try:  # settings read at start-up (a session length…) are refused in one line, like the rest
        django.setup()
    except config.ConfigurationError as exc:
        raise Failure(str(exc)) from exc
    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        call_command("migrate", interactive=False, verbosity=0)


def parse_day(value: str | None) -> date:
    """``YYYY-MM-DD`` or ``MM/DD/YYYY``; empty means the service's today."""
    from statusbridge import config

    if not value:
        return config.today()
    for fmt in ("%Y-%m-%d", "%m/%d/%Y"):
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise Failure(f"'{value}' is not a date (use YYYY-MM-DD)")


def parse_past_day(value: str | None) -> date:
    """A day that has happened: a verification's ``on`` or an extract's as-of date.

    ``on`` selects the records and rules in force; it can never be later than today, or an
    answer could be dated, and rules applied, that do not exist yet.
    """
    from statusbridge import config

    day, today = parse_day(value), config.today()
    if day > today:
        raise Failure(f"'{value}' is later than today ({today.isoformat()})")
    return day


class Failure(click.ClickException):
    """A one-line reason, exit status 1."""

    def show(self, file: Any = None) -> None:
        click.echo(f"statusbridge: {self.message}", err=True)


def handled(func: F) -> F:
    """Set Django up, then turn the errors a user can act on into one-line failures."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        setup_django()
        from statusbridge.fedreg import NoticeParseError
        from statusbridge.files import InputError
        from statusbridge.privacy.services import Refused
        from statusbridge.privacy.sorn import SornLookupError

        try:
            return func(*args, **kwargs)
        except Refused as exc:
            raise Failure(f"refused: {exc}") from exc
        except (InputError, FileExistsError, ValueError, NoticeParseError, SornLookupError) as exc:
            raise Failure(str(exc)) from exc

    return wrapper  # type: ignore[return-value]
