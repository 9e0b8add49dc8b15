"""The case lifecycle: every step a case may take, in one table, with the rules that guard it.

A mismatch is a question. For a purpose that can lead to adverse action, additional verification
is instituted at once; for another purpose the agency institutes it. A status verifier answers
from the records or asks for documents (the third step); the determination is noticed to the
person when it is unfavourable; the person may contest, which sends the case back to a verifier;
only then may the agency finalize (5 U.S.C. 552a(p): independent verification, notice, and time
to contest before any adverse action). The agency may close a case at any point before it is
final, with a reason, and may resubmit it with more identifiers to be answered from the records
again.

``TABLE`` is the whole state machine: ``check`` is the only judge of whether a step is allowed,
and ``cases.services`` (the only code that changes a case) asks it before every change. This
module is pure: no Django, no database, no clock of its own.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date

from statusbridge.accounts.policy import Action


class State(enum.StrEnum):
    OPEN = "open"  # not confirmed; additional verification not yet instituted
    ADDITIONAL_VERIFICATION = "additional_verification"  # a status verifier's turn
    DOCUMENTS_REQUESTED = "documents_requested"  # third step: the agency asks the person
    DOCUMENTS_SUBMITTED = "documents_submitted"  # a verifier reviews what the person gave
    DETERMINED = "determined"
    NOTICE_SENT = "notice_sent"  # the contest window runs
    CONTESTED = "contested"  # back with a verifier
    FINAL = "final"
    CLOSED = "closed"


class Step(enum.StrEnum):
    INSTITUTE = "institute"
    REQUEST_DOCUMENTS = "request_documents"
    SUBMIT_DOCUMENTS = "submit_documents"
    DETERMINE = "determine"
    NOTIFY = "notify"
    CONTEST = "contest"
    FINALIZE = "finalize"
    CLOSE = "close"
    RESUBMIT = "resubmit"


class Outcome(enum.StrEnum):
    US_CITIZEN = "US_CITIZEN"
    US_NATIONAL = "US_NATIONAL"
    IMMIGRATION_STATUS = "IMMIGRATION_STATUS"
    NOT_VERIFIED = "NOT_VERIFIED"


FAVOURABLE = frozenset({Outcome.US_CITIZEN, Outcome.US_NATIONAL})
TERMINAL = frozenset({State.FINAL, State.CLOSED})
# Whose turn it is in each open state: the queues and the overdue marks follow this.
VERIFIER_STATES = frozenset(
    {State.ADDITIONAL_VERIFICATION, State.DOCUMENTS_SUBMITTED, State.CONTESTED}
)
AGENCY_STATES = frozenset(
    {State.OPEN, State.DOCUMENTS_REQUESTED, State.DETERMINED, State.NOTICE_SENT}
)


@dataclass(frozen=True)
class Transition:
    """A step allowed from some states: the state it leads to (None: the case stays where it
    is), the policy action the actor needs, and the clock it (re)starts."""

    sources: frozenset[State]
    target: State | None
    action: Action
    clock: str | None = None  # "verification", "documents" or "contest"


_S = State
_BEFORE_DETERMINATION = frozenset({_S.OPEN, _S.ADDITIONAL_VERIFICATION, _S.DOCUMENTS_REQUESTED})

TABLE: dict[Step, Transition] = {
    Step.INSTITUTE: Transition(
        frozenset({_S.OPEN}), _S.ADDITIONAL_VERIFICATION, Action.ACT_ON_CASE, "verification"
    ),
    Step.REQUEST_DOCUMENTS: Transition(
        frozenset({_S.ADDITIONAL_VERIFICATION, _S.CONTESTED}),
        _S.DOCUMENTS_REQUESTED,
        Action.DETERMINE_CASE,
        "documents",
    ),
    Step.SUBMIT_DOCUMENTS: Transition(
        frozenset({_S.DOCUMENTS_REQUESTED, _S.DOCUMENTS_SUBMITTED}),
        _S.DOCUMENTS_SUBMITTED,
        Action.ACT_ON_CASE,
    ),
    Step.DETERMINE: Transition(
        frozenset(
            {
                _S.ADDITIONAL_VERIFICATION,
                _S.DOCUMENTS_REQUESTED,
                _S.DOCUMENTS_SUBMITTED,
                _S.CONTESTED,
            }
        ),
        _S.DETERMINED,
        Action.DETERMINE_CASE,
    ),
    Step.NOTIFY: Transition(
        frozenset({_S.DETERMINED}), _S.NOTICE_SENT, Action.ACT_ON_CASE, "contest"
    ),
    Step.CONTEST: Transition(
        frozenset({_S.NOTICE_SENT}), _S.CONTESTED, Action.CONTEST_CASE, "verification"
    ),
    Step.FINALIZE: Transition(
        frozenset({_S.DETERMINED, _S.NOTICE_SENT}), _S.FINAL, Action.ACT_ON_CASE
    ),
    Step.CLOSE: Transition(frozenset(State) - TERMINAL, _S.CLOSED, Action.ACT_ON_CASE),
    # Answered from the records again: closed when they now confirm, else where it was.
    Step.RESUBMIT: Transition(_BEFORE_DETERMINATION, None, Action.ACT_ON_CASE),
}


@dataclass(frozen=True)
class Facts:
    """What the rules need to know about a case; ``cases.services`` builds it from the model."""

    state: State
    adverse_action: bool
    outcome: Outcome | None
    contest_until: date | None
    last_event_on: date
    # Why no final adverse result may take effect that day whatever else was done (the 90 days
    # before a federal election, for voter-list maintenance: ``cases.elections``), or None.
    removal_hold: str | None = None


class NotAllowed(ValueError):
    """A step the lifecycle does not allow now; the message is one line, fit to show the actor."""


def needs_notice(facts: Facts) -> bool:
    """An unfavourable determination for a purpose that can lead to adverse action."""
    return facts.adverse_action and facts.outcome not in FAVOURABLE


def check(facts: Facts, step: Step, on: date, today: date) -> Transition:
    """The transition ``step`` takes from ``facts`` on ``on``, or ``NotAllowed`` saying why."""
    transition = TABLE[step]
    if on > today:
        raise NotAllowed(f"{on.isoformat()} is later than today")
    if on < facts.last_event_on:
        raise NotAllowed(
            f"{on.isoformat()} is before the case's last event ({facts.last_event_on.isoformat()})"
        )
    if facts.state not in transition.sources:
        raise NotAllowed(f"a case in state {facts.state} cannot be {_PAST[step]}")
    if step is Step.NOTIFY and facts.outcome in FAVOURABLE:
        raise NotAllowed(
            f"the determination ({facts.outcome}) is favourable: there is nothing to contest"
        )
    if step is Step.FINALIZE:
        _check_finalize(facts, on)
    return transition


def _check_finalize(facts: Facts, on: date) -> None:
    """No final adverse result before verification, notice, and the end of the window."""
    if not needs_notice(facts):
        return
    if facts.state is not State.NOTICE_SENT or facts.contest_until is None:
        raise NotAllowed(
            f"the determination ({facts.outcome}) can lead to adverse action: "
            "notify the person first"
        )
    if on <= facts.contest_until:
        raise NotAllowed(
            f"the person may contest until {facts.contest_until.isoformat()}: "
            "no final result before the window ends"
        )
    if facts.removal_hold:
        raise NotAllowed(facts.removal_hold)


_PAST = {
    Step.INSTITUTE: "sent to additional verification",
    Step.REQUEST_DOCUMENTS: "asked for documents",
    Step.SUBMIT_DOCUMENTS: "given documents",
    Step.DETERMINE: "determined",
    Step.NOTIFY: "noticed",
    Step.CONTEST: "contested",
    Step.FINALIZE: "finalized",
    Step.CLOSE: "closed",
    Step.RESUBMIT: "resubmitted",
}


def opening_state(adverse_action: bool) -> State:
    """Additional verification is instituted at once where the purpose can lead to adverse
    action; for another purpose the agency decides whether to institute it."""
    return State.ADDITIONAL_VERIFICATION if adverse_action else State.OPEN
