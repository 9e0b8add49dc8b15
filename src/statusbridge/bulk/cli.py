"""``statusbridge worker``: run queued bulk jobs (API uploads) until stopped.

Several workers may run at once, on one machine or many, against the same database. SIGTERM or
Ctrl-C lets the current batch finish (or roll back), gives the job back to the queue and exits 0.
A worker prints job ids and states only, never anything of an upload.
"""

from __future__ import annotations

import signal
import threading
from types import FrameType

import click

from statusbridge.command import handled


@click.command()
@click.option(
    "--until-idle",
    is_flag=True,
    help="Exit once no job is left that this worker could run now (scripts, tests).",
)
@click.option(
    "--poll",
    default=2.0,
    show_default=True,
    type=click.FloatRange(min=0.05),
    help="Seconds between looks at the queue when it is empty.",
)
@handled
def worker(until_idle: bool, poll: float) -> None:
    """Run queued bulk jobs (API uploads) until stopped; several may run at once."""
    from django.db import close_old_connections

    from statusbridge.bulk.worker import work

    stop = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        stop.set()  # the batch under way finishes or rolls back; the job goes back to the queue

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)

    def idle(seconds: float) -> None:
        # A worker lives for weeks: a connection the database closed meanwhile is let go, and a
        # new one opened at the next look, rather than failing the next job.
        close_old_connections()
        stop.wait(seconds)

    click.echo("statusbridge worker started", err=True)
    ran = work(stop.is_set, idle, poll, until_idle, lambda line: click.echo(line))
    click.echo(f"statusbridge worker stopped after {ran} job(s)", err=True)
