"""Measured outcomes of due process, for oversight, and the corrections sent to agencies.

Everything here is read from the cases and their history; nothing is stored twice. Time to
determination is counted in federal working days from the day additional verification began
to the first determination, against the agreement's clock.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from statistics import median
from typing import Any

from statusbridge import config
from statusbridge.cases import clocks
from statusbridge.cases.lifecycle import FAVOURABLE, VERIFIER_STATES, State
from statusbridge.cases.models import Case, CaseEvent
from statusbridge.cases.services import clocks_for
from statusbridge.records.models import CorrectionSent

_FAVOURABLE = {o.value for o in FAVOURABLE}


def corrections_sent(agency: str | None = None) -> list[dict[str, Any]]:
    """Each correction sent, newest last; one agency's when ``agency`` is given."""
    query = CorrectionSent.objects.select_related("correction").order_by("pk")
    if agency:
        query = query.filter(recipient=agency)
    return [
        {
            "sent_on": s.sent_on.isoformat(),
            "recipient": s.recipient,
            "purpose": s.purpose,
            "earlier_answer": s.earlier_answer,
            "outcome": s.correction.outcome,
            "status": s.correction.status or None,
            "effective_on": s.correction.effective_on.isoformat(),
            "case_number": s.correction.case_number,
            "ledger_sequence": s.ledger_sequence,
        }
        for s in query
    ]


def stats(today: date | None = None) -> dict[str, Any]:
    """Per agency and purpose: cases opened, where they stand, how fast and how they ended."""
    today = today or config.today()
    events = _events_by_case()
    groups: dict[tuple[str, str], list[Case]] = defaultdict(list)
    for case in Case.objects.order_by("pk").iterator(chunk_size=2000):
        groups[(case.agency, case.purpose)].append(case)
    sent = _corrections_by_agency()
    return {
        "as_of": today.isoformat(),
        "groups": [
            _group(agency, purpose, found, events, today, sent.get(agency, 0))
            for (agency, purpose), found in sorted(groups.items())
        ],
    }


def _events_by_case() -> dict[str, list[tuple[str, date]]]:
    """Each case's history, by case number (the events' key to their case)."""
    found: dict[str, list[tuple[str, date]]] = defaultdict(list)
    rows = CaseEvent.objects.order_by("pk").values_list("case_id", "action", "on")
    for case_id, action, on in rows.iterator(chunk_size=5000):
        found[case_id].append((action, on))
    return found


def _corrections_by_agency() -> dict[str, int]:
    found: dict[str, int] = defaultdict(int)
    cases = dict(Case.objects.values_list("case_number", "agency"))
    for number in CorrectionSent.objects.values_list("correction__case_number", flat=True):
        found[cases.get(number, "")] += 1
    return found


def _group(
    agency: str,
    purpose: str,
    found: list[Case],
    events: dict[str, list[tuple[str, date]]],
    today: date,
    corrections: int,
) -> dict[str, Any]:
    by_state: dict[str, int] = defaultdict(int)
    for case in found:
        by_state[case.state] += 1
    timings = [
        t for t in (_timing(c, events.get(c.case_number, [])) for c in found) if t is not None
    ]
    outcomes = [c.outcome for c in found if c.outcome]
    contested = [c for c in found if any(a == "contest" for a, _ in events.get(c.case_number, []))]
    overdue = [
        c for c in found if State(c.state) in VERIFIER_STATES and c.due_on and today > c.due_on
    ]
    return {
        "agency": agency,
        "purpose": purpose,
        "opened": len(found),
        "by_state": dict(sorted(by_state.items())),
        "overdue": len(overdue),
        "determined": len(timings),
        "determined_on_time": sum(1 for days, allowed in timings if days <= allowed),
        "working_days_to_determination": {
            "median": median(d for d, _ in timings) if timings else None,
            "max": max((d for d, _ in timings), default=None),
        },
        "outcomes": {o: outcomes.count(o) for o in sorted(set(outcomes))},
        "resolved_in_favour": sum(1 for o in outcomes if o in _FAVOURABLE),
        "share_in_favour": round(sum(o in _FAVOURABLE for o in outcomes) / len(outcomes), 4)
        if outcomes
        else None,
        "contests": _contests(contested, events),
        "corrections_sent": corrections,
    }


def _timing(case: Case, history: list[tuple[str, date]]) -> tuple[int, int] | None:
    """(working days from the start of additional verification to the first determination,
    the working days the agreement allowed), or None before any determination."""
    started = next((on for a, on in history if a == "institute"), None)
    if started is None and history and case.adverse_action:
        started = history[0][1]
    determined = next((on for a, on in history if a == "determine"), None)
    if started is None or determined is None:
        return None
    allowed = clocks_for(case.agency, case.purpose, case.opened_on).verification_days
    return clocks.working_days_between(started, determined), allowed


def _contests(contested: list[Case], events: dict[str, list[tuple[str, date]]]) -> dict[str, int]:
    """How contested cases came out: the determination after the last contest."""
    result = {"contested": len(contested), "favourable": 0, "unfavourable": 0, "pending": 0}
    for case in contested:
        history = events.get(case.case_number, [])
        last = max(i for i, (a, _) in enumerate(history) if a == "contest")
        if not any(a == "determine" for a, _ in history[last:]):
            result["pending"] += 1
        elif case.outcome in _FAVOURABLE:
            result["favourable"] += 1
        else:
            result["unfavourable"] += 1
    return result
