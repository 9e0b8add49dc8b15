"""``statusbridge sorn …`` and ``statusbridge agreements …``: the law and the agreements.

``sorn sync``, ``sorn review …``, ``sorn event add``, ``sorn events`` and ``sorn in-force`` follow
the law as it changes (``privacy.sync``, ``privacy.review``, ``privacy.law``); only a privacy
officer's ``review accept`` makes anything imported count.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click
from rich.table import Table

from statusbridge.accounts.acting import acting_for
from statusbridge.accounts.policy import Action, agency_target, whole
from statusbridge.command import Failure, handled, out, parse_day, parse_past_day


@click.group()
def sorn() -> None:
    """Systems of records notices and legal events: list, show, diff, import, sync, review."""


@sorn.command("list")
@click.option("--json", "as_json", is_flag=True)
@handled
def sorn_list(as_json: bool) -> None:
    """Systems and their versions: built in, and accepted notices."""
    from statusbridge.privacy.law import registry_in_force as registry

    reg = registry()
    rows = [
        {
            "system_number": v.system_number,
            "published": v.published.isoformat(),
            "action": str(v.action),
            "fr_citation": v.fr_citation,
            "routine_uses": len(v.routine_uses),
        }
        for system in reg.systems()
        for v in reg.versions(system)
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
    from statusbridge.privacy.law import registry_in_force as registry

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
    from statusbridge.privacy.law import registry_in_force as registry
    from statusbridge.privacy.sorn import diff, render_diff_text

    reg = registry()
    found = diff(reg.resolve(old), reg.resolve(new))
    click.echo(json.dumps(found.to_json(), indent=2) if as_json else render_diff_text(found))


@sorn.command("import")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True)
@handled
def sorn_import(file: Path, as_json: bool) -> None:
    """Parse a Federal Register notice (full-text XML) into a version awaiting review."""
    from statusbridge.fedreg import notice_json, parse_notice
    from statusbridge.privacy import law
    from statusbridge.privacy.models import ImportedNotice
    from statusbridge.privacy.sorn import registry
    from statusbridge.privacy.sorn.imported import link, to_sorn_version

    if not file.is_file():
        raise Failure(f"{file}: no such file")
    parsed = parse_notice(file.read_bytes())
    data = notice_json(parsed)
    version, modifies, problems = None, "", list(parsed.warnings)
    if parsed.system_number and parsed.published:
        version, modifies = link(to_sorn_version(parsed), law.registry_in_force(), registry())
    else:
        problems.append("no system number or publication date: it cannot be accepted")
    stored = ImportedNotice.objects.create(
        system_number=data["system_number"] or "",
        system_name=data["system_name"] or "",
        action=data["action"],
        published=data["published"],
        fr_doc=data.get("fr_doc") or "",
        parsed=data,
        version=version.to_json() if version is not None else None,
        modifies=modifies,
        partial=version is None,
        problems="; ".join(problems),
    )
    data["import_id"] = stored.pk
    data["review_id"] = f"notice-{stored.pk}"
    if as_json:
        click.echo(json.dumps(data, indent=2, default=str))
        return
    click.echo(
        f"{data['system_number']} {data['system_name']}: {data['action']}, published "
        f"{data['published']}, {len(data['routine_uses'])} routine uses — awaiting review "
        f"(notice-{stored.pk})"
    )


@sorn.command("sync")
@click.option("--system", help="One system of records (default: every tracked system).")
@click.option("--docket", help="Notices in one docket (e.g. SSA-2025-0225) instead.")
@click.option(
    "--document", "documents", multiple=True, help="One document by its number (repeatable)."
)
@click.option("--json", "as_json", is_flag=True)
@handled
def sorn_sync(
    system: str | None, docket: str | None, documents: tuple[str, ...], as_json: bool
) -> None:
    """Fetch new notices for the tracked systems from the Federal Register, queued for review."""
    from statusbridge.fedreg.http import RegisterError
    from statusbridge.fedreg.register import register_from_config
    from statusbridge.privacy.review import summary
    from statusbridge.privacy.sync import sync

    register = register_from_config()
    try:
        report = sync(register, system=system, docket=docket, documents=documents)
    except RegisterError as exc:
        raise Failure(f"sync stopped: {exc}") from exc
    finally:
        register.source.close()
    if as_json:
        data = {"queued": [summary(n) for n in report.queued], "skipped": report.skipped}
        click.echo(json.dumps(data, indent=2))
        return
    for line in report.lines() or ["nothing new"]:
        click.echo(line)


@sorn.command("cfr")
@click.option("--title", type=click.IntRange(1, 50), required=True, help="CFR title (e.g. 20).")
@click.option("--part", required=True, help="Part (e.g. 416).")
@click.option("--subpart", help="One subpart (e.g. P).")
@click.option("--on", "on", help="As in force that day (default today).")
@click.option("--out", type=click.Path(path_type=Path), help="Write the XML here.")
@handled
def sorn_cfr(title: int, part: str, subpart: str | None, on: str | None, out: Path | None) -> None:
    """A regulation a notice cites, from the eCFR as of a day: its sections, or its XML."""
    from statusbridge.fedreg import UnsafeXMLError
    from statusbridge.fedreg.ecfr import ecfr_from_config, section_headings
    from statusbridge.fedreg.http import RegisterError

    ecfr = ecfr_from_config()
    try:
        xml = ecfr.part_xml(title, part, parse_past_day(on), subpart)
        headings = section_headings(xml)
    except (RegisterError, UnsafeXMLError) as exc:
        raise Failure(str(exc)) from exc
    finally:
        ecfr.source.close()
    if out is not None:
        out.write_bytes(xml)
    for heading in headings:
        click.echo(heading)


@sorn.group("review")
def sorn_review() -> None:
    """Imported notices and legal events awaiting a privacy officer."""


@sorn_review.command("list")
@click.option("--json", "as_json", is_flag=True)
@handled
def review_list(as_json: bool) -> None:
    """What awaits review: each with its id, kind, system and date."""
    from statusbridge.privacy.review import pending

    rows = pending()
    if as_json:
        click.echo(json.dumps(rows, indent=2))
        return
    if not rows:
        click.echo("nothing awaits review")
    for r in rows:
        flag = " [PARTIAL]" if r.get("partial") else ""
        click.echo(
            f"{r['id']:<12} {r['kind']:<7} {r['system']:<15} {r['published']}  {r['what']}{flag}"
        )


@sorn_review.command("show")
@click.argument("item_id", metavar="ID")
@click.option("--json", "as_json", is_flag=True)
@handled
def review_show(item_id: str, as_json: bool) -> None:
    """One notice (with its diff against the version in force) or event."""
    from statusbridge.privacy.models import LegalEvent
    from statusbridge.privacy.review import (
        event_json,
        event_preview,
        find,
        notice_diff,
        summary,
    )
    from statusbridge.privacy.sorn import render_diff_text

    item = find(item_id)
    if isinstance(item, LegalEvent):
        data = {**event_json(item), "if_accepted": event_preview(item)}
        if as_json:
            click.echo(json.dumps(data, indent=2))
            return
        click.echo(f"{data['id']}: {item} — {item.review}")
        if item.summary:
            click.echo(item.summary)
        for doubt in item.unconfirmed:
            click.echo(f"  not confirmed: {doubt}")
        preview = data["if_accepted"]
        click.echo(f"Accepted, from {preview['on']} it would:")
        for key, words in (
            ("stops", "stop routine use"),
            ("restores", "let apply instead routine use"),
            ("purposes_lost", "leave uncovered the purpose"),
            ("purposes_regained", "cover again the purpose"),
        ):
            for name in preview[key]:
                click.echo(f"  {words} {name}")
        if not any(preview[k] for k in ("stops", "restores")):
            click.echo("  change no routine use (another accepted event already decides)")
        return
    found = notice_diff(item)
    data = {
        **summary(item),
        "modifies": item.modifies or None,
        "diff": found.to_json() if found else None,
    }
    if as_json:
        click.echo(json.dumps(data, indent=2, default=str))
        return
    click.echo(f"{data['id']}: {data['what']} for {item.system_number}, published {item.published}")
    if item.partial:
        click.echo(f"PARTIAL — it cannot be accepted: {item.problems}")
    for doubt in data["doubts"]:
        click.echo(f"parser's doubt: {doubt}")
    blank = [
        ru["label"] for ru in (item.version or {}).get("routine_uses", []) if not ru.get("purposes")
    ]
    if blank:
        click.echo(
            f"routine uses with no purposes recorded (they would authorize nothing; "
            f"--purposes LABEL=… on accept): {', '.join(blank)}"
        )
    click.echo(
        render_diff_text(found) if found else "no earlier version in force: all of it is new"
    )


def _purposes(values: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    out: dict[str, tuple[str, ...]] = {}
    for value in values:
        label, sep, names = value.partition("=")
        if not sep or not label.strip():
            raise Failure(f"--purposes '{value}': use LABEL=purpose,purpose")
        out[label.strip()] = tuple(n.strip() for n in names.split(",") if n.strip())
    return out


@sorn_review.command("accept")
@click.argument("item_id", metavar="ID")
@click.option(
    "--purposes",
    "purposes",
    multiple=True,
    help="LABEL=purpose,… for a routine use of a notice whose purposes the notice's words "
    "leave to the reviewer (repeatable).",
)
@acting_for(
    Action.ACCEPT_LEGAL_CHANGE, lambda **_: whole("legal-change"), required=True, pass_by=True
)
@handled
def review_accept(item_id: str, purposes: tuple[str, ...], by: str) -> None:
    """A privacy officer accepts an imported notice or a legal event: from then on it counts."""
    from statusbridge.privacy.review import accept

    click.echo(accept(item_id, by, _purposes(purposes)).message)


@sorn_review.command("reject")
@click.argument("item_id", metavar="ID")
@acting_for(
    Action.ACCEPT_LEGAL_CHANGE, lambda **_: whole("legal-change"), required=True, pass_by=True
)
@handled
def review_reject(item_id: str, by: str) -> None:
    """A privacy officer rejects an imported notice or a legal event: it never counts."""
    from statusbridge.privacy.review import reject

    click.echo(reject(item_id, by).message)


@sorn.group("event")
def sorn_event() -> None:
    """Legal events: court orders and other acts that vacate, enjoin, stay or lift a notice."""


@sorn_event.command("add")
@click.option("--system", required=True)
@click.option("--published", required=True, help="The publication day of the version touched.")
@click.option("--routine-use", "routine_use", default="", help="One routine use's label.")
@click.option(
    "--effect", required=True, type=click.Choice(["vacated", "enjoined", "stayed", "lifted"])
)
@click.option("--from", "effective_from", required=True, help="The first day it has effect.")
@click.option("--citation", required=True, help="Court, case number, date.")
@click.option("--summary", default="", help="What the event does, in plain words.")
@click.option("--json", "as_json", is_flag=True)
@handled
def event_add(
    system: str,
    published: str,
    routine_use: str,
    effect: str,
    effective_from: str,
    citation: str,
    summary: str,
    as_json: bool,
) -> None:
    """Record a legal event; it changes nothing until a privacy officer accepts it."""
    from statusbridge.privacy.review import add_event, event_json

    event = add_event(
        system,
        parse_day(published),
        effect,
        parse_day(effective_from),
        citation,
        routine_use=routine_use,
        summary_text=summary,
    )
    if as_json:
        click.echo(json.dumps(event_json(event), indent=2))
        return
    click.echo(f"event-{event.pk}: {event} — awaiting review")


@sorn.command("events")
@click.option("--json", "as_json", is_flag=True)
@handled
def sorn_events(as_json: bool) -> None:
    """Every legal event, with its review."""
    from statusbridge.privacy.models import LegalEvent
    from statusbridge.privacy.review import event_json

    rows = [event_json(e) for e in LegalEvent.objects.all()]
    if as_json:
        click.echo(json.dumps(rows, indent=2))
        return
    if not rows:
        click.echo("no legal events")
    for r in rows:
        touches = f"{r['system']}@{r['published']}"
        touches += f" #{r['routine_use']}" if r["routine_use"] else ""
        click.echo(f"{r['id']:<9} {r['review']:<9} {touches} {r['effect']} from {r['from']}")
        click.echo(f"          {r['citation']}")


@sorn.command("in-force")
@click.option("--on", "on", help="The day (default today).")
@click.option("--json", "as_json", is_flag=True)
@handled
def sorn_in_force(on: str | None, as_json: bool) -> None:
    """Each tracked system's notices and legal events in force on a day, in plain words."""
    from statusbridge.privacy.law import in_force

    systems = in_force(parse_past_day(on))
    if as_json:
        click.echo(json.dumps(systems, indent=2))
        return
    for s in systems:
        click.echo(f"{s['system']} — {s['system_name']} (on {s['on']})")
        for n in s["notices"]:
            click.echo(f"  notice {n['citation']}  {n['url'] or ''}")
        for u in s["routine_uses"]:
            purposes = ", ".join(u["purposes"]) or "no purposes recorded"
            click.echo(f"  routine use {u['label']} since {u['since']}: {purposes}")
        for b in s["barred"]:
            click.echo(f"  {b['plain']}")
        for e in s["legal_events"]:
            state = "" if e["review"] == "accepted" else f" [{e['review']}: changes nothing yet]"
            click.echo(f"  {e['plain']}{state}")


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
@click.option(
    "--verification-days",
    type=click.IntRange(1, 60),
    default=7,
    show_default=True,
    help="Federal working days for additional verification.",
)
@click.option(
    "--documents-days",
    type=click.IntRange(1, 90),
    default=10,
    show_default=True,
    help="Federal working days for the third step (documents).",
)
@click.option(
    "--contest-days",
    type=click.IntRange(1, 365),
    default=30,
    show_default=True,
    help="Calendar days the person has to contest after notice.",
)
@click.option(
    "--election-state",
    default="",
    help="Voter-list maintenance: the state whose federal primaries hold removals.",
)
@click.option("--contact", default="", help="Whom a person contacts about a notice.")
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
    verification_days: int,
    documents_days: int,
    contest_days: int,
    election_state: str,
    contact: str,
) -> None:
    """Record a memorandum of agreement for one purpose (and its due-process clocks)."""
    from django.core.exceptions import ValidationError

    from statusbridge.privacy.models import IDENTIFIER_TYPES, Agency, Agreement

    found, _ = Agency.objects.get_or_create(slug=agency, defaults={"name": agency_name or agency})
    state = election_state.strip().upper()
    if state and not (len(state) == 2 and state.isalpha()):
        raise Failure(f"--election-state: '{election_state}' is not a two-letter state code")
    if contact.strip():
        found.contact = contact.strip()
        found.save(update_fields=["contact"])
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
        verification_days=verification_days,
        documents_days=documents_days,
        contest_days=contest_days,
        election_state=state,
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
