"""After a determination: the answer to the agency, and the correction to everyone told otherwise.

A status verifier's determination is itself a disclosure to the agency whose case it is, and is
accounted as one (nature ``determination``). When it says the records were wrong about a person
whose identity they confirmed — a citizen or national, or another status — it becomes a
correction layered over the snapshots (``records.corrections``), and every agency that earlier
received another answer about that person is sent it (5 U.S.C. 552a(c)(4)), each sending
accounted (nature ``correction``) and listed in the person's accounting. A correction about a
(b)(7) disclosure stays out of the person's view, as the disclosure did.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from statusbridge import config
from statusbridge.cases.lifecycle import Outcome
from statusbridge.cases.models import Case
from statusbridge.cases.services import agreement_for
from statusbridge.engine.schema import RECORD_CONTENT_REASONS
from statusbridge.ledger import services as ledger
from statusbridge.records.models import Correction, CorrectionSent

CORRECTION_AUTHORITY = "5 U.S.C. 552a(c)(4): a correction of an earlier disclosure"
_VERIFICATIONS = ("single", "bulk")
_CORRECTABLE = (Outcome.US_CITIZEN, Outcome.US_NATIONAL, Outcome.IMMIGRATION_STATUS)


def after_determination(case: Case, on: date) -> Correction | None:
    """Account the determination; record and send the correction it makes, if any."""
    hidden = agreement_for(case.agency, case.purpose, case.opened_on)
    law_enforcement = bool(hidden and hidden.law_enforcement)
    _account(case, [(case.agency, case.purpose, "determination", case.authority, law_enforcement)])
    if not corrects_records(case):
        return None
    correction = Correction.objects.create(
        person_key=case.person_key,
        dhs_key=case.dhs_key,
        outcome=case.outcome,
        status=case.status,
        evidence=case.evidence,
        case_number=case.case_number,
        effective_on=on,
    )
    _send(correction, case)
    return correction


def corrects_records(case: Case) -> bool:
    """A determination about what the records say of a person they identified."""
    return (
        case.outcome in {o.value for o in _CORRECTABLE}
        and case.reason in {str(r) for r in RECORD_CONTENT_REASONS}
        and bool(case.person_key or case.dhs_key)
    )


def _send(correction: Correction, case: Case) -> None:
    """One correction to each (agency, purpose) that received another answer about the
    person, except the case's own (its determination is its answer) and those already sent
    this very correction by an earlier determination."""
    told = ledger.entries_about([case.person_key, case.dhs_key])
    already = set(
        CorrectionSent.objects.filter(
            correction__outcome=correction.outcome,
            correction__status=correction.status,
            correction__person_key=correction.person_key,
            correction__dhs_key=correction.dhs_key,
        ).values_list("recipient", "purpose")
    )
    recipients: dict[tuple[str, str], tuple[str, bool]] = {}
    for entry in told:
        pair = (entry.recipient, entry.purpose)
        if entry.nature not in _VERIFICATIONS or pair == (case.agency, case.purpose):
            continue
        same = entry.response_code == correction.outcome != Outcome.IMMIGRATION_STATUS
        if same or pair in already:
            continue
        answers, hidden = recipients.get(pair, ("", True))
        said = sorted({*answers.split(","), entry.response_code} - {""})
        recipients[pair] = (",".join(said), hidden and entry.law_enforcement)
    if not recipients:
        return
    sequences = _account(
        case,
        [(agency, purpose, "correction", CORRECTION_AUTHORITY, hidden)
         for (agency, purpose), (_, hidden) in recipients.items()],
    )  # fmt: skip
    today = config.today()
    CorrectionSent.objects.bulk_create(
        CorrectionSent(
            correction=correction,
            recipient=agency,
            purpose=purpose,
            earlier_answer=earlier,
            sent_on=today,
            ledger_sequence=sequence,
        )
        for ((agency, purpose), (earlier, _)), sequence in zip(
            recipients.items(), sequences, strict=True
        )
    )


def _account(case: Case, sendings: list[tuple[str, str, str, str, bool]]) -> range:
    """One accounting entry per (recipient, purpose, nature, authority, law enforcement)."""
    return ledger.record(
        pl.DataFrame(
            {
                "disclosed_on": [config.today()] * len(sendings),
                "person_key": [case.person_key] * len(sendings),
                "dhs_key": [case.dhs_key] * len(sendings),
                "recipient": [s[0] for s in sendings],
                "purpose": [s[1] for s in sendings],
                "authority": [s[3] or "answer to an earlier verification" for s in sendings],
                "nature": [s[2] for s in sendings],
                "request_ref": [f"case:{case.case_number}"] * len(sendings),
                "response_code": [case.outcome] * len(sendings),
                "snapshots": [[] for _ in sendings],
                "law_enforcement": [s[4] for s in sendings],
            },
            schema_overrides={"snapshots": pl.List(pl.String)},
        )
    )
