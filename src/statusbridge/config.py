"""Where statusbridge keeps its data and how it finds its database.

Everything configurable comes from the environment so that one installed package serves the
embedded default (SQLite in the data home) and a PostgreSQL deployment alike. This module must
never print or log a secret it reads.
"""

from __future__ import annotations

import os
import secrets
import stat
from datetime import date, datetime
from pathlib import Path

HOME_ENV = "STATUSBRIDGE_HOME"
DATABASE_ENV = "STATUSBRIDGE_DATABASE_URL"
TODAY_ENV = "STATUSBRIDGE_TODAY"
SESSION_MINUTES_ENV = "STATUSBRIDGE_SESSION_MINUTES"
TLS_PROXY_ENV = "STATUSBRIDGE_TLS_PROXY"
DEFAULT_SESSION_MINUTES = 30
CLIENT_RATE_ENV = "STATUSBRIDGE_CLIENT_RATE"
BULK_INLINE_ENV = "STATUSBRIDGE_BULK_INLINE"
PUBLIC_URL_ENV = "STATUSBRIDGE_PUBLIC_URL"
DEFAULT_CLIENT_RATE = 600
DEFAULT_HOME = Path.home() / ".local" / "share" / "statusbridge"
FEDERAL_REGISTER_URL_ENV = "STATUSBRIDGE_FEDERAL_REGISTER_URL"
DEFAULT_FEDERAL_REGISTER_URL = "https://www.federalregister.gov/api/v1"
ECFR_URL_ENV = "STATUSBRIDGE_ECFR_URL"
DEFAULT_ECFR_URL = "https://www.ecfr.gov/api/versioner/v1"
FEDREG_OFFLINE_ENV = "STATUSBRIDGE_FEDREG_OFFLINE"
WEB_ASSETS_ENV = "STATUSBRIDGE_WEB_ASSETS"


class ConfigurationError(ValueError):
    """A setting in the environment has a value statusbridge cannot use."""


def data_home() -> Path:
    """The data home: database, snapshots, keys and job files live below it.

    It holds keyed hashes, uploads with raw SSNs and the signing keys, so it is owner-only
    (0700), whatever mode an older release or an administrator's ``mkdir`` gave it.
    """
    raw = os.environ.get(HOME_ENV, "").strip()
    home = Path(raw).expanduser() if raw else DEFAULT_HOME
    home.mkdir(parents=True, exist_ok=True, mode=0o700)
    if stat.S_IMODE(home.stat().st_mode) & 0o077:
        home.chmod(0o700)
    return home


def owner_only_files() -> None:
    """Make every file this process creates readable by its owner alone (umask 077): the
    database, snapshots, job batches and results files all hold records about people."""
    os.umask(0o077)


def today() -> date:
    """The service's today: ``STATUSBRIDGE_TODAY`` (YYYY-MM-DD) where set, else the real date.

    Demos and tests play weeks of a case in one run by moving it; every surface asks this
    function, so no verification or accounting can be dated after it.
    """
    raw = os.environ.get(TODAY_ENV, "").strip()
    if not raw:
        return date.today()
    try:
        return datetime.strptime(raw, "%Y-%m-%d").date()
    except ValueError as exc:
        raise ConfigurationError(f"{TODAY_ENV}={raw!r} is not a date (use YYYY-MM-DD)") from exc


def client_rate() -> int | None:
    """API requests one client may make per minute; ``None`` when ``0`` turns the limit off.

    Unset or empty: the default (600, ten a second). Anything but a whole number is refused.
    """
    raw = os.environ.get(CLIENT_RATE_ENV, "").strip()
    if not raw:
        return DEFAULT_CLIENT_RATE
    if not raw.isdigit():
        raise ConfigurationError(f"{CLIENT_RATE_ENV}={raw!r} is not a whole number per minute")
    return int(raw) or None


def bulk_inline() -> bool:
    """Whether an uploaded bulk job runs inside its upload request (``STATUSBRIDGE_BULK_INLINE=1``:
    tests, tiny deployments) instead of waiting, queued, for a ``statusbridge worker``."""
    return os.environ.get(BULK_INLINE_ENV, "").strip() == "1"


def session_minutes() -> int:
    """How long a staff session lasts without a request (``STATUSBRIDGE_SESSION_MINUTES``)."""
    raw = os.environ.get(SESSION_MINUTES_ENV, "").strip()
    if not raw:
        return DEFAULT_SESSION_MINUTES
    if not raw.isdigit() or int(raw) == 0:
        raise ConfigurationError(f"{SESSION_MINUTES_ENV}={raw!r} is not a whole number of minutes")
    return int(raw)


def tls_proxy_header() -> tuple[str, str] | None:
    """Django's ``SECURE_PROXY_SSL_HEADER`` when ``STATUSBRIDGE_TLS_PROXY=1``, else None.

    Behind a proxy that ends TLS the service sees plain HTTP; the proxy's ``X-Forwarded-Proto``
    may be trusted only when the proxy sets it on every request (never passing a client's own).
    """
    raw = os.environ.get(TLS_PROXY_ENV, "").strip()
    if raw not in ("", "0", "1"):
        raise ConfigurationError(f"{TLS_PROXY_ENV}={raw!r} is neither 1 nor 0")
    return ("HTTP_X_FORWARDED_PROTO", "https") if raw == "1" else None


def public_url() -> str:
    """The address people reach the web pages at (printed on notices), without a trailing
    slash; unset: notices name no web address, only the agency's contact."""
    raw = os.environ.get(PUBLIC_URL_ENV, "").strip().rstrip("/")
    if raw and not raw.startswith(("https://", "http://")):
        raise ConfigurationError(f"{PUBLIC_URL_ENV}={raw!r} is not an http(s) address")
    return raw


def web_assets() -> Path:
    """The npm packages the web pages are styled with (USWDS): ``STATUSBRIDGE_WEB_ASSETS`` where
    set, else ``node_modules/`` of the checkout ``make install`` filled."""
    raw = os.environ.get(WEB_ASSETS_ENV, "").strip()
    if raw:
        return Path(raw).expanduser()
    return Path(__file__).resolve().parents[2] / "node_modules"


def public_case_page(case_number: str) -> str:
    """Where the person can see a case and contest it, or "" when no address is set."""
    base = public_url()
    return f"{base}/me/cases/{case_number}" if base else ""


def _http_base(env: str, default: str) -> str:
    raw = os.environ.get(env, "").strip() or default
    if not raw.startswith(("https://", "http://")):
        raise ConfigurationError(f"{env}={raw!r} is not an http(s) URL")
    return raw.rstrip("/")


def federal_register_url() -> str:
    """The Federal Register API's base URL (``STATUSBRIDGE_FEDERAL_REGISTER_URL``)."""
    return _http_base(FEDERAL_REGISTER_URL_ENV, DEFAULT_FEDERAL_REGISTER_URL)


def ecfr_url() -> str:
    """The eCFR versioner API's base URL (``STATUSBRIDGE_ECFR_URL``)."""
    return _http_base(ECFR_URL_ENV, DEFAULT_ECFR_URL)


def fedreg_offline() -> bool:
    """``STATUSBRIDGE_FEDREG_OFFLINE=1``: the Federal Register and eCFR clients answer from their
    cache alone and never open a connection (a closed network, a replay of an earlier sync)."""
    raw = os.environ.get(FEDREG_OFFLINE_ENV, "").strip()
    if raw not in ("", "0", "1"):
        raise ConfigurationError(f"{FEDREG_OFFLINE_ENV}={raw!r} is neither 1 nor 0")
    return raw == "1"


def fedreg_cache_dir() -> Path:
    """Where the Federal Register and eCFR answers are cached: owner-only, in the data home."""
    path = data_home() / "cache" / "fedreg"
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


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
