"""Request rates: how often one client may call the API, and how often anyone may ask for tokens.

Each API client may make ``STATUSBRIDGE_CLIENT_RATE`` requests a minute (``config.client_rate``);
past it the answer is ``429`` with ``Retry-After``. The token endpoint is limited per client id
and per remote address, whoever asks, to slow the guessing of secrets.

Counting is django-ratelimit's (a fixed one-minute window per key) in a Django cache that every
server process and thread shares: ``LockedFileCache``, files in the data home. Django's file cache
is shared between processes, but its ``add`` and ``incr`` read and then write, so two requests at
once could both count as one; here both run under an exclusive ``flock`` on one lock file, which
serializes them across threads (each call opens its own descriptor) and processes alike. Not the
database cache: on SQLite every API call would then need the write lock, which a bulk run holds
for a whole batch.

Keys are client ids and addresses (django-ratelimit stores only their SHA-256); this module must
never use a token or a secret as a key, nor log either.
"""

from __future__ import annotations

import fcntl
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, cast

from django.core.cache.backends.filebased import FileBasedCache
from django.http import HttpRequest
from django_ratelimit.core import get_usage
from ninja.throttling import BaseThrottle

from statusbridge import config
from statusbridge.api.auth import basic_credentials, client_of

# A client's system asks for a token once an hour; these leave room for restarts and retries.
TOKEN_RATE_PER_CLIENT_ID = 20
TOKEN_RATE_PER_ADDRESS = 60


class LockedFileCache(FileBasedCache):
    """Django's file cache with ``add`` and ``incr`` atomic across threads and processes."""

    def __init__(self, dir: str, params: dict[str, Any]) -> None:
        super().__init__(dir, params)
        self._folder = os.path.abspath(dir)

    @contextmanager
    def _exclusive(self) -> Iterator[None]:
        os.makedirs(self._folder, mode=0o700, exist_ok=True)
        fd = os.open(os.path.join(self._folder, "lock"), os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)  # closing releases the lock

    def add(self, key: str, value: Any, timeout: Any = None, version: int | None = None) -> bool:
        with self._exclusive():
            return super().add(key, value, timeout, version)

    def incr(self, key: str, delta: int = 1, version: int | None = None) -> int:
        with self._exclusive():
            return super().incr(key, delta, version)

    def _cull(self) -> None:
        # Django culls a random third of the entries when full, live counts included (a window
        # starting over); drop the expired entries first (``_is_expired`` deletes as it reads).
        # These are Django's private helpers, which django-stubs does not declare.
        django: Any = self
        files = django._list_cache_files()
        if len(files) < django._max_entries:
            return
        for name in files:
            try:
                with open(name, "rb") as entry:
                    django._is_expired(entry)
            except FileNotFoundError:
                pass
        cast(Any, super())._cull()


_waits = threading.local()


def _admit(request: HttpRequest, group: str, value: str, per_minute: int) -> bool:
    """Count this request against ``value``'s minute; ``False`` when it is over the limit."""
    usage = get_usage(
        request, group=group, key=lambda _g, _r: value, rate=(per_minute, 60), increment=True
    )
    if usage is None or not usage["should_limit"]:
        return True
    # time_left is -1 when the cache failed: ask the client to wait the whole window then.
    left = usage["time_left"]
    _waits.seconds = max(1, left if left > 0 else 60)
    return False


class ClientRate(BaseThrottle):
    """``STATUSBRIDGE_CLIENT_RATE`` requests a minute for each authenticated client."""

    def allow_request(self, request: HttpRequest) -> bool:
        per_minute = config.client_rate()
        if per_minute is None:
            return True
        return _admit(request, "api-client", client_of(request).client_id, per_minute)

    def wait(self) -> float | None:
        # Ninja asks right after allow_request, on the same thread.
        seconds: float | None = getattr(_waits, "seconds", None)
        return seconds


def _client_id(request: HttpRequest) -> str:
    basic = basic_credentials(request)
    if basic is not None:
        return basic[0]
    try:
        return str(request.POST.get("client_id", ""))[:100]
    except Exception:  # an unreadable body: the view answers it; count the address alone
        return ""


class TokenRate(ClientRate):
    """Token requests: per remote address first, then per client id named in the request."""

    def allow_request(self, request: HttpRequest) -> bool:
        address = str(request.META.get("REMOTE_ADDR") or "unknown")
        if not _admit(request, "token-address", address, TOKEN_RATE_PER_ADDRESS):
            return False
        client_id = _client_id(request)
        return not client_id or _admit(request, "token-client", client_id, TOKEN_RATE_PER_CLIENT_ID)
