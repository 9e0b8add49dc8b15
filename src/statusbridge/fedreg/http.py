"""Polite, cached, retrying GETs for the Federal Register and eCFR APIs.

Both services are public and ask callers to go easy: requests are paced (about five a second for
the JSON API, one a second for full-text XML), a 429 or 5xx answer or a timeout is retried with
backoff (honouring `Retry-After`), and answers are cached on disk in the data home, owner-only.
In offline mode nothing is fetched: answers come from the cache or the call fails in one plain
sentence. Every failure is a `RegisterError`; this module never lets httpx's exceptions out,
never follows a URL to another scheme than http(s), and never sends anything but GETs.
"""

from __future__ import annotations

import email.utils
import hashlib
import json
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final, Literal
from urllib.parse import urlencode

import httpx

Kind = Literal["api", "xml"]
# Requests per second: the register asks for restraint; full-text XML is the heavy part.
RATE: Final[dict[Kind, float]] = {"api": 5.0, "xml": 1.0}
RETRY_STATUSES: Final = frozenset({429, 500, 502, 503, 504})
MAX_WAIT_SECONDS: Final = 120.0
Params = Sequence[tuple[str, str | int]]


class RegisterError(Exception):
    """The Federal Register (or eCFR) could not give what was asked; the message says why."""


@dataclass
class _Pacer:
    """At most `rate` requests a second of one kind."""

    rate: float
    clock: Callable[[], float]
    sleep: Callable[[float], None]
    last: float | None = None

    def wait(self) -> None:
        if self.last is not None:
            gap = 1.0 / self.rate - (self.clock() - self.last)
            if gap > 0:
                self.sleep(gap)
        self.last = self.clock()


def full_url(url: str, params: Params = ()) -> str:
    """The URL with its query, parameters in the order given (the cache key)."""
    if not params:
        return url
    return f"{url}{'&' if '?' in url else '?'}{urlencode(list(params))}"


def _retry_after(response: httpx.Response, attempt: int) -> float:
    raw = response.headers.get("Retry-After", "").strip()
    if raw.isdigit():
        return min(float(raw), MAX_WAIT_SECONDS)
    if raw:
        try:
            when = email.utils.parsedate_to_datetime(raw)
            return max(0.0, min((when - datetime.now(UTC)).total_seconds(), MAX_WAIT_SECONDS))
        except (TypeError, ValueError):
            pass
    return _backoff(attempt)


def _backoff(attempt: int) -> float:
    return min(2.0**attempt, MAX_WAIT_SECONDS)


@dataclass
class Cache:
    """Answers on disk, one file per URL, readable by the owner alone."""

    root: Path

    def path(self, url: str) -> Path:
        key = hashlib.sha256(url.encode()).hexdigest()
        return self.root / key[:2] / key

    def get(self, url: str) -> bytes | None:
        path = self.path(url)
        return path.read_bytes() if path.is_file() else None

    def put(self, url: str, body: bytes) -> None:
        path = self.path(url)
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        temporary = path.with_suffix(".part")
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(body)
        temporary.replace(path)


@dataclass
class HttpSource:
    """GETs against one service, paced, retried, cached; offline reads the cache alone."""

    base_url: str
    cache: Cache | None = None
    offline: bool = False
    transport: httpx.BaseTransport | None = None
    retries: int = 4
    timeout: float = 30.0
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic
    name: str = "the Federal Register"
    requests: int = 0  # made over the network, for the curious and for tests
    _pacers: dict[str, _Pacer] = field(default_factory=dict)
    _client: httpx.Client | None = None

    def url(self, path_or_url: str) -> str:
        if path_or_url.startswith(("https://", "http://")):
            return path_or_url
        if "://" in path_or_url:
            raise RegisterError(f"refusing to fetch {path_or_url!r}: not an http(s) URL")
        return f"{self.base_url.rstrip('/')}/{path_or_url.lstrip('/')}"

    def get(
        self, path_or_url: str, params: Params = (), *, kind: Kind = "api", fresh: bool = False
    ) -> bytes:
        """The body of a GET. A cached answer serves unless `fresh` (searches, whose results
        grow); in offline mode the cache always serves, or the call fails."""
        url = full_url(self.url(path_or_url), params)
        cached = self.cache.get(url) if self.cache is not None else None
        if self.offline:
            if cached is None:
                raise RegisterError(f"offline, and {url} is not in the cache")
            return cached
        if cached is not None and not fresh:
            return cached
        body = self._fetch(url, kind)
        if self.cache is not None:
            self.cache.put(url, body)
        return body

    def get_json(self, path_or_url: str, params: Params = (), *, fresh: bool = False) -> Any:
        body = self.get(path_or_url, params, kind="api", fresh=fresh)
        try:
            return json.loads(body)
        except (ValueError, UnicodeDecodeError):
            raise RegisterError(
                f"{self.name} answered {path_or_url} with something not JSON"
            ) from None

    def _http(self) -> httpx.Client:
        if self._client is None:
            self._client = httpx.Client(
                transport=self.transport,
                timeout=self.timeout,
                follow_redirects=True,
                headers={"User-Agent": "statusbridge (Privacy Act notice tracker)"},
            )
        return self._client

    def _fetch(self, url: str, kind: Kind) -> bytes:
        pacer = self._pacers.setdefault(kind, _Pacer(RATE[kind], self.clock, self.sleep))
        problem = ""
        for attempt in range(self.retries + 1):
            pacer.wait()
            self.requests += 1
            try:
                response = self._http().get(url)
            except httpx.TimeoutException:
                problem = "timed out"
                self.sleep(_backoff(attempt))
                continue
            except httpx.HTTPError as exc:
                problem = f"could not be reached ({type(exc).__name__})"
                self.sleep(_backoff(attempt))
                continue
            if response.status_code in RETRY_STATUSES:
                problem = f"answered {response.status_code}"
                if attempt < self.retries:
                    self.sleep(_retry_after(response, attempt))
                continue
            if response.status_code >= 400:
                raise RegisterError(
                    f"{self.name} answered {response.status_code} for {url}{_said(response)}"
                )
            return response.content
        raise RegisterError(f"{self.name} {problem} for {url}, {self.retries + 1} tries")

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None


def _said(response: httpx.Response) -> str:
    """The service's own error words, where it gave some in JSON."""
    try:
        data = response.json()
    except ValueError:
        return ""
    errors = data.get("errors") if isinstance(data, dict) else None
    if isinstance(errors, dict):
        return ": " + "; ".join(f"{k}: {v}" for k, v in errors.items())[:300]
    if isinstance(errors, list):
        return ": " + "; ".join(str(e) for e in errors)[:300]
    return ""
