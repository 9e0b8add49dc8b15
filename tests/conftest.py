"""Shared fixtures: throw-away data homes, a CLI runner, and the hand-made mini extract."""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
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


def _new_database(url: str, template: str | None = None) -> str:
    import psycopg

    name = f"sb_cli_{uuid.uuid4().hex[:12]}"
    copy = f' TEMPLATE "{template}"' if template else ""
    with psycopg.connect(url, autocommit=True) as con:
        con.execute(f'CREATE DATABASE "{name}"{copy}')
    return name


def _drop_database(url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as con:
        con.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _environment(home: Path, database: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env["STATUSBRIDGE_HOME"] = str(home)
    url = _postgres_url()
    if url and database:
        env["STATUSBRIDGE_DATABASE_URL"] = url.rsplit("/", 1)[0] + "/" + database
    return env


def run_statusbridge(
    env: dict[str, str], *args: str, check: bool = True, input: str | None = None
) -> subprocess.CompletedProcess[str]:
    """Run ``statusbridge ARGS…`` as a user would; returns the completed process."""
    # Standard input is closed unless a test types something (a password) into it.
    stdin = {"stdin": subprocess.DEVNULL} if input is None else {"input": input}
    done = subprocess.run(
        [str(BIN / "statusbridge"), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        **stdin,
    )
    if check and done.returncode != 0:
        raise AssertionError(f"exit {done.returncode}\n{done.stdout}\n{done.stderr}")
    return done


@dataclass(frozen=True)
class DataHome:
    """A data home (and, on PostgreSQL, its database) built once and copied into each test that
    starts from it: the CLI's start-up is most of a test's time, so shared steps run once."""

    home: Path
    database: str | None

    @classmethod
    def build(
        cls, root: Path, steps: Callable[[Run], object], start: DataHome | None = None
    ) -> DataHome:
        url = _postgres_url()
        database = _new_database(url, start.database if start else None) if url else None
        made = cls(root / "home", database)
        env = _environment(made.home, database)
        if start is not None:
            start.copy_into(env)
        steps(functools.partial(run_statusbridge, env))
        return made

    def copy_into(self, env: dict[str, str]) -> None:
        """Make ``env``'s data home and database a copy of this one."""
        shutil.copytree(self.home, env["STATUSBRIDGE_HOME"], dirs_exist_ok=True)
        url = _postgres_url()
        if url and self.database:
            name = env["STATUSBRIDGE_DATABASE_URL"].rsplit("/", 1)[1]
            _drop_database(url, name)
            import psycopg

            with psycopg.connect(url, autocommit=True) as con:
                con.execute(f'CREATE DATABASE "{name}" TEMPLATE "{self.database}"')

    def drop(self) -> None:
        url = _postgres_url()
        if url and self.database:
            _drop_database(url, self.database)


@pytest.fixture
def cli_env(tmp_path: Path) -> Iterator[dict[str, str]]:
    """Environment for a CLI process with a fresh data home and, on PostgreSQL, a fresh database."""
    url = _postgres_url()
    database = _new_database(url) if url else None
    yield _environment(tmp_path / "home", database)
    if url and database:
        _drop_database(url, database)


@pytest.fixture
def cli(cli_env: dict[str, str]) -> Run:
    """Run ``statusbridge ARGS…`` as a user would; returns the completed process."""
    return functools.partial(run_statusbridge, cli_env)


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A copy of the mini extract files in a writable directory."""
    target = tmp_path / "mini"
    shutil.copytree(MINI, target)
    return target


def ingest_mini(run: Run) -> None:
    run("records", "ingest", "ssa", str(MINI / "ssa.csv"), "--as-of", SSA_AS_OF)
    run("records", "ingest", "dhs", str(MINI / "dhs.csv"), "--as-of", DHS_AS_OF)


@pytest.fixture(scope="session")
def mini_ingested(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DataHome]:
    """The mini extracts ingested once for the whole run."""
    made = DataHome.build(tmp_path_factory.mktemp("mini-ingested"), ingest_mini)
    yield made
    made.drop()


@pytest.fixture
def ingested(cli: Run, cli_env: dict[str, str], mini_ingested: DataHome) -> Run:
    """A data home holding the mini extracts as snapshots (and their two ingest receipts)."""
    mini_ingested.copy_into(cli_env)
    return cli
