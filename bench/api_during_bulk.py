"""Single verifications over HTTP while a bulk run writes, on the embedded default (SQLite).

A ``statusbridge serve`` answers single verifications from ``BENCH_PROBE_THREADS`` client threads
(default 4), first with nothing else running (the baseline), then while ``statusbridge verify
bulk`` runs the world's request file in another process. Reported for each: how many answers,
how many ``5xx`` (a ``database is locked`` was one), and latency percentiles. Sizes come from the
usual ``BENCH_*`` variables (defaults here: 100,000 people and requests); the rate limit is off.
"""

from __future__ import annotations

import csv
import json
import os
import select
import signal
import statistics
import subprocess
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from harness import (
    BENEFITS,
    STATUSBRIDGE,
    Sizes,
    World,
    ensure_world,
    fresh_home,
    ingest,
    log,
    save_result,
)

PROBE_THREADS = int(os.environ.get("BENCH_PROBE_THREADS", "4"))
BASELINE_SECONDS = 10.0
FIELDS = ("request_id", "first_name", "middle_name", "last_name", "dob", "ssn", "a_number")


@dataclass
class Probes:
    latencies: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, status: int, seconds: float) -> None:
        with self.lock:
            self.latencies.append(seconds)
            self.statuses[status] = self.statuses.get(status, 0) + 1

    def summary(self) -> dict[str, Any]:
        ordered = sorted(self.latencies)

        def pct(p: float) -> float:
            return round(ordered[min(len(ordered) - 1, int(p * len(ordered)))] * 1000, 1)

        return {
            "answers": len(ordered),
            "statuses": {str(k): v for k, v in sorted(self.statuses.items())},
            "server_errors": sum(v for k, v in self.statuses.items() if k >= 500),
            "p50_ms": pct(0.50),
            "p90_ms": pct(0.90),
            "p99_ms": pct(0.99),
            "max_ms": round(ordered[-1] * 1000, 1),
            "mean_ms": round(statistics.fmean(ordered) * 1000, 1),
        }


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "STATUSBRIDGE_DATABASE_URL"}
    return {**env, "STATUSBRIDGE_HOME": str(home), "STATUSBRIDGE_CLIENT_RATE": "0"}


def _serve(home: Path) -> tuple[subprocess.Popen[str], str]:
    process = subprocess.Popen(
        [str(STATUSBRIDGE), "serve", "--port", "0"],
        env=_env(home),
        stdout=subprocess.PIPE,
        stderr=(home / "serve.log").open("w"),
        text=True,
    )
    assert process.stdout is not None
    ready, _, _ = select.select([process.stdout], [], [], 120)
    line = process.stdout.readline() if ready else ""
    if "serving on http://" not in line:
        raise RuntimeError(f"serve did not start: {(home / 'serve.log').read_text()}")
    return process, line.split("serving on ", 1)[1].split()[0].rstrip("/")


def _token(home: Path, base: str) -> str:
    made = subprocess.run(
        [str(STATUSBRIDGE), "clients", "create", "--agency", BENEFITS[0], "--json"],
        env=_env(home),
        capture_output=True,
        text=True,
        check=True,
    )
    form = {"grant_type": "client_credentials", **json.loads(made.stdout)}
    request = urllib.request.Request(f"{base}/api/v1/oauth/token", urlencode(form).encode())
    with urllib.request.urlopen(request, timeout=60) as response:
        token: str = json.loads(response.read())["access_token"]
    return token


def _bodies(world: World, count: int = 500) -> list[bytes]:
    with world.requests.open(newline="", encoding="utf-8") as handle:
        rows = [row for _, row in zip(range(count), csv.DictReader(handle), strict=False)]
    return [
        json.dumps(
            {"purpose": BENEFITS[1], "on": world.verify_on}
            | {k: row[k] for k in FIELDS if row.get(k)}
        ).encode()
        for row in rows
    ]


def _probe(base: str, token: str, bodies: list[bytes], until: Any, probes: Probes) -> None:
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    number = 0
    while not until():
        body = bodies[number % len(bodies)]
        number += 1
        request = urllib.request.Request(f"{base}/api/v1/verifications", body, headers)
        started = time.perf_counter()
        try:
            with urllib.request.urlopen(request, timeout=120) as response:
                response.read()
                status = response.status
        except urllib.error.HTTPError as error:
            status = error.code
        probes.add(status, time.perf_counter() - started)


def _probe_while(base: str, token: str, bodies: list[bytes], until: Any) -> Probes:
    probes = Probes()
    threads = [
        threading.Thread(target=_probe, args=(base, token, bodies, until, probes))
        for _ in range(PROBE_THREADS)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return probes


def main() -> None:
    defaults = {"BENCH_PEOPLE": "100000", "BENCH_REQUESTS": "100000"}
    for name, value in defaults.items():
        os.environ.setdefault(name, value)
    sizes = Sizes.from_env()
    world = ensure_world(sizes)
    home = fresh_home(sizes, "api-during-bulk")
    ingest(home, world)
    server, base = _serve(home)
    try:
        token = _token(home, base)
        bodies = _bodies(world)
        deadline = time.monotonic() + BASELINE_SECONDS
        quiet = _probe_while(base, token, bodies, lambda: time.monotonic() > deadline)
        log(f"baseline: {quiet.summary()}")
        bulk = subprocess.Popen(
            [
                str(STATUSBRIDGE), "verify", "bulk", str(world.requests),
                "--agency", BENEFITS[0], "--purpose", BENEFITS[1],
                "--on", world.verify_on, "--out", str(home / "results.csv"), "--quiet",
            ],
            env=_env(home),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )  # fmt: skip
        started = time.monotonic()
        during = _probe_while(base, token, bodies, lambda: bulk.poll() is not None)
        bulk_seconds = time.monotonic() - started
        if bulk.returncode != 0:
            raise RuntimeError(f"verify bulk failed: {bulk.stderr.read() if bulk.stderr else ''}")
        log(f"during a {bulk_seconds:.1f} s bulk run: {during.summary()}")
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    batch_rows = os.environ.get("STATUSBRIDGE_BATCH_ROWS", "default")
    result = {
        "people": sizes.people,
        "bulk_rows": sizes.requests,
        "batch_rows": batch_rows,
        "probe_threads": PROBE_THREADS,
        "bulk_seconds": round(bulk_seconds, 1),
        "baseline": quiet.summary(),
        "during_bulk": during.summary(),
    }
    print(json.dumps(result, indent=2))
    save_result(sizes, "api_during_bulk", result)


if __name__ == "__main__":
    main()
