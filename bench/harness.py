"""What every benchmark shares: sizes, the synthetic world, fresh data homes, timed processes.

Each benchmark measures whole processes (the ``statusbridge`` command or a standalone script)
with the wall clock and the peak resident memory of the process tree, because that is what an
operator waits for and provisions. Worlds are generated once per (people, seed, requests) and
kept under the work directory, so a second run of ``make bench`` skips the generation.
Benchmarks use synthetic data only and never touch the user's own data home.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import psutil

REPO = Path(__file__).resolve().parent.parent
VENV_BIN = REPO / ".venv" / "bin"
PYTHON = VENV_BIN / "python"
STATUSBRIDGE = VENV_BIN / "statusbridge"
BENCH = REPO / "bench"
GNU_TIME = Path("/usr/bin/time")

# The world writes about 1.22 SSA entries per person (name changes, citizenship updates), so
# this many people give about two million entries.
PEOPLE_FOR_TWO_MILLION_ENTRIES = 1_640_000

BENEFITS = ("demo-benefits-agency", "benefit-eligibility")
ELECTION = ("demo-election-office", "voter-list-maintenance")


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip().replace("_", "")
    return int(raw) if raw else default


@dataclass(frozen=True)
class Sizes:
    """Benchmark sizes; every one can be overridden from the environment for a quick run."""

    people: int
    requests: int
    memory_rows: int
    seed: int
    runs: int
    work: Path

    @classmethod
    def from_env(cls) -> Sizes:
        return cls(
            people=_env_int("BENCH_PEOPLE", PEOPLE_FOR_TWO_MILLION_ENTRIES),
            requests=_env_int("BENCH_REQUESTS", 500_000),
            memory_rows=_env_int("BENCH_MEMORY_ROWS", 10_000_000),
            seed=_env_int("BENCH_SEED", 20251112),
            runs=_env_int("BENCH_RUNS", 3),
            work=Path(os.environ.get("BENCH_WORK", "/tmp/statusbridge-bench")),
        )

    @property
    def results(self) -> Path:
        path = self.work / "results"
        path.mkdir(parents=True, exist_ok=True)
        return path


@dataclass(frozen=True)
class World:
    """A generated synthetic world: record extracts, requests and their ground truth."""

    directory: Path
    people: int
    seed: int
    ssa_as_of: str
    dhs_as_of: str
    generate_seconds: float

    @property
    def ssa(self) -> Path:
        return self.directory / "ssa.csv"

    @property
    def dhs(self) -> Path:
        return self.directory / "dhs.csv"

    @property
    def requests(self) -> Path:
        return self.directory / "requests.csv"

    @property
    def truth(self) -> Path:
        return self.directory / "truth.csv"

    @property
    def people_file(self) -> Path:
        return self.directory / "people.parquet"

    @property
    def verify_on(self) -> str:
        """The day verifications are made: both snapshots are in force by then."""
        return max(self.ssa_as_of, self.dhs_as_of)


@dataclass(frozen=True)
class Timing:
    """One whole-process run: wall-clock seconds and the peak RSS of its process tree; the CPU
    time (user + system) of the whole tree and of the command's own process, each as last seen
    by the poll (a process's last poll interval, at most, is missed)."""

    seconds: float
    peak_rss_bytes: int
    gnu_time_max_rss_bytes: int | None
    returncode: int
    cpu_seconds: float = 0.0
    command_cpu_seconds: float = 0.0


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def count_lines(path: Path) -> int:
    """Data rows of a CSV file (lines after the header; no embedded newlines in our files)."""
    with path.open("rb") as handle:
        lines = sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 24), b""))
    return max(lines - 1, 0)


def _tree_rss(root: psutil.Process) -> int:
    total = 0
    try:
        processes = [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0
    for process in processes:
        try:
            total += process.memory_info().rss
        except psutil.NoSuchProcess:
            continue
    return total


def _own_cpu(process: psutil.Process) -> float:
    """User + system CPU of this process alone (not of the children it waited for)."""
    times = process.cpu_times()
    return float(times.user + times.system)


def _watch_cpu(root: psutil.Process, wrapped: bool, seen: dict[int, float]) -> int | None:
    """Record each live process's own CPU time by pid, and return the command's pid (when
    wrapped in GNU time, the command is GNU time's child). Processes that left since are kept at
    their last reading: a JVM the command never waits for still counts."""
    try:
        processes = [root, *root.children(recursive=True)]
        command = root.children()[0] if wrapped else root
    except (psutil.NoSuchProcess, IndexError):
        return None
    for process in processes:
        try:
            seen[process.pid] = _own_cpu(process)
        except psutil.NoSuchProcess:
            continue
    return int(command.pid)


def _gnu_time_max_rss(report: Path) -> int | None:
    if not report.exists():
        return None
    for line in report.read_text().splitlines():
        if "Maximum resident set size" in line:
            return int(line.rsplit(":", 1)[1].strip()) * 1024
    return None


def run_timed(
    command: list[str],
    env: dict[str, str] | None = None,
    stdout: Path | None = None,
    poll_seconds: float = 0.1,
) -> Timing:
    """Run ``command`` to completion (in ``env``, else ours); raise with its output if it fails.

    Memory is watched two ways: psutil sums the RSS of the whole process tree every
    ``poll_seconds`` (children included), and GNU time, where present, reports the kernel's
    maximum RSS of the largest process. The larger of the two is the peak reported.
    """
    report = Path(f"/tmp/statusbridge-bench-time-{os.getpid()}-{time.monotonic_ns()}.txt")
    wrapped = [str(GNU_TIME), "-v", "-o", str(report), *command] if GNU_TIME.exists() else command
    merged_env = env if env is not None else dict(os.environ)
    out_handle = stdout.open("w") if stdout else subprocess.DEVNULL
    err_path = Path(f"{report}.stderr")
    peak = 0
    cpu: dict[int, float] = {}
    command_pid: int | None = None
    stop = threading.Event()
    try:
        with err_path.open("w") as err_handle:
            started = time.perf_counter()
            process = subprocess.Popen(
                wrapped, env=merged_env, stdout=out_handle, stderr=err_handle
            )
            watched = psutil.Process(process.pid)

            def watch() -> None:
                nonlocal peak, command_pid
                while not stop.is_set():
                    peak = max(peak, _tree_rss(watched))
                    command_pid = _watch_cpu(watched, wrapped is not command, cpu) or command_pid
                    stop.wait(poll_seconds)

            watcher = threading.Thread(target=watch, daemon=True)
            watcher.start()
            returncode = process.wait()
            seconds = time.perf_counter() - started
            stop.set()
            watcher.join()
        errors = err_path.read_text(errors="replace")
    finally:
        if stdout is not None and not isinstance(out_handle, int):
            out_handle.close()
    gnu_rss = _gnu_time_max_rss(report)
    report.unlink(missing_ok=True)
    err_path.unlink(missing_ok=True)
    if returncode != 0:
        raise RuntimeError(f"command failed ({returncode}): {' '.join(command)}\n{errors[-4000:]}")
    command_cpu = cpu.get(command_pid, 0.0) if command_pid is not None else 0.0
    return Timing(
        seconds, max(peak, gnu_rss or 0), gnu_rss, returncode, sum(cpu.values()), command_cpu
    )


def best_of(timings: list[Timing]) -> Timing:
    return min(timings, key=lambda t: t.seconds)


def fresh_home(sizes: Sizes, name: str) -> Path:
    """An empty data home for one benchmark (removed first if a previous run left one)."""
    home = sizes.work / "homes" / name
    shutil.rmtree(home, ignore_errors=True)
    home.mkdir(parents=True)
    return home


def statusbridge(home: Path, *args: str, database_url: str | None = None) -> Timing:
    """Run the ``statusbridge`` command against ``home``: on the embedded default (SQLite), or
    on the PostgreSQL database at ``database_url``."""
    env = {k: v for k, v in os.environ.items() if k != "STATUSBRIDGE_DATABASE_URL"}
    env["STATUSBRIDGE_HOME"] = str(home)
    if database_url:
        env["STATUSBRIDGE_DATABASE_URL"] = database_url
    return run_timed([str(STATUSBRIDGE), *args], env=env)


def _generator_fingerprint() -> str:
    """A digest of the world generator's source: a changed generator means a new world."""
    digest = hashlib.sha256()
    for source in sorted((REPO / "src" / "statusbridge" / "world").glob("*.py")):
        digest.update(source.name.encode())
        digest.update(source.read_bytes())
    return digest.hexdigest()[:10]


def ensure_world(sizes: Sizes, *, own_size: bool = False) -> World:
    """The world for these sizes, generated now unless a complete one is already held.

    ``BENCH_WORLD`` (set by ``bench/run.sh`` once per run) pins every benchmark of a run to the
    same world even if the generator's source changes meanwhile; ``own_size``: a benchmark of
    another size (``scale``) is not pinned.
    """
    pinned = "" if own_size else os.environ.get("BENCH_WORLD", "").strip()
    if pinned and (Path(pinned) / "bench-world.json").exists():
        directory = Path(pinned)
        return World(
            **{**json.loads((directory / "bench-world.json").read_text()), "directory": directory}
        )
    stem = f"p{sizes.people}-s{sizes.seed}-r{sizes.requests}"
    directory = sizes.work / "worlds" / f"{stem}-g{_generator_fingerprint()}"
    marker = directory / "bench-world.json"
    if marker.exists():
        return World(**{**json.loads(marker.read_text()), "directory": directory})
    for stale in directory.parent.glob(f"{stem}-g*"):  # made by an older generator
        shutil.rmtree(stale, ignore_errors=True)
    shutil.rmtree(directory, ignore_errors=True)
    directory.parent.mkdir(parents=True, exist_ok=True)
    log(f"generating a world of {sizes.people:,} people, {sizes.requests:,} requests")
    timing = run_timed(
        [
            *_world_command(),
            "generate",
            "--people",
            str(sizes.people),
            "--seed",
            str(sizes.seed),
            "--out",
            str(directory),
            "--requests",
            str(sizes.requests),
        ],
        env={**os.environ, "STATUSBRIDGE_HOME": str(sizes.work / "homes" / "world-generation")},
    )
    meta = json.loads((directory / "world.json").read_text())
    world = World(
        directory=directory,
        people=sizes.people,
        seed=sizes.seed,
        ssa_as_of=str(meta["ssa_as_of"]),
        dhs_as_of=str(meta["dhs_as_of"]),
        generate_seconds=round(timing.seconds, 1),
    )
    fields = {k: v for k, v in asdict(world).items() if k != "directory"}
    marker.write_text(json.dumps(fields, indent=2))
    log(f"world ready in {timing.seconds:.0f} s: {directory}")
    return world


def _world_command() -> list[str]:
    """``statusbridge world``, or its click group directly while the command is unregistered."""
    probe = subprocess.run([str(STATUSBRIDGE), "world", "--help"], capture_output=True, check=False)
    if probe.returncode == 0:
        return [str(STATUSBRIDGE), "world"]
    return [str(PYTHON), "-c", "from statusbridge.world.cli import world; world()"]


def ingest(home: Path, world: World, database_url: str | None = None) -> dict[str, Timing]:
    """Ingest both extracts of ``world`` into ``home``; the timing of each."""
    return {
        kind: statusbridge(
            home, "records", "ingest", kind, str(path), "--as-of", as_of, database_url=database_url
        )
        for kind, path, as_of in (
            ("ssa", world.ssa, world.ssa_as_of),
            ("dhs", world.dhs, world.dhs_as_of),
        )
    }


def verify_bulk(
    home: Path,
    requests: Path,
    out: Path,
    on: str,
    party: tuple[str, str] = BENEFITS,
    engine: str = "duckdb",
) -> Timing:
    agency, purpose = party
    return statusbridge(
        home,
        "verify",
        "bulk",
        str(requests),
        "--agency",
        agency,
        "--purpose",
        purpose,
        "--out",
        str(out),
        "--on",
        on,
        "--engine",
        engine,
        "--quiet",
    )


def timing_dict(timing: Timing, rows: int | None = None) -> dict[str, Any]:
    """A run's figures for a result file; with ``rows``, its rate too."""
    figures: dict[str, Any] = {
        "seconds": round(timing.seconds, 2),
        "peak_rss_mb": round(timing.peak_rss_bytes / 2**20, 1),
        "gnu_time_max_rss_mb": (
            None
            if timing.gnu_time_max_rss_bytes is None
            else round(timing.gnu_time_max_rss_bytes / 2**20, 1)
        ),
        "cpu_seconds": round(timing.cpu_seconds, 2),
        "command_cpu_seconds": round(timing.command_cpu_seconds, 2),
    }
    if rows is not None:
        figures["rows_per_second"] = round(rows / timing.seconds)
    return figures


def save_result(sizes: Sizes, name: str, data: dict[str, Any]) -> Path:
    path = sizes.results / f"{name}.json"
    stamped = {
        "finished_at": time.strftime("%Y-%m-%d %H:%M:%S %Z"),
        # Other work on the machine during a run skews timings; this shows whether there was any.
        "load_average_1_5_15": [round(x, 2) for x in os.getloadavg()],
        **data,
    }
    path.write_text(json.dumps(stamped, indent=2, default=str))
    log(f"wrote {path}")
    return path


def load_result(sizes: Sizes, name: str) -> dict[str, Any] | None:
    path = sizes.results / f"{name}.json"
    return json.loads(path.read_text()) if path.exists() else None


if __name__ == "__main__":  # used by run.sh: make sure the world exists, print where it is
    print(ensure_world(Sizes.from_env()).directory)
