"""``statusbridge sorn …`` and ``statusbridge agreements …``: the law and the agreements."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click
from rich.table import Table

from statusbridge.accounts.acting import acting_for
from statusbridge.accounts.policy import Action, agency_target, whole
from statusbridge.command import Failure, handled, out, parse_day


@click.group()
def sorn() -> None:
    """Systems of records notices: list, show, diff, import."""


@sorn.command("list")
@click.option("--json", "as_json", is_flag=True)
@handled
def sorn_list(as_json: bool) -> None:
    """Built-in systems and their versions."""
    from statusbridge.privacy.sorn import registry

    rows = [
        {
            "system_number": v.system_number,
            "published": v.published.isoformat(),
            "action": str(v.action),
            "fr_citation": v.fr_citation,
            "routine_uses": len(v.routine_uses),
        }
        for system in registry().systems()
        for v in registry().versions(system)
    ]
    if as_json:
        click.echo(json.dumps(rows, indent=2))
        return
    table = Table("system", "published", "action", "citation", "routine uses")
    for r in rows:
        table.add_row(*(str(r[k]) for k in r))
    out.print(table)


@sorn.command("show")
@click.argument("version")
@click.option("--json", "as_json", is_flag=True)
@handled
def sorn_show(version: str, as_json: bool) -> None:
    """One version (SYSTEM@DATE, or SYSTEM for the latest) with its routine uses in force."""
    from statusbridge.privacy.sorn import registry

    found = registry().resolve(version)
    uses = [
        {"label": u.label, "text": u.text, "purposes": list(u.purposes)} for u in found.routine_uses
    ]
    data = {
        "system_number": found.system_number,
        "system_name": found.system_name,
        "published": found.published.isoformat(),
        "fr_citation": found.fr_citation,
        "routine_uses": uses,
    }
    if as_json:
        click.echo(json.dumps(data, indent=2))
        return
    click.echo(f"{found.system_number} {found.system_name}")
    click.echo(f"published {found.published} ({found.fr_citation})")
    for use in uses:
        click.echo(f"  {use['label']}: {use['text']}")


@sorn.command("diff")
@click.argument("old")
@click.argument("new")
@click.option("--json", "as_json", is_flag=True)
@handled
def sorn_diff(old: str, new: str, as_json: bool) -> None:
    """What changed between the versions in force on two dates (SYSTEM@DATE SYSTEM@DATE)."""
    from statusbridge.privacy.sorn import diff, registry, render_diff_text

    found = diff(registry().resolve(old), registry().resolve(new))
    click.echo(json.dumps(found.to_json(), indent=2) if as_json else render_diff_text(found))


@sorn.command("import")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True)
@handled
def sorn_import(file: Path, as_json: bool) -> None:
    """Parse a Federal Register notice (full-text XML) into a version awaiting review."""
    from statusbridge.fedreg import notice_json, parse_notice
    from statusbridge.privacy.models import ImportedNotice

    if not file.is_file():
        raise Failure(f"{file}: no such file")
    data = notice_json(parse_notice(file.read_bytes()))
    stored = ImportedNotice.objects.create(
        system_number=data["system_number"] or "",
        system_name=data["system_name"] or "",
        action=data["action"],
        published=data["published"],
        fr_doc=data.get("fr_doc") or "",
        parsed=data,
    )
    data["import_id"] = stored.pk
    if as_json:
        click.echo(json.dumps(data, indent=2, default=str))
        return
    click.echo(
        f"{data['system_number']} {data['system_name']}: {data['action']}, published "
        f"{data['published']}, {len(data['routine_uses'])} routine uses — awaiting review "
        f"(import {stored.pk})"
    )


@click.group()
def agreements() -> None:
    """Agency agreements and computer matching agreements."""


@agreements.command("list")
@click.option("--json", "as_json", is_flag=True)
@acting_for(Action.VIEW_AGREEMENT, lambda **_: whole("agreement"))
@handled
def agreements_list(as_json: bool) -> None:
    """Every agreement, with the matching agreements in force."""
    from statusbridge.privacy.models import Agreement

    rows = [
        {
            "agency": a.agency.slug,
            "reference": a.reference,
            "purpose": a.purpose,
            "sorn_system": a.sorn_system,
            "adverse_action": a.adverse_action,
            "identifier_types": a.identifier_types,
            "fields": a.fields,
            "single": a.allows_single,
            "bulk": a.allows_bulk,
            "max_rows_per_file": a.max_rows_per_file,
            "valid_from": a.valid_from.isoformat(),
            "valid_until": a.valid_until.isoformat(),
        }
        for a in Agreement.objects.select_related("agency").order_by("agency__slug", "purpose")
    ]
    if as_json:
        click.echo(json.dumps(rows, indent=2))
        return
    table = Table("agency", "purpose", "reference", "valid", "fields", "modes")
    for r in rows:
        modes = "+".join(m for m in ("single", "bulk") if r[m])
        valid = f"{r['valid_from']} – {r['valid_until']}"
        table.add_row(
            r["agency"], r["purpose"], r["reference"], valid, ",".join(r["fields"]), modes
        )
    out.print(table)


@agreements.command("add")
@click.option("--agency", required=True, help="Agency slug (created if new).")
@click.option("--agency-name", help="The agency's name, for a new agency.")
@click.option("--purpose", required=True)
@click.option("--reference", default="")
@click.option("--adverse-action/--no-adverse-action", required=True)
@click.option("--field", "fields", multiple=True, help="status, status_since, evidence")
@click.option("--identifier", "identifiers", multiple=True, help="ssn, ssn_last4, a_number, …")
@click.option("--max-rows", type=click.IntRange(min=1))
@click.option(
    "--law-enforcement", is_flag=True, help="A 552a(b)(7) request: hidden from the person's view."
)
@click.option("--single/--no-single", default=True)
@click.option("--bulk/--no-bulk", default=True)
@click.option("--valid-from", required=True)
@click.option("--valid-until", required=True)
@click.option("--signatories", default="")
@acting_for(Action.MANAGE_AGREEMENTS, lambda agency, **_: agency_target(agency))
@handled
def agreements_add(
    agency: str,
    agency_name: str | None,
    purpose: str,
    reference: str,
    adverse_action: bool,
    fields: tuple[str, ...],
    identifiers: tuple[str, ...],
    max_rows: int | None,
    law_enforcement: bool,
    single: bool,
    bulk: bool,
    valid_from: str,
    valid_until: str,
    signatories: str,
) -> None:
    """Record a memorandum of agreement for one purpose."""
    from django.core.exceptions import ValidationError

    from statusbridge.privacy.models import IDENTIFIER_TYPES, Agency, Agreement

    found, _ = Agency.objects.get_or_create(slug=agency, defaults={"name": agency_name or agency})
    agreement = Agreement(
        agency=found,
        purpose=purpose,
        reference=reference,
        adverse_action=adverse_action,
        fields=list(fields),
        identifier_types=list(identifiers or IDENTIFIER_TYPES),
        max_rows_per_file=max_rows,
        law_enforcement=law_enforcement,
        allows_single=single,
        allows_bulk=bulk,
        valid_from=parse_day(valid_from),
        valid_until=parse_day(valid_until),
        signatories=signatories,
    )
    try:
        agreement.full_clean()
    except ValidationError as exc:
        raise Failure("; ".join(exc.messages)) from exc
    agreement.save()
    click.echo(f"agreement {agreement.pk}: {agreement}")


@agreements.command("add-matching")
@click.option("--agency", required=True)
@click.option("--title", required=True)
@click.option("--transmitted", required=True, help="Day sent to Congress and OMB.")
@click.option("--effective", required=True)
@click.option("--expires", required=True)
@click.option("--renewed-until")
@acting_for(Action.MANAGE_AGREEMENTS, lambda agency, **_: agency_target(agency))
@handled
def agreements_add_matching(
    agency: str,
    title: str,
    transmitted: str,
    effective: str,
    expires: str,
    renewed_until: str | None,
) -> None:
    """Record a computer matching agreement (checked against 5 U.S.C. 552a(o))."""
    from django.core.exceptions import ValidationError

    from statusbridge.privacy.models import Agency, ComputerMatchingAgreement

    found = Agency.objects.filter(slug=agency).first()
    if found is None:
        raise Failure(f"unknown agency '{agency}'")
    cma = ComputerMatchingAgreement(
        agency=found,
        title=title,
        transmitted_on=parse_day(transmitted),
        effective_on=parse_day(effective),
        expires_on=parse_day(expires),
        renewed_until=parse_day(renewed_until) if renewed_until else None,
    )
    try:
        cma.full_clean()
    except ValidationError as exc:
        raise Failure("; ".join(exc.messages)) from exc
    cma.save()
    click.echo(f"matching agreement {cma.pk}: {cma}")


@agreements.command("decisions")
@click.option("--agency", help="Only this agency's decisions.")
@click.option("--refused", is_flag=True, help="Only refusals.")
@click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True)
@click.option("--json", "as_json", is_flag=True)
@acting_for(
    Action.READ_DECISIONS,
    lambda agency, **_: agency_target(agency) if agency else whole("decisions"),
)
@handled
def agreements_decisions(agency: str | None, refused: bool, limit: int, as_json: bool) -> None:
    """The decisions to disclose or refuse, newest first, with their reason or authority."""
    from statusbridge.privacy.models import PolicyDecision

    query = PolicyDecision.objects.all()
    if agency:
        query = query.filter(agency=agency)
    if refused:
        query = query.filter(allowed=False)
    rows: list[dict[str, Any]] = [
        {
            "decided_at": d.decided_at.isoformat(timespec="seconds"),
            "on": d.on.isoformat(),
            "agency": d.agency,
            "purpose": d.purpose,
            "mode": d.mode,
            "rows": d.rows,
            "allowed": d.allowed,
            "reason": d.reason,
            "authority": d.authority,
        }
        for d in query[:limit]
    ]
    if as_json:
        click.echo(json.dumps(rows, indent=2))
        return
    table = Table("decided", "agency", "purpose", "mode", "allowed", "reason or authority")
    for r in rows:
        table.add_row(
            r["decided_at"], r["agency"], r["purpose"], r["mode"],
            "yes" if r["allowed"] else "REFUSED", r["authority"] or r["reason"],
        )  # fmt: skip
    out.print(table)
