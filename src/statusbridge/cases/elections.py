"""The election calendar's hold on removals from a voter roll.

The National Voter Registration Act requires a state to complete any program that systematically
removes ineligible voters no later than 90 days before a federal primary or general election
(52 U.S.C. 20507(c)(2)(A)); the Eleventh Circuit applied it to citizenship-based removals (Arcia v.
Secretary of State of Florida, 772 F.3d 1335 (2014)). So in those 90 days a voter-list case may
still be determined and noticed, but no final adverse result takes effect: ``hold`` says until
when. General elections are computed; federal primaries are entered per state
(``FederalPrimary``). ``hold_among`` is pure; ``hold`` reads the primaries.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

HOLD_DAYS = 90
VOTER_LIST_PURPOSE = "voter-list-maintenance"
CITATION = "52 U.S.C. 20507(c)(2)(A)"


def general_election(year: int) -> date | None:
    """The federal general election of ``year``: the Tuesday after the first Monday in November
    of an even year (2 U.S.C. 7, 3 U.S.C. 1); None in an odd year."""
    if year % 2:
        return None
    first = date(year, 11, 1)
    monday = first + timedelta(days=(0 - first.weekday()) % 7)
    return monday + timedelta(days=1)


@dataclass(frozen=True)
class Election:
    on: date
    name: str


@dataclass(frozen=True)
class Hold:
    """No final removal before ``until``, because of ``election``."""

    election: Election
    until: date

    def reason(self) -> str:
        return (
            f"no final removal from a voter roll within {HOLD_DAYS} days before the "
            f"{self.election.name} of {self.election.on.isoformat()} ({CITATION}): "
            f"possible from {self.until.isoformat()}"
        )


def held_by(election: Election, on: date) -> bool:
    """Whether ``on`` is within the 90 days before ``election`` (the day itself included); a
    program completed 90 days before is on time."""
    return 0 <= (election.on - on).days < HOLD_DAYS


def hold_among(elections: list[Election], on: date) -> Hold | None:
    """The hold on ``on`` among ``elections``, running on through any election whose own 90
    days begin before the previous one has passed (a primary, then the general election)."""
    holding = [e for e in elections if held_by(e, on)]
    if not holding:
        return None
    first = min(holding, key=lambda e: e.on)
    day = first.on + timedelta(days=1)
    while True:
        later = [e for e in elections if held_by(e, day)]
        if not later:
            return Hold(first, day)
        day = max(e.on for e in later) + timedelta(days=1)


def elections_between(start: date, end: date, state: str = "") -> list[Election]:
    """Federal general elections, and ``state``'s federal primaries, from ``start`` to ``end``."""
    from statusbridge.cases.models import FederalPrimary

    found = [
        Election(day, "federal general election")
        for year in range(start.year, end.year + 1)
        if (day := general_election(year)) is not None and start <= day <= end
    ]
    if state:
        primaries = FederalPrimary.objects.filter(state=state.upper(), on__gte=start, on__lte=end)
        found += [Election(p.on, f"{p.state} {p.name}") for p in primaries]
    return sorted(found, key=lambda e: e.on)


def hold(purpose: str, state: str, on: date) -> Hold | None:
    """The hold on finalizing a case of ``purpose`` on ``on``; None outside voter-list
    maintenance or outside any election's 90 days."""
    if purpose != VOTER_LIST_PURPOSE:
        return None
    # Far enough ahead to follow a chain of elections each within 90 days of the next.
    return hold_among(elections_between(on, on + timedelta(days=4 * 366), state), on)
