"""``statusbridge cases …``: work a case from the command line, step by step.

Each step is ``cases.services`` (which asks the lifecycle table) behind the policy's check of
``--by`` for the action the lifecycle table names for that step; this module only parses,
calls and prints.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from statusbridge.accounts.acting import acting_for
from statusbridge.accounts.policy import Action, agency_target, whole
from statusbridge.cases.lifecycle import TABLE, Step
from statusbridge.command import Failure, handled, parse_past_day

F = TypeVar("F", bound=Callable[..., Any])


def _case(case_number: str, **_: Any) -> Any:
    from statusbridge.cases.services import case_target

    return case_target(case_number)


def _agency_or_all(agency: str | None = None, **_: Any) -> Any:
    return agency_target(agency) if agency else whole("case")


def _step(step: Step, *, required: bool = True) -> Callable[[F], F]:
    """``--by`` checked for the action the lifecycle table says ``step`` needs."""
    return acting_for(TABLE[step].action, _case, required=required, pass_by=True)


def _print(data: Any) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False))


def _said(case: Any) -> None:
    from statusbridge.cases.services import summary

    found = summary(case)
    due = f", due {found['due_on']}" if found["due_on"] else ""
    click.echo(f"{found['case_number']}: {found['state']}{due}")


@click.group()
def cases() -> None:
    """Cases for additional verification: list, show, and work them through due process."""


@cases.command("list")
@click.option("--agency", help="One agency's cases.")
@click.option("--state", help="Only cases in this state.")
@click.option("--overdue", is_flag=True, help="Only cases past their due date.")
@click.option("--limit", type=click.IntRange(min=1), help="Only the first N.")
@click.option("--json", "as_json", is_flag=True)
@acting_for(Action.VIEW_CASE, _agency_or_all)
@handled
def cases_list(
    agency: str | None, state: str | None, overdue: bool, limit: int | None, as_json: bool
) -> None:
    """Cases, the earliest opened first."""
    from statusbridge.cases.lifecycle import State
    from statusbridge.cases.models import Case
    from statusbridge.cases.services import summary

    query = Case.objects.order_by("opened_on", "pk")
    if agency:
        query = query.filter(agency=agency)
    if state:
        if state not in {s.value for s in State}:
            raise Failure(f"unknown state '{state}' (one of {', '.join(s.value for s in State)})")
        query = query.filter(state=state)
    found = [summary(c) for c in query.iterator(chunk_size=2000)]
    if overdue:
        found = [f for f in found if f["overdue"]]
    if as_json:
        _print(found[:limit])
        return
    _table(found, "cases", limit)


def _table(found: list[dict[str, Any]], title: str, limit: int | None = None) -> None:
    """One line per case: a verifier scans these, so nothing is cut to fit a table."""
    click.echo(
        f"{len(found)} {title}" + (f" (the first {limit})" if limit and limit < len(found) else "")
    )
    for f in found[:limit]:
        due = f"due {f['due_on']}{' OVERDUE' if f['overdue'] else ''}" if f["due_on"] else ""
        outcome = f" {f['outcome']}" if f["outcome"] else ""
        click.echo(f"  {f['case_number']}  {f['agency']}  {f['state']}{outcome}  {f['reason']}  "
                   f"opened {f['opened_on']}  {due}".rstrip())  # fmt: skip


@cases.command("queue")
@click.option("--limit", type=click.IntRange(min=1), help="Only the first N.")
@click.option("--json", "as_json", is_flag=True)
@acting_for(Action.VIEW_CASE, lambda **_: whole("case"))
@handled
def cases_queue(limit: int | None, as_json: bool) -> None:
    """A status verifier's work: the earliest due first, overdue cases marked."""
    from statusbridge.cases.services import summary, verifier_queue

    found = [summary(c) for c in verifier_queue()]
    if as_json:
        _print(found[:limit])
        return
    _table(found, "cases waiting for a status verifier", limit)


@cases.command("show")
@click.argument("case_number")
@click.option("--json", "as_json", is_flag=True)
@acting_for(Action.VIEW_CASE, _case)
@handled
def cases_show(case_number: str, as_json: bool) -> None:
    """One case, its documents, notices and history."""
    from statusbridge.cases.services import case_named, detail

    found: dict[str, Any] = detail(case_named(case_number))
    if as_json:
        _print(found)
        return
    for key, value in found.items():
        if key not in ("history", "documents", "notices", "identity") and value not in (None, []):
            click.echo(f"{key:>15}: {value}")
    click.echo("history:")
    for event in found["history"]:
        click.echo(f"  {event['on']}  {event['state']:<24} {event['by']}: {event['note']}")


_ON = click.option("--on", "on", help="The day it was done (default today; never later).")
_NOTE = click.option("--note", default="", help="Why, in a few words (kept in the history).")


@cases.command("institute")
@click.argument("case_number")
@_ON
@_NOTE
@_step(Step.INSTITUTE)
@handled
def cases_institute(case_number: str, on: str | None, note: str, by: str) -> None:
    """Send a case to additional verification (a purpose that cannot lead to adverse action
    starts it only when the agency asks)."""
    from statusbridge.cases import services

    _said(services.institute(case_number, parse_past_day(on), by, note))


@cases.command("request-documents")
@click.argument("case_number")
@click.option("--note", required=True, help="What the person should provide.")
@_ON
@_step(Step.REQUEST_DOCUMENTS)
@handled
def cases_request_documents(case_number: str, note: str, on: str | None, by: str) -> None:
    """A status verifier asks for the person's documents (the third step)."""
    from statusbridge.cases import services

    _said(services.request_documents(case_number, parse_past_day(on), by, note))


@cases.command("upload")
@click.argument("case_number")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--kind", required=True, help="naturalization-certificate, us-passport, …")
@_ON
@_NOTE
@_step(Step.SUBMIT_DOCUMENTS)
@handled
def cases_upload(
    case_number: str, file: Path, kind: str, on: str | None, note: str, by: str
) -> None:
    """The agency uploads a document the person gave it (PDF or image, at most 10 MB)."""
    from statusbridge.cases import services

    try:
        with file.open("rb") as handle:
            content = handle.read(services.MAX_DOCUMENT_BYTES + 1)
    except OSError as exc:
        raise Failure(f"cannot read {file}: {exc.strerror}") from exc
    document = services.submit_documents(
        case_number, parse_past_day(on), by, kind, file.name, content, note
    )
    click.echo(f"{case_number}: document {document.pk} received ({document.media_type})")


@cases.command("document")
@click.argument("case_number")
@click.argument("document_id", type=int)
@click.option("--out", "out_path", required=True, type=click.Path(path_type=Path))
@acting_for(Action.VIEW_CASE, _case)
@handled
def cases_document(case_number: str, document_id: int, out_path: Path) -> None:
    """Write a case's uploaded document to a file, for a verifier to review."""
    from statusbridge import config
    from statusbridge.cases.services import case_named

    document = case_named(case_number).documents.filter(pk=document_id).first()
    if document is None:
        raise Failure(f"case {case_number} has no document {document_id}")
    config.owner_only_files()
    with out_path.open("xb") as handle:
        handle.write(bytes(document.content))
    click.echo(f"wrote {out_path} ({document.media_type}, {document.size:,} bytes)")


@cases.command("determine")
@click.argument("case_number")
@click.option(
    "--outcome", required=True, help="US_CITIZEN, US_NATIONAL, IMMIGRATION_STATUS or NOT_VERIFIED."
)
@click.option("--status", help="The immigration status, with IMMIGRATION_STATUS.")
@click.option("--evidence", required=True, help="What the determination rests on.")
@_ON
@_step(Step.DETERMINE)
@handled
def cases_determine(
    case_number: str, outcome: str, status: str | None, evidence: str, on: str | None, by: str
) -> None:
    """A status verifier's determination after additional verification."""
    from statusbridge.cases import services

    _said(services.determine(case_number, parse_past_day(on), by, outcome, evidence, status))


@cases.command("notify")
@click.argument("case_number")
@click.option("--via", default="mail", show_default=True, help="How the notice was sent.")
@_ON
@_NOTE
@_step(Step.NOTIFY)
@handled
def cases_notify(case_number: str, via: str, on: str | None, note: str, by: str) -> None:
    """Send the person the notice of findings; the contest window starts that day."""
    from statusbridge.cases import services

    case = services.notify(case_number, parse_past_day(on), by, via, note)
    assert case.contest_until is not None
    click.echo(f"{case.case_number}: notice_sent, contest until {case.contest_until.isoformat()}")


@cases.command("notice")
@click.argument("case_number")
@click.option("--language", type=click.Choice(["en", "es"]), default="en", show_default=True)
@click.option("--pdf", "pdf_path", type=click.Path(path_type=Path), help="Write the PDF here.")
@acting_for(Action.VIEW_CASE, _case)
@handled
def cases_notice(case_number: str, language: str, pdf_path: Path | None) -> None:
    """The latest notice sent for a case: its text, or its PDF with --pdf."""
    from statusbridge import config
    from statusbridge.cases.services import case_named

    notice = case_named(case_number).notices.filter(language=language).order_by("-pk").first()
    if notice is None:
        raise Failure(f"no notice has been sent for case {case_number}")
    if pdf_path is None:
        click.echo(notice.text)
        return
    config.owner_only_files()
    with pdf_path.open("xb") as handle:
        handle.write(bytes(notice.pdf))
    click.echo(f"wrote {pdf_path}")


@cases.command("contest")
@click.argument("case_number")
@_ON
@_NOTE
@_step(Step.CONTEST, required=False)
@handled
def cases_contest(case_number: str, on: str | None, note: str, by: str | None) -> None:
    """The person contests the determination; the case goes back to a status verifier."""
    from statusbridge.cases import services

    _said(services.contest(case_number, parse_past_day(on), by or "the person", note))


@cases.command("finalize")
@click.argument("case_number")
@_ON
@_NOTE
@_step(Step.FINALIZE)
@handled
def cases_finalize(case_number: str, on: str | None, note: str, by: str) -> None:
    """The agency's final result (refused until due process allows it)."""
    from statusbridge.cases import services

    _said(services.finalize(case_number, parse_past_day(on), by, note))


@cases.command("close")
@click.argument("case_number")
@click.option("--reason", required=True, help="Why the case is closed.")
@_ON
@_step(Step.CLOSE)
@handled
def cases_close(case_number: str, reason: str, on: str | None, by: str) -> None:
    """Close a case before it is final (withdrawn, duplicate, answered elsewhere…)."""
    from statusbridge.cases import services

    _said(services.close(case_number, parse_past_day(on), by, reason))


@cases.command("resubmit")
@click.argument("case_number")
@click.option("--ssn")
@click.option("--ssn-last4")
@click.option("--a-number")
@click.option("--certificate-number")
@click.option("--first-name", required=True)
@click.option("--middle-name")
@click.option("--last-name", required=True)
@click.option("--dob", required=True)
@_ON
@click.option("--json", "as_json", is_flag=True)
@_step(Step.RESUBMIT)
@handled
def cases_resubmit(case_number: str, on: str | None, as_json: bool, by: str, **fields: str) -> None:
    """Answer a case again from the records, with more identifiers (a full SSN, an A-number)."""
    from statusbridge.cases import services
    from statusbridge.engine.schema import RESULT_COLUMNS

    answer = services.resubmit(case_number, parse_past_day(on), by, fields)
    shown = {c: answer.get(c) for c in RESULT_COLUMNS}
    if as_json:
        _print(shown)
        return
    click.echo(f"{case_number}: {shown['response_code']} ({shown['reason']})")


@cases.command("corrections")
@click.option("--agency", help="Corrections sent to this agency.")
@click.option("--json", "as_json", is_flag=True)
@acting_for(Action.VIEW_CASE, _agency_or_all)
@handled
def cases_corrections(agency: str | None, as_json: bool) -> None:
    """Corrections sent to agencies that earlier received another answer (552a(c)(4))."""
    from statusbridge.cases.reports import corrections_sent

    found = corrections_sent(agency)
    if as_json:
        _print(found)
        return
    for f in found:
        click.echo(
            f"{f['sent_on']}  to {f['recipient']} ({f['purpose']}): {f['outcome']} "
            f"replaces {f['earlier_answer']} (case {f['case_number']})"
        )


@cases.command("stats")
@click.option("--json", "as_json", is_flag=True)
@acting_for(Action.READ_DECISIONS, lambda **_: whole("case"))
@handled
def cases_stats(as_json: bool) -> None:
    """Measured outcomes for oversight: per agency and purpose."""
    from statusbridge.cases.reports import stats

    found = stats()
    if as_json:
        _print(found)
        return
    _print(found)


@click.group()
def elections() -> None:
    """The election calendar that holds final removals from voter rolls (52 U.S.C. 20507(c)(2))."""


@elections.command("list")
@click.option("--state", default="", help="Include this state's federal primaries.")
@click.option("--from", "start", help="First day (default today).")
@click.option("--to", "end", help="Last day (default two years on).")
@click.option("--json", "as_json", is_flag=True)
@handled
def elections_list(state: str, start: str | None, end: str | None, as_json: bool) -> None:
    """Federal elections, each with the first day of its 90-day hold on removals."""
    from datetime import timedelta

    from statusbridge.cases.elections import HOLD_DAYS, elections_between
    from statusbridge.command import parse_day

    first = parse_day(start)
    last = parse_day(end) if end else first + timedelta(days=2 * 366)
    found = [
        {"on": e.on.isoformat(), "name": e.name,
         "hold_from": (e.on - timedelta(days=HOLD_DAYS - 1)).isoformat()}
        for e in elections_between(first, last, state)
    ]  # fmt: skip
    if as_json:
        _print(found)
        return
    for f in found:
        click.echo(f"{f['on']}  {f['name']}  (no final removals from {f['hold_from']})")


@elections.command("add-primary")
@click.option("--state", required=True, help="USPS state code, e.g. GA.")
@click.option("--on", "on", required=True, help="The day of the primary.")
@click.option("--name", default="federal primary", show_default=True)
@acting_for(Action.MANAGE_AGREEMENTS, lambda **_: whole("calendar"), required=True, pass_by=True)
@handled
def elections_add_primary(state: str, on: str, name: str, by: str) -> None:
    """Enter a state's federal primary (or runoff); a privacy officer's task."""
    import re
    from datetime import timedelta

    from django.db import IntegrityError, transaction

    from statusbridge.cases.elections import HOLD_DAYS
    from statusbridge.cases.models import FederalPrimary
    from statusbridge.command import parse_day

    code = state.strip().upper()
    if not re.fullmatch(r"[A-Z]{2}", code):
        raise Failure(f"'{state}' is not a two-letter state code")
    day = parse_day(on)
    try:
        with transaction.atomic():
            FederalPrimary.objects.create(
                state=code, on=day, name=name.strip()[:200], entered_by=by
            )
    except IntegrityError:
        raise Failure(f"{code} already has a federal primary on {day.isoformat()}") from None
    held_from = day - timedelta(days=HOLD_DAYS - 1)
    click.echo(f"{code} {name} on {day.isoformat()}: final removals held from {held_from}")
