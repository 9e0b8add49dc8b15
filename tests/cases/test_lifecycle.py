"""The case lifecycle as a pure table: every path a case can take, explored exhaustively.

No final adverse result may ever be reachable before a status verifier's determination, a
notice of that determination, and the end of its contest window with no contest open
(5 U.S.C. 552a(p)). The search below takes every allowed step, on the same day or after the
window, from both opening states, and checks that rule wherever ``finalize`` is allowed.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

import pytest

from statusbridge.cases.lifecycle import (
    TABLE,
    TERMINAL,
    Facts,
    NotAllowed,
    Outcome,
    State,
    Step,
    check,
    needs_notice,
    opening_state,
)

OPENED = date(2026, 3, 2)
TODAY = date(2027, 1, 1)


@dataclass(frozen=True)
class Path:
    """A case's facts and what its history proves so far."""

    facts: Facts
    day: date
    determined: bool = False  # a verifier determined since the last contest
    noticed_on: date | None = None  # the notice of the latest determination
    contested_since_notice: bool = False


def _apply(path: Path, step: Step, day: date, outcome: Outcome | None) -> Path:
    target = check(path.facts, step, day, TODAY).target or path.facts.state
    facts = replace(path.facts, state=target, last_event_on=day)
    if step is Step.DETERMINE:
        facts = replace(facts, outcome=outcome, contest_until=None)
        return Path(facts, day, determined=True)
    if step is Step.NOTIFY:
        facts = replace(facts, contest_until=day + timedelta(days=30))
        return Path(facts, day, path.determined, day, False)
    if step is Step.CONTEST:
        return Path(facts, day, False, path.noticed_on, True)
    return Path(facts, day, path.determined, path.noticed_on, path.contested_since_notice)


def _explore(adverse: bool) -> tuple[int, set[tuple[State, Step]]]:
    """Every reachable path (deduplicated by what matters), checking the rule at each."""
    start = Facts(opening_state(adverse), adverse, None, None, OPENED)
    frontier, seen, finals, taken = [Path(start, OPENED)], set(), 0, set()
    while frontier:
        path = frontier.pop()
        key = (
            path.facts,
            path.determined,
            path.noticed_on is not None,
            path.contested_since_notice,
        )
        if key in seen or path.day > TODAY - timedelta(days=100):
            continue
        seen.add(key)
        for step in Step:
            for gap in (0, 1, 30, 31):
                day = path.day + timedelta(days=gap)
                outcomes = list(Outcome) if step is Step.DETERMINE else [None]
                for outcome in outcomes:
                    try:
                        following = _apply(path, step, day, outcome)
                    except NotAllowed:
                        continue
                    taken.add((path.facts.state, step))
                    if step is Step.FINALIZE:
                        finals += 1
                        _assert_due_process_was_followed(path, day)
                    frontier.append(following)
    return finals, taken


def _assert_due_process_was_followed(path: Path, day: date) -> None:
    assert path.facts.outcome is not None, "final without a determination"
    if not needs_notice(path.facts):
        return
    assert path.determined, "final adverse result without a verifier's determination"
    assert path.noticed_on is not None, "final adverse result without notice"
    assert not path.contested_since_notice, "final adverse result with a contest open"
    assert day > path.noticed_on + timedelta(days=30), "final adverse result inside the window"


@pytest.mark.parametrize("adverse", [True, False])
def test_no_path_reaches_a_final_adverse_result_without_due_process(adverse: bool) -> None:
    finals, taken = _explore(adverse)
    assert finals > 0  # the search did reach final results, so the check above ran
    # Every step of the table was taken from every state it lists (no dead rows).
    expected = {
        (source, step)
        for step, transition in TABLE.items()
        for source in transition.sources
        if adverse
        or source is not State.OPEN
        or step in (Step.INSTITUTE, Step.CLOSE, Step.RESUBMIT)
    }
    if adverse:  # an adverse purpose never leaves a case waiting for the agency to institute
        expected = {(s, t) for s, t in expected if s is not State.OPEN}
    assert expected <= taken


def _facts(state: State, outcome: Outcome | None = Outcome.NOT_VERIFIED, **kw: object) -> Facts:
    values: dict[str, object] = {
        "state": state, "adverse_action": True, "outcome": outcome,
        "contest_until": None, "last_event_on": OPENED,
    }  # fmt: skip
    values.update(kw)
    return Facts(**values)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("facts", "message"),
    [
        (_facts(State.ADDITIONAL_VERIFICATION, None), "cannot be finalized"),
        (_facts(State.DOCUMENTS_SUBMITTED, None), "cannot be finalized"),
        (_facts(State.DETERMINED), "notify the person first"),
        (_facts(State.NOTICE_SENT, contest_until=date(2026, 4, 1)), "may contest until 2026-04-01"),
        (_facts(State.CONTESTED), "cannot be finalized"),
        (_facts(State.FINAL), "cannot be finalized"),
        (_facts(State.CLOSED), "cannot be finalized"),
    ],
)
def test_every_shortcut_to_a_final_adverse_result_is_refused(facts: Facts, message: str) -> None:
    with pytest.raises(NotAllowed, match=message):
        check(facts, Step.FINALIZE, date(2026, 4, 1), TODAY)


def test_the_last_day_of_the_window_is_still_inside_it() -> None:
    noticed = _facts(State.NOTICE_SENT, contest_until=date(2026, 4, 1))
    with pytest.raises(NotAllowed):
        check(noticed, Step.FINALIZE, date(2026, 4, 1), TODAY)
    assert check(noticed, Step.FINALIZE, date(2026, 4, 2), TODAY).target is State.FINAL


def test_a_favourable_determination_is_final_without_notice() -> None:
    citizen = _facts(State.DETERMINED, Outcome.US_CITIZEN)
    assert check(citizen, Step.FINALIZE, OPENED, TODAY).target is State.FINAL
    with pytest.raises(NotAllowed, match="favourable"):
        check(citizen, Step.NOTIFY, OPENED, TODAY)


def test_a_purpose_without_adverse_action_needs_no_notice_to_finalize() -> None:
    benefit = _facts(State.DETERMINED, adverse_action=False)
    assert check(benefit, Step.FINALIZE, OPENED, TODAY).target is State.FINAL


def test_dates_before_the_last_event_or_after_today_are_refused() -> None:
    case = _facts(State.ADDITIONAL_VERIFICATION, None, last_event_on=date(2026, 3, 10))
    with pytest.raises(NotAllowed, match="before the case's last event"):
        check(case, Step.DETERMINE, date(2026, 3, 9), TODAY)
    with pytest.raises(NotAllowed, match="later than today"):
        check(case, Step.DETERMINE, TODAY + timedelta(days=1), TODAY)


def test_a_closed_or_final_case_takes_no_step() -> None:
    for state in TERMINAL:
        for step in Step:
            with pytest.raises(NotAllowed):
                check(_facts(state), step, OPENED, TODAY)


def test_additional_verification_starts_at_once_only_where_adverse_action_can_follow() -> None:
    assert opening_state(True) is State.ADDITIONAL_VERIFICATION
    assert opening_state(False) is State.OPEN
