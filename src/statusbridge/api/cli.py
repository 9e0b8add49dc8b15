"""``statusbridge serve`` and ``statusbridge clients …``: run the service, manage API clients.

A client secret is printed once, when the client is created, and never again. ``serve`` must
never print or log a secret, a token or a request body.
"""

from __future__ import annotations

import json
from typing import Any

import click
from rich.table import Column, Table

from statusbridge.accounts.acting import acting_for
from statusbridge.accounts.policy import Action, Target, agency_target, whole
from statusbridge.command import Failure, handled, out


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=int, help="0 picks a free port.")
@handled
def serve(host: str, port: int) -> None:
    """Run the service (HTTP API and web pages) with the waitress WSGI server.

    Uploaded bulk jobs wait, queued, for `statusbridge worker` processes to run them.
    """
    from statusbridge import config
    from statusbridge.api.serving import make_server, stop_on_signals
    from statusbridge.wsgi import application

    try:  # read per request; a value that cannot be used must stop the server, not fail each call
        config.client_rate()
    except config.ConfigurationError as exc:
        raise Failure(str(exc)) from exc
    try:
        server = make_server(application, host, port)
    except OSError as exc:
        raise Failure(f"cannot listen on {host}:{port} ({exc.strerror or exc})") from exc
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"statusbridge serving on http://{shown}:{server.effective_port}/ (API: /api/v1/)")
    stop_on_signals(lambda message: click.echo(message, err=True))
    server.run()


def _client_target(client_id: str) -> Target:
    from statusbridge.accounts.policy import target_of
    from statusbridge.api.models import ApiClient

    client = ApiClient.objects.select_related("agency").filter(client_id=client_id).first()
    if client is None:
        raise LookupError(f"no API client '{client_id}'")
    if client.agency is None:  # a status verifier's system belongs to no agency
        return Target("client", client.client_id)
    return target_of(client)


@click.group()
def clients() -> None:
    """API clients: the agencies' systems that call the HTTP API."""


@clients.command("create")
@click.option("--agency", help="The agency whose system the client is.")
@click.option(
    "--verifier",
    is_flag=True,
    help="A status verification office's system: no agency; it answers every agency's cases.",
)
@click.option("--json", "as_json", is_flag=True)
@acting_for(
    Action.MANAGE_CLIENTS,
    lambda agency=None, **_: agency_target(agency) if agency else whole("client"),
)
@handled
def clients_create(agency: str | None, verifier: bool, as_json: bool) -> None:
    """Create a client; its secret is shown this once."""
    from statusbridge.api.credentials import UnknownAgency, create_client, create_verifier_client

    if verifier == bool(agency):
        raise Failure("give either --agency AGENCY or --verifier (a status verifier's system)")
    try:
        made = create_verifier_client() if verifier else create_client(agency or "")
    except UnknownAgency as exc:
        raise Failure(str(exc)) from exc
    if as_json:
        click.echo(json.dumps({"client_id": made.client_id, "client_secret": made.client_secret}))
        return
    click.echo(f"client_id:     {made.client_id}")
    click.echo(f"client_secret: {made.client_secret}")
    click.echo("Store the secret now: it is not kept and cannot be shown again.", err=True)


@clients.command("list")
@click.option("--json", "as_json", is_flag=True)
@acting_for(Action.MANAGE_CLIENTS, lambda **_: whole("client"))
@handled
def clients_list(as_json: bool) -> None:
    """The clients, their agencies and whether they are active (never their secrets)."""
    from statusbridge.api.models import ApiClient

    rows: list[dict[str, Any]] = [
        {
            "client_id": c.client_id,
            "agency": c.agency.slug if c.agency else None,
            "role": c.role,
            "created_at": c.created_at.isoformat(timespec="seconds"),
            "active": c.active,
        }
        for c in ApiClient.objects.select_related("agency").order_by("created_at")
    ]
    if as_json:
        click.echo(json.dumps(rows, indent=2))
        return
    table = Table(Column("client_id", no_wrap=True), "agency", "role", "created", "active")
    for r in rows:
        created, active = r["created_at"][:10], "yes" if r["active"] else "no"
        table.add_row(r["client_id"], r["agency"] or "(none)", r["role"], created, active)
    out.print(table if rows else "no API clients yet: use `statusbridge clients create`")


@clients.command("revoke")
@click.argument("client_id")
@acting_for(Action.MANAGE_CLIENTS, lambda client_id, **_: _client_target(client_id))
@handled
def clients_revoke(client_id: str) -> None:
    """Deactivate a client at once; its tokens stop working."""
    from statusbridge.api.credentials import revoke_client

    if not revoke_client(client_id):
        raise Failure(f"no API client '{client_id}'")
    click.echo(f"revoked {client_id}")
