"""The only code that changes a case: opening cases for a batch, and taking one step of one case.

Every step asks ``cases.lifecycle.check`` first and is recorded as a ``CaseEvent`` (who, when,
why) in the same transaction as the change, so a case's history is the whole truth of it. Who
may take a step is the surfaces' check (``accounts.policy``, with the action the lifecycle table
names); this module trusts the name it is given and must never be reached around.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

import polars as pl
from django.db import transaction
from django.utils import timezone

from statusbridge import config
from statusbridge.accounts.policy import Target
from statusbridge.cases import clocks, elections, lifecycle
from statusbridge.cases.lifecycle import FAVOURABLE, Facts, NotAllowed, Outcome, State, Step
from statusbridge.cases.models import Case, CaseDocument, CaseEvent, Notice
from statusbridge.cases.notices import LANGUAGES, NoticeFacts, render
from statusbridge.engine.decide import Purpose
from statusbridge.engine.schema import DHS_CITIZEN_STATUSES, DHS_STATUSES
from statusbridge.privacy.models import Agency, Agreement
from statusbridge.rows import insert_rows

# Crockford's base32 alphabet: no I, L, O or U, so a number read over the phone is unambiguous.
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_RANDOM_CHARS = 10
SYSTEM = "statusbridge"  # who opens a case: no person does


def new_case_number(on: date) -> str:
    """``SB`` + the day (YYMMDD) + 50 random bits in Crockford base32."""
    value = secrets.randbits(5 * _RANDOM_CHARS)
    chars = []
    for _ in range(_RANDOM_CHARS):
        value, digit = divmod(value, 32)
        chars.append(_ALPHABET[digit])
    return f"SB{on:%y%m%d}" + "".join(chars)


@dataclass(frozen=True)
class Clocks:
    """The agreement's due-process clocks (``privacy.models.Agreement``)."""

    verification_days: int = 7
    documents_days: int = 10
    contest_days: int = 30


def agreement_for(agency: str, purpose: str, on: date) -> Agreement | None:
    """The agreement a case's question was asked under (in force the day it was opened)."""
    return (
        Agreement.objects.filter(
            agency__slug=agency, purpose=purpose, valid_from__lte=on, valid_until__gte=on
        )
        .order_by("-valid_from")
        .first()
    )


def clocks_for(agency: str, purpose: str, on: date) -> Clocks:
    agreement = agreement_for(agency, purpose, on)
    if agreement is None:
        return Clocks()
    return Clocks(agreement.verification_days, agreement.documents_days, agreement.contest_days)


# --- opening ---------------------------------------------------------------------------------

_COLUMNS = ("case_number", "agency", "purpose", "adverse_action", "request_id", "reason",
            "authority", "person_key", "dhs_key", "identity", "ssa_as_of", "dhs_as_of",
            "opened_on", "state", "due_on", "outcome", "status", "evidence", "determined_by",
            "closure_reason", "last_event_on", "created_at")  # fmt: skip
_EVENT_COLUMNS = (
    "case_id",
    "action",
    "state",
    "on",
    "by",
    "note",
    "recorded_at",
)  # case_id: its number
_IDENTITY = ("first_name", "middle_name", "last_name", "dob", "ssn_last4")


def open_cases(
    answers: pl.DataFrame,
    requests: pl.DataFrame,
    agency: str,
    purpose: Purpose,
    on: date,
    authority: str = "",
) -> pl.DataFrame:
    """Fill ``case_number`` for answers with ``opens_case`` and record the cases and their
    first event, in the caller's transaction. ``requests`` are the normalized requests (for
    the identity a verifier compares with the records; the raw SSN is not in them)."""
    opening = answers.filter(pl.col("opens_case")).select(
        "row_number", "request_id", "reason", "person_key", "dhs_key", "ssa_as_of", "dhs_as_of"
    )
    if opening.height == 0:
        return answers.with_columns(pl.lit(None, pl.String).alias("case_number"))
    state = lifecycle.opening_state(purpose.adverse_action)
    due = None
    if state is State.ADDITIONAL_VERIFICATION:
        days = clocks_for(agency, purpose.name, on).verification_days
        due = clocks.add_working_days(on, days)
    numbers = [new_case_number(on) for _ in range(opening.height)]
    now = timezone.now()
    rows = (
        opening.join(requests.select("row_number", *_IDENTITY, *_IDENTIFIERS), on="row_number",
                     how="left", maintain_order="left")
        .select(
            pl.Series("case_number", numbers, dtype=pl.String),
            pl.col("request_id").fill_null("").str.slice(0, 200),
            "reason",
            pl.col("person_key").fill_null(""),
            pl.col("dhs_key").fill_null(""),
            _identity_json().alias("identity"),
            pl.col("ssa_as_of").cast(pl.String).str.to_date("%Y-%m-%d"),
            pl.col("dhs_as_of").cast(pl.String).str.to_date("%Y-%m-%d"),
        )
        .iter_rows()
    )  # fmt: skip
    fixed_before = (agency, purpose.name, purpose.adverse_action)
    fixed_after = (on, state.value, due, "", "", "", "", "", on, now)
    insert_rows(
        Case,
        _COLUMNS,
        [(n, *fixed_before, rid, reason, authority, pk, dk, ident, ssa, dhs, *fixed_after)
         for n, rid, reason, pk, dk, ident, ssa, dhs in rows],
    )  # fmt: skip
    note = "opened: the records did not confirm the request"
    reasons = opening["reason"].to_list()
    insert_rows(
        CaseEvent,
        _EVENT_COLUMNS,
        [(n, "open", state.value, on, SYSTEM, f"{note} ({r})", now)
         for n, r in zip(numbers, reasons, strict=True)],
    )  # fmt: skip
    assigned = opening.select("row_number").with_columns(
        pl.Series("case_number", numbers, dtype=pl.String)
    )
    return answers.join(assigned, on="row_number", how="left", maintain_order="left")


_IDENTIFIERS = ("a_number", "certificate_number")


def _identity_json() -> pl.Expr:
    """The request as a verifier needs it, as JSON: names, dob, SSN last four, and which other
    identifiers were given (never the A-number or certificate number themselves)."""
    given = pl.concat_str(
        [pl.when(pl.col(f).is_not_null()).then(pl.lit(f)) for f in _IDENTIFIERS],
        separator=",",
        ignore_nulls=True,
    )
    fields = [pl.col(f).cast(pl.String) for f in _IDENTITY]
    return pl.struct(*fields, given.alias("identifiers")).struct.json_encode()


# --- looking up ------------------------------------------------------------------------------


class UnknownCase(ValueError):
    """No case has that number."""


def case_named(case_number: str) -> Case:
    case = Case.objects.filter(case_number=case_number.strip().upper()).first()
    if case is None:
        raise UnknownCase(f"no case {case_number}")
    return case


def case_target(case_number: str) -> Target:
    """The policy's view of a case, for ``--by`` checks and API routes."""
    from statusbridge.accounts.policy import target_of

    return target_of(case_named(case_number))


def facts_of(case: Case, on: date | None = None) -> Facts:
    """What the lifecycle needs to judge a step of ``case`` taken on ``on`` (default today)."""
    return Facts(
        state=State(case.state),
        adverse_action=case.adverse_action,
        outcome=Outcome(case.outcome) if case.outcome else None,
        contest_until=case.contest_until,
        last_event_on=case.last_event_on or case.opened_on,
        removal_hold=removal_hold(case, on or config.today()),
    )


def removal_hold(case: Case, on: date) -> str | None:
    """The election calendar's hold on a final removal on ``on``, as a reason, or None (also
    for a case that could not be finalized as a removal anyway, so lists stay cheap)."""
    removable = case.state in (State.DETERMINED, State.NOTICE_SENT) and not favourable(case)
    if case.purpose != elections.VOTER_LIST_PURPOSE or not removable:
        return None
    agreement = agreement_for(case.agency, case.purpose, case.opened_on)
    held = elections.hold(case.purpose, agreement.election_state if agreement else "", on)
    return held.reason() if held else None


# --- steps -----------------------------------------------------------------------------------


@transaction.atomic
def _take(case_number: str, step: Step, on: date, by: str, note: str) -> tuple[Case, State]:
    """Lock the case, check the step against the lifecycle, and return the state it leads to
    (the case's own when the step keeps it where it is). The caller saves and records."""
    case = Case.objects.select_for_update().filter(case_number=case_number.strip().upper()).first()
    if case is None:
        raise UnknownCase(f"no case {case_number}")
    transition = lifecycle.check(facts_of(case, on), step, on, config.today())
    return case, transition.target or State(case.state)


def _record(case: Case, step: Step, target: State, on: date, by: str, note: str) -> None:
    case.state = target.value
    case.last_event_on = on
    case.save()
    CaseEvent.objects.create(
        case=case, action=step.value, state=target.value, on=on, by=by, note=note
    )


def institute(case_number: str, on: date, by: str, note: str = "") -> Case:
    """The agency sends an unconfirmed case to additional verification."""
    with transaction.atomic():
        case, target = _take(case_number, Step.INSTITUTE, on, by, note)
        days = clocks_for(case.agency, case.purpose, case.opened_on).verification_days
        case.due_on = clocks.add_working_days(on, days)
        _record(case, Step.INSTITUTE, target, on, by, note or "additional verification instituted")
    return case


def request_documents(case_number: str, on: date, by: str, note: str) -> Case:
    """A status verifier asks for documents from the person (the third step)."""
    with transaction.atomic():
        case, target = _take(case_number, Step.REQUEST_DOCUMENTS, on, by, note)
        days = clocks_for(case.agency, case.purpose, case.opened_on).documents_days
        case.due_on = clocks.add_working_days(on, days)
        _record(case, Step.REQUEST_DOCUMENTS, target, on, by, note)
    return case


DOCUMENT_KINDS = {
    "naturalization-certificate": "Certificate of naturalization",
    "citizenship-certificate": "Certificate of citizenship",
    "us-passport": "U.S. passport or passport card",
    "birth-certificate": "Birth certificate",
    "immigration-document": "Immigration document (permanent resident card, I-94, EAD…)",
    "other": "Other document",
}
MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
_SIGNATURES = {
    b"%PDF-": "application/pdf",
    b"\x89PNG\r\n\x1a\n": "image/png",
    b"\xff\xd8\xff": "image/jpeg",
    b"II*\x00": "image/tiff",
    b"MM\x00*": "image/tiff",
}


class DocumentRefused(ValueError):
    """An upload that is not a PDF or an image, or is too large; the message says which."""


def media_type_of(content: bytes) -> str:
    """What the bytes are, from their first bytes (a name or a declared type proves nothing)."""
    if not content:
        raise DocumentRefused("the document is empty")
    if len(content) > MAX_DOCUMENT_BYTES:
        raise DocumentRefused(
            f"the document is {len(content):,} bytes; at most {MAX_DOCUMENT_BYTES:,} are accepted"
        )
    for signature, media_type in _SIGNATURES.items():
        if content.startswith(signature):
            return media_type
    raise DocumentRefused("the document is not a PDF or an image (PNG, JPEG or TIFF)")


def submit_documents(
    case_number: str, on: date, by: str, kind: str, filename: str, content: bytes, note: str = ""
) -> CaseDocument:
    """The agency uploads a document the person gave it, for a verifier to review."""
    if kind not in DOCUMENT_KINDS:
        raise DocumentRefused(
            f"unknown document kind '{kind}' (one of {', '.join(DOCUMENT_KINDS)})"
        )
    media_type = media_type_of(content)
    name = filename.replace("\\", "/").rsplit("/", 1)[-1][:200] or "document"
    with transaction.atomic():
        case, target = _take(case_number, Step.SUBMIT_DOCUMENTS, on, by, note)
        document = CaseDocument.objects.create(
            case=case, kind=kind, filename=name, media_type=media_type,
            sha256=hashlib.sha256(content).hexdigest(), size=len(content), content=content,
            uploaded_on=on, uploaded_by=by,
        )  # fmt: skip
        what = f"{DOCUMENT_KINDS[kind]} ({name}, {media_type}, sha256 {document.sha256[:12]}…)"
        _record(case, Step.SUBMIT_DOCUMENTS, target, on, by, f"{what}. {note}".strip())
    return document


class InvalidDetermination(ValueError):
    """An outcome, status or evidence a determination cannot have."""


def _checked_outcome(outcome: str, status: str | None, evidence: str) -> tuple[Outcome, str]:
    try:
        result = Outcome(outcome.strip().upper())
    except ValueError:
        choices = ", ".join(o.value for o in Outcome)
        raise InvalidDetermination(f"unknown outcome '{outcome}' (one of {choices})") from None
    status = (status or "").strip().upper()
    if result is Outcome.IMMIGRATION_STATUS:
        if status not in DHS_STATUSES or status in DHS_CITIZEN_STATUSES:
            allowed = ", ".join(sorted(DHS_STATUSES - DHS_CITIZEN_STATUSES))
            raise InvalidDetermination(
                f"an IMMIGRATION_STATUS determination needs --status, one of {allowed}"
            )
    elif status:
        raise InvalidDetermination(f"--status goes only with IMMIGRATION_STATUS, not {result}")
    if not evidence.strip():
        raise InvalidDetermination("a determination needs --evidence: what it rests on")
    return result, status


def determine(
    case_number: str, on: date, by: str, outcome: str, evidence: str, status: str | None = None
) -> Case:
    """A status verifier's determination; one the records had wrong becomes a correction that
    reaches every earlier recipient (``cases.corrections``)."""
    from statusbridge.cases import corrections

    result, status_value = _checked_outcome(outcome, status, evidence)
    with transaction.atomic():
        case, target = _take(case_number, Step.DETERMINE, on, by, evidence)
        case.outcome, case.status, case.evidence = result.value, status_value, evidence.strip()
        case.determined_on, case.determined_by = on, by
        case.notice_sent_on = case.contest_until = None
        said = f"{result.value}{' ' + status_value if status_value else ''}: {evidence.strip()}"
        _record(case, Step.DETERMINE, target, on, by, said)
        corrections.after_determination(case, on)
    return case


def notify(case_number: str, on: date, by: str, via: str = "mail", note: str = "") -> Case:
    """The agency sends the person the notice of findings; the contest window starts."""
    with transaction.atomic():
        case, target = _take(case_number, Step.NOTIFY, on, by, note)
        window = clocks_for(case.agency, case.purpose, case.opened_on).contest_days
        case.notice_sent_on = on
        case.contest_until = clocks.add_calendar_days(on, window)
        facts = notice_facts(case)
        for language in LANGUAGES:
            rendered = render(facts, language)
            Notice.objects.create(
                case=case, language=language, text=rendered.text, pdf=rendered.pdf, sent_on=on,
                sent_via=via, sent_by=by, contest_until=case.contest_until,
            )  # fmt: skip
        said = f"notice sent by {via}; contest until {case.contest_until.isoformat()}"
        _record(case, Step.NOTIFY, target, on, by, f"{said}. {note}".strip(". "))
    return case


def notice_facts(case: Case) -> NoticeFacts:
    """What the notice says, from the case and its agency."""
    agency = Agency.objects.filter(slug=case.agency).first()
    assert case.determined_on is not None and case.notice_sent_on is not None
    assert case.contest_until is not None
    return NoticeFacts(
        case_number=case.case_number,
        agency_name=agency.name if agency else case.agency,
        agency_contact=agency.contact if agency else "",
        purpose=case.purpose,
        request_id=case.request_id,
        outcome=case.outcome,
        status=case.status,
        evidence=case.evidence,
        ssa_as_of=case.ssa_as_of,
        dhs_as_of=case.dhs_as_of,
        determined_on=case.determined_on,
        notice_on=case.notice_sent_on,
        contest_until=case.contest_until,
        case_page=config.public_case_page(case.case_number),
    )


def contest(case_number: str, on: date, by: str, note: str = "") -> Case:
    """The person contests; the case goes back to a status verifier, with a new due date."""
    with transaction.atomic():
        case, target = _take(case_number, Step.CONTEST, on, by, note)
        late = case.contest_until is not None and on > case.contest_until
        days = clocks_for(case.agency, case.purpose, case.opened_on).verification_days
        case.due_on = clocks.add_working_days(on, days)
        said = "contested" + (" after the window (accepted: nothing was final)" if late else "")
        _record(case, Step.CONTEST, target, on, by, f"{said}. {note}".strip(". "))
    return case


def finalize(case_number: str, on: date, by: str, note: str = "") -> Case:
    """The agency's final result, once the lifecycle allows it."""
    with transaction.atomic():
        case, target = _take(case_number, Step.FINALIZE, on, by, note)
        _record(case, Step.FINALIZE, target, on, by, note or f"final: {case.outcome}")
    return case


def close(case_number: str, on: date, by: str, reason: str) -> Case:
    """The agency closes a case before it is final, with the reason."""
    if not reason.strip():
        raise NotAllowed("closing a case needs a reason")
    with transaction.atomic():
        case, target = _take(case_number, Step.CLOSE, on, by, reason)
        case.closed_on, case.closure_reason = on, reason.strip()[:300]
        _record(case, Step.CLOSE, target, on, by, reason.strip())
    return case


def resubmit(
    case_number: str, on: date, by: str, fields: Mapping[str, str | None]
) -> dict[str, object]:
    """Answer the case's request again from the records with the identifiers the agency adds
    (a full SSN, an A-number…). Confirmed now: the case is closed with that answer; otherwise it
    stays where it was. The answer is a disclosure like any other: authorized and accounted."""
    from statusbridge.verify import Verifier, request_frame

    case = case_named(case_number)
    lifecycle.check(facts_of(case, on), Step.RESUBMIT, on, config.today())
    verifier = Verifier(case.agency, case.purpose, on, "single", reference="resubmit")
    try:
        frame = request_frame({**fields, "request_id": case.request_id})
        answer = verifier.answer(frame, for_case=case.case_number).row(0, named=True)
    finally:
        verifier.close()
    code = str(answer["response_code"])
    with transaction.atomic():
        case, target = _take(case_number, Step.RESUBMIT, on, by, "")
        if code in ("US_CITIZEN", "US_NATIONAL", "IMMIGRATION_STATUS", "DECEASED"):
            said = f"answered from the records on resubmission: {code} ({answer['reason']})"
            case.closed_on, case.closure_reason = on, said[:300]
            _record(case, Step.RESUBMIT, State.CLOSED, on, by, said)
        else:
            case.person_key = case.person_key or str(answer.get("person_key") or "")
            case.dhs_key = case.dhs_key or str(answer.get("dhs_key") or "")
            said = f"resubmitted: still {code} ({answer['reason']})"
            _record(case, Step.RESUBMIT, target, on, by, said)
    return answer


# --- reading ---------------------------------------------------------------------------------


def summary(case: Case, today: date | None = None) -> dict[str, object]:
    """A case as ``cases list`` and the API show it (``cases show`` adds ``history``)."""
    today = today or config.today()
    waiting = State(case.state) in lifecycle.VERIFIER_STATES | {State.DOCUMENTS_REQUESTED}
    return {
        "case_number": case.case_number,
        "agency": case.agency,
        "purpose": case.purpose,
        "request_id": case.request_id,
        "reason": case.reason,
        "state": case.state,
        "opened_on": _iso(case.opened_on),
        "due_on": _iso(case.due_on),
        "overdue": bool(waiting and case.due_on and today > case.due_on),
        "outcome": case.outcome or None,
        "status": case.status or None,
        "evidence": case.evidence or None,
        "determined_on": _iso(case.determined_on),
        "notice_sent_on": _iso(case.notice_sent_on),
        "contest_until": _iso(case.contest_until),
        "closed_on": _iso(case.closed_on),
        "closure_reason": case.closure_reason or None,
        "ssa_as_of": _iso(case.ssa_as_of),
        "dhs_as_of": _iso(case.dhs_as_of),
        "next": next_steps(case, today),
    }


def detail(case: Case, today: date | None = None) -> dict[str, object]:
    """``cases show --json``: the summary, the request's identity, documents, notices, history."""
    found = summary(case, today)
    found["identity"] = case.identity
    found["documents"] = [
        {"id": d.pk, "kind": d.kind, "filename": d.filename, "media_type": d.media_type,
         "size": d.size, "sha256": d.sha256, "uploaded_on": _iso(d.uploaded_on),
         "uploaded_by": d.uploaded_by}
        for d in case.documents.all()
    ]  # fmt: skip
    found["notices"] = [
        {"language": n.language, "sent_on": _iso(n.sent_on), "sent_via": n.sent_via,
         "contest_until": _iso(n.contest_until)}
        for n in case.notices.all()
    ]  # fmt: skip
    found["history"] = [
        {"state": e.state, "action": e.action, "on": _iso(e.on), "by": e.by, "note": e.note}
        for e in case.events.order_by("pk")
    ]
    return found


def next_steps(case: Case, today: date) -> list[str]:
    """The steps the lifecycle allows this case today (what a page or a reader offers)."""
    facts = facts_of(case)
    allowed = []
    for step in Step:
        try:
            lifecycle.check(
                facts, step, max(today, facts.last_event_on), max(today, facts.last_event_on)
            )
        except NotAllowed:
            continue
        allowed.append(step.value)
    return allowed


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def verifier_queue(today: date | None = None) -> list[Case]:
    """What status verifiers have to do, the earliest due first (overdue ones lead)."""
    waiting = [s.value for s in lifecycle.VERIFIER_STATES]
    return list(Case.objects.filter(state__in=waiting).order_by("due_on", "opened_on", "pk"))


def favourable(case: Case) -> bool:
    return case.outcome in {o.value for o in FAVOURABLE}
