"""The recorded Federal Register answers (``recorded/``), served by httpx's mock transport or by a
loopback HTTP server for the command line. Nothing here touches the network."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx

RECORDED = Path(__file__).parent / "recorded"
SEARCHES = {'"60-0058"': "search-60-0058.json", '"DHS/USCIS-004"': "search-dhs-uscis-004.json"}
XML = {
    "2025-99058": "ssa-60-0058-2025-11-12.xml",
    "2025-19735": "dhs-uscis-004-2025-10-31.xml",
    "2025-99100": "matching-program-2025-12-01.xml",
}
EMPTY = b'{"count": 0, "total_pages": 0, "results": []}'


def answer(url: str, site: str) -> tuple[int, str, bytes]:
    """(status, content type, body) for a GET of ``url``; ``site`` replaces ``{base}``."""
    parts = urlsplit(url)
    query = parse_qs(parts.query)
    if parts.path.endswith("/documents.json"):
        name = SEARCHES.get(query.get("conditions[term]", [""])[0])
        if name is None:
            return 200, "application/json", EMPTY
        return (
            200,
            "application/json",
            (RECORDED / name).read_text().replace("{base}", site).encode(),
        )
    found = re.search(r"/full_text/xml/.*/([\d-]+)\.xml$", parts.path)
    if found and found[1] in XML:
        return 200, "application/xml", (RECORDED / XML[found[1]]).read_bytes()
    return 404, "application/json", b'{"errors": {"request": "not found"}}'


SITE = "https://fr.test"
API = f"{SITE}/api/v1"


def mock_transport() -> httpx.MockTransport:
    def handle(request: httpx.Request) -> httpx.Response:
        status, kind, body = answer(str(request.url), SITE)
        return httpx.Response(status, content=body, headers={"content-type": kind})

    return httpx.MockTransport(handle)


@contextmanager
def loopback_register() -> Iterator[str]:
    """A loopback server answering as the register would; yields its API base URL."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            site = f"http://127.0.0.1:{self.server.server_address[1]}"
            status, kind, body = answer(site + self.path, site)
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/api/v1"
    finally:
        server.shutdown()
        server.server_close()
