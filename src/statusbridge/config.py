"""Where statusbridge keeps its data and how it finds its database.

Everything configurable comes from the environment so that one installed package serves the
embedded default (SQLite in the data home) and a PostgreSQL deployment alike. This module must
never print or log a secret it reads.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

HOME_ENV = "STATUSBRIDGE_HOME"
DATABASE_ENV = "STATUSBRIDGE_DATABASE_URL"
DEFAULT_HOME = Path.home() / ".local" / "share" / "statusbridge"


def data_home() -> Path:
    """The data home: database, snapshots, keys and job files live below it."""
    raw = os.environ.get(HOME_ENV, "").strip()
    home = Path(raw).expanduser() if raw else DEFAULT_HOME
    home.mkdir(parents=True, exist_ok=True)
    return home


def database_url() -> str:
    """The database URL; unset means SQLite in the data home."""
    url = os.environ.get(DATABASE_ENV, "").strip()
    return url or f"sqlite:///{data_home() / 'statusbridge.sqlite3'}"


def _secret_file(name: str, size: int) -> bytes:
    """Read a key from the data home, creating it (owner-only) on first use."""
    keys = data_home() / "keys"
    keys.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = keys / name
    if not path.exists():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(secrets.token_bytes(size))
    return path.read_bytes()


def person_key_secret() -> bytes:
    """The key for keyed hashes of SSNs (see ``engine.person_key``).

    Snapshots store only keyed hashes, so the same key must be used to ingest and to verify;
    losing it means re-ingesting the snapshots.
    """
    return _secret_file("person-key", 32)


def django_secret_key() -> str:
    from_env = os.environ.get("STATUSBRIDGE_SECRET_KEY", "").strip()
    return from_env or _secret_file("django-secret", 48).hex()
