"""Serving the Django WSGI application with waitress: body limits, signals, waitress's own 413.

waitress reads a whole request before the application sees it, so an upload declared larger than
the limit must be refused by waitress itself, before its body is read; ``make_server`` makes that
refusal problem details too, like every other API error. Nothing here may log a request.
"""

from __future__ import annotations

import json
import os
import signal
import sys
from types import FrameType
from typing import Any

from waitress.server import create_server
from waitress.utilities import RequestEntityTooLarge

from statusbridge.api.jobs import max_upload_bytes
from statusbridge.api.problems import MEDIA_TYPE, TYPE_BASE

THREADS = 8
# Multipart framing around the file: the file's own size is checked exactly as it is stored.
ENVELOPE_BYTES = 1024 * 1024


def body_limit() -> int:
    """The largest request body accepted: the upload limit plus its multipart framing."""
    return max_upload_bytes() + ENVELOPE_BYTES


def _too_large_response(self: RequestEntityTooLarge, ident: str | None = None) -> Any:
    limit = max_upload_bytes() // (1024 * 1024)
    body = {
        "type": f"{TYPE_BASE}too-large",
        "title": "Request Entity Too Large",
        "status": 413,
        "detail": f"the request is larger than the {limit} MB limit",
    }
    headers = [("Content-Type", MEDIA_TYPE)]
    return "413 Request Entity Too Large", headers, json.dumps(body).encode("utf-8")


def make_server(application: Any, host: str, port: int) -> Any:
    """A waitress server for ``application``; ``effective_port`` is the port it listens on."""
    # waitress has no hook for its own error bodies; this one class is all that is replaced.
    RequestEntityTooLarge.to_response = _too_large_response
    return create_server(
        application,
        host=host,
        port=port,
        threads=THREADS,
        max_request_body_size=body_limit(),
        ident="statusbridge",
    )


def stop_on_signals(say: Any) -> None:
    """Stop at once on SIGTERM or Ctrl-C: unreleased bulk batches simply run again next start."""

    def stop(signum: int, frame: FrameType | None) -> None:
        say("statusbridge stopped")
        sys.stdout.flush()
        sys.stderr.flush()
        # Worker threads would otherwise hold the process until their job ends.
        os._exit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
