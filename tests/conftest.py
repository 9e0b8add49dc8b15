"""Shared fixtures: throw-away data homes, a CLI runner, and the hand-made mini extract."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

# A run outside scripts/test.sh must not touch a real data home.
os.environ.setdefault("STATUSBRIDGE_HOME", tempfile.mkdtemp(prefix="statusbridge-test-"))

MINI = Path(__file__).parent / "fixtures" / "mini"
# The project's shared folder (real public documents) sits beside the checkout, in CI too.
SHARED_FIXTURES = Path(__file__).resolve().parents[2] / "shared" / "fixtures"
GSA_NOTICE = SHARED_FIXTURES / "fr" / "2019-21885-gsa-ogp-1.xml"
BIN = Path(sys.executable).parent
SSA_AS_OF = "2026-10-01"
DHS_AS_OF = "2026-06-01"
ON = "2026-11-02"

Run = Callable[..., subprocess.CompletedProcess[str]]


def _postgres_url() -> str | None:
    url = os.environ.get("STATUSBRIDGE_DATABASE_URL", "")
    return url if url.startswith("postgres") else None


@pytest.fixture
def cli_env(tmp_path: Path) -> Iterator[dict[str, str]]:
    """Environment for a CLI process with a fresh data home and, on PostgreSQL, a fresh database."""
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env["STATUSBRIDGE_HOME"] = str(tmp_path / "home")
    url = _postgres_url()
    database = None
    if url:
        import psycopg

        database = f"sb_cli_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(url, autocommit=True) as con:
            con.execute(f'CREATE DATABASE "{database}"')
        env["STATUSBRIDGE_DATABASE_URL"] = url.rsplit("/", 1)[0] + "/" + database
    yield env
    if url and database:
        import psycopg

        with psycopg.connect(url, autocommit=True) as con:
            con.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


@pytest.fixture
def cli(cli_env: dict[str, str]) -> Run:
    """Run ``statusbridge ARGS…`` as a user would; returns the completed process."""

    def run(
        *args: str, check: bool = True, input: str | None = None
    ) -> subprocess.CompletedProcess[str]:
        # Standard input is closed unless a test types something (a password) into it.
        stdin = {"stdin": subprocess.DEVNULL} if input is None else {"input": input}
        done = subprocess.run(
            [str(BIN / "statusbridge"), *args],
            env=cli_env,
            capture_output=True,
            text=True,
            timeout=600,
            **stdin,
        )
        if check and done.returncode != 0:
            raise AssertionError(f"exit {done.returncode}\n{done.stdout}\n{done.stderr}")
        return done

    return run


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A copy of the mini extract files in a writable directory."""
    target = tmp_path / "mini"
    shutil.copytree(MINI, target)
    return target


@pytest.fixture
def ingested(cli: Run, mini: Path) -> Run:
    cli("records", "ingest", "ssa", str(mini / "ssa.csv"), "--as-of", SSA_AS_OF)
    cli("records", "ingest", "dhs", str(mini / "dhs.csv"), "--as-of", DHS_AS_OF)
    return cli
